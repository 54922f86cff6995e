//! One charge split across several activities by shares (the base fee over
//! Förbundskansli, Administration, Regional utveckling and
//! Välfärdsutveckling). The whole is rounded first; the parts are then
//! apportioned by largest remainder so they sum exactly to the rounded whole.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::engine::apportion::{apportion_decimal, ApportionError};
use crate::sv;

/// One activity's part of a split line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub activity: String,
    pub amount: Decimal,
    pub basis: String,
}

/// Splits a whole-krona `whole` by `shares` (activity id → fraction, in id
/// order; ties go to the lower id). `basis` explains the whole.
pub fn split(
    whole: Decimal,
    shares: &BTreeMap<String, Decimal>,
    basis: &str,
) -> Result<Vec<Part>, ApportionError> {
    let weights: Vec<Decimal> = shares.values().copied().collect();
    let amounts = apportion_decimal(whole, &weights)?;
    Ok(shares
        .iter()
        .zip(amounts)
        .map(|((activity, share), amount)| Part {
            activity: activity.clone(),
            amount,
            basis: format!("{} av {} ({basis})", sv::pct(*share), sv::kr(whole)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn base_fee_of_boras_splits_exactly() {
        // 114 091 inv × 41 kr = 4 677 731 kr.
        let shares: BTreeMap<String, Decimal> = [
            ("admin", "0.0284"),
            ("kansli", "0.5539"),
            ("regional", "0.1464"),
            ("valfard", "0.2713"),
        ]
        .into_iter()
        .map(|(a, s)| (a.to_string(), d(s)))
        .collect();
        let parts = split(d("4677731"), &shares, "114 091 inv × 41 kr").unwrap();
        // Quotas: admin 132 847,56, kansli 2 590 995,20, regional 684 819,82,
        // valfard 1 269 068,42; the floors leave two kronor, which go to the
        // largest remainders (,82 and ,56).
        let amounts: Vec<Decimal> = parts.iter().map(|p| p.amount).collect();
        assert_eq!(amounts, [d("132848"), d("2590995"), d("684820"), d("1269068")]);
        assert_eq!(amounts.iter().sum::<Decimal>(), d("4677731"));
        assert_eq!(parts[1].basis, "55,39 % av 4 677 731 kr (114 091 inv × 41 kr)");
    }
}
