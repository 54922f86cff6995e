//! A spreadsheet given where a CSV file belongs: Excel's own formats are
//! recognised by their first bytes, so that the message says how to save the
//! sheet as CSV instead of quoting binary noise as a header.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::msg;
use crate::msg::Message;

/// What a reader reads as CSV, as the message about a workbook names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    Population,
    Actuals,
    Weights,
    /// SCB exports (`population import`).
    Scb,
    Payments,
}

impl Reads {
    /// `a population file as CSV`.
    fn message(self) -> Message {
        match self {
            Reads::Population => msg!("workbook-reads-population"),
            Reads::Actuals => msg!("workbook-reads-actuals"),
            Reads::Weights => msg!("workbook-reads-weights"),
            Reads::Scb => msg!("workbook-reads-scb"),
            Reads::Payments => msg!("workbook-reads-payments"),
        }
    }
}

/// The kind of spreadsheet file `bytes` is, if it is one.
fn kind(bytes: &[u8]) -> Option<Message> {
    if bytes.starts_with(b"PK\x03\x04") {
        // .xlsx and .ods are zip archives.
        Some(msg!("workbook-kind-zip"))
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(msg!("workbook-kind-xls"))
    } else {
        None
    }
}

/// A problem for a workbook given as the CSV file `what` is, saying how
/// Swedish Excel saves a sheet as CSV; `None` for anything else.
pub fn refuse(bytes: &[u8], file: &Path, what: Reads) -> Option<Diagnostic> {
    kind(bytes).map(|kind| {
        Diagnostic::new(msg!("workbook-not-csv", kind = kind, what = what.message()))
            .in_file(file)
            .at_line(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_are_recognised() {
        let p = Path::new("a.xlsx");
        let d = refuse(b"PK\x03\x04\x14\0", p, Reads::Actuals).unwrap();
        assert_eq!(
            d.to_string(),
            "a.xlsx:1: a spreadsheet workbook (.xlsx or .ods), not a CSV file: avgift reads the actuals as CSV; in Excel choose Spara som › \"CSV UTF-8 (kommaavgränsad)\" or \"CSV (semikolonavgränsad)\" and give that file"
        );
        let x = Reads::Population;
        assert!(refuse(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], p, x).is_some());
        assert!(refuse(b"code,name,population\n", p, x).is_none());
        assert!(refuse(b"", p, x).is_none());
    }
}
