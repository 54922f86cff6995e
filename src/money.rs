//! Rounding of money. Every rounding site in the crate goes through here, so
//! the strategy is stated once: Swedish invoices and the annual report round
//! half away from zero (`0,5` → `1`, `-0,5` → `-1`), never to even.

use rust_decimal::{Decimal, RoundingStrategy};

/// The one rounding strategy for money.
pub const STRATEGY: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Rounds to whole kronor, half away from zero: invoice lines, apportioned
/// totals, external shares.
pub fn round_kr(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(0, STRATEGY)
}

/// Kronor to whole tkr (thousands), half away from zero: the notes' figures.
pub fn to_tkr(amount: Decimal) -> Decimal {
    (amount / Decimal::ONE_THOUSAND).round_dp_with_strategy(0, STRATEGY)
}

/// Rounds to `dp` decimals, half away from zero (rates rounded to öre are
/// `dp = 2`).
pub fn round_dp(amount: Decimal, dp: u32) -> Decimal {
    amount.round_dp_with_strategy(dp, STRATEGY)
}

/// Rounds to a whole number, half away from zero, like money: grown
/// population figures (inhabitants are counted whole, not in kronor).
pub fn round_whole(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, STRATEGY)
}

/// An amount for machine-readable output: `.` decimal point, exactly two
/// decimals (rounded half away from zero), no grouping: `880014.00`.
pub fn plain2(amount: Decimal) -> String {
    let mut out = String::with_capacity(24);
    push_plain2(&mut out, amount);
    out
}

/// Appends [`plain2`] of `amount` to `out`.
pub fn push_plain2(out: &mut String, amount: Decimal) {
    // Whole kronor, as invoiced amounts are: the digits and `.00`.
    if amount.scale() == 0 {
        if let Ok(n) = u64::try_from(amount.mantissa().unsigned_abs()) {
            if amount.is_sign_negative() {
                out.push('-');
            }
            out.push_str(crate::number::digits(u128::from(n), &mut [0u8; 40]));
            out.push_str(".00");
            return;
        }
    }
    let mut a = round_dp(amount, 2);
    a.rescale(2);
    if a.scale() != 2 {
        // Too large to carry two decimals: as `Decimal` writes it.
        out.push_str(&a.to_string());
        return;
    }
    // The text `Decimal` would write (`-0.00` keeps its sign), without its
    // formatting machinery: this runs once per line of every CSV.
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    let n = a.mantissa().unsigned_abs();
    match u64::try_from(n) {
        // The usual case, in cheaper arithmetic than `u128`'s.
        Ok(mut n) => {
            while n > 0 || digits.len() - at < 3 {
                at -= 1;
                digits[at] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        Err(_) => {
            let mut n = n;
            while n > 0 || digits.len() - at < 3 {
                at -= 1;
                digits[at] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
    }
    let digits = &digits[at..];
    let (int, frac) = digits.split_at(digits.len() - 2);
    if a.is_sign_negative() {
        out.push('-');
    }
    out.extend(int.iter().map(|&b| char::from(b)));
    out.push('.');
    out.extend(frac.iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn plain2_of_whole_amounts_is_that_of_decimals() {
        for s in [
            "0",
            "-0",
            "1",
            "-1",
            "7",
            "880014",
            "-880014",
            "18446744073709551615",
            "18446744073709551616",
            "-79228162514264337593543950335",
        ] {
            let whole = d(s);
            let mut with_decimals = whole;
            with_decimals.rescale(2);
            assert_eq!(plain2(whole), with_decimals.to_string(), "{s}");
        }
        // A negative zero keeps its sign, as `Decimal` writes it.
        let mut zero = -Decimal::ZERO;
        assert_eq!(plain2(zero), {
            zero.rescale(2);
            zero.to_string()
        });
        assert_eq!(plain2(d("880014.235")), "880014.24");
    }

    #[test]
    fn half_away_from_zero_not_to_even() {
        assert_eq!(round_kr(d("0.5")), d("1"));
        assert_eq!(round_kr(d("2.5")), d("3"));
        assert_eq!(round_kr(d("-2.5")), d("-3"));
        assert_eq!(round_kr(d("880014.23")), d("880014"));
        assert_eq!(round_kr(d("880014.50")), d("880015"));
        assert_eq!(to_tkr(d("2588500")), d("2589"));
        assert_eq!(to_tkr(d("-1500")), d("-2"));
        assert_eq!(to_tkr(d("1499.99")), d("1"));
        assert_eq!(round_dp(d("6.545"), 2), d("6.55"));
        assert_eq!(plain2(d("880014")), "880014.00");
        assert_eq!(plain2(d("-1500000")), "-1500000.00");
        assert_eq!(plain2(d("0.005")), "0.01");
    }

    #[test]
    fn plain2_writes_what_decimal_writes() {
        for s in [
            "0",
            "-0",
            "-0.001",
            "0.004",
            "-0.005",
            "0.05",
            "1",
            "-1",
            "12.3",
            "123.456",
            "-880014.225",
            "1500000",
            "0.0000000000000000000000000001",
            "792281625142643375935439503.35",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
        ] {
            let mut a = round_dp(d(s), 2);
            a.rescale(2);
            assert_eq!(plain2(d(s)), a.to_string(), "{s}");
        }
    }
}
