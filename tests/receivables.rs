//! Receivables end to end on the example: final invoices, payments in
//! from a BgMax file (full, partial, over- and unmatched payments and a
//! deduction) and a camt.054 file (the rest), a credit note, an
//! allocation by hand, `receivables`, reminders read back with poppler's
//! `pdftotext`, the SIE file balanced and booking exactly the payments,
//! the same file imported twice; then imports at once, and imports
//! stopped at every step and killed at random moments, each leaving all
//! or nothing booked and a register SQLite finds whole.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rust_decimal::Decimal;

use crate::support::{avgift, example, root, scratch};

/// The example's invoices with the issuer's bankgiro and accounts for
/// payments (the example leaves them out: the annual report gives none).
const TERMS: [&str; 8] = [
    "--set",
    "invoice.issuer.bankgiro=5050-1055",
    "--set",
    "invoice.accounts.bank=1930",
    "--set",
    "invoice.issuer.org_nr=222222-2222",
    "--set",
    "invoice.issuer.address=[\"Box 1\", \"501 10 Borås\"]",
];

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// One document as the register holds it.
#[derive(Debug, Clone)]
struct Doc {
    number: u64,
    code: String,
    name: String,
    amount: Decimal,
    ocr: String,
}

/// The register, as SQLite presents it: read-write (never created), so
/// that a hot journal a killed run left is rolled back on the first read,
/// as any program opening it would; a read-only connection would refuse
/// to read it ("attempt to write a readonly database").
fn register(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        dir.join("register.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
    )
    .unwrap()
}

fn documents(dir: &Path) -> Vec<Doc> {
    let conn = register(dir);
    let mut stmt = conn
        .prepare("SELECT number, recipient_code, recipient, amount_ore, ocr FROM documents WHERE kind = 'invoice' ORDER BY number")
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Doc {
            number: r.get::<_, i64>(0)? as u64,
            code: r.get(1)?,
            name: r.get(2)?,
            amount: Decimal::new(r.get(3)?, 2),
            ocr: r.get(4)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The register's payments: (id, date, amount).
fn payments(dir: &Path) -> Vec<(u64, String, Decimal)> {
    let conn = register(dir);
    let mut stmt = conn
        .prepare("SELECT id, date, amount_ore FROM payments ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            r.get::<_, String>(1)?,
            Decimal::new(r.get(2)?, 2),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn count(dir: &Path, table: &str) -> i64 {
    register(dir)
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// SQLite's own check of the database file.
fn integrity(dir: &Path) -> String {
    register(dir)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A BgMax file, as Bankgirot writes one: records of 80 characters in
/// ISO 8859-1, CRLF. Built field by field from the layout in
/// docs/payment-formats.md.
struct BgMax {
    records: Vec<String>,
    payments: usize,
    deductions: usize,
    deposits: usize,
    open: Vec<(Decimal, usize)>,
    serial: u64,
}

/// A payment of a BgMax file: amount (negative for a deduction),
/// reference, payer's name.
type BgPayment<'a> = (Decimal, &'a str, &'a str);

fn field(s: &str, width: usize, right: bool) -> String {
    let n = s.chars().count();
    assert!(n <= width, "{s:?} is wider than {width}");
    let pad = " ".repeat(width - n);
    if right {
        format!("{pad}{s}")
    } else {
        format!("{s}{pad}")
    }
}

fn digits(n: u64, width: usize) -> String {
    format!("{n:0width$}")
}

fn ore(amount: Decimal) -> u64 {
    (amount.abs() * Decimal::ONE_HUNDRED)
        .normalize()
        .to_string()
        .parse()
        .unwrap()
}

impl BgMax {
    fn new(timestamp: &str) -> BgMax {
        BgMax {
            records: vec![field(&format!("01BGMAX               01{timestamp}P"), 80, false)],
            payments: 0,
            deductions: 0,
            deposits: 0,
            open: Vec::new(),
            serial: 0,
        }
    }

    /// A deposit to `bankgiro` on `date` (`YYYYMMDD`) of these payments.
    fn deposit(&mut self, bankgiro: u64, date: &str, deposit_serial: u64, payments: &[BgPayment]) {
        self.records.push(field(
            &format!("05{}          SEK", digits(bankgiro, 10)),
            80,
            false,
        ));
        let mut total = Decimal::ZERO;
        for (amount, reference, payer) in payments {
            self.serial += 1;
            let deduction = *amount < Decimal::ZERO;
            let code = if reference.is_empty() { "1" } else { "2" };
            let mut r = format!(
                "{}{}{}{}{code}1{}0",
                if deduction { "21" } else { "20" },
                digits(0, 10),
                field(reference, 25, true),
                digits(ore(*amount), 18),
                digits(self.serial, 12),
            );
            if deduction {
                r.push('0');
                self.deductions += 1;
            } else {
                self.payments += 1;
            }
            self.records.push(field(&r, 80, false));
            if !payer.is_empty() {
                self.records
                    .push(field(&format!("26{}", field(payer, 35, false)), 80, false));
            }
            total += amount;
        }
        self.records.push(field(
            &format!(
                "15{}{date}{}{}SEK{}",
                digits(0, 35),
                digits(deposit_serial, 5),
                digits(ore(total), 18),
                digits(payments.len() as u64, 8)
            ),
            80,
            false,
        ));
        self.deposits += 1;
        self.open.push((total, payments.len()));
    }

    fn bytes(&self) -> Vec<u8> {
        let end = format!(
            "70{}{}{}{}",
            digits(self.payments as u64, 8),
            digits(self.deductions as u64, 8),
            digits(0, 8),
            digits(self.deposits as u64, 8)
        );
        let mut text = String::new();
        for r in self
            .records
            .iter()
            .chain(std::iter::once(&field(&end, 80, false)))
        {
            assert_eq!(r.chars().count(), 80, "{r:?}");
            text.push_str(r);
            text.push_str("\r\n");
        }
        // ISO 8859-1: one byte per character.
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    }
}

/// A camt.054.001.02 notification of credits to the bankgiro 5050-1055:
/// one booked entry per payment.
fn camt(message: &str, date: &str, payments: &[(Decimal, &str, &str)]) -> String {
    let mut entries = String::new();
    for (i, (amount, reference, payer)) in payments.iter().enumerate() {
        entries.push_str(&format!(
            r#"      <Ntry>
        <Amt Ccy="SEK">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{date}</Dt></BookgDt>
        <AcctSvcrRef>{message}-{n}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><AcctSvcrRef>{message}-{n}</AcctSvcrRef></Refs>
            <RltdPties><Dbtr><Nm>{payer}</Nm></Dbtr></RltdPties>
            <RmtInf><Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"#,
            n = i + 1
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr>
      <MsgId>{message}</MsgId>
      <CreDtTm>{date}T18:00:00</CreDtTm>
    </GrpHdr>
    <Ntfctn>
      <Id>{message}-1</Id>
      <CreDtTm>{date}T18:00:00</CreDtTm>
      <Acct>
        <Id><Othr><Id>50501055</Id><SchmeNm><Prtry>BGNR</Prtry></SchmeNm></Othr></Id>
        <Ccy>SEK</Ccy>
      </Acct>
{entries}    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
"#
    )
}

/// Validates camt.054 files against ISO 20022's schema with lxml or
/// xmllint (`tests/schemas/iso20022/validate`), or says it skipped.
fn schema_valid(files: &[&Path]) {
    let out = Command::new("bash")
        .arg(root().join("tests/schemas/iso20022/validate"))
        .args(files)
        .output();
    let required = std::env::var_os("AVGIFT_REQUIRE_PEPPOL").is_some();
    match out {
        Ok(o)
            if o.stdout.windows(7).any(|w| w == b": valid")
                || !o.status.success() && !o.stdout.is_empty() =>
        {
            let stdout = String::from_utf8_lossy(&o.stdout);
            for f in files {
                assert!(
                    stdout.contains(&format!("{}: valid", f.display())),
                    "{} against the camt.054 schema:\n{stdout}",
                    f.display()
                );
            }
        }
        other => {
            assert!(!required, "the schema validator did not run: {other:?}");
            eprintln!("SKIPPED: ISO 20022 schema validation of the test's camt.054 file: {other:?}");
        }
    }
}

/// Runs poppler's `pdftotext` on a PDF: its text in reading order (white
/// space made one space, see [`flat`]), or
/// `None` (said loudly) without poppler.
fn pdf_text(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(flat(&String::from_utf8(o.stdout).unwrap())),
        other => {
            assert!(
                std::env::var_os("AVGIFT_REQUIRE_POPPLER").is_none(),
                "pdftotext did not run: {other:?}"
            );
            eprintln!("SKIPPED: reading the reminders with poppler's pdftotext: {other:?}");
            None
        }
    }
}

/// Text with every run of white space (line breaks, the spaces inside
/// `1 234 kr`) one space, to search wrapped text in.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A SIE voucher: its date, text and transactions (account, amount).
type Voucher = (String, String, Vec<(String, Decimal)>);

/// A SIE file's vouchers: (date, text, transactions).
fn sie_vouchers(path: &Path) -> Vec<Voucher> {
    let bytes = fs::read(path).unwrap();
    let sie = avgift::read::sie::parse(&bytes).unwrap();
    sie.vouchers
        .into_iter()
        .map(|v| (v.date, v.text, v.transactions))
        .collect()
}

/// Swedish kronor as the letters show whole amounts: `1 234 567 kr`.
fn kr(amount: Decimal) -> String {
    flat(&format!("{} kr", avgift::sv::kr_int(amount)))
}

fn import(dir: &Path, file: &Path) -> crate::support::Run {
    avgift(["payments", "import"]).arg(file).arg("-o").arg(dir).run()
}

/// Long on purpose: one story, each step checked against the one before.
#[test]
fn payments_in_receivables_reminders_and_sie_on_the_example() {
    let (dir, docs) = invoiced("receivables-example");
    let folder = dir.join("fakturor");
    assert_eq!(docs.len(), 11);
    let half = (docs[1].amount / Decimal::TWO).trunc();
    // An OCR reference with its check digit wrong.
    let mut wrong = docs[4].ocr.clone().into_bytes();
    let last = wrong.len() - 1;
    wrong[last] = b'0' + (wrong[last] - b'0' + 1) % 10;
    let wrong = String::from_utf8(wrong).unwrap();
    let mut bg = BgMax::new("20230214173035010331");
    bg.deposit(
        50501055,
        "20230210",
        1,
        &[
            (docs[0].amount, &docs[0].ocr, "Varbergs kommun"),
            (half, &docs[1].ocr, ""),
            (docs[2].amount + d("1000"), &docs[2].ocr, ""),
            (d("-1000"), &docs[3].ocr, ""),
        ],
    );
    bg.deposit(
        50501055,
        "20230214",
        2,
        &[(docs[4].amount, &wrong, ""), (d("777.50"), "", &docs[5].name)],
    );
    let bgmax = dir.join("bgmax.txt");
    fs::write(&bgmax, bg.bytes()).unwrap();
    let out = import(&folder, &bgmax);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("6 payments in 2 deposits"), "{}", out.stderr);
    assert!(out.stderr.contains("of them 1 deduction"), "{}", out.stderr);
    assert!(out.stderr.contains("2 payments not matched"), "{}", out.stderr);
    // The payment with a wrong check digit: the document with its amount
    // outstanding is suggested.
    assert!(
        out.stderr
            .contains(&format!("not a valid OCR reference (its check digit or length digit is wrong); suggested: invoice {} (the same amount outstanding)", docs[4].number)),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("invoice {} (the same name)", docs[5].number)),
        "{}",
        out.stderr
    );
    let camt_file = dir.join("camt054.xml");
    let rest = [
        (docs[3].amount, docs[3].ocr.as_str(), "Tranemo kommun"),
        (docs[5].amount, docs[5].ocr.as_str(), "Marks kommun"),
        (docs[6].amount, docs[6].ocr.as_str(), "Svenljunga kommun"),
        (docs[7].amount, docs[7].ocr.as_str(), "Herrljunga kommun"),
    ];
    fs::write(&camt_file, camt("EX-20230220-1", "2023-02-20", &rest)).unwrap();
    schema_valid(&[&camt_file]);
    let out = import(&folder, &camt_file);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("4 payments matched by OCR reference to 4 invoices"),
        "{}",
        out.stderr
    );

    // The payment with the wrong check digit settles its invoice by hand.
    let unmatched = payments(&folder)
        .into_iter()
        .find(|p| p.2 == docs[4].amount)
        .unwrap()
        .0;
    let out = avgift(["payments", "allocate"])
        .arg(&folder)
        .args([
            "--payment",
            &unmatched.to_string(),
            "--document",
            &docs[4].number.to_string(),
        ])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("is now paid"), "{}", out.stderr);
    // A credit note settles the invoice it credits.
    avgift(["invoice"])
        .arg(example())
        .arg("-o")
        .arg(&folder)
        .args(["--date", "2023-03-01", "--credit", &docs[9].number.to_string()])
        .args(TERMS)
        .run()
        .ok();

    // What is owed on 31 March.
    let json = avgift(["receivables"])
        .arg(&folder)
        .args(["--date", "2023-03-31", "--format", "json"])
        .run()
        .ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines: BTreeMap<u64, &serde_json::Value> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["number"].as_u64().unwrap(), l))
        .collect();
    let amount = |l: &serde_json::Value, k: &str| -> Decimal { d(&l[k].to_string()) };
    let expect = [
        (0, "paid", Decimal::ZERO, 0),
        (1, "partly_paid", docs[1].amount - half, 44),
        (2, "overpaid", d("-1000"), 0),
        (3, "partly_paid", d("1000"), 44),
        (4, "paid", Decimal::ZERO, 0),
        (5, "paid", Decimal::ZERO, 0),
        (6, "paid", Decimal::ZERO, 0),
        (7, "paid", Decimal::ZERO, 0),
        (8, "unpaid", docs[8].amount, 44),
        (9, "credited", Decimal::ZERO, 0),
        (10, "unpaid", docs[10].amount, 44),
    ];
    for (i, status, outstanding, days) in expect {
        let l = lines[&docs[i].number];
        assert_eq!(l["status"], status, "{}: {l}", docs[i].name);
        assert_eq!(amount(l, "outstanding"), outstanding, "{}: {l}", docs[i].name);
        assert_eq!(l["days_overdue"], days, "{}: {l}", docs[i].name);
    }
    // Per party invoiced − credited − paid = outstanding; the parties add
    // up to what the register says: its documents less its allocations.
    let mut parties = Decimal::ZERO;
    for p in v["parties"].as_array().unwrap() {
        assert_eq!(
            amount(p, "invoiced") - amount(p, "credited") - amount(p, "paid"),
            amount(p, "outstanding"),
            "{p}"
        );
        parties += amount(p, "outstanding");
    }
    let conn = register(&folder);
    let sql =
        |q: &str| -> Decimal { Decimal::new(conn.query_row(q, [], |r| r.get::<_, i64>(0)).unwrap(), 2) };
    let register_owed =
        sql("SELECT SUM(amount_ore) FROM documents") - sql("SELECT SUM(amount_ore) FROM allocations");
    assert_eq!(parties, register_owed);
    assert_eq!(amount(&v["totals"], "outstanding"), register_owed);
    // The one payment without a reference stays unmatched.
    let open = v["unmatched"].as_array().unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(amount(&open[0], "unallocated"), d("777.50"));
    assert_eq!(open[0]["why"], "no_reference");

    // Reminders: one for each invoice overdue, and none twice a day.
    let out = avgift(["remind"])
        .arg(&folder)
        .args(["--date", "2023-03-31"])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let reminded: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("paminnelse-"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let overdue = [1usize, 3, 8, 10];
    let expected: Vec<String> = overdue
        .iter()
        .map(|i| {
            format!(
                "paminnelse-2023-{:04}-{}-2023-03-31.pdf",
                docs[*i].number, docs[*i].code
            )
        })
        .collect();
    assert_eq!(reminded, expected);
    let owed = |i: usize| match i {
        1 => docs[1].amount - half,
        3 => d("1000"),
        _ => docs[i].amount,
    };
    for (i, name) in overdue.iter().zip(&reminded) {
        let Some(text) = pdf_text(&folder.join(name)) else {
            break;
        };
        assert!(
            text.contains("Betalningspåminnelse 2023-03-31"),
            "{name}:\n{text}"
        );
        assert!(
            text.contains(&docs[*i].ocr),
            "{name}: OCR {}:\n{text}",
            docs[*i].ocr
        );
        assert!(text.contains("Förfallodatum"), "{name}:\n{text}");
        assert!(text.contains("2023-02-15"), "{name}:\n{text}");
        assert!(
            text.contains(&format!("och {} återstår att", kr(owed(*i)))),
            "{name}: {}:\n{text}",
            kr(owed(*i))
        );
        assert!(
            !text.contains("Dröjsmålsränta") && !text.contains("Påminnelseavgift"),
            "{name}:\n{text}"
        );
    }
    let again = avgift(["remind"])
        .arg(&folder)
        .args(["--date", "2023-03-31"])
        .run();
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(
        again.stderr.contains("reminded on 2023-03-31 already"),
        "{}",
        again.stderr
    );
    assert_eq!(count(&folder, "reminders"), 4);

    // A second reminder a month later, with interest and a fee: räntelagen's
    // 8 points over a reference rate of 4 %, from the day after the due
    // date, computed here on its own.
    let out = avgift(["remind"])
        .arg(&folder)
        .args(["--date", "2023-04-30", "--reference-rate", "4%", "--fee", "60"])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let name = format!(
        "paminnelse-2023-{:04}-{}-2023-04-30.pdf",
        docs[8].number, docs[8].code
    );
    if let Some(text) = pdf_text(&folder.join(&name)) {
        // 16 February to 30 April: 74 days at 12 % a year.
        let interest = (docs[8].amount * d("0.12") * Decimal::from(74) / Decimal::from(365))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let shown = flat(&format!("{} kr", avgift::sv::num_dp(interest, 2)));
        assert!(text.contains("Betalningspåminnelse 2"), "{text}");
        assert!(
            text.contains("Dröjsmålsränta") && text.contains(&shown),
            "{shown}:\n{text}"
        );
        assert!(
            text.contains("Påminnelseavgift") && text.contains("60 kr"),
            "{text}"
        );
        let total = docs[8].amount + interest + d("60");
        let total = flat(&format!("{} kr", avgift::sv::num_dp(total, 2)));
        assert!(text.contains(&total), "{total}:\n{text}");
    }

    // The SIE file: every voucher balanced, a voucher per payment whose
    // amounts are the payment's, and the receivables account owed what the
    // register says.
    let sie = folder.join("fakturor-2023.si");
    let vouchers = sie_vouchers(&sie);
    for (date, text, t) in &vouchers {
        assert_eq!(
            t.iter().map(|x| x.1).sum::<Decimal>(),
            Decimal::ZERO,
            "{date} {text}"
        );
    }
    let mut booked: Vec<(String, Decimal)> = vouchers
        .iter()
        .filter(|v| v.2.iter().any(|(a, _)| a == "1930"))
        .map(|(date, _, t)| {
            assert_eq!(t.len(), 2, "{t:?}");
            let bank = t.iter().find(|x| x.0 == "1930").unwrap().1;
            let receivables = t.iter().find(|x| x.0 == "1510").unwrap().1;
            assert_eq!(bank, -receivables);
            (date.clone(), bank)
        })
        .collect();
    let mut paid: Vec<(String, Decimal)> = payments(&folder)
        .into_iter()
        .map(|(_, date, amount)| (date.replace('-', ""), amount))
        .collect();
    booked.sort();
    paid.sort();
    assert_eq!(booked, paid);
    assert_eq!(paid.len(), 10);
    let receivables: Decimal = vouchers
        .iter()
        .flat_map(|v| v.2.iter())
        .filter(|x| x.0 == "1510")
        .map(|x| x.1)
        .sum();
    assert_eq!(
        receivables,
        amount(&v["totals"], "outstanding") - amount(&v["totals"], "unallocated")
    );

    // The same file again books nothing.
    let before = (
        count(&folder, "payments"),
        count(&folder, "events"),
        fs::read(&sie).unwrap(),
    );
    for file in [&bgmax, &camt_file] {
        let out = import(&folder, file);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(out.stderr.contains("already imported"), "{}", out.stderr);
    }
    // The same payments in a copy with other line ends, too.
    let lf = dir.join("bgmax-lf.txt");
    fs::write(
        &lf,
        bg.bytes()
            .iter()
            .filter(|b| **b != b'\r')
            .copied()
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let out = import(&folder, &lf);
    assert!(out.stderr.contains("already imported"), "{}", out.stderr);
    let after = (
        count(&folder, "payments"),
        count(&folder, "events"),
        fs::read(&sie).unwrap(),
    );
    assert_eq!(before, after);

    let out = avgift(["verify"]).arg(&folder).run();
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("receivables events"), "{}", out.stdout);
    assert_eq!(integrity(&folder), "ok");
    let _ = fs::remove_dir_all(&dir);
}

/// An invoice folder of the example with its final invoices, for the
/// imports below.
fn invoiced(name: &str) -> (PathBuf, Vec<Doc>) {
    let dir = scratch(name);
    let folder = dir.join("fakturor");
    avgift(["invoice"])
        .arg(example())
        .arg("-o")
        .arg(&folder)
        .args(["--date", "2023-01-16", "--final"])
        .args(TERMS)
        .run()
        .ok();
    let docs = documents(&folder);
    (dir, docs)
}

/// A BgMax file of `n` payments spread over the documents, made on
/// `minute` (so that each file is another).
fn bgmax_of(docs: &[Doc], n: usize, minute: u32) -> Vec<u8> {
    let mut bg = BgMax::new(&format!(
        "20230214{:02}{:02}00000000",
        minute / 60 % 24,
        minute % 60
    ));
    let mut payments = Vec::new();
    for k in 0..n {
        let doc = &docs[k % docs.len()];
        payments.push((Decimal::from(100 + k as i64), doc.ocr.as_str(), ""));
    }
    bg.deposit(50501055, "20230214", u64::from(minute % 90_000) + 1, &payments);
    bg.bytes()
}

fn spawn_import(dir: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_avgift"))
        .args(["payments", "import"])
        .arg(file)
        .arg("-o")
        .arg(dir)
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Two imports of different files at once, 30 times: each books its
/// payments exactly once, and the register stays whole.
#[test]
fn two_imports_at_once_both_book_exactly_once() {
    let (dir, docs) = invoiced("receivables-concurrent");
    let folder = dir.join("fakturor");
    let mut expected = 0;
    for round in 0..30u32 {
        let files: Vec<PathBuf> = (0..2)
            .map(|k| {
                let f = dir.join(format!("bgmax-{round}-{k}.txt"));
                fs::write(&f, bgmax_of(&docs, 5 + k as usize, round * 2 + k)).unwrap();
                f
            })
            .collect();
        let children: Vec<_> = files.iter().map(|f| spawn_import(&folder, f)).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        expected += 5 + 6;
        assert_eq!(count(&folder, "payments"), expected, "round {round}");
        assert_eq!(
            count(&folder, "events"),
            i64::from(round + 1) * 2,
            "round {round}"
        );
    }
    let ids: Vec<u64> = payments(&folder).iter().map(|p| p.0).collect();
    assert_eq!(ids, (1..=expected as u64).collect::<Vec<_>>());
    let out = avgift(["verify"]).arg(&folder).run();
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(integrity(&folder), "ok");
    let _ = fs::remove_dir_all(&dir);
}

/// A register of version 2, from before the receivables' tables (they
/// dropped here, the terms kept, the version set back): the import brings
/// it to version 3 and makes the tables in its own transaction, reads the
/// register on that transaction, and books.
#[test]
fn an_import_into_a_register_without_the_receivables_tables_makes_them_and_books() {
    let (dir, docs) = invoiced("receivables-older-register");
    let folder = dir.join("fakturor");
    {
        let conn = rusqlite::Connection::open(folder.join("register.sqlite")).unwrap();
        conn.execute_batch(
            "DROP TABLE reminders; DROP TABLE allocations; DROP TABLE payments; DROP TABLE events; \
             UPDATE meta SET value = '2' WHERE key = 'schema';",
        )
        .unwrap();
    }
    let file = dir.join("bgmax.txt");
    fs::write(&file, bgmax_of(&docs, 3, 1)).unwrap();
    let out = import(&folder, &file);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(count(&folder, "payments"), 3);
    assert_eq!(count(&folder, "events"), 1);
    let version: String = register(&folder)
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "3");
    let out = avgift(["verify"]).arg(&folder).run();
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(integrity(&folder), "ok");
    let _ = fs::remove_dir_all(&dir);
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// After a stopped import and the run that follows it: every payment of
/// the file booked once, the SIE file with a voucher for each, `verify`
/// content, SQLite's integrity check passed, no temporary file.
fn completed(folder: &Path, n: i64, what: &str) {
    assert_eq!(count(folder, "payments"), n, "{what}");
    assert_eq!(count(folder, "events"), 1, "{what}");
    let vouchers = sie_vouchers(&folder.join("fakturor-2023.si"));
    let booked = vouchers
        .iter()
        .filter(|v| v.2.iter().any(|x| x.0 == "1930"))
        .count();
    assert_eq!(booked as i64, n, "{what}");
    let out = avgift(["verify"]).arg(folder).run();
    assert_eq!(out.code, Some(0), "{what}: {}{}", out.stdout, out.stderr);
    assert_eq!(integrity(folder), "ok", "{what}");
    for e in fs::read_dir(folder).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".tmp-") && !name.ends_with("-journal"),
            "{what}: {name} left"
        );
    }
}

/// An import stopped at every point where a run can be stopped: the
/// register holds all of the file's payments or none, SQLite finds it
/// whole, and the import run again books what is missing and writes the
/// files.
#[test]
fn an_import_stopped_at_any_step_books_all_or_nothing() {
    let (dir, docs) = invoiced("receivables-stopped");
    let start = dir.join("fakturor");
    let file = dir.join("bgmax.txt");
    fs::write(&file, bgmax_of(&docs, 20, 1)).unwrap();
    let mut steps = 0;
    for at in 1.. {
        let folder = dir.join(format!("at-{at}"));
        copy_dir(&start, &folder);
        let run = avgift(["payments", "import"])
            .arg(&file)
            .arg("-o")
            .arg(&folder)
            .env("AVGIFT_TEST_FAIL_AT", at.to_string())
            .run();
        if run.code == Some(0) {
            steps = at - 1;
            break;
        }
        assert_eq!(run.code, Some(111), "at {at}: {}", run.stderr);
        let booked = count(&folder, "payments");
        assert!(booked == 0 || booked == 20, "at {at}: {booked} payments booked");
        assert_eq!(integrity(&folder), "ok", "at {at}");
        let again = import(&folder, &file);
        assert_eq!(again.code, Some(0), "at {at}: {}", again.stderr);
        assert_eq!(
            again.stderr.contains("already imported"),
            booked == 20,
            "at {at}: {}",
            again.stderr
        );
        completed(&folder, 20, &format!("stopped at {at}"));
        fs::remove_dir_all(&folder).unwrap();
    }
    // Under the lock, the record and the commit; the SIE file written and
    // renamed into place.
    assert!(steps >= 5, "{steps} stopping points");
    eprintln!("an import stopped at each of {steps} points");
    let _ = fs::remove_dir_all(&dir);
}

/// `kill -9` at moments spread over an import of 5 000 payments, 30 times:
/// the register holds all of them or none, SQLite finds it whole, and the
/// import run again completes it.
#[test]
fn an_import_killed_at_random_moments_books_all_or_nothing() {
    let (dir, docs) = invoiced("receivables-killed");
    let start = dir.join("fakturor");
    let file = dir.join("bgmax.txt");
    fs::write(&file, bgmax_of(&docs, 5_000, 2)).unwrap();
    // How long an import takes here, to kill within it.
    let probe = dir.join("probe");
    copy_dir(&start, &probe);
    let t = std::time::Instant::now();
    import(&probe, &file).ok();
    let took = t.elapsed().as_micros() as u64;
    let (mut none, mut all) = (0, 0);
    // A fixed sequence of moments (a linear congruential generator), so a
    // failure can be run again.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..30 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = (seed >> 33) % (took + took / 5);
        let folder = dir.join(format!("round-{round}"));
        copy_dir(&start, &folder);
        let mut child = spawn_import(&folder, &file);
        std::thread::sleep(std::time::Duration::from_micros(at));
        let _ = child.kill();
        let _ = child.wait();
        let booked = count(&folder, "payments");
        assert!(
            booked == 0 || booked == 5_000,
            "round {round} ({at} µs): {booked} payments booked"
        );
        assert_eq!(integrity(&folder), "ok", "round {round}");
        if booked == 0 {
            none += 1;
        } else {
            all += 1;
        }
        import(&folder, &file).ok();
        completed(&folder, 5_000, &format!("killed after {at} µs"));
        fs::remove_dir_all(&folder).unwrap();
    }
    eprintln!(
        "import of 5 000 payments ({took} µs) killed 30 times: {none} booked nothing, {all} everything"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Forges payment `id` as someone with a database tool and this
/// program's source could: the guards dropped, its amount raised by
/// `ore`, its event's amount and details' digest and every event's
/// chained digest from it on recomputed (with the program's own
/// encoding), the guards put back. The signatures stay as they were: no
/// one without the private key can make new ones.
fn forge_payment(folder: &Path, id: i64, ore: i64) {
    use avgift::invoicing::store::ledger::{details_digest, event_digest, Details};
    let ledger = avgift::invoicing::store::Store::open(folder, false)
        .unwrap()
        .unwrap()
        .ledger()
        .unwrap();
    let conn = rusqlite::Connection::open(folder.join("register.sqlite")).unwrap();
    let event_of = |id: u64| -> u64 {
        conn.query_row("SELECT event FROM payments WHERE id = ?1", [id as i64], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as u64
    };
    let forged = event_of(id as u64);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER payments_are_never_changed; DROP TRIGGER events_are_never_changed;",
    )
    .unwrap();
    conn.execute(
        "UPDATE payments SET amount_ore = amount_ore + ?1 WHERE id = ?2",
        [ore, id],
    )
    .unwrap();
    let mut payments = ledger.payments.clone();
    for p in payments.iter_mut().filter(|p| p.paid.id == id as u64) {
        p.paid.amount += Decimal::new(ore, 2);
    }
    let mut prev: String = conn
        .query_row(
            "SELECT prev_sha256 FROM events WHERE seq = ?1",
            [forged as i64],
            |r| r.get(0),
        )
        .unwrap();
    for ev in ledger.events.iter().filter(|e| e.seq >= forged) {
        let details = Details {
            payments: payments
                .iter()
                .filter(|p| event_of(p.paid.id) == ev.seq)
                .cloned()
                .collect(),
            allocations: ledger
                .allocations
                .iter()
                .filter(|(s, _)| *s == ev.seq)
                .map(|(_, a)| a.clone())
                .collect(),
            reminders: ledger
                .reminders
                .iter()
                .filter(|(s, _)| *s == ev.seq)
                .map(|(_, r)| r.clone())
                .collect(),
        };
        let (digest, count, amount) = details_digest(ev, &details).unwrap();
        let sha = event_digest(&prev, ev, count, amount, &digest);
        conn.execute(
            "UPDATE events SET amount_ore = ?1, details_sha256 = ?2, prev_sha256 = ?3, sha256 = ?4 WHERE seq = ?5",
            rusqlite::params![amount, digest, prev, sha, ev.seq as i64],
        )
        .unwrap();
        prev = sha;
    }
    // The guards back, as the register had them.
    conn.execute_batch(
        "CREATE TRIGGER payments_are_never_changed BEFORE UPDATE ON payments
         BEGIN SELECT RAISE(ABORT, 'registered payments are never changed'); END;
         CREATE TRIGGER events_are_never_changed BEFORE UPDATE OF
             seq, kind, issuer, date, source, format, file_sha256, content_sha256, identity, bank, receivables,
             documents, count, amount_ore, details_sha256, prev_sha256, sha256 ON events
         BEGIN SELECT RAISE(ABORT, 'registered events are never changed'); END;",
    )
    .unwrap();
}

/// A signed register (the payments-import case's fixture with a key):
/// an import without the private key commits nothing; with it, every
/// event is signed. Then a payment forged with the chain recomputed is
/// refused by every run (each receivables command, an invoicing run) and
/// by `verify`, each naming the event and its payments; `verify --head`
/// takes the receivables' head printed before.
#[test]
fn a_forged_payment_in_a_signed_register_is_refused_by_every_run_and_by_verify() {
    let base = scratch("receivables-forged");
    let case = root().join("tests/cases/payments-import");
    for f in ["folkmangd.csv", "mottagare.csv", "bgmax.txt"] {
        fs::copy(case.join(f), base.join(f)).unwrap();
    }
    let (key, public) = key_in_tariff(&base);
    let folder = base.join("fakturor");
    let signed = ["--signing-key", key.to_str().unwrap()];
    let run = |args: &[&str]| avgift(args).current_dir(&base).run();
    let out = run(&[&FINAL_INVOICES[..], &signed].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);

    // Without the private key the import commits nothing.
    let out = run(&["payments", "import", "bgmax.txt", "-o", "fakturor"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("committing needs the private key"),
        "{}",
        out.stderr
    );
    assert_eq!(count(&folder, "payments"), 0);
    let out = run(&[
        &["payments", "import", "bgmax.txt", "-o", "fakturor"][..],
        &signed,
    ]
    .concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let allocate = ALLOCATE_4_TO_4;
    let out = run(&[&allocate[..], &signed].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let head = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("receivables head: "))
        .unwrap_or_else(|| panic!("no receivables head in\n{}", out.stderr))[..64]
        .to_string();
    let unsigned: i64 = register(&folder)
        .query_row("SELECT COUNT(*) FROM events WHERE signature = ''", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!((count(&folder, "events"), unsigned), (2, 0));
    let out = avgift(["verify"]).arg(&folder).args(["--head", &head]).run();
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("of the receivables' chain: nothing before it changed"),
        "{}",
        out.stdout
    );

    // Payment 2 raised by 1 000 kr, the chain recomputed.
    forge_payment(&folder, 2, 100_000);
    assert_eq!(integrity(&folder), "ok");
    let named = "event 1 (bgmax.txt), with payments 1–7, is forged";
    let refused = |args: &[&str]| {
        let out = run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(named), "{args:?}: {}", out.stderr);
    };
    refused(&["receivables", "fakturor"]);
    refused(&["remind", "fakturor", "--date", "2024-03-01"]);
    refused(&[&["remind", "fakturor", "--date", "2024-03-01"][..], &signed].concat());
    refused(&[&allocate[..], &signed].concat());
    refused(
        &[
            &["payments", "import", "bgmax.txt", "-o", "fakturor"][..],
            &signed,
        ]
        .concat(),
    );
    refused(&[&FINAL_INVOICES[..], &signed].concat());
    refused(&FINAL_INVOICES);
    for extra in [&[][..], &["--public-key", &public]] {
        let out = avgift(["verify"]).arg(&folder).args(extra).run();
        assert_eq!(out.code, Some(1), "{}", out.stdout);
        assert!(out.stdout.contains(named), "{}", out.stdout);
    }
    // The head seen before the forgery is no longer in the chain.
    let out = avgift(["verify"]).arg(&folder).args(["--head", &head]).run();
    assert!(
        out.stdout.contains("is not in the register's chain"),
        "{}",
        out.stdout
    );
    let _ = fs::remove_dir_all(&base);
}

/// The payments case's final invoices, run in its folder.
const FINAL_INVOICES: [&str; 7] = [
    "invoice",
    "t.toml",
    "-o",
    "fakturor",
    "--final",
    "--date",
    "2023-01-16",
];

/// Payment 4 of the payments case settled by hand against document 4.
const ALLOCATE_4_TO_4: [&str; 7] = [
    "payments",
    "allocate",
    "fakturor",
    "--payment",
    "4",
    "--document",
    "4",
];

/// A key pair made by `avgift keygen` under `base`, and the payments case's
/// tariff in `base` given its public key: (key file, public key).
fn key_in_tariff(base: &Path) -> (PathBuf, String) {
    let key = base.join("nyckel").join("signering.pem");
    let out = avgift(["keygen", "-o"]).arg(&key).run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let public = out.stdout.trim().to_string();
    let case = root().join("tests/cases/payments-import");
    let tariff = fs::read_to_string(case.join("t.toml")).unwrap().replace(
        "issuer.bankgiro = \"5050-1055\"\n",
        &format!("issuer.bankgiro = \"5050-1055\"\nissuer.public_key = \"{public}\"\n"),
    );
    assert!(tariff.contains(&public));
    fs::write(base.join("t.toml"), tariff).unwrap();
    (key, public)
}

/// A register kept unsigned, with documents and payments, then given a
/// public key in the tariff: every run refuses it until `invoice
/// --sign-existing` with the private key signs every document and every
/// receivables' event; then `verify` holds each signature, a run without
/// the private key commits nothing, and a payment forged afterwards is
/// refused by its event's signature.
#[test]
fn sign_existing_signs_the_documents_and_the_receivables_events() {
    let base = scratch("receivables-sign-existing");
    let case = root().join("tests/cases/payments-import");
    for f in ["folkmangd.csv", "mottagare.csv", "bgmax.txt", "t.toml"] {
        fs::copy(case.join(f), base.join(f)).unwrap();
    }
    let folder = base.join("fakturor");
    let run = |args: &[&str]| avgift(args).current_dir(&base).run();
    let invoice = FINAL_INVOICES;
    let out = run(&invoice);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let out = run(&["payments", "import", "bgmax.txt", "-o", "fakturor"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let unsigned = |table: &str| -> i64 {
        register(&folder)
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE signature = ''"),
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let documents = count(&folder, "documents");
    assert!(documents > 0);
    assert_eq!((unsigned("documents"), unsigned("events")), (documents, 1));

    // The tariff now names a public key.
    let (key, _) = key_in_tariff(&base);
    let signed = ["--signing-key", key.to_str().unwrap()];
    // Without --sign-existing the unsigned documents refuse the run.
    let out = run(&[&invoice[..], &signed].concat());
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(unsigned("documents"), documents);
    let out = run(&[&invoice[..], &signed, &["--sign-existing"]].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!((unsigned("documents"), unsigned("events")), (0, 0));
    let out = avgift(["verify"]).arg(&folder).run();
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);

    // Signed now: committing needs the private key.
    let allocate = ALLOCATE_4_TO_4;
    let out = run(&allocate);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("committing needs the private key"),
        "{}",
        out.stderr
    );
    assert_eq!(count(&folder, "events"), 1);
    let out = run(&[&allocate[..], &signed].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!((count(&folder, "events"), unsigned("events")), (2, 0));

    // The import's event, signed by --sign-existing, holds its payments.
    forge_payment(&folder, 2, 100_000);
    assert_eq!(integrity(&folder), "ok");
    let out = run(&["receivables", "fakturor"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("event 1 (bgmax.txt), with payments 1–7, is forged"),
        "{}",
        out.stderr
    );
    let _ = fs::remove_dir_all(&base);
}
