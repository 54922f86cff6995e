//! `plan` output: per scenario, what each party (or activity) pays each
//! year, last year's actuals and this year's fees beside the plan years,
//! with the change from the year before and from the base plan, and the
//! three totals under them; every line in long CSV; JSON; a workbook
//! (`book.rs`); an HTML page with charts (`page.rs`).

mod book;
mod grid;
mod page;

use rust_decimal::Decimal;
use serde_json::json;

pub use book::xlsx;
pub use grid::{columns, earlier_head, grid, marks, rows, Col, Grid, RowInfo, RowKey, ScenarioTable};
pub use page::html;

use super::line_table;
use super::table::{Align, Table};
use super::By;
use super::{json, Cell, CsvDialect, CsvOut};
use crate::audit::Recipe;
use crate::engine::plan::{PlanResult, ScenarioRun, YearResult};
use crate::engine::totals::Totals;
use crate::money;

/// A table per scenario, rows by party (or activity), a column per year
/// with the change from the year before and, for scenarios, from the base
/// plan; the three totals under the rows.
pub fn table(run: &PlanResult, by: By) -> String {
    let mut out = format!("{}\n", run.title);
    let base = grid(run, &run.scenarios[0], by);
    for s in &run.scenarios {
        let g = grid(run, s, by);
        out.push('\n');
        if s.is_scenario() {
            out.push_str(&format!("Scenario: {}\n", s.name));
        } else {
            out.push_str(&format!("{}\n", s.name));
        }
        for m in marks(s) {
            out.push_str(&m);
            out.push('\n');
        }
        let first = match by {
            By::Municipality => "Part",
            By::Activity => "Verksamhet",
        };
        let figures = ScenarioTable::new(run, s, &g, &base, true);
        let mut columns: Vec<(&str, Align)> = vec![(first, Align::Left)];
        columns.extend(figures.heads.iter().map(|h| (h.as_str(), Align::Right)));
        let mut t = Table::new(&columns);
        for (label, cells) in figures.rows {
            let mut row = vec![label];
            row.extend(cells);
            t.row(row);
        }
        for (label, cells) in figures.totals {
            let mut row = vec![label];
            row.extend(cells);
            t.footer(row);
        }
        out.push_str(&t.render());
    }
    out
}

/// The CSV columns, in order: `calc`'s, after the scenario.
pub const CSV_COLUMNS: [&str; 10] = [
    "scenario", "year", "note", "activity", "kind", "code", "party", "charge", "basis", "amount",
];

/// Every line of every year of every scenario.
pub fn csv(run: &PlanResult, dialect: CsvDialect) -> String {
    let mut out = CsvOut::new(dialect);
    out.record(CSV_COLUMNS.iter().map(|c| Cell::Text(c)));
    for s in &run.scenarios {
        for y in &s.years {
            let t = &y.tariff;
            let year = y.year.to_string();
            for l in &y.outcome.lines {
                let note = t
                    .activities
                    .get(&*l.activity)
                    .and_then(|a| a.note)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                let activity = line_table::activity_name(t, &l.activity);
                let code = l.code.map(|c| c.to_string()).unwrap_or_default();
                let amount = money::plain2(l.amount);
                out.record([
                    Cell::Text(&s.id),
                    Cell::Text(&year),
                    Cell::Text(&note),
                    Cell::Text(&activity),
                    Cell::Text(l.kind.as_str()),
                    Cell::Text(&code),
                    Cell::Text(&l.party),
                    Cell::Text(&l.charge),
                    Cell::Text(&l.basis),
                    Cell::Number(&amount),
                ]);
            }
        }
    }
    out.finish()
}

/// A year's parties (each with its change from the column before and from
/// the base plan's same column) and activities as JSON.
fn parties_json(
    run: &PlanResult,
    s: &ScenarioRun,
    col: usize,
    base_party: &Grid,
) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let cols = columns(run, s);
    let c = &cols[col];
    let previous = col
        .checked_sub(1)
        .map(|p| rows(cols[p].tariff, cols[p].outcome, By::Municipality));
    let parties = rows(c.tariff, c.outcome, By::Municipality)
        .into_iter()
        .map(|(k, (info, amount))| {
            let before = previous
                .as_ref()
                .map(|p| p.get(&k).map_or(Decimal::ZERO, |v| v.1));
            let base = base_party.get(&k).map_or(Decimal::ZERO, |v| v.1[col]);
            json!({
                "kind": info.kind,
                "id": k.id,
                "party": info.label,
                "amount": json::amount(amount),
                "change_from_previous_year": before.map(|b| json::amount(amount - b)),
                "change_from_base": json::amount(amount - base),
            })
        })
        .collect();
    let activities = rows(c.tariff, c.outcome, By::Activity)
        .into_iter()
        .map(|(k, (info, amount))| json!({"activity_id": k.id, "activity": info.label, "amount": json::amount(amount)}))
        .collect();
    (parties, activities)
}

pub fn json(run: &PlanResult, recipe: &Recipe) -> String {
    let base_party = grid(run, &run.scenarios[0], By::Municipality);
    let skip = run.earlier.len();
    let earlier: Vec<_> = run
        .earlier
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (parties, activities) = parties_json(run, &run.scenarios[0], i, &base_party);
            json!({
                "year": e.year,
                "figures": match e.figures {
                    crate::engine::Figures::Actual => "actual",
                    crate::engine::Figures::Budget => "budget",
                },
                "totals": json::totals(&Totals::of(&e.outcome)),
                "parties": parties,
                "activities": activities,
            })
        })
        .collect();
    let scenarios: Vec<_> = run
        .scenarios
        .iter()
        .map(|s| {
            let years: Vec<_> = s
                .years
                .iter()
                .enumerate()
                .map(|(i, y)| year_json(run, s, i, skip, y, &base_party))
                .collect();
            json!({
                "id": s.id,
                "name": s.name,
                "what_if": s.is_scenario(),
                "from": s.from,
                "set": s.set,
                "years": years,
            })
        })
        .collect();
    let v = json!({
        "title": run.title,
        "tariff": run.tariff,
        "years": run.years,
        "earlier": earlier,
        "scenarios": scenarios,
        "provenance": recipe.to_json(),
    });
    json::text(&v)
}

/// One plan year of a scenario as JSON (`skip`: the columns before the plan).
fn year_json(
    run: &PlanResult,
    s: &ScenarioRun,
    i: usize,
    skip: usize,
    y: &YearResult,
    base_party: &Grid,
) -> serde_json::Value {
    let t = &y.tariff;
    let (parties, activities) = parties_json(run, s, skip + i, base_party);
    let lines: Vec<_> = y
        .outcome
        .lines
        .iter()
        .map(|l| {
            json!({
                "activity_id": &*l.activity,
                "activity": line_table::activity_name(t, &l.activity),
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
    let solved: Vec<_> = y
        .solved
        .iter()
        .map(|v| {
            json!({
                "key": v.key,
                "value": json::whole(v.value),
                "activity": v.activity,
                "target": json::amount(v.target),
                "total": json::amount(v.total),
                "surplus": json::amount(v.total - v.target),
            })
        })
        .collect();
    json!({
        "year": y.year,
        "set": y.set,
        "solved": solved,
        "indices": t.indices.iter().map(|(k, v)| (k.clone(), json::whole(*v))).collect::<serde_json::Map<_, _>>(),
        "population": y.population.total(),
        "total": json::amount(y.outcome.invoiced_total()),
        "totals": json::totals(&Totals::of(&y.outcome)),
        "parties": parties,
        "activities": activities,
        "lines": lines,
    })
}
