//! The `[invoice]` section: the issuer, accounts, OCR references,
//! e-invoicing and the recipients file.

use toml::de::DeValue;

use crate::engine::ident::{Bankgiro, OcrMethod, OrgNr, PeppolId};
use crate::engine::model::{CorrectionMode, EInvoiceMode, InvoiceSettings, Issuer};
use crate::msg;
use crate::msg::Message;
use crate::read::toml::{integer_text, Doc, Item, Placed, TomlTable};

/// `[invoice]`: issuer, terms, numbering, recipients file and accounts.
///
/// Long on purpose: the section's keys one after another in the order of
/// `docs/tariff-format.md`, each a few lines of reading and placing.
pub(super) fn invoice(doc: &mut Doc, key: &str, item: &Item) -> InvoiceSettings {
    let mut s = InvoiceSettings::default();
    let Some(t) = doc.table(key, item) else { return s };
    let string = |doc: &mut Doc, t: &TomlTable, k: &str| t.get(k).and_then(|i| doc.string(&t.child(k), i));
    let lines = |doc: &mut Doc, t: &TomlTable, k: &str| -> Vec<String> {
        let Some(i) = t.get(k) else { return Vec::new() };
        let key = t.child(k);
        match i.get_ref().as_array() {
            Some(a) => a
                .iter()
                .enumerate()
                .filter_map(|(n, v)| doc.string_value(&format!("{key}[{n}]"), v))
                .collect(),
            None => doc.string(&key, i).into_iter().collect(),
        }
    };
    if let Some(i) = t.get("issuer") {
        if let Some(it) = doc.table(&t.child("issuer"), i) {
            s.issuer = Issuer {
                name: string(doc, &it, "name").unwrap_or_default(),
                org_nr: identifier(doc, &it, "org_nr", |v| OrgNr::parse(v).map(|_| ())),
                peppol_id: identifier(doc, &it, "peppol_id", |v| PeppolId::parse(v).map(|_| ())),
                vat_id: identifier(doc, &it, "vat_id", vat_id),
                address: lines(doc, &it, "address"),
                bankgiro: identifier(doc, &it, "bankgiro", |v| Bankgiro::parse(v).map(|_| ())),
                contact: lines(doc, &it, "contact"),
                public_key: identifier(doc, &it, "public_key", |v| {
                    crate::signing::PublicKey::parse(v).map(|_| ())
                })
                .to_ascii_lowercase(),
            };
            it.finish(
                doc,
                &[
                    "name",
                    "org_nr",
                    "peppol_id",
                    "vat_id",
                    "address",
                    "bankgiro",
                    "contact",
                    "public_key",
                ],
            );
        }
    }
    if let Some(i) = t.get("payment_days") {
        if let Some(n) = doc.integer(&t.child("payment_days"), i, 0..366) {
            s.payment_days = n as u32;
        }
    }
    if let Some(i) = t.get("first_number") {
        if let Some(n) = doc.integer(&t.child("first_number"), i, 1..i64::MAX) {
            s.first_number = n as u64;
        }
    }
    if let Some(text) = string(doc, &t, "date") {
        match text.parse() {
            Ok(d) => s.date = Some(d),
            Err(e) => doc.err(&t.child("date"), t.get("date").and_then(Placed::at), e),
        }
    }
    s.vat = string(doc, &t, "vat").unwrap_or_default();
    s.recipients = t
        .get("recipients")
        .and_then(|i| doc.path(&t.child("recipients"), i));
    if let Some(text) = string(doc, &t, "ocr") {
        match OcrMethod::parse(&text) {
            Some(m) => s.ocr = m,
            None => doc.err(
                &t.child("ocr"),
                t.get("ocr").and_then(Placed::at),
                msg!("tariff-expected-ocr", found = msg::quoted(&text)),
            ),
        }
    }
    if let Some(i) = t.get("embed_pdf") {
        if let Some(b) = doc.bool(&t.child("embed_pdf"), i) {
            s.embed_pdf = b;
        }
    }
    if let Some(i) = t.get("einvoice") {
        s.einvoice = einvoice_mode(doc, &t.child("einvoice"), i);
    }
    if let Some(i) = t.get("corrections") {
        let key = t.child("corrections");
        match doc.string(&key, i).as_deref() {
            Some("replace") => s.corrections = CorrectionMode::Replace,
            Some("difference") => s.corrections = CorrectionMode::Difference,
            Some(other) => doc.err(
                &key,
                i.at(),
                msg!("ledger-expected-corrections", found = msg::quoted(other)),
            ),
            None => {}
        }
    }
    for (k, slot) in [
        ("vat_exemption", &mut s.vat_exemption),
        ("vat_exempt_reason", &mut s.vat_exempt_reason),
    ] {
        if let Some(text) = string(doc, &t, k) {
            if text.trim().is_empty() {
                doc.err(
                    &t.child(k),
                    t.get(k).and_then(Placed::at),
                    msg!("tariff-expected-vat-reason"),
                );
            } else {
                *slot = text;
            }
        }
    }
    if let Some(i) = t.get("vat_category") {
        if let Some(vt) = doc.table(&t.child("vat_category"), i) {
            for (activity, item) in vt.entries() {
                let key = vt.child(&activity);
                match doc.string(&key, item).as_deref() {
                    Some("O") => {}
                    Some("E") => s.vat_exempt.push(activity),
                    Some(other) => doc.err(
                        &key,
                        item.at(),
                        msg!("tariff-expected-vat-category", found = msg::quoted(other)),
                    ),
                    None => {}
                }
            }
            s.vat_exempt.sort();
        }
    }
    if let Some(i) = t.get("accounts") {
        if let Some(at) = doc.table(&t.child("accounts"), i) {
            s.receivables = at
                .get("receivables")
                .and_then(|i| account(doc, &at.child("receivables"), i));
            s.bank = at.get("bank").and_then(|i| account(doc, &at.child("bank"), i));
            if let Some(r) = at.get("revenue") {
                if let Some(rt) = doc.table(&at.child("revenue"), r) {
                    for (activity, item) in rt.entries() {
                        if let Some(a) = account(doc, &rt.child(&activity), item) {
                            s.revenue.insert(activity, a);
                        }
                    }
                }
            }
            at.finish(doc, &["receivables", "bank", "revenue"]);
        }
    }
    t.finish(
        doc,
        &[
            "issuer",
            "payment_days",
            "first_number",
            "date",
            "vat",
            "recipients",
            "accounts",
            "ocr",
            "einvoice",
            "corrections",
            "embed_pdf",
            "vat_exemption",
            "vat_exempt_reason",
            "vat_category",
        ],
    );
    s
}

/// `einvoice`: `false`, `true` (the same as `"required"`), `"required"`
/// or `"when-possible"`.
fn einvoice_mode(doc: &mut Doc, key: &str, item: &Item) -> EInvoiceMode {
    doc.record(key, item.at());
    match item.get_ref() {
        DeValue::Boolean(true) => EInvoiceMode::Required,
        DeValue::Boolean(false) => EInvoiceMode::Off,
        DeValue::String(s) if s.as_ref() == "required" => EInvoiceMode::Required,
        DeValue::String(s) if s.as_ref() == "when-possible" => EInvoiceMode::WhenPossible,
        other => {
            let found: msg::Arg = match other {
                DeValue::String(s) => msg::quoted(s),
                _ => doc.describe(item).into(),
            };
            doc.err(key, item.at(), msg!("ledger-expected-einvoice", found = found));
            EInvoiceMode::Off
        }
    }
}

/// An identifier of the issuer: a string that `check` accepts, or empty
/// when left out. A bad one is reported at its place and read as empty.
pub(super) fn identifier<E: Into<Message>>(
    doc: &mut Doc,
    t: &TomlTable,
    k: &str,
    check: impl Fn(&str) -> Result<(), E>,
) -> String {
    let Some(item) = t.get(k) else {
        return String::new();
    };
    let key = t.child(k);
    let Some(text) = doc.string(&key, item) else {
        return String::new();
    };
    if text.trim().is_empty() {
        return String::new();
    }
    match check(&text) {
        Ok(()) => text.trim().to_string(),
        Err(e) => {
            doc.err(&key, item.at(), e);
            String::new()
        }
    }
}

/// A Swedish VAT registration number: `SE`, the organisation number, `01`.
pub(super) fn vat_id(text: &str) -> Result<(), Message> {
    let t = text.trim();
    let ok = t.len() == 14 && t.starts_with("SE") && t.ends_with("01") && OrgNr::parse(&t[2..12]).is_ok();
    if ok {
        Ok(())
    } else {
        Err(msg!("tariff-expected-vat-id", found = msg::quoted(text)))
    }
}

/// An account number: digits, as a string or an integer (`"1510"`, `1510`).
pub(super) fn account(doc: &mut Doc, key: &str, item: &Item) -> Option<String> {
    doc.record(key, item.at());
    let text = match item.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => integer_text(i),
        _ => {
            doc.err(
                key,
                item.at(),
                msg!("tariff-expected-account", found = doc.describe(item)),
            );
            return None;
        }
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        doc.err(
            key,
            item.at(),
            msg!("tariff-expected-account-digits", found = msg::quoted(&text)),
        );
        return None;
    }
    Some(text)
}
