//! The tariff document's top level: the format, name and year, the files
//! it names, indices, groups, activities, payers, the charges (read by
//! [`super::charges`]), adjustments, projection and invoice settings.

use std::collections::BTreeMap;

use toml::de::DeValue;

use super::charges::charge;
use super::invoice::invoice;
use super::reader::TariffReader;
use super::values::{activity, codes, payer, projection};
use crate::engine::model::{Adjustment, InputFiles, Payer, Tariff};
use crate::msg;
use crate::read::toml::{Doc, Item, Placed, TomlTable};

/// The tariff format this reader understands.
pub const FORMAT: i64 = 1;

const TOP_KEYS: &[&str] = &[
    "format",
    "name",
    "year",
    "population",
    "previous_actuals",
    "indices",
    "groups",
    "activities",
    "payers",
    "charges",
    "adjustments",
    "projection",
    "invoice",
    "letter",
];

/// Keys are ids that end up in file names, CSV and SIE text like names
/// do: a key with a control character is refused where it is written.
fn check_keys(doc: &mut Doc, prefix: &str, item: &Item) {
    let child = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    let check = |doc: &mut Doc, k: &str, span| {
        if let Some(why) = crate::read::text::control_character(k) {
            doc.err(&child(k), span, msg!("tariff-key-control", why = why));
        }
    };
    match item.get_ref() {
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                check(doc, k.get_ref(), Some(k.span()));
                check_keys(doc, &child(k.get_ref()), v);
            }
        }
        DeValue::Array(a) if doc.is_array_of_tables(item) => {
            for (i, t) in a.iter().enumerate() {
                check_keys(doc, &format!("{prefix}[{i}]"), t);
            }
        }
        _ => {}
    }
}

pub(super) fn read(mut reader: TariffReader, root: &Item) -> Option<Tariff> {
    let r = &mut reader;
    check_keys(r.doc, "", root);
    let top = r.doc.table("", root)?;
    if let Some(item) = top.get("format") {
        if let Some(f) = r.doc.integer("format", item, 0..i64::MAX) {
            if f != FORMAT {
                r.doc.err(
                    "format",
                    item.at(),
                    msg!("tariff-format-version", reads = FORMAT, found = f),
                );
            }
        }
    }
    let name = r.required(&top, "name", |d, k, i| d.string(k, i));
    let year = r.required(&top, "year", |d, k, i| d.integer(k, i, 1900..2201));
    let inputs = InputFiles {
        population: top.get("population").and_then(|i| r.doc.path("population", i)),
        previous_actuals: top
            .get("previous_actuals")
            .and_then(|i| r.doc.path("previous_actuals", i)),
    };
    let indices = r.map_of(&top, "indices", |d, k, i| d.percent(k, i));
    let groups = r.map_of(&top, "groups", codes);
    let activities = r.map_of(&top, "activities", activity);
    let payers = r.map_of(&top, "payers", payer);
    check_payer_ids(r, &top, &payers);
    let charges = {
        let mut out = BTreeMap::new();
        if let Some(item) = top.get("charges") {
            if let Some(t) = r.doc.table("charges", item) {
                for (id, item) in t.entries() {
                    let key = t.child(&id);
                    if let Some(c) = charge(r, &key, item) {
                        out.insert(id, c);
                    }
                }
            }
        }
        out
    };
    let adjustments = adjustments(r, &top);
    let projection = top
        .get("projection")
        .map(|i| projection(r.doc, "projection", i))
        .unwrap_or_default();
    let invoice = top
        .get("invoice")
        .map(|i| invoice(r.doc, "invoice", i))
        .unwrap_or_default();
    let letter = top
        .get("letter")
        .map(|i| crate::read::letter::letter(r.doc, "letter", i))
        .unwrap_or_default();
    top.finish(r.doc, TOP_KEYS);
    Some(Tariff {
        name: name?,
        year: i32::try_from(year?).ok()?,
        inputs,
        indices,
        groups,
        activities,
        payers,
        charges,
        adjustments,
        projection,
        invoice,
        letter,
    })
}

/// A payer id names the payer's invoice files and register rows: it
/// begins with a letter (a municipality's files carry its four-digit
/// code), holds only ASCII letters, digits, `_` and `-`, is at most 40
/// characters long, and differs from every other id in more than case.
pub(super) fn check_payer_ids(r: &mut TariffReader, top: &TomlTable, payers: &BTreeMap<String, Payer>) {
    if payers.is_empty() {
        return;
    }
    let Some(t) = top.get("payers").and_then(|i| r.doc.table("payers", i)) else {
        return;
    };
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for id in payers.keys() {
        // A control character is refused as such (plain text).
        if id.chars().any(char::is_control) {
            continue;
        }
        let span = t.key_span(id);
        let key = t.child(id);
        let safe = id.len() <= 40
            && id.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !safe {
            r.doc
                .err(&key, span, msg!("tariff-payer-id-unsafe", id = msg::quoted(id)));
        } else if let Some(other) = seen.insert(id.to_ascii_lowercase(), id) {
            r.doc.err(
                &key,
                span,
                msg!(
                    "tariff-payer-ids-case",
                    first = msg::quoted(other),
                    second = msg::quoted(id)
                ),
            );
        }
    }
}

/// The `[[adjustments]]` lines, in their written order (which is the
/// notes' order).
pub(super) fn adjustments(r: &mut TariffReader, top: &TomlTable) -> Vec<Adjustment> {
    let mut out = Vec::new();
    let Some(item) = top.get("adjustments") else {
        return out;
    };
    let array = match item.get_ref() {
        DeValue::Array(a) if r.doc.is_array_of_tables(item) => a,
        _ => {
            r.doc.err(
                "adjustments",
                item.at(),
                msg!("tariff-expected-adjustments", found = r.doc.describe(item)),
            );
            return out;
        }
    };
    for (i, table) in array.iter().enumerate() {
        let key = format!("adjustments[{i}]");
        let Some(t) = r.doc.table(&key, table) else {
            continue;
        };
        let activity = r.required(&t, "activity", |d, k, i| d.string(k, i));
        let label = r.required(&t, "label", |d, k, i| d.string(k, i));
        let mut amount = r.required(&t, "amount", |d, k, i| d.decimal(k, i));
        // Kronor and öre: the calc CSV (next year's actuals) writes two
        // decimals, so more would be rounded there.
        if let Some(a) = amount.filter(|a| a.normalize().scale() > 2) {
            let span = t.get("amount").and_then(Placed::at);
            r.doc.err(
                &t.child("amount"),
                span,
                msg!("tariff-adjustment-decimals", found = a.to_string()),
            );
            amount = None;
        }
        let recurring = match t.get("recurring") {
            Some(i) => r.doc.bool(&t.child("recurring"), i).unwrap_or(false),
            None => false,
        };
        t.finish(r.doc, &["activity", "label", "amount", "recurring"]);
        if let (Some(activity), Some(label), Some(amount)) = (activity, label, amount) {
            out.push(Adjustment {
                activity,
                label,
                amount,
                recurring,
            });
        }
    }
    out
}
