//! A fixed amount per municipality, as agreed with each (Navet's school
//! agreements).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::interface::{collect, Ctx, Exact};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::msg;
use crate::sv;

/// An agreement made ready: the amounts, every participant's checked.
pub struct Prepared<'a> {
    amounts: &'a BTreeMap<Code, Decimal>,
}

impl Prepared<'_> {
    pub fn exact(&self, code: Code) -> Exact {
        Exact {
            exact: self.amounts.get(&code).copied().unwrap_or_default(),
            per_inhabitant: None,
        }
    }

    pub fn basis(&self, code: Code, out: &mut String) {
        out.push_str("avtal ");
        sv::push_kr(out, self.amounts.get(&code).copied().unwrap_or_default());
    }
}

pub fn prepare<'a>(
    ctx: &Ctx,
    amounts: &'a BTreeMap<Code, Decimal>,
    participants: &[Code],
) -> Result<Prepared<'a>, Diagnostics> {
    let mut problems = Diagnostics::new();
    for code in amounts.keys().filter(|c| !participants.contains(c)) {
        problems.push(
            Diagnostic::new(msg!(
                "rule-agreed-not-participant",
                code = code.to_string(),
                name = msg::name(&ctx.name(*code))
            ))
            .for_key(ctx.key(&format!("amounts.{code}"))),
        );
    }
    let assessed = collect(participants.iter().map(|&code| {
        amounts.get(&code).map(drop).ok_or_else(|| {
            Diagnostic::new(msg!(
                "rule-no-agreed-amount",
                code = code.to_string(),
                name = msg::name(&ctx.name(code))
            ))
            .for_key(ctx.key("amounts"))
        })
    }));
    match assessed {
        Ok(_) if problems.is_empty() => Ok(Prepared { amounts }),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}
