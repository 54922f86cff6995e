//! One `[charges.ID]` table: its keys, its rule and the rule's keys, its
//! participants, schedule, amounts, weights and external payers.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use toml::de::DeValue;

use super::reader::TariffReader;
use super::values::code_value;
use crate::diag::Diagnostic;
use crate::engine::code::Code;
use crate::engine::model::{
    Charge, External, Member, Participants, Rates, Rule, Schedule, Target, Tier, Weights,
};
use crate::msg;
use crate::msg::{Arg, Message};
use crate::read::toml::{value_kind, Doc, Item, Placed, TomlTable};

pub(super) const RULES: &[&str] = &["per_inhabitant", "fixed", "apportion", "agreement", "previous"];

/// One `[charges.ID]` table: every key read and placed, then the rule.
///
/// Long on purpose: the keys of a charge in the order of
/// `docs/tariff-format.md`, each read where its problems are placed;
/// the rules' own keys are read by `rule`.
pub(super) fn charge(r: &mut TariffReader, key: &str, item: &Item) -> Option<Charge> {
    let t = r.doc.table(key, item)?;
    let name = t.get("name").and_then(|i| r.doc.string(&t.child("name"), i));
    let rule_name = r.required(&t, "rule", |d, k, i| d.string(k, i));
    let target = match (t.get("activity"), t.get("split")) {
        (Some(a), None) => r.doc.string(&t.child("activity"), a).map(Target::Activity),
        (None, Some(s)) => {
            let k = t.child("split");
            r.doc.table(&k, s).map(|st| {
                let mut shares = BTreeMap::new();
                for (a, item) in st.entries() {
                    if let Some(p) = r.doc.percent(&st.child(&a), item) {
                        shares.insert(a, p);
                    }
                }
                Target::Split(shares)
            })
        }
        (Some(_), Some(_)) => {
            r.doc.err(
                &t.child("split"),
                t.key_span("split"),
                msg!("tariff-activity-and-split"),
            );
            None
        }
        (None, None) => {
            let span = t.span.clone();
            r.doc.err(key, span, msg!("tariff-missing-activity"));
            None
        }
    };
    let participants = match t.get("participants") {
        None => Some(Participants::Everyone),
        Some(item) => participants(r.doc, &t.child("participants"), item),
    };
    let index = t.get("index").and_then(|i| r.doc.string(&t.child("index"), i));
    let floor = t.get("floor").and_then(|i| r.doc.decimal(&t.child("floor"), i));
    let cap = t.get("cap").and_then(|i| r.doc.decimal(&t.child("cap"), i));
    let external = match t.get("external") {
        None => BTreeMap::new(),
        Some(item) => external(r, &t.child("external"), item),
    };

    let rule = match rule_name.as_deref() {
        Some("per_inhabitant") => per_inhabitant(r, &t),
        Some("fixed") => r
            .required(&t, "amount", |d, k, i| d.decimal(k, i))
            .map(|amount| Rule::Fixed { amount }),
        Some("apportion") => apportion(r, &t),
        Some("agreement") => r
            .required(&t, "amounts", amounts)
            .map(|amounts| Rule::Agreement { amounts }),
        Some("previous") => {
            let from = t.get("from").and_then(|i| r.doc.string(&t.child("from"), i));
            match index.clone() {
                Some(index) => Some(Rule::Previous {
                    activity: from,
                    index,
                }),
                None => {
                    let span = t.span.clone();
                    r.doc
                        .err(&t.child("index"), span, msg!("tariff-previous-missing-index"));
                    None
                }
            }
        }
        Some(other) => {
            let span = t.get("rule").and_then(Placed::at);
            r.doc.err(
                &t.child("rule"),
                span,
                msg!(
                    "tariff-unknown-rule",
                    rule = msg::quoted(other),
                    expected = RULES.join(", ")
                ),
            );
            None
        }
        None => None,
    };
    // A key of another rule kind: say whose it is. Every charge key is
    // then known, so `finish` reports only keys no rule has.
    // An unknown or missing rule is reported as such, not its keys.
    let known_rule = rule_name.as_deref().is_some_and(|r| RULES.contains(&r));
    let own = rule_keys(rule_name.as_deref());
    let all = charge_keys();
    let strays = all
        .iter()
        .filter(|k| known_rule && t.has(k) && !COMMON_CHARGE_KEYS.contains(k) && !own.contains(k));
    for k in strays {
        // A stray is no common key, so some rule has it.
        let Some(owner) = RULES.iter().find(|r| rule_keys(Some(r)).contains(k)) else {
            continue;
        };
        let rule = rule_name.as_deref().unwrap_or("");
        r.doc.err(
            &t.child(k),
            t.key_span(k),
            msg!(
                "tariff-key-of-another-rule",
                key = msg::quoted(k),
                owner = msg::quoted(owner),
                rule = msg::quoted(rule)
            ),
        );
    }
    let allowed = all;
    t.finish(r.doc, &allowed);
    Some(Charge {
        name,
        target: target?,
        participants: participants?,
        rule: rule?,
        floor,
        cap,
        index,
        external,
    })
}

pub(super) fn per_inhabitant(r: &mut TariffReader, t: &TomlTable) -> Option<Rule> {
    let fixed = match t.get("fixed") {
        Some(i) => r.doc.decimal(&t.child("fixed"), i)?,
        None => Decimal::ZERO,
    };
    let rates = match (t.get("rate"), t.get("rates")) {
        (Some(rate), None) => schedule(r.doc, &t.child("rate"), rate).map(Rates::Uniform),
        (None, Some(rates)) => {
            let k = t.child("rates");
            let rt = r.doc.table(&k, rates)?;
            let mut by = BTreeMap::new();
            for (g, item) in rt.entries() {
                if let Some(s) = schedule(r.doc, &rt.child(&g), item) {
                    by.insert(g, s);
                }
            }
            Some(Rates::ByGroup(by))
        }
        (Some(_), Some(_)) => {
            r.doc.err(
                &t.child("rates"),
                t.key_span("rates"),
                msg!("tariff-rate-and-rates"),
            );
            None
        }
        (None, None) => {
            let span = t.span.clone();
            r.doc.err(&t.child("rate"), span, msg!("tariff-missing-rate"));
            None
        }
    };
    Some(Rule::PerInhabitant { rates: rates?, fixed })
}

pub(super) fn apportion(r: &mut TariffReader, t: &TomlTable) -> Option<Rule> {
    let total = r.required(t, "total", |d, k, i| d.decimal(k, i));
    let key = t.child("weights");
    let mut weights = match t.get("weights") {
        None => Some(Weights {
            population: Decimal::ONE,
            equal: Decimal::ZERO,
            data: Decimal::ZERO,
            data_values: None,
        }),
        Some(item) => weights(r.doc, &key, item),
    };
    let file = t
        .get("weight_file")
        .and_then(|i| r.doc.path(&t.child("weight_file"), i));
    let column = t
        .get("weight_column")
        .and_then(|i| r.doc.string(&t.child("weight_column"), i));
    if let Some(w) = weights.as_mut() {
        match (w.data.is_zero(), file, column) {
            (true, None, None) => {}
            (true, _, _) => r.doc.err(
                &t.child("weight_file"),
                t.key_span("weight_file").or(t.key_span("weight_column")),
                msg!("tariff-weight-file-unused"),
            ),
            (false, Some(file), Some(column)) => match (r.load_weights)(&file, &column) {
                Ok(data) => w.data_values = Some(data),
                Err(problems) => {
                    let span = t.key_span("weight_file");
                    for p in problems.iter() {
                        r.doc
                            .err(&t.child("weight_file"), span.clone(), weight_file_problem(p));
                    }
                }
            },
            (false, _, _) => {
                let span = t.span.clone();
                r.doc.err(&key, span, msg!("tariff-weight-data-needs-file"));
            }
        }
    }
    Some(Rule::Apportion {
        total: total?,
        weights: weights?,
    })
}

/// A problem of a weight file that a charge names, as the tariff's problem
/// at `weight_file`: where in the weight file (as written), and what.
fn weight_file_problem(p: &Diagnostic) -> Message {
    let mut place = String::new();
    if let Some(file) = &p.file {
        place.push_str(&file.display().to_string());
        if let Some(line) = p.line {
            place.push_str(&format!(":{line}"));
            if let Some(column) = p.column {
                place.push_str(&format!(":{column}"));
            }
        }
    }
    let problem = match &p.key {
        Some(key) => msg!("tariff-problem-at", place = key, problem = p.message.clone()),
        None => p.message.clone(),
    };
    let place: Option<Arg> = match (place.is_empty(), p.line) {
        (false, _) => Some(place.into()),
        (true, Some(line)) => Some(msg!("at-line", line = line).into()),
        (true, None) => None,
    };
    match place {
        Some(place) => msg!("tariff-problem-at", place = place, problem = problem),
        None => problem,
    }
}

pub(super) fn external(r: &mut TariffReader, key: &str, item: &Item) -> BTreeMap<String, External> {
    let mut out = BTreeMap::new();
    let Some(t) = r.doc.table(key, item) else {
        return out;
    };
    for (payer, item) in t.entries() {
        let k = t.child(&payer);
        let Some(pt) = r.doc.table(&k, item) else {
            continue;
        };
        let e = match (pt.get("amount"), pt.get("share")) {
            (Some(a), None) => r.doc.decimal(&pt.child("amount"), a).map(External::Amount),
            (None, Some(s)) => r.doc.percent(&pt.child("share"), s).map(External::Share),
            _ => {
                let span = pt.span.clone();
                r.doc.err(&k, span, msg!("tariff-external-amount-or-share"));
                None
            }
        };
        pt.finish(r.doc, &["amount", "share"]);
        if let Some(e) = e {
            out.insert(payer, e);
        }
    }
    out
}

pub(super) const COMMON_CHARGE_KEYS: &[&str] = &[
    "name",
    "rule",
    "activity",
    "split",
    "participants",
    "index",
    "floor",
    "cap",
    "external",
];

pub(super) fn rule_keys(rule: Option<&str>) -> &'static [&'static str] {
    match rule {
        Some("per_inhabitant") => &["rate", "rates", "fixed"],
        Some("fixed") => &["amount"],
        Some("apportion") => &["total", "weights", "weight_file", "weight_column"],
        Some("agreement") => &["amounts"],
        Some("previous") => &["from"],
        // An unknown or missing rule is reported as such; its keys are not.
        _ => &[],
    }
}

/// Every key a charge may have: the common ones and every rule's, sorted.
pub(super) fn charge_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = COMMON_CHARGE_KEYS
        .iter()
        .copied()
        .chain(RULES.iter().flat_map(|r| rule_keys(Some(r)).iter().copied()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `"everyone"`, a group name, or a list of codes and group names.
pub(super) fn participants(doc: &mut Doc, key: &str, item: &Item) -> Option<Participants> {
    doc.record(key, item.at());
    let member = |doc: &mut Doc, k: &str, v: &Item| -> Option<Member> {
        match v.get_ref() {
            DeValue::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
                code_value(doc, k, v).map(Member::Code)
            }
            DeValue::String(s) => Some(Member::Group(s.to_string())),
            DeValue::Integer(_) => code_value(doc, k, v).map(Member::Code),
            other => {
                doc.err(
                    k,
                    v.at(),
                    msg!("tariff-expected-member", found = value_kind(other)),
                );
                None
            }
        }
    };
    if !doc.is_value(item) {
        doc.err(
            key,
            item.at(),
            msg!("tariff-expected-participants", found = doc.describe(item)),
        );
        return None;
    }
    match item.get_ref() {
        DeValue::String(s) if s == "everyone" => Some(Participants::Everyone),
        DeValue::Array(array) => {
            let mut out = Vec::new();
            for (i, v) in array.iter().enumerate() {
                out.extend(member(doc, &format!("{key}[{i}]"), v));
            }
            Some(Participants::Some(out))
        }
        _ => member(doc, key, item).map(|m| Participants::Some(vec![m])),
    }
}

/// A flat rate (`6.53`) or tiers (`[{ up_to = 10000, rate = 30 }, { rate = 20 }]`).
pub(super) fn schedule(doc: &mut Doc, key: &str, item: &Item) -> Option<Schedule> {
    doc.record(key, item.at());
    match item.get_ref() {
        DeValue::Array(array) if doc.is_value(item) => {
            let mut tiers = Vec::new();
            for (i, v) in array.iter().enumerate() {
                let k = format!("{key}[{i}]");
                let Some(t) = doc.table(&k, v) else {
                    continue;
                };
                let up_to = t
                    .get("up_to")
                    .and_then(|i| doc.integer(&t.child("up_to"), i, 1..i64::MAX))
                    .map(|u| u as u64);
                let rate = match t.get("rate") {
                    Some(i) => doc.decimal(&t.child("rate"), i),
                    None => {
                        let span = t.span.clone();
                        doc.err(
                            &t.child("rate"),
                            span,
                            msg!("toml-missing-key", key = msg::quoted("rate")),
                        );
                        None
                    }
                };
                t.finish(doc, &["up_to", "rate"]);
                if let Some(rate) = rate {
                    tiers.push(Tier { up_to, rate });
                }
            }
            Some(Schedule::Tiers(tiers))
        }
        _ => doc.decimal(key, item).map(Schedule::Flat),
    }
}

/// `{ 1490 = 6607000, "1463" = 797000 }`.
pub(super) fn amounts(doc: &mut Doc, key: &str, item: &Item) -> Option<BTreeMap<Code, Decimal>> {
    let t = doc.table(key, item)?;
    let mut out = BTreeMap::new();
    for (code, item) in t.entries() {
        let k = t.child(&code);
        let c = match code.parse::<Code>() {
            Ok(c) => Some(c),
            Err(e) => {
                let span = t.key_span(&code);
                doc.err(&k, span, e);
                None
            }
        };
        if let (Some(c), Some(a)) = (c, doc.decimal(&k, item)) {
            // `127` and `"0127"` are one municipality.
            if out.insert(c, a).is_some() {
                let span = t.key_span(&code);
                doc.err(&k, span, msg!("tariff-code-twice", code = c.to_string()));
            }
        }
    }
    Some(out)
}

/// `"population"`, `"equal"`, `"data"`, or shares: `{ equal = "50%", population = "50%" }`.
pub(super) fn weights(doc: &mut Doc, key: &str, item: &Item) -> Option<Weights> {
    doc.record(key, item.at());
    let mut w = Weights {
        population: Decimal::ZERO,
        equal: Decimal::ZERO,
        data: Decimal::ZERO,
        data_values: None,
    };
    if let Some(s) = item.get_ref().as_str() {
        match s {
            "population" => w.population = Decimal::ONE,
            "equal" => w.equal = Decimal::ONE,
            "data" => w.data = Decimal::ONE,
            other => {
                doc.err(
                    key,
                    item.at(),
                    msg!("tariff-unknown-weights", found = msg::quoted(other)),
                );
                return None;
            }
        }
        return Some(w);
    }
    let t = doc.table(key, item)?;
    for (basis, slot) in [
        ("population", &mut w.population),
        ("equal", &mut w.equal),
        ("data", &mut w.data),
    ] {
        if let Some(i) = t.get(basis) {
            *slot = doc.percent(&t.child(basis), i)?;
        }
    }
    t.finish(doc, &["population", "equal", "data"]);
    Some(w)
}
