//! Invoices on the shipped example: one per party, totals as in `calc`,
//! installments and credit notes that sum exactly, SIE that balances and
//! reads back, PDFs whose text says what they should, and a register that
//! makes finalising repeatable and refuses changed inputs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use avgift::read::sie;
use rust_decimal::Decimal;

use crate::support::{avgift, csv_rows, example, final_example, scratch};

fn invoice(dir: &Path, extra: &[&str]) -> crate::support::Run {
    let mut cmd = avgift(["invoice"])
        .arg(final_example())
        .arg("-o")
        .arg(dir)
        .arg("--date")
        .arg("2023-01-16");
    for a in extra {
        cmd = cmd.arg(a);
    }
    cmd.run()
}

/// Each party's total in `calc --format json`: code or payer id → kronor.
fn calc_totals() -> BTreeMap<String, Decimal> {
    let json: serde_json::Value = serde_json::from_str(
        &avgift(["calc"])
            .arg(example())
            .arg("--format")
            .arg("json")
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

/// Sums of `fakturor-2023.csv` per (recipient, status).
fn csv_totals(dir: &Path) -> BTreeMap<(String, String), Decimal> {
    let rows = final_rows(dir);
    let mut out = BTreeMap::new();
    for r in rows {
        *out.entry((r["recipient_code"].clone(), r["status"].clone()))
            .or_default() += r["amount"].parse::<Decimal>().unwrap();
    }
    out
}

/// The rows of the year's invoice CSV, its last (the register's head) left out.
fn final_rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rows = csv_rows(&fs::read_to_string(dir.join("fakturor-2023.csv")).unwrap());
    if rows.last().is_some_and(|r| r["status"] == "register-head") {
        rows.pop();
    }
    rows
}

/// Every file in a folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.insert(p.clone(), fs::read(&p).unwrap());
    }
    out
}

fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

#[test]
fn one_invoice_per_party_with_the_totals_of_calc() {
    let dir = scratch("invoice-drafts");
    invoice(&dir, &[]).ok();
    let totals = calc_totals();
    assert_eq!(totals.len(), 11, "nine municipalities and two external payers");
    for key in totals.keys() {
        assert!(dir.join(format!("faktura-2023-{key}.pdf")).is_file(), "{key}");
    }
    let csv = csv_totals(&dir);
    for (key, total) in &totals {
        assert_eq!(csv[&(key.clone(), "draft".to_string())], *total, "{key}");
    }
    // Drafts have no number, no register and no SIE file.
    let rows = final_rows(&dir);
    assert!(rows
        .iter()
        .all(|r| r["number"].is_empty() && r["status"] == "draft"));
    assert!(!dir.join("register.sqlite").exists() && !dir.join("fakturor-2023.si").exists());
    let text = pdf_text(&dir.join("faktura-2023-1490.pdf"));
    assert!(text.contains("UTKAST"), "{text}");
    assert!(text.contains("Borås Stad"), "{text}");
}

#[test]
fn final_invoices_pdf_csv_and_sie_agree() {
    let dir = scratch("invoice-final");
    invoice(&dir, &["--final"]).ok();
    let totals = calc_totals();
    let rows = final_rows(&dir);
    let numbers: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r["recipient_code"].clone(), r["number"].clone()))
        .collect();
    // A gap-free series from the tariff's first number.
    let mut sorted: Vec<u64> = numbers.values().map(|n| n.parse().unwrap()).collect();
    sorted.sort();
    assert_eq!(sorted, (1..=11).collect::<Vec<u64>>());

    // The PDF of Borås, named with its number: recipient, number, every
    // line amount and the total.
    let number: u64 = numbers["1490"].parse().unwrap();
    let text = pdf_text(&dir.join(format!("faktura-2023-{number:04}-1490.pdf")));
    assert!(text.contains("Borås Stad"), "{text}");
    assert!(text.contains(&numbers["1490"]), "{text}");
    assert!(!text.contains("UTKAST"));
    for r in rows.iter().filter(|r| r["recipient_code"] == "1490") {
        let amount: Decimal = r["amount"].parse().unwrap();
        assert!(
            text.contains(&avgift::sv::kr_int(amount)),
            "{} missing",
            r["amount"]
        );
    }
    assert!(
        text.contains(&avgift::sv::kr_int(totals["1490"])),
        "total missing"
    );

    // SIE: CP437 bytes, every voucher balances, amounts as in the CSV.
    let bytes = fs::read(dir.join("fakturor-2023.si")).unwrap();
    assert!(bytes.contains(&0x86), "å is CP437 0x86");
    assert!(String::from_utf8(bytes.clone()).is_err(), "not UTF-8");
    assert!(bytes.windows(2).filter(|w| w == b"\r\n").count() > 10);
    let sie = sie::parse(&bytes).unwrap();
    assert_eq!(sie.records["#FORMAT"], ["PC8"]);
    assert_eq!(sie.records["#SIETYP"], ["4"]);
    assert_eq!(sie.vouchers.len(), 11);
    for v in &sie.vouchers {
        assert_eq!(
            v.transactions.iter().map(|t| t.1).sum::<Decimal>(),
            Decimal::ZERO,
            "{v:?}"
        );
        let number = v.text.split_whitespace().nth(1).unwrap();
        let key = numbers.iter().find(|(_, n)| *n == number).unwrap().0;
        let receivable = v.transactions.iter().find(|t| t.0 == "1510").unwrap().1;
        assert_eq!(receivable, totals[key], "{}", v.text);
    }
}

#[test]
fn finalising_again_changes_nothing_and_changed_inputs_are_listed_with_their_correction() {
    let dir = scratch("invoice-again");
    invoice(&dir, &["--final"]).ok();
    let first = snapshot(&dir);
    let again = invoice(&dir, &["--final"]);
    assert!(
        again.stderr.contains("(0 newly numbered, 11 unchanged)"),
        "{}",
        again.stderr
    );
    assert_eq!(
        first,
        snapshot(&dir),
        "a second final run with the same inputs changes nothing"
    );

    // Changed inputs: every invoice that would change is listed with the
    // command that corrects it, the others are unchanged; not an error,
    // and nothing is numbered or written.
    let run = invoice(&dir, &["--final", "--set", "charges.dso.rate=7"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 8, "the eight DSO members: {}", run.stderr);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("invoice 8 to Borås") && w.ends_with("--final --correct 8`")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(0 newly numbered, 3 unchanged)"),
        "{}",
        run.stderr
    );
    assert_eq!(first, snapshot(&dir), "nothing is written");
}

#[test]
fn credit_notes_negate_exactly_and_take_the_next_number() {
    let dir = scratch("invoice-credit");
    invoice(&dir, &["--final"]).ok();
    let before = csv_totals(&dir);
    let boras = before[&("1490".to_string(), "final".to_string())];
    invoice(&dir, &["--credit", "8"]).ok();
    let after = csv_totals(&dir);
    assert_eq!(after[&("1490".to_string(), "credit".to_string())], -boras);
    let text = pdf_text(&dir.join("kreditfaktura-2023-0012-1490.pdf"));
    assert!(
        text.contains("KREDITFAKTURA") || text.contains("Kreditfaktura"),
        "{text}"
    );
    // A credit note reads as one: what it credits, to get back, no due date.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Kreditering av faktura nr 8"), "{flat}");
    assert!(
        flat.contains(&format!("Att återfå {} kr", avgift::sv::kr_int(boras))),
        "{flat}"
    );
    assert!(
        !flat.contains("Förfallodatum") && !flat.contains("Summa att betala"),
        "{flat}"
    );
    // The same invoice is not credited twice: the run says so, and that
    // its files are complete; Borås can now be invoiced anew.
    let again = invoice(&dir, &["--credit", "8"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("already credited by 12; its files are complete"),
        "{}",
        again.stderr
    );
    invoice(
        &dir,
        &["--final", "--only", "1490", "--set", "charges.dso.rate=7"],
    )
    .ok();
    let rows = final_rows(&dir);
    assert!(rows
        .iter()
        .any(|r| r["number"] == "13" && r["recipient_code"] == "1490"));
    let sie = sie::parse(&fs::read(dir.join("fakturor-2023.si")).unwrap()).unwrap();
    assert_eq!(sie.vouchers.len(), 13);
    assert!(sie
        .vouchers
        .iter()
        .all(|v| v.transactions.iter().map(|t| t.1).sum::<Decimal>().is_zero()));
}

#[test]
fn installments_sum_exactly() {
    let dir = scratch("invoice-installments");
    invoice(&dir, &["--final", "--installments", "4"]).ok();
    let totals = calc_totals();
    let rows = final_rows(&dir);
    for (key, total) in &totals {
        let sum: Decimal = rows
            .iter()
            .filter(|r| &r["recipient_code"] == key)
            .map(|r| r["amount"].parse::<Decimal>().unwrap())
            .sum();
        assert_eq!(sum, *total, "{key}");
    }
    // 44 documents, each with its own numbered file.
    let numbers: std::collections::BTreeSet<u64> =
        rows.iter().map(|r| r["number"].parse().unwrap()).collect();
    assert_eq!(numbers, (1..=44).collect());
    for r in &rows {
        let n: u64 = r["number"].parse().unwrap();
        let name = format!("faktura-2023-{n:04}-{}.pdf", r["recipient_code"]);
        assert!(dir.join(&name).is_file(), "{name}");
    }
    // Due dates spread over the year: quarterly from the first.
    let dues: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["recipient_code"] == "1490")
        .map(|r| r["due_date"].as_str())
        .collect();
    assert_eq!(
        dues.into_iter().collect::<Vec<_>>(),
        ["2023-02-15", "2023-05-15", "2023-08-15", "2023-11-15"]
    );
    assert_eq!(invoice(&dir, &["--installments", "3"]).code, Some(2));
}

#[test]
fn an_output_that_cannot_be_written_is_refused_before_the_register_commits() {
    let dir = scratch("invoice-failure");
    // A folder where the SIE file or the register's export should go is
    // refused before anything is written: nothing is numbered.
    for name in ["fakturor-2023.si", "register-2023.csv"] {
        fs::create_dir_all(dir.join(name)).unwrap();
        let run = invoice(&dir, &["--final"]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.stderr.contains(name), "{}", run.stderr);
        let left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n != name && !n.starts_with("register.sqlite"))
            .collect();
        assert!(left.is_empty(), "written: {left:?}");
        fs::remove_dir(dir.join(name)).unwrap();
    }
    // The next run numbers from the first number: nothing was committed.
    let run = invoice(&dir, &["--final"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("(11 newly numbered, 0 unchanged)"),
        "{}",
        run.stderr
    );
    assert!(dir.join("faktura-2023-0001-1383.pdf").is_file());
    assert!(dir.join("fakturor-2023.si").is_file());
    let verified = avgift(["verify"]).arg(&dir).run();
    assert_eq!(verified.code, Some(0), "{}", verified.stdout);
}

#[test]
fn drafts_never_overwrite_final_invoices() {
    let dir = scratch("invoice-drafts-over-final");
    invoice(&dir, &["--final"]).ok();
    let before = snapshot(&dir);
    let run = invoice(&dir, &[]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("holds final invoices"), "{}", run.stderr);
    assert_eq!(before, snapshot(&dir));
}

#[test]
fn a_final_invoice_dated_years_away_is_refused() {
    let dir = scratch("invoice-date");
    let run = avgift(["invoice"])
        .arg(example())
        .arg("-o")
        .arg(&dir)
        .args(["--date", "2019-01-01", "--final"])
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("cannot be dated 2019-01-01"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("register.sqlite").exists());
}

#[test]
fn the_recipients_file_names_every_recipient_and_no_other() {
    let dir = scratch("invoice-recipients");
    let data = dir.join("data");
    fs::create_dir_all(data.join("actuals")).unwrap();
    let from = crate::support::root().join("data/sjuharad");
    for f in ["2023.toml", "scb-folkmangd-2021-12-31.csv", "actuals/2022.csv"] {
        fs::copy(from.join(f), data.join(f)).unwrap();
    }
    let recipients = fs::read_to_string(from.join("mottagare.csv")).unwrap();
    let edited: String = recipients
        .lines()
        .filter(|l| !l.starts_with("1442"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "1444,Typo kommun,,,,,\n";
    fs::write(data.join("mottagare.csv"), edited).unwrap();
    let run = avgift(["invoice", "data/2023.toml", "-o", "out", "--final"])
        .current_dir(&dir)
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("no row for 1442 (Vårgårda)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1444 is not invoiced by this tariff"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("out").exists(), "nothing written, not even the folder");
}

#[test]
fn verify_checks_every_document_of_an_invoice_folder() {
    let dir = scratch("invoice-verify-all");
    invoice(&dir, &["--final"]).ok();
    invoice(&dir, &["--credit", "8"]).ok();
    invoice(
        &dir,
        &["--final", "--only", "1490", "--set", "charges.dso.rate=6.60"],
    )
    .ok();
    let out = avgift(["verify"]).arg(&dir).run();
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    for name in [
        "faktura-2023-0001-1383.pdf",
        "faktura-2023-0008-1490.pdf",
        "kreditfaktura-2023-0012-1490.pdf",
        "faktura-2023-0013-1490.pdf",
        "fakturor-2023.si",
    ] {
        assert!(
            out.stdout.contains(&format!("ok: {}", dir.join(name).display())),
            "{name}: {}",
            out.stdout
        );
    }
    let earlier = dir.join("faktura-2023-0001-1383.pdf");
    let mut bytes = fs::read(&earlier).unwrap();
    bytes.extend_from_slice(b"junk");
    fs::write(&earlier, bytes).unwrap();
    let out = avgift(["verify"]).arg(&dir).run();
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains("faktura-2023-0001-1383.pdf does not match document 1 of the register"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_final_what_if_says_so_and_keeps_saying_so_when_written_again() {
    let dir = scratch("invoice-final-whatif");
    invoice(&dir, &["--final", "--set", "charges.dso.rate=6.80"]).ok();
    let pdf = dir.join("faktura-2023-0008-1490.pdf");
    let flat = |p: &Path| pdf_text(p).split_whitespace().collect::<Vec<_>>().join(" ");
    let text = flat(&pdf);
    assert!(
        text.contains("Med ändringar: Dataskyddsombud: 6,80 kr per invånare"),
        "{text}"
    );
    // Made again from the register alone, the file is the same.
    let before = fs::read(&pdf).unwrap();
    fs::remove_file(&pdf).unwrap();
    invoice(&dir, &["--final", "--set", "charges.dso.rate=6.80"]).ok();
    assert_eq!(fs::read(&pdf).unwrap(), before);
    // A run without the what-if shows no mark on its own documents.
    let plain = scratch("invoice-final-plain");
    invoice(&plain, &["--final"]).ok();
    let text = flat(&plain.join("faktura-2023-0008-1490.pdf"));
    assert!(!text.contains("Med ändringar"), "{text}");
}

/// `--only` names a recipient by code, by name as `population import`
/// resolves names, or by payer id or name; a near miss is answered with
/// the recipient meant.
#[test]
fn only_takes_codes_names_and_payer_ids() {
    for (wanted, file) in [
        ("1490", "faktura-2023-1490.pdf"),
        ("Borås", "faktura-2023-1490.pdf"),
        ("Borås Stad", "faktura-2023-1490.pdf"),
        ("borås", "faktura-2023-1490.pdf"),
        ("Boras", "faktura-2023-1490.pdf"),
        ("Ulricehamns kommun", "faktura-2023-1491.pdf"),
        ("hsnk", "faktura-2023-hsnk.pdf"),
        ("HSNK", "faktura-2023-hsnk.pdf"),
    ] {
        let dir = scratch(&format!("invoice-only-{wanted}"));
        let run = invoice(&dir, &["--only", wanted]);
        assert_eq!(run.code, Some(0), "--only {wanted}: {}", run.stderr);
        let pdfs: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".pdf"))
            .collect();
        assert_eq!(pdfs, [file], "--only {wanted}");
    }
    let dir = scratch("invoice-only-borras");
    let run = avgift(["invoice"])
        .arg(example())
        .args(["-o", dir.to_str().unwrap(), "--only", "Borrås", "--lang", "en"])
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: --only: no invoice goes to \"Borrås\"; did you mean \"Borås\" (1490)"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("avgift-manifest.json").exists());
}
