//! `solve` output: the value found, the total it reaches, and the
//! activity's lines with it.

use serde_json::json;

use super::line_table;
use super::table::{Align, Table};
use super::{json, whatif, Cell, CsvDialect, CsvOut};
use crate::audit::Recipe;
use crate::engine::solve::Solution;
use crate::engine::Line;
use crate::{money, sv};

fn lines(s: &Solution) -> impl Iterator<Item = &Line> {
    s.outcome
        .lines
        .iter()
        .filter(|l| l.kind.invoiced() && *l.activity == *s.activity)
}

fn activity_name(s: &Solution) -> String {
    line_table::activity_name(&s.tariff, &s.activity)
}

/// `described`: the overrides as people read them (the what-if line).
pub fn table(s: &Solution, described: &[String]) -> Vec<u8> {
    let mut out = format!(
        "{} {}: {} = {}",
        activity_name(s),
        s.tariff.year,
        s.key,
        sv::money(s.value)
    );
    if let Some(was) = s.was {
        out.push_str(&format!(" (i taxan {})", sv::money(was)));
    }
    out.push('\n');
    out.push_str(&format!(
        "Täcker {}: fakturerat {}, överskott {}",
        sv::kr(s.target),
        sv::kr(s.total),
        sv::kr(s.surplus())
    ));
    if let Some(below) = s.total_below {
        out.push_str(&format!("; ett steg lägre ger {}", sv::kr(below)));
    }
    out.push('\n');
    if let Some(h) = whatif::heading(described) {
        out.push_str(&h);
        out.push('\n');
    }
    let mut t = Table::new(&[
        ("Part", Align::Left),
        ("Avgift", Align::Left),
        ("Underlag", Align::Left),
        ("Belopp, kr", Align::Right),
    ]);
    for l in lines(s) {
        let party = line_table::party_label(l.kind, &l.party);
        let charge = line_table::charge_name(&s.tariff, &l.charge);
        t.row(vec![party, charge, l.basis.clone(), sv::kr_int(l.amount)]);
    }
    t.footer(line_table::summa_row(2, [sv::kr_int(s.total)]));
    out.push('\n');
    out.push_str(&t.render());
    out.into_bytes()
}

/// One row per line, the answer repeated on each.
pub const CSV_COLUMNS: [&str; 12] = [
    "key", "value", "activity", "target", "total", "surplus", "kind", "code", "party", "charge", "basis",
    "amount",
];

pub fn csv(s: &Solution, dialect: CsvDialect) -> Vec<u8> {
    let mut out = CsvOut::new(dialect);
    out.record(CSV_COLUMNS.iter().map(|c| Cell::Text(c)));
    let value = s.value.to_string();
    let target = money::plain2(s.target);
    let total = money::plain2(s.total);
    let surplus = money::plain2(s.surplus());
    for l in lines(s) {
        let code = l.code.map(|c| c.to_string()).unwrap_or_default();
        let amount = money::plain2(l.amount);
        out.record([
            Cell::Text(&s.key),
            Cell::Number(&value),
            Cell::Text(&s.activity),
            Cell::Number(&target),
            Cell::Number(&total),
            Cell::Number(&surplus),
            Cell::Text(l.kind.as_str()),
            Cell::Text(&code),
            Cell::Text(&l.party),
            Cell::Text(&l.charge),
            Cell::Text(&l.basis),
            Cell::Number(&amount),
        ]);
    }
    out.finish().into_bytes()
}

pub fn json(s: &Solution, overrides: &[String], recipe: &Recipe) -> Vec<u8> {
    let lines: Vec<_> = lines(s)
        .map(|l| {
            json!({
                "kind": l.kind.as_str(),
                "code": l.code.map(|c| c.to_string()),
                "payer": l.payer,
                "party": &*l.party,
                "charge": &*l.charge,
                "basis": l.basis,
                "amount": json::amount(l.amount),
            })
        })
        .collect();
    let v = json!({
        "year": s.tariff.year,
        "key": s.key,
        "value": json::whole(s.value),
        "was": s.was.map(json::whole),
        "activity": s.activity,
        "target": json::amount(s.target),
        "total": json::amount(s.total),
        "surplus": json::amount(s.surplus()),
        "total_one_step_lower": s.total_below.map(json::amount),
        "lines": lines,
        "overrides": overrides,
        "provenance": recipe.to_json(),
    });
    json::text(&v).into_bytes()
}
