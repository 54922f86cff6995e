//! Writes the invoice register (see `read/register.rs`).

use super::{csv_text, CsvDialect};
use crate::money;
use crate::read::register::{Register, COLUMNS, LINE_COLUMNS};

/// `register.csv` and `register-lines.csv`, entries in number order.
pub fn write(register: &Register) -> (String, String) {
    let mut entries: Vec<_> = register.entries.iter().collect();
    entries.sort_by(|a, b| (&a.issuer, a.number).cmp(&(&b.issuer, b.number)));
    let header = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = entries.iter().map(|e| {
        vec![
            e.number.to_string(),
            e.issuer.clone(),
            e.kind.as_str().to_string(),
            e.recipient_code.clone(),
            e.recipient.clone(),
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
                e.issuer.clone(),
                l.activity.clone(),
                l.charge.clone(),
                l.basis.clone(),
                money::plain2(l.amount),
            ]
        })
    });
    (
        register_csv,
        csv_text(CsvDialect::Plain, std::iter::once(header).chain(rows)),
    )
}
