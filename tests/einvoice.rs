//! E-invoices (Peppol BIS Billing 3.0, UBL 2.1): every file `avgift` writes
//! validates with the official rules (the vendored validator in
//! `tests/peppol/`), states the same sums as the PDF, the CSV, the register
//! and `calc`, carries valid OCR references, and is refused before writing
//! when an identifier is wrong or missing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use avgift::engine::ident::{luhn_digit, OcrMethod};
use quick_xml::events::Event;
use rust_decimal::Decimal;

use crate::support::{avgift, csv_rows, example, root, scratch};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/einvoice/2023.toml")
}

fn run(tariff: &Path, dir: &Path, extra: &[&str]) -> crate::support::Run {
    avgift(["invoice"])
        .arg(tariff)
        .arg("-o")
        .arg(dir)
        .args(["--date", "2023-01-16"])
        .args(extra)
        .run()
}

/// A fictional, Luhn-correct organisation number made from a seed.
fn fictional_org_nr(seed: usize) -> String {
    let base = format!("99{:07}", seed);
    format!("{base}{}", luhn_digit(&base))
}

/// The example's recipients file with what an e-invoice needs filled in:
/// the confirmed numbers kept, fictional ones and fictional buyer
/// references (`TEST-…`) added; and the `--set`s that turn e-invoices on
/// with a fictional issuer.
fn einvoicing(tariff: &Path, dir: &Path) -> Vec<String> {
    let loaded =
        avgift::read::tariff::read_tariff(&avgift::context::Context::in_memory(Vec::new()), tariff, &[])
            .expect("the tariff loads");
    let recipients = match &loaded.tariff.invoice.recipients {
        Some(rel) => avgift::read::recipients::read_recipients(
            &avgift::context::Context::in_memory(Vec::new()),
            &loaded.resolve(rel),
        )
        .unwrap(),
        None => BTreeMap::new(),
    };
    // Every party invoiced, as calc totals them.
    let outcome_keys: Vec<String> = calc_totals(tariff, &[]).into_keys().collect();
    let mut csv = String::from("recipient,name,reference,org_nr\n");
    for (i, key) in outcome_keys.iter().enumerate() {
        let known = recipients.get(key);
        let org = known
            .map(|r| r.org_nr.clone())
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| fictional_org_nr(i));
        let name = known.map(|r| r.name.clone()).unwrap_or_default();
        csv.push_str(&format!("{key},\"{name}\",TEST-{key},{org}\n"));
    }
    fs::create_dir_all(dir).unwrap();
    let file = dir.join("mottagare-e.csv");
    fs::write(&file, csv).unwrap();
    vec![
        "--set".into(),
        "invoice.einvoice=true".into(),
        "--set".into(),
        format!("invoice.recipients=\"{}\"", file.display()),
        "--set".into(),
        "invoice.issuer.org_nr=\"222222-2222\"".into(),
        "--set".into(),
        "invoice.issuer.bankgiro=\"5050-1055\"".into(),
        "--set".into(),
        "invoice.issuer.address=[\"Box 123\", \"501 10 Borås\"]".into(),
    ]
}

/// (element name, text) of every text-bearing element, with its parent's name.
fn elements(xml: &[u8]) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) => stack.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap()),
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                if !text.trim().is_empty() && !stack.is_empty() {
                    let parent = stack
                        .len()
                        .checked_sub(2)
                        .map(|i| stack[i].clone())
                        .unwrap_or_default();
                    out.push((stack.last().unwrap().clone(), parent, text));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

struct Ubl {
    number: u64,
    credit: bool,
    lines: Vec<Decimal>,
    payable: Decimal,
    payment_id: Option<String>,
}

fn ubl(path: &Path) -> Ubl {
    let bytes = fs::read(path).unwrap();
    let els = elements(&bytes);
    let get = |name: &str, parent: &str| {
        els.iter()
            .find(|(n, p, _)| n == name && p == parent)
            .map(|(_, _, t)| t.clone())
    };
    let credit = String::from_utf8_lossy(&bytes).contains("<CreditNote ");
    let root = if credit { "CreditNote" } else { "Invoice" };
    Ubl {
        number: get("cbc:ID", root).unwrap().parse().unwrap(),
        credit,
        lines: els
            .iter()
            .filter(|(n, p, _)| {
                n == "cbc:LineExtensionAmount" && (p == "cac:InvoiceLine" || p == "cac:CreditNoteLine")
            })
            .map(|(_, _, t)| t.parse().unwrap())
            .collect(),
        payable: get("cbc:PayableAmount", "cac:LegalMonetaryTotal")
            .unwrap()
            .parse()
            .unwrap(),
        payment_id: get("cbc:PaymentID", "cac:PaymentMeans"),
    }
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
}

/// Each party's total in `calc --format json`.
fn calc_totals(tariff: &Path, sets: &[String]) -> BTreeMap<String, Decimal> {
    let json: serde_json::Value = serde_json::from_str(
        &avgift(["calc"])
            .arg(tariff)
            .args(["--format", "json"])
            .args(sets)
            .run()
            .ok(),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for m in json["totals"]["municipalities"].as_array().unwrap() {
        out.insert(
            m["code"].as_str().unwrap().to_string(),
            m["amount"].to_string().parse().unwrap(),
        );
    }
    for p in json["totals"]["payers"].as_array().unwrap() {
        out.insert(
            p["payer"].as_str().unwrap().to_string(),
            p["amount"].to_string().parse().unwrap(),
        );
    }
    out
}

/// For every UBL file in a folder: its lines sum to its total, which is the
/// register's amount, the CSV's sum for its number and the PDF's total;
/// each party's invoices (its installments together) sum to `calc`'s total.
/// Returns the number of files checked.
fn check_sums(dir: &Path, calc: Option<&BTreeMap<String, Decimal>>, ocr: OcrMethod) -> usize {
    let register = csv_rows(&fs::read_to_string(dir.join("register-2023.csv")).unwrap());
    let csv = csv_rows(&fs::read_to_string(dir.join("fakturor-2023.csv")).unwrap());
    let files = xml_files(dir);
    assert!(!files.is_empty(), "no UBL files in {}", dir.display());
    let mut invoiced: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in &files {
        let u = ubl(f);
        let what = f.display().to_string();
        let sum: Decimal = u.lines.iter().sum();
        assert_eq!(sum, u.payable, "{what}: lines against total");
        let entry = register
            .iter()
            .find(|r| r["number"] == u.number.to_string())
            .unwrap_or_else(|| panic!("{what}: number {} not in the register", u.number));
        let sign = if u.credit { -Decimal::ONE } else { Decimal::ONE };
        let amount: Decimal = entry["amount"].parse().unwrap();
        assert_eq!(u.payable * sign, amount, "{what}: against the register");
        let rows: Vec<_> = csv
            .iter()
            .filter(|r| r["number"] == u.number.to_string())
            .collect();
        let csv_sum: Decimal = rows.iter().map(|r| r["amount"].parse::<Decimal>().unwrap()).sum();
        assert_eq!(csv_sum, amount, "{what}: against the CSV");
        // The OCR reference: valid, the same in the CSV and (on invoices) as the payment id.
        let reference = &rows[0]["ocr"];
        assert!(ocr.valid(reference), "{what}: OCR {reference}");
        assert!(rows.iter().all(|r| &r["ocr"] == reference));
        if !u.credit {
            assert_eq!(u.payment_id.as_deref(), Some(reference.as_str()), "{what}");
        }
        let pdf = f.with_extension("pdf");
        let doc = lopdf::Document::load(&pdf).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).unwrap();
        // A credit note states what it credits as positive amounts, under
        // "Att återfå".
        assert!(
            text.contains(&format!("{} kr", avgift::sv::kr_int(amount.abs()))),
            "{what}: PDF total"
        );
        if u.credit {
            assert!(
                text.contains("Att återfå") && !text.contains("Förfallodatum"),
                "{what}: {text}"
            );
        }
        if !u.credit {
            assert!(text.contains(reference.as_str()), "{what}: OCR on the PDF");
        }
        if !u.credit {
            *invoiced.entry(entry["recipient_code"].clone()).or_default() += amount;
        }
    }
    // Each party's invoices (or installments) together: calc's total.
    if let Some(calc) = calc {
        for (party, sum) in &invoiced {
            assert_eq!(*sum, calc[party], "{}: {party} against calc", dir.display());
        }
    }
    files.len()
}

/// Runs the vendored validator on every file in one call. `None` when it
/// cannot run here (no Python, no package registry), after saying so.
fn validate(files: &[PathBuf]) -> Option<(bool, String)> {
    let script = root().join("tests/peppol/validate");
    let out = Command::new("bash").arg(&script).args(files).output();
    let required = std::env::var_os("AVGIFT_REQUIRE_PEPPOL").is_some();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            assert!(!required, "the Peppol validator could not start: {e}");
            eprintln!(
                "SKIPPED: Peppol validation of {} UBL files: cannot run bash: {e}",
                files.len()
            );
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // The validator prints a summary line per file once it runs at all.
    let ran = stdout.lines().filter(|l| l.ends_with("warnings)")).count();
    if ran == 0 {
        assert!(
            !required,
            "the Peppol validator did not run (AVGIFT_REQUIRE_PEPPOL is set):\n{stdout}\n{stderr}"
        );
        eprintln!(
            "SKIPPED: Peppol validation of {} UBL files: the validator needs python3 with venv and the package registry (saxonche, lxml):\n{stderr}",
            files.len()
        );
        return None;
    }
    assert_eq!(ran, files.len(), "a summary per file:\n{stdout}\n{stderr}");
    Some((out.status.success(), stdout))
}

#[test]
fn every_einvoice_validates_with_the_official_peppol_rules() {
    let base = scratch("einvoice-validate");
    let mut files = Vec::new();

    // The fictional fixture: final invoices, a credit note, installments,
    // and the PDF embedded.
    let fixture_dir = base.join("fixture");
    run(&fixture(), &fixture_dir, &["--final"]).ok();
    run(&fixture(), &fixture_dir, &["--credit", "2"]).ok();
    let calc = calc_totals(&fixture(), &[]);
    assert_eq!(check_sums(&fixture_dir, Some(&calc), OcrMethod::LuhnLength), 5);
    files.extend(xml_files(&fixture_dir));
    let parts = base.join("installments");
    run(&fixture(), &parts, &["--final", "--installments", "4"]).ok();
    assert_eq!(check_sums(&parts, Some(&calc), OcrMethod::LuhnLength), 16);
    files.extend(xml_files(&parts));
    let embedded = base.join("embedded");
    run(
        &fixture(),
        &embedded,
        &["--final", "--only", "1490", "--set", "invoice.embed_pdf=true"],
    )
    .ok();
    let xml = fs::read_to_string(embedded.join("faktura-2023-0001-1490.xml")).unwrap();
    assert!(xml.contains("mimeCode=\"application/pdf\" filename=\"faktura-2023-0001-1490.pdf\""));
    files.extend(xml_files(&embedded));

    // Corrections: a credit note offset against its replacement, which
    // refers to the invoice it replaces; difference invoices, up and
    // down, each referring to the invoice it corrects.
    let corrected = base.join("corrected");
    run(&fixture(), &corrected, &["--final"]).ok();
    run(
        &fixture(),
        &corrected,
        &["--final", "--correct", "3", "--set", "charges.dso.rate=7"],
    )
    .ok();
    let difference = ["--set", "invoice.corrections=\"difference\""];
    for (n, rate) in [("1", "7"), ("2", "6")] {
        let mut args = vec!["--final", "--correct", n, "--set"];
        let set = format!("charges.dso.rate={rate}");
        args.push(&set);
        args.extend(difference);
        run(&fixture(), &corrected, &args).ok();
    }
    let references = |name: &str| {
        let xml = fs::read_to_string(corrected.join(name)).unwrap();
        let els = elements(xml.as_bytes());
        els.iter()
            .find(|(n, p, _)| n == "cbc:ID" && p == "cac:InvoiceDocumentReference")
            .map(|(_, _, t)| t.clone())
    };
    assert_eq!(
        references("kreditfaktura-2023-0005-1490.xml").as_deref(),
        Some("3")
    );
    assert_eq!(references("faktura-2023-0006-1490.xml").as_deref(), Some("3"));
    assert_eq!(references("faktura-2023-0007-1463.xml").as_deref(), Some("1"));
    assert_eq!(references("faktura-2023-0008-1465.xml").as_deref(), Some("2"));
    let verified = avgift(["verify"]).arg(&corrected).run();
    assert_eq!(verified.code, Some(0), "{}", verified.stdout);
    files.extend(xml_files(&corrected));

    // The example, with e-invoices turned on: every party, a credit note
    // and quarterly installments.
    let example_dir = base.join("example");
    fs::create_dir_all(&example_dir).unwrap();
    let sets = einvoicing(&example(), &base);
    run(
        &example(),
        &example_dir,
        &[
            &["--final"][..],
            &sets.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat(),
    )
    .ok();
    run(
        &example(),
        &example_dir,
        &[
            &["--credit", "8"][..],
            &sets.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat(),
    )
    .ok();
    let calc = calc_totals(&example(), &sets);
    assert_eq!(check_sums(&example_dir, Some(&calc), OcrMethod::Luhn), 12);
    files.extend(xml_files(&example_dir));
    let example_parts = base.join("example-installments");
    let mut args = vec![
        "--final",
        "--installments",
        "4",
        "--only",
        "1490",
        "--only",
        "hsnk",
    ];
    args.extend(sets.iter().map(String::as_str));
    run(&example(), &example_parts, &args).ok();
    assert_eq!(check_sums(&example_parts, Some(&calc), OcrMethod::Luhn), 8);
    files.extend(xml_files(&example_parts));

    // The national fixture: every municipality of Sweden and its payers.
    let national = root().join("data/national/tariff.toml");
    let national_dir = base.join("national");
    let sets = einvoicing(&national, &base.join("national-recipients"));
    let mut args = vec!["--final"];
    args.extend(sets.iter().map(String::as_str));
    run(&national, &national_dir, &args).ok();
    let calc = calc_totals(&national, &sets);
    let n = check_sums(&national_dir, Some(&calc), OcrMethod::Luhn);
    assert_eq!(n, calc.len());
    files.extend(xml_files(&national_dir));

    let Some((ok, report)) = validate(&files) else {
        return;
    };
    assert!(
        ok,
        "invalid e-invoices:\n{}",
        report
            .lines()
            .filter(|l| !l.ends_with("0 warnings)"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("Peppol BIS 3.0: {} UBL files valid", files.len());
}

#[test]
fn einvoice_validator_catches_what_avgift_would_never_write() {
    // The validator itself must fail on a broken file: a wrong check digit
    // in the seller's organisation number and no buyer reference. (A wrong
    // check digit in the buyer's number passes the official rules, whose
    // Swedish rules check the seller only: avgift refuses it itself.)
    let base = scratch("einvoice-negative");
    let dir = base.join("out");
    run(&fixture(), &dir, &["--final", "--only", "1490"]).ok();
    let xml = fs::read_to_string(dir.join("faktura-2023-0001-1490.xml")).unwrap();
    let broken = xml
        .replace(
            "<cbc:CompanyID schemeID=\"0007\">2222222222<",
            "<cbc:CompanyID schemeID=\"0007\">2222222223<",
        )
        .replace("<cbc:BuyerReference>EXA123</cbc:BuyerReference>", "");
    assert_ne!(broken, xml);
    let file = base.join("broken.xml");
    fs::write(&file, broken).unwrap();
    let Some((ok, report)) = validate(std::slice::from_ref(&file)) else {
        return;
    };
    assert!(!ok, "{report}");
    assert!(report.contains("SE-R-013"), "{report}");
    assert!(report.contains("PEPPOL-EN16931-R003"), "{report}");
}

/// A copy of the fixture with one file changed.
fn fixture_with(base: &Path, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = base.join("in");
    fs::create_dir_all(&dir).unwrap();
    for f in ["2023.toml", "folkmangd.csv", "mottagare.csv"] {
        let text = fs::read_to_string(root().join("tests/fixtures/einvoice").join(f)).unwrap();
        fs::write(dir.join(f), if f == file { edit(&text) } else { text }).unwrap();
    }
    dir.join("2023.toml")
}

#[test]
fn a_wrong_check_digit_is_refused_by_check_and_invoice_at_its_line() {
    let base = scratch("einvoice-bad-orgnr");
    let tariff = fixture_with(&base, "mottagare.csv", |t| {
        t.replace("555555-5555", "555555-5556")
    });
    let out = avgift(["check"]).arg(&tariff).run();
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "mottagare.csv:3: org_nr of 1463: organisation number \"555555-5556\" has a wrong check digit"
        ),
        "{}",
        out.stderr
    );
    let dir = base.join("out");
    let out = run(&tariff, &dir, &["--final"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("mottagare.csv:3: org_nr of 1463"),
        "{}",
        out.stderr
    );
    assert!(!dir.exists(), "nothing is written");

    // The issuer's identifiers in the tariff, at their line and column.
    let tariff = fixture_with(&base, "2023.toml", |t| {
        t.replace("\"222222-2222\"", "\"222222-2223\"")
            .replace("\"5050-1055\"", "\"5050-1056\"")
            .replace("\"0007:2222222222\"", "\"1234:2222222222\"")
    });
    let out = avgift(["check"]).arg(&tariff).run();
    assert_eq!(out.code, Some(2));
    for (line, what) in [(44, "organisation number"), (45, "Peppol id"), (46, "bankgiro")] {
        assert!(
            out.stderr
                .lines()
                .any(|l| l.contains(&format!("2023.toml:{line}:")) && l.contains(what)),
            "{what} at line {line}:\n{}",
            out.stderr
        );
    }
    let tariff = fixture_with(&base, "2023.toml", |t| {
        t.replace("ocr = \"luhn-length\"", "ocr = \"mod11\"")
    });
    let out = avgift(["check"]).arg(&tariff).run();
    assert!(
        out.stderr
            .contains("invoice.ocr: expected \"none\", \"luhn\" or \"luhn-length\""),
        "{}",
        out.stderr
    );
}

#[test]
fn missing_buyer_endpoint_or_reference_refuses_final_and_writes_nothing() {
    let base = scratch("einvoice-missing");
    let tariff = fixture_with(&base, "mottagare.csv", |t| {
        t.replace(",EXA123,444444-4444,,", ",EXA123,,,")
            .replace(",0007:5555555555,ORDER-B-2023", ",0007:5555555555,")
    });
    let dir = base.join("out");
    let out = run(&tariff, &dir, &["--final"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("mottagare.csv:2: 1490 (Exempelkommun A (fiktiv)): an e-invoice needs the recipient's electronic address: fill in the column peppol_id"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("mottagare.csv:3: 1463 (Exempelkommun B (fiktiv)): an e-invoice needs the buyer's reference: fill in the column reference"),
        "{}",
        out.stderr
    );
    assert!(!dir.exists(), "nothing is written");
    // Drafts are not e-invoices: they are still written.
    run(&tariff, &base.join("drafts"), &[]).ok();
    assert!(xml_files(&base.join("drafts")).is_empty());

    // No issuer bankgiro: refused at the tariff (a final invoice must be
    // payable, e-invoice or not).
    let tariff = fixture_with(&base, "2023.toml", |t| {
        t.replace("issuer.bankgiro = \"5050-1055\"\n", "")
    });
    let out = run(&tariff, &dir, &["--final"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("invoice.issuer.bankgiro: a final invoice must say who is paid and how: the issuer's bankgiro is missing"),
        "{}",
        out.stderr
    );
    assert!(!dir.exists());
}

#[test]
fn a_credit_note_needs_the_invoice_it_credits() {
    let base = scratch("einvoice-credit");
    let dir = base.join("out");
    run(&fixture(), &dir, &["--final"]).ok();
    let before = xml_files(&dir);
    let out = run(&fixture(), &dir, &["--credit", "99"]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no such final invoice"), "{}", out.stderr);
    assert_eq!(xml_files(&dir), before, "nothing written");
    run(&fixture(), &dir, &["--credit", "1"]).ok();
    let xml = fs::read_to_string(dir.join("kreditfaktura-2023-0005-1463.xml")).unwrap();
    assert!(
        xml.contains("<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n      <cbc:ID>1</cbc:ID>\n      <cbc:IssueDate>2023-01-16</cbc:IssueDate>"),
        "{xml}"
    );
}

#[test]
fn exempt_activities_are_category_e_and_never_mixed_with_o() {
    let base = scratch("einvoice-exempt");
    // Every activity exempt: category E with the seller's VAT number.
    let all = fixture_with(&base, "2023.toml", |t| {
        t.replace(
            "recipients = \"mottagare.csv\"",
            "recipients = \"mottagare.csv\"\nissuer.vat_id = \"SE222222222201\"\nvat_category = { dso = \"E\", kansli = \"E\" }",
        )
    });
    let dir = base.join("e");
    run(&all, &dir, &["--final", "--only", "1490"]).ok();
    let xml = fs::read_to_string(dir.join("faktura-2023-0001-1490.xml")).unwrap();
    assert!(
        xml.contains("<cbc:CompanyID>SE222222222201</cbc:CompanyID>"),
        "{xml}"
    );
    assert!(
        xml.contains("<cbc:ID>E</cbc:ID>\n        <cbc:Percent>0</cbc:Percent>"),
        "{xml}"
    );
    assert!(!xml.contains("<cbc:ID>O</cbc:ID>"));
    if let Some((ok, report)) = validate(&xml_files(&dir)) {
        assert!(ok, "{report}");
    }
    // One exempt activity beside one that is not: refused before writing.
    let mixed = fixture_with(&base, "2023.toml", |t| {
        t.replace(
            "recipients = \"mottagare.csv\"",
            "recipients = \"mottagare.csv\"\nissuer.vat_id = \"SE222222222201\"\nvat_category = { dso = \"E\" }",
        )
    });
    let dir = base.join("mixed");
    let out = run(&mixed, &dir, &["--final"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("would mix exempt lines (E)"),
        "{}",
        out.stderr
    );
    assert!(!dir.exists());
    // Standard-rated VAT is refused clearly.
    let s = fixture_with(&base, "2023.toml", |t| {
        t.replace(
            "recipients = \"mottagare.csv\"",
            "recipients = \"mottagare.csv\"\nvat_category = { dso = \"S\" }",
        )
    });
    let out = avgift(["check"]).arg(&s).run();
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("invoice.vat_category.dso: expected \"O\""),
        "{}",
        out.stderr
    );
}

#[test]
fn verify_covers_the_ubl_files() {
    let base = scratch("einvoice-verify");
    let dir = base.join("out");
    run(&fixture(), &dir, &["--final", "--installments", "2"]).ok();
    run(&fixture(), &dir, &["--credit", "3"]).ok();
    let out = avgift(["verify"]).arg(&dir).run();
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("faktura-2023-0006-1490.xml"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("kreditfaktura-2023-0009-1465.xml"),
        "{}",
        out.stdout
    );
    let file = dir.join("faktura-2023-0005-1490.xml");
    let xml = fs::read_to_string(&file).unwrap();
    fs::write(&file, xml.replace("<cbc:PaymentID>", "<cbc:PaymentID>1")).unwrap();
    let out = avgift(["verify"]).arg(&dir).run();
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("edited: ") && l.contains("faktura-2023-0005-1490.xml")),
        "{}",
        out.stdout
    );
}

proptest::proptest! {
    /// Any lines, positive, negative or zero: the UBL file's line amounts
    /// are quantity × price (price never negative) and sum exactly to its
    /// stated totals, which are the lines' sum.
    #[test]
    fn ubl_lines_always_sum_to_the_stated_totals(
        amounts in proptest::collection::vec(-1_000_000_000_000i64..1_000_000_000_000, 1..30),
        credit in proptest::bool::ANY,
    ) {
        use avgift::write::ubl;
        let party = |org: &str| ubl::Party {
            name: "P & Q <x>".into(),
            org_nr: org.into(),
            endpoint: ("0007".into(), org.into()),
            address: vec!["Gatan 1".into(), "123 45 Orten".into()],
            vat_id: String::new(),
        };
        let doc = ubl::Document {
            kind: if credit { ubl::Kind::CreditNote } else { ubl::Kind::Invoice },
            number: "1".into(),
            issue_date: "2023-01-16".into(),
            due_date: "2023-02-15".into(),
            note: "Avgifter 2023".into(),
            buyer_reference: "R".into(),
            order_reference: String::new(),
            billing_reference: credit.then(|| ("0".to_string(), "2023-01-01".to_string())),
            seller: party("2222222222"),
            buyer: party("4444444444"),
            lines: amounts
                .iter()
                .map(|a| ubl::Line { name: "A".into(), description: "B".into(), amount: Decimal::from(*a) })
                .collect(),
            vat: ubl::VatCategory::O,
            vat_reason: "Ej moms".into(),
            bankgiro: "50501055".into(),
            ocr: "202300083".into(),
            payment_terms: String::new(),
            pdf: None,
        };
        let els = elements(&ubl::write(&doc));
        let total: Decimal = amounts.iter().map(|a| Decimal::from(*a)).sum();
        let value = |name: &str, parent: &str| -> Vec<Decimal> {
            els.iter().filter(|(n, p, _)| n == name && p == parent).map(|(_, _, t)| t.parse().unwrap()).collect()
        };
        let line_el = if credit { "cac:CreditNoteLine" } else { "cac:InvoiceLine" };
        let qty_el = if credit { "cbc:CreditedQuantity" } else { "cbc:InvoicedQuantity" };
        let lines = value("cbc:LineExtensionAmount", line_el);
        let quantities = value(qty_el, line_el);
        let prices = value("cbc:PriceAmount", "cac:Price");
        proptest::prop_assert_eq!(lines.len(), amounts.len());
        for ((l, q), p) in lines.iter().zip(&quantities).zip(&prices) {
            proptest::prop_assert!(*p >= Decimal::ZERO);
            proptest::prop_assert_eq!(*q * *p, *l);
        }
        proptest::prop_assert_eq!(lines.iter().sum::<Decimal>(), total);
        for name in ["cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount", "cbc:TaxInclusiveAmount", "cbc:PayableAmount"] {
            proptest::prop_assert_eq!(value(name, "cac:LegalMonetaryTotal"), vec![total]);
        }
        proptest::prop_assert_eq!(value("cbc:TaxableAmount", "cac:TaxSubtotal"), vec![total]);
    }
}

#[test]
fn the_ocr_reference_is_kept_in_the_register_and_used_everywhere() {
    let dir = scratch("einvoice-ocr-register").join("out");
    run(&fixture(), &dir, &["--final"]).ok();
    run(&fixture(), &dir, &["--credit", "2"]).ok();
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("register.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT number, ocr FROM documents ORDER BY number")
        .unwrap();
    let stored: BTreeMap<u64, String> = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(stored.len(), 5);
    let csv = csv_rows(&fs::read_to_string(dir.join("fakturor-2023.csv")).unwrap());
    for (number, ocr) in &stored {
        assert!(OcrMethod::LuhnLength.valid(ocr), "{number}: {ocr}");
        for r in csv.iter().filter(|r| r["number"] == number.to_string()) {
            assert_eq!(&r["ocr"], ocr, "{number}: the CSV");
        }
    }
    for f in xml_files(&dir) {
        let u = ubl(&f);
        if !u.credit {
            assert_eq!(
                u.payment_id.as_deref(),
                Some(stored[&u.number].as_str()),
                "{}",
                f.display()
            );
        }
    }
}

#[test]
fn a_deleted_einvoice_is_written_again_from_the_register() {
    let dir = scratch("einvoice-deleted").join("out");
    run(&fixture(), &dir, &["--final"]).ok();
    let file = dir.join("faktura-2023-0003-1490.xml");
    let before = fs::read(&file).unwrap();
    fs::remove_file(&file).unwrap();
    let out = run(&fixture(), &dir, &["--final"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("(0 newly numbered, 4 unchanged): wrote 1 files"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    let verified = avgift(["verify"]).arg(&dir).run();
    assert_eq!(verified.code, Some(0), "{}", verified.stdout);
}

/// With `einvoice = "when-possible"` each recipient gets what its row of
/// the recipients file says, else a Peppol file when it has an electronic
/// address; the summary says who gets what. Finalising the batch removes
/// the drafts the tool wrote for it, and nothing else: not a draft edited
/// by hand, not a file it did not write.
#[test]
fn each_recipient_gets_its_channel_and_the_finalised_drafts_are_removed() {
    let base = scratch("einvoice-channels");
    let inputs = base.join("in");
    fs::create_dir_all(&inputs).unwrap();
    let from = root().join("tests/fixtures/einvoice");
    let toml = fs::read_to_string(from.join("2023.toml")).unwrap();
    assert!(toml.contains("einvoice = true\n"));
    fs::write(
        inputs.join("2023.toml"),
        toml.replace("einvoice = true\n", "einvoice = \"when-possible\"\n"),
    )
    .unwrap();
    fs::copy(from.join("folkmangd.csv"), inputs.join("folkmangd.csv")).unwrap();
    // 1490 asks for a PDF although it has an address; 1465 asks for
    // Peppol; 1463 has an address and says nothing; the region has none.
    let recipients =
        "recipient,name,address,postal_address,reference,org_nr,peppol_id,order_reference,channel\n\
        1490,Exempelkommun A (fiktiv),Box 1,501 80 Borås,EXA123,444444-4444,,,pdf\n\
        1463,Exempelkommun B (fiktiv),Storgatan 1,511 80 Kinna,,555555-5555,0007:5555555555,ORDER-B-2023,\n\
        1465,Exempelkommun C (fiktiv),,512 80 Svenljunga,EXC-9,111111-1116,0088:7300000000004,,peppol\n\
        region,Exempelregionen (fiktiv),Regionens hus,405 44 Göteborg,REG-77,,,,\n";
    fs::write(inputs.join("mottagare.csv"), recipients).unwrap();
    let tariff = inputs.join("2023.toml");
    let dir = base.join("fakturor");

    run(&tariff, &dir, &[]).ok();
    let drafts = ["1463", "1465", "1490", "region"].map(|k| format!("faktura-2023-{k}.pdf"));
    for d in &drafts {
        assert!(dir.join(d).is_file(), "{d} missing");
    }
    // The region's draft changed by hand, and a file of someone else's.
    let edited = dir.join("faktura-2023-region.pdf");
    let mut bytes = fs::read(&edited).unwrap();
    bytes.extend_from_slice(b"% anteckning\n");
    fs::write(&edited, &bytes).unwrap();
    fs::write(dir.join("anteckningar.pdf"), b"not the tool's").unwrap();

    let out = run(&tariff, &dir, &["--final"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("delivered by Peppol e-invoice to 1463, 1465; by PDF to 1490, region"),
        "{}",
        out.stderr
    );
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let xml: Vec<&String> = names.iter().filter(|n| n.ends_with(".xml")).collect();
    assert_eq!(xml.len(), 2, "{names:?}");
    assert!(
        xml.iter()
            .all(|n| n.ends_with("-1463.xml") || n.ends_with("-1465.xml")),
        "{xml:?}"
    );
    let pdfs = names
        .iter()
        .filter(|n| n.starts_with("faktura-2023-0"))
        .filter(|n| n.ends_with(".pdf"));
    assert_eq!(pdfs.count(), 4, "{names:?}");
    for d in &drafts[..3] {
        assert!(!dir.join(d).exists(), "{d} kept");
        assert!(
            out.stderr.contains(d.as_str()),
            "{d} not said removed: {}",
            out.stderr
        );
    }
    assert_eq!(
        fs::read(&edited).unwrap(),
        bytes,
        "the edited draft is kept as it is"
    );
    assert_eq!(fs::read(dir.join("anteckningar.pdf")).unwrap(), b"not the tool's");
    assert!(
        out.stderr.contains("removed 3 drafts of the finalised batch"),
        "{}",
        out.stderr
    );
    let xml_files = xml.iter().map(|n| dir.join(n)).collect::<Vec<_>>();
    if let Some((ok, report)) = validate(&xml_files) {
        assert!(ok, "{report}");
    }
    let verified = avgift(["verify"]).arg(&dir).run();
    assert_eq!(verified.code, Some(0), "{}", verified.stdout);
}
