//! Year-on-year comparison: per party and activity, A, B, the change, and
//! where the change comes from. The effects always sum exactly to the
//! change:
//!
//! - participation: the whole change where the party joined (A is 0) or
//!   left (B is 0) the activity, or a charge of it;
//! - population: A's rate per inhabitant on the change in population;
//! - rate: the change in rate per inhabitant on B's population;
//! - indexation: the change of fixed amounts (a per-inhabitant charge's
//!   fixed part, `fixed` charges, agreements, external payers' amounts) and
//!   of apportioned totals (A's amount × the total's change, in per cent);
//! - previous year: the change of `previous` charges, which continue last
//!   year's amounts;
//! - adjustments: the change of lines that are not invoiced;
//! - apportionment and rounding: what is left of an apportioned amount (its
//!   share of the total moved), of a share paid by an external payer, and
//!   of a per-inhabitant amount beyond rate × inhabitants + fixed part
//!   (rounding to kronor, floors and caps, a split's largest remainder);
//! - other: the rest (also the rounding of the population and rate effects).
//!
//! Population, rate and indexation of an apportioned amount are rounded to
//! whole kronor (half away from zero); other takes the remainder, so
//! nothing is lost. They need the tariff on both sides: where a side is an
//! actuals file there are no rates or charges, and the change is
//! participation, adjustments or other.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::{Rule, Target, Tariff};
use super::outcome::{Kind, Outcome};
use crate::{money, sv};

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// Whether amounts carry their per-inhabitant rates (a computed tariff).
    pub has_rates: bool,
    pub entries: Vec<LedgerEntry>,
}

/// An amount of a party in an activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
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
    /// The charge that made the amount, and what kind of amount it is
    /// (`None` in actuals).
    pub charge: Option<(String, Source)>,
}

/// What kind of amount a line is, for explaining its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Rate × inhabitants, plus this fixed part (kronor, after a split).
    PerInhabitant { fixed: Decimal },
    /// A fixed amount, an agreement, an external payer's amount.
    Fixed,
    /// A share of an apportioned total.
    Apportioned,
    /// An external payer's share of the municipalities' amounts.
    ExternalShare,
    /// Last year's amount continued.
    Previous,
    /// Not invoiced.
    Adjustment,
}

impl Ledger {
    /// A computed tariff's lines.
    pub fn from_outcome(tariff: &Tariff, outcome: &Outcome) -> Ledger {
        Ledger::of_lines(tariff, outcome, true)
    }

    /// Lines without their rates and charges: an actuals file's rows read
    /// as lines of `tariff`'s year before (`plan::actuals_outcome`).
    pub fn from_rows_as_lines(tariff: &Tariff, outcome: &Outcome) -> Ledger {
        Ledger::of_lines(tariff, outcome, false)
    }

    fn of_lines(tariff: &Tariff, outcome: &Outcome, rates: bool) -> Ledger {
        let entries = outcome
            .lines
            .iter()
            .map(|l| {
                let activity = tariff.activities.get(&*l.activity);
                LedgerEntry {
                    note: activity.and_then(|a| a.note),
                    activity: activity.map_or_else(|| l.activity.to_string(), |a| a.name.clone()),
                    kind: l.kind,
                    code: l.code,
                    party: l.party.to_string(),
                    amount: l.amount,
                    per_inhabitant: l.per_inhabitant.filter(|_| rates),
                    charge: source(tariff, l)
                        .filter(|_| rates)
                        .map(|s| (l.charge.to_string(), s)),
                }
            })
            .collect();
        Ledger {
            has_rates: rates,
            entries,
        }
    }

    /// An actuals file's rows (stated totals left out).
    pub fn from_actuals(actuals: &Actuals) -> Ledger {
        let entries = actuals
            .rows
            .iter()
            .filter(|r| r.kind != Kind::Total)
            .map(|r| LedgerEntry {
                note: r.note,
                activity: r.activity.clone(),
                kind: r.kind,
                code: r.code,
                party: r.party.clone(),
                amount: r.amount,
                per_inhabitant: None,
                charge: None,
            })
            .collect();
        Ledger {
            has_rates: false,
            entries,
        }
    }
}

/// What kind of amount a computed line is.
fn source(tariff: &Tariff, l: &super::outcome::Line) -> Option<Source> {
    if l.kind == Kind::Adjustment {
        return Some(Source::Adjustment);
    }
    let charge = tariff.charges.get(&*l.charge)?;
    if l.kind == Kind::External {
        let payer = l.payer.as_deref()?;
        return Some(match charge.external.get(payer)? {
            super::model::External::Amount(_) => Source::Fixed,
            super::model::External::Share(_) => Source::ExternalShare,
        });
    }
    Some(match &charge.rule {
        Rule::PerInhabitant { fixed, .. } => {
            let share = match &charge.target {
                Target::Activity(_) => Decimal::ONE,
                Target::Split(shares) => shares.get(&*l.activity).copied().unwrap_or(Decimal::ONE),
            };
            Source::PerInhabitant {
                fixed: *fixed * share,
            }
        }
        Rule::Fixed { .. } | Rule::Agreement { .. } => Source::Fixed,
        Rule::Apportion { .. } => Source::Apportioned,
        Rule::Previous { .. } => Source::Previous,
    })
}

/// One row of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
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
    /// Fixed amounts, agreements, totals and external amounts indexed.
    pub index_effect: Decimal,
    /// `previous` charges continued from last year.
    pub previous_effect: Decimal,
    /// Lines not invoiced.
    pub adjustment_effect: Decimal,
    /// Shares of apportioned totals, external shares, rounding.
    pub apportionment_effect: Decimal,
    pub other_effect: Decimal,
}

impl ComparisonRow {
    /// A row of zeros, to sum rows into.
    pub fn zero(
        note: Option<u32>,
        activity: String,
        kind: Kind,
        code: Option<Code>,
        party: String,
    ) -> ComparisonRow {
        ComparisonRow {
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
            index_effect: Decimal::ZERO,
            previous_effect: Decimal::ZERO,
            adjustment_effect: Decimal::ZERO,
            apportionment_effect: Decimal::ZERO,
            other_effect: Decimal::ZERO,
        }
    }

    /// B − A.
    pub fn delta(&self) -> Decimal {
        self.b - self.a
    }

    /// The change in per cent of A (two decimals), `None` where A is 0.
    pub fn delta_pct(&self) -> Option<Decimal> {
        super::totals::change_pct(self.a, self.b)
    }

    /// The effects, in the order of the columns.
    pub fn effects(&self) -> [Decimal; 8] {
        [
            self.population_effect,
            self.rate_effect,
            self.participation_effect,
            self.index_effect,
            self.previous_effect,
            self.adjustment_effect,
            self.apportionment_effect,
            self.other_effect,
        ]
    }

    /// Adds another row's amounts and effects (for totals).
    pub fn add(&mut self, other: &ComparisonRow) {
        self.a += other.a;
        self.b += other.b;
        self.population_effect += other.population_effect;
        self.rate_effect += other.rate_effect;
        self.participation_effect += other.participation_effect;
        self.index_effect += other.index_effect;
        self.previous_effect += other.previous_effect;
        self.adjustment_effect += other.adjustment_effect;
        self.apportionment_effect += other.apportionment_effect;
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
    /// Per charge: its kind of amount, the amount, and rate × inhabitants.
    charges: BTreeMap<String, (Source, Decimal, Decimal)>,
}

type Key = (String, Kind, Option<Code>, String);

fn key(e: &LedgerEntry) -> Key {
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
        let mut by_rate = Decimal::ZERO;
        if let Some((n, rate)) = e.per_inhabitant {
            s.inhabitants = Some(n);
            s.rate = Some(s.rate.unwrap_or_default() + rate);
            by_rate = Decimal::from(n) * rate;
        }
        if let Some((charge, source)) = &e.charge {
            let c = s
                .charges
                .entry(charge.clone())
                .or_insert((*source, Decimal::ZERO, Decimal::ZERO));
            c.1 += e.amount;
            c.2 += by_rate;
        }
    }
    out
}

/// Each (activity, charge)'s municipalities' total on one side: what an
/// apportioned charge divided.
fn apportioned(l: &Ledger) -> BTreeMap<(String, String), Decimal> {
    let mut out: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for e in &l.entries {
        if let (Kind::Municipality, Some((charge, Source::Apportioned))) = (e.kind, &e.charge) {
            *out.entry((e.activity.clone(), charge.clone())).or_default() += e.amount;
        }
    }
    out
}

/// Splits what population and rate leave of a row's change over the
/// charges it is made of.
fn explain(row: &mut ComparisonRow, x: &Side, y: &Side, totals: [&BTreeMap<(String, String), Decimal>; 2]) {
    let mut charges: Vec<&String> = x.charges.keys().chain(y.charges.keys()).collect();
    charges.sort();
    charges.dedup();
    for c in charges {
        match (x.charges.get(c), y.charges.get(c)) {
            (Some(_), None) | (None, Some(_)) => {
                // Joined or left this charge, in an activity it stays in.
                let delta = y.charges.get(c).map_or(Decimal::ZERO, |v| v.1)
                    - x.charges.get(c).map_or(Decimal::ZERO, |v| v.1);
                row.participation_effect += delta;
            }
            (Some(&(sa, aa, ra)), Some(&(sb, ab, rb))) => {
                let delta = ab - aa;
                match (sa, sb) {
                    (Source::PerInhabitant { fixed: fa }, Source::PerInhabitant { fixed: fb }) => {
                        row.index_effect += fb - fa;
                        row.apportionment_effect += (ab - rb - fb) - (aa - ra - fa);
                    }
                    (Source::Fixed, Source::Fixed) => row.index_effect += delta,
                    (Source::Previous, Source::Previous) => row.previous_effect += delta,
                    (Source::ExternalShare, Source::ExternalShare) => row.apportionment_effect += delta,
                    (Source::Adjustment, Source::Adjustment) => row.adjustment_effect += delta,
                    (Source::Apportioned, Source::Apportioned) => {
                        let key = (row.activity.clone(), c.clone());
                        let (ta, tb) = (
                            totals[0].get(&key).copied().unwrap_or_default(),
                            totals[1].get(&key).copied().unwrap_or_default(),
                        );
                        // A's amount moved with the total; the rest is its share.
                        let indexed = if ta.is_zero() || row.kind != Kind::Municipality {
                            Decimal::ZERO
                        } else {
                            money::round_kr(aa * (tb - ta) / ta)
                        };
                        row.index_effect += indexed;
                        row.apportionment_effect += delta - indexed;
                    }
                    // The charge changed kind: left to other.
                    _ => {}
                }
            }
            (None, None) => {}
        }
    }
}

/// Compares two ledgers, one row per (activity, party) in either.
pub fn compare(a: &Ledger, b: &Ledger) -> Vec<ComparisonRow> {
    let (sa, sb) = (sides(a), sides(b));
    let (ta, tb) = (apportioned(a), apportioned(b));
    // Charges are known on computed sides only.
    let detailed = a.has_rates && b.has_rates;
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
    let mut rows: Vec<ComparisonRow> = info
        .into_iter()
        .map(|(k, (note, party))| {
            let zero = Side::default();
            let (x, y) = (sa.get(&k).unwrap_or(&zero), sb.get(&k).unwrap_or(&zero));
            let delta = y.amount - x.amount;
            let mut row = ComparisonRow::zero(note, k.0.clone(), k.1, k.2, party);
            row.a = x.amount;
            row.b = y.amount;
            let party = matches!(row.kind, Kind::Municipality | Kind::External);
            if party && x.amount.is_zero() != y.amount.is_zero() {
                row.participation_effect = delta;
            } else if row.kind == Kind::Adjustment {
                row.adjustment_effect = delta;
            } else {
                if let (Some(pa), Some(pb)) = (x.inhabitants, y.inhabitants) {
                    let (ra, rb) = (x.rate.unwrap_or_default(), y.rate.unwrap_or_default());
                    let change = Decimal::from(pb) - Decimal::from(pa);
                    row.population_effect = money::round_kr(ra * change);
                    row.rate_effect = money::round_kr((rb - ra) * Decimal::from(pb));
                }
                if detailed {
                    explain(&mut row, x, y, [&ta, &tb]);
                    // Whole kronor, as the population and rate effects.
                    for e in [
                        &mut row.index_effect,
                        &mut row.previous_effect,
                        &mut row.apportionment_effect,
                    ] {
                        *e = money::round_kr(*e);
                    }
                }
                let explained: Decimal = row.effects()[..7].iter().sum();
                row.other_effect = delta - explained;
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

/// Charges per municipality (and payer); the adjustments, which no party
/// pays, are in [`totals`].
pub fn by_party(rows: &[ComparisonRow]) -> Vec<ComparisonRow> {
    let mut groups: BTreeMap<(Kind, Option<Code>, String), ComparisonRow> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.kind.invoiced()) {
        let party = match r.kind {
            Kind::Municipality => String::new(),
            _ => r.party.clone(),
        };
        let total = groups
            .entry((r.kind, r.code, party))
            .or_insert_with(|| ComparisonRow::zero(None, String::new(), r.kind, r.code, r.party.clone()));
        total.add(r);
    }
    let mut out: Vec<ComparisonRow> = groups.into_values().collect();
    out.sort_by_cached_key(|r| (r.kind, sv::collation_key(&r.party), r.code));
    out
}

/// The three totals of the rows, each a row labelled as every output
/// labels it ([`super::totals::LABELS`]): the charges (municipalities and
/// external payers), the adjustments, and the net of both, with their
/// effects; the change in per cent of each is of its own kind of amount.
pub fn totals(rows: &[ComparisonRow]) -> [ComparisonRow; 3] {
    let [charges, adjustments, net] = super::totals::LABELS
        .map(|l| ComparisonRow::zero(None, String::new(), Kind::Total, None, l.to_string()));
    let (mut charges, mut adjustments, mut net) = (charges, adjustments, net);
    for r in rows {
        match r.kind {
            Kind::Adjustment => adjustments.add(r),
            Kind::Total => continue,
            _ => charges.add(r),
        }
        net.add(r);
    }
    [charges, adjustments, net]
}

/// Charges per activity (all parties; the adjustments are in [`totals`]).
pub fn by_activity(rows: &[ComparisonRow]) -> Vec<ComparisonRow> {
    let mut groups: BTreeMap<(u32, String), ComparisonRow> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.kind.invoiced()) {
        let total = groups
            .entry((r.note.unwrap_or(u32::MAX), r.activity.clone()))
            .or_insert_with(|| {
                ComparisonRow::zero(r.note, r.activity.clone(), Kind::Total, None, String::new())
            });
        total.add(r);
    }
    groups.into_values().collect()
}

/// The label of a row's party: the payer's name, as in `calc`, the report
/// and the workbooks (only the notes say "Fakturerat HSNK").
pub fn label(r: &ComparisonRow) -> String {
    r.party.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn entry(code: u16, amount: &str, per: Option<(u64, &str)>) -> LedgerEntry {
        LedgerEntry {
            note: Some(8),
            activity: "DSO".into(),
            kind: Kind::Municipality,
            code: Code::new(code),
            party: format!("K{code}"),
            amount: d(amount),
            per_inhabitant: per.map(|(n, r)| (n, d(r))),
            charge: None,
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

    fn line(
        code: u16,
        activity: &str,
        charge: &str,
        source: Source,
        amount: &str,
        per: Option<(u64, &str)>,
    ) -> LedgerEntry {
        LedgerEntry {
            note: Some(1),
            activity: activity.into(),
            kind: Kind::Municipality,
            code: Code::new(code),
            party: format!("K{code}"),
            amount: d(amount),
            per_inhabitant: per.map(|(n, r)| (n, d(r))),
            charge: Some((charge.into(), source)),
        }
    }

    fn sums_exactly(rows: &[ComparisonRow]) {
        for r in rows {
            assert_eq!(r.effects().iter().sum::<Decimal>(), r.delta(), "{r:?}");
        }
    }

    #[test]
    fn other_is_split_by_what_made_each_amount() {
        let pi = |f: &str| Source::PerInhabitant { fixed: d(f) };
        // A: 1000 inv × 6,53 + 135 000; an agreement; a previous charge;
        // a share of an apportioned 300 000 with another municipality.
        let a = Ledger {
            has_rates: true,
            entries: vec![
                line(1490, "x", "dso", pi("135000"), "141530", Some((1000, "6.53"))),
                line(1490, "x", "navet", Source::Fixed, "100000", None),
                line(1490, "x", "mc", Source::Previous, "40000", None),
                line(1490, "y", "vo", Source::Apportioned, "200000", None),
                line(1491, "y", "vo", Source::Apportioned, "100000", None),
            ],
        };
        // B: 1100 inv × 6,69 + 138 375; the agreement indexed; previous
        // indexed; the apportioned total up 10 % and 1490's share up.
        let b = Ledger {
            has_rates: true,
            entries: vec![
                line(1490, "x", "dso", pi("138375"), "145734", Some((1100, "6.69"))),
                line(1490, "x", "navet", Source::Fixed, "102500", None),
                line(1490, "x", "mc", Source::Previous, "41000", None),
                line(1490, "y", "vo", Source::Apportioned, "230000", None),
                line(1491, "y", "vo", Source::Apportioned, "100000", None),
            ],
        };
        let rows = compare(&a, &b);
        sums_exactly(&rows);
        let x = rows.iter().find(|r| r.activity == "x").unwrap();
        assert_eq!(x.population_effect, d("653")); // 6,53 × 100
        assert_eq!(x.rate_effect, d("176")); // 0,16 × 1100
        assert_eq!(x.index_effect, d("5875")); // 3 375 + 2 500
        assert_eq!(x.previous_effect, d("1000"));
        // 145 734 − 7 359 − 138 375 = 0; 141 530 − 6 530 − 135 000 = 0.
        assert_eq!(x.apportionment_effect, d("0"));
        assert_eq!(x.other_effect, d("0"));
        let y = rows
            .iter()
            .find(|r| r.activity == "y" && r.code == Code::new(1490))
            .unwrap();
        assert_eq!(y.index_effect, d("20000")); // 200 000 × 10 %
        assert_eq!(y.apportionment_effect, d("10000")); // its share grew
        let z = rows
            .iter()
            .find(|r| r.activity == "y" && r.code == Code::new(1491))
            .unwrap();
        assert_eq!(
            (z.index_effect, z.apportionment_effect),
            (d("10000"), d("-10000"))
        );
    }

    #[test]
    fn a_charge_joined_within_an_activity_is_participation() {
        let a = Ledger {
            has_rates: true,
            entries: vec![line(1490, "x", "a", Source::Fixed, "100", None)],
        };
        let b = Ledger {
            has_rates: true,
            entries: vec![
                line(1490, "x", "a", Source::Fixed, "100", None),
                line(1490, "x", "b", Source::Fixed, "50", None),
            ],
        };
        let rows = compare(&a, &b);
        sums_exactly(&rows);
        assert_eq!(rows[0].participation_effect, d("50"));
        assert_eq!(rows[0].other_effect, d("0"));
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
