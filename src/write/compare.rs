//! `compare` output: A, B, the change and where it comes from.

use rust_decimal::Decimal;
use serde_json::json;

use super::table::{truncate, Align, Table};
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
}

pub fn csv(rows: &[Row], dialect: CsvDialect) -> String {
    let header = CSV_COLUMNS.iter().map(|c| Field::from(*c)).collect();
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

pub fn json(rows: &[Row], sides: &Sides) -> String {
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
    json::text(&json!({"a": sides.a, "b": sides.b, "note": sides.note, "rows": rows}))
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
    let mut total = empty();
    for r in rows {
        t.row(cells(&truncate(&label(r), 32), &truncate(&r.activity, 40), r));
        total.a += r.a;
        total.b += r.b;
        total.population_effect += r.population_effect;
        total.rate_effect += r.rate_effect;
        total.participation_effect += r.participation_effect;
        total.other_effect += r.other_effect;
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

/// A row of zeros, to sum into.
fn empty() -> Row {
    Row {
        note: None,
        activity: String::new(),
        kind: crate::engine::Kind::Total,
        code: None,
        party: String::new(),
        a: Decimal::ZERO,
        b: Decimal::ZERO,
        population_effect: Decimal::ZERO,
        rate_effect: Decimal::ZERO,
        participation_effect: Decimal::ZERO,
        other_effect: Decimal::ZERO,
    }
}
