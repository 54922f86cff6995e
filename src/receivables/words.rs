//! What several receivables commands say and parse alike: amounts in
//! messages, a status's name, `--amount` and `--fee`, `--reference-rate`.

use rust_decimal::Decimal;

use crate::engine::receivables::statement::Status;
use crate::msg;
use crate::msg::Message;

/// An amount as messages show it: `1 250,00 kr`.
pub fn kr(amount: rust_decimal::Decimal) -> String {
    format!("{} kr", crate::sv::num_dp(amount, 2))
}

/// A status as messages name it.
pub fn status_message(s: Status) -> Message {
    match s {
        Status::Unpaid => msg!("receivables-status-unpaid"),
        Status::PartlyPaid => msg!("receivables-status-partly-paid"),
        Status::Paid => msg!("receivables-status-paid"),
        Status::Overpaid => msg!("receivables-status-overpaid"),
        Status::Credited => msg!("receivables-status-credited"),
    }
}

/// An amount as `--amount` takes it: kronor with at most two decimals, a
/// point or a comma before them, spaces between thousands.
pub fn parse_amount(text: &str) -> Result<Decimal, Message> {
    let plain: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let ok = !plain.is_empty()
        && plain
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.')
        && plain.matches('.').count() <= 1;
    let value: Option<Decimal> = ok.then(|| plain.parse().ok()).flatten();
    match value {
        Some(v) if v.scale() <= 2 && !v.is_zero() && v.abs() < Decimal::from(1_000_000_000_000_000i64) => {
            Ok(v)
        }
        _ => Err(msg!("allocate-bad-amount", found = msg::quoted(text))),
    }
}

/// A rate as `--reference-rate` takes it: `4%`, `4,0 %`, `3.75%` or a
/// fraction `0.04`; from −10 % to 100 %.
pub fn parse_rate(text: &str) -> Result<Decimal, Message> {
    let t: String = text
        .trim()
        .replace(',', ".")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let value = match t.strip_suffix('%') {
        Some(p) => p.parse::<Decimal>().ok().map(|v| v / Decimal::ONE_HUNDRED),
        None => t.parse::<Decimal>().ok(),
    };
    match value {
        Some(v) if v >= Decimal::new(-1, 1) && v <= Decimal::ONE && v.scale() <= 6 => Ok(v.normalize()),
        _ => Err(msg!("remind-bad-rate", found = msg::quoted(text))),
    }
}
