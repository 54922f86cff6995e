//! ISO 20022 BankToCustomerDebitCreditNotification (camt.054), as Swedish
//! banks send it for incoming payments: versions `camt.054.001.02` to
//! `camt.054.001.08`, read with quick-xml's streaming reader. Each credit
//! entry (`Ntry` with `CdtDbtInd` `CRDT` and status `BOOK`) becomes a
//! deposit whose payments are its transactions (`NtryDtls/TxDtls`); debit
//! entries and entries not booked are skipped and counted.
//!
//! The paths read, and what is checked, are in `docs/payment-formats.md`.
//! The parts: `raw.rs` (what is found, with its places), `parse.rs` (the
//! walk over the XML), `convert.rs` (the checks, into a payment file).

mod convert;
mod parse;
mod problem;
mod raw;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::engine::payment::{PaymentFile, Place};
use crate::read::payments::fields::at;

use convert::convert;
use parse::parse;
pub use problem::Problem;
use raw::Lines;
pub use raw::{NAMESPACE, VERSIONS};

/// Reads a camt.054 notification. `path` names it in problems.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    let fail = |place: Place, p: Problem| -> Diagnostics { at(path, place, p.message()).into() };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            return Err(fail(Lines::new(good).place(good.len() as u64), Problem::NotUtf8));
        }
    };
    let lines = Lines::new(text);
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('<') {
        let found: String = text[start..].chars().take(20).collect();
        return Err(fail(lines.place(start as u64), Problem::NotXml { found }));
    }
    let parsed = parse(text, &lines).map_err(|(place, p)| fail(place, p))?;
    convert(path, parsed)
}
