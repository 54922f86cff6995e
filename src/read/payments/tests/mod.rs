//! The payment readers' tests: one module per format, and the format
//! recognition here.

mod bgmax;
mod camt;
mod csv;

use std::path::Path;

use super::{detect, read, Detected};

#[test]
fn formats_are_recognised_by_content() {
    assert_eq!(detect(b"01BGMAX               01"), Detected::BgMax);
    assert_eq!(detect(b"\xEF\xBB\xBF01BGMAX"), Detected::BgMax);
    assert_eq!(detect(b"  \r\n<?xml version=\"1.0\"?>"), Detected::Camt054);
    assert_eq!(detect(b"<Document/>"), Detected::Camt054);
    assert_eq!(detect(b"date,amount,reference\n"), Detected::Csv);
    assert_eq!(detect(b"01BGMIN"), Detected::Csv);
    assert_eq!(detect(b""), Detected::Csv);
}

#[test]
fn files_that_are_no_payment_file() {
    let p = Path::new("x.txt");
    let msg = |b: &[u8]| read(p, b).unwrap_err().to_string();
    assert_eq!(
        msg(b" \n"),
        "x.txt:1: the file is empty: expected a payment file (BgMax, camt.054 or CSV)"
    );
    let utf16: Vec<u8> = "date,amount\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert!(msg(&utf16).starts_with("x.txt:1: saved as UTF-16"));
    assert!(msg(b"PK\x03\x04\x14\0").contains("not a CSV file"));
}
