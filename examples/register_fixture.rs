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
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--documents" => documents = value.parse().expect("a number of documents"),
            "--out" => out = PathBuf::from(value),
            "--tariff" => tariff = PathBuf::from(value),
            other => panic!("unknown option {other}; expected --documents N, --out DIR, --tariff FILE"),
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
            batch.push(Document {
                entry,
                ocr: String::new(),
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
    store.commit().expect("committed");
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
