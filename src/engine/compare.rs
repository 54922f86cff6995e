//! Year-on-year comparison: per party and activity, A, B, the change, and
//! where the change comes from. The four effects always sum exactly to the
//! change:
//!
//! - participation: the whole change where the party joined (A is 0) or
//!   left (B is 0) the activity;
//! - population: A's rate per inhabitant on the change in population;
//! - rate: the change in rate per inhabitant on B's population;
//! - other: the rest (fixed parts, agreements, apportionment, external
//!   payers, adjustments, rounding).
//!
//! Population and rate effects are rounded to whole kronor (half away from
//! zero); other takes the remainder, so nothing is lost. They need rates on
//! both sides: where a side is an actuals file there are none, and the
//! change is participation or other.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::Tariff;
use super::outcome::{Kind, Outcome};
use crate::{money, sv};

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// Whether amounts carry their per-inhabitant rates (a computed tariff).
    pub has_rates: bool,
    pub entries: Vec<Entry>,
}

/// An amount of a party in an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub note: Option<u32>,
    /// Activity name (activities are matched by name, as in the notes).
    pub activity: String,
    pub kind: Kind,
    pub code: Option<Code>,
    /// Municipality or payer name, or adjustment label.
    pub party: String,
    pub amount: Decimal,
    /// Inhabitants and rate per inhabitant, for amounts from rates.
    pub per_inhabitant: Option<(u64, Decimal)>,
}

impl Ledger {
    /// A computed tariff's lines.
    pub fn from_outcome(tariff: &Tariff, outcome: &Outcome) -> Ledger {
        let entries = outcome
            .lines
            .iter()
            .map(|l| {
                let activity = tariff.activities.get(&*l.activity);
                Entry {
                    note: activity.and_then(|a| a.note),
                    activity: activity.map_or_else(|| l.activity.to_string(), |a| a.name.clone()),
                    kind: l.kind,
                    code: l.code,
                    party: l.party.to_string(),
                    amount: l.amount,
                    per_inhabitant: l.per_inhabitant,
                }
            })
            .collect();
        Ledger {
            has_rates: true,
            entries,
        }
    }

    /// An actuals file's rows (stated totals left out).
    pub fn from_actuals(actuals: &Actuals) -> Ledger {
        let entries = actuals
            .rows
            .iter()
            .filter(|r| r.kind != Kind::Total)
            .map(|r| Entry {
                note: r.note,
                activity: r.activity.clone(),
                kind: r.kind,
                code: r.code,
                party: r.party.clone(),
                amount: r.amount,
                per_inhabitant: None,
            })
            .collect();
        Ledger {
            has_rates: false,
            entries,
        }
    }
}

/// One row of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub note: Option<u32>,
    /// Empty in the per-municipality totals.
    pub activity: String,
    pub kind: Kind,
    pub code: Option<Code>,
    /// Empty in the per-activity totals.
    pub party: String,
    pub a: Decimal,
    pub b: Decimal,
    pub population_effect: Decimal,
    pub rate_effect: Decimal,
    pub participation_effect: Decimal,
    pub other_effect: Decimal,
}

impl Row {
    /// A row of zeros, to sum rows into.
    pub fn zero(note: Option<u32>, activity: String, kind: Kind, code: Option<Code>, party: String) -> Row {
        Row {
            note,
            activity,
            kind,
            code,
            party,
            a: Decimal::ZERO,
            b: Decimal::ZERO,
            population_effect: Decimal::ZERO,
            rate_effect: Decimal::ZERO,
            participation_effect: Decimal::ZERO,
            other_effect: Decimal::ZERO,
        }
    }

    /// B − A.
    pub fn delta(&self) -> Decimal {
        self.b - self.a
    }

    /// The change in per cent of A (two decimals), `None` where A is 0.
    pub fn delta_pct(&self) -> Option<Decimal> {
        (!self.a.is_zero()).then(|| money::round_dp(self.delta() * Decimal::ONE_HUNDRED / self.a, 2))
    }

    /// Adds another row's amounts and effects (for totals).
    pub fn add(&mut self, other: &Row) {
        self.a += other.a;
        self.b += other.b;
        self.population_effect += other.population_effect;
        self.rate_effect += other.rate_effect;
        self.participation_effect += other.participation_effect;
        self.other_effect += other.other_effect;
    }
}

/// Amounts of one (activity, party) on one side.
#[derive(Default)]
struct Side {
    amount: Decimal,
    inhabitants: Option<u64>,
    /// Sum of the rates of the lines that have one.
    rate: Option<Decimal>,
}

type Key = (String, Kind, Option<Code>, String);

fn key(e: &Entry) -> Key {
    // Municipalities by code, payers and adjustments by name.
    let party = if e.kind == Kind::Municipality {
        String::new()
    } else {
        e.party.clone()
    };
    (e.activity.clone(), e.kind, e.code, party)
}

fn sides(l: &Ledger) -> BTreeMap<Key, Side> {
    let mut out: BTreeMap<Key, Side> = BTreeMap::new();
    for e in &l.entries {
        let s = out.entry(key(e)).or_default();
        s.amount += e.amount;
        if let Some((n, rate)) = e.per_inhabitant {
            s.inhabitants = Some(n);
            s.rate = Some(s.rate.unwrap_or_default() + rate);
        }
    }
    out
}

/// Compares two ledgers, one row per (activity, party) in either.
pub fn compare(a: &Ledger, b: &Ledger) -> Vec<Row> {
    let (sa, sb) = (sides(a), sides(b));
    // Names and notes, B's where both have them.
    // Note and name of each row, whatever the order of the entries: the
    // smallest note, and the first name in order (B's where B has the row).
    let mut info: BTreeMap<Key, (Option<u32>, String)> = BTreeMap::new();
    for (side, entries) in [(0, &a.entries), (1, &b.entries)] {
        let mut names: BTreeMap<Key, (Option<u32>, String)> = BTreeMap::new();
        for e in entries.iter() {
            let slot = names.entry(key(e)).or_insert_with(|| (e.note, e.party.clone()));
            slot.0 = match (slot.0, e.note) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            if e.party < slot.1 {
                slot.1 = e.party.clone();
            }
        }
        for (k, (note, party)) in names {
            let slot = info.entry(k).or_insert_with(|| (note, party.clone()));
            slot.0 = match (slot.0, note) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            if side == 1 {
                slot.1 = party;
            }
        }
    }
    let mut rows: Vec<Row> = info
        .into_iter()
        .map(|(k, (note, party))| {
            let zero = Side::default();
            let (x, y) = (sa.get(&k).unwrap_or(&zero), sb.get(&k).unwrap_or(&zero));
            let delta = y.amount - x.amount;
            let mut row = Row {
                note,
                activity: k.0.clone(),
                kind: k.1,
                code: k.2,
                party,
                a: x.amount,
                b: y.amount,
                population_effect: Decimal::ZERO,
                rate_effect: Decimal::ZERO,
                participation_effect: Decimal::ZERO,
                other_effect: Decimal::ZERO,
            };
            let party = matches!(row.kind, Kind::Municipality | Kind::External);
            if party && x.amount.is_zero() != y.amount.is_zero() {
                row.participation_effect = delta;
            } else {
                if let (Some(pa), Some(pb)) = (x.inhabitants, y.inhabitants) {
                    let (ra, rb) = (x.rate.unwrap_or_default(), y.rate.unwrap_or_default());
                    let change = Decimal::from(pb) - Decimal::from(pa);
                    row.population_effect = money::round_kr(ra * change);
                    row.rate_effect = money::round_kr((rb - ra) * Decimal::from(pb));
                }
                row.other_effect = delta - row.population_effect - row.rate_effect;
            }
            row
        })
        .collect();
    rows.sort_by_cached_key(|r| {
        (
            r.note.unwrap_or(u32::MAX),
            r.activity.clone(),
            r.kind,
            sv::collation_key(&r.party),
            r.code,
        )
    });
    rows
}

/// Totals per municipality (and payer); adjustments in one row.
pub fn by_party(rows: &[Row]) -> Vec<Row> {
    let mut groups: BTreeMap<(Kind, Option<Code>, String), Row> = BTreeMap::new();
    for r in rows {
        let party = match r.kind {
            Kind::Adjustment => "Justeringar".to_string(),
            Kind::Municipality => String::new(),
            _ => r.party.clone(),
        };
        let label = if r.kind == Kind::Adjustment {
            "Justeringar".to_string()
        } else {
            r.party.clone()
        };
        let total = groups
            .entry((r.kind, r.code, party))
            .or_insert_with(|| Row::zero(None, String::new(), r.kind, r.code, label));
        total.add(r);
    }
    let mut out: Vec<Row> = groups.into_values().collect();
    out.sort_by_cached_key(|r| (r.kind, sv::collation_key(&r.party), r.code));
    out
}

/// Totals per activity (all parties and adjustments).
pub fn by_activity(rows: &[Row]) -> Vec<Row> {
    let mut groups: BTreeMap<(u32, String), Row> = BTreeMap::new();
    for r in rows {
        let total = groups
            .entry((r.note.unwrap_or(u32::MAX), r.activity.clone()))
            .or_insert_with(|| Row::zero(r.note, r.activity.clone(), Kind::Total, None, String::new()));
        total.add(r);
    }
    groups.into_values().collect()
}

/// The label of a row's party: the payer's name, as in `calc`, the report
/// and the workbooks (only the notes say "Fakturerat HSNK").
pub fn label(r: &Row) -> String {
    r.party.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn entry(code: u16, amount: &str, per: Option<(u64, &str)>) -> Entry {
        Entry {
            note: Some(8),
            activity: "DSO".into(),
            kind: Kind::Municipality,
            code: Code::new(code),
            party: format!("K{code}"),
            amount: d(amount),
            per_inhabitant: per.map(|(n, r)| (n, d(r))),
        }
    }

    #[test]
    fn effects_split_the_change_exactly() {
        // A: 100 inv × 6,53 + 135 000 = 135 653; B: 110 inv × 6,69 + 138 375 = 139 110,9 → 139 111.
        let a = Ledger {
            has_rates: true,
            entries: vec![entry(1490, "135653", Some((100, "6.53")))],
        };
        let b = Ledger {
            has_rates: true,
            entries: vec![entry(1490, "139111", Some((110, "6.69")))],
        };
        let rows = compare(&a, &b);
        let r = &rows[0];
        assert_eq!(r.delta(), d("3458"));
        assert_eq!(r.population_effect, d("65")); // 6,53 × 10 = 65,3 → 65
        assert_eq!(r.rate_effect, d("18")); // 0,16 × 110 = 17,6 → 18
        assert_eq!(r.other_effect, d("3375")); // the fixed part's 3 375, rounding absorbed
        assert_eq!(
            r.population_effect + r.rate_effect + r.participation_effect + r.other_effect,
            r.delta()
        );
    }

    #[test]
    fn joining_and_leaving_are_participation() {
        let a = Ledger {
            has_rates: false,
            entries: vec![entry(1490, "100", None)],
        };
        let b = Ledger {
            has_rates: true,
            entries: vec![entry(1466, "150000", None)],
        };
        let rows = compare(&a, &b);
        assert_eq!(rows.len(), 2);
        let joined = rows.iter().find(|r| r.code == Code::new(1466)).unwrap();
        assert_eq!(
            (joined.a, joined.b, joined.participation_effect),
            (d("0"), d("150000"), d("150000"))
        );
        assert_eq!(joined.delta_pct(), None);
        let left = rows.iter().find(|r| r.code == Code::new(1490)).unwrap();
        assert_eq!(left.participation_effect, d("-100"));
        assert_eq!(left.delta_pct(), Some(d("-100")));
    }
}
