//! What the plan's table, workbook and page share: a scenario's rows
//! (parties or activities) over its columns (the years before the plan,
//! then its years), the what-if lines, and the table with the changes and
//! the three totals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::engine::plan::{Earlier, PlanResult, ScenarioRun, YearResult};
use crate::engine::totals::{Totals, LABELS};
use crate::engine::{Kind, Outcome, Tariff};
use crate::sv;
use crate::write::{line_table, whatif, By};

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
