//! A letter per member municipality (and external payer), as data: what
//! it paid last year, what it pays this year, next year's proposal and the
//! plan years after it, per activity; the change from one year to the next
//! explained by `compare`'s effects; the basis of each fee as on the
//! invoices; and the association's totals beside it. `write/letters.rs`
//! puts it into words, `write/pdf/` onto pages.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::code::Code;
use super::compare::{self, ComparisonRow, Ledger};
use super::model::{Rule, Target, Tariff};
use super::outcome::{Kind, Outcome};
use super::population::Population;
use super::totals::Totals;
use crate::sv;

/// What a year's column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// What was booked (last year's actuals).
    Actual,
    /// A year's fees as decided (this year), or a budget read back.
    Budget,
    /// The fees a tariff computes, in a letter of one tariff.
    Fee,
    /// Next year's proposal: the budget year.
    Proposal,
    /// A plan year after the budget year.
    Plan,
}

/// A year's column: its lines and where they come from.
pub struct Column<'a> {
    pub year: i32,
    pub kind: ColumnKind,
    /// The tariff that names the activities and payers (for actuals, the
    /// tariff they are last year's of).
    pub tariff: &'a Tariff,
    pub outcome: &'a Outcome,
    /// Whether the lines carry their tariff's rates and charges (a tariff
    /// computed), so that `compare` can tell population, rate and index
    /// apart; actuals do not.
    pub computed: bool,
    /// The year's population, where known.
    pub population: Option<&'a Population>,
}

/// An activity's row of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub id: String,
    pub note: Option<u32>,
    pub name: String,
    /// The party's amount per column.
    pub amounts: Vec<Decimal>,
    /// The change from the letter's `from` column to its `to` column,
    /// with its effects (they add up to it exactly).
    pub change: ComparisonRow,
    /// The indices of the activity's charges in the `to` year: (name, fraction).
    pub indices: Vec<(String, Decimal)>,
    /// The basis column's lines: (charge name, basis, amount), as invoiced.
    pub basis: Vec<(String, String, Decimal)>,
}

/// One letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// `Municipality` or `External`.
    pub kind: Kind,
    pub code: Option<Code>,
    pub payer: Option<String>,
    pub party: String,
    pub activities: Vec<ActivityRow>,
    /// The party's total per column.
    pub totals: Vec<Decimal>,
    /// The change in all activities, with its effects.
    pub change: ComparisonRow,
    /// Inhabitants in the `from` and `to` columns, where both are known.
    pub inhabitants: Option<(u64, u64)>,
    /// Each later plan year's change from the year before (the pairs of
    /// [`Letters::steps`]), in all activities, with its effects and the
    /// inhabitants of both years.
    pub steps: Vec<(ComparisonRow, Option<(u64, u64)>)>,
}

/// Every letter of a run, with what they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letters {
    /// Each column's year and kind.
    pub columns: Vec<(i32, ColumnKind)>,
    /// The change explained: from this column to that.
    pub from: usize,
    pub to: usize,
    /// The plan years after `to`, each explained from the column before:
    /// (from, to) pairs of computed columns.
    pub steps: Vec<(usize, usize)>,
    /// The column whose lines are each fee's basis.
    pub basis: usize,
    /// The association's totals per column.
    pub association: Vec<Totals>,
    pub letters: Vec<Letter>,
}

/// A column's lines as one side of a comparison.
fn ledger(c: &Column) -> Ledger {
    if c.computed {
        Ledger::from_outcome(c.tariff, c.outcome)
    } else {
        Ledger::from_rows_as_lines(c.tariff, c.outcome)
    }
}

/// A party: a municipality by code, a payer by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Party {
    Municipality(Code),
    Payer(String),
}

/// Whether a line is the party's.
fn of(party: &Party, kind: Kind, code: Option<Code>, payer: Option<&str>) -> bool {
    match party {
        Party::Municipality(c) => kind == Kind::Municipality && code == Some(*c),
        Party::Payer(p) => kind == Kind::External && payer == Some(p.as_str()),
    }
}

/// The letters of `columns` (earliest first): one per municipality that
/// is a member in the basis column's tariff or is invoiced in a computed
/// column, and with `payers` one per external payer invoiced in one.
/// `from` → `to` is the change explained; `basis` the column whose lines
/// are each fee's basis.
pub fn letters(columns: &[Column], from: usize, to: usize, basis: usize, payers: bool) -> Letters {
    let main = columns[basis].tariff;
    let mut parties: BTreeSet<Party> = main
        .municipalities()
        .into_iter()
        .map(Party::Municipality)
        .collect();
    for c in columns.iter().filter(|c| c.computed) {
        for l in c.outcome.lines.iter().filter(|l| l.kind.invoiced()) {
            match (l.kind, l.code, &l.payer) {
                (Kind::Municipality, Some(code), _) => {
                    parties.insert(Party::Municipality(code));
                }
                (Kind::External, _, Some(p)) if payers => {
                    parties.insert(Party::Payer(p.clone()));
                }
                _ => {}
            }
        }
    }
    let rows = compare::compare(&ledger(&columns[from]), &ledger(&columns[to]));
    // Each later computed year against the one before it.
    let steps: Vec<(usize, usize)> = (to + 1..columns.len())
        .filter(|&j| columns[j].computed && columns[j - 1].computed)
        .map(|j| (j - 1, j))
        .collect();
    let step_rows: Vec<Vec<ComparisonRow>> = steps
        .iter()
        .map(|&(a, b)| compare::compare(&ledger(&columns[a]), &ledger(&columns[b])))
        .collect();
    let mut out: Vec<Letter> = parties
        .iter()
        .map(|p| {
            let mut l = letter(columns, from, to, basis, p, &rows);
            l.steps = steps
                .iter()
                .zip(&step_rows)
                .map(|(&(a, b), rows)| {
                    let mut change =
                        ComparisonRow::zero(None, String::new(), l.kind, l.code, l.party.clone());
                    for r in rows.iter().filter(|r| mine(r, p, &columns[basis])) {
                        change.add(r);
                    }
                    (change, inhabitants(&columns[a], &columns[b], p))
                })
                .collect();
            l
        })
        .collect();
    out.sort_by_cached_key(|l| (l.kind, sv::collation_key(&l.party), l.code));
    Letters {
        columns: columns.iter().map(|c| (c.year, c.kind)).collect(),
        from,
        to,
        steps,
        basis,
        association: columns.iter().map(|c| Totals::of(c.outcome)).collect(),
        letters: out,
    }
}

/// One party's letter.
fn letter(
    columns: &[Column],
    from: usize,
    to: usize,
    basis: usize,
    party: &Party,
    rows: &[ComparisonRow],
) -> Letter {
    let main = columns[basis].tariff;
    // The party's amount per (activity, column), and its name.
    let mut amounts: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    let mut name: Option<String> = None;
    for (j, c) in columns.iter().enumerate() {
        for l in &c.outcome.lines {
            if of(party, l.kind, l.code, l.payer.as_deref()) {
                amounts
                    .entry(l.activity.to_string())
                    .or_insert_with(|| vec![Decimal::ZERO; columns.len()])[j] += l.amount;
                if c.computed || name.is_none() {
                    name = Some(l.party.to_string());
                }
            }
        }
    }
    let (kind, code, payer) = match party {
        Party::Municipality(c) => (Kind::Municipality, Some(*c), None),
        Party::Payer(p) => (Kind::External, None, Some(p.clone())),
    };
    let name = name.unwrap_or_else(|| match party {
        Party::Municipality(c) => columns[basis]
            .population
            .and_then(|p| p.get(*c))
            .map_or_else(|| c.to_string(), |r| r.name.clone()),
        Party::Payer(p) => main.payers.get(p).map_or_else(|| p.clone(), |x| x.name.clone()),
    });
    let mine: Vec<&ComparisonRow> = rows.iter().filter(|r| mine(r, party, &columns[basis])).collect();
    let mut ids: Vec<String> = amounts.keys().cloned().collect();
    ids.sort_by_key(|id| main.activity_order(id));
    let activities: Vec<ActivityRow> = ids
        .into_iter()
        .map(|id| {
            let activity = main.activities.get(&id);
            let name = activity.map_or_else(|| id.clone(), |a| a.name.clone());
            let mut change = ComparisonRow::zero(
                activity.and_then(|a| a.note),
                name.clone(),
                kind,
                code,
                String::new(),
            );
            for r in mine.iter().filter(|r| r.activity == name) {
                change.add(r);
            }
            ActivityRow {
                note: activity.and_then(|a| a.note),
                indices: indices(columns[to].tariff, &id),
                basis: basis_lines(&columns[basis], party, &id),
                amounts: amounts[&id].clone(),
                change,
                name,
                id,
            }
        })
        .collect();
    let mut change = ComparisonRow::zero(None, String::new(), kind, code, name.clone());
    for r in &mine {
        change.add(r);
    }
    let totals = (0..columns.len())
        .map(|j| activities.iter().map(|a| a.amounts[j]).sum())
        .collect();
    let inhabitants = inhabitants(&columns[from], &columns[to], party);
    Letter {
        kind,
        code,
        payer,
        party: name,
        activities,
        totals,
        change,
        inhabitants,
        steps: Vec::new(),
    }
}

/// Whether a comparison's row is the party's: a municipality's by its
/// code, a payer's by its name (as the basis column's tariff names it).
fn mine(r: &ComparisonRow, party: &Party, basis: &Column) -> bool {
    match party {
        Party::Municipality(c) => r.kind == Kind::Municipality && r.code == Some(*c),
        Party::Payer(p) => {
            let name = basis.tariff.payers.get(p).map_or(p.as_str(), |x| x.name.as_str());
            r.kind == Kind::External && r.party == name
        }
    }
}

/// A municipality's inhabitants in two columns, where the first is a
/// computed year and both years' population is known.
fn inhabitants(a: &Column, b: &Column, party: &Party) -> Option<(u64, u64)> {
    let count = |c: &Column| match party {
        Party::Municipality(code) => c.population.and_then(|p| p.count(*code)),
        Party::Payer(_) => None,
    };
    match (count(a), count(b)) {
        (Some(x), Some(y)) if a.computed => Some((x, y)),
        _ => None,
    }
}

/// The indices the charges of an activity follow, by name, with their values.
fn indices(t: &Tariff, activity: &str) -> Vec<(String, Decimal)> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for c in t.charges.values() {
        let here = match &c.target {
            Target::Activity(a) => a == activity,
            Target::Split(shares) => shares.contains_key(activity),
        };
        let index = match &c.rule {
            Rule::Previous { index, .. } => Some(index),
            _ => c.index.as_ref(),
        };
        if let (true, Some(i)) = (here, index) {
            if let Some(v) = t.indices.get(i) {
                out.insert(i.clone(), *v);
            }
        }
    }
    out.into_iter().collect()
}

/// The party's lines of an activity in a column: (charge's name, basis, amount).
fn basis_lines(c: &Column, party: &Party, activity: &str) -> Vec<(String, String, Decimal)> {
    c.outcome
        .lines
        .iter()
        .filter(|l| *l.activity == *activity && of(party, l.kind, l.code, l.payer.as_deref()))
        .map(|l| {
            let charge = c
                .tariff
                .charges
                .get(&*l.charge)
                .and_then(|x| x.name.clone())
                .unwrap_or_else(|| l.charge.to_string());
            (charge, l.basis.clone(), l.amount)
        })
        .collect()
}
