//! Swedish number formatting for what people read: notes, invoices, basis
//! texts and terminal tables. `2 588`, `6,53 kr`, `55,39 %`, `-1 500`.
//!
//! Pure and locale-free: the output never depends on the machine's locale.
//! Machine-readable outputs (CSV, JSON) do not use this module.

use rust_decimal::Decimal;

use crate::money;
use crate::number::digits;

/// Appends ASCII digits grouped by three with a space.
fn push_grouped(out: &mut String, digits: &str) {
    let n = digits.len();
    for (i, b) in digits.bytes().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(char::from(b));
    }
}

/// The pieces joined, in one allocation of the exact size: the basis texts
/// of millions of lines are built with this rather than `format!`, which
/// grows its text as it goes.
pub fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

/// A number with its own decimals (trailing zeros dropped), digits grouped,
/// decimal comma: `6,53`, `114 091`, `1,025`, `-1 500`.
pub fn num(value: Decimal) -> String {
    let mut out = String::with_capacity(16);
    push_num(&mut out, value);
    out
}

/// Appends [`num`] of `value`, without the allocations of formatting first.
pub fn push_num(out: &mut String, value: Decimal) {
    let v = value.normalize();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    let scale = v.scale() as usize;
    let mut buf = [0u8; 40];
    let all = digits(v.mantissa().unsigned_abs(), &mut buf);
    if all.len() > scale {
        let (int, frac) = all.split_at(all.len() - scale);
        push_grouped(out, int);
        if !frac.is_empty() {
            out.push(',');
            out.push_str(frac);
        }
    } else {
        // 0,05: the digits are all decimals, after leading zeros.
        out.push_str("0,");
        for _ in all.len()..scale {
            out.push('0');
        }
        out.push_str(all);
    }
}

/// A number rounded (half away from zero) to exactly `dp` decimals:
/// `num_dp(6.5, 2)` is `6,50`.
pub fn num_dp(value: Decimal, dp: u32) -> String {
    let mut v = money::round_dp(value, dp);
    v.rescale(dp);
    let s = num(v);
    // `num` drops trailing zeros; put them back to `dp` places.
    if dp == 0 {
        return s;
    }
    let have = s.split_once(',').map(|(_, f)| f.len()).unwrap_or(0);
    let mut s = if have == 0 { format!("{s},") } else { s };
    for _ in have..dp as usize {
        s.push('0');
    }
    s
}

/// Whole kronor, rounded half away from zero: `880 014`.
pub fn kr_int(value: Decimal) -> String {
    num(money::round_kr(value))
}

/// A change in whole kronor with its sign: `+8 095`, `-1 200`, `0`.
pub fn signed_kr(value: Decimal) -> String {
    let whole = money::round_kr(value);
    if whole > Decimal::ZERO {
        format!("+{}", num(whole))
    } else {
        num(whole)
    }
}

/// A change in per cent with its sign, to one decimal: `+1,3 %`, `-0,4 %`,
/// `0,0 %`.
pub fn signed_pct(pct: Decimal) -> String {
    if money::round_dp(pct, 1) > Decimal::ZERO {
        format!("+{} %", num_dp(pct, 1))
    } else {
        format!("{} %", num_dp(pct, 1))
    }
}

/// An amount or a rate in kronor as written in a basis text: whole kronor
/// without decimals (`135 000 kr`, `41 kr`), kronor and öre with at least
/// two decimals (`6,80 kr`, `6,53 kr`), and any further decimals the value
/// has (`6,535 kr`).
pub fn kr(value: Decimal) -> String {
    let mut out = String::with_capacity(20);
    push_kr(&mut out, value);
    out
}

/// Appends [`kr`] of `value`.
pub fn push_kr(out: &mut String, value: Decimal) {
    push_money(out, value);
    out.push_str(" kr");
}

/// Kronor without the unit, as [`kr`] writes them: `6,80`, `41`, `6,535`.
pub fn money(value: Decimal) -> String {
    let mut out = String::with_capacity(16);
    push_money(&mut out, value);
    out
}

fn push_money(out: &mut String, value: Decimal) {
    let at = out.len();
    push_num(out, value);
    // One decimal is öre in tens: `6,8` is written `6,80`.
    if out[at..]
        .find(',')
        .is_some_and(|comma| out.len() - at - comma == 2)
    {
        out.push('0');
    }
}

/// A fraction as a percentage: `0.5539` is `55,39 %`.
pub fn pct(fraction: Decimal) -> String {
    let mut out = String::with_capacity(12);
    push_num(&mut out, fraction * Decimal::ONE_HUNDRED);
    out.push_str(" %");
    out
}

/// A count of inhabitants: `114 091 inv`.
pub fn inv(count: u64) -> String {
    let mut out = int(count);
    out.push_str(" inv");
    out
}

/// Digits grouped by three: `228 306`.
pub fn int(count: u64) -> String {
    let mut out = String::with_capacity(16);
    push_int(&mut out, count);
    out
}

/// Appends [`int`] of `count`.
pub fn push_int(out: &mut String, count: u64) {
    let mut buf = [0u8; 40];
    push_grouped(out, digits(u128::from(count), &mut buf));
}

/// A sort key that orders names the Swedish way (a–z, then å, ä, ö),
/// case-insensitively, independent of the machine's locale.
pub fn collation_key(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' | 'ê' | 'ë' => 'e' as u32,
            'á' | 'à' => 'a' as u32,
            'ü' => 'y' as u32,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kronor_and_ore_have_two_decimals_at_least() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(kr(d("6.8")), "6,80 kr");
        assert_eq!(kr(d("6.80")), "6,80 kr");
        assert_eq!(kr(d("6.53")), "6,53 kr");
        assert_eq!(kr(d("6.535")), "6,535 kr");
        assert_eq!(kr(d("41")), "41 kr");
        assert_eq!(kr(d("41.00")), "41 kr");
        assert_eq!(kr(d("135000")), "135 000 kr");
        assert_eq!(kr(d("-0.5")), "-0,50 kr");
        assert_eq!(kr(d("0.05")), "0,05 kr");
        let mut s = "x ".to_string();
        push_kr(&mut s, d("12.5"));
        assert_eq!(s, "x 12,50 kr");
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn swedish_numbers() {
        assert_eq!(num(d("2588")), "2 588");
        assert_eq!(num(d("-1500")), "-1 500");
        assert_eq!(num(d("6.53")), "6,53");
        assert_eq!(num(d("6.50")), "6,5");
        assert_eq!(num(d("114091")), "114 091");
        assert_eq!(num(d("1000000.25")), "1 000 000,25");
        assert_eq!(num(d("0")), "0");
        assert_eq!(num(d("-0.00")), "0");
        assert_eq!(num(d("999")), "999");
        assert_eq!(num_dp(d("6.5"), 2), "6,50");
        assert_eq!(num_dp(d("880014.225"), 2), "880 014,23");
        assert_eq!(num_dp(d("12"), 2), "12,00");
        assert_eq!(kr(d("135000")), "135 000 kr");
        assert_eq!(pct(d("0.5539")), "55,39 %");
        assert_eq!(inv(114091), "114 091 inv");
        assert_eq!(kr_int(d("880014.5")), "880 015");
    }

    /// `num` as it was first written: through `Decimal`'s own text.
    fn num_by_text(value: Decimal) -> String {
        let v = value.normalize();
        let s = v.abs().to_string();
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let mut out = String::new();
        if v.is_sign_negative() && !v.is_zero() {
            out.push('-');
        }
        push_grouped(&mut out, int);
        if let Some(f) = frac {
            out.push(',');
            out.push_str(f);
        }
        out
    }

    #[test]
    fn digits_without_formatting_agree_with_decimal_text() {
        for s in [
            "0",
            "-0",
            "0.05",
            "-0.05",
            "0.0000000000000000000000000001",
            "1",
            "-1",
            "12",
            "123",
            "1234",
            "-12345.678",
            "100000",
            "0.5",
            "6.530",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "1000.001",
        ] {
            let v = d(s);
            assert_eq!(num(v), num_by_text(v), "{s}");
        }
        for count in [0u64, 7, 999, 1_000, 114_091, u64::MAX] {
            assert_eq!(int(count), num_by_text(Decimal::from(count)), "{count}");
        }
    }

    #[test]
    fn swedish_order() {
        let mut names = vec!["Vårgårda", "Varberg", "Borås", "Örebro", "Ale", "Älmhult"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            ["Ale", "Borås", "Varberg", "Vårgårda", "Älmhult", "Örebro"]
        );
    }
}
