//! The CSV reader: both fixtures (English, comma, UTF-8; Swedish,
//! semicolon, Windows-1252) and its checks.

use std::path::Path;

use rust_decimal::Decimal;

use crate::engine::date::Date;
use crate::engine::payment::{FileIdentity, PaymentFormat, Skipped};
use crate::read::payments::csv::{read, Problem};
use crate::read::payments::{detect, Detected};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("tests/fixtures/payments").join(name)).unwrap()
}

fn problems(bytes: &[u8]) -> Vec<String> {
    match read(Path::new("f.csv"), bytes) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .iter()
            .map(|d| d.to_string().trim_start_matches("f.csv:").to_string())
            .collect(),
    }
}

fn at(line: usize, p: Problem) -> String {
    format!("{line}: {}", p.message())
}

#[test]
fn english_and_swedish_exports() {
    let bytes = fixture("payments.csv");
    assert_eq!(detect(&bytes), Detected::Csv);
    let f = crate::read::payments::read(Path::new("payments.csv"), &bytes).unwrap();
    assert_eq!(f.format, PaymentFormat::Csv);
    assert_eq!(f.identity, FileIdentity::None);
    assert!(f.accounts.is_empty());
    assert_eq!(
        f.skipped,
        Skipped {
            debits: 1,
            not_booked: 0
        }
    );
    let p: Vec<_> = f.payments().collect();
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].date, Date::new(2024, 1, 31).unwrap());
    assert_eq!(p[0].amount, dec("250000.00"));
    assert_eq!(p[0].reference.text, "2023000108");
    assert!(p[0].reference.ocr.length_digit);
    assert_eq!(p[1].payer.name.as_deref(), Some("Övningsregionen (fiktiv)"));
    assert_eq!(p[1].place.line, 3);
    assert!(!p[2].reference.ocr.check_digit);
    assert_eq!(f.total(), dec("362500.00"));

    let sv = fixture("betalningar-sv.csv");
    assert!(std::str::from_utf8(&sv).is_err(), "the fixture is Windows-1252");
    let f = read(Path::new("betalningar-sv.csv"), &sv).unwrap();
    let p: Vec<_> = f.payments().collect();
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].amount, dec("250000.00"));
    assert_eq!(p[1].payer.name.as_deref(), Some("Övningsregionen (fiktiv)"));
    assert_eq!(p[2].date, Date::new(2024, 2, 1).unwrap());
    assert_eq!(p[2].amount, dec("60000.50"));
    assert_eq!(f.deposits.len(), 1);
    assert_eq!(f.deposits[0].total, dec("410000.50"));
}

#[test]
fn the_bad_fixtures() {
    assert_eq!(
        problems(&fixture("bad-csv-header.csv")),
        [at(
            1,
            Problem::Header {
                found: "when,how much,who".into()
            }
        )]
    );
    let values = problems(&fixture("bad-csv-values.csv"));
    assert_eq!(
        values,
        [
            at(
                2,
                Problem::BadDate {
                    found: "2024-13-01".into()
                }
            ),
            at(
                3,
                Problem::BadAmount {
                    why: crate::read::figure::parse_figure("1.234,50", b';').unwrap_err()
                }
            ),
            at(4, Problem::NotOre { found: dec("10.005") }),
            at(
                5,
                Problem::FieldCount {
                    expected: 4,
                    found: 5
                }
            ),
        ]
    );
}

#[test]
fn other_checks() {
    assert_eq!(
        problems("date,amount,reference,currency\n2024-01-31,0,1,SEK\n2024-01-31,5,1,EUR\n".as_bytes()),
        [
            at(2, Problem::Zero),
            at(3, Problem::NotSek { found: "EUR".into() }),
        ]
    );
    assert_eq!(
        problems(b"date,amount,reference,amount\n"),
        ["1:4: column \"amount\" twice in the header (first as column 2)".to_string()]
    );
    assert_eq!(problems(b"datum;belopp;ocr\n"), [at(1, Problem::NoRows)]);
    let e = problems("date,amount,reference,payer\n2024-01-31,5,1,\"a\nb\"\n".as_bytes());
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("2: payer: found a line break"), "{e:?}");
    // A comma in an amount of a comma-separated file is refused.
    let e = problems(b"date,amount,reference\n2024-01-31,\"1,5\",1\n");
    assert!(
        e[0].contains("a decimal comma in a comma-separated file"),
        "{e:?}"
    );
    let e = problems(b"date,amount,reference\n2024-01-31,\"1,500\",1\n");
    assert!(e[0].contains("ambiguous in a comma-separated file"), "{e:?}");
}

#[test]
fn amounts_as_swedish_spreadsheets_show_them() {
    let f = read(
        Path::new("b.csv"),
        "Datum;Belopp;OCR\n2024-01-31;250\u{a0}000 kr;2023000108\n2024-02-01;1,5 tkr;2023000108\n2024-02-02;\u{2212}100 kr;1\n"
            .as_bytes(),
    )
    .unwrap();
    let amounts: Vec<Decimal> = f.payments().map(|p| p.amount).collect();
    assert_eq!(amounts, [dec("250000.00"), dec("1500.00")]);
    assert_eq!(f.skipped.debits, 1);
    let e = problems("datum;belopp;ocr\n2024-01-31;2,5 %;1\n".as_bytes());
    assert!(
        e[0].contains("is a percentage where an amount in kronor belongs"),
        "{e:?}"
    );
}
