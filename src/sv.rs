//! Swedish number formatting for what people read: notes, invoices, basis
//! texts and terminal tables. `2 588`, `6,53 kr`, `55,39 %`, `-1 500`.
//!
//! Pure and locale-free: the output never depends on the machine's locale.
//! Machine-readable outputs (CSV, JSON) do not use this module.

use rust_decimal::Decimal;

use crate::money;

/// Groups the digits of an unsigned integer string by three with a space.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

/// A number with its own decimals (trailing zeros dropped), digits grouped,
/// decimal comma: `6,53`, `114 091`, `1,025`, `-1 500`.
pub fn num(value: Decimal) -> String {
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
    out.push_str(&group(int));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
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

/// An amount in kronor as written in a basis text: `135 000 kr`, `6,53 kr`.
pub fn kr(value: Decimal) -> String {
    format!("{} kr", num(value))
}

/// A fraction as a percentage: `0.5539` is `55,39 %`.
pub fn pct(fraction: Decimal) -> String {
    format!("{} %", num(fraction * Decimal::ONE_HUNDRED))
}

/// A count of inhabitants: `114 091 inv`.
pub fn inv(count: u64) -> String {
    format!("{} inv", group(&count.to_string()))
}

/// Digits grouped by three: `228 306`.
pub fn int(count: u64) -> String {
    group(&count.to_string())
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
