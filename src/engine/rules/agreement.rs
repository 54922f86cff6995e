//! A fixed amount per municipality, as agreed with each (Navet's school
//! agreements).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{collect, Assessed, Ctx};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::sv;

pub fn assess(
    ctx: &Ctx,
    amounts: &BTreeMap<Code, Decimal>,
    participants: &[Code],
) -> Result<Vec<Assessed>, Diagnostics> {
    let mut problems = Diagnostics::new();
    for code in amounts.keys().filter(|c| !participants.contains(c)) {
        problems.push(
            Diagnostic::new(format!(
                "an amount is agreed with {code} ({}) but it is not among the participants",
                ctx.name(*code)
            ))
            .for_key(ctx.key(&format!("amounts.{code}"))),
        );
    }
    let assessed = collect(participants.iter().map(|&code| {
        let amount = amounts.get(&code).ok_or_else(|| {
            Diagnostic::new(format!(
                "no agreed amount for participant {code} ({})",
                ctx.name(code)
            ))
            .for_key(ctx.key("amounts"))
        })?;
        Ok(Assessed {
            code,
            exact: *amount,
            basis: format!("avtal {}", sv::kr(*amount)),
            per_inhabitant: None,
        })
    }));
    match assessed {
        Ok(a) if problems.is_empty() => Ok(a),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}
