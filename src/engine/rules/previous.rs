//! Last year's amount per municipality times (1 + index): contracts indexed
//! by agreement (Medarbetarcentrum: 2022 × 1,025).

use rust_decimal::Decimal;

use super::interface::{collect, Ctx, Exact};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::model::{Charge, Target};
use crate::msg;
use crate::sv;

/// A continued charge made ready: each participant's amount last year (in
/// participant order), the factor and the texts the basis repeats.
pub struct Prepared {
    lasts: Vec<Decimal>,
    factor: Decimal,
    /// ` (2022) × 1,025`.
    tail: String,
}

impl Prepared {
    pub fn exact(&self, i: usize) -> Exact {
        Exact {
            exact: self.lasts.get(i).copied().unwrap_or_default() * self.factor,
            per_inhabitant: None,
        }
    }

    pub fn basis(&self, i: usize, out: &mut String) {
        sv::push_kr(out, self.lasts.get(i).copied().unwrap_or_default());
        out.push_str(&self.tail);
    }
}

pub fn prepare(
    ctx: &Ctx,
    charge: &Charge,
    activity: Option<&str>,
    index: &str,
    participants: &[Code],
) -> Result<Prepared, Diagnostics> {
    let activity_id = match (activity, &charge.target) {
        (Some(a), _) => a,
        (None, Target::Activity(a)) => a.as_str(),
        (None, Target::Split(_)) => {
            return Err(Diagnostic::new(msg!("rule-split-needs-from"))
                .for_key(ctx.key("from"))
                .into())
        }
    };
    let Some(activity) = ctx.tariff.activities.get(activity_id) else {
        return Err(
            Diagnostic::new(msg!("rule-unknown-activity", name = msg::quoted(activity_id)))
                .for_key(ctx.key("from"))
                .into(),
        );
    };
    let Some(previous) = ctx.previous else {
        return Err(Diagnostic::new(msg!("rule-needs-previous-actuals"))
            .for_key(ctx.key("rule"))
            .into());
    };
    let Some(rate) = ctx.tariff.indices.get(index) else {
        return Err(
            Diagnostic::new(msg!("rule-unknown-index", name = msg::quoted(index)))
                .for_key(ctx.key("index"))
                .into(),
        );
    };
    let factor = Decimal::ONE + rate;
    let year = previous.year.unwrap_or(ctx.tariff.year - 1);
    let amounts = previous.municipality_amounts(&activity.name);
    let lasts = collect(participants.iter().map(|&code| {
        amounts.get(&code).copied().ok_or_else(|| {
            Diagnostic::new(msg!(
                "rule-no-previous-amount",
                code = code.to_string(),
                name = msg::name(&ctx.name(code)),
                activity = msg::quoted(&activity.name)
            ))
            .for_key(ctx.key("participants"))
        })
    }))?;
    Ok(Prepared {
        lasts,
        factor,
        tail: format!(" ({year}) × {}", sv::num(factor)),
    })
}
