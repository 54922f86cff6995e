//! Largest-remainder apportionment in exact integer arithmetic.
//!
//! A whole-krona total is split into parts proportional to integer weights:
//! each part first gets the floor of its exact quota, then the kronor left
//! over go one each to the parts with the largest remainders. Equal
//! remainders are broken by position: the caller orders the weights by
//! ascending municipality code (or activity id), so the earlier one wins.
//! The parts always sum exactly to the total, and each is within one krona
//! of its exact quota.

use rust_decimal::Decimal;

/// Why an apportionment cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApportionError {
    /// There is nothing to apportion over: no weights, or they sum to zero.
    NoWeight,
    /// A weight is negative.
    NegativeWeight,
    /// The numbers are too large to apportion exactly.
    Overflow,
}

impl std::fmt::Display for ApportionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApportionError::NoWeight => "the weights sum to zero: there is nothing to apportion by",
            ApportionError::NegativeWeight => "a weight is negative",
            ApportionError::Overflow => "the figures are too large to apportion exactly",
        })
    }
}

/// Splits `total` (whole units, any sign) by `weights` (non-negative, not
/// all zero). A negative total is apportioned as its magnitude and negated.
pub fn largest_remainder(total: i128, weights: &[i128]) -> Result<Vec<i128>, ApportionError> {
    if weights.iter().any(|w| *w < 0) {
        return Err(ApportionError::NegativeWeight);
    }
    let sum = weights
        .iter()
        .try_fold(0i128, |acc, w| acc.checked_add(*w))
        .ok_or(ApportionError::Overflow)?;
    if sum == 0 {
        return Err(ApportionError::NoWeight);
    }
    let sign = if total < 0 { -1 } else { 1 };
    let magnitude = total.checked_abs().ok_or(ApportionError::Overflow)?;

    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for w in weights {
        let product = magnitude.checked_mul(*w).ok_or(ApportionError::Overflow)?;
        parts.push(product / sum);
        remainders.push(product % sum);
    }
    let given: i128 = parts.iter().sum();
    let left = usize::try_from(magnitude - given).map_err(|_| ApportionError::Overflow)?;

    // Indices by remainder descending; a stable sort keeps position order
    // among equal remainders.
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| remainders[*b].cmp(&remainders[*a]));
    for i in order.into_iter().take(left) {
        parts[i] += 1;
    }
    Ok(parts.into_iter().map(|p| p * sign).collect())
}

/// The decimals as integers on one common scale (`[6.5, 2]` → `[65, 20]`),
/// so they can serve as apportionment weights. Fails when a value has too
/// many digits to take the others' decimals (a decimal holds 28 digits).
pub fn integer_weights(values: &[Decimal]) -> Result<Vec<i128>, ApportionError> {
    let scale = values.iter().map(|v| v.scale()).max().unwrap_or(0);
    values
        .iter()
        .map(|v| {
            let mut v = *v;
            v.rescale(scale);
            // `rescale` stops short, silently, where the digits run out.
            (v.scale() == scale)
                .then(|| v.mantissa())
                .ok_or(ApportionError::Overflow)
        })
        .collect()
}

/// Apportions a whole-krona decimal total by decimal weights.
pub fn apportion_decimal(total: Decimal, weights: &[Decimal]) -> Result<Vec<Decimal>, ApportionError> {
    let t = total.trunc();
    debug_assert_eq!(t, total, "apportioned totals are whole kronor");
    let t = t.mantissa() / 10i128.pow(t.scale());
    let parts = largest_remainder(t, &integer_weights(weights)?)?;
    parts
        .into_iter()
        .map(|p| Decimal::try_from_i128_with_scale(p, 0).map_err(|_| ApportionError::Overflow))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // 100 over 1:1:1 → quotas 33,33…: the first by position takes the extra krona.
        assert_eq!(largest_remainder(100, &[1, 1, 1]).unwrap(), [34, 33, 33]);
        // 10 over 1:2:3 (quotas 1,67 3,33 5): remainders ,67 ,33 0 → [2, 3, 5].
        assert_eq!(largest_remainder(10, &[1, 2, 3]).unwrap(), [2, 3, 5]);
        assert_eq!(largest_remainder(-100, &[1, 1, 1]).unwrap(), [-34, -33, -33]);
        assert_eq!(largest_remainder(0, &[5, 7]).unwrap(), [0, 0]);
        assert_eq!(largest_remainder(7, &[0, 3]).unwrap(), [0, 7]);
    }

    #[test]
    fn refuses_what_cannot_be_apportioned() {
        assert_eq!(largest_remainder(10, &[]), Err(ApportionError::NoWeight));
        assert_eq!(largest_remainder(10, &[0, 0]), Err(ApportionError::NoWeight));
        assert_eq!(
            largest_remainder(10, &[1, -1]),
            Err(ApportionError::NegativeWeight)
        );
        assert_eq!(
            largest_remainder(i128::MAX, &[2, 3]),
            Err(ApportionError::Overflow)
        );
    }

    #[test]
    fn weights_that_cannot_share_a_scale_are_refused() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            integer_weights(&[d("1000000000"), d("0.00000000000000000001")]),
            Err(ApportionError::Overflow)
        );
    }

    #[test]
    fn decimal_weights_share_one_scale() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            integer_weights(&[d("6.5"), d("2"), d("0.125")]).unwrap(),
            [6500, 2000, 125]
        );
        let parts =
            apportion_decimal(d("1000"), &[d("0.5539"), d("0.0284"), d("0.1464"), d("0.2713")]).unwrap();
        // Quotas 553,9 28,4 146,4 271,3: two kronor left, to ,9 and the first ,4.
        assert_eq!(parts, [d("554"), d("29"), d("146"), d("271")]);
    }
}
