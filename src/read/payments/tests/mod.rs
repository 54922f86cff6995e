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

/// Every fixture, good and bad.
const FIXTURES: [&[u8]; 17] = [
    include_bytes!("../../../../tests/fixtures/payments/bgmax.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-record-length.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-unknown-code.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-tk70-counts.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-tk15-sum.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-currency.bgmax"),
    include_bytes!("../../../../tests/fixtures/payments/camt054-02.xml"),
    include_bytes!("../../../../tests/fixtures/payments/camt054-08.xml"),
    include_bytes!("../../../../tests/fixtures/payments/bad-camt-not-xml.xml"),
    include_bytes!("../../../../tests/fixtures/payments/bad-camt-wrong-message.xml"),
    include_bytes!("../../../../tests/fixtures/payments/bad-camt-currency.xml"),
    include_bytes!("../../../../tests/fixtures/payments/bad-camt-batch.xml"),
    include_bytes!("../../../../tests/fixtures/payments/payments.csv"),
    include_bytes!("../../../../tests/fixtures/payments/betalningar-sv.csv"),
    include_bytes!("../../../../tests/fixtures/payments/bad-csv-header.csv"),
    include_bytes!("../../../../tests/fixtures/payments/bad-csv-values.csv"),
    b"",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// A fixture with bytes replaced, inserted or removed is read or
    /// refused by every reader, never a panic; what is read still adds up.
    #[test]
    fn changed_fixtures_are_read_or_refused(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec(
            (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>(), 0u8..3),
            1..8,
        ),
    ) {
        let mut bytes = FIXTURES[which].to_vec();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        let p = Path::new("f");
        for f in [
            read(p, &bytes),
            super::bgmax::read(p, &bytes),
            super::camt::read(p, &bytes),
            super::csv::read(p, &bytes),
        ]
        .into_iter()
        .flatten()
        {
            for d in &f.deposits {
                let sum: rust_decimal::Decimal = d.payments.iter().map(|p| p.amount).sum();
                proptest::prop_assert_eq!(sum, d.total);
            }
        }
    }
}

#[test]
fn amounts_beyond_any_payment_are_refused() {
    let e = read(
        Path::new("f"),
        b"date,amount,reference\n2024-01-31,10000000000000000,1\n",
    )
    .unwrap_err();
    assert!(e.to_string().contains("beyond any payment"), "{e}");
}
