//! The one meaning of "total": the charges before adjustments (what is
//! invoiced: municipalities and external payers), the adjustments (lines
//! that are not invoiced), and the net of the two. Every output that
//! totals shows these three, labelled the same ([`LABELS`]), and every
//! per-cent change of a total is of its own kind's amount the year before
//! ([`change_pct`]).

use rust_decimal::Decimal;

use super::outcome::{Kind, LineRef, Outcome};
use crate::money;

/// The three totals' labels, in the order every output shows them:
/// the charges, the adjustments, the net.
pub const LABELS: [&str; 3] = ["Avgifter", "Justeringar", "Netto"];

/// The charges and adjustments of some lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Invoiced lines: municipalities and external payers.
    pub charges: Decimal,
    /// Lines that are not invoiced.
    pub adjustments: Decimal,
}

impl Totals {
    /// The totals of an outcome's lines.
    pub fn of(outcome: &Outcome) -> Totals {
        let mut t = Totals::default();
        for l in &outcome.lines {
            t.add(l.kind, l.amount);
        }
        t
    }

    /// Adds a line's amount where its kind belongs; a stated `total` is no
    /// line and is left out.
    pub fn add(&mut self, kind: Kind, amount: Decimal) {
        match kind {
            Kind::Municipality | Kind::External => self.charges += amount,
            Kind::Adjustment => self.adjustments += amount,
            Kind::Total => {}
        }
    }

    /// Adds a borrowed line.
    pub fn add_line(&mut self, l: &LineRef) {
        self.add(l.kind, l.amount);
    }

    /// Charges plus adjustments.
    pub fn net(&self) -> Decimal {
        self.charges + self.adjustments
    }

    /// The three amounts in the order of [`LABELS`].
    pub fn rows(&self) -> [Decimal; 3] {
        [self.charges, self.adjustments, self.net()]
    }
}

/// The change from `a` to `b` in per cent of `a`, to two decimals (half
/// away from zero); `None` where `a` is 0. Every output computes a change
/// in per cent this way, of the same kind of amount on both sides.
pub fn change_pct(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!a.is_zero()).then(|| money::round_dp((b - a) * Decimal::ONE_HUNDRED / a, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_is_charges_and_adjustments() {
        let mut t = Totals::default();
        t.add(Kind::Municipality, Decimal::from(100));
        t.add(Kind::External, Decimal::from(20));
        t.add(Kind::Adjustment, Decimal::from(-30));
        t.add(Kind::Total, Decimal::from(999));
        assert_eq!(
            t.rows(),
            [Decimal::from(120), Decimal::from(-30), Decimal::from(90)]
        );
        assert_eq!(
            change_pct(Decimal::from(80), Decimal::from(90)),
            Some(Decimal::new(1250, 2))
        );
        assert_eq!(change_pct(Decimal::ZERO, Decimal::ONE), None);
    }
}
