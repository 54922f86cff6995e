//! Calendar dates for invoices: parse, print, add days and months. Civil
//! (proleptic Gregorian) arithmetic; no clock, no time zone.

use std::fmt;
use std::str::FromStr;

use crate::msg;
use crate::msg::Message;

/// A date (`2024-01-15`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day))
        .then_some(Date { year, month, day })
    }

    /// Days since 0000-03-01 (a day count that makes adding days simple).
    fn to_days(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year - 1, self.month + 12)
        } else {
            (self.year, self.month)
        };
        let y = i64::from(y);
        365 * y + y / 4 - y / 100 + y / 400 + (153 * (i64::from(m) - 3) + 2) / 5 + i64::from(self.day) - 1
    }

    fn from_days(days: i64) -> Date {
        // Inverse of `to_days` (Howard Hinnant's civil_from_days, shifted).
        let era = days.div_euclid(146_097);
        let doe = days.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// The same day `n` months later, or the month's last day if shorter.
    pub fn add_months(self, n: u32) -> Date {
        let months = self.month - 1 + n;
        let year = self.year + (months / 12) as i32;
        let month = months % 12 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// The days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// `20240115`, as SIE writes dates.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Message;

    fn from_str(s: &str) -> Result<Date, Message> {
        let bad = || msg!("date-expected", found = msg::quoted(s));
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let (y, m, d) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        Date::new(y, m, d).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(d("2024-01-15").to_string(), "2024-01-15");
        assert_eq!(d("2024-01-15").compact(), "20240115");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2024-1-15".parse::<Date>().is_err());
        assert!("15/01/2024".parse::<Date>().is_err());
        // Digits only: no signs or spaces inside.
        assert!("+202-01-15".parse::<Date>().is_err());
        assert!("2024-+1-15".parse::<Date>().is_err());
        assert!("2100-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn adds_days_across_months_and_years() {
        assert_eq!(d("2024-01-15").add_days(30), d("2024-02-14"));
        assert_eq!(d("2024-12-15").add_days(30), d("2025-01-14"));
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2023-02-28").add_days(1), d("2023-03-01"));
        assert_eq!(d("2024-03-01").add_days(-1), d("2024-02-29"));
        // Round trip over several centuries.
        let start = d("1900-01-01");
        for n in (0..100_000).step_by(37) {
            let x = start.add_days(n);
            assert_eq!(x.to_days() - start.to_days(), n, "{x}");
        }
    }

    #[test]
    fn adds_months_clamping_the_day() {
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2024-02-14").add_months(3), d("2024-05-14"));
        assert_eq!(d("2024-11-14").add_months(3), d("2025-02-14"));
    }
}
