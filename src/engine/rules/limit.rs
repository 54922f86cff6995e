//! Floor and cap: the least and the most one municipality pays for a charge.

use rust_decimal::Decimal;

use super::Assessed;
use crate::sv;

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
