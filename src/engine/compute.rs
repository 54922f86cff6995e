//! From tariff, population and last year's actuals to every line of the year.
//!
//! [`lines`] computes the year and holds it compactly: each charge's rule
//! made ready ([`rules::Prepared`]) and one integer per line, its place in
//! presentation order. A line's amount and basis text are made again when
//! it is read ([`Lines::for_each`]), so the memory a year takes is about 8
//! bytes a line, and `calc`'s CSV is written from it without ever holding a
//! basis text per line. [`compute`] makes every line an owned [`Line`].

use std::collections::BTreeSet;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::code::Code;
use super::model::{Charge, External, Target, Tariff};
use super::outcome::{Kind, Line, LineRef, Outcome};
use super::population::Population;
use super::rules::{self, external, limit, split, Ctx};
use super::validate::validate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::money;
use crate::msg;
use crate::sv;

/// Computes every line of a tariff's year. Fails only with validation
/// problems (all of them that can be found), never partially.
pub fn compute(
    tariff: &Tariff,
    population: &Population,
    previous: Option<&Actuals>,
) -> Result<Outcome, Diagnostics> {
    Ok(lines(tariff, population, previous)?.outcome())
}

/// Computes every line of a tariff's year, held compactly (see the module
/// comment). Fails as [`compute`] does.
pub fn lines<'a>(
    tariff: &'a Tariff,
    population: &'a Population,
    previous: Option<&'a Actuals>,
) -> Result<Lines<'a>, Diagnostics> {
    let problems = validate(tariff);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut problems = Diagnostics::new();
    let mut charges = Vec::with_capacity(tariff.charges.len());
    let all: Vec<(&String, &Charge)> = tariff.charges.iter().collect();
    let prepared = in_two(&all, |(id, charge)| {
        prepare_charge(tariff, population, previous, id, charge)
    });
    for c in prepared {
        match c {
            Ok(c) => charges.push(c),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lines = Lines {
        tariff,
        population,
        previous,
        year: tariff.year,
        charges,
        activities: Vec::new(),
        municipalities: Vec::new(),
        municipality_rank: vec![u32::MAX; 10_000],
        payers: Vec::new(),
        radix: Radix::default(),
        keys: Vec::new(),
        slots: Vec::new(),
    };
    lines.rank();
    lines.key()?;
    Ok(lines)
}

/// `f` of each item, in the items' order: the odd ones made on a second
/// thread while this one makes the even ones (a large tariff's charges are
/// made ready on two cores). The result is the same as one pass.
fn in_two<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // Few items are not worth a thread.
    if items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    std::thread::scope(|s| {
        let odd = s.spawn(|| items.iter().skip(1).step_by(2).map(&f).collect::<Vec<R>>());
        let even: Vec<R> = items.iter().step_by(2).map(&f).collect();
        let odd = odd
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut out = Vec::with_capacity(items.len());
        let mut odd = odd.into_iter();
        for e in even {
            out.push(e);
            out.extend(odd.next());
        }
        out
    })
}

/// One charge made ready: its participants, its rule, and where its amounts
/// go.
struct Prepared<'a> {
    id: &'a str,
    charge: &'a Charge,
    participants: Vec<Code>,
    rule: rules::Prepared<'a>,
    /// The sum of the participants' (rounded) amounts: what an external
    /// payer's share is of.
    municipalities_total: Decimal,
    /// The activity ids the amounts go to (one, or each of a split's, in id
    /// order) and their ranks, set by [`Lines::rank`].
    activities: Vec<(&'a str, u32)>,
    splitter: Option<split::Splitter<'a>>,
    /// External payers: id, name, what they pay, rank (set by
    /// [`Lines::rank`]).
    external: Vec<(&'a str, &'a str, &'a External, u32)>,
}

fn prepare_charge<'a>(
    tariff: &'a Tariff,
    population: &'a Population,
    previous: Option<&'a Actuals>,
    id: &'a str,
    charge: &'a Charge,
) -> Result<Prepared<'a>, Diagnostics> {
    let ctx = Ctx {
        tariff,
        population,
        previous,
        charge_id: id,
    };
    let participants = tariff.participants(charge);
    let rule = rules::prepare(&ctx, charge, &participants)?;
    // Every invoiced amount is whole kronor, half away from zero.
    let amounts: Vec<Decimal> = participants
        .iter()
        .enumerate()
        .map(|(i, &code)| {
            let exact = rule.exact(&ctx, i, code).exact;
            money::round_kr(limit::clamp(exact, charge.floor, charge.cap).exact)
        })
        .collect();
    let municipalities_total: Decimal = amounts.iter().sum();
    let external: Vec<(&str, &str, &External, u32)> = charge
        .external
        .iter()
        .map(|(payer_id, ext)| {
            let name = tariff
                .payers
                .get(payer_id)
                .map_or(payer_id.as_str(), |p| p.name.as_str());
            (payer_id.as_str(), name, ext, u32::MAX)
        })
        .collect();
    let (activities, splitter) = match &charge.target {
        Target::Activity(a) => (vec![(a.as_str(), u32::MAX)], None),
        Target::Split(shares) => {
            let s = split::Splitter::new(shares);
            let ids = s.activities.iter().map(|a| (*a, u32::MAX)).collect();
            (ids, Some(s))
        }
    };
    // A split that cannot be made is a problem of the party's line.
    if let Some(s) = &splitter {
        let mut problems = Diagnostics::new();
        let parties = participants
            .iter()
            .zip(&amounts)
            .map(|(code, amount)| (municipality_name(&ctx, *code), *amount))
            .chain(external.iter().map(|(_, name, ext, _)| {
                let exact = external::assess(ext, municipalities_total).0;
                ((*name).to_string(), money::round_kr(exact))
            }));
        for (party, amount) in parties {
            if let Err(e) = s.part(amount, 0) {
                problems.push(
                    Diagnostic::new(msg!(
                        "engine-cannot-split",
                        party = msg::name(&party),
                        reason = e.message()
                    ))
                    .for_key(ctx.key("split")),
                );
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    Ok(Prepared {
        id,
        charge,
        participants,
        rule,
        municipalities_total,
        activities,
        splitter,
        external,
    })
}

/// A municipality's name on its lines: from the population, or its code.
fn municipality_name(ctx: &Ctx, code: Code) -> String {
    ctx.name(code)
}

/// The year's lines, held compactly: see the module comment.
pub struct Lines<'a> {
    tariff: &'a Tariff,
    population: &'a Population,
    previous: Option<&'a Actuals>,
    pub year: i32,
    /// In the tariff's (id) order: a charge's rank is its index + 1.
    charges: Vec<Prepared<'a>>,
    /// Activity ids by rank.
    activities: Vec<&'a str>,
    /// Municipalities on lines, by rank: code and name.
    municipalities: Vec<(Code, String)>,
    /// By code: the rank of the municipality.
    municipality_rank: Vec<u32>,
    /// External payers on lines, by rank: id and name.
    payers: Vec<(&'a str, &'a str)>,
    radix: Radix,
    /// Each line's place, sorted: see [`Radix`].
    keys: Vec<u64>,
    /// By line, beside its key: the municipality's position among the
    /// charge's participants, or the payer's among its payers (so that a
    /// line is found without a search).
    slots: Vec<u32>,
}

/// How a line's key is made of its activity's rank, its kind, its party's
/// rank and its charge's rank (for an adjustment, its position in the
/// tariff): `((activity × 3 + kind) × parties + party) × charges + charge`.
#[derive(Debug, Default, Clone, Copy)]
struct Radix {
    parties: u64,
    charges: u64,
}

impl Radix {
    fn key(&self, activity: u32, kind: Kind, party: u32, charge: u32) -> u64 {
        let kind = match kind {
            Kind::Municipality => 0,
            Kind::External => 1,
            _ => 2,
        };
        ((u64::from(activity) * 3 + kind) * self.parties + u64::from(party)) * self.charges
            + u64::from(charge)
    }

    fn parts(&self, key: u64) -> (usize, Kind, usize, usize) {
        let charge = key % self.charges;
        let rest = key / self.charges;
        let party = rest % self.parties;
        let rest = rest / self.parties;
        let kind = match rest % 3 {
            0 => Kind::Municipality,
            1 => Kind::External,
            _ => Kind::Adjustment,
        };
        (to_usize(rest / 3), kind, to_usize(party), to_usize(charge))
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn rank(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl<'a> Lines<'a> {
    /// Presentation order: activity (note, id), kind, party (Swedish name
    /// order, then code or payer id; adjustments as written, equal ones in
    /// the order written), charge id. The few activities, parties and
    /// charges are ranked once; each line is then sorted by one integer.
    fn rank(&mut self) {
        let t = self.tariff;
        // Activities: by note, then id.
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for c in &self.charges {
            ids.extend(c.activities.iter().map(|(a, _)| *a));
        }
        ids.extend(t.adjustments.iter().map(|a| a.activity.as_str()));
        let mut activities: Vec<&str> = ids.into_iter().collect();
        activities.sort_by_cached_key(|a| t.activity_order(a));

        // Municipalities: Swedish name order, then code.
        let mut on_lines = vec![false; 10_000];
        for c in &self.charges {
            for code in &c.participants {
                on_lines[usize::from(code.get())] = true;
            }
        }
        let ctx = self.ctx("");
        let mut municipalities: Vec<(Vec<u32>, Code, String)> = on_lines
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .filter_map(|(n, _)| Code::new(u16::try_from(n).ok()?))
            .map(|code| {
                let name = municipality_name(&ctx, code);
                (sv::collation_key(&name), code, name)
            })
            .collect();
        municipalities.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        for (r, (_, code, _)) in municipalities.iter().enumerate() {
            self.municipality_rank[usize::from(code.get())] = rank(r);
        }
        self.municipalities = municipalities.into_iter().map(|(_, c, n)| (c, n)).collect();

        // External payers: Swedish name order, then id.
        let mut payers: BTreeSet<(&str, &str)> = BTreeSet::new();
        for c in &self.charges {
            payers.extend(c.external.iter().map(|(id, name, _, _)| (*id, *name)));
        }
        let mut payers: Vec<(Vec<u32>, &str, &str)> = payers
            .into_iter()
            .map(|(id, name)| (sv::collation_key(name), id, name))
            .collect();
        payers.sort_unstable();
        self.payers = payers.into_iter().map(|(_, id, name)| (id, name)).collect();

        let activity_rank = |id: &str| activities.iter().position(|a| *a == id).map_or(u32::MAX, rank);
        let payer_rank = |id: &str| {
            self.payers
                .iter()
                .position(|(p, _)| *p == id)
                .map_or(u32::MAX, rank)
        };
        for c in &mut self.charges {
            for (id, r) in &mut c.activities {
                *r = activity_rank(id);
            }
            for (id, _, _, r) in &mut c.external {
                *r = payer_rank(id);
            }
        }
        self.activities = activities;
    }

    /// Each line's key, sorted.
    fn key(&mut self) -> Result<(), Diagnostics> {
        let t = self.tariff;
        let parties = self
            .municipalities
            .len()
            .max(self.payers.len())
            .max(t.adjustments.len())
            .max(1);
        let charges = (self.charges.len() + 1).max(t.adjustments.len()).max(1);
        let fits = (self.activities.len().max(1) as u64)
            .checked_mul(3)
            .and_then(|n| n.checked_mul(parties as u64))
            .and_then(|n| n.checked_mul(charges as u64));
        if fits.is_none() {
            return Err(Diagnostic::new(msg!(
                "engine-too-large",
                activities = self.activities.len(),
                parties = parties,
                charges = charges
            ))
            .into());
        }
        self.radix = Radix {
            parties: parties as u64,
            charges: charges as u64,
        };
        let mut n = t.adjustments.len();
        for c in &self.charges {
            n += (c.participants.len() + c.external.len()) * c.activities.len();
        }
        // The lines are made charge by charge, so the lines of one activity,
        // kind and party come in the order of their charges: a counting sort
        // by activity, kind and party (which keeps that order) sorts them.
        // With more of those than lines, an ordinary sort is cheaper.
        let charges = self.radix.charges;
        let buckets = (self.activities.len().max(1) as u64)
            .saturating_mul(3)
            .saturating_mul(self.radix.parties);
        let keys = if buckets <= n.max(4096) as u64 {
            let buckets = to_usize(buckets);
            let mut starts = vec![0usize; buckets + 1];
            self.each_key(|k, _| starts[to_usize(k / charges) + 1] += 1);
            for b in 1..starts.len() {
                starts[b] += starts[b - 1];
            }
            let mut keys = vec![0u64; n];
            let mut slots = vec![0u32; n];
            self.each_key(|k, slot| {
                let b = to_usize(k / charges);
                keys[starts[b]] = k;
                slots[starts[b]] = slot;
                starts[b] += 1;
            });
            (keys, slots)
        } else {
            let mut pairs = Vec::with_capacity(n);
            self.each_key(|k, slot| pairs.push((k, slot)));
            pairs.sort_unstable();
            pairs.into_iter().unzip()
        };
        debug_assert!(
            keys.0.windows(2).all(|w| w[0] < w[1]),
            "keys are unique and sorted"
        );
        (self.keys, self.slots) = keys;
        Ok(())
    }

    /// Each line's key, in the order the lines are made: charge by charge
    /// (each charge's participants in code order, then its payers), then
    /// the adjustments.
    fn each_key(&self, mut f: impl FnMut(u64, u32)) {
        let t = self.tariff;
        let radix = self.radix;
        for (i, c) in self.charges.iter().enumerate() {
            let charge = rank(i + 1);
            for (slot, code) in c.participants.iter().enumerate() {
                let party = self.municipality_rank[usize::from(code.get())];
                for (_, activity) in &c.activities {
                    f(
                        radix.key(*activity, Kind::Municipality, party, charge),
                        rank(slot),
                    );
                }
            }
            for (slot, (_, _, _, party)) in c.external.iter().enumerate() {
                for (_, activity) in &c.activities {
                    f(radix.key(*activity, Kind::External, *party, charge), rank(slot));
                }
            }
        }
        // Adjustments: as written; equal ones (same activity and label) by
        // the first of them, then in the order written.
        for (i, adj) in t.adjustments.iter().enumerate() {
            let activity = self
                .activities
                .iter()
                .position(|a| *a == adj.activity)
                .map_or(u32::MAX, rank);
            let first = t
                .adjustments
                .iter()
                .position(|b| b.activity == adj.activity && b.label == adj.label)
                .unwrap_or(i);
            f(radix.key(activity, Kind::Adjustment, rank(first), rank(i)), 0);
        }
    }

    fn ctx(&self, charge_id: &'a str) -> Ctx<'a> {
        Ctx {
            tariff: self.tariff,
            population: self.population,
            previous: self.previous,
            charge_id,
        }
    }

    /// How many lines.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every line in presentation order, each made when it is reached.
    pub fn for_each<E>(&self, f: impl FnMut(&LineRef) -> Result<(), E>) -> Result<(), E> {
        self.visit(0..self.len(), true, f)
    }

    /// The lines at positions `range` (in presentation order) as
    /// [`for_each`](Lines::for_each) makes them: parts of the year can be
    /// made apart, on other threads, and put together in order.
    pub fn for_each_in<E>(
        &self,
        range: std::ops::Range<usize>,
        f: impl FnMut(&LineRef) -> Result<(), E>,
    ) -> Result<(), E> {
        self.visit(range, true, f)
    }

    /// The lines' amounts summed per activity, kind and party, in
    /// presentation order, without basis texts: what the notes need, in
    /// memory that does not grow with the lines. (A party's lines in an
    /// activity are together, so each sum is of one run of lines.)
    pub fn totals(&self) -> Outcome {
        let mut lines: Vec<Line> = Vec::new();
        let _ = self.visit(0..self.len(), false, |l| {
            match lines.last_mut() {
                Some(last)
                    if *last.activity == *l.activity
                        && last.kind == l.kind
                        && last.code == l.code
                        && last.payer.as_deref() == l.payer
                        && *last.party == *l.party =>
                {
                    last.amount += l.amount;
                    last.exact += l.exact;
                }
                _ => lines.push(Line {
                    activity: Arc::from(l.activity),
                    kind: l.kind,
                    code: l.code,
                    payer: l.payer.map(str::to_string),
                    party: Arc::from(l.party),
                    charge: Arc::from(""),
                    basis: String::new(),
                    amount: l.amount,
                    exact: l.exact,
                    per_inhabitant: None,
                }),
            }
            Ok::<(), std::convert::Infallible>(())
        });
        Outcome {
            year: self.year,
            lines,
        }
    }

    /// The lines at positions `range` in presentation order; with `texts`,
    /// each one's basis text too.
    fn visit<E>(
        &self,
        range: std::ops::Range<usize>,
        texts: bool,
        mut f: impl FnMut(&LineRef) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut basis = String::new();
        let mut whole = String::new();
        let end = range.end.min(self.len());
        let range = range.start.min(end)..end;
        for (key, slot) in self.keys[range.clone()].iter().zip(&self.slots[range]) {
            let (activity, kind, party, charge) = self.radix.parts(*key);
            basis.clear();
            let line = match kind {
                Kind::Adjustment => {
                    let adj = &self.tariff.adjustments[charge];
                    basis.push_str("justering ");
                    sv::push_kr(&mut basis, adj.amount);
                    basis.push_str(", faktureras ej");
                    LineRef {
                        activity: &adj.activity,
                        kind,
                        code: None,
                        payer: None,
                        party: &adj.label,
                        charge: "",
                        basis: "",
                        amount: adj.amount,
                        exact: adj.amount,
                        per_inhabitant: None,
                    }
                }
                _ => self.charged(
                    (activity, kind, party, charge - 1, *slot as usize),
                    texts,
                    &mut whole,
                    &mut basis,
                ),
            };
            f(&LineRef {
                basis: &basis,
                ..line
            })?;
        }
        Ok(())
    }

    /// The line of a charge's party in an activity, its basis text into
    /// `basis` (`whole` is room for a split whole's).
    fn charged(
        &self,
        (activity, kind, party, charge, slot): (usize, Kind, usize, usize, usize),
        texts: bool,
        whole: &mut String,
        basis: &mut String,
    ) -> LineRef<'_> {
        let c = &self.charges[charge];
        let ctx = self.ctx(c.id);
        let split = c.splitter.as_ref();
        // The whole's text goes straight into `basis` unless it is split.
        let text = if split.is_some() { &mut *whole } else { &mut *basis };
        text.clear();
        let (code, payer, name, amount, exact, per_inhabitant) = match kind {
            Kind::Municipality => {
                let (code, name) = &self.municipalities[party];
                let i = slot;
                let e = c.rule.exact(&ctx, i, *code);
                let clamped = limit::clamp(e.exact, c.charge.floor, c.charge.cap);
                if texts {
                    clamped.push_open(text);
                    c.rule.basis(&ctx, i, *code, text);
                    clamped.push_close(text);
                }
                let per_inhabitant = if clamped.clamped() { None } else { e.per_inhabitant };
                let exact = clamped.exact;
                (
                    Some(*code),
                    None,
                    name.as_str(),
                    money::round_kr(exact),
                    exact,
                    per_inhabitant,
                )
            }
            _ => {
                let (id, name) = self.payers[party];
                let ext = c.external.get(slot).map(|(_, _, e, _)| *e);
                let (exact, b) = ext.map_or_else(
                    || (Decimal::ZERO, String::new()),
                    |e| external::assess(e, c.municipalities_total),
                );
                text.push_str(&b);
                (None, Some(id), name, money::round_kr(exact), exact, None)
            }
        };
        let activity_id = self.activities[activity];
        let mut line = LineRef {
            activity: activity_id,
            kind,
            code,
            payer,
            party: name,
            charge: c.id,
            basis: "",
            amount,
            exact,
            per_inhabitant,
        };
        if let Some(s) = split {
            let j = c
                .activities
                .iter()
                .position(|(_, r)| *r as usize == activity)
                .unwrap_or(0);
            // Checked when the charge was prepared.
            let part = s.part(amount, j).unwrap_or_default();
            if texts {
                s.push_open(j, amount, basis);
                basis.push_str(whole);
                basis.push(')');
            }
            line.amount = part;
            line.exact = part;
            line.per_inhabitant = per_inhabitant.map(|(n, rate)| (n, rate * s.shares[j]));
        }
        line
    }

    /// Every line, owned.
    pub fn outcome(&self) -> Outcome {
        let mut lines = Vec::with_capacity(self.keys.len());
        // The texts that many lines repeat are shared.
        let activities: Vec<Arc<str>> = self.activities.iter().map(|a| Arc::from(*a)).collect();
        let municipalities: Vec<Arc<str>> = self
            .municipalities
            .iter()
            .map(|(_, n)| Arc::from(n.as_str()))
            .collect();
        let payers: Vec<Arc<str>> = self.payers.iter().map(|(_, n)| Arc::from(*n)).collect();
        let charges: Vec<Arc<str>> = std::iter::once("")
            .chain(self.charges.iter().map(|c| c.id))
            .map(Arc::from)
            .collect();
        let mut keys = self.keys.iter();
        let _ = self.for_each(|l| {
            let (activity, kind, party, charge) =
                keys.next().map_or((0, l.kind, 0, 0), |k| self.radix.parts(*k));
            let shared =
                |v: &[Arc<str>], i: usize, s: &str| v.get(i).cloned().unwrap_or_else(|| Arc::from(s));
            lines.push(Line {
                activity: shared(&activities, activity, l.activity),
                kind: l.kind,
                code: l.code,
                payer: l.payer.map(str::to_string),
                party: match kind {
                    Kind::Municipality => shared(&municipalities, party, l.party),
                    Kind::External => shared(&payers, party, l.party),
                    _ => Arc::from(l.party),
                },
                charge: match kind {
                    Kind::Adjustment => shared(&charges, 0, ""),
                    _ => shared(&charges, charge, l.charge),
                },
                basis: l.basis.to_string(),
                amount: l.amount,
                exact: l.exact,
                per_inhabitant: l.per_inhabitant,
            });
            Ok::<(), std::convert::Infallible>(())
        });
        Outcome {
            year: self.year,
            lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::in_two;

    /// Made on two threads, the results come in the items' order, each
    /// once, at every length (below and above the threshold, odd and even).
    #[test]
    fn in_two_keeps_the_order_of_one_pass() {
        for n in [0usize, 1, 2, 63, 64, 65, 200, 201] {
            let items: Vec<usize> = (0..n).collect();
            let one_pass: Vec<String> = items.iter().map(|i| format!("{i}:{}", i * i)).collect();
            assert_eq!(
                in_two(&items, |i| format!("{i}:{}", i * i)),
                one_pass,
                "{n} items"
            );
        }
    }
}
