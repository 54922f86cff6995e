//! A plan computed: the budget year and the plan years of the base plan
//! and of each scenario, as the plan's outputs show them
//! (`crate::planning::plan` makes it; `write/plan.rs` renders it).

use rust_decimal::Decimal;

use super::model::Tariff;
use super::outcome::Outcome;
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

/// A plan computed: every scenario, every year.
#[derive(Debug, Clone)]
pub struct PlanResult {
    pub title: String,
    /// The base tariff, as the plan file names it.
    pub tariff: String,
    /// The years, the budget year first.
    pub years: Vec<i32>,
    pub scenarios: Vec<ScenarioRun>,
}
