//! Exact integer arithmetic in spreadsheet formulas, and its mirror in
//! Rust.
//!
//! A spreadsheet computes in binary doubles. The model never lets a double
//! stand for a decimal where a rounding depends on it: every tariff value
//! is turned into a whole number of small units first (`ROUND(6,53 × 100;
//! 0)` = 653 öre), and from there on every cell holds an integer.
//!
//! Why the formulas give the engine's result:
//!
//! 1. **Inputs to units.** A value with at most `k` decimals, times `10^k`,
//!    is an integer `n`; the double nearest the value, times `10^k`, is
//!    within a few units in the last place of `n` (far less than 0,5 when
//!    `|n| < 2·10^14`), so `ROUND(value × 10^k; 0)` is exactly `n`.
//! 2. **Integers stay exact.** Sums, differences and products of integers
//!    below 2^53 ≈ 9·10^15 are exact in doubles. LibreOffice's "approximate"
//!    addition, subtraction and comparison (`rtl::math::approxEqual`) take
//!    `a` and `b` as equal when `|a − b| < |a|·2^-48`; two different
//!    integers below 2^48 ≈ 2,8·10^14 are never that close, so they compare
//!    and subtract exactly. The generator checks that every integer the
//!    formulas form for the tariff stays below [`LIMIT`] (2·10^14), and
//!    refuses otherwise.
//! 3. **Floor division.** `⌊c / d⌋` is written as `INT(c/d)`, corrected by
//!    one either way with exact integer comparisons:
//!    `INT(c/d) − (INT(c/d)·d > c) + ((INT(c/d)+1)·d ≤ c)`. Whatever a
//!    spreadsheet's `INT` does near a whole number (LibreOffice rounds to 15
//!    significant digits first), `c/d` in doubles is within one of the true
//!    quotient, and the corrections then give the `q` with `q·d ≤ c <
//!    (q+1)·d`: the floor, exactly.
//! 4. **Half away from zero.** An amount of `n` units of `1/d` krona is
//!    rounded to kronor as `SIGN(n) · ⌊(2|n| + d) / 2d⌋`: an exact half
//!    (`2|n| + d` a multiple of `2d`) goes away from zero, as `money::round_kr`
//!    does. No `ROUND` ever sees a half.
//! 5. **Largest remainder.** Parts and remainders are integers (floor
//!    division of integer numerators), so equal remainders are equal cells
//!    and ties go by row, which is code (or activity id) order.

use rust_decimal::Decimal;

/// The largest integer a formula may form: below 2^48, where
/// LibreOffice's approximate comparisons still tell neighbours apart (and
/// far below 2^53, where doubles stop holding every integer).
pub const LIMIT: i128 = 200_000_000_000_000;

/// `10^k`.
pub fn pow10(k: u32) -> i128 {
    10i128.pow(k)
}

/// The number of decimals a value needs.
pub fn decimals(d: Decimal) -> u32 {
    d.normalize().scale()
}

/// A decimal as a whole number of `10^-k` units, when it has at most `k`
/// decimals.
pub fn units(d: Decimal, k: u32) -> Option<i128> {
    let n = d.normalize();
    if n.scale() > k {
        return None;
    }
    let mut x = n;
    x.rescale(k);
    (x.scale() == k).then(|| x.mantissa())
}

/// `⌊c / d⌋` for `d > 0`.
pub fn floor_div(c: i128, d: i128) -> i128 {
    c.div_euclid(d)
}

/// `n / d` rounded half away from zero (`d > 0`).
pub fn round_half(n: i128, d: i128) -> i128 {
    n.signum() * ((2 * n.abs() + d) / (2 * d))
}

/// The formula of `⌊c / d⌋`, exact for integers below [`LIMIT`]; `c` and `d`
/// are cell references, numbers or parenthesised expressions.
pub fn floor_div_f(c: &str, d: &str) -> String {
    format!("(INT({c}/{d})-(INT({c}/{d})*{d}>{c})+((INT({c}/{d})+1)*{d}<={c}))")
}

/// The formula of `n / d` rounded half away from zero to an integer.
pub fn round_half_f(n: &str, d: i128) -> String {
    if d == 1 {
        return n.to_string();
    }
    format!(
        "SIGN({n})*{}",
        floor_div_f(&format!("(2*ABS({n})+{d})"), &(2 * d).to_string())
    )
}

/// The formula of an input cell in `10^-k` units.
pub fn units_f(cell: &str, k: u32) -> String {
    format!("ROUND({cell}*{},0)", pow10(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(round_half(5, 10), 1);
        assert_eq!(round_half(4, 10), 0);
        assert_eq!(round_half(15, 10), 2);
        assert_eq!(round_half(-15, 10), -2);
        assert_eq!(round_half(-14, 10), -1);
        assert_eq!(round_half(88_001_423, 100), 880_014);
        assert_eq!(round_half(0, 100), 0);
    }

    #[test]
    fn units_are_exact_or_none() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(units(d("6.53"), 2), Some(653));
        assert_eq!(units(d("6.530"), 2), Some(653));
        assert_eq!(units(d("135000"), 2), Some(13_500_000));
        assert_eq!(units(d("6.535"), 2), None);
        assert_eq!(decimals(d("0.0250")), 3);
        assert_eq!(floor_div(7, 2), 3);
        assert_eq!(floor_div(-7, 2), -4);
    }

    #[test]
    fn formulas_read_as_intended() {
        assert_eq!(
            floor_div_f("C5", "100"),
            "(INT(C5/100)-(INT(C5/100)*100>C5)+((INT(C5/100)+1)*100<=C5))"
        );
        assert_eq!(units_f("avg_dso_rate", 2), "ROUND(avg_dso_rate*100,0)");
        assert_eq!(round_half_f("E5", 1), "E5");
    }
}
