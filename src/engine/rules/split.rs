//! One charge split across several activities by shares (the base fee over
//! Förbundskansli, Administration, Regional utveckling and
//! Välfärdsutveckling). The whole is rounded first; the parts are then
//! apportioned by largest remainder so they sum exactly to the rounded whole.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::engine::apportion::{integer_weights, largest_remainder, ApportionError};
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
    let splitter = Splitter::new(shares);
    Ok(splitter
        .split(whole, basis)?
        .into_iter()
        .map(|(i, amount, basis)| Part {
            activity: splitter.activities[i].to_string(),
            amount,
            basis,
        })
        .collect())
}

/// A charge's split, prepared once for all its parties: the activities,
/// their shares as integer weights, and the shares as text.
pub struct Splitter<'s> {
    /// Activity ids, in id order.
    pub activities: Vec<&'s str>,
    /// Each activity's share (a fraction).
    pub shares: Vec<Decimal>,
    weights: Vec<i128>,
    texts: Vec<String>,
}

impl<'s> Splitter<'s> {
    pub fn new(shares: &'s BTreeMap<String, Decimal>) -> Self {
        let fractions: Vec<Decimal> = shares.values().copied().collect();
        Splitter {
            activities: shares.keys().map(String::as_str).collect(),
            // Shares are at most 100 %, so they always share a scale; an
            // empty list would make `split` report that nothing splits.
            weights: integer_weights(&fractions).unwrap_or_default(),
            texts: fractions.iter().map(|f| sv::pct(*f)).collect(),
            shares: fractions,
        }
    }

    /// Each activity's part of `whole`, in the order of `activities`.
    pub fn amounts(&self, whole: Decimal) -> Result<Vec<Decimal>, ApportionError> {
        let t = whole.trunc();
        debug_assert_eq!(t, whole, "split amounts are whole kronor");
        let t = t.mantissa() / 10i128.pow(t.scale());
        largest_remainder(t, &self.weights)?
            .into_iter()
            .map(|amount| Decimal::try_from_i128_with_scale(amount, 0).map_err(|_| ApportionError::Overflow))
            .collect()
    }

    /// Activity `j`'s part of `whole`: `amounts(whole)[j]`, without making
    /// the others' (each part is within one krona of its quota; the kronor
    /// left go to the largest remainders, ties to the earlier activity).
    pub fn part(&self, whole: Decimal, j: usize) -> Result<Decimal, ApportionError> {
        let t = whole.trunc();
        let magnitude = (t.mantissa() / 10i128.pow(t.scale())).checked_abs();
        let sum = self.weights.iter().try_fold(0i128, |a, w| a.checked_add(*w));
        let (Some(magnitude), Some(sum)) = (magnitude, sum) else {
            return self.fallback(whole, j);
        };
        if sum <= 0 || self.weights.iter().any(|w| *w < 0) || j >= self.weights.len() {
            return self.fallback(whole, j);
        }
        let mut given = 0i128;
        let mut mine = (0i128, 0i128);
        let mut remainders = [0i128; 8];
        if self.weights.len() > remainders.len() {
            return self.fallback(whole, j);
        }
        // In 64-bit arithmetic where every product fits (nearly always).
        let narrow = u64::try_from(sum).ok().filter(|_| {
            self.weights.iter().all(|w| {
                magnitude
                    .checked_mul(*w)
                    .is_some_and(|p| p <= i128::from(u64::MAX))
            })
        });
        for (k, w) in self.weights.iter().enumerate() {
            let Some(product) = magnitude.checked_mul(*w) else {
                return self.fallback(whole, j);
            };
            let (q, r) = match (narrow, u64::try_from(product)) {
                (Some(sum), Ok(p)) => (i128::from(p / sum), i128::from(p % sum)),
                _ => (product / sum, product % sum),
            };
            given += q;
            remainders[k] = r;
            if k == j {
                mine = (q, r);
            }
        }
        let left = magnitude - given;
        // Parts before j's in the order of remainders (descending, stable).
        let ahead = remainders[..self.weights.len()]
            .iter()
            .enumerate()
            .filter(|(k, r)| **r > mine.1 || (**r == mine.1 && *k < j))
            .count();
        let part = mine.0 + i128::from(i128::try_from(ahead).is_ok_and(|a| a < left));
        let part = if t.is_sign_negative() { -part } else { part };
        Decimal::try_from_i128_with_scale(part, 0).map_err(|_| ApportionError::Overflow)
    }

    fn fallback(&self, whole: Decimal, j: usize) -> Result<Decimal, ApportionError> {
        self.amounts(whole)
            .and_then(|a| a.get(j).copied().ok_or(ApportionError::NoWeight))
    }

    /// Appends the basis text of activity `i`'s part: `55,39 % av 4 677 731
    /// kr (` and then the whole's basis, closed by `)`.
    pub fn push_open(&self, i: usize, whole: Decimal, out: &mut String) {
        out.push_str(&self.texts[i]);
        out.push_str(" av ");
        sv::push_kr(out, whole);
        out.push_str(" (");
    }

    /// Each activity's part of `whole` (by its position in `activities`),
    /// with its basis text; what [`split`] gives.
    pub fn split(
        &self,
        whole: Decimal,
        basis: &str,
    ) -> Result<Vec<(usize, Decimal, String)>, ApportionError> {
        let t = whole.trunc();
        debug_assert_eq!(t, whole, "split amounts are whole kronor");
        let t = t.mantissa() / 10i128.pow(t.scale());
        let amounts = largest_remainder(t, &self.weights)?;
        let whole_text = sv::kr(whole);
        amounts
            .into_iter()
            .enumerate()
            .map(|(i, amount)| {
                let amount =
                    Decimal::try_from_i128_with_scale(amount, 0).map_err(|_| ApportionError::Overflow)?;
                let text = sv::concat(&[&self.texts[i], " av ", &whole_text, " (", basis, ")"]);
                Ok((i, amount, text))
            })
            .collect()
    }
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

    #[test]
    fn one_part_is_that_of_all_parts() {
        let shares: BTreeMap<String, Decimal> =
            [("a", "0.25"), ("b", "0.25"), ("c", "0.3333"), ("d", "0.1667")]
                .into_iter()
                .map(|(a, s)| (a.to_string(), d(s)))
                .collect();
        let s = Splitter::new(&shares);
        // Ties (a and b have equal remainders), negatives, zero and large.
        for whole in [
            -1_000_003i64,
            -7,
            -1,
            0,
            1,
            2,
            3,
            5,
            7,
            10,
            11,
            999,
            4_677_731,
            1 << 40,
        ] {
            let whole = Decimal::from(whole);
            let all = s.amounts(whole).unwrap();
            assert_eq!(all.iter().sum::<Decimal>(), whole);
            for (j, a) in all.iter().enumerate() {
                assert_eq!(s.part(whole, j).unwrap(), *a, "{whole} part {j}");
            }
        }
    }
}
