//! The notes of the annual report (notes 3–12 in the example): one table per
//! activity with municipality lines, external payers, adjustments and a
//! "Summa", this year beside the previous year, in kronor. Rounding to tkr
//! is the writers' (each line from its kronor, the Summa from the exact sum).

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::Tariff;
use super::outcome::{Kind, Outcome};
use crate::money;
use crate::sv;

/// All notes of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    pub year: i32,
    /// The year of the comparison column; `None` without previous actuals.
    pub previous_year: Option<i32>,
    pub notes: Vec<Note>,
}

/// One activity's note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub number: Option<u32>,
    /// The activity's name (the note's heading).
    pub activity: String,
    /// Lines in report order; the last is the `Total` ("Summa").
    pub lines: Vec<NoteLine>,
}

/// One line of a note, in kronor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    pub label: String,
    pub kind: Kind,
    pub code: Option<Code>,
    /// This year (0 where the line exists only last year).
    pub current: Decimal,
    /// Last year; `None` when there are no previous actuals.
    pub previous: Option<Decimal>,
}

impl NoteLine {
    /// This year in tkr, rounded half away from zero from the kronor.
    pub fn current_tkr(&self) -> Decimal {
        money::to_tkr(self.current)
    }

    pub fn previous_tkr(&self) -> Option<Decimal> {
        self.previous.map(money::to_tkr)
    }
}

/// Builds the notes. Activities are matched to last year's by name, lines by
/// municipality code, payer name or adjustment label.
pub fn build(tariff: &Tariff, outcome: &Outcome, previous: Option<&Actuals>) -> Notes {
    let mut activities: Vec<(Option<u32>, String, Option<&str>)> = tariff
        .activities
        .iter()
        .map(|(id, a)| (a.note, a.name.clone(), Some(id.as_str())))
        .collect();
    if let Some(prev) = previous {
        for (note, name) in prev.activities() {
            if !activities.iter().any(|(_, n, _)| n == name) {
                activities.push((note, name.to_string(), None));
            }
        }
    }
    activities.sort_by(|a, b| (a.0.unwrap_or(u32::MAX), a.2).cmp(&(b.0.unwrap_or(u32::MAX), b.2)));

    let mut notes = Vec::new();
    for (number, name, id) in activities {
        let mut lines: Vec<NoteLine> = Vec::new();
        let mut add = |label: &str, kind: Kind, code: Option<Code>, amount: Decimal, is_current: bool| {
            let found = lines.iter_mut().find(|l| {
                l.kind == kind
                    && if kind == Kind::Municipality {
                        l.code == code
                    } else {
                        l.label == label
                    }
            });
            let line = match found {
                Some(l) => l,
                None => {
                    lines.push(NoteLine {
                        label: label.to_string(),
                        kind,
                        code,
                        current: Decimal::ZERO,
                        previous: previous.map(|_| Decimal::ZERO),
                    });
                    lines.last_mut().expect("just pushed")
                }
            };
            if is_current {
                line.current += amount;
                // This year's name wins over last year's spelling.
                line.label = label.to_string();
            } else if let Some(p) = line.previous.as_mut() {
                *p += amount;
            }
        };
        if let Some(prev) = previous {
            for r in prev
                .rows
                .iter()
                .filter(|r| r.activity == name && r.kind != Kind::Total)
            {
                let label = if r.kind == Kind::External {
                    external_label(&r.party)
                } else {
                    r.party.clone()
                };
                add(&label, r.kind, r.code, r.amount, false);
            }
        }
        if let Some(id) = id {
            for l in outcome.lines.iter().filter(|l| l.activity == id) {
                let label = if l.kind == Kind::External {
                    external_label(&l.party)
                } else {
                    l.party.clone()
                };
                add(&label, l.kind, l.code, l.amount, true);
            }
        }
        if lines.is_empty() {
            continue;
        }
        // Municipalities and payers in Swedish name order; adjustments keep
        // last year's order, then this year's new ones as written.
        let mut order: Vec<usize> = (0..lines.len()).collect();
        order.sort_by_cached_key(|&i| {
            let l = &lines[i];
            let name_key = if l.kind == Kind::Adjustment {
                Vec::new()
            } else {
                sv::collation_key(&l.label)
            };
            (l.kind, name_key, l.code, i)
        });
        let mut lines: Vec<NoteLine> = order.into_iter().map(|i| lines[i].clone()).collect();

        let current_total: Decimal = lines.iter().map(|l| l.current).sum();
        let previous_total = previous.map(|prev| {
            prev.stated_total(&name)
                .unwrap_or_else(|| lines.iter().filter_map(|l| l.previous).sum())
        });
        lines.push(NoteLine {
            label: "Summa".to_string(),
            kind: Kind::Total,
            code: None,
            current: current_total,
            previous: previous_total,
        });
        notes.push(Note {
            number,
            activity: name,
            lines,
        });
    }
    Notes {
        year: outcome.year,
        previous_year: previous.map(|p| p.year.unwrap_or(outcome.year - 1)),
        notes,
    }
}

/// How a note labels an external payer's line.
pub fn external_label(payer: &str) -> String {
    format!("Fakturerat {payer}")
}
