//! The BgMax reader: the fixtures, every check on small files made here,
//! and a property test over generated files.

use std::path::Path;

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::engine::date::Date;
use crate::engine::payment::{Account, AccountKind, FileIdentity, PaymentFormat, PaymentKind};
use crate::read::payments::bgmax::{read, Counted, Expected, Field, Problem};
use crate::read::payments::{detect, Detected};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A record: the parts, padded with spaces to 80 characters.
fn rec(parts: &[&str]) -> String {
    let s = parts.concat();
    assert!(s.chars().count() <= 80, "{s}");
    format!("{s:<80}")
}

fn ore(n: u64) -> String {
    format!("{n:018}")
}

fn tk01() -> String {
    rec(&["01BGMAX               01", "20240131173035010331", "P"])
}

fn tk05(currency: &str) -> String {
    rec(&["05", "0050501055", "          ", currency])
}

fn tk20(code: &str, reference: &str, amount: u64, serial: u64) -> String {
    rec(&[
        code,
        "0000000000",
        &format!("{reference:>25}"),
        &ore(amount),
        "2",
        "1",
        &format!("{serial:012}"),
        "0",
        if code == "21" { "0" } else { "" },
    ])
}

fn tk15(serial: u32, amount: u64, count: u64, currency: &str) -> String {
    rec(&[
        "15",
        &"0".repeat(35),
        "20240131",
        &format!("{serial:05}"),
        &ore(amount),
        currency,
        &format!("{count:08}"),
    ])
}

fn tk70(payments: u64, deductions: u64, extra: u64, deposits: u64) -> String {
    rec(&[
        "70",
        &format!("{payments:08}{deductions:08}{extra:08}{deposits:08}"),
    ])
}

/// One generated payment: deduction or not, its öre, its reference.
#[derive(Debug, Clone)]
struct Pay {
    deduction: bool,
    ore: u64,
    reference: String,
}

/// A whole file of deposits, with their TK15 and the TK70 made right;
/// also the line of every amount field (line, 1-based column of its first
/// digit).
fn file(deposits: &[Vec<Pay>]) -> (Vec<String>, Vec<(usize, usize)>) {
    let mut records = vec![tk01()];
    let mut amounts = Vec::new();
    let (mut payments, mut deductions) = (0, 0);
    for (i, deposit) in deposits.iter().enumerate() {
        records.push(tk05("SEK"));
        let mut total: i128 = 0;
        for (j, p) in deposit.iter().enumerate() {
            let code = if p.deduction { "21" } else { "20" };
            records.push(tk20(code, &p.reference, p.ore, (i * 1000 + j) as u64));
            amounts.push((records.len(), 38));
            if p.deduction {
                deductions += 1;
                total -= i128::from(p.ore);
            } else {
                payments += 1;
                total += i128::from(p.ore);
            }
        }
        records.push(tk15(i as u32 + 1, total as u64, deposit.len() as u64, "SEK"));
        amounts.push((records.len(), 51));
    }
    records.push(tk70(payments, deductions, 0, deposits.len() as u64));
    (records, amounts)
}

/// Records as the bytes of a file: ISO 8859-1, each line ended by `\n`.
fn bytes(records: &[String]) -> Vec<u8> {
    records
        .iter()
        .flat_map(|r| {
            r.chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .chain([b'\n'])
        })
        .collect()
}

/// The problems of reading `records`, as `line[:column]: message`.
fn problems(records: &[String]) -> Vec<String> {
    match read(Path::new("f.bgmax"), &bytes(records)) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .iter()
            .map(|d| d.to_string().trim_start_matches("f.bgmax:").to_string())
            .collect(),
    }
}

fn at(line: usize, column: Option<usize>, p: Problem) -> String {
    match column {
        Some(c) => format!("{line}:{c}: {}", p.message()),
        None => format!("{line}: {}", p.message()),
    }
}

/// A small valid file: two payments in one deposit.
fn small() -> Vec<String> {
    let pays = vec![
        Pay {
            deduction: false,
            ore: 10_000,
            reference: "2023000108".into(),
        },
        Pay {
            deduction: false,
            ore: 20_000,
            reference: "2023000207".into(),
        },
    ];
    file(&[pays]).0
}

#[test]
fn the_good_fixture() {
    let bytes = include_bytes!("../../../../tests/fixtures/payments/bgmax.bgmax");
    assert_eq!(detect(bytes), Detected::BgMax);
    let f = crate::read::payments::read(Path::new("bgmax.bgmax"), bytes).unwrap();
    assert_eq!(f.format, PaymentFormat::BgMax { version: "01".into() });
    assert_eq!(
        f.identity,
        FileIdentity::BgMax {
            timestamp: "20240131173035010331".into(),
            deposit_serials: vec!["00001".into(), "00002".into()],
        }
    );
    assert_eq!(
        f.accounts,
        [Account {
            kind: AccountKind::Bankgiro,
            id: "50501055".into()
        }]
    );
    assert_eq!(f.created.as_deref(), Some("2024-01-31T17:30:35.010331"));
    assert!(!f.test);
    assert_eq!(f.currency, "SEK");
    assert_eq!(f.deposits.len(), 2);
    assert_eq!(f.deposits[0].total, dec("418000.00"));
    assert_eq!(f.deposits[1].total, dec("73500.00"));
    assert_eq!(f.total(), dec("491500.00"));
    assert_eq!(f.deposits[0].date, Date::new(2024, 1, 31));
    assert_eq!(f.deposits[0].serial.as_deref(), Some("00001"));
    assert_eq!(f.deposits[0].place.line, 2);
    for d in &f.deposits {
        assert_eq!(d.payments.iter().map(|p| p.amount).sum::<Decimal>(), d.total);
        assert!(d.payments.iter().all(|p| Some(p.date) == d.date));
    }
    let p: Vec<_> = f.payments().collect();
    assert_eq!(p.len(), 7);

    // Invoice 1 in full, with the payer's name, address and number.
    assert_eq!(p[0].amount, dec("250000.00"));
    assert_eq!(p[0].kind, PaymentKind::Payment);
    assert_eq!(p[0].reference.text, "2023000108");
    assert!(p[0].reference.ocr.check_digit && p[0].reference.ocr.length_digit);
    assert!(p[0]
        .reference
        .valid_for(crate::engine::ident::OcrMethod::LuhnLength));
    assert_eq!(p[0].payer.name.as_deref(), Some("Fiktiva kommunen"));
    assert_eq!(p[0].payer.extra_name.as_deref(), Some("Ekonomiavdelningen"));
    assert_eq!(p[0].payer.address.as_deref(), Some("Box 1234"));
    assert_eq!(p[0].payer.postcode.as_deref(), Some("501 11"));
    assert_eq!(p[0].payer.town.as_deref(), Some("Påhittby"));
    assert_eq!(p[0].payer.org_nr.as_deref(), Some("2220001230"));
    assert_eq!(
        p[0].payer.account,
        Some(Account {
            kind: AccountKind::Bankgiro,
            id: "9912346".into()
        })
    );
    assert_eq!(p[0].bank_ids.serial.as_deref(), Some("240131000001"));
    assert_eq!(p[0].place.line, 3);
    let codes = p[0].bgmax.unwrap();
    assert_eq!((codes.reference_code, codes.channel, codes.image), (2, 1, 0));

    // A partial payment with a message; a deduction (negative).
    assert_eq!(p[1].amount, dec("100000.00"));
    assert_eq!(p[1].information, ["Delbetalning, resten i februari"]);
    assert_eq!(p[1].payer.name.as_deref(), Some("Övningsregionen (fiktiv)"));
    assert_eq!(p[2].kind, PaymentKind::Deduction);
    assert_eq!(p[2].amount, dec("-5000.00"));
    assert_eq!(p[2].bgmax.unwrap().deduction_code, Some(0));

    // Two invoices less a credit note in one payment: extra references.
    assert_eq!(p[3].reference.text, "2023000405 2023000504");
    assert!(!p[3].reference.ocr.check_digit);
    assert_eq!(p[3].bgmax.unwrap().reference_code, 3);
    let extra: Vec<_> = p[3]
        .extra_references
        .iter()
        .map(|e| {
            (
                e.reference.text.as_str(),
                e.amount.unwrap(),
                e.reference.ocr.length_digit,
            )
        })
        .collect();
    assert_eq!(
        extra,
        [
            ("2023000405", dec("50000"), true),
            ("2023000504", dec("25000"), true),
            ("2023000603", dec("-2000"), true)
        ]
    );
    assert_eq!(p[3].payer.name.as_deref(), Some("Exempelbolaget Åäö AB"));
    assert_eq!(p[3].payer.town.as_deref(), Some("Borås"));
    assert_eq!(p[3].payer.country.as_deref(), Some("Sverige"));
    assert_eq!(p[3].payer.country_code.as_deref(), Some("SE"));
    assert_eq!(p[3].payer.org_nr.as_deref(), Some("5566778899"));

    // Over payment; an invalid OCR reference on paper; no reference.
    assert_eq!(p[4].amount, dec("60000.50"));
    assert_eq!(p[5].reference.text, "2023000899");
    assert!(!p[5].reference.ocr.check_digit);
    let codes = p[5].bgmax.unwrap();
    assert_eq!((codes.reference_code, codes.channel, codes.image), (5, 3, 1));
    assert_eq!(p[6].reference.text, "");
    assert!(!p[6].reference.structured);
    assert_eq!(p[6].information, ["Faktura 2023-0010"]);
    assert_eq!(p[6].payer.address.as_deref(), Some("Lillgatan 2 B"));
    assert_eq!(p[6].date, Date::new(2024, 2, 1).unwrap());
}

#[test]
fn the_bad_fixtures() {
    let cases: [(&str, &[u8], Vec<String>); 5] = [
        (
            "record-length",
            include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-record-length.bgmax"),
            vec![at(
                3,
                None,
                Problem::WrongLength {
                    found: 73,
                    utf8: false,
                },
            )],
        ),
        (
            "unknown-code",
            include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-unknown-code.bgmax"),
            vec![at(4, Some(1), Problem::UnknownCode { found: "24".into() })],
        ),
        (
            "tk70-counts",
            include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-tk70-counts.bgmax"),
            vec![
                at(
                    6,
                    Some(3),
                    Problem::EndCount {
                        counted: Counted::Payments,
                        stated: 3,
                        found: 2,
                    },
                ),
                at(
                    6,
                    Some(19),
                    Problem::EndCount {
                        counted: Counted::ExtraReferences,
                        stated: 1,
                        found: 0,
                    },
                ),
            ],
        ),
        (
            "tk15-sum",
            include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-tk15-sum.bgmax"),
            vec![at(
                5,
                Some(51),
                Problem::DepositSum {
                    stated: dec("300.01"),
                    payments: dec("300.00"),
                    deductions: dec("0.00"),
                    opened: 2,
                },
            )],
        ),
        (
            "currency",
            include_bytes!("../../../../tests/fixtures/payments/bad-bgmax-currency.bgmax"),
            vec![
                at(2, Some(23), Problem::NotSek { found: "EUR".into() }),
                at(5, Some(69), Problem::NotSek { found: "EUR".into() }),
            ],
        ),
    ];
    for (name, bytes, expected) in cases {
        let found: Vec<String> = read(Path::new("f.bgmax"), bytes)
            .unwrap_err()
            .iter()
            .map(|d| d.to_string().trim_start_matches("f.bgmax:").to_string())
            .collect();
        assert_eq!(found, expected, "{name}");
    }
    let sum = Problem::DepositSum {
        stated: dec("300.01"),
        payments: dec("300.00"),
        deductions: dec("0.00"),
        opened: 2,
    };
    assert_eq!(
        sum.message().to_string(),
        "the deposit sum 300.01 differs from its payments 300.00 less deductions 0.00 = 300.00 (deposit opened on line 2)"
    );
    // The wording of problems made of parts, in English.
    let english = |p: Problem| p.message().to_string();
    assert_eq!(
        english(Problem::EndCount {
            counted: Counted::ExtraReferences,
            stated: 1,
            found: 0
        }),
        "the end record counts 1 extra reference records, found 0 records (22 and 23)"
    );
    assert_eq!(
        english(Problem::OutOfPlace {
            code: "26".into(),
            expected: Expected::AfterPayment
        }),
        "record 26 out of place: expected it after a payment (20) or deduction (21) record"
    );
    assert_eq!(
        english(Problem::BadCode {
            field: Field::ReferenceCode,
            found: "7".into(),
            allowed: 0..=5
        }),
        "reference code (position 56): expected 0 to 5, found \"7\""
    );
    assert_eq!(
        english(Problem::BadCode {
            field: Field::ImageMarker,
            found: "x".into(),
            allowed: 0..=9
        }),
        "image marker (position 70): expected a digit, found \"x\""
    );
    assert_eq!(
        english(Problem::NotDigits {
            field: Field::DepositRecords,
            found: "0000000x".into()
        }),
        "number of deposit records (positions 27-34): expected digits, found \"0000000x\""
    );
    assert!(Problem::NotSek { found: "EUR".into() }
        .message()
        .to_string()
        .contains("only SEK is accepted (Bankgirot has reported payments in SEK only since 31 October 2016"));
}

#[test]
fn line_ends_and_trailing_blank_lines() {
    let records = small();
    let crlf: Vec<u8> = records.iter().flat_map(|r| r.bytes().chain(*b"\r\n")).collect();
    let lf = bytes(&records);
    let unended = &lf[..lf.len() - 1];
    let mut blank = lf.clone();
    blank.extend(b"\n\r\n\n");
    let reference = read(Path::new("f"), &lf).unwrap();
    for b in [crlf.as_slice(), unended, &blank] {
        assert_eq!(read(Path::new("f"), b).unwrap(), reference);
    }
    assert_eq!(reference.total(), dec("300.00"));
}

#[test]
fn record_length_and_characters() {
    let mut r = small();
    r[2].push(' ');
    r[3].pop();
    assert_eq!(
        problems(&r),
        [
            at(
                3,
                None,
                Problem::WrongLength {
                    found: 81,
                    utf8: false
                }
            ),
            at(
                4,
                None,
                Problem::WrongLength {
                    found: 79,
                    utf8: false
                }
            ),
        ]
    );
    // A name saved as UTF-8: two bytes for å, and the message says why.
    let mut utf8 = bytes(&small());
    let name = rec(&["26", "Påhittby"]);
    let at_line = utf8.len() - 81 * 2;
    let mut line: Vec<u8> = name.as_bytes().to_vec();
    line.push(b'\n');
    utf8.splice(at_line..at_line, line);
    let err = read(Path::new("f"), &utf8).unwrap_err();
    assert_eq!(
        err.0[0].message.to_string(),
        Problem::WrongLength {
            found: 81,
            utf8: true
        }
        .message()
        .to_string()
    );
    assert!(err.0[0].message.to_string().contains("saved as UTF-8"));
    // A tab inside a record.
    let mut r = small();
    r[2].replace_range(20..21, "\t");
    assert_eq!(
        problems(&r),
        [at(3, Some(21), Problem::ControlCharacter { code: 9 })]
    );
}

#[test]
fn the_start_record() {
    let mut r = small();
    r[0] = rec(&["01BGMAX               02", "20240131173035010331", "X"]);
    assert_eq!(
        problems(&r),
        [
            at(1, Some(23), Problem::Version { found: "02".into() }),
            at(1, Some(45), Problem::TestMarker { found: "X".into() }),
        ]
    );
    r[0] = rec(&["01BGMIN               01", "20241331173035010331", "T"]);
    assert_eq!(
        problems(&r),
        [
            at(
                1,
                Some(3),
                Problem::LayoutName {
                    found: "BGMIN               ".into()
                }
            ),
            at(
                1,
                Some(25),
                Problem::Timestamp {
                    found: "20241331173035010331".into()
                }
            ),
        ]
    );
    let mut r = small();
    r[0] = rec(&["01BGMAX               01", "20240131173035010331", "T"]);
    assert!(read(Path::new("f"), &bytes(&r)).unwrap().test);
    // Not first; missing.
    let mut r = small();
    r.insert(1, tk01());
    assert_eq!(problems(&r), [at(2, None, Problem::StartNotFirst)]);
    let r = small()[1..].to_vec();
    assert_eq!(
        problems(&r),
        [at(
            1,
            None,
            Problem::MissingStart {
                found: "0500505".into()
            }
        )]
    );
}

#[test]
fn record_order() {
    let name = rec(&["26", "Namn"]);
    // A name before any payment of the deposit; a payment outside a deposit.
    let mut r = small();
    r.insert(2, name.clone());
    r.insert(1, tk20("20", "1", 1, 1));
    let lines = problems(&r);
    assert_eq!(
        lines,
        [
            at(
                2,
                None,
                Problem::OutOfPlace {
                    code: "20".into(),
                    expected: Expected::Opening
                }
            ),
            at(
                4,
                None,
                Problem::OutOfPlace {
                    code: "26".into(),
                    expected: Expected::AfterPayment
                }
            ),
            at(
                8,
                Some(3),
                Problem::EndCount {
                    counted: Counted::Payments,
                    stated: 2,
                    found: 3
                }
            ),
        ]
    );
    // A deposit record without its opening; a second name for one payment.
    let mut r = small();
    r.insert(4, name.clone());
    r.insert(5, name);
    r.insert(7, tk15(9, 0, 0, "SEK"));
    assert_eq!(
        problems(&r),
        [
            at(
                6,
                None,
                Problem::Repeated {
                    code: "26".into(),
                    first: 5
                }
            ),
            at(
                8,
                None,
                Problem::OutOfPlace {
                    code: "15".into(),
                    expected: Expected::Opening
                }
            ),
            at(
                9,
                Some(27),
                Problem::EndCount {
                    counted: Counted::Deposits,
                    stated: 1,
                    found: 2
                }
            ),
        ]
    );
    // A deposit left open by the next opening record and by the end.
    let mut r = small();
    r.remove(4);
    r.insert(4, tk05("SEK"));
    let deposit = r.len() - 1;
    r.insert(deposit, tk20("20", "1", 1, 9));
    let lines = problems(&r);
    assert_eq!(
        lines[..4],
        [
            at(
                5,
                None,
                Problem::OutOfPlace {
                    code: "05".into(),
                    expected: Expected::DepositClosed
                }
            ),
            at(2, None, Problem::Unclosed { opened: 2 }),
            at(
                7,
                None,
                Problem::OutOfPlace {
                    code: "70".into(),
                    expected: Expected::DepositClosed
                }
            ),
            at(5, None, Problem::Unclosed { opened: 5 }),
        ]
    );
    // Missing end; something after the end.
    let mut r = small();
    r.pop();
    assert_eq!(problems(&r), [at(5, None, Problem::MissingEnd)]);
    let mut r = small();
    r.push(tk05("SEK"));
    assert_eq!(problems(&r), [at(7, None, Problem::AfterEnd)]);
}

#[test]
fn fields() {
    let mut r = small();
    // Amount with a letter, reference code 7, channel 0.
    r[2].replace_range(40..41, "x");
    r[2].replace_range(55..57, "70");
    // The recipient bankgiro with a wrong check digit.
    r[1].replace_range(2..12, "0050501056");
    // The deposit's date and count.
    r[4].replace_range(37..45, "20240230");
    r[4].replace_range(71..79, "0000000x");
    assert_eq!(
        problems(&r),
        [
            at(
                2,
                Some(3),
                Problem::BadBankgiro {
                    field: Field::RecipientBankgiro,
                    found: "0050501056".into()
                }
            ),
            at(
                3,
                Some(38),
                Problem::NotDigits {
                    field: Field::Amount,
                    found: "000x00000000010000".into()
                }
            ),
            at(
                3,
                Some(56),
                Problem::BadCode {
                    field: Field::ReferenceCode,
                    found: "7".into(),
                    allowed: 0..=5
                }
            ),
            at(
                3,
                Some(57),
                Problem::BadCode {
                    field: Field::PaymentChannel,
                    found: "0".into(),
                    allowed: 1..=4
                }
            ),
            at(
                5,
                Some(38),
                Problem::BadDate {
                    field: Field::PaymentDate,
                    found: "20240230".into()
                }
            ),
            at(
                5,
                Some(72),
                Problem::NotDigits {
                    field: Field::PaymentCount,
                    found: "0000000x".into()
                }
            ),
        ]
    );
}

#[test]
fn deposit_counts_and_currencies() {
    let mut r = small();
    r[4] = tk15(7, 30_000, 3, "SEK");
    assert_eq!(
        problems(&r),
        [at(
            5,
            Some(72),
            Problem::DepositCount {
                stated: 3,
                payments: 2,
                deductions: 0,
                opened: 2
            }
        )]
    );
    let mut r = small();
    r[4] = tk15(7, 30_000, 2, "NOK");
    assert_eq!(
        problems(&r),
        [at(5, Some(69), Problem::NotSek { found: "NOK".into() })]
    );
}

#[test]
fn deductions_count_against_the_deposit() {
    let pays = vec![
        Pay {
            deduction: false,
            ore: 100_000,
            reference: "2023000108".into(),
        },
        Pay {
            deduction: true,
            ore: 25_050,
            reference: "2023000207".into(),
        },
    ];
    let (r, _) = file(&[pays]);
    let f = read(Path::new("f"), &bytes(&r)).unwrap();
    assert_eq!(f.deposits[0].total, dec("749.50"));
    assert_eq!(f.deposits[0].payments[1].amount, dec("-250.50"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A generated valid file reads back with exactly its sums, and
    /// changing any one digit of any amount makes the deposit check fail.
    #[test]
    fn generated_files_round_trip(
        deposits in prop::collection::vec(
            prop::collection::vec(
                (any::<bool>(), 1u64..1_000_000_000_000, 1u32..99_999_999),
                1..6,
            ),
            1..4,
        ),
        flip in any::<prop::sample::Index>(),
        digit in any::<prop::sample::Index>(),
        to in 1u8..10,
    ) {
        // Deductions smaller than what is paid, so each deposit is positive.
        let deposits: Vec<Vec<Pay>> = deposits
            .into_iter()
            .map(|d| {
                let paid: u64 = d.iter().filter(|p| !p.0).map(|p| p.1).sum();
                let mut left = paid;
                d.into_iter()
                    .map(|(deduction, ore, r)| {
                        let deduction = deduction && ore < left;
                        if deduction {
                            left -= ore;
                        }
                        Pay {
                            deduction,
                            ore,
                            reference: crate::engine::ident::OcrMethod::Luhn.reference(&r.to_string()),
                        }
                    })
                    .collect()
            })
            .collect();
        let (mut records, amounts) = file(&deposits);
        let f = read(Path::new("f"), &bytes(&records)).unwrap();
        prop_assert_eq!(f.deposits.len(), deposits.len());
        for (d, g) in f.deposits.iter().zip(&deposits) {
            let signed = |p: &Pay| {
                let a = Decimal::new(p.ore as i64, 2);
                if p.deduction { -a } else { a }
            };
            prop_assert_eq!(d.total, g.iter().map(signed).sum::<Decimal>());
            let read: Vec<Decimal> = d.payments.iter().map(|p| p.amount).collect();
            let made: Vec<Decimal> = g.iter().map(signed).collect();
            prop_assert_eq!(read, made);
            prop_assert!(d.payments.iter().all(|p| p.reference.ocr.check_digit));
        }
        // One digit of one amount changed.
        let (line, column) = amounts[flip.index(amounts.len())];
        let at = column - 1 + digit.index(18);
        let record = &mut records[line - 1];
        let old = record.as_bytes()[at] - b'0';
        let new = (old + to) % 10;
        record.replace_range(at..=at, &new.to_string());
        let err = read(Path::new("f"), &bytes(&records)).unwrap_err();
        prop_assert!(
            err.iter().any(|d| d.message.to_string().starts_with("the deposit sum")
                || d.message.to_string().starts_with("the end record counts")),
            "{}", err
        );
    }
}
