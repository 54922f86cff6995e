//! The same fixed amount for every participant.

use rust_decimal::Decimal;

use super::interface::Exact;
use crate::sv;

/// A fixed charge made ready: its amount and the text every participant's
/// line shares.
pub struct Prepared {
    amount: Decimal,
    pub text: String,
}

pub fn prepare(amount: Decimal) -> Prepared {
    Prepared {
        amount,
        text: format!("fast avgift {}", sv::kr(amount)),
    }
}

impl Prepared {
    pub fn exact(&self) -> Exact {
        Exact {
            exact: self.amount,
            per_inhabitant: None,
        }
    }
}
