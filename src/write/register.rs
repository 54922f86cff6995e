//! Writes the invoice register's CSV export (`read/register.rs` reads the
//! same columns back).

use super::{csv_text, spreadsheet_text as text, CsvDialect};
use crate::engine::register::Register;
use crate::money;

/// `register.csv`'s columns.
pub const COLUMNS: [&str; 13] = [
    "number",
    "issuer",
    "kind",
    "recipient_code",
    "recipient",
    "year",
    "installment",
    "installments",
    "invoice_date",
    "due_date",
    "amount",
    "credits",
    "inputs_sha256",
];

/// `register-lines.csv`'s columns.
pub const LINE_COLUMNS: [&str; 6] = ["number", "issuer", "activity", "charge", "basis", "amount"];

/// `register.csv` and `register-lines.csv`, entries in number order. Text
/// is written spreadsheet-safe ([`super::spreadsheet_text`]); the reader
/// takes it back exactly.
pub fn write(register: &Register) -> (String, String) {
    let mut entries: Vec<_> = register.entries.iter().collect();
    entries.sort_by(|a, b| (&a.issuer, a.number).cmp(&(&b.issuer, b.number)));
    let header = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = entries.iter().map(|e| {
        vec![
            e.number.to_string(),
            text(&e.issuer).into_owned(),
            e.kind.as_str().to_string(),
            text(&e.recipient_code).into_owned(),
            text(&e.recipient).into_owned(),
            e.year.to_string(),
            e.installment.to_string(),
            e.installments.to_string(),
            e.invoice_date.to_string(),
            e.due_date.to_string(),
            money::plain2(e.amount),
            e.credits.map(|c| c.to_string()).unwrap_or_default(),
            e.inputs_sha256.clone(),
        ]
    });
    let register_csv = csv_text(CsvDialect::Plain, std::iter::once(header).chain(rows));
    let header = LINE_COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = entries.iter().flat_map(|e| {
        e.lines.iter().map(move |l| {
            vec![
                e.number.to_string(),
                text(&e.issuer).into_owned(),
                text(&l.activity).into_owned(),
                text(&l.charge).into_owned(),
                text(&l.basis).into_owned(),
                money::plain2(l.amount),
            ]
        })
    });
    (
        register_csv,
        csv_text(CsvDialect::Plain, std::iter::once(header).chain(rows)),
    )
}
