//! `plan` output: per scenario, what each party (or activity) pays each
//! year, last year's actuals and this year's fees beside the plan years,
//! with the change from the year before and from the base plan, and the
//! three totals under them; every line in long CSV; JSON; a workbook
//! (`book.rs`); an HTML page with charts (`page.rs`).

mod book;
mod page;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::json;

pub use book::xlsx;
pub use page::html;

use super::line_table;
use super::table::{Align, Table};
use super::By;
use super::{json, whatif, Cell, CsvDialect, CsvOut};
use crate::audit::Recipe;
use crate::engine::plan::{Earlier, PlanResult, ScenarioRun, YearResult};
use crate::engine::totals::{Totals, LABELS};
use crate::engine::{Kind, Outcome, Tariff};
use crate::{money, sv};

/// A row: a party or an activity, in presentation order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowKey {
    /// Activities by note; municipalities before external payers, by name.
    order: (u32, Vec<u32>, String),
    /// The code, payer id or activity id.
    pub id: String,
}

/// A row's label and what it is.
#[derive(Debug, Clone)]
pub struct RowInfo {
    pub label: String,
    pub kind: &'static str,
}

/// Invoiced amounts of a year's lines per row (`t` names the activities).
pub fn rows(t: &Tariff, o: &Outcome, by: By) -> BTreeMap<RowKey, (RowInfo, Decimal)> {
    let mut out: BTreeMap<RowKey, (RowInfo, Decimal)> = BTreeMap::new();
    for l in o.lines.iter().filter(|l| l.kind.invoiced()) {
        let (key, info) = match by {
            By::Municipality => {
                let (rank, id, kind) = match l.kind {
                    Kind::Municipality => (
                        0,
                        l.code.map(|c| c.to_string()).unwrap_or_default(),
                        "municipality",
                    ),
                    _ => (1, l.payer.clone().unwrap_or_default(), "external"),
                };
                let label = line_table::party_label(l.kind, &l.party);
                (
                    RowKey {
                        order: (rank, sv::collation_key(&l.party), id.clone()),
                        id,
                    },
                    RowInfo { label, kind },
                )
            }
            By::Activity => {
                let (note, name) = t.activity_order(&l.activity);
                (
                    RowKey {
                        order: (note, Vec::new(), name),
                        id: l.activity.to_string(),
                    },
                    RowInfo {
                        label: line_table::activity_name(t, &l.activity),
                        kind: "activity",
                    },
                )
            }
        };
        out.entry(key).or_insert((info, Decimal::ZERO)).1 += l.amount;
    }
    out
}

/// A column of a scenario's table: a year before the budget year (the
/// same in every scenario) or one of the plan's years.
pub struct Col<'a> {
    /// `2022 (utfall)`, `2023 (budget)`, `2024`.
    pub head: String,
    pub year: i32,
    pub tariff: &'a Tariff,
    pub outcome: &'a Outcome,
    /// The plan year's index in the scenario's years; `None` before them.
    pub plan: Option<usize>,
}

impl Col<'_> {
    pub fn totals(&self) -> Totals {
        Totals::of(self.outcome)
    }
}

/// A year before the plan as its column heads it: `2022 (utfall)`.
pub fn earlier_head(e: &Earlier) -> String {
    format!("{} ({})", e.year, e.figures.label_sv())
}

/// The columns of a scenario: the years before the plan, then its years.
pub fn columns<'a>(run: &'a PlanResult, s: &'a ScenarioRun) -> Vec<Col<'a>> {
    let earlier = run.earlier.iter().map(|e| Col {
        head: earlier_head(e),
        year: e.year,
        tariff: &e.tariff,
        outcome: &e.outcome,
        plan: None,
    });
    let years = s.years.iter().enumerate().map(|(i, y)| Col {
        head: y.year.to_string(),
        year: y.year,
        tariff: &y.tariff,
        outcome: &y.outcome,
        plan: Some(i),
    });
    earlier.chain(years).collect()
}

/// Every row of a scenario over its columns: label and amount per column.
pub type Grid = BTreeMap<RowKey, (RowInfo, Vec<Decimal>)>;

pub fn grid(run: &PlanResult, s: &ScenarioRun, by: By) -> Grid {
    let mut g: Grid = BTreeMap::new();
    let cols = columns(run, s);
    let n = cols.len();
    // The plan years' labels win over last year's spelling: plan years last.
    for (i, c) in cols.iter().enumerate() {
        for (k, (info, amount)) in rows(c.tariff, c.outcome, by) {
            let e = g
                .entry(k)
                .or_insert_with(|| (info.clone(), vec![Decimal::ZERO; n]));
            e.0 = info;
            e.1[i] = amount;
        }
    }
    g
}

/// A year's names, for what-ifs: its tariff and municipalities.
fn names(y: &YearResult) -> whatif::Names<'_> {
    whatif::Names {
        tariff: &y.tariff,
        population: &y.population,
    }
}

/// The what-if lines of a scenario: its overrides (as its `from` year's
/// tariff has them) and the values solved.
pub fn marks(s: &ScenarioRun) -> Vec<String> {
    let mut out = Vec::new();
    let from = s.from.and_then(|f| s.years.iter().find(|y| y.year == f));
    if let (Some(from), false) = (from, s.set.is_empty()) {
        let described = whatif::described(&names(from), &s.set);
        if let Some(h) = whatif::heading(&described) {
            out.push(format!("{h} (från {})", from.year));
        }
    }
    for y in &s.years {
        for v in &y.solved {
            out.push(format!(
                "Löst {}: {} så att {} täcker {} (fakturerat {})",
                y.year,
                whatif::describe_key(&names(y), &v.key),
                v.activity,
                sv::kr(v.target),
                sv::kr(v.total)
            ));
        }
    }
    out
}

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

/// A scenario's table as the text table and the HTML page both show it:
/// a column per year (the years before the plan first), with the change
/// from the year before and, for a scenario's plan years, from the base
/// plan; a row per party (or activity); the three totals.
pub struct ScenarioTable {
    /// The figure columns' heads (`2022 (utfall)`, `2025`, `± fg år`, `± bas`).
    pub heads: Vec<String>,
    /// Each row's label and figures, in row order.
    pub rows: Vec<(String, Vec<String>)>,
    /// `Avgifter`, `Justeringar` and `Netto`, with their figures.
    pub totals: Vec<(String, Vec<String>)>,
}

impl ScenarioTable {
    /// The table of scenario `s` (grid `g`) against the base plan's grid.
    /// `with_base_only`: also a row (of zeros) for a party only the base
    /// plan has, as the text table shows it.
    pub fn new(
        run: &PlanResult,
        s: &ScenarioRun,
        g: &Grid,
        base: &Grid,
        with_base_only: bool,
    ) -> ScenarioTable {
        let cols = columns(run, s);
        let base_cols = columns(run, &run.scenarios[0]);
        let n = cols.len();
        let mut heads = Vec::new();
        for (i, c) in cols.iter().enumerate() {
            heads.push(c.head.clone());
            if i > 0 {
                heads.push("± fg år".to_string());
            }
            if s.is_scenario() && c.plan.is_some() {
                heads.push("± bas".to_string());
            }
        }
        let cells = |amounts: &[Decimal], base: &[Decimal]| {
            let mut row = Vec::new();
            for (i, a) in amounts.iter().enumerate() {
                row.push(sv::kr_int(*a));
                if i > 0 {
                    row.push(signed(*a - amounts[i - 1]));
                }
                if s.is_scenario() && cols[i].plan.is_some() {
                    row.push(signed(*a - base.get(i).copied().unwrap_or_default()));
                }
            }
            row
        };
        let mut keys: Vec<&RowKey> = g.keys().collect();
        if with_base_only {
            keys.extend(base.keys());
            keys.sort();
            keys.dedup();
        }
        let mut rows = Vec::new();
        for k in keys {
            let zero = vec![Decimal::ZERO; n];
            let (label, amounts) = match (g.get(k), base.get(k)) {
                (Some((info, a)), _) => (info.label.clone(), a.clone()),
                (None, Some((info, _))) => (info.label.clone(), zero.clone()),
                (None, None) => continue,
            };
            let b = base.get(k).map_or(zero, |(_, a)| a.clone());
            rows.push((label, cells(&amounts, &b)));
        }
        let per_col: Vec<[Decimal; 3]> = cols.iter().map(|c| c.totals().rows()).collect();
        let base_per_col: Vec<[Decimal; 3]> = base_cols.iter().map(|c| c.totals().rows()).collect();
        let totals = LABELS
            .iter()
            .enumerate()
            .map(|(k, label)| {
                let amounts: Vec<Decimal> = per_col.iter().map(|t| t[k]).collect();
                let base: Vec<Decimal> = base_per_col.iter().map(|t| t[k]).collect();
                (label.to_string(), cells(&amounts, &base))
            })
            .collect();
        ScenarioTable { heads, rows, totals }
    }
}

/// `+8 095`, `-1 200`, `0`.
fn signed(d: Decimal) -> String {
    sv::signed_kr(d)
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

/// The three totals as JSON.
fn totals_json(t: &Totals) -> serde_json::Value {
    json!({
        "charges": json::amount(t.charges),
        "adjustments": json::amount(t.adjustments),
        "net": json::amount(t.net()),
    })
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
                "totals": totals_json(&Totals::of(&e.outcome)),
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
        "totals": totals_json(&Totals::of(&y.outcome)),
        "parties": parties,
        "activities": activities,
        "lines": lines,
    })
}
