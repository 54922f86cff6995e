//! Recipients' names and addresses for invoices: a CSV with the columns
//! `recipient,name,address,postal_address,reference` (the recipient is a
//! municipality code or an external payer's id). Empty fields stay empty on
//! the invoice.

use std::collections::BTreeMap;
use std::path::Path;

use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;

/// One recipient's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientInfo {
    pub name: String,
    pub address: String,
    pub postal_address: String,
    pub reference: String,
}

/// Details by recipient key (a code as `1490`, or a payer id).
pub fn read_recipients(path: &Path) -> Result<BTreeMap<String, RecipientInfo>, Diagnostics> {
    let bytes = text::read_input(path, "the recipients file")?;
    parse_recipients(&bytes, path)
}

pub fn parse_recipients(bytes: &[u8], path: &Path) -> Result<BTreeMap<String, RecipientInfo>, Diagnostics> {
    let (text, _) = text::decode(bytes);
    let index = text::LineIndex::new(&text);
    let err = |line: usize, m: String| Diagnostic::new(m).in_file(path).at_line(line);
    let mut reader = text::csv_reader(&text);
    let headers = reader
        .headers()
        .map_err(|e| err(1, format!("cannot read the header: {e}")))?
        .clone();
    let col = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
    let Some(key_col) = col("recipient") else {
        return Err(err(
            1,
            "expected the columns recipient,name,address,postal_address,reference".into(),
        )
        .into());
    };
    let (name, address, postal, reference) = (
        col("name"),
        col("address"),
        col("postal_address"),
        col("reference"),
    );
    let mut out = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(err(index.line(e.position()), format!("cannot read the row: {e}")));
                continue;
            }
        };
        let line = index.line(record.position());
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_string();
        let mut key = get(Some(key_col));
        if key.is_empty() {
            problems.push(err(
                line,
                "missing recipient (a municipality code or a payer id)".into(),
            ));
            continue;
        }
        if key.bytes().all(|b| b.is_ascii_digit()) {
            match key.parse::<Code>() {
                Ok(c) => key = c.to_string(),
                Err(e) => {
                    problems.push(err(line, e));
                    continue;
                }
            }
        }
        let info = RecipientInfo {
            name: get(name),
            address: get(address),
            postal_address: get(postal),
            reference: get(reference),
        };
        if out.insert(key.clone(), info).is_some() {
            problems.push(err(line, format!("recipient {key} is listed twice")));
        }
    }
    problems.into_result(out)
}
