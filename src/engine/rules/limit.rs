//! Floor and cap: the least and the most one municipality pays for a charge.

use rust_decimal::Decimal;

use super::interface::Assessed;
use crate::sv;

/// One amount clamped to `[floor, cap]`: the amount, and the floor and the
/// cap where each applied (the floor first, then the cap).
pub fn clamp(exact: Decimal, floor: Option<Decimal>, cap: Option<Decimal>) -> Clamped {
    let floored = floor.filter(|f| exact < *f);
    let exact = floored.unwrap_or(exact);
    let capped = cap.filter(|c| exact > *c);
    Clamped {
        exact: capped.unwrap_or(exact),
        floor: floored,
        cap: capped,
    }
}

/// What [`clamp`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clamped {
    pub exact: Decimal,
    pub floor: Option<Decimal>,
    pub cap: Option<Decimal>,
}

impl Clamped {
    /// Whether a floor or a cap applied.
    pub fn clamped(&self) -> bool {
        self.floor.is_some() || self.cap.is_some()
    }

    /// Appends the basis text up to where the rule's own text goes
    /// (`tak 500 000 kr (beräknat golv 50 000 kr (beräknat `).
    pub fn push_open(&self, out: &mut String) {
        if let Some(c) = self.cap {
            out.push_str("tak ");
            sv::push_kr(out, c);
            out.push_str(" (beräknat ");
        }
        if let Some(f) = self.floor {
            out.push_str("golv ");
            sv::push_kr(out, f);
            out.push_str(" (beräknat ");
        }
    }

    /// Appends what closes [`Clamped::push_open`].
    pub fn push_close(&self, out: &mut String) {
        for _ in self.cap.iter().chain(self.floor.iter()) {
            out.push(')');
        }
    }
}

/// Clamps each amount to `[floor, cap]` and says so in its basis.
pub fn apply(assessed: &mut [Assessed], floor: Option<Decimal>, cap: Option<Decimal>) {
    for a in assessed {
        if let Some(f) = floor.filter(|f| a.exact < *f) {
            a.basis = format!("golv {} (beräknat {})", sv::kr(f), a.basis);
            a.exact = f;
            a.per_inhabitant = None;
        }
        if let Some(c) = cap.filter(|c| a.exact > *c) {
            a.basis = format!("tak {} (beräknat {})", sv::kr(c), a.basis);
            a.exact = c;
            a.per_inhabitant = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::code::Code;

    #[test]
    fn clamps_and_explains() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let code = Code::new(1490).unwrap();
        let mut a = vec![
            Assessed {
                code,
                exact: d("30000"),
                basis: "5 000 inv × 6 kr".into(),
                per_inhabitant: Some((5000, d("6"))),
            },
            Assessed {
                code,
                exact: d("684546"),
                basis: "114 091 inv × 6 kr".into(),
                per_inhabitant: Some((114_091, d("6"))),
            },
            Assessed {
                code,
                exact: d("100000"),
                basis: "x".into(),
                per_inhabitant: None,
            },
        ];
        apply(&mut a, Some(d("50000")), Some(d("500000")));
        assert_eq!(a[0].exact, d("50000"));
        assert_eq!(a[0].per_inhabitant, None, "a floored amount follows no rate");
        assert_eq!(a[0].basis, "golv 50 000 kr (beräknat 5 000 inv × 6 kr)");
        assert_eq!(a[1].exact, d("500000"));
        assert_eq!(a[1].basis, "tak 500 000 kr (beräknat 114 091 inv × 6 kr)");
        assert_eq!(a[2].exact, d("100000"));
        assert_eq!(a[2].basis, "x");
    }
}
