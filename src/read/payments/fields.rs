//! What the payment readers share: a problem placed in its file, amounts
//! in öre, compact dates.

use std::path::Path;

use rust_decimal::Decimal;

use crate::diag::Diagnostic;
use crate::engine::date::Date;
use crate::engine::payment::Place;
use crate::msg::Message;

/// A problem at a place in a file.
pub(super) fn at(path: &Path, place: Place, message: Message) -> Diagnostic {
    let d = Diagnostic::new(message).in_file(path);
    match place.column {
        Some(column) => d.at(place.line.max(1), column),
        None => d.at_line(place.line.max(1)),
    }
}

/// An amount in öre written as digits (BgMax's 18-digit fields), in kronor.
pub(super) fn ore(digits: &[u8]) -> Option<Decimal> {
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let ore = digits.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    Some(Decimal::new(ore, 2))
}

/// A date written `YYYYMMDD`.
pub(super) fn compact_date(digits: &[u8]) -> Option<Date> {
    if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Date::new(i32::try_from(n(0..4)).ok()?, n(4..6), n(6..8))
}
