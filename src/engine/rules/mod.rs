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
//!
//! What every rule sees and gives is `interface.rs`.

pub mod agreement;
pub mod apportion;
pub mod external;
pub mod fixed;
pub mod interface;
pub mod limit;
pub mod per_inhabitant;
pub mod previous;
pub mod split;

use super::code::Code;
use super::model::{Charge, Rule};
use crate::diag::Diagnostics;

pub use interface::{Assessed, Ctx, Exact};

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
