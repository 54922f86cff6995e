//! A plan computed: the budget year and the plan years of the base plan
//! and of each scenario, as the plan's outputs show them
//! (`crate::planning::plan` makes it; `write/plan.rs` renders it).

use std::sync::Arc;

use rust_decimal::Decimal;

use super::actuals::{Actuals, Figures};
use super::model::Tariff;
use super::outcome::{Kind, Line, Outcome};
use super::population::Population;

/// A value solved for in a year.
#[derive(Debug, Clone)]
pub struct Solved {
    pub key: String,
    pub value: Decimal,
    /// The activity's name.
    pub activity: String,
    pub target: Decimal,
    pub total: Decimal,
}

/// One year of a scenario, computed.
#[derive(Debug, Clone)]
pub struct YearResult {
    pub year: i32,
    /// The year's tariff (the scenario's overrides and solved values in it).
    pub tariff: Tariff,
    /// The year's population figures.
    pub population: Population,
    pub outcome: Outcome,
    /// What the scenario changed this year (`--set` texts).
    pub set: Vec<String>,
    pub solved: Vec<Solved>,
}

/// A scenario (the base plan first), each year computed.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    /// `base` for the plan itself.
    pub id: String,
    pub name: String,
    /// The scenario's overrides and the year they apply from.
    pub from: Option<i32>,
    pub set: Vec<String>,
    pub years: Vec<YearResult>,
}

impl ScenarioRun {
    /// Whether this is a what-if (a scenario, not the base plan).
    pub fn is_scenario(&self) -> bool {
        self.id != "base"
    }
}

/// A year before the budget year, shown beside the plan: last year's
/// actuals (the base tariff's), and this year's fees (the base tariff
/// computed) when the budget year is the year after.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub year: i32,
    /// Booked amounts (utfall) or a budget (a tariff's fees).
    pub figures: Figures,
    /// The base tariff: the activities' and payers' names.
    pub tariff: Tariff,
    /// Its lines: a tariff's computed lines, or an actuals file's rows as
    /// lines (activities and payers by id where the tariff has them).
    pub outcome: Outcome,
    /// Whether the lines are the base tariff computed (with its rates and
    /// charges), not an actuals file's rows.
    pub computed: bool,
    /// The year's population, for a tariff computed.
    pub population: Option<Population>,
}

/// A plan computed: every scenario, every year.
#[derive(Debug, Clone)]
pub struct PlanResult {
    pub title: String,
    /// The base tariff, as the plan file names it.
    pub tariff: String,
    /// The years, the budget year first.
    pub years: Vec<i32>,
    /// The years before the budget year, earliest first; the same in every
    /// scenario.
    pub earlier: Vec<Earlier>,
    pub scenarios: Vec<ScenarioRun>,
}

/// An actuals file's rows as lines of `tariff`'s year before: each
/// activity by the id of the tariff's activity of that name (else by its
/// name), each payer by the id of the tariff's payer of that name, each
/// municipality by this year's name in `population` (rows are matched by
/// code); stated totals left out.
pub fn actuals_outcome(tariff: &Tariff, actuals: &Actuals, population: &Population) -> Outcome {
    let activity = |name: &str| -> Arc<str> {
        let id = tariff
            .activities
            .iter()
            .find(|(_, a)| a.name == name)
            .map(|(id, _)| id.as_str());
        Arc::from(id.unwrap_or(name))
    };
    let payer = |name: &str| {
        tariff
            .payers
            .iter()
            .find(|(_, p)| p.name == name)
            .map_or(name, |(id, _)| id.as_str())
            .to_string()
    };
    let lines = actuals
        .rows
        .iter()
        .filter(|r| r.kind != Kind::Total)
        .map(|r| Line {
            activity: activity(&r.activity),
            kind: r.kind,
            code: r.code,
            payer: (r.kind == Kind::External).then(|| payer(&r.party)),
            party: match r.code.and_then(|c| population.get(c)) {
                Some(row) if r.kind == Kind::Municipality && !row.name.is_empty() => {
                    Arc::from(row.name.as_str())
                }
                _ => Arc::from(r.party.as_str()),
            },
            charge: Arc::from(""),
            basis: String::new(),
            amount: r.amount,
            exact: r.amount,
            per_inhabitant: None,
        })
        .collect();
    Outcome {
        year: actuals.year.unwrap_or(tariff.year - 1),
        lines,
    }
}
