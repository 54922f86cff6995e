//! Late-payment interest under the Swedish Interest Act (räntelagen, 6 §):
//! the reference rate plus eight percentage points a year, on what is
//! outstanding, from the day after the due date. A payment after the due
//! date lowers what the interest runs on from the day it was booked.
//! Simple interest, a year of 365 days: the kronor-days at the rate
//! divided by 365 once, rounded to öre (half away from zero).

use rust_decimal::Decimal;

use crate::engine::date::Date;
use crate::money;

/// The percentage points räntelagen adds to the reference rate.
pub const POINTS_ABOVE_REFERENCE: Decimal = Decimal::from_parts(8, 0, 0, false, 2);

/// Days in the year that interest is computed by.
pub const DAYS_IN_YEAR: i64 = 365;

/// A stretch of days at one amount outstanding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The first and last day that bear interest (both included).
    pub from: Date,
    pub to: Date,
    pub days: i64,
    /// What was outstanding on those days.
    pub base: Decimal,
}

/// The interest on one document up to a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interest {
    /// The yearly rate, as a fraction (0.12 for 12 %).
    pub rate: Decimal,
    pub periods: Vec<Period>,
    /// Kronor, rounded to öre.
    pub amount: Decimal,
}

/// The yearly rate for a reference rate (fractions: 0.04 gives 0.12).
pub fn rate(reference: Decimal) -> Decimal {
    reference + POINTS_ABOVE_REFERENCE
}

/// The interest at `rate` (a fraction a year) from the day after `due`
/// through `until`, on `outstanding` (what was owed at the end of the due
/// date) less each of `later` (date and amount of a payment booked after
/// the due date, in any order). Nothing when `until` is not after `due`.
pub fn late_interest(
    outstanding: Decimal,
    later: &[(Date, Decimal)],
    due: Date,
    until: Date,
    rate: Decimal,
) -> Interest {
    let mut later: Vec<(Date, Decimal)> = later.iter().filter(|(d, _)| *d > due).copied().collect();
    later.sort();
    let mut periods = Vec::new();
    let mut base = outstanding;
    let mut from = due.add_days(1);
    let mut next = later.iter().peekable();
    while from <= until {
        // The day the next payment lowers the base, or past the end.
        let change = next.peek().map(|(d, _)| *d).filter(|d| *d <= until);
        let to = change.map_or(until, |d| d.add_days(-1));
        if to >= from && base > Decimal::ZERO {
            periods.push(Period {
                from,
                to,
                days: from.days_until(to) + 1,
                base,
            });
        }
        match change {
            Some(d) => {
                while let Some((_, amount)) = next.next_if(|(x, _)| *x == d) {
                    base -= *amount;
                }
                from = d.max(from);
            }
            None => break,
        }
    }
    // One division, at the end: kronor-days at the rate, per year.
    let kronor_days: Decimal = periods.iter().map(|p| p.base * Decimal::from(p.days)).sum();
    let exact = kronor_days * rate / Decimal::from(DAYS_IN_YEAR);
    Interest {
        rate,
        periods,
        amount: money::round_dp(exact, 2),
    }
}
