//! Next year's tariff, written by editing this year's TOML document so that
//! its layout and comments survive: indexed values scaled and rounded as the
//! tariff's `[projection]` says, the year moved on, one-off adjustments
//! dropped, paths re-pointed, and a header that says what was done.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml_edit::{ArrayOfTables, DocumentMut, Item, TableLike, Value};

use crate::engine::code::Code;
use crate::engine::date::Date;
use crate::engine::model::{Charge, Precision, Rule, Tariff};
use crate::number::value_number;
use crate::sv;

/// What a projection does, decided by the command.
pub struct Plan {
    pub year: i32,
    /// Index values used for the projection (fractions).
    pub indices: BTreeMap<String, Decimal>,
    /// The new tariff's population path, relative to it.
    pub population: String,
    /// The new tariff's previous-year actuals path, relative to it.
    pub previous_actuals: String,
    /// What the population file is (a comment above its key).
    pub population_comment: String,
    /// What the actuals file is.
    pub previous_comment: String,
    /// Weight files, old path → new path relative to the new tariff.
    pub weight_files: BTreeMap<String, String>,
    /// The recipients file, re-pointed.
    pub recipients: Option<String>,
    /// Lines for the header: where from, assumptions.
    pub header: Vec<String>,
}

/// One value changed, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub key: String,
    pub from: Decimal,
    pub to: Decimal,
}

/// Edits `doc` (this year's tariff, as written) into next year's and
/// returns the text and the values changed.
pub fn project(doc: &mut DocumentMut, tariff: &Tariff, plan: &Plan) -> (String, Vec<Change>) {
    let mut changes = Vec::new();
    doc["year"] = toml_edit::value(i64::from(plan.year));
    // A tariff may leave either key out (`--population`, no actuals):
    // next year's names its files all the same.
    for (key, file) in [
        ("population", &plan.population),
        ("previous_actuals", &plan.previous_actuals),
    ] {
        let old = doc.get(key).cloned().unwrap_or_default();
        doc[key] = keep_decor(&old, Value::from(file.as_str()));
    }
    // The comments above these keys spoke of this year's files.
    for (key, comment) in [
        ("population", &plan.population_comment),
        ("previous_actuals", &plan.previous_comment),
    ] {
        if let Some(mut k) = doc.key_mut(key) {
            k.leaf_decor_mut().set_prefix(format!("\n# {comment}\n"));
        }
    }
    if let Some(indices) = doc.get_mut("indices").and_then(Item::as_table_like_mut) {
        for (name, rate) in &plan.indices {
            let old = indices.get(name).cloned().unwrap_or_default();
            indices.insert(name, keep_decor(&old, Value::from(percent(*rate))));
        }
    }

    // Weight files are re-pointed for every charge, indexed or not.
    if let Some(charges) = doc.get_mut("charges").and_then(Item::as_table_like_mut) {
        for id in sorted_keys(charges) {
            let Some(table) = charges.get_mut(&id) else {
                continue;
            };
            if let Some(file) = table
                .get("weight_file")
                .and_then(Item::as_str)
                .and_then(|f| plan.weight_files.get(f))
            {
                let new = keep_decor(&table["weight_file"], Value::from(file.as_str()));
                table["weight_file"] = new;
            }
        }
    }
    for (id, charge) in &tariff.charges {
        index_charge(doc, tariff, plan, id, charge, &mut changes);
    }

    if let Some(invoice) = doc.get_mut("invoice").and_then(Item::as_table_like_mut) {
        if let (Some(path), Some(old)) = (&plan.recipients, invoice.get("recipients").cloned()) {
            invoice.insert("recipients", keep_decor(&old, Value::from(path.as_str())));
        }
        // The invoice date moves on with the year.
        if let (Some(old), Some(date)) = (invoice.get("date").cloned(), tariff.invoice.date) {
            let moved = Date::new(plan.year, date.month, date.day)
                .or_else(|| Date::new(plan.year, date.month, 28))
                .unwrap_or(date);
            invoice.insert("date", keep_decor(&old, Value::from(moved.to_string())));
        }
    }

    // One-off adjustments are not carried over; recurring ones are.
    if let Some(adjustments) = doc.get("adjustments").and_then(Item::as_array_of_tables) {
        let mut kept = ArrayOfTables::new();
        for t in adjustments.iter() {
            if t.get("recurring").and_then(Item::as_bool) == Some(true) {
                kept.push(t.clone());
            }
        }
        if kept.is_empty() {
            doc.remove("adjustments");
        } else {
            doc["adjustments"] = Item::ArrayOfTables(kept);
        }
    }

    let mut text: String = plan.header.iter().map(|l| format!("# {l}\n")).collect();
    text.push_str("#\n");
    text.push_str(&doc.to_string());
    (text, changes)
}

/// Charge `id`'s amounts and rates scaled by its index for next year
/// (rounded as the tariff's `projection` says), each change noted.
fn index_charge(
    doc: &mut DocumentMut,
    tariff: &Tariff,
    plan: &Plan,
    id: &str,
    charge: &Charge,
    changes: &mut Vec<Change>,
) {
    let Some(factor) = charge
        .index
        .as_ref()
        .and_then(|i| plan.indices.get(i))
        .map(|r| Decimal::ONE + r)
    else {
        return;
    };
    // `previous` applies its index when computed; its basis moves on instead.
    if matches!(charge.rule, Rule::Previous { .. }) {
        return;
    }
    let Some(table) = doc.get_mut("charges").and_then(|c| c.get_mut(id)) else {
        return;
    };
    let p = tariff.projection;
    let key = |k: &str| format!("charges.{id}.{k}");
    for (k, precision) in [
        ("rate", p.rates),
        ("fixed", p.amounts),
        ("amount", p.amounts),
        ("total", p.amounts),
        ("floor", p.amounts),
        ("cap", p.amounts),
    ] {
        if let Some(item) = table.get_mut(k) {
            scale_item(item, factor, precision, &key(k), changes);
        }
    }
    // In key order, not as written: the summary must not depend on the
    // order of the keys in the file.
    for (k, precision) in [("rates", p.rates), ("amounts", p.amounts)] {
        if let Some(t) = table.get_mut(k).and_then(Item::as_table_like_mut) {
            for sub in sorted_keys(t) {
                if let Some(item) = t.get_mut(&sub) {
                    scale_item(item, factor, precision, &key(&format!("{k}.{sub}")), changes);
                }
            }
        }
    }
    if let Some(ext) = table.get_mut("external").and_then(Item::as_table_like_mut) {
        for payer in sorted_keys(ext) {
            if let Some(amount) = ext.get_mut(&payer).and_then(|item| item.get_mut("amount")) {
                scale_item(
                    amount,
                    factor,
                    p.amounts,
                    &key(&format!("external.{payer}.amount")),
                    changes,
                );
            }
        }
    }
}

/// Splits the headers earlier projections wrote (and the what-if lines a
/// plan writes above them) off a tariff's text: (what-if lines, the rest).
/// A projection replaces the old headers with its own and keeps the
/// what-if lines, which still hold for the values written in.
pub fn split_header(text: &str) -> (String, &str) {
    let mut at = 0;
    let mut whatifs = String::new();
    loop {
        let rest = &text[at..];
        if rest.starts_with("# Projected by avgift project") {
            match rest.find("\n#\n") {
                Some(i) => at += i + 3,
                None => break,
            }
        } else if rest.starts_with(WHATIF_MARKS[0]) || rest.starts_with(WHATIF_MARKS[1]) {
            let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
            whatifs.push_str(&rest[..end]);
            at += end;
        } else {
            break;
        }
    }
    (whatifs, &text[at..])
}

/// Where the document starts after the headers and what-if lines.
pub fn header_end(text: &str) -> usize {
    let (_, rest) = split_header(text);
    text.len() - rest.len()
}

/// How the lines start that say a value was written in as a what-if.
pub const WHATIF_MARKS: [&str; 2] = ["# Scenario ", "# Solved so that "];

/// A table's keys in the order the tariff is read in: ids as strings,
/// municipality codes (`amounts`) by number.
fn sorted_keys(t: &dyn TableLike) -> Vec<String> {
    let mut keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    keys.sort_by_cached_key(|k| (k.parse::<Code>().ok(), k.clone()));
    keys
}

/// `0.025` as `"2.5%"`.
pub fn percent(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::ONE_HUNDRED).normalize())
}

/// A new value in place of an item's, keeping the comment that followed it.
fn keep_decor(old: &Item, new: Value) -> Item {
    let new = match old.as_value() {
        Some(v) => {
            let prefix = v.decor().prefix().cloned().unwrap_or_else(|| " ".into());
            let suffix = v.decor().suffix().cloned().unwrap_or_default();
            new.decorated(prefix, suffix)
        }
        None => new,
    };
    Item::Value(new)
}

/// A decimal as a TOML number: an integer when whole.
fn number(d: Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0 {
        if let Ok(i) = i64::try_from(d.mantissa()) {
            return Value::from(i);
        }
    }
    Value::from_str(&d.to_string()).unwrap_or_else(|_| Value::from(d.to_string()))
}

/// Scales a number, or the `rate`s of an array of tiers, by `factor`.
fn scale_item(item: &mut Item, factor: Decimal, precision: Precision, key: &str, changes: &mut Vec<Change>) {
    if let Some(array) = item.as_array_mut() {
        for (i, v) in array.iter_mut().enumerate() {
            if let Some(rate) = v.as_inline_table_mut().and_then(|t| t.get_mut("rate")) {
                let mut wrapped = Item::Value(rate.clone());
                scale_item(
                    &mut wrapped,
                    factor,
                    precision,
                    &format!("{key}[{i}].rate"),
                    changes,
                );
                if let Item::Value(new) = wrapped {
                    *rate = new;
                }
            }
        }
        return;
    }
    let Some(old) = item.as_value().and_then(value_number) else {
        return;
    };
    let new = precision.round(old * factor);
    if new != old {
        changes.push(Change {
            key: key.to_string(),
            from: old,
            to: new,
        });
        *item = keep_decor(item, number(new));
    }
}

/// A change as the summary shows it: `charges.dso.rate: 6,53 → 6,69`.
pub fn describe(c: &Change) -> String {
    format!("{}: {} → {}", c.key, sv::money(c.from), sv::money(c.to))
}
