//! `compare` output: A, B, the change and where it comes from.

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use serde_json::json;

use crate::audit::Recipe;

use super::table::{truncate, Align, Table};
use super::xlsx::{self, Num, Sheet, Source};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::compare::{label, Row};
use crate::{money, sv};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "code",
    "party",
    "note",
    "activity",
    "a",
    "b",
    "delta",
    "delta_pct",
    "population_effect",
    "rate_effect",
    "participation_effect",
    "other_effect",
];

/// What the two sides are, for headings.
pub struct Sides {
    pub a: String,
    pub b: String,
    /// A note to show with the result (A without rates).
    pub note: Option<String>,
    /// B's year (else A's), when known: fixes a workbook's creation date.
    pub year: Option<i32>,
}

/// The same columns in Swedish, for the `excel-sv` CSV.
pub const SV_COLUMNS: [&str; 12] = [
    "Kod",
    "Part",
    "Not",
    "Verksamhet",
    "A",
    "B",
    "Förändring",
    "Förändring, %",
    "Befolkning",
    "Taxa",
    "Deltagande",
    "Övrigt",
];

pub fn csv(rows: &[Row], dialect: CsvDialect) -> String {
    let header = dialect
        .header(&CSV_COLUMNS, &SV_COLUMNS)
        .iter()
        .map(|c| Field::from(*c))
        .collect();
    let body = rows.iter().map(|r| {
        let amount = |d: Decimal| Field::number(money::plain2(d));
        vec![
            r.code.map(|c| c.to_string()).unwrap_or_default().into(),
            label(r).into(),
            r.note.map(|n| n.to_string()).unwrap_or_default().into(),
            r.activity.clone().into(),
            amount(r.a),
            amount(r.b),
            amount(r.delta()),
            Field::number(r.delta_pct().map(money::plain2).unwrap_or_default()),
            amount(r.population_effect),
            amount(r.rate_effect),
            amount(r.participation_effect),
            amount(r.other_effect),
        ]
    });
    csv_text(dialect, std::iter::once(header).chain(body))
}

/// The workbook: `Jämförelse` (the CSV's columns; the change and its per
/// cent as formulas, a Summa row of SUMs), then `Underlag` with both sides'
/// inputs.
pub fn xlsx(rows: &[Row], sides: &Sides, sources: &[Source]) -> Result<Vec<u8>, XlsxError> {
    let mut s = Sheet::new("Jämförelse")?;
    s.header(
        0,
        &[
            "Kod",
            "Part",
            "Not",
            "Verksamhet",
            &sides.a,
            &sides.b,
            "Förändring",
            "Förändring, %",
            "Befolkning",
            "Taxa",
            "Deltagande",
            "Övrigt",
        ],
    )?;
    let (a, b) = (4, 5);
    let effects = |r: &Row| {
        [
            (8, r.population_effect),
            (9, r.rate_effect),
            (10, r.participation_effect),
            (11, r.other_effect),
        ]
    };
    // The change and its per cent of A (a fraction rounded like ours: to
    // two decimals of a per cent), from the row's own cells.
    let change = |s: &mut Sheet, row: u32, r: &Row, bold: bool| -> Result<(), XlsxError> {
        let (ca, cb) = (xlsx::cell(row, a), xlsx::cell(row, b));
        s.formula(row, 6, &format!("{cb}-{ca}"), Some(r.delta()), Num::Kr, bold)?;
        let pct = format!("IF({ca}=0,\"\",ROUND(({cb}-{ca})/{ca},4))");
        let value = r.delta_pct().map(|p| p / Decimal::ONE_HUNDRED);
        s.formula(row, 7, &pct, value, Num::Pct, bold)
    };
    let mut total = Row::zero(
        None,
        String::new(),
        crate::engine::Kind::Total,
        None,
        String::new(),
    );
    let mut row = 0;
    for r in rows {
        row += 1;
        if let Some(c) = r.code {
            s.text(row, 0, &c.to_string(), false)?;
        }
        s.text(row, 1, &label(r), false)?;
        if let Some(n) = r.note {
            s.number(row, 2, Decimal::from(n), Num::Int, false)?;
        }
        s.text(row, 3, &r.activity, false)?;
        s.number(row, a, r.a, Num::Kr, false)?;
        s.number(row, b, r.b, Num::Kr, false)?;
        change(&mut s, row, r, false)?;
        for (col, value) in effects(r) {
            s.number(row, col, value, Num::Kr, false)?;
        }
        total.add(r);
    }
    let summa = row + 1;
    s.text(summa, 1, "Summa", true)?;
    for (col, value) in [(a, total.a), (b, total.b)].into_iter().chain(effects(&total)) {
        s.formula(summa, col, &xlsx::sum(col, 1, row), Some(value), Num::Kr, true)?;
    }
    change(&mut s, summa, &total, true)?;
    s.filter(0, row, 11)?;
    let remarks: Vec<String> = sides.note.iter().cloned().collect();
    let sheets = vec![s.finish()?, xlsx::underlag(sources, &remarks)?];
    let year = sides.year.unwrap_or(2000);
    xlsx::workbook(
        &format!("Jämförelse {} → {}", sides.a, sides.b),
        year,
        sheets,
        sources,
    )
}

/// The comparison as JSON, with the recipe that made it.
pub fn json(rows: &[Row], sides: &Sides, recipe: &Recipe) -> String {
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "code": r.code.map(|c| c.to_string()),
                "party": label(r),
                "kind": r.kind.as_str(),
                "note": r.note,
                "activity": r.activity,
                "a": json::amount(r.a),
                "b": json::amount(r.b),
                "delta": json::amount(r.delta()),
                "delta_pct": r.delta_pct().map(json::amount),
                "population_effect": json::amount(r.population_effect),
                "rate_effect": json::amount(r.rate_effect),
                "participation_effect": json::amount(r.participation_effect),
                "other_effect": json::amount(r.other_effect),
            })
        })
        .collect();
    json::text(&json!({
        "provenance": recipe.to_json(),
        "a": sides.a,
        "b": sides.b,
        "note": sides.note,
        "rows": rows,
    }))
}

/// A change with its sign: `+1 234`, `-56`, `0`.
fn signed(d: Decimal) -> String {
    let s = sv::kr_int(d);
    if d > Decimal::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

fn signed_pct(p: Option<Decimal>) -> String {
    match p {
        Some(p) if p > Decimal::ZERO => format!("+{} %", sv::num_dp(p, 1)),
        Some(p) => format!("{} %", sv::num_dp(p, 1)),
        None => String::new(),
    }
}

pub fn table(rows: &[Row], sides: &Sides) -> String {
    let mut out = format!("Jämförelse {} → {}\n", sides.a, sides.b);
    if let Some(note) = &sides.note {
        out.push_str(note);
        out.push('\n');
    }
    let mut t = Table::new(&[
        ("Part", Align::Left),
        ("Verksamhet", Align::Left),
        (sides.a.as_str(), Align::Right),
        (sides.b.as_str(), Align::Right),
        ("Förändring", Align::Right),
        ("%", Align::Right),
        ("Befolkning", Align::Right),
        ("Taxa", Align::Right),
        ("Deltagande", Align::Right),
        ("Övrigt", Align::Right),
    ]);
    let mut total = Row::zero(
        None,
        String::new(),
        crate::engine::Kind::Total,
        None,
        String::new(),
    );
    for r in rows {
        t.row(cells(&truncate(&label(r), 32), &truncate(&r.activity, 40), r));
        total.add(r);
    }
    t.footer(cells("Summa", "", &total));
    out.push_str(&t.render());
    out
}

fn cells(party: &str, activity: &str, r: &Row) -> Vec<String> {
    vec![
        party.to_string(),
        activity.to_string(),
        sv::kr_int(r.a),
        sv::kr_int(r.b),
        signed(r.delta()),
        signed_pct(r.delta_pct()),
        signed(r.population_effect),
        signed(r.rate_effect),
        signed(r.participation_effect),
        signed(r.other_effect),
    ]
}
