//! The notes of the annual report (notes 3–12 in the example): one table per
//! activity with municipality lines, external payers, adjustments and a
//! "Summa", this year beside the previous year, in kronor. Rounding to tkr
//! is the writers' (each line from its kronor, the Summa from the exact sum).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::Tariff;
use super::outcome::{Kind, Outcome};
use super::totals::Totals;
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
    /// The municipality's or payer's name (the label without "Fakturerat"
    /// for a payer); the label for adjustments and the Summa.
    pub party: String,
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
        let Some(mut lines) = note_lines(&name, id, outcome, previous) else {
            continue;
        };
        let current_total: Decimal = lines.iter().map(|l| l.current).sum();
        let previous_total = previous.map(|prev| {
            prev.stated_total(&name)
                .unwrap_or_else(|| lines.iter().filter_map(|l| l.previous).sum())
        });
        lines.push(NoteLine {
            label: "Summa".to_string(),
            party: "Summa".to_string(),
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

/// The lines of the note of activity `name` (`id` in this year's tariff,
/// if it is there), both years side by side, in the notes' order; `None`
/// if neither year has any.
fn note_lines(
    name: &str,
    id: Option<&str>,
    outcome: &Outcome,
    previous: Option<&Actuals>,
) -> Option<Vec<NoteLine>> {
    let mut lines: Vec<NoteLine> = Vec::new();
    // Where each line is: municipalities by code, the others by label.
    let mut index: BTreeMap<(Kind, Option<Code>, String), usize> = BTreeMap::new();
    let mut add = |party: &str, kind: Kind, code: Option<Code>, amount: Decimal, is_current: bool| {
        let label = if kind == Kind::External {
            external_label(party)
        } else {
            party.to_string()
        };
        let key = if kind == Kind::Municipality {
            (kind, code, String::new())
        } else {
            (kind, None, label.clone())
        };
        let line = match index.get(&key) {
            Some(&i) => &mut lines[i],
            None => {
                index.insert(key, lines.len());
                lines.push(NoteLine {
                    label: label.clone(),
                    party: party.to_string(),
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
            line.label = label;
            line.party = party.to_string();
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
            add(&r.party, r.kind, r.code, r.amount, false);
        }
    }
    if let Some(id) = id {
        for l in outcome.lines.iter().filter(|l| *l.activity == *id) {
            add(&l.party, l.kind, l.code, l.amount, true);
        }
    }
    if lines.is_empty() {
        return None;
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
    Some(order.into_iter().map(|i| lines[i].clone()).collect())
}

/// What one party pays in one note's activity, in kronor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fees {
    pub current: Decimal,
    /// `None` without previous actuals.
    pub previous: Option<Decimal>,
}

impl Fees {
    /// This year − last year; `None` without previous actuals.
    pub fn change(&self) -> Option<Decimal> {
        self.previous.map(|p| self.current - p)
    }

    /// The change in per cent of last year, as every output computes it
    /// ([`super::totals::change_pct`]); `None` where last year is 0 or
    /// unknown.
    pub fn change_pct(&self) -> Option<Decimal> {
        super::totals::change_pct(self.previous?, self.current)
    }

    fn add(&mut self, other: Fees) {
        self.current += other.current;
        self.previous = match (self.previous, other.previous) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
}

/// What one party (a municipality or an external payer) pays, per note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyFees {
    /// `Municipality` or `External`.
    pub kind: Kind,
    pub code: Option<Code>,
    pub name: String,
    /// One entry per note of [`Notes::notes`], in the same order.
    pub fees: Vec<Fees>,
}

impl PartyFees {
    /// The party's total over all notes.
    pub fn total(&self) -> Fees {
        sum(self.fees.iter().copied())
    }
}

/// Sums fees, keeping `previous` unknown only when every part is.
pub fn sum(fees: impl IntoIterator<Item = Fees>) -> Fees {
    let mut total = Fees::default();
    for f in fees {
        total.add(f);
    }
    total
}

/// The notes' invoiced lines per party: municipalities (by code) in Swedish
/// name order, then external payers (by name). Adjustments are left out:
/// nobody pays them. Matching of last year is the notes' own.
pub fn by_party(notes: &Notes) -> Vec<PartyFees> {
    let mut parties: Vec<PartyFees> = Vec::new();
    // A party absent from a note paid nothing there, in either year.
    let nothing = Fees {
        current: Decimal::ZERO,
        previous: notes.previous_year.map(|_| Decimal::ZERO),
    };
    for (i, note) in notes.notes.iter().enumerate() {
        for l in note.lines.iter().filter(|l| l.kind.invoiced()) {
            let found = parties.iter().position(|p| {
                p.kind == l.kind
                    && if l.kind == Kind::Municipality {
                        p.code == l.code
                    } else {
                        p.name == l.party
                    }
            });
            let p = match found {
                Some(p) => p,
                None => {
                    parties.push(PartyFees {
                        kind: l.kind,
                        code: l.code,
                        name: l.party.clone(),
                        fees: vec![nothing; notes.notes.len()],
                    });
                    parties.len() - 1
                }
            };
            let p = &mut parties[p];
            p.fees[i].add(Fees {
                current: l.current,
                previous: l.previous,
            });
            // This year's spelling of the name wins.
            if !l.current.is_zero() {
                p.name = l.party.clone();
            }
        }
    }
    parties.sort_by_cached_key(|p| (p.kind, sv::collation_key(&p.name), p.code));
    parties
}

/// Every note's lines together: this year's charges and adjustments, and
/// last year's (`None` without last year's actuals). Last year's are the
/// sums of its lines, not of the notes' stated Summa rows.
pub fn totals(notes: &Notes) -> (Totals, Option<Totals>) {
    let mut current = Totals::default();
    let mut previous = notes.previous_year.map(|_| Totals::default());
    for l in notes.notes.iter().flat_map(|n| &n.lines) {
        current.add(l.kind, l.current);
        if let (Some(p), Some(amount)) = (previous.as_mut(), l.previous) {
            p.add(l.kind, amount);
        }
    }
    (current, previous)
}

/// How a note labels an external payer's line.
pub fn external_label(payer: &str) -> String {
    format!("Fakturerat {payer}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(kind: Kind, code: Option<u16>, party: &str, current: &str, previous: &str) -> NoteLine {
        NoteLine {
            label: party.to_string(),
            party: party.to_string(),
            kind,
            code: code.and_then(Code::new),
            current: d(current),
            previous: Some(d(previous)),
        }
    }

    #[test]
    fn parties_gather_their_invoiced_lines_across_notes() {
        let notes = Notes {
            year: 2023,
            previous_year: Some(2022),
            notes: vec![
                Note {
                    number: Some(3),
                    activity: "A".into(),
                    lines: vec![
                        line(Kind::Municipality, Some(1490), "Borås", "100", "90"),
                        line(Kind::Municipality, Some(1442), "Vårgårda", "10", "0"),
                        line(Kind::Adjustment, None, "Överskott", "-50", "0"),
                        line(Kind::Total, None, "Summa", "60", "90"),
                    ],
                },
                Note {
                    number: Some(4),
                    activity: "B".into(),
                    lines: vec![
                        line(Kind::Municipality, Some(1490), "Borås stad", "5", "4"),
                        line(Kind::External, None, "HSNK", "7", "7"),
                        line(Kind::Total, None, "Summa", "12", "11"),
                    ],
                },
            ],
        };
        let parties = by_party(&notes);
        let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
        // Swedish order (Borås before Vårgårda), payers after municipalities;
        // Borås matched by code across notes, this year's spelling last seen.
        assert_eq!(names, ["Borås stad", "Vårgårda", "HSNK"]);
        let boras = &parties[0];
        assert_eq!(
            boras.total(),
            Fees {
                current: d("105"),
                previous: Some(d("94"))
            }
        );
        assert_eq!(boras.total().change(), Some(d("11")));
        // Absent from a note: nothing there, in either year.
        assert_eq!(
            parties[1].fees[1],
            Fees {
                current: d("0"),
                previous: Some(d("0"))
            }
        );
        assert_eq!(parties[1].total().change_pct(), None);
        assert_eq!(parties[2].fees[0].current, d("0"));
        assert_eq!(parties[2].total().change_pct(), Some(d("0")));
    }
}
