//! Writes the invoice register's CSV export (`read/register.rs` reads the
//! same columns back).

use super::{csv_text, spreadsheet_text as text, Cell, CsvDialect, CsvOut};
use crate::engine::register::RegisterEntry;
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

/// The records of `register.csv` and `register-lines.csv` of `entries`,
/// in the order given, after their [`heads`]: text written spreadsheet-safe
/// ([`super::spreadsheet_text`]), which the reader takes back exactly;
/// written from borrowed fields, so that a year of many lines is not held
/// twice.
pub fn records<'a>(entries: impl Iterator<Item = &'a RegisterEntry>) -> (Vec<u8>, Vec<u8>) {
    let (mut documents, mut lines) = (CsvOut::part(CsvDialect::Plain), CsvOut::part(CsvDialect::Plain));
    for e in entries {
        let (number, year) = (e.number.to_string(), e.year.to_string());
        let (issuer, code, recipient) = (text(&e.issuer), text(&e.recipient_code), text(&e.recipient));
        let (installment, installments) = (e.installment.to_string(), e.installments.to_string());
        let (invoice_date, due_date) = (e.invoice_date.to_string(), e.due_date.to_string());
        let credits = e.credits.map(|c| c.to_string()).unwrap_or_default();
        let amount = money::plain2(e.amount);
        documents.record(
            [
                &*number,
                &issuer,
                e.kind.as_str(),
                &code,
                &recipient,
                &year,
                &installment,
                &installments,
                &invoice_date,
                &due_date,
                &amount,
                &credits,
                &e.inputs_sha256,
            ]
            .map(Cell::Text),
        );
        for l in &e.lines {
            let amount = money::plain2(l.amount);
            let (activity, charge, basis) = (text(&l.activity), text(&l.charge), text(&l.basis));
            lines.record([&*number, &issuer, &activity, &charge, &basis, &amount].map(Cell::Text));
        }
    }
    (documents.into_bytes(), lines.into_bytes())
}

/// The header rows of `register.csv` and `register-lines.csv`: the files
/// of no documents, which [`records`] continue.
pub fn heads() -> (Vec<u8>, Vec<u8>) {
    let head = |columns: &[&str]| {
        let header = columns.iter().map(|c| c.to_string()).collect();
        csv_text(CsvDialect::Plain, std::iter::once(header)).into_bytes()
    };
    (head(&COLUMNS), head(&LINE_COLUMNS))
}
