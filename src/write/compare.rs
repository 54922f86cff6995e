//! `compare` output: A, B, the change and where it comes from.

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use serde_json::json;

use crate::audit::Recipe;

use super::table::{truncate, Align, Table};
use super::xlsx::{self, Num, Sheet, Source};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::compare::{label, ComparisonRow};
use crate::engine::Kind;
use crate::{money, sv};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 16] = [
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
    "index_effect",
    "previous_effect",
    "adjustment_effect",
    "apportionment_effect",
    "other_effect",
];

/// The effects' headings in tables and workbooks, in the columns' order.
pub const EFFECT_TITLES: [&str; 8] = [
    "Befolkning",
    "Taxa",
    "Deltagande",
    "Index",
    "Föreg. år",
    "Justering",
    "Fördelning",
    "Övrigt",
];

/// What the two sides are, for headings.
pub struct Sides {
    pub a: String,
    pub b: String,
    /// A note to show with the result (A without rates).
    pub note: Option<String>,
    /// B's year (else A's), when known: fixes a workbook's creation date.
    pub year: Option<i32>,
    /// `A: FILE` and `B: FILE – Med ändringar: …`.
    pub files: Vec<String>,
    /// B's `--set` overrides.
    pub overrides: Vec<String>,
    /// The rows' three totals (`Avgifter`, `Justeringar`, `Netto`):
    /// [`crate::engine::compare::totals`] of every row, adjustments
    /// included also where the rows are per party or activity.
    pub totals: [ComparisonRow; 3],
}

/// The same columns in Swedish, for the `excel-sv` CSV.
pub const SV_COLUMNS: [&str; 16] = [
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
    "Index",
    "Föreg. år",
    "Justering",
    "Fördelning",
    "Övrigt",
];

pub fn csv(rows: &[ComparisonRow], dialect: CsvDialect) -> String {
    let header = dialect
        .header(&CSV_COLUMNS, &SV_COLUMNS)
        .iter()
        .map(|c| Field::from(*c))
        .collect();
    let body = rows.iter().map(|r| {
        let amount = |d: Decimal| Field::number(money::plain2(d));
        let mut fields = vec![
            r.code.map(|c| c.to_string()).unwrap_or_default().into(),
            label(r).into(),
            r.note.map(|n| n.to_string()).unwrap_or_default().into(),
            r.activity.clone().into(),
            amount(r.a),
            amount(r.b),
            amount(r.delta()),
            Field::number(r.delta_pct().map(money::plain2).unwrap_or_default()),
        ];
        fields.extend(r.effects().into_iter().map(amount));
        fields
    });
    csv_text(dialect, std::iter::once(header).chain(body))
}

/// The workbook: `Jämförelse` (the CSV's columns; the change and its per
/// cent as formulas, a Summa row of SUMs), then `Underlag` with both sides'
/// inputs.
pub fn xlsx(
    rows: &[ComparisonRow],
    sides: &Sides,
    sources: &[Source],
    recipe: &Recipe,
) -> Result<Vec<u8>, XlsxError> {
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
            EFFECT_TITLES[0],
            EFFECT_TITLES[1],
            EFFECT_TITLES[2],
            EFFECT_TITLES[3],
            EFFECT_TITLES[4],
            EFFECT_TITLES[5],
            EFFECT_TITLES[6],
            EFFECT_TITLES[7],
        ],
    )?;
    let (a, b) = (4, 5);
    let effects = |r: &ComparisonRow| (8..).zip(r.effects());
    // The change and its per cent of A (a fraction rounded like ours: to
    // two decimals of a per cent), from the row's own cells.
    let change = |s: &mut Sheet, row: u32, r: &ComparisonRow, bold: bool| -> Result<(), XlsxError> {
        let (ca, cb) = (xlsx::cell(row, a), xlsx::cell(row, b));
        s.formula(row, 6, &format!("{cb}-{ca}"), Some(r.delta()), Num::Kr, bold)?;
        let pct = format!("IF({ca}=0,\"\",ROUND(({cb}-{ca})/{ca},4))");
        let value = r.delta_pct().map(|p| p / Decimal::ONE_HUNDRED);
        s.formula(row, 7, &pct, value, Num::Pct, bold)
    };
    // The rows of the charges and of the adjustments, for the totals.
    let (mut charge_rows, mut adjustment_rows) = (Vec::new(), Vec::new());
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
        match r.kind {
            Kind::Adjustment => adjustment_rows.push(row),
            _ => charge_rows.push(row),
        }
    }
    let last = row;
    // Avgifter and Justeringar sum their rows (the adjustments' own rows,
    // or, in totals per party or activity, the amounts of every row's
    // adjustments); Netto is both.
    let [charges, adjustments, net] = &sides.totals;
    let first_total = last + 1;
    for (k, total) in [charges, adjustments, net].into_iter().enumerate() {
        let at = first_total + k as u32;
        s.text(at, 1, &total.party, true)?;
        for (col, value) in [(a, total.a), (b, total.b)].into_iter().chain(effects(total)) {
            let f = match k {
                0 => xlsx::sum_rows(col, &charge_rows),
                1 if adjustment_rows.is_empty() => xlsx::decimal(value),
                1 => xlsx::sum_rows(col, &adjustment_rows),
                _ => format!(
                    "{}+{}",
                    xlsx::cell(first_total, col),
                    xlsx::cell(first_total + 1, col)
                ),
            };
            s.formula(at, col, &f, Some(value), Num::Kr, true)?;
        }
        change(&mut s, at, total, true)?;
    }
    s.filter(0, last, 15)?;
    let remarks: Vec<String> = sides.note.iter().cloned().collect();
    let sheets = vec![s.finish()?, xlsx::underlag(sources, &remarks)?];
    let year = sides.year.unwrap_or(2000);
    xlsx::workbook(
        &format!("Jämförelse {} → {}", sides.a, sides.b),
        year,
        sheets,
        sources,
        recipe,
    )
}

/// The comparison as JSON, with the recipe that made it.
pub fn json(rows: &[ComparisonRow], sides: &Sides, recipe: &Recipe) -> String {
    let rows: Vec<_> = rows
        .iter()
        .map(|r| {
            let mut v = row_json(r);
            if let Some(map) = v.as_object_mut() {
                map.insert("code".into(), json!(r.code.map(|c| c.to_string())));
                map.insert("party".into(), json!(label(r)));
                map.insert("kind".into(), json!(r.kind.as_str()));
                map.insert("note".into(), json!(r.note));
                map.insert("activity".into(), json!(r.activity));
            }
            v
        })
        .collect();
    let row_json = row_json;
    json::text(&json!({
        "provenance": recipe.to_json(),
        "a": sides.a,
        "b": sides.b,
        "files": sides.files,
        "overrides": sides.overrides,
        "note": sides.note,
        "rows": rows,
        "totals": {
            "charges": row_json(&sides.totals[0]),
            "adjustments": row_json(&sides.totals[1]),
            "net": row_json(&sides.totals[2]),
        },
    }))
}

/// A row's amounts, change and effects as JSON.
fn row_json(r: &ComparisonRow) -> serde_json::Value {
    json!({
        "a": json::amount(r.a),
        "b": json::amount(r.b),
        "delta": json::amount(r.delta()),
        "delta_pct": r.delta_pct().map(json::amount),
        "population_effect": json::amount(r.population_effect),
        "rate_effect": json::amount(r.rate_effect),
        "participation_effect": json::amount(r.participation_effect),
        "index_effect": json::amount(r.index_effect),
        "previous_effect": json::amount(r.previous_effect),
        "adjustment_effect": json::amount(r.adjustment_effect),
        "apportionment_effect": json::amount(r.apportionment_effect),
        "other_effect": json::amount(r.other_effect),
    })
}

/// A change with its sign: `+1 234`, `-56`, `0`.
fn signed(d: Decimal) -> String {
    sv::signed_kr(d)
}

/// A change in per cent: `+1,3 %`; nothing where A is 0.
fn signed_pct(p: Option<Decimal>) -> String {
    p.map(sv::signed_pct).unwrap_or_default()
}

pub fn table(rows: &[ComparisonRow], sides: &Sides) -> String {
    let mut out = format!("Jämförelse {} → {}\n", sides.a, sides.b);
    for f in &sides.files {
        out.push_str(f);
        out.push('\n');
    }
    if let Some(note) = &sides.note {
        out.push_str(note);
        out.push('\n');
    }
    // Totals per municipality have no activity, per activity no party:
    // such a column is left out, and names are not cut.
    let parties = rows.iter().any(|r| !r.party.is_empty());
    let activities = rows.iter().any(|r| !r.activity.is_empty());
    let detail = parties && activities;
    let mut columns: Vec<(&str, Align)> = Vec::new();
    if parties {
        columns.push(("Part", Align::Left));
    }
    if activities {
        columns.push(("Verksamhet", Align::Left));
    }
    columns.extend([
        (sides.a.as_str(), Align::Right),
        (sides.b.as_str(), Align::Right),
        ("Förändring", Align::Right),
        ("%", Align::Right),
    ]);
    columns.extend(EFFECT_TITLES.iter().map(|t| (*t, Align::Right)));
    let mut t = Table::new(&columns);
    let names = |party: String, activity: String| {
        let mut v = Vec::new();
        if parties {
            v.push(if detail { truncate(&party, 32) } else { party });
        }
        if activities {
            v.push(if detail { truncate(&activity, 40) } else { activity });
        }
        v
    };
    for r in rows {
        let mut row = names(label(r), r.activity.clone());
        row.extend(cells(r));
        t.row(row);
    }
    for total in &sides.totals {
        let mut footer = names(total.party.clone(), String::new());
        if !parties {
            footer[0] = total.party.clone();
        }
        footer.extend(cells(total));
        t.footer(footer);
    }
    out.push_str(&t.render());
    out
}

fn cells(r: &ComparisonRow) -> Vec<String> {
    let mut v = vec![
        sv::kr_int(r.a),
        sv::kr_int(r.b),
        signed(r.delta()),
        signed_pct(r.delta_pct()),
    ];
    v.extend(r.effects().into_iter().map(signed));
    v
}
