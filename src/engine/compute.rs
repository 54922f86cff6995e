//! From tariff, population and last year's actuals to every line of the year.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::{Target, Tariff};
use super::outcome::{Kind, Line, Outcome};
use super::population::Population;
use super::rules::{self, external, limit, split, Ctx};
use super::validate::validate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::money;
use crate::sv;

/// Computes every line of a tariff's year. Fails only with validation
/// problems (all of them that can be found), never partially.
pub fn compute(
    tariff: &Tariff,
    population: &Population,
    previous: Option<&Actuals>,
) -> Result<Outcome, Diagnostics> {
    let problems = validate(tariff);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lines = Vec::new();
    let mut problems = Diagnostics::new();
    // Each municipality's name, made once and shared by all its lines.
    let mut names: BTreeMap<Code, Arc<str>> = BTreeMap::new();
    for (id, charge) in &tariff.charges {
        let ctx = Ctx {
            tariff,
            population,
            previous,
            charge_id: id,
        };
        let participants = tariff.participants(charge);
        let mut assessed = match rules::assess(&ctx, charge, &participants) {
            Ok(a) => a,
            Err(d) => {
                problems.extend(d);
                continue;
            }
        };
        limit::apply(&mut assessed, charge.floor, charge.cap);

        // Every invoiced amount is whole kronor, half away from zero.
        let mut wholes = Vec::with_capacity(assessed.len() + charge.external.len());
        for a in assessed {
            wholes.push(Whole {
                kind: Kind::Municipality,
                code: Some(a.code),
                payer: None,
                party: names
                    .entry(a.code)
                    .or_insert_with(|| Arc::from(ctx.name(a.code)))
                    .clone(),
                amount: money::round_kr(a.exact),
                exact: a.exact,
                basis: a.basis,
                per_inhabitant: a.per_inhabitant,
            });
        }
        let municipalities_total: Decimal = wholes.iter().map(|w| w.amount).sum();
        for (payer_id, ext) in &charge.external {
            let (exact, basis) = external::assess(ext, municipalities_total);
            let party: Arc<str> = tariff
                .payers
                .get(payer_id)
                .map_or_else(|| Arc::from(payer_id.as_str()), |p| Arc::from(p.name.as_str()));
            wholes.push(Whole {
                kind: Kind::External,
                code: None,
                payer: Some(payer_id.clone()),
                party,
                amount: money::round_kr(exact),
                exact,
                basis,
                per_inhabitant: None,
            });
        }

        let charge_id: Arc<str> = Arc::from(id.as_str());
        let destination = match &charge.target {
            Target::Activity(activity) => Destination::Activity(Arc::from(activity.as_str())),
            Target::Split(shares) => {
                let s = split::Splitter::new(shares);
                let ids = s.activities.iter().map(|a| Arc::from(*a)).collect();
                Destination::Split(s, ids)
            }
        };
        for w in wholes {
            match &destination {
                Destination::Activity(activity) => lines.push(w.into_line(activity, &charge_id)),
                Destination::Split(s, ids) => match s.split(w.amount, &w.basis) {
                    Ok(parts) => {
                        for (i, amount, basis) in parts {
                            lines.push(w.part(&ids[i], &charge_id, amount, basis, s.shares[i]));
                        }
                    }
                    Err(e) => problems.push(
                        Diagnostic::new(format!("cannot split {}'s amount: {e}", w.party))
                            .for_key(ctx.key("split")),
                    ),
                },
            }
        }
    }
    for adj in &tariff.adjustments {
        lines.push(Line {
            activity: Arc::from(adj.activity.as_str()),
            kind: Kind::Adjustment,
            code: None,
            payer: None,
            party: Arc::from(adj.label.as_str()),
            charge: Arc::from(""),
            basis: format!("justering {}, faktureras ej", sv::kr(adj.amount)),
            amount: adj.amount,
            exact: adj.amount,
            per_inhabitant: None,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    sort_lines(tariff, &mut lines);
    Ok(Outcome {
        year: tariff.year,
        lines,
    })
}

/// A party's whole amount of a charge, before any split.
struct Whole {
    kind: Kind,
    code: Option<super::code::Code>,
    payer: Option<String>,
    party: Arc<str>,
    amount: Decimal,
    exact: Decimal,
    basis: String,
    per_inhabitant: Option<(u64, Decimal)>,
}

/// Where a charge's amounts go: one activity, or a split prepared once
/// (with its activity ids to share).
enum Destination<'t> {
    Activity(Arc<str>),
    Split(split::Splitter<'t>, Vec<Arc<str>>),
}

impl Whole {
    /// The line of this whole when it all goes to one activity.
    fn into_line(self, activity: &Arc<str>, charge: &Arc<str>) -> Line {
        Line {
            activity: activity.clone(),
            kind: self.kind,
            code: self.code,
            payer: self.payer,
            party: self.party,
            charge: charge.clone(),
            basis: self.basis,
            amount: self.amount,
            exact: self.exact,
            per_inhabitant: self.per_inhabitant,
        }
    }

    /// The line of one activity's part of a split whole; `share` is the
    /// activity's share.
    fn part(
        &self,
        activity: &Arc<str>,
        charge: &Arc<str>,
        amount: Decimal,
        basis: String,
        share: Decimal,
    ) -> Line {
        Line {
            activity: activity.clone(),
            kind: self.kind,
            code: self.code,
            payer: self.payer.clone(),
            party: self.party.clone(),
            charge: charge.clone(),
            basis,
            amount,
            exact: amount,
            per_inhabitant: self.per_inhabitant.map(|(n, rate)| (n, rate * share)),
        }
    }
}

/// Presentation order: activity (note, id), kind, party (Swedish name order,
/// then code or payer id; adjustments as written), charge id.
///
/// Each line's key is made of ranks: the few activities, parties and
/// charges are ordered once, by the keys above, and each line is sorted by
/// its integers (stable, so equal keys keep their order). That gives the
/// order the full keys would, without a collation key per line.
fn sort_lines(tariff: &Tariff, lines: &mut [Line]) {
    let mut keys = line_keys(tariff, lines);
    // Sorting (key, position) pairs is stable in effect: positions are unique.
    keys.sort_unstable();
    // Put line i in its place, following where earlier swaps moved it (as
    // `slice::sort_by_cached_key` does).
    for i in 0..keys.len() {
        let mut from = keys[i].1;
        while from < i {
            from = keys[from].1;
        }
        keys[i].1 = from;
        lines.swap(i, from);
    }
}

/// Each line's sort key, and its position.
fn line_keys(tariff: &Tariff, lines: &[Line]) -> Vec<((u32, Kind, u32, u32), usize)> {
    // Activities: by note, then id.
    let mut activities: BTreeSet<&str> = BTreeSet::new();
    let mut last = None;
    for l in lines {
        if last != Some(&*l.activity) {
            activities.insert(&l.activity);
            last = Some(&l.activity);
        }
    }
    let mut activities: Vec<&str> = activities.into_iter().collect();
    activities.sort_by_cached_key(|a| tariff.activity_order(a));
    let activity_rank: BTreeMap<&str, u32> = ranks(activities);

    let parties = PartyRanks::new(lines);

    // Adjustments: as written.
    let adjustment_rank: BTreeMap<(&str, &str), u32> = tariff
        .adjustments
        .iter()
        .enumerate()
        .rev()
        .map(|(i, a)| ((a.activity.as_str(), a.label.as_str()), rank(i)))
        .collect();

    // Charges: by id, the order of the tariff's map (and of their ids as
    // strings); adjustments have none, which comes first.
    let charge_rank: BTreeMap<&str, u32> =
        ranks(std::iter::once("").chain(tariff.charges.keys().map(String::as_str)));

    // A charge's lines are together, and mostly in one activity: look each
    // up once per run of equal values.
    let mut activity_cache = Cache::default();
    let mut charge_cache = Cache::default();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let party = match l.kind {
                Kind::Adjustment => adjustment_rank
                    .get(&(&*l.activity, &*l.party))
                    .copied()
                    .unwrap_or(u32::MAX),
                _ => parties.rank(l),
            };
            let key = (
                activity_cache.rank(&activity_rank, &l.activity),
                l.kind,
                party,
                charge_cache.rank(&charge_rank, &l.charge),
            );
            (key, i)
        })
        .collect()
}

/// The last rank looked up, and what for.
#[derive(Default)]
struct Cache<'l>(Option<(&'l str, u32)>);

impl<'l> Cache<'l> {
    fn rank(&mut self, ranks: &BTreeMap<&str, u32>, key: &'l str) -> u32 {
        match self.0 {
            Some((k, r)) if k == key => r,
            _ => {
                let r = ranks.get(key).copied().unwrap_or(u32::MAX);
                self.0 = Some((key, r));
                r
            }
        }
    }
}

/// The order of the municipalities and payers on lines: Swedish name order,
/// then code, then payer id. Parties whose keys are equal share a rank, so
/// the stable sort keeps their lines in order, as sorting by the keys
/// themselves would.
struct PartyRanks<'l> {
    /// By municipality code: each name its lines carry (one, in practice)
    /// and its rank.
    by_code: Vec<Vec<(&'l str, u32)>>,
    /// By (kind, payer id, name): payers, and anything without a code.
    others: BTreeMap<(Kind, &'l str, &'l str), u32>,
}

/// A party's place in the order of lines: kind, Swedish name order, code,
/// payer id.
type PartyOrder<'l> = (Kind, Vec<u32>, usize, &'l str);

/// Where a party's rank goes.
#[derive(Clone, Copy)]
enum Slot<'l> {
    Code(usize, usize),
    Other(Kind, &'l str, &'l str),
}

impl<'l> PartyRanks<'l> {
    fn new(lines: &'l [Line]) -> Self {
        let mut by_code: Vec<Vec<(&'l str, u32)>> = vec![Vec::new(); 10_000];
        let mut others: BTreeMap<(Kind, &'l str, &'l str), u32> = BTreeMap::new();
        for l in lines.iter().filter(|l| l.kind != Kind::Adjustment) {
            match (l.kind, l.code) {
                (Kind::Municipality, Some(c)) => {
                    let names = &mut by_code[usize::from(c.get())];
                    if !names.iter().any(|(n, _)| **n == *l.party) {
                        names.push((&l.party, 0));
                    }
                }
                _ => {
                    others.insert((l.kind, l.payer.as_deref().unwrap_or_default(), &l.party), 0);
                }
            }
        }
        // Every party with its full key: (kind, name order, code, payer id).
        let mut keyed: Vec<(PartyOrder, Slot)> = Vec::new();
        for (code, names) in by_code.iter().enumerate() {
            for (j, (name, _)) in names.iter().enumerate() {
                let key = (Kind::Municipality, sv::collation_key(name), code, "");
                keyed.push((key, Slot::Code(code, j)));
            }
        }
        for &(kind, payer, name) in others.keys() {
            let key = (kind, sv::collation_key(name), 0, payer);
            keyed.push((key, Slot::Other(kind, payer, name)));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut current = 0;
        for i in 0..keyed.len() {
            if i > 0 && keyed[i - 1].0 != keyed[i].0 {
                current = rank(i);
            }
            match keyed[i].1 {
                Slot::Code(code, j) => by_code[code][j].1 = current,
                Slot::Other(kind, payer, name) => {
                    others.insert((kind, payer, name), current);
                }
            }
        }
        PartyRanks { by_code, others }
    }

    fn rank(&self, l: &Line) -> u32 {
        let found = match (l.kind, l.code) {
            (Kind::Municipality, Some(c)) => self.by_code[usize::from(c.get())]
                .iter()
                .find(|(n, _)| **n == *l.party)
                .map(|(_, r)| *r),
            _ => self
                .others
                .get(&(l.kind, l.payer.as_deref().unwrap_or_default(), &*l.party))
                .copied(),
        };
        found.unwrap_or(u32::MAX)
    }
}

/// Each item's position in an ordered sequence.
fn ranks<K: Ord>(ordered: impl IntoIterator<Item = K>) -> BTreeMap<K, u32> {
    ordered
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, rank(i)))
        .collect()
}

fn rank(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
