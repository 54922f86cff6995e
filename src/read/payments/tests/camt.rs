//! The camt.054 reader: the fixtures of both versions and every check on
//! small documents made here.

use std::path::Path;

use rust_decimal::Decimal;

use crate::engine::date::Date;
use crate::engine::payment::{Account, AccountKind, FileIdentity, PaymentFormat, PaymentKind, Skipped};
use crate::read::payments::camt::{read, Problem};
use crate::read::payments::{detect, Detected};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("tests/fixtures/payments").join(name)).unwrap()
}

/// The problems of reading `bytes`, as `line:column: message`.
fn problems(bytes: &[u8]) -> Vec<String> {
    match read(Path::new("f.xml"), bytes) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .iter()
            .map(|d| d.to_string().trim_start_matches("f.xml:").to_string())
            .collect(),
    }
}

fn at(line: usize, column: usize, p: Problem) -> String {
    format!("{line}:{column}: {}", p.message())
}

/// A camt.054.001.02 document around entries.
fn document(entries: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-01-31T18:05:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><CreDtTm>2024-01-31T18:05:00</CreDtTm>
<Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>
{entries}
</Ntfctn>
</BkToCstmrDbtCdtNtfctn>
</Document>
"#
    )
}

/// An entry with its amount, indicator and details.
fn entry(amount: &str, details: &str) -> String {
    format!(
        "<Ntry><Amt Ccy=\"SEK\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
         <BookgDt><Dt>2024-01-31</Dt></BookgDt><BkTxCd/>{details}</Ntry>"
    )
}

#[test]
fn version_02() {
    let bytes = fixture("camt054-02.xml");
    assert_eq!(detect(&bytes), Detected::Camt054);
    let f = crate::read::payments::read(Path::new("camt054-02.xml"), &bytes).unwrap();
    assert_eq!(f.format, PaymentFormat::Camt054 { version: "02".into() });
    assert_eq!(
        f.identity,
        FileIdentity::Camt054 {
            message_id: "EXEMPEL-20240131-0001".into(),
            notification_ids: vec!["EXEMPEL-20240131-0001-1".into()],
        }
    );
    assert_eq!(
        f.accounts,
        [Account {
            kind: AccountKind::Bankgiro,
            id: "50501055".into()
        }]
    );
    assert_eq!(f.created.as_deref(), Some("2024-01-31T18:05:00"));
    assert_eq!(
        f.skipped,
        Skipped {
            debits: 1,
            not_booked: 1
        }
    );
    assert_eq!(f.deposits.len(), 2);
    let (d1, d2) = (&f.deposits[0], &f.deposits[1]);
    assert_eq!(d1.total, dec("250000.00"));
    assert_eq!(d1.serial.as_deref(), Some("BG240131000001"));
    assert_eq!(d1.date, Date::new(2024, 1, 31));
    assert_eq!(d1.place.line, 26);
    assert_eq!(d2.total, dec("173999.50"));
    assert_eq!(d2.payments.len(), 3);
    assert_eq!(d2.payments.iter().map(|p| p.amount).sum::<Decimal>(), d2.total);

    let p = &d1.payments[0];
    assert_eq!(p.kind, PaymentKind::Payment);
    assert_eq!(p.amount, dec("250000.00"));
    assert_eq!(p.date, Date::new(2024, 1, 31).unwrap());
    assert_eq!(p.value_date, Date::new(2024, 1, 31));
    assert_eq!(p.reference.text, "2023000108");
    assert!(p.reference.structured && p.reference.ocr.length_digit);
    assert_eq!(p.payer.name.as_deref(), Some("Fiktiva kommunen"));
    assert_eq!(p.payer.address.as_deref(), Some("Box 1234, 501 11 Påhittby"));
    assert_eq!(p.payer.org_nr.as_deref(), Some("2220001230"));
    assert_eq!(
        p.payer.account,
        Some(Account {
            kind: AccountKind::Bankgiro,
            id: "9912346".into()
        })
    );
    assert_eq!(p.bank_ids.serial.as_deref(), Some("BG240131000001"));
    assert_eq!(p.bank_ids.end_to_end_id.as_deref(), Some("E2E-FIKTIV-0001"));
    assert_eq!(p.place.line, 48);

    let [a, b, c] = &d2.payments[..] else { panic!() };
    assert_eq!(a.amount, dec("100000.00"));
    assert_eq!(a.reference.text, "2023000207");
    assert_eq!(a.information, ["Delbetalning, resten i februari"]);
    assert_eq!(a.bank_ids.end_to_end_id, None, "NOTPROVIDED is no id");
    assert_eq!(a.date, Date::new(2024, 2, 1).unwrap());
    assert_eq!(b.reference.text, "2023000405");
    assert_eq!(b.extra_references.len(), 1);
    assert_eq!(b.extra_references[0].reference.text, "2023000504");
    assert_eq!(b.information, ["Faktura 4 & 5"]);
    assert_eq!(b.payer.address.as_deref(), Some("Storgatan 1"));
    assert_eq!(b.payer.postcode.as_deref(), Some("503 30"));
    assert_eq!(b.payer.town.as_deref(), Some("Borås"));
    assert_eq!(b.payer.country_code.as_deref(), Some("SE"));
    assert_eq!(b.bank_ids.transaction_id.as_deref(), Some("TX-FIKTIV-2"));
    assert_eq!(c.amount, dec("999.50"));
    assert_eq!(c.reference.text, "Faktura 2023-0010");
    assert!(!c.reference.structured && !c.reference.ocr.check_digit);
    assert_eq!(c.payer.name.as_deref(), Some("Privatperson Påhittad"));
}

#[test]
fn version_08() {
    let f = read(Path::new("camt054-08.xml"), &fixture("camt054-08.xml")).unwrap();
    assert_eq!(f.format, PaymentFormat::Camt054 { version: "08".into() });
    assert_eq!(f.skipped, Skipped::default());
    assert_eq!(f.deposits.len(), 1);
    let d = &f.deposits[0];
    assert_eq!(d.total, dec("72500.50"));
    assert_eq!(d.date, Date::new(2024, 2, 1), "the date of a DtTm");
    let [a, b] = &d.payments[..] else { panic!() };
    assert_eq!(a.amount, dec("60000.50"));
    assert_eq!(a.payer.name.as_deref(), Some("Fiktiva kommunen"));
    assert_eq!(a.payer.org_nr.as_deref(), Some("2220001230"));
    assert_eq!(
        a.payer.account,
        Some(Account {
            kind: AccountKind::Iban,
            id: "SE4550000000058398257466".into()
        })
    );
    assert_eq!(a.reference.text, "2023000702");
    assert!(a.reference.ocr.length_digit);
    assert_eq!(b.reference.text, "2023000899");
    assert!(!b.reference.ocr.check_digit);
    assert_eq!(b.payer.name.as_deref(), Some("Testföreningen (fiktiv)"));
}

#[test]
fn the_bad_fixtures() {
    assert_eq!(
        problems(&fixture("bad-camt-not-xml.xml")),
        [at(
            1,
            1,
            Problem::NotXml {
                found: "Datum;Belopp;OCR\n202".into()
            }
        )]
    );
    assert_eq!(
        problems(&fixture("bad-camt-wrong-message.xml")),
        [at(
            3,
            1,
            Problem::WrongMessage {
                root: "Document".into(),
                namespace: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02".into()
            }
        )]
    );
    let currency = problems(&fixture("bad-camt-currency.xml"));
    let not_sek = |element| Problem::NotSek {
        element,
        found: "EUR".into(),
    };
    assert_eq!(currency[0], at(23, 9, not_sek("Ntfctn/Acct/Ccy")));
    assert_eq!(currency[1], at(28, 9, not_sek("Ntry/Amt")));
    assert_eq!(currency[2], at(55, 17, not_sek("TxDtls/Amt")));
    assert!(
        currency.iter().all(|p| p.contains("only SEK is accepted")),
        "{currency:?}"
    );
    assert_eq!(
        problems(&fixture("bad-camt-batch.xml")),
        [
            at(
                147,
                13,
                Problem::BatchCount {
                    stated: "4".into(),
                    found: 3
                }
            ),
            at(
                148,
                13,
                Problem::BatchTotal {
                    stated: dec("173999.00"),
                    found: dec("173999.50")
                }
            ),
        ]
    );
}

#[test]
fn entry_totals_and_transactions_without_amounts() {
    let tx = |amount: &str| {
        format!("<TxDtls><AmtDtls><TxAmt><Amt Ccy=\"SEK\">{amount}</Amt></TxAmt></AmtDtls></TxDtls>")
    };
    // Two transactions that do not add up to the entry.
    let doc = document(&entry(
        "100.00",
        &format!("<NtryDtls>{}{}</NtryDtls>", tx("60.00"), tx("30.00")),
    ));
    assert_eq!(
        problems(doc.as_bytes()),
        [at(
            7,
            7,
            Problem::EntryTotal {
                stated: dec("100.00"),
                found: dec("90.00")
            }
        )]
    );
    // The one transaction of an entry may leave the amount to it.
    let doc = document(&entry(
        "100.00",
        "<NtryDtls><TxDtls><RmtInf><Ustrd>2023000108</Ustrd></RmtInf></TxDtls></NtryDtls>",
    ));
    let f = read(Path::new("f"), doc.as_bytes()).unwrap();
    assert_eq!(f.deposits[0].payments[0].amount, dec("100.00"));
    assert_eq!(f.deposits[0].payments[0].reference.text, "2023000108");
    assert!(!f.deposits[0].payments[0].reference.structured);
    // Not so in an entry of several.
    let doc = document(&entry(
        "100.00",
        &format!("<NtryDtls><TxDtls/>{}</NtryDtls>", tx("100.00")),
    ));
    assert_eq!(
        problems(doc.as_bytes()),
        [at(7, 133, Problem::NoTransactionAmount)]
    );
    // An entry without details is one payment; the account is an IBAN.
    let doc = document(&entry("12.50", ""));
    let f = read(Path::new("f"), doc.as_bytes()).unwrap();
    assert_eq!(f.deposits[0].payments[0].amount, dec("12.50"));
    assert_eq!(
        f.accounts,
        [Account {
            kind: AccountKind::Iban,
            id: "SE4550000000058398257466".into()
        }]
    );
    // A debit transaction inside a credit entry counts against it.
    let doc = document(&entry(
        "90.00",
        &format!(
            "<NtryDtls>{}<TxDtls><Amt Ccy=\"SEK\">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls></NtryDtls>",
            tx("100.00")
        ),
    ));
    let f = read(Path::new("f"), doc.as_bytes()).unwrap();
    let p = &f.deposits[0].payments;
    assert_eq!((p[1].kind, p[1].amount), (PaymentKind::Deduction, dec("-10.00")));
}

#[test]
fn values() {
    let doc = document(&format!(
        "{}\n{}\n{}",
        entry("1.005", ""),
        entry("12,50", ""),
        "<Ntry><Amt Ccy=\"SEK\">1.00</Amt><CdtDbtInd>CRED</CdtDbtInd><Sts>BOOK</Sts></Ntry>"
    ));
    assert_eq!(
        problems(doc.as_bytes()),
        [
            at(
                7,
                7,
                Problem::NotOre {
                    element: "Ntry/Amt",
                    found: "1.005".into()
                }
            ),
            at(
                8,
                7,
                Problem::BadAmount {
                    element: "Ntry/Amt",
                    found: "12,50".into()
                }
            ),
            at(
                9,
                32,
                Problem::BadIndicator {
                    element: "Ntry/CdtDbtInd",
                    found: "CRED".into()
                }
            ),
            at(
                9,
                1,
                Problem::Missing {
                    element: "Ntry/BookgDt"
                }
            ),
        ]
    );
    let doc = document(
        "<Ntry><Amt Ccy=\"SEK\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
         <BookgDt><Dt>2024-02-30</Dt></BookgDt></Ntry>",
    );
    assert_eq!(
        problems(doc.as_bytes()),
        [at(
            7,
            83,
            Problem::BadDate {
                element: "Ntry/BookgDt",
                found: "2024-02-30".into()
            }
        )]
    );
    // Names are one line of plain text.
    let doc = document(&entry(
        "1.00",
        "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Fiktiva\n   kommunen</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>",
    ));
    let f = read(Path::new("f"), doc.as_bytes()).unwrap();
    assert_eq!(
        f.deposits[0].payments[0].payer.name.as_deref(),
        Some("Fiktiva kommunen")
    );
}

#[test]
fn documents_that_are_not_camt_054() {
    let wrong = |root: &str, ns: &str| {
        vec![at(
            1,
            1,
            Problem::WrongMessage {
                root: root.into(),
                namespace: ns.into(),
            },
        )]
    };
    assert_eq!(problems(b"<Document/>"), wrong("Document", ""));
    assert_eq!(
        problems(b"<Document/>"),
        ["1:1: expected a camt.054 notification (Document in namespace urn:iso:std:iso:20022:tech:xsd:camt.054.001.NN), found Document in no namespace"]
    );
    assert_eq!(
        problems(b"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>"),
        wrong(
            "Invoice",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
        )
    );
    assert_eq!(
        problems(b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.11\"/>"),
        [at(1, 1, Problem::Version { found: "11".into() })]
    );
    assert_eq!(
        problems(b"<!DOCTYPE x [<!ENTITY a \"b\">]><Document/>"),
        [at(1, 1, Problem::DocType)]
    );
    let doc = document(&entry(
        "1.00",
        "<NtryDtls><TxDtls><RmtInf><Ustrd>&a;</Ustrd></RmtInf></TxDtls></NtryDtls>",
    ));
    assert_eq!(
        problems(doc.as_bytes()),
        [at(7, 154, Problem::UnknownEntity { name: "a".into() })]
    );
    let broken =
        problems(b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><a></b></Document>");
    assert!(
        broken[0].starts_with("1:") && broken[0].contains("not well-formed XML"),
        "{broken:?}"
    );
    let ns = "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"";
    assert_eq!(
        problems(format!("<Document {ns}/>\n<Document {ns}/>").as_bytes()),
        ["2:1: not well-formed XML: a second root element"]
    );
    assert_eq!(
        problems(b"<?xml version=\"1.0\"?>\n"),
        ["2:1: not well-formed XML: no root element"]
    );
    assert_eq!(
        problems(b"\xEF\xBB\xBF<Document \xFF/>"),
        [at(1, 11, Problem::NotUtf8)]
    );
    // Required parts.
    let empty = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn/></Document>";
    assert_eq!(
        problems(empty.as_bytes()),
        [
            at(
                1,
                1,
                Problem::Missing {
                    element: "GrpHdr/MsgId"
                }
            ),
            at(1, 1, Problem::Missing { element: "Ntfctn" }),
        ]
        .map(|s| s.replace("1:1:", "1:"))
    );
}
