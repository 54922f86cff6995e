//! The invoicing workflow: drafts, final invoices numbered from the
//! register, credit notes. `plan` decides (pure), `store` is the register
//! (SQLite), `files` makes and writes the files of what was committed,
//! `import` brings a CSV register of the earlier format into the database
//! once, `verify` checks a folder.
//!
//! A final or credit run: take the register's write lock, check its chains
//! and numbers, read the state, plan, insert, commit; then, under the lock
//! again, write every file that is missing or stale. A run stopped anywhere
//! leaves either nothing or everything committed, and the next run
//! completes the files.

pub mod document;
pub mod drafts;
pub mod einvoice;
pub mod fail;
pub mod files;
pub mod import;
mod integrity;
mod numbered;
pub mod only;
pub mod plan;
mod request;
mod settled;
pub mod store;
pub mod sync;
pub mod verify;
pub mod year_files;

pub use numbered::private_key;

pub use request::{Mode, Request};
use settled::Context;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::Recipe;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::invoice::{self, Invoice};
use crate::engine::model::{EInvoiceMode, Tariff};
use crate::inputs::Inputs;
use crate::msg;
use crate::read::recipients::{read_recipients, RecipientInfo};
use crate::write::pdf;
use einvoice::EInvoicing;

/// The manifest a draft run leaves in its folder.
pub use crate::emit::MANIFEST;

pub fn run(ctx: &crate::context::Context, req: &Request) -> Result<(), Failure> {
    if req.dir.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("invoicing-not-stdout")).in_file(Path::new("-o -")),
        )
        .into());
    }
    let inputs = Inputs::load(ctx, req.given)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;
    let settings = &tariff.invoice;
    let mut provenance = inputs.provenance(ctx)?;
    let recipients = match &settings.recipients {
        Some(rel) => {
            let path = inputs.tariff.resolve(rel);
            let read = read_recipients(ctx, &path)
                .map_err(|d| inputs.tariff.place_file("invoice.recipients", &path, d))?;
            provenance
                .add(ctx, "recipients", &path)
                .map_err(crate::diag::Diagnostics::from)?;
            read
        }
        None => BTreeMap::new(),
    };
    let digest = provenance.digest();
    let recipe = Recipe::of(ctx, &[&provenance]);
    let (issuer, series) = issuer_of(tariff);

    let mut problems = Diagnostics::new();
    let option = |o: &str| PathBuf::from(o);
    let date = run_date(req.date, settings.date, tariff.year, &mut problems);
    if ![1, 2, 4, 12].contains(&req.installments) {
        problems.push(
            Diagnostic::new(msg!("invoicing-installments", found = req.installments))
                .in_file(&option("--installments")),
        );
    }
    let mut batch = invoice::invoices(tariff, &outcome);
    // Every line is in the batch now; a large year's lines are not kept twice.
    drop(outcome);
    if let Some(rel) = &settings.recipients {
        let path = inputs.tariff.resolve(rel);
        check_recipients(&batch, &recipients, &path, settings.einvoice, &mut problems);
    }
    only::select_only(&mut batch, req.only, &mut problems);
    let Some(date) = date else {
        return Err(problems.into());
    };
    if !problems.is_empty() {
        return Err(problems.into());
    }
    // Final invoices are dated in or next to their year: 2019 on a 2023
    // invoice is a slip of the keyboard.
    if req.mode == Mode::Final && (date.year - tariff.year).abs() > 1 {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!(
                "invoicing-final-date",
                year = tariff.year,
                date = date.to_string()
            ))
            .in_file(&option("--date")),
        )
        .into());
    }
    let cx = Context {
        tariff,
        source: &inputs.tariff,
        series,
        einvoice: EInvoicing::new(tariff, &issuer.name),
        issuer,
        recipients,
        digest,
        recipients_file: settings.recipients.as_ref().map(|r| inputs.tariff.resolve(r)),
        whatif: crate::write::whatif::described(
            &inputs.names(),
            &inputs
                .tariff
                .overrides
                .iter()
                .map(|o| o.text.clone())
                .collect::<Vec<_>>(),
        ),
    };
    if matches!(req.mode, Mode::Final | Mode::Correct(_)) {
        payable(tariff).map_err(|d| Failure::Input(inputs.tariff.place(d)))?;
    }
    let candidates = cx.candidates(&batch, req, date)?;

    match req.mode {
        Mode::Drafts => drafts::drafts(ctx, req.dir, &candidates, tariff.year, &recipe),
        Mode::Final | Mode::Credit(_) | Mode::Correct(_) => {
            numbered::numbered(ctx, req, &cx, batch, candidates, date)
        }
    }
}

/// A final invoice must be payable: the issuer's organisation number,
/// postal address and bankgiro, each missing key named.
fn payable(tariff: &Tariff) -> Result<(), Diagnostics> {
    let issuer = &tariff.invoice.issuer;
    let mut problems = Diagnostics::new();
    let missing: [(&str, bool, crate::msg::Message); 3] = [
        (
            "invoice.issuer.org_nr",
            issuer.org_nr.is_empty(),
            msg!("ledger-payable-org-nr"),
        ),
        (
            "invoice.issuer.address",
            issuer.address.iter().all(|l| l.trim().is_empty()),
            msg!("ledger-payable-address"),
        ),
        (
            "invoice.issuer.bankgiro",
            issuer.bankgiro.is_empty(),
            msg!("ledger-payable-bankgiro"),
        ),
    ];
    for (key, is_missing, what) in missing {
        if is_missing {
            problems.push(Diagnostic::new(msg!("ledger-not-payable", what = what)).for_key(key));
        }
    }
    problems.into_result(())
}

/// The issuer's party on the documents, and the series it numbers them
/// in (its organisation number, or its name without one).
fn issuer_of(tariff: &Tariff) -> (pdf::Party, String) {
    let settings = &tariff.invoice;
    let name = if settings.issuer.name.is_empty() {
        tariff.name.clone()
    } else {
        settings.issuer.name.clone()
    };
    let series = if settings.issuer.org_nr.is_empty() {
        name.clone()
    } else {
        settings.issuer.org_nr.clone()
    };
    let issuer = pdf::Party {
        name,
        org_nr: settings.issuer.org_nr.clone(),
        address: settings.issuer.address.clone(),
        bankgiro: settings.issuer.bankgiro.clone(),
        contact: settings.issuer.contact.clone(),
    };
    (issuer, series)
}

/// The invoice date: `--date` (a date or `today`), else the tariff's, else
/// 1 January of the year.
fn run_date(
    option: Option<&str>,
    tariff_date: Option<Date>,
    year: i32,
    problems: &mut Diagnostics,
) -> Option<Date> {
    match option {
        Some("today") => today(),
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| {
                let message = msg!("invoicing-date-option", why = e);
                problems.push(Diagnostic::new(message).in_file(Path::new("--date")))
            })
            .ok(),
        None => tariff_date.or(Date::new(year, 1, 1)),
    }
}

/// A recipients file names every recipient, and only recipients: a missing
/// one would be invoiced without its name and address, an extra one is a
/// typo.
fn check_recipients(
    batch: &[Invoice],
    recipients: &BTreeMap<String, RecipientInfo>,
    path: &Path,
    einvoice: EInvoiceMode,
    problems: &mut Diagnostics,
) {
    // A missing row belongs after the last one.
    let end = recipients.values().map(|r| r.line).max().unwrap_or(1) + 1;
    for inv in batch {
        if !recipients.contains_key(&inv.recipient.key()) {
            problems.push(
                Diagnostic::new(msg!(
                    "invoicing-recipient-no-row",
                    key = inv.recipient.key(),
                    name = msg::name(&inv.name)
                ))
                .in_file(path)
                .at_line(end),
            );
        }
    }
    for (key, info) in recipients {
        if !batch.iter().any(|i| &i.recipient.key() == key) {
            problems.push(
                Diagnostic::new(msg!("invoicing-recipient-not-invoiced", key = key))
                    .in_file(path)
                    .at_line(info.line),
            );
        }
        // Asked for Peppol, with e-invoices off: it would get none.
        if info.channel == "peppol" && einvoice == EInvoiceMode::Off {
            problems.push(
                Diagnostic::new(msg!("channel-peppol-off", key = key))
                    .in_file(path)
                    .at_line(info.line),
            );
        }
    }
}

/// The machine's date, only when asked for with `--date today`.
pub fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::new(1970, 1, 1).map(|epoch| epoch.add_days((secs / 86_400) as i64))
}
