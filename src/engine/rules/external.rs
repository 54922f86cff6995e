//! External payers of a charge: a fixed amount (SÄS and Närhälsan's part of
//! Vård- och omsorgscollege), or a share of the municipalities' total
//! (HSNK matching the municipalities' NVS fees).

use rust_decimal::Decimal;

use crate::engine::model::External;
use crate::sv;

/// The exact amount an external payer owes and its basis, given the sum of
/// the charge's (rounded) municipality amounts.
pub fn assess(external: &External, municipalities_total: Decimal) -> (Decimal, String) {
    match external {
        External::Amount(a) => (*a, format!("fast belopp {}", sv::kr(*a))),
        External::Share(s) => (
            municipalities_total * s,
            format!("{} av kommunernas {}", sv::pct(*s), sv::kr(municipalities_total)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_and_amount() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let (a, b) = assess(&External::Share(d("1")), d("1369836"));
        assert_eq!(a, d("1369836"));
        assert_eq!(b, "100 % av kommunernas 1 369 836 kr");
        let (a, b) = assess(&External::Share(d("0.5")), d("1001"));
        assert_eq!(a, d("500.5"));
        assert_eq!(b, "50 % av kommunernas 1 001 kr");
        assert_eq!(assess(&External::Amount(d("118000")), d("5")).0, d("118000"));
    }
}
