//! What was actually charged in a year, per activity and party: last year's
//! basis for "previous × (1 + index)" rules and the notes' comparison column.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::code::Code;
use super::outcome::Kind;
use crate::sv;

/// One row of an actuals file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualRow {
    pub note: Option<u32>,
    /// The activity's name, as the tariff's activities are named.
    pub activity: String,
    pub kind: Kind,
    /// The municipality (kind `municipality` only).
    pub code: Option<Code>,
    /// The municipality's or payer's name, or the adjustment's label.
    pub party: String,
    /// Kronor.
    pub amount: Decimal,
}

/// What an actuals file's amounts are: what was booked (the outcome,
/// *utfall*), or what a tariff computed for the year (a budget: `calc`'s
/// CSV read back, `project`'s previous-year file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Figures {
    #[default]
    Actual,
    Budget,
}

impl Figures {
    /// The word a heading puts after the year: `2022 (utfall)`, `2023 (budget)`.
    pub fn label_sv(self) -> &'static str {
        match self {
            Figures::Actual => "utfall",
            Figures::Budget => "budget",
        }
    }

    /// The word as a file's `status` column writes it, in English or Swedish.
    pub fn parse(s: &str) -> Option<Figures> {
        match s.trim().to_lowercase().as_str() {
            "actual" | "actuals" | "utfall" => Some(Figures::Actual),
            "budget" => Some(Figures::Budget),
            _ => None,
        }
    }
}

/// A year's actual amounts. Rows of the same activity and party add up.
/// `Kind::Total` rows are the totals as published (the notes' "Summa"),
/// which may differ from the sum of the rounded lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actuals {
    /// Booked amounts or a budget.
    pub figures: Figures,
    pub year: Option<i32>,
    /// The line the year was first read on (0 when none).
    pub year_line: usize,
    pub rows: Vec<ActualRow>,
    /// What the reader made of the file that a person should know (amounts
    /// read in tkr, the column read of several years): `check` shows it.
    pub read_notes: Vec<crate::msg::Message>,
}

impl Actuals {
    /// The amount charged to a municipality in an activity, summed over rows;
    /// `None` if it has no row there.
    pub fn municipality_amount(&self, activity: &str, code: Code) -> Option<Decimal> {
        self.sum(|r| r.kind == Kind::Municipality && r.activity == activity && r.code == Some(code))
    }

    /// Every municipality's amount in an activity, summed over rows (as
    /// [`Actuals::municipality_amount`] gives each), in one pass.
    pub fn municipality_amounts(&self, activity: &str) -> BTreeMap<Code, Decimal> {
        let mut out: BTreeMap<Code, Decimal> = BTreeMap::new();
        for r in &self.rows {
            if let (Kind::Municipality, Some(code), true) = (r.kind, r.code, r.activity == activity) {
                out.entry(code)
                    .and_modify(|sum| *sum += r.amount)
                    .or_insert(r.amount);
            }
        }
        out
    }

    /// The published total of an activity, if the file states one.
    pub fn stated_total(&self, activity: &str) -> Option<Decimal> {
        self.sum(|r| r.kind == Kind::Total && r.activity == activity)
    }

    /// Sum of an activity's lines (all kinds but totals).
    pub fn line_sum(&self, activity: &str) -> Decimal {
        self.sum(|r| r.kind != Kind::Total && r.activity == activity)
            .unwrap_or_default()
    }

    fn sum(&self, keep: impl Fn(&ActualRow) -> bool) -> Option<Decimal> {
        self.rows
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.amount)
            .reduce(|a, b| a + b)
    }

    /// Activity names with their note numbers (the lowest given), in note
    /// order, activities without a number last, then in Swedish name order:
    /// never in the order of the file's rows.
    pub fn activities(&self) -> Vec<(Option<u32>, &str)> {
        let mut notes: BTreeMap<&str, Option<u32>> = BTreeMap::new();
        for r in &self.rows {
            let note = notes.entry(&r.activity).or_insert(r.note);
            *note = match (*note, r.note) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let mut activities: Vec<(Option<u32>, &str)> = notes.into_iter().map(|(a, n)| (n, a)).collect();
        activities.sort_by_cached_key(|(note, a)| (note.unwrap_or(u32::MAX), sv::collation_key(a), *a));
        activities
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(note: Option<u32>, activity: &str) -> ActualRow {
        ActualRow {
            note,
            activity: activity.to_string(),
            kind: Kind::Municipality,
            code: Code::new(1490),
            party: "Borås".to_string(),
            amount: Decimal::ONE,
        }
    }

    #[test]
    fn activities_do_not_follow_the_order_of_the_rows() {
        let rows = vec![
            row(None, "Öppna data"),
            row(Some(6), "Välfärd"),
            row(None, "Ärenden"),
            row(Some(3), "Kansli"),
            row(Some(6), "Välfärd"),
            row(None, "Åtgärder"),
        ];
        let expected = vec![
            (Some(3), "Kansli"),
            (Some(6), "Välfärd"),
            (None, "Åtgärder"),
            (None, "Ärenden"),
            (None, "Öppna data"),
        ];
        let mut actuals = Actuals {
            rows,
            ..Actuals::default()
        };
        assert_eq!(actuals.activities(), expected);
        actuals.rows.reverse();
        assert_eq!(actuals.activities(), expected);
    }
}
