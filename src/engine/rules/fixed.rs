//! The same fixed amount for every participant.

use rust_decimal::Decimal;

use super::Assessed;
use crate::engine::code::Code;
use crate::sv;

pub fn assess(amount: Decimal, participants: &[Code]) -> Vec<Assessed> {
    participants
        .iter()
        .map(|&code| Assessed {
            code,
            exact: amount,
            basis: format!("fast avgift {}", sv::kr(amount)),
            per_inhabitant: None,
        })
        .collect()
}
