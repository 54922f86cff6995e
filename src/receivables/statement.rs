//! `avgift receivables DIR [--date D]`: what the register says is owed on
//! a date (by default the latest day the register knows: its last
//! payment's or document's), read under the lock and never written.

use std::path::Path;

use super::folder::Folder;
use super::words::kr;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::date::Date;
use crate::engine::receivables::matching::Reason;
use crate::engine::receivables::statement::{statement_of, Open, Statement, Texts};
use crate::engine::receivables::{Allocation, Doc, Paid, Terms, Unmatched};
use crate::msg;
use crate::msg::Message;

/// What the register holds for the receivables, read whole.
pub struct Holdings {
    pub terms: Terms,
    pub docs: Vec<Doc>,
    pub payments: Vec<Paid>,
    pub allocations: Vec<Allocation>,
    pub texts: Texts,
    /// The receivables chain's head: what the result was made from.
    pub head: String,
}

impl Holdings {
    /// The latest day the register knows: its last payment's or
    /// document's date.
    pub fn last_day(&self) -> Option<Date> {
        self.payments
            .iter()
            .map(|p| p.date)
            .chain(self.docs.iter().map(|d| d.invoice_date))
            .max()
    }

    /// What is owed on `date`, made of what was read (the documents
    /// kept by the statement's lines, not copied).
    pub fn into_statement(self, date: Date) -> Statement {
        statement_of(
            self.docs,
            &self.payments,
            &self.allocations,
            date,
            self.terms.ocr,
            &self.texts,
        )
    }
}

/// Reads what the register holds for the receivables, checked, and lets
/// the lock go.
pub fn read(ctx: &Context, dir: &Path) -> Result<Holdings, Failure> {
    let mut folder = Folder::open_to_read(ctx, dir)?;
    folder.rollback();
    let Folder {
        terms, ledger, docs, ..
    } = folder;
    Ok(Holdings {
        terms,
        docs,
        texts: ledger
            .payments
            .iter()
            .filter(|r| !r.information.is_empty())
            .map(|r| (r.paid.id, r.information.clone()))
            .collect(),
        payments: ledger.payments.into_iter().map(|r| r.paid).collect(),
        allocations: ledger.allocations.into_iter().map(|(_, a)| a).collect(),
        head: ledger.head,
    })
}

/// The date a command names (`--date`: a date or `today`), or the latest
/// the register knows.
pub fn date_of(option: Option<&str>, holdings: &Holdings) -> Result<Date, Failure> {
    match option {
        Some("today") => Ok(crate::invoicing::today().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })),
        Some(s) => s.parse::<Date>().map_err(|e| {
            Diagnostics::from(
                Diagnostic::new(msg!("receivables-date-option", why = e)).in_file(Path::new("--date")),
            )
            .into()
        }),
        None => Ok(holdings.last_day().unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        })),
    }
}

/// Why a payment found no document, as a message.
pub fn why(u: Unmatched) -> Message {
    match u {
        Unmatched::NoReference => msg!("match-why-no-reference"),
        Unmatched::Invalid => msg!("match-why-invalid"),
        Unmatched::Unknown => msg!("match-why-unknown"),
    }
}

fn reason(r: Reason) -> Message {
    match r {
        Reason::Reference => msg!("match-reason-reference"),
        Reason::SameAmount => msg!("match-reason-same-amount"),
        Reason::SameOrgNr => msg!("match-reason-same-org-nr"),
        Reason::SameAccount => msg!("match-reason-same-account"),
        Reason::SameName => msg!("match-reason-same-name"),
    }
}

/// One unmatched payment with its suggestions, as a message:
/// `payment 17, 2024-02-01, 1 250,00 kr, reference 2023000899: no document
/// has the reference; suggested: invoice 8 (same amount outstanding)`.
pub fn unmatched_line(o: &Open, why_override: Option<Unmatched>) -> Message {
    let p = &o.payment;
    let why = match why_override.or(o.why) {
        Some(u) => why(u),
        None => msg!("match-why-remainder"),
    };
    let reference = if p.reference.is_empty() {
        msg!("match-no-reference")
    } else {
        msg!("match-reference", reference = msg::quoted(&p.reference))
    };
    let suggestions: Vec<Message> = o
        .suggestions
        .iter()
        .map(|s| {
            msg!(
                "match-suggestion",
                number = s.document,
                reasons = s.reasons.iter().map(|r| reason(*r)).collect::<Vec<_>>()
            )
        })
        .collect();
    let line = msg!(
        "match-unmatched",
        id = p.id,
        date = p.date.to_string(),
        amount = kr(o.unallocated),
        reference = reference,
        why = why
    );
    if suggestions.is_empty() {
        msg!("match-no-suggestions", line = line)
    } else {
        msg!("match-suggestions", line = line, suggestions = suggestions)
    }
}
