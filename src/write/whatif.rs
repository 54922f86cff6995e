//! What-ifs marked as such: a heading line that names every `--set`
//! override (and scenario change) an output was made with, so that a
//! what-if is never read as the real thing.
//!
//! People read the mark, so it speaks of what the tariff calls things, not
//! of its keys: `charges.dso.rate=6.80` is `Dataskyddsombud: 6,80 kr per
//! invånare`, read back from the tariff the override made (its charges',
//! activities' and payers' names, the municipalities' names, the values in
//! Swedish). Scripts get the overrides as written (JSON `overrides`).

use crate::engine::code::Code;
use crate::engine::model::{Charge, External, Member, Participants, Rates, Rule, Schedule, Target};
use crate::engine::{Population, Tariff};
use crate::sv;

/// Where a what-if's names come from: the tariff as overridden and the
/// municipalities' names.
pub struct Names<'a> {
    pub tariff: &'a Tariff,
    pub population: &'a Population,
}

impl Names<'_> {
    fn municipality(&self, code: Code) -> String {
        match self.population.get(code) {
            Some(row) if !row.name.is_empty() => row.name.clone(),
            _ => code.to_string(),
        }
    }

    /// Up to three municipalities by name, then how many there are.
    fn municipalities(&self, codes: &[Code]) -> String {
        let mut names: Vec<String> = codes.iter().map(|c| self.municipality(*c)).collect();
        names.sort_by_cached_key(|n| sv::collation_key(n));
        match names.len() {
            0 => "inga".to_string(),
            1..=3 => names.join(", "),
            n => format!("{} m.fl. ({n} kommuner)", names[..3].join(", ")),
        }
    }

    /// A group as people read it: its municipalities.
    pub fn group(&self, id: &str) -> String {
        match self.tariff.groups.get(id) {
            Some(codes) => self.municipalities(codes),
            None => id.to_string(),
        }
    }

    fn activity(&self, id: &str) -> String {
        self.tariff
            .activities
            .get(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    fn payer(&self, id: &str) -> String {
        self.tariff
            .payers
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
}

/// A charge's name, or its activity's when it has none.
fn charge_name(names: &Names, id: &str, c: &Charge) -> String {
    c.name.clone().unwrap_or_else(|| match &c.target {
        Target::Activity(a) => names.activity(a),
        Target::Split(_) => id.to_string(),
    })
}

/// A rate schedule: `6,80 kr per invånare`, or its tiers.
fn schedule(s: &Schedule) -> String {
    match s {
        Schedule::Flat(rate) => format!("{} per invånare", sv::kr(*rate)),
        Schedule::Tiers(tiers) => {
            let parts: Vec<String> = tiers
                .iter()
                .map(|t| match t.up_to {
                    Some(n) => format!("{} upp till {} inv", sv::kr(t.rate), sv::int(n)),
                    None => format!("{} därutöver", sv::kr(t.rate)),
                })
                .collect();
            format!("{} per invånare", parts.join(", "))
        }
    }
}

/// An override (`charges.dso.rate=6.80`) as people read it, with the
/// value it has in `names.tariff`: `Dataskyddsombud: 6,80 kr per invånare`.
/// A key this does not know how to say is said by its charge's (or the
/// tariff's) name and its last part, never by its path.
pub fn describe(names: &Names, text: &str) -> String {
    let key = text.split_once('=').map_or(text, |(k, _)| k).trim();
    describe_key(names, key)
}

/// A tariff key and the value it has in `names.tariff`, as people read
/// them (see [`describe`]).
pub fn describe_key(names: &Names, key: &str) -> String {
    let t = names.tariff;
    let parts: Vec<&str> = key.split('.').map(|p| p.trim_matches('"')).collect();
    match parts.as_slice() {
        ["indices", name] => match t.indices.get(*name) {
            Some(v) => format!("Index {name}: {}", sv::pct(*v)),
            None => format!("Index {name}"),
        },
        ["charges", id, rest @ ..] => match t.charges.get(*id) {
            Some(c) => describe_charge(names, id, c, rest),
            None => format!("Avgiften {id} borttagen"),
        },
        ["groups", id] => format!("Gruppen {}", names.group(id)),
        ["activities", id, ..] => format!("Verksamheten {}", names.activity(id)),
        ["payers", id, ..] => format!("Betalaren {}", names.payer(id)),
        [first, ..] if first.starts_with("adjustments") => "Justeringar".to_string(),
        _ => format!("{} (taxan)", parts.last().copied().unwrap_or_default()),
    }
}

/// One of a charge's values.
fn describe_charge(names: &Names, id: &str, c: &Charge, rest: &[&str]) -> String {
    let name = charge_name(names, id, c);
    let said = match (rest, &c.rule) {
        (
            ["rate", ..],
            Rule::PerInhabitant {
                rates: Rates::Uniform(s),
                ..
            },
        ) => schedule(s),
        (
            ["rates", group, ..],
            Rule::PerInhabitant {
                rates: Rates::ByGroup(by),
                ..
            },
        ) => match by.get(*group) {
            Some(s) => format!("{} för {}", schedule(s), names.group(group)),
            None => format!("för {}", names.group(group)),
        },
        (["fixed"], Rule::PerInhabitant { fixed, .. }) => format!("fast del {} per kommun", sv::kr(*fixed)),
        (["amount"], Rule::Fixed { amount }) => format!("{} per kommun", sv::kr(*amount)),
        (["total"], Rule::Apportion { total, .. }) => format!("att fördela {}", sv::kr(*total)),
        (["weights", ..], Rule::Apportion { weights, .. }) => format!(
            "fördelning {} efter invånare, {} lika delar, {} efter data",
            sv::pct(weights.population),
            sv::pct(weights.equal),
            sv::pct(weights.data)
        ),
        (["amounts", code, ..], Rule::Agreement { amounts }) => {
            match code
                .parse::<Code>()
                .ok()
                .and_then(|c| amounts.get(&c).map(|a| (c, a)))
            {
                Some((c, a)) => format!("avtal med {} {}", names.municipality(c), sv::kr(*a)),
                None => format!("inget avtal med {code}"),
            }
        }
        (["amounts"], Rule::Agreement { amounts }) => {
            let codes: Vec<Code> = amounts.keys().copied().collect();
            format!("avtal med {}", names.municipalities(&codes))
        }
        (["participants", ..], _) => format!("deltagare {}", participants(names, &c.participants)),
        (["floor"], _) => match c.floor {
            Some(f) => format!("lägsta belopp {}", sv::kr(f)),
            None => "inget lägsta belopp".to_string(),
        },
        (["cap"], _) => match c.cap {
            Some(f) => format!("högsta belopp {}", sv::kr(f)),
            None => "inget högsta belopp".to_string(),
        },
        (["index"], _) => format!("index {}", c.index.clone().unwrap_or_default()),
        (["external", payer, ..], _) => match c.external.get(*payer) {
            Some(External::Amount(a)) => format!("{} betalar {}", names.payer(payer), sv::kr(*a)),
            Some(External::Share(s)) => {
                format!("{} betalar {} av kommunernas", names.payer(payer), sv::pct(*s))
            }
            None => format!("{} betalar inget", names.payer(payer)),
        },
        (["split", ..] | ["activity"], _) => match &c.target {
            Target::Split(shares) => {
                let parts: Vec<String> = shares
                    .iter()
                    .map(|(a, s)| format!("{} {}", sv::pct(*s), names.activity(a)))
                    .collect();
                format!("fördelas {}", parts.join(", "))
            }
            Target::Activity(a) => format!("till {}", names.activity(a)),
        },
        ([last, ..], _) => format!("{last} ändrad"),
        ([], _) => "ändrad".to_string(),
    };
    format!("{name}: {said}")
}

/// A participant list by name.
fn participants(names: &Names, p: &Participants) -> String {
    match p {
        Participants::Everyone => "alla kommuner".to_string(),
        Participants::Some(list) => {
            let mut codes: Vec<Code> = Vec::new();
            for m in list {
                match m {
                    Member::Code(c) => codes.push(*c),
                    Member::Group(g) => codes.extend(names.tariff.groups.get(g).into_iter().flatten()),
                }
            }
            codes.sort();
            codes.dedup();
            names.municipalities(&codes)
        }
    }
}

/// Every override described, in the order given.
pub fn described(names: &Names, overrides: &[String]) -> Vec<String> {
    overrides.iter().map(|o| describe(names, o)).collect()
}

/// `Med ändringar: Dataskyddsombud: 6,80 kr per invånare; Index avtal: 3 %`
/// from described overrides, or `None` without any.
pub fn heading(described: &[String]) -> Option<String> {
    if described.is_empty() {
        return None;
    }
    Some(format!("Med ändringar: {}", described.join("; ")))
}

/// A table with the what-if line under its first line (the heading).
pub fn mark_table(text: String, described: &[String]) -> String {
    match heading(described) {
        Some(h) => {
            let at = text.find('\n').map_or(text.len(), |i| i + 1);
            let mut out = text;
            out.insert_str(at, &format!("{h}\n"));
            out
        }
        None => text,
    }
}

/// JSON with an `overrides` field listing the `--set`s as written, and
/// `what_if` saying them as people read them, when there are any.
pub fn mark_json(text: String, overrides: &[String], described: &[String]) -> String {
    if overrides.is_empty() {
        return text;
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert("overrides".to_string(), serde_json::json!(overrides));
            if let Some(h) = heading(described) {
                map.insert("what_if".to_string(), serde_json::Value::String(h));
            }
            super::json::text(&serde_json::Value::Object(map))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::code::Code;
    use crate::engine::population::Inhabitants;

    fn tariff(set: &[&str]) -> Tariff {
        let text = r#"
format = 1
name = "T"
year = 2024
population = "p.csv"
[indices]
avtal = "2.5%"
[groups]
members = ["1490", "1463", "1465", "1452"]
adjunct = ["1383"]
[activities.dso]
name = "Medlemsavgifter Dataskyddsombud (DSO)"
[activities.navet]
name = "Navet science center"
[payers.hsnk]
name = "HSNK"
[charges.dso]
name = "Dataskyddsombud"
rule = "per_inhabitant"
activity = "dso"
participants = "members"
fixed = 135_000
rate = 6.53
external.hsnk = { share = "50%" }
[charges.base]
name = "Medlemsavgift"
rule = "per_inhabitant"
activity = "dso"
rates = { members = 41, adjunct = 11 }
[charges.navet]
rule = "agreement"
activity = "navet"
amounts = { 1490 = 6_607_000 }
"#;
        let overrides: Vec<crate::read::overrides::Override> =
            set.iter().map(|s| s.parse().unwrap()).collect();
        crate::read::tariff::parse_tariff_with(
            text,
            std::path::Path::new("t.toml"),
            &overrides,
            &|_, _| unreachable!(),
        )
        .unwrap()
        .tariff
    }

    fn population() -> Population {
        [
            ("1490", "Borås"),
            ("1463", "Mark"),
            ("1465", "Svenljunga"),
            ("1452", "Tranemo"),
            ("1383", "Varberg"),
        ]
        .iter()
        .map(|(c, n)| {
            (
                c.parse::<Code>().unwrap(),
                Inhabitants {
                    name: n.to_string(),
                    count: 1000,
                },
            )
        })
        .collect()
    }

    /// Each override as people read it: by the tariff's and the
    /// municipalities' names, values in Swedish with their öre.
    #[test]
    fn overrides_are_said_by_name() {
        let cases = [
            ("charges.dso.rate=6.80", "Dataskyddsombud: 6,80 kr per invånare"),
            (
                "charges.dso.fixed=140000",
                "Dataskyddsombud: fast del 140 000 kr per kommun",
            ),
            ("indices.avtal=3%", "Index avtal: 3 %"),
            (
                "charges.navet.amounts.1490=6700000.5",
                "Navet science center: avtal med Borås 6 700 000,50 kr",
            ),
            (
                "charges.base.rates.adjunct=12",
                "Medlemsavgift: 12 kr per invånare för Varberg",
            ),
            (
                "charges.base.rates.members=41.5",
                "Medlemsavgift: 41,50 kr per invånare för Borås, Mark, Svenljunga m.fl. (4 kommuner)",
            ),
            (
                "charges.dso.participants=[\"1490\",\"1463\"]",
                "Dataskyddsombud: deltagare Borås, Mark",
            ),
            (
                "charges.dso.external.hsnk.share=100%",
                "Dataskyddsombud: HSNK betalar 100 % av kommunernas",
            ),
            (
                "charges.dso.cap=900000",
                "Dataskyddsombud: högsta belopp 900 000 kr",
            ),
        ];
        let population = population();
        for (set, said) in cases {
            let t = tariff(&[set]);
            let names = Names {
                tariff: &t,
                population: &population,
            };
            assert_eq!(describe(&names, set), said, "{set}");
            assert!(!describe(&names, set).contains("charges."));
        }
        let t = tariff(&[]);
        let names = Names {
            tariff: &t,
            population: &population,
        };
        assert_eq!(heading(&[]), None);
        assert_eq!(
            heading(&described(
                &names,
                &["indices.avtal=2.5%".into(), "charges.dso.rate=6.53".into()]
            ))
            .unwrap(),
            "Med ändringar: Index avtal: 2,5 %; Dataskyddsombud: 6,53 kr per invånare"
        );
    }
}
