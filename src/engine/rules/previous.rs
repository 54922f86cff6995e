//! Last year's amount per municipality times (1 + index): contracts indexed
//! by agreement (Medarbetarcentrum: 2022 × 1,025).

use rust_decimal::Decimal;

use super::{collect, Assessed, Ctx};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::model::{Charge, Target};
use crate::sv;

pub fn assess(
    ctx: &Ctx,
    charge: &Charge,
    activity: Option<&str>,
    index: &str,
    participants: &[Code],
) -> Result<Vec<Assessed>, Diagnostics> {
    let activity_id = match (activity, &charge.target) {
        (Some(a), _) => a,
        (None, Target::Activity(a)) => a.as_str(),
        (None, Target::Split(_)) => {
            return Err(Diagnostic::new(
                "a split charge must say which activity's previous amounts it continues (key `from`)",
            )
            .for_key(ctx.key("from"))
            .into())
        }
    };
    let Some(activity) = ctx.tariff.activities.get(activity_id) else {
        return Err(Diagnostic::new(format!("unknown activity {activity_id:?}"))
            .for_key(ctx.key("from"))
            .into());
    };
    let Some(previous) = ctx.previous else {
        return Err(Diagnostic::new(
            "this rule continues last year's amounts, but the tariff names no previous_actuals file",
        )
        .for_key(ctx.key("rule"))
        .into());
    };
    let Some(rate) = ctx.tariff.indices.get(index) else {
        return Err(Diagnostic::new(format!("unknown index {index:?}"))
            .for_key(ctx.key("index"))
            .into());
    };
    let factor = Decimal::ONE + rate;
    let year = previous.year.unwrap_or(ctx.tariff.year - 1);
    let amounts = previous.municipality_amounts(&activity.name);
    collect(participants.iter().map(|&code| {
        let last = amounts.get(&code).copied().ok_or_else(|| {
            Diagnostic::new(format!(
                "the previous year's actuals have no amount for {code} ({}) in {:?}",
                ctx.name(code),
                activity.name
            ))
            .for_key(ctx.key("participants"))
        })?;
        Ok(Assessed {
            code,
            exact: last * factor,
            basis: format!("{} ({year}) × {}", sv::kr(last), sv::num(factor)),
            per_inhabitant: None,
        })
    }))
}
