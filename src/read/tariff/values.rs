//! Values that several sections share: municipality codes and lists of
//! them, activities, payers, the projection settings, and the hint for a
//! number written as people write it.

use toml::de::DeValue;

use crate::engine::code::Code;
use crate::engine::model::{Activity, Payer, Precision, Projection};
use crate::msg;
use crate::msg::Message;
use crate::read::toml::{integer_text, value_kind, Doc, Item, Placed};

/// `[projection]`: `rates` and `amounts`, each "öre", "krona" or "exact".
pub(super) fn projection(doc: &mut Doc, key: &str, item: &Item) -> Projection {
    let mut p = Projection::default();
    let Some(t) = doc.table(key, item) else { return p };
    for (name, slot) in [("rates", &mut p.rates), ("amounts", &mut p.amounts)] {
        let k = t.child(name);
        if let Some(i) = t.get(name) {
            if let Some(s) = doc.string(&k, i) {
                match Precision::parse(&s) {
                    Some(v) => *slot = v,
                    None => doc.err(
                        &k,
                        i.at(),
                        msg!("tariff-expected-precision", found = msg::quoted(&s)),
                    ),
                }
            }
        }
    }
    t.finish(doc, &["rates", "amounts"]);
    p
}

pub(super) fn activity(doc: &mut Doc, key: &str, item: &Item) -> Option<Activity> {
    let t = doc.table(key, item)?;
    let note = t
        .get("note")
        .and_then(|i| doc.integer(&t.child("note"), i, 1..10_000))
        .map(|n| n as u32);
    let name = match t.get("name") {
        Some(i) => doc.string(&t.child("name"), i),
        None => {
            let span = t.span.clone();
            doc.err(
                &t.child("name"),
                span,
                msg!("toml-missing-key", key = msg::quoted("name")),
            );
            None
        }
    };
    t.finish(doc, &["note", "name"]);
    Some(Activity { note, name: name? })
}

pub(super) fn payer(doc: &mut Doc, key: &str, item: &Item) -> Option<Payer> {
    let t = doc.table(key, item)?;
    let name = match t.get("name") {
        Some(i) => doc.string(&t.child("name"), i),
        None => {
            let span = t.span.clone();
            doc.err(
                &t.child("name"),
                span,
                msg!("toml-missing-key", key = msg::quoted("name")),
            );
            None
        }
    };
    t.finish(doc, &["name"]);
    Some(Payer { name: name? })
}

/// How to write the number a line assigns the way people write numbers:
/// `rate = 6,53` (a decimal comma) or `fixed = 135 000` (grouped by spaces)
/// gets "TOML numbers use a decimal point: write 6.53".
pub(super) fn number_hint(line: &str) -> Option<Message> {
    let (_, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let body = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match body.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = whole.split([' ', '\u{a0}']).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let grouped = groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3);
    if !groups.iter().all(|g| digits(g)) || !fraction.is_none_or(digits) || (fraction.is_none() && !grouped) {
        return None;
    }
    let sign = if value.starts_with('-') { "-" } else { "" };
    let number = match fraction {
        Some(f) => format!("{sign}{}.{f}", groups.join("_")),
        None => format!("{sign}{}", groups.join("_")),
    };
    Some(match (fraction, groups.len()) {
        (Some(_), 1) => msg!("tariff-hint-decimal-point", number = number),
        (Some(_), _) => msg!("tariff-hint-decimal-point-and-underscore", number = number),
        (None, _) => msg!("tariff-hint-underscore", number = number),
    })
}

/// A municipality code written as a string (`"0127"`) or an integer (`1490`).
pub(super) fn code_value(doc: &mut Doc, key: &str, v: &Item) -> Option<Code> {
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => integer_text(i),
        other => {
            doc.err(
                key,
                v.at(),
                msg!("tariff-expected-code", found = value_kind(other)),
            );
            return None;
        }
    };
    match text.parse::<Code>() {
        Ok(c) => Some(c),
        Err(e) => {
            doc.err(key, v.at(), e);
            None
        }
    }
}

/// A list of municipality codes.
pub(super) fn codes(doc: &mut Doc, key: &str, item: &Item) -> Option<Vec<Code>> {
    doc.record(key, item.at());
    let Some(array) = item.get_ref().as_array() else {
        doc.err(
            key,
            item.at(),
            msg!("tariff-expected-codes", found = doc.describe(item)),
        );
        return None;
    };
    let mut out = Vec::new();
    for (i, v) in array.iter().enumerate() {
        if let Some(c) = code_value(doc, &format!("{key}[{i}]"), v) {
            out.push(c);
        }
    }
    Some(out)
}
