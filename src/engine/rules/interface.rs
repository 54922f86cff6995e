//! What every rule kind sees ([`Ctx`]: the tariff, the population, last
//! year's actuals, the charge) and gives ([`Exact`] per participant, and
//! [`Assessed`] with its basis text).

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::actuals::Actuals;
use crate::engine::code::Code;
use crate::engine::model::Tariff;
use crate::engine::population::Population;
use crate::msg;

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
            .filter(|n| *n > crate::engine::population::MAX_COUNT)
        {
            return Err(
                Diagnostic::new(msg!("rule-too-many-inhabitants", code = code.to_string(), n = n))
                    .for_key(self.key("participants")),
            );
        }
        self.population.count(code).ok_or_else(|| {
            let code = code.to_string();
            let message = match self.population.source.as_deref() {
                Some(source) => msg!("rule-no-population-row", code = code, source = source),
                None => msg!("rule-no-population-row-unnamed", code = code),
            };
            Diagnostic::new(message).for_key(self.key("participants"))
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

/// One participant's exact amount under a rule (before floor and cap), and
/// for amounts from per-inhabitant rates the inhabitants and the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    pub exact: Decimal,
    pub per_inhabitant: Option<(u64, Decimal)>,
}

/// Collects per-participant results, keeping every problem.
pub fn collect<T>(results: impl IntoIterator<Item = Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostics> {
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
