//! Recipients' names and addresses for invoices: a CSV with the columns
//! `recipient,name,address,postal_address,reference` (the recipient is a
//! municipality code or an external payer's id) and, for e-invoices,
//! `org_nr`, `peppol_id` and `order_reference`. `reference` is the buyer
//! reference (BT-10). Empty fields stay empty on the invoice; identifiers
//! are checked here, each problem at its line.

use std::collections::BTreeMap;
use std::path::Path;

use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::ident::{OrgNr, PeppolId};

/// One recipient's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientInfo {
    pub name: String,
    pub address: String,
    pub postal_address: String,
    /// The buyer reference ("Er referens", BT-10).
    pub reference: String,
    /// Organisation number, ten digits (checked).
    pub org_nr: String,
    /// Peppol participant id, `scheme:value` (checked).
    pub peppol_id: String,
    /// Order reference (BT-13), an alternative to the buyer reference.
    pub order_reference: String,
    /// The line of the file the row is on.
    pub line: usize,
}

/// Details by recipient key (a code as `1490`, or a payer id).
pub fn read_recipients(path: &Path) -> Result<BTreeMap<String, RecipientInfo>, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(format!("cannot read the recipients file: {e}")).in_file(path))?;
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
    let (org_nr, peppol_id, order_reference) = (col("org_nr"), col("peppol_id"), col("order_reference"));
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
        let mut info = RecipientInfo {
            name: get(name),
            address: get(address),
            postal_address: get(postal),
            reference: get(reference).trim().to_string(),
            org_nr: String::new(),
            peppol_id: String::new(),
            order_reference: get(order_reference).trim().to_string(),
            line,
        };
        let text = get(org_nr);
        if !text.trim().is_empty() {
            match OrgNr::parse(&text) {
                Ok(o) => info.org_nr = o.digits().to_string(),
                Err(e) => problems.push(err(line, format!("org_nr of {key}: {e}"))),
            }
        }
        let text = get(peppol_id);
        if !text.trim().is_empty() {
            match PeppolId::parse(&text) {
                Ok(p) => info.peppol_id = p.to_string(),
                Err(e) => problems.push(err(line, format!("peppol_id of {key}: {e}"))),
            }
        }
        if out.insert(key.clone(), info).is_some() {
            problems.push(err(line, format!("recipient {key} is listed twice")));
        }
    }
    problems.into_result(out)
}
