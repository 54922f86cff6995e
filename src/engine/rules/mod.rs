//! The rule kinds, one file each. A rule turns a charge's participants into
//! an amount per municipality with a basis text that explains it.
//!
//! | rule | file |
//! |---|---|
//! | rate per inhabitant (by group, tiers) ± fixed part | `per_inhabitant.rs` |
//! | fixed amount per participant | `fixed.rs` |
//! | total apportioned by weight | `apportion.rs` |
//! | agreed amount per municipality | `agreement.rs` |
//! | last year's amount × (1 + index) | `previous.rs` |
//! | floor and cap on one municipality's amount | `limit.rs` |
//! | external payers (fixed, or a share of the municipalities' total) | `external.rs` |
//! | split across activities by shares | `split.rs` |

pub mod agreement;
pub mod apportion;
pub mod external;
pub mod fixed;
pub mod limit;
pub mod per_inhabitant;
pub mod previous;
pub mod split;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::{Charge, Rule, Tariff};
use super::population::Population;
use crate::diag::{Diagnostic, Diagnostics};

/// What a rule sees: the tariff, the population, last year's actuals and the
/// charge being computed.
pub struct Ctx<'a> {
    pub tariff: &'a Tariff,
    pub population: &'a Population,
    pub previous: Option<&'a Actuals>,
    pub charge_id: &'a str,
}

impl Ctx<'_> {
    /// The tariff key of a field of the current charge (`charges.dso.rate`).
    pub fn key(&self, field: &str) -> String {
        if field.is_empty() {
            format!("charges.{}", self.charge_id)
        } else {
            format!("charges.{}.{}", self.charge_id, field)
        }
    }

    /// The population of a participant, or a problem naming it.
    pub fn inhabitants(&self, code: Code) -> Result<u64, Diagnostic> {
        if let Some(n) = self
            .population
            .count(code)
            .filter(|n| *n > super::population::MAX_COUNT)
        {
            return Err(Diagnostic::new(format!(
                "municipality {code} has {n} inhabitants: more than any municipality"
            ))
            .for_key(self.key("participants")));
        }
        self.population.count(code).ok_or_else(|| {
            let source = self.population.source.as_deref().unwrap_or("the population");
            Diagnostic::new(format!(
                "municipality {code} takes part in this charge but {source} has no row for it"
            ))
            .for_key(self.key("participants"))
        })
    }

    /// The municipality's name from the population file, or its code.
    pub fn name(&self, code: Code) -> String {
        match self.population.get(code) {
            Some(row) if !row.name.is_empty() => row.name.clone(),
            _ => code.to_string(),
        }
    }
}

/// One participant's amount under a rule, before rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessed {
    pub code: Code,
    /// The exact amount (apportioned amounts are already whole kronor).
    pub exact: Decimal,
    /// How it was computed, in Swedish.
    pub basis: String,
    /// For amounts from per-inhabitant rates: the inhabitants and the rate
    /// per inhabitant (the average over tiers), fixed parts excluded.
    pub per_inhabitant: Option<(u64, Decimal)>,
}

/// A charge's rule made ready for its participants, every problem found:
/// what each participant's amount and basis text are made from, kept so
/// that they can be made again when a line is written rather than held for
/// every line.
pub enum Prepared<'a> {
    PerInhabitant(per_inhabitant::Prepared<'a>),
    Fixed(fixed::Prepared),
    Apportion(apportion::Prepared<'a>),
    Agreement(agreement::Prepared<'a>),
    Previous(previous::Prepared),
}

/// One participant's exact amount under a rule (before floor and cap), and
/// for amounts from per-inhabitant rates the inhabitants and the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    pub exact: Decimal,
    pub per_inhabitant: Option<(u64, Decimal)>,
}

/// Prepares a charge's rule for its participants (in code order), with every
/// problem any participant has.
pub fn prepare<'a>(
    ctx: &Ctx<'a>,
    charge: &'a Charge,
    participants: &[Code],
) -> Result<Prepared<'a>, Diagnostics> {
    Ok(match &charge.rule {
        Rule::PerInhabitant { rates, fixed } => {
            Prepared::PerInhabitant(per_inhabitant::prepare(ctx, rates, *fixed, participants)?)
        }
        Rule::Fixed { amount } => Prepared::Fixed(fixed::prepare(*amount)),
        Rule::Apportion { total, weights } => {
            Prepared::Apportion(apportion::prepare(ctx, *total, weights, participants)?)
        }
        Rule::Agreement { amounts } => Prepared::Agreement(agreement::prepare(ctx, amounts, participants)?),
        Rule::Previous { activity, index } => Prepared::Previous(previous::prepare(
            ctx,
            charge,
            activity.as_deref(),
            index,
            participants,
        )?),
    })
}

impl Prepared<'_> {
    /// The exact amount of participant `i` (`code`, the `i`-th participant).
    pub fn exact(&self, ctx: &Ctx, i: usize, code: Code) -> Exact {
        match self {
            Prepared::PerInhabitant(p) => p.exact(ctx, i, code),
            Prepared::Fixed(p) => p.exact(),
            Prepared::Apportion(p) => p.exact(i),
            Prepared::Agreement(p) => p.exact(code),
            Prepared::Previous(p) => p.exact(i),
        }
    }

    /// Appends participant `i`'s basis text to `out`.
    pub fn basis(&self, ctx: &Ctx, i: usize, code: Code, out: &mut String) {
        match self {
            Prepared::PerInhabitant(p) => p.basis(ctx, i, code, out),
            Prepared::Fixed(p) => out.push_str(&p.text),
            Prepared::Apportion(p) => p.basis(ctx, code, out),
            Prepared::Agreement(p) => p.basis(code, out),
            Prepared::Previous(p) => p.basis(i, out),
        }
    }
}

/// Applies a charge's rule to its participants (in code order).
pub fn assess(ctx: &Ctx, charge: &Charge, participants: &[Code]) -> Result<Vec<Assessed>, Diagnostics> {
    let prepared = prepare(ctx, charge, participants)?;
    Ok(participants
        .iter()
        .enumerate()
        .map(|(i, &code)| {
            let Exact {
                exact,
                per_inhabitant,
            } = prepared.exact(ctx, i, code);
            let mut basis = String::new();
            prepared.basis(ctx, i, code, &mut basis);
            Assessed {
                code,
                exact,
                basis,
                per_inhabitant,
            }
        })
        .collect())
}

/// Collects per-participant results, keeping every problem.
fn collect<T>(results: impl IntoIterator<Item = Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostics> {
    let mut ok = Vec::new();
    let mut problems = Diagnostics::new();
    for r in results {
        match r {
            Ok(a) => ok.push(a),
            Err(d) => problems.push(d),
        }
    }
    problems.into_result(ok)
}
