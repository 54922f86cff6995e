//! `--set KEY=VALUE`: an in-memory change to a tariff value, without editing
//! the file. KEY follows the tariff's own structure as a dotted TOML key
//! (`charges.dso.rate`, `indices.avtal`, `charges.navet.amounts.1442`);
//! VALUE is a TOML value (`7.1`, `"3%"`, `["1490", "1442"]`,
//! `{ amount = 118000 }`), and anything that is not one is taken as a
//! string (`--set indices.avtal=3%`, `--set charges.mc.participants=members`).
//! The table holding KEY must exist in the tariff; KEY itself may be new, and
//! is then checked like any key written in the file.

use std::str::FromStr;

use toml_edit::{DocumentMut, Item, Key, Value};

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::model::{Member, Participants, Rates, Rule, Tariff};
use crate::msg;
use crate::msg::Message;

/// Top-level tables a tariff may leave out, which `--set` may add.
const OPTIONAL_TABLES: &[&str] = &["projection", "indices", "payers"];

/// One override.
#[derive(Debug, Clone)]
pub struct Override {
    /// The key path (`["charges", "dso", "rate"]`).
    pub path: Vec<String>,
    pub value: Value,
    /// As given on the command line, for messages.
    pub text: String,
    /// The option that gave it: `--set` (this year's tariff), or
    /// `project`'s `--next` (the projected year's).
    pub option: &'static str,
}

impl Override {
    /// The dotted key (`charges.dso.rate`), as problems name keys.
    pub fn key(&self) -> String {
        self.path.join(".")
    }

    /// Where problems with it are placed: `--set charges.dso.rate=6.80`.
    pub fn place(&self) -> std::path::PathBuf {
        std::path::PathBuf::from(format!("{} {}", self.option, self.text))
    }

    /// `s` given to `option` (`--set`, `--next`).
    pub fn given(option: &'static str, s: &str) -> Result<Override, Diagnostic> {
        let mut o: Override = s.parse().map_err(|d: Diagnostic| {
            let mut d = d;
            d.file = Some(std::path::PathBuf::from(format!("{option} {s}")));
            d
        })?;
        o.option = option;
        Ok(o)
    }

    /// Whether a problem's key is this override's key or lies below it.
    pub fn covers(&self, key: &str) -> bool {
        let own = self.key();
        key == own
            || key
                .strip_prefix(&own)
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    }
}

impl FromStr for Override {
    type Err = Diagnostic;

    fn from_str(s: &str) -> Result<Override, Diagnostic> {
        let problem = |m: Message| Diagnostic::new(m).in_file(std::path::Path::new(&format!("--set {s}")));
        let Some((key, value)) = s.split_once('=') else {
            return Err(problem(msg!("override-expected-key-value")));
        };
        let path = Key::parse(key.trim())
            .map_err(|_| problem(msg!("override-not-a-key", key = msg::quoted(key.trim()))))?;
        if path.is_empty() {
            return Err(problem(msg!("override-empty-key")));
        }
        let value_text = value.trim();
        let value = Value::from_str(value_text).unwrap_or_else(|_| Value::from(value_text));
        Ok(Override {
            path: path.iter().map(|k| k.get().to_string()).collect(),
            value,
            text: s.to_string(),
            option: "--set",
        })
    }
}

/// The tables whose entries other parts of a tariff refer to by name (the
/// messages name what one entry is by its table).
const NAMED: &[&str] = &["indices", "groups", "activities", "payers"];

/// The overrides that add an index, group, activity or payer to the
/// document as written (`--set indices.avtl=3%` where the tariff has
/// `avtal`): (override, table, name).
pub fn additions<'o>(doc: &Item, overrides: &'o [Override]) -> Vec<(&'o Override, &'static str, String)> {
    overrides
        .iter()
        .filter_map(|o| {
            // Deeper keys of a new entry are refused by `apply` already.
            let [table, name] = o.path.as_slice() else {
                return None;
            };
            let table = NAMED.iter().find(|t| *t == table)?;
            let exists = doc.get(table).and_then(|t| t.get(name.as_str())).is_some();
            (!exists).then(|| (o, *table, name.clone()))
        })
        .collect()
}

/// What the tariff refers to by name: indices, groups, activities, payers.
fn referred(t: &Tariff, table: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in t.charges.values() {
        match table {
            "indices" => {
                out.extend(c.index.clone());
                if let Rule::Previous { index, .. } = &c.rule {
                    out.insert(index.clone());
                }
            }
            "groups" => {
                if let Participants::Some(list) = &c.participants {
                    out.extend(list.iter().filter_map(|m| match m {
                        Member::Group(g) => Some(g.clone()),
                        Member::Code(_) => None,
                    }));
                }
                if let Rule::PerInhabitant {
                    rates: Rates::ByGroup(by),
                    ..
                } = &c.rule
                {
                    out.extend(by.keys().cloned());
                }
            }
            "activities" => {
                out.extend(c.activities().into_iter().map(String::from));
                if let Rule::Previous {
                    activity: Some(a), ..
                } = &c.rule
                {
                    out.insert(a.clone());
                }
            }
            "payers" => out.extend(c.external.keys().cloned()),
            _ => {}
        }
    }
    if table == "activities" {
        out.extend(t.adjustments.iter().map(|a| a.activity.clone()));
    }
    out
}

/// An override that adds an index, group, activity or payer that nothing
/// in the tariff refers to is a typo (`--set indices.avtl=3%` would change
/// nothing): refused, with the nearest existing name.
pub fn unused_additions(doc: &Item, overrides: &[Override], t: &Tariff) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (o, table, name) in additions(doc, overrides) {
        if referred(t, table).contains(&name) {
            continue;
        }
        let mut existing: Vec<&str> = doc
            .get(table)
            .and_then(Item::as_table_like)
            .map(|t| t.iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        existing.sort_unstable();
        // The messages choose their words by the table.
        let message = match crate::read::toml::suggest(&name, &existing) {
            Some(s) => msg!(
                "override-unused-did-you-mean",
                table = table,
                name = msg::quoted(&name),
                suggestion = msg::quoted(s)
            ),
            None if existing.is_empty() => {
                msg!("override-unused-none", table = table, name = msg::quoted(&name))
            }
            None => msg!(
                "override-unused",
                table = table,
                name = msg::quoted(&name),
                existing = existing.join(", ")
            ),
        };
        problems.push(Diagnostic::new(message).in_file(&o.place()));
    }
    problems
}

/// Applies overrides to a document, in order.
pub fn apply(doc: &mut DocumentMut, overrides: &[Override]) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::new();
    for o in overrides {
        let (leaf, parents) = o.path.split_last().expect("parsed keys are not empty");
        // The longest existing prefix of the parent tables, for the message.
        let mut item = doc.as_item();
        let mut found = 0;
        for p in parents {
            match item.get(p.as_str()).filter(|i| i.is_table_like()) {
                Some(next) => {
                    item = next;
                    found += 1;
                }
                None => break,
            }
        }
        // The tables there are, to say what was meant.
        let mut there: Vec<&str> = item
            .as_table_like()
            .map(|t| {
                t.iter()
                    .filter(|(_, v)| v.is_table_like())
                    .map(|(k, _)| k)
                    .collect()
            })
            .unwrap_or_default();
        there.sort_unstable();
        let missing = parents.get(found).map_or("", String::as_str);
        // What to say if a table is missing: the first missing one, and
        // what was meant.
        let no_table = (found < parents.len()).then(|| {
            let table = parents[..=found].join(".");
            match crate::read::toml::suggest(missing, &there) {
                Some(s) => msg!(
                    "override-no-table-did-you-mean",
                    table = table,
                    suggestion = [&parents[..found].join("."), s].join(".").trim_start_matches('.')
                ),
                None if there.is_empty() || missing.is_empty() => msg!("override-no-table", table = table),
                None => msg!("override-no-table-has", table = table, has = there.join(", ")),
            }
        });
        // Optional top-level tables may be made by --set.
        if found == 0 && parents.len() == 1 && OPTIONAL_TABLES.contains(&parents[0].as_str()) {
            doc.insert(&parents[0], Item::Table(toml_edit::Table::new()));
            found = 1;
        }
        if let Some(no_table) = no_table.filter(|_| found < parents.len()) {
            problems.push(Diagnostic::new(no_table).in_file(&o.place()).for_key(o.key()));
            continue;
        }
        let mut item = doc.as_item_mut();
        for p in parents {
            item = &mut item[p.as_str()];
        }
        let Some(t) = item.as_table_like_mut() else {
            continue;
        };
        let mut value = o.value.clone();
        // Keep a comment that followed the old value.
        if let Some(old) = t.get(leaf).and_then(Item::as_value) {
            let suffix = old.decor().suffix().cloned().unwrap_or_default();
            let prefix = old.decor().prefix().cloned().unwrap_or_else(|| " ".into());
            value = value.decorated(prefix, suffix);
        }
        t.insert(leaf, Item::Value(value));
    }
    problems.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(doc: &str, overrides: &[&str]) -> Result<String, Diagnostics> {
        let mut d: DocumentMut = doc.parse().unwrap();
        let o: Vec<Override> = overrides.iter().map(|s| s.parse().unwrap()).collect();
        apply(&mut d, &o)?;
        Ok(d.to_string())
    }

    #[test]
    fn sets_values_and_keeps_comments() {
        let doc = "[charges.dso]\nrate = 6.53 # kr per inv\n[indices]\navtal = \"2.5%\"\n";
        assert_eq!(
            set(doc, &["charges.dso.rate=6.80", "indices.avtal=3%"]).unwrap(),
            "[charges.dso]\nrate = 6.80 # kr per inv\n[indices]\navtal = \"3%\"\n"
        );
        let doc = "[charges.navet]\namounts = { 1490 = 6607000 }\n";
        assert_eq!(
            set(doc, &["charges.navet.amounts.1442=180000"]).unwrap(),
            "[charges.navet]\namounts = { 1490 = 6607000 , 1442 = 180000 }\n"
        );
    }

    #[test]
    fn makes_optional_tables() {
        assert_eq!(
            set("year = 1\n", &["projection.rates=exact"]).unwrap(),
            "year = 1\n\n[projection]\nrates = \"exact\"\n"
        );
    }

    #[test]
    fn refuses_what_is_not_there() {
        let err = set("[charges.dso]\nrate = 1\n", &["charges.nosuch.rate=2"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--set charges.nosuch.rate=2: charges.nosuch.rate: the tariff has no table charges.nosuch; it has: dso"
        );
        let err = set("[charges.dso]\nrate = 1\n", &["charges.dos.rate=2"]).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("no table charges.dos; did you mean charges.dso?"),
            "{err}"
        );
        assert!("charges.dso.rate".parse::<Override>().is_err());
        assert!("=5".parse::<Override>().is_err());
    }

    #[test]
    fn covers_keys_below() {
        let o: Override = "charges.dso=1".parse().unwrap();
        assert!(o.covers("charges.dso"));
        assert!(o.covers("charges.dso.rate"));
        assert!(!o.covers("charges.dsox"));
    }
}
