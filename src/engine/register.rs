//! The invoice register's entries: each numbered invoice or credit note,
//! with its lines, and the rules of an issuer's series (the next number,
//! which invoices a credit note has cancelled). Pure data; the database
//! (`invoicing/store/`) and the CSV of earlier versions
//! (`read/register.rs`, `write/register.rs`) convert to and from it.

use rust_decimal::Decimal;

use super::date::Date;
use super::invoice::InvoiceLine;

/// Invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Invoice,
    Credit,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Invoice => "invoice",
            EntryKind::Credit => "credit",
        }
    }
}

/// One numbered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    pub number: u64,
    /// The issuer's series (its org.nr, or its name without one).
    pub issuer: String,
    pub kind: EntryKind,
    /// Municipality code or payer id.
    pub recipient_code: String,
    pub recipient: String,
    pub year: i32,
    pub installment: u32,
    pub installments: u32,
    pub invoice_date: Date,
    pub due_date: Date,
    pub amount: Decimal,
    /// For a credit note: the number it credits.
    pub credits: Option<u64>,
    pub inputs_sha256: String,
    pub lines: Vec<InvoiceLine>,
}

/// The whole register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub entries: Vec<RegisterEntry>,
}

impl Register {
    /// The next number of an issuer's series.
    pub fn next_number(&self, issuer: &str, first: u64) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.issuer == issuer)
            .map(|e| e.number + 1)
            .max()
            .unwrap_or(first)
            .max(first)
    }

    pub fn get(&self, issuer: &str, number: u64) -> Option<&RegisterEntry> {
        self.entries
            .iter()
            .find(|e| e.issuer == issuer && e.number == number)
    }

    /// Whether a credit note credits this invoice.
    pub fn is_credited(&self, issuer: &str, number: u64) -> bool {
        self.entries
            .iter()
            .any(|e| e.issuer == issuer && e.credits == Some(number))
    }

    /// The invoices of an issuer to a recipient for a year that no credit
    /// note has cancelled.
    pub fn active<'a>(
        &'a self,
        issuer: &'a str,
        recipient: &'a str,
        year: i32,
    ) -> impl Iterator<Item = &'a RegisterEntry> + 'a {
        self.entries.iter().filter(move |e| {
            e.issuer == issuer
                && e.kind == EntryKind::Invoice
                && e.recipient_code == recipient
                && e.year == year
                && !self.is_credited(issuer, e.number)
        })
    }
}
