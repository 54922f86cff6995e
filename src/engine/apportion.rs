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

use super::wide::Wide;
use crate::msg;
use crate::msg::Message;

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

impl ApportionError {
    /// Why, as a message.
    pub fn message(self) -> Message {
        match self {
            ApportionError::NoWeight => msg!("engine-apportion-no-weight"),
            ApportionError::NegativeWeight => msg!("engine-apportion-negative-weight"),
            ApportionError::Overflow => msg!("engine-apportion-overflow"),
        }
    }
}

/// Splits `total` (whole units, any sign) by `weights` (non-negative, not
/// all zero). A negative total is apportioned as its magnitude and negated.
/// Products beyond `i128` are computed in [`Wide`] integers, with the same
/// result.
pub fn largest_remainder(total: i128, weights: &[i128]) -> Result<Vec<i128>, ApportionError> {
    if weights.iter().any(|w| *w < 0) {
        return Err(ApportionError::NegativeWeight);
    }
    match largest_remainder_i128(total, weights) {
        Err(ApportionError::Overflow) => {
            let wide: Vec<Wide> = weights
                .iter()
                .map(|w| Wide::from_u128(w.unsigned_abs()))
                .collect();
            largest_remainder_wide(total, &wide)
        }
        other => other,
    }
}

/// [`largest_remainder`] over weights of any size.
pub fn largest_remainder_wide(total: i128, weights: &[Wide]) -> Result<Vec<i128>, ApportionError> {
    let sum = weights.iter().fold(Wide::default(), |acc, w| acc.add(w));
    if sum.is_zero() {
        return Err(ApportionError::NoWeight);
    }
    let sign = if total < 0 { -1 } else { 1 };
    let magnitude = total.checked_abs().ok_or(ApportionError::Overflow)?;
    let whole = Wide::from_u128(magnitude.unsigned_abs());
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for w in weights {
        let (part, remainder) = whole.mul(w).div_rem(&sum);
        // A part is at most the total, so it fits.
        let part = part
            .to_u128()
            .and_then(|p| i128::try_from(p).ok())
            .ok_or(ApportionError::Overflow)?;
        parts.push(part);
        remainders.push(remainder);
    }
    let given: i128 = parts.iter().sum();
    let left = usize::try_from(magnitude - given).map_err(|_| ApportionError::Overflow)?;
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| remainders[*b].cmp(&remainders[*a]));
    for i in order.into_iter().take(left) {
        parts[i] += 1;
    }
    Ok(parts.into_iter().map(|p| p * sign).collect())
}

/// The decimals as integers of any size on one common scale (what
/// [`integer_weights`] makes, without its limit).
pub fn integer_weights_wide(values: &[Decimal]) -> Result<Vec<Wide>, ApportionError> {
    if values.iter().any(|v| v.is_sign_negative() && !v.is_zero()) {
        return Err(ApportionError::NegativeWeight);
    }
    let scale = values.iter().map(|v| v.scale()).max().unwrap_or(0);
    Ok(values
        .iter()
        .map(|v| Wide::from_u128(v.mantissa().unsigned_abs()).mul(&Wide::pow10(scale - v.scale())))
        .collect())
}

fn largest_remainder_i128(total: i128, weights: &[i128]) -> Result<Vec<i128>, ApportionError> {
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
            largest_remainder(i128::MIN, &[2, 3]),
            Err(ApportionError::Overflow)
        );
    }

    #[test]
    fn beyond_i128_the_same_rule() {
        // i128::MAX × 3 overflows: computed wide, still exact.
        let parts = largest_remainder(i128::MAX, &[2, 3]).unwrap();
        assert_eq!(parts.iter().sum::<i128>(), i128::MAX);
        assert_eq!(parts, [i128::MAX / 5 * 2 + 1, i128::MAX / 5 * 3 + 1]);
        // The wide path gives what the i128 path gives wherever both can.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..2000 {
            let total = i128::from(next() % 2_000_001) - 1_000_000;
            let n = 1 + (next() % 12) as usize;
            let weights: Vec<i128> = (0..n)
                .map(|_| i128::from(next() % 1000) * i128::from(next() % 3))
                .collect();
            let wide: Vec<Wide> = weights
                .iter()
                .map(|w| Wide::from_u128(w.unsigned_abs()))
                .collect();
            assert_eq!(
                largest_remainder_i128(total, &weights),
                largest_remainder_wide(total, &wide),
                "{total} by {weights:?}"
            );
        }
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
