//! `--only`: a run narrowed to some recipients, each named by its
//! municipality code (`1490`, `0180` or `180`), its name as `population
//! import` resolves names (`Borås`, `Borås Stad`, `borås`, `Boras`), or a
//! payer's id or name (`hsnk`, `HSNK`). A name that no invoice of the batch
//! goes to is a problem with the nearest recipients of the batch, or else
//! the list of them.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::invoice::{Invoice, Recipient};
use crate::msg;
use crate::read::municipalities;
use crate::read::scb::vocabulary::{fold, municipality_by_name};

/// The batch narrowed to the recipients `only` names; every name that
/// names none of them is a problem.
pub fn select_only(batch: &mut Vec<Invoice>, only: &[String], problems: &mut Diagnostics) {
    let mut keys = Vec::new();
    for wanted in only {
        match find(batch, wanted) {
            Some(key) => keys.push(key),
            None => problems.push(Diagnostic::new(unknown(batch, wanted)).in_file(Path::new("--only"))),
        }
    }
    if !only.is_empty() {
        batch.retain(|i| keys.contains(&i.recipient.key()));
    }
}

/// The key of the batch's recipient `wanted` names, if one: a code, a
/// payer's id or name (any letter case), or a municipality's name.
fn find(batch: &[Invoice], wanted: &str) -> Option<String> {
    let has = |key: &str| batch.iter().any(|i| i.recipient.key() == key);
    if let Ok(code) = wanted.trim().parse::<crate::engine::Code>() {
        return has(&code.to_string()).then(|| code.to_string());
    }
    let folded = fold(wanted);
    let payer = batch.iter().find(|i| match &i.recipient {
        Recipient::Payer(id) => fold(id) == folded || fold(&i.name) == folded,
        Recipient::Municipality(_) => false,
    });
    if let Some(i) = payer {
        return Some(i.recipient.key());
    }
    municipality_by_name(wanted)
        .map(|c| c.to_string())
        .filter(|k| has(k))
}

/// What `--only` says of a name that names no recipient of the batch:
/// the nearest recipients, or the batch's recipients.
fn unknown(batch: &[Invoice], wanted: &str) -> msg::Message {
    let mut recipients: Vec<&Invoice> = batch.iter().collect();
    recipients.sort_by_key(|i| i.recipient.clone());
    recipients.dedup_by_key(|i| i.recipient.clone());
    let mut near: Vec<(usize, String)> = recipients
        .iter()
        .filter_map(|i| {
            let d = match &i.recipient {
                Recipient::Municipality(c) => {
                    let scb = crate::read::scb::vocabulary::municipality_name(*c).unwrap_or(&i.name);
                    [scb, i.name.as_str()]
                        .iter()
                        .filter_map(|n| municipalities::near(wanted, n))
                        .min()
                }
                Recipient::Payer(id) => [id.as_str(), i.name.as_str()]
                    .iter()
                    .map(|n| crate::read::toml::edit_distance(&fold(wanted), &fold(n)))
                    .filter(|d| *d <= 2)
                    .min(),
            }?;
            Some((d, shown(i)))
        })
        .collect();
    near.sort();
    let key = msg::quoted(wanted);
    let known = || recipients.iter().map(|i| shown(i)).collect::<Vec<_>>().join(", ");
    // A municipality, but none of this batch's.
    let municipality = match wanted.trim().parse::<crate::engine::Code>() {
        Ok(c) => Some(c),
        Err(_) => municipality_by_name(wanted),
    };
    if let Some(c) = municipality.filter(|c| crate::read::scb::vocabulary::municipality_name(*c).is_some()) {
        let name = crate::read::scb::vocabulary::municipality_name(c).unwrap_or_default();
        return msg!(
            "only-not-in-batch",
            key = key,
            name = name,
            code = c.to_string(),
            known = known()
        );
    }
    match near.as_slice() {
        [] => msg!("invoicing-only-unknown", key = key, known = known()),
        [(_, one)] => msg!("only-unknown-near", key = key, near = one),
        [rest @ .., (_, last)] => msg!(
            "only-unknown-near-several",
            key = key,
            near = rest
                .iter()
                .map(|(_, s)| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            last = last
        ),
    }
}

/// A recipient as `--only` suggests it: `"Borås" (1490)`, `"hsnk" (HSNK)`.
fn shown(i: &Invoice) -> String {
    match &i.recipient {
        Recipient::Municipality(c) => format!("{} ({c})", msg::quote(&i.name)),
        Recipient::Payer(id) => format!("{} ({})", msg::quote(id), i.name),
    }
}
