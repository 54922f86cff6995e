//! Numbers as written: the text of a number (`6.53`, `135_000`, `1.5e3`)
//! as exactly that decimal, never through a binary float and never
//! rounded. The tariff reader, `solve` and the writer of projected tariffs
//! share it.

use rust_decimal::Decimal;
use toml_edit::Value;

use crate::msg;
use crate::msg::Message;

/// The decimal digits of an unsigned integer, into `buf`; returns them.
pub fn digits(n: u128, buf: &mut [u8; 40]) -> &str {
    let mut at = buf.len();
    match u64::try_from(n) {
        // The usual case, in cheaper arithmetic than `u128`'s.
        Ok(mut n) => loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        },
        Err(_) => {
            let mut n = n;
            loop {
                at -= 1;
                buf[at] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// A TOML number's text as an exact decimal: `6.53`, `135_000`, `1e3`.
pub fn parse_number(text: &str) -> Option<Decimal> {
    exact_decimal(text).ok()
}

/// The most significant digits a number may have: what the decimal type
/// holds exactly.
pub const MAX_DIGITS: usize = 28;

/// A number's text (`6.53`, `-135_000`, `1.5e3`, `2E-2`) as exactly that
/// decimal, or why it cannot be: not a number, or more significant digits
/// (or decimal places) than [`MAX_DIGITS`], which would be rounded. Never
/// rounds.
pub fn exact_decimal(text: &str) -> Result<Decimal, Message> {
    let t = text.trim().replace('_', "");
    let not_a_number = || msg!("number-not-finite", found = text.trim());
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().map_err(|_| not_a_number())?),
        None => (t.as_str(), 0),
    };
    let (negative, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits_only(int) || !digits_only(frac) || exponent.abs() > 1000 {
        return Err(not_a_number());
    }
    // The significant digits, and where the point is among them.
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0');
    let point = int.len() as i64 + exponent - (all.len() - significant.len()) as i64;
    let significant = significant.trim_end_matches('0');
    if significant.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if significant.len() > MAX_DIGITS {
        return Err(msg!(
            "number-too-many-digits",
            number = text.trim(),
            digits = significant.len(),
            max = MAX_DIGITS
        ));
    }
    let scale = significant.len() as i64 - point;
    if scale > MAX_DIGITS as i64 {
        return Err(msg!(
            "number-too-many-places",
            number = text.trim(),
            places = scale,
            max = MAX_DIGITS
        ));
    }
    let plain = if scale <= 0 {
        format!("{significant}{}", "0".repeat((-scale) as usize))
    } else if point <= 0 {
        format!("0.{}{significant}", "0".repeat((-point) as usize))
    } else {
        let (i, f) = significant.split_at(point as usize);
        format!("{i}.{f}")
    };
    let d = Decimal::from_str_exact(&plain)
        .map_err(|_| msg!("number-too-many", number = text.trim(), max = MAX_DIGITS))?;
    Ok(if negative { -d } else { d })
}

/// Whether [`exact_decimal`] refused a number for having more digits than
/// it keeps (rather than a text that is no number).
pub fn too_precise(why: &Message) -> bool {
    why.id() != "number-not-finite"
}

/// A number value of a document made or edited in memory (no spans): read
/// from its text as written or formatted.
pub fn value_number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Integer(i) => parse_number(&i.display_repr()),
        Value::Float(f) => parse_number(&f.display_repr()),
        _ => None,
    }
}
