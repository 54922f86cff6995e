//! Generates an invoice folder whose register holds N documents, for the
//! speed measurements of `--final --only` and `--credit` on large
//! registers (docs/performance.md):
//!
//! ```sh
//! cargo run --release --example register_fixture -- --documents 100000 --out target/register-100k
//! ```
//!
//! The documents are the national tariff's invoices (`data/national/`) in
//! 12 installments, 3 528 a year, for as many years back from the tariff's
//! year as N needs; in the tariff's own year Stockholm (0180) and Göteborg
//! (1480) are left out, so that `--final --only 0180` numbers new
//! documents. They go into the register through the same code as a run's
//! (hashes, chain, constraints), in number order. Each document's file is
//! an empty placeholder, recorded in the register as written (a run looks
//! for the file, and checks the files it stands on by the length and
//! SHA-256 recorded; writing 100 000 PDFs would take the disk and time of
//! a run of `verify`, not of the runs measured); each year's CSV, SIE and
//! register files are real.
//!
//! With `--payments N --bgmax FILE` it also records the terms payments are
//! booked by (bankgiro 5050-1055, accounts 1930 and 1510) and writes a
//! BgMax file of N payments to the bankgiro, for the speed of `payments
//! import` and `receivables` (docs/performance.md, scripts/bench-payments.sh):
//! one payment to each of the last N documents by its OCR reference, in
//! deposits of 1 000: in every twenty, sixteen pay in full, two in part,
//! one too much, and one quotes a reference with a wrong check digit.
//!
//! ```sh
//! cargo run --release --example register_fixture -- --documents 100000 --out target/register-100k \
//!     --payments 100000 --bgmax target/register-100k.bgmax
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use avgift::audit::TOOL;
use avgift::engine::date::Date;
use avgift::engine::invoice;
use avgift::engine::register::{EntryKind, RegisterEntry};
use avgift::inputs::Given;
use avgift::inputs::Inputs;
use avgift::invoicing::document::{Document, LineView, View};
use avgift::invoicing::files;
use avgift::invoicing::store::Store;
use avgift::write::pdf::Party;

fn main() {
    let mut documents: usize = 10_000;
    let mut out = PathBuf::from("target/register-fixture");
    let mut tariff = PathBuf::from("data/national/tariff.toml");
    let mut payments: usize = 0;
    let mut bgmax: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--documents" => documents = value.parse().expect("a number of documents"),
            "--out" => out = PathBuf::from(value),
            "--tariff" => tariff = PathBuf::from(value),
            "--payments" => payments = value.parse().expect("a number of payments"),
            "--bgmax" => bgmax = Some(PathBuf::from(value)),
            other => panic!(
                "unknown option {other}; expected --documents N, --out DIR, --tariff FILE, --payments N, --bgmax FILE"
            ),
        }
    }
    let ctx = avgift::context::Context::system(std::env::args().skip(1).collect());
    let inputs = Inputs::load(&ctx, &Given::of(tariff)).expect("the tariff and its inputs");
    let outcome = inputs.compute().expect("the outcome");
    let t = &inputs.tariff.tariff;
    let settings = &t.invoice;
    let digest = inputs.provenance(&ctx).expect("the inputs' digests").digest();
    let issuer = Party {
        name: settings.issuer.name.clone(),
        org_nr: settings.issuer.org_nr.clone(),
        address: settings.issuer.address.clone(),
        bankgiro: settings.issuer.bankgiro.clone(),
        contact: settings.issuer.contact.clone(),
    };
    let series = if settings.issuer.org_nr.is_empty() {
        settings.issuer.name.clone()
    } else {
        settings.issuer.org_nr.clone()
    };
    let account: BTreeMap<&str, &str> = t
        .activities
        .iter()
        .filter_map(|(id, a)| Some((a.name.as_str(), settings.revenue.get(id)?.as_str())))
        .collect();
    let parts: Vec<invoice::Invoice> = invoice::invoices(t, &outcome)
        .iter()
        .flat_map(|i| invoice::installments(i, 12))
        .collect();
    // Years back from the tariff's, the last without Stockholm and Göteborg.
    let last: Vec<&invoice::Invoice> = parts
        .iter()
        .filter(|p| !matches!(p.recipient.key().as_str(), "0180" | "1480"))
        .collect();
    let mut years: Vec<(i32, Vec<&invoice::Invoice>)> = vec![(t.year, last)];
    while years.iter().map(|y| y.1.len()).sum::<usize>() < documents {
        let year = t.year - years.len() as i32;
        years.insert(0, (year, parts.iter().collect()));
    }
    let mut surplus = years.iter().map(|y| y.1.len()).sum::<usize>() - documents;
    let first = &mut years[0].1;
    let cut = surplus.min(first.len());
    first.drain(..cut);
    surplus -= cut;
    assert_eq!(surplus, 0, "N is reached");

    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("the folder");
    let mut store = Store::open(&out, true).expect("the register").expect("created");
    store.begin(&ctx).expect("the lock");
    let mut number = settings.first_number;
    let mut batch = Vec::new();
    // Each document's OCR reference and amount, for the payments.
    let mut paid: Vec<(String, rust_decimal::Decimal)> = Vec::new();
    for (year, invoices) in &years {
        let date = Date::new(*year, 1, 16).expect("a date");
        for p in invoices {
            let (k, n) = p.installment;
            let entry = RegisterEntry {
                number,
                issuer: series.clone(),
                kind: EntryKind::Invoice,
                recipient_code: p.recipient.key(),
                recipient: p.name.clone(),
                year: *year,
                installment: k,
                installments: n,
                invoice_date: date,
                due_date: date.add_days(30).add_months(k - 1),
                amount: p.total(),
                credits: None,
                inputs_sha256: digest.clone(),
                lines: p.lines.clone(),
            };
            let view = View {
                issuer: issuer.clone(),
                recipient: Party {
                    name: p.name.clone(),
                    ..Party::default()
                },
                vat: settings.vat.clone(),
                whatif: String::new(),
                ocr_label: String::new(),
                einvoice: None,
                tool: TOOL.to_string(),
                receivables: settings.receivables.clone().unwrap_or_default(),
                lines: p
                    .lines
                    .iter()
                    .map(|l| LineView {
                        label: l.activity.clone(),
                        account: account.get(l.activity.as_str()).unwrap_or(&"").to_string(),
                    })
                    .collect(),
                correction: None,
                layout: avgift::invoicing::document::LAYOUT,
            };
            let key = files::key_of(&entry);
            for kind in files::DOCUMENT_FILES {
                std::fs::write(out.join(kind.name(&key)), b"").expect("a placeholder");
                // Recorded as written, as a run records the files it writes.
                store
                    .set_file_record(&kind.name(&key), 0, &avgift::digest::sha256_hex(b""))
                    .expect("recorded");
            }
            let ocr = avgift::invoicing::einvoice::ocr(t, entry.year, entry.number);
            paid.push((ocr.clone(), entry.amount));
            batch.push(Document {
                entry,
                ocr,
                view,
                sha256: String::new(),
            });
            number += 1;
            if batch.len() == 10_000 {
                store.insert(&batch).expect("inserted");
                batch.clear();
            }
        }
    }
    store.insert(&batch).expect("inserted");
    if payments > 0 {
        store
            .set_terms(&avgift::engine::receivables::Terms {
                issuer: series.clone(),
                issuer_name: settings.issuer.name.clone(),
                org_nr: settings.issuer.org_nr.clone(),
                bankgiro: "5050-1055".to_string(),
                receivables: settings.receivables.clone().unwrap_or_default(),
                bank: "1930".to_string(),
                ocr: settings.ocr,
                public_key: settings.issuer.public_key.clone(),
            })
            .expect("the terms");
    }
    store.commit().expect("committed");
    if let Some(file) = &bgmax {
        let from = paid.len().saturating_sub(payments);
        std::fs::write(file, bgmax_file(&paid[from..], t.year)).expect("the BgMax file");
        println!("{} payments in {}", paid.len() - from, file.display());
    }
    store.begin(&ctx).expect("the lock");
    avgift::invoicing::sync::sync(&ctx, &store, &out, &[], true).expect("the year files");
    store.commit().expect("committed");
    println!(
        "{documents} documents ({} to {}) in {}: `avgift invoice {} -o {} --final --only 0180 --installments 12` numbers {} and on",
        settings.first_number,
        number - 1,
        out.display(),
        inputs.tariff.path.display(),
        out.display(),
        number
    );
}

/// A BgMax file (records of 80 characters, CRLF, ISO 8859-1 digits only
/// here) to the bankgiro 5050-1055, paying each (reference, amount) on
/// 20 February of `year`, in deposits of 1 000 payments.
fn bgmax_file(paid: &[(String, rust_decimal::Decimal)], year: i32) -> Vec<u8> {
    use rust_decimal::Decimal;
    let ore = |d: Decimal| -> u64 {
        (d * Decimal::ONE_HUNDRED)
            .normalize()
            .to_string()
            .parse()
            .expect("whole öre")
    };
    let mut out = String::new();
    let mut record = |r: String| {
        assert_eq!(r.len(), 80, "{r:?}");
        out.push_str(&r);
        out.push_str("\r\n");
    };
    record(format!(
        "01BGMAX               01{year}0220120000000000P{:35}",
        ""
    ));
    let (mut count, mut deposits) = (0u64, 0u64);
    for (k, chunk) in paid.chunks(1000).enumerate() {
        record(format!("050050501055          SEK{:55}", ""));
        let mut total = 0u64;
        for (i, (reference, amount)) in chunk.iter().enumerate() {
            let n = k * 1000 + i;
            let (reference, amount) = match n % 20 {
                // A wrong check digit: one more on the last digit.
                0 => {
                    let mut r = reference.clone().into_bytes();
                    let last = r.len() - 1;
                    r[last] = b'0' + (r[last] - b'0' + 1) % 10;
                    (String::from_utf8(r).expect("digits"), *amount)
                }
                1 | 2 => (reference.clone(), (*amount / Decimal::TWO).trunc()),
                3 => (reference.clone(), *amount + Decimal::ONE_HUNDRED),
                _ => (reference.clone(), *amount),
            };
            let amount = amount.max(Decimal::ONE);
            total += ore(amount);
            count += 1;
            record(format!(
                "200000000000{reference:>25}{:018}21{:012}0{:10}",
                ore(amount),
                count,
                ""
            ));
        }
        deposits += 1;
        record(format!(
            "15{:035}{year}0220{:05}{total:018}SEK{:08} ",
            0,
            deposits % 100_000,
            chunk.len()
        ));
    }
    record(format!("70{count:08}{:08}{:08}{deposits:08}{:46}", 0, 0, ""));
    out.into_bytes()
}
