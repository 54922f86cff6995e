//! A spreadsheet given where a CSV file belongs: Excel's own formats are
//! recognised by their first bytes, so that the message says how to save the
//! sheet as CSV instead of quoting binary noise as a header.

use std::path::Path;

use crate::diag::Diagnostic;

/// The kind of spreadsheet file `bytes` is, if it is one.
fn kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        // .xlsx and .ods are zip archives.
        Some("a spreadsheet workbook (.xlsx or .ods)")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("an old Excel workbook (.xls)")
    } else {
        None
    }
}

/// A problem for a workbook given as the CSV file `what` is, saying how
/// Swedish Excel saves a sheet as CSV; `None` for anything else.
pub fn refuse(bytes: &[u8], file: &Path, what: &str) -> Option<Diagnostic> {
    kind(bytes).map(|kind| {
        Diagnostic::new(format!(
            "{kind}, not a CSV file: avgift reads {what}; in Excel choose Spara som › \"CSV UTF-8 (kommaavgränsad)\" or \"CSV (semikolonavgränsad)\" and give that file"
        ))
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
        let d = refuse(b"PK\x03\x04\x14\0", p, "the actuals as CSV").unwrap();
        assert_eq!(
            d.to_string(),
            "a.xlsx:1: a spreadsheet workbook (.xlsx or .ods), not a CSV file: avgift reads the actuals as CSV; in Excel choose Spara som › \"CSV UTF-8 (kommaavgränsad)\" or \"CSV (semikolonavgränsad)\" and give that file"
        );
        assert!(refuse(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], p, "x").is_some());
        assert!(refuse(b"code,name,population\n", p, "x").is_none());
        assert!(refuse(b"", p, "x").is_none());
    }
}
