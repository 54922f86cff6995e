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

    /// Appends the basis text of activity `i`'s part: `55,39 % av 4 677 731
    /// kr (` and then the whole's basis, closed by [`Splitter::push_close`].
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
}
