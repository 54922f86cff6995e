//! Checks a tariff for consistency before anything is computed: every
//! reference resolves, shares sum to 100 %, amounts have sensible signs.
//! Every problem is reported, not just the first; each names its tariff key.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::model::{External, Member, Participants, Rates, Rule, Schedule, Target, Tariff};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::msg::Message;
use crate::sv;

/// The largest amount a tariff may state: a thousand billion kronor.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// The largest rate per inhabitant: a million kronor.
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// The largest index or external share: 1 000 %.
pub const MAX_SHARE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

pub fn validate(t: &Tariff) -> Diagnostics {
    let mut v = Validator {
        t,
        out: Diagnostics::new(),
    };
    v.tariff();
    v.out
}

/// What kind of name a tariff refers to without defining it.
#[derive(Clone, Copy)]
enum Unknown {
    Activity,
    Group,
    Index,
    Payer,
}

struct Validator<'a> {
    t: &'a Tariff,
    out: Diagnostics,
}

impl Validator<'_> {
    fn err(&mut self, key: impl Into<String>, message: Message) {
        self.out.push(Diagnostic::new(message).for_key(key));
    }

    /// The whole tariff's consistency: year, indices, groups,
    /// activities, payers, each charge, invoicing, adjustments.
    ///
    /// Long on purpose: a flat list of independent checks, one after
    /// another in the order of `docs/tariff-format.md`; each is a few lines
    /// and shares nothing with the next but `self`, so pieces would only
    /// add names to look up.
    fn tariff(&mut self) {
        let t = self.t;
        if !(1900..=2200).contains(&t.year) {
            self.err("year", msg!("validate-year", found = t.year));
        }
        for (name, rate) in &t.indices {
            if *rate > MAX_SHARE {
                self.err(
                    format!("indices.{name}"),
                    msg!("validate-index-too-large", index = sv::pct(*rate)),
                );
            }
            if *rate <= -Decimal::ONE {
                self.err(
                    format!("indices.{name}"),
                    msg!("validate-index-too-small", index = sv::pct(*rate)),
                );
            }
        }
        for (name, members) in &t.groups {
            if name.bytes().all(|b| b.is_ascii_digit()) {
                self.err(format!("groups.{name}"), msg!("validate-group-all-digits"));
            }
            let mut seen = BTreeSet::new();
            for code in members {
                if !seen.insert(code) {
                    self.err(
                        format!("groups.{name}"),
                        msg!("validate-listed-twice", code = code.to_string()),
                    );
                }
            }
        }
        let mut notes: BTreeMap<u32, &str> = BTreeMap::new();
        for (id, a) in &t.activities {
            if a.name.trim().is_empty() {
                self.err(
                    format!("activities.{id}.name"),
                    msg!("validate-activity-needs-name"),
                );
            }
            if let Some(n) = a.note {
                if let Some(other) = notes.insert(n, id) {
                    self.err(
                        format!("activities.{id}.note"),
                        msg!("validate-note-taken", note = n, other = other),
                    );
                }
            }
        }
        // Last year's lines are matched to this year's by activity and payer
        // name, so two with one name would be counted twice.
        let mut names: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, a) in &t.activities {
            if let Some(other) = names.insert(a.name.trim(), id) {
                self.err(
                    format!("activities.{id}.name"),
                    msg!(
                        "validate-activity-name-taken",
                        other = other,
                        name = msg::quoted(&a.name)
                    ),
                );
            }
        }
        let mut names: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, p) in &t.payers {
            if p.name.trim().is_empty() {
                self.err(format!("payers.{id}.name"), msg!("validate-payer-needs-name"));
            } else if let Some(other) = names.insert(p.name.trim(), id) {
                self.err(
                    format!("payers.{id}.name"),
                    msg!(
                        "validate-payer-name-taken",
                        other = other,
                        name = msg::quoted(&p.name)
                    ),
                );
            }
        }
        for id in t.charges.keys() {
            self.charge(id);
        }
        for activity in t.invoice.revenue.keys() {
            if !t.activities.contains_key(activity) {
                self.err(
                    format!("invoice.accounts.revenue.{activity}"),
                    self.unknown(Unknown::Activity, activity, t.activities.keys()),
                );
            }
        }
        for activity in &t.invoice.vat_exempt {
            if !t.activities.contains_key(activity) {
                self.err(
                    format!("invoice.vat_category.{activity}"),
                    self.unknown(Unknown::Activity, activity, t.activities.keys()),
                );
            }
        }
        if !t.invoice.vat_exempt.is_empty()
            && t.invoice.einvoice != super::model::EInvoiceMode::Off
            && t.invoice.issuer.vat_id.is_empty()
        {
            self.err("invoice.vat_category", msg!("validate-exempt-needs-vat-id"));
        }
        let mut labels: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (i, a) in t.adjustments.iter().enumerate() {
            let key = format!("adjustments[{i}]");
            if a.amount.abs() > MAX_AMOUNT {
                self.err(
                    format!("{key}.amount"),
                    msg!("validate-adjustment-beyond-budget", max = sv::kr(MAX_AMOUNT)),
                );
            }
            if !t.activities.contains_key(&a.activity) {
                self.err(
                    format!("{key}.activity"),
                    self.unknown(Unknown::Activity, &a.activity, t.activities.keys()),
                );
            }
            if a.label.trim().is_empty() {
                self.err(format!("{key}.label"), msg!("validate-adjustment-needs-label"));
            } else if !labels.insert((&a.activity, &a.label)) {
                self.err(
                    format!("{key}.label"),
                    msg!(
                        "validate-adjustment-label-taken",
                        activity = &a.activity,
                        label = msg::quoted(&a.label)
                    ),
                );
            }
        }
    }

    /// An amount in kronor: not negative, and not beyond any real budget
    /// (so that no sum of them can overflow the decimal arithmetic).
    fn amount(&mut self, key: impl Into<String>, v: Decimal) {
        if v < Decimal::ZERO {
            self.err(key, msg!("validate-negative"));
        } else if v > MAX_AMOUNT {
            self.err(
                key,
                msg!(
                    "validate-beyond-budget",
                    amount = sv::kr(v),
                    max = sv::kr(MAX_AMOUNT)
                ),
            );
        }
    }

    /// A rate per inhabitant, likewise.
    fn rate(&mut self, key: impl Into<String>, v: Decimal) {
        if v < Decimal::ZERO {
            self.err(key, msg!("validate-rate-negative"));
        } else if v > MAX_RATE {
            self.err(
                key,
                msg!(
                    "validate-rate-beyond-reason",
                    rate = sv::kr(v),
                    max = sv::kr(MAX_RATE)
                ),
            );
        }
    }

    /// A name the tariff does not define, and the ones it does.
    fn unknown<'k>(&self, what: Unknown, name: &str, known: impl Iterator<Item = &'k String>) -> Message {
        let known: Vec<&str> = known.map(String::as_str).collect();
        let name = msg::quoted(name);
        if known.is_empty() {
            return match what {
                Unknown::Activity => msg!("validate-unknown-activity-none", name = name.clone()),
                Unknown::Group => msg!("validate-unknown-group-none", name = name.clone()),
                Unknown::Index => msg!("validate-unknown-index-none", name = name.clone()),
                Unknown::Payer => msg!("validate-unknown-payer-none", name = name.clone()),
            };
        }
        let known = known.join(", ");
        match what {
            Unknown::Activity => msg!("validate-unknown-activity", name = name.clone(), known = known),
            Unknown::Group => msg!("validate-unknown-group", name = name.clone(), known = known),
            Unknown::Index => msg!("validate-unknown-index", name = name.clone(), known = known),
            Unknown::Payer => msg!("validate-unknown-payer", name = name.clone(), known = known),
        }
    }

    /// One charge's consistency: its target, participants, index, floor
    /// and cap, rule and external payers.
    ///
    /// Long on purpose: a flat list of independent checks, one after
    /// another in the order of `docs/tariff-format.md`; each is a few lines
    /// and shares nothing with the next but `self`, so pieces would only
    /// add names to look up.
    fn charge(&mut self, id: &str) {
        let t = self.t;
        let c = &t.charges[id];
        let key = |f: &str| format!("charges.{id}.{f}");
        match &c.target {
            Target::Activity(a) => {
                if !t.activities.contains_key(a) {
                    self.err(
                        key("activity"),
                        self.unknown(Unknown::Activity, a, t.activities.keys()),
                    );
                }
            }
            Target::Split(shares) => {
                let mut sum = Decimal::ZERO;
                let mut valid = 0;
                for (a, s) in shares {
                    if !t.activities.contains_key(a) {
                        self.err(
                            format!("charges.{id}.split.{a}"),
                            self.unknown(Unknown::Activity, a, t.activities.keys()),
                        );
                    }
                    if *s <= Decimal::ZERO || *s > Decimal::ONE {
                        self.err(
                            format!("charges.{id}.split.{a}"),
                            msg!("validate-split-share-range", found = sv::pct(*s)),
                        );
                    } else {
                        sum += s;
                        valid += 1;
                    }
                }
                if valid == shares.len() && sum != Decimal::ONE {
                    self.err(key("split"), msg!("validate-split-sum", sum = sv::pct(sum)));
                }
            }
        }
        if let Participants::Some(list) = &c.participants {
            if list.is_empty() {
                self.err(key("participants"), msg!("validate-participants-empty"));
            }
            for m in list {
                if let Member::Group(g) = m {
                    if !t.groups.contains_key(g) {
                        self.err(
                            key("participants"),
                            self.unknown(Unknown::Group, g, t.groups.keys()),
                        );
                    }
                }
            }
        }
        if let Some(ix) = &c.index {
            if !t.indices.contains_key(ix) {
                self.err(key("index"), self.unknown(Unknown::Index, ix, t.indices.keys()));
            }
        }
        self.rule(id, &c.rule);
        for (name, value) in [("floor", c.floor), ("cap", c.cap)] {
            if let Some(v) = value {
                self.amount(key(name), v);
            }
        }
        if let (Some(f), Some(cap)) = (c.floor, c.cap) {
            if f > cap {
                self.err(
                    key("floor"),
                    msg!("validate-floor-above-cap", floor = sv::kr(f), cap = sv::kr(cap)),
                );
            }
        }
        if matches!(c.rule, Rule::Apportion { .. }) && (c.floor.is_some() || c.cap.is_some()) {
            self.err(key("floor"), msg!("validate-apportion-limit"));
        }
        for (payer, e) in &c.external {
            let k = format!("charges.{id}.external.{payer}");
            if !t.payers.contains_key(payer) {
                self.err(k.clone(), self.unknown(Unknown::Payer, payer, t.payers.keys()));
            }
            match e {
                External::Amount(a) => self.amount(k, *a),
                External::Share(s) if *s < Decimal::ZERO || *s > MAX_SHARE => {
                    self.err(k, msg!("validate-external-share-range", found = sv::pct(*s)))
                }
                External::Share(_) => {}
            }
        }
        if t.participants(c).is_empty()
            && self
                .out
                .iter()
                .all(|d| d.key.as_deref() != Some(&key("participants")))
        {
            self.err(key("participants"), msg!("validate-nobody-takes-part"));
        }
    }

    fn rule(&mut self, id: &str, rule: &Rule) {
        let t = self.t;
        let key = |f: &str| format!("charges.{id}.{f}");
        match rule {
            Rule::PerInhabitant { rates, fixed } => {
                self.amount(key("fixed"), *fixed);
                match rates {
                    Rates::Uniform(s) => self.schedule(&key("rate"), s),
                    Rates::ByGroup(by) => {
                        if by.is_empty() {
                            self.err(key("rates"), msg!("validate-no-rates"));
                        }
                        for (g, s) in by {
                            if !t.groups.contains_key(g) {
                                self.err(
                                    format!("charges.{id}.rates.{g}"),
                                    self.unknown(Unknown::Group, g, t.groups.keys()),
                                );
                            }
                            self.schedule(&format!("charges.{id}.rates.{g}"), s);
                        }
                    }
                }
            }
            Rule::Fixed { amount } => self.amount(key("amount"), *amount),
            Rule::Apportion { total, weights } => {
                self.amount(key("total"), *total);
                let shares = [weights.population, weights.equal, weights.data];
                if shares.iter().any(|s| *s < Decimal::ZERO || *s > Decimal::ONE) {
                    self.err(key("weights"), msg!("validate-weight-share-range"));
                    return;
                }
                let sum: Decimal = shares.iter().sum();
                if sum != Decimal::ONE {
                    self.err(key("weights"), msg!("validate-weight-sum", sum = sv::pct(sum)));
                }
                if let Some(data) = &weights.data_values {
                    if data
                        .values
                        .values()
                        .any(|v| *v < Decimal::ZERO || *v > MAX_AMOUNT)
                    {
                        self.err(
                            key("weights"),
                            msg!("validate-weight-file-values", label = msg::name(&data.label)),
                        );
                    }
                }
            }
            Rule::Agreement { amounts } => {
                for (code, a) in amounts {
                    self.amount(format!("charges.{id}.amounts.{code}"), *a);
                }
            }
            // The index is the charge's own, checked with the common keys.
            Rule::Previous { activity, .. } => {
                if let Some(a) = activity {
                    if !t.activities.contains_key(a) {
                        self.err(
                            key("from"),
                            self.unknown(Unknown::Activity, a, t.activities.keys()),
                        );
                    }
                }
            }
        }
    }

    fn schedule(&mut self, key: &str, s: &Schedule) {
        match s {
            Schedule::Flat(r) => self.rate(key, *r),
            Schedule::Tiers(tiers) => {
                if tiers.is_empty() {
                    self.err(key, msg!("validate-no-tiers"));
                }
                let mut below = 0u64;
                for (i, tier) in tiers.iter().enumerate() {
                    let k = format!("{key}[{i}]");
                    self.rate(k.clone(), tier.rate);
                    let last = i + 1 == tiers.len();
                    match (tier.up_to, last) {
                        (Some(u), false) if u <= below => {
                            self.err(k, msg!("validate-tiers-rise", up_to = u, below = below));
                        }
                        (Some(u), false) => below = u,
                        (None, false) => self.err(k, msg!("validate-tier-needs-up-to")),
                        (Some(_), true) => self.err(k, msg!("validate-last-tier-up-to")),
                        (None, true) => {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_what_they_say() {
        assert_eq!(MAX_AMOUNT, "1000000000000000".parse::<Decimal>().unwrap());
        assert_eq!(MAX_RATE, Decimal::from(1_000_000));
        assert_eq!(MAX_SHARE, Decimal::TEN);
    }
}
