//! Receivables: what the register's documents and payments say is owed.
//! Pure: the documents and payments come in as the register holds them
//! (`invoicing::store`), and out come the payments' matches to documents
//! ([`matching`]), what each document and party owes on a date
//! ([`statement`]) and the late-payment interest of a reminder
//! ([`interest`]).
//!
//! Money is exact ([`Decimal`] kronor with öre); a deduction is a payment
//! with a negative amount. The one identity every result keeps: per party,
//! invoiced − credited − paid = outstanding, and the parties' outstanding
//! amounts sum to the register's invoiced − credited − allocated.

pub mod interest;
pub mod matching;
pub mod statement;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;

use super::date::Date;
use super::ident::OcrMethod;
use super::payment::PaymentKind;
use super::register::EntryKind;

/// What the receivables commands need of the issuer and its books, as the
/// last invoicing run recorded them from the tariff's `[invoice]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// The issuer's series (its org.nr, or its name without one).
    pub issuer: String,
    pub issuer_name: String,
    pub org_nr: String,
    /// The issuer's bankgiro as the tariff writes it (`5050-1055`), or
    /// empty.
    pub bankgiro: String,
    /// The receivables account the invoices debit and payments credit.
    pub receivables: String,
    /// The bank account payments are debited to (`invoice.accounts.bank`).
    pub bank: String,
    /// How the documents' OCR references are made.
    pub ocr: OcrMethod,
    /// The public key the register is signed with (the tariff's
    /// `issuer.public_key`, 64 hex digits), or empty when unsigned.
    pub public_key: String,
}

/// A numbered document as receivables see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub number: u64,
    pub kind: EntryKind,
    /// Municipality code or payer id.
    pub recipient_code: String,
    pub recipient: String,
    /// The recipient's organisation number as the document shows it
    /// (digits and hyphen as written), or empty.
    pub org_nr: String,
    pub year: i32,
    pub installment: u32,
    pub installments: u32,
    pub invoice_date: Date,
    pub due_date: Date,
    /// The document's amount: negative for a credit note.
    pub amount: Decimal,
    /// For a credit note, the invoice it credits.
    pub credits: Option<u64>,
    /// The OCR reference a payer quotes (empty for documents numbered
    /// before references were kept).
    pub ocr: String,
}

/// A payment as the register holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    /// The payment's id in the register: 1, 2, 3 … across every import.
    pub id: u64,
    pub kind: PaymentKind,
    /// The day it was booked to the account.
    pub date: Date,
    /// Kronor with öre; negative for a deduction.
    pub amount: Decimal,
    /// The reference as the payer gave it (possibly empty).
    pub reference: String,
    /// Further references with their amounts where the file gives them
    /// (BgMax TK22/TK23: a payment of several documents).
    pub extra: Vec<(String, Option<Decimal>)>,
    pub payer: PayerInfo,
}

/// Who paid, as far as the file says: what suggestions compare.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayerInfo {
    pub name: String,
    /// Organisation number, digits only.
    pub org_nr: String,
    /// The payer's bankgiro or account.
    pub account: String,
}

/// How a payment came to settle a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// Its OCR reference found the document, at the import.
    Ocr,
    /// `payments allocate`, by hand.
    Manual,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Ocr => "ocr",
            How::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<How> {
        match s {
            "ocr" => Some(How::Ocr),
            "manual" => Some(How::Manual),
            _ => None,
        }
    }
}

/// A part of a payment settling a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub payment: u64,
    pub document: u64,
    /// Kronor with öre, of the payment's sign.
    pub amount: Decimal,
    pub how: How,
}

/// Why a payment found no document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unmatched {
    /// The payer gave no reference.
    NoReference,
    /// The reference fails the OCR checks of the issuer's method (check
    /// digit, length digit).
    Invalid,
    /// A valid reference that no document has.
    Unknown,
}

impl Unmatched {
    pub fn as_str(self) -> &'static str {
        match self {
            Unmatched::NoReference => "no_reference",
            Unmatched::Invalid => "invalid_reference",
            Unmatched::Unknown => "unknown_reference",
        }
    }

    /// How Swedish tables and workbooks say it.
    pub fn label_sv(self) -> &'static str {
        match self {
            Unmatched::NoReference => "ingen referens",
            Unmatched::Invalid => "ogiltigt OCR-nummer",
            Unmatched::Unknown => "okänt OCR-nummer",
        }
    }
}
