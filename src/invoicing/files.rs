//! The files of an invoice folder, made from what the register committed:
//! each document's files (its PDF), and per year the invoice CSV, the SIE
//! file and the register's CSV export. They are written after the commit,
//! each atomically; [`sync`] writes whatever is missing or stale, so a run
//! that was stopped half-way is completed by the next.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;

use super::document::Document;
use super::fail_point;
use super::store::{DocKey, Store};
use crate::cmd::Failure;
use crate::context::Context;
use crate::engine::date::Date;
use crate::engine::register::{Entry, EntryKind};
use crate::sv;
use crate::write::{csv_text, money_csv, pdf, register, sie, CsvDialect};

/// The kinds of file each numbered document has. Another kind (an
/// e-invoice beside the PDF) is one more variant, named and made here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
}

/// Every file a numbered document has.
pub const DOCUMENT_FILES: &[FileKind] = &[FileKind::Pdf];

impl FileKind {
    pub fn name(self, key: &DocKey) -> String {
        match self {
            FileKind::Pdf => format!("{}.pdf", key.stem()),
        }
    }

    pub fn render(self, doc: &Document) -> Vec<u8> {
        match self {
            FileKind::Pdf => pdf::render(&pdf_view(doc, false)),
        }
    }
}

pub fn key_of(e: &Entry) -> DocKey {
    DocKey {
        kind: e.kind,
        year: e.year,
        number: e.number,
        recipient_code: e.recipient_code.clone(),
    }
}

/// The files of one committed document: (name, bytes). With e-invoices,
/// the UBL file (`faktura-2023-0008-1490.xml`) comes before the PDF, so
/// that a PDF on disk means its e-invoice was written too.
pub fn document_files(doc: &Document) -> Vec<(String, Vec<u8>)> {
    let key = key_of(&doc.entry);
    let mut out: Vec<(String, Vec<u8>)> = DOCUMENT_FILES
        .iter()
        .map(|k| (k.name(&key), k.render(doc)))
        .collect();
    if let Some(ev) = &doc.view.einvoice {
        let (pdf_name, pdf) = &out[0];
        let e = &doc.entry;
        let fin = crate::cmd::einvoice::Final {
            credit: e.kind == EntryKind::Credit,
            number: e.number,
            year: e.year,
            issue_date: e.invoice_date,
            due_date: e.due_date,
            installment: (e.installment, e.installments),
            credits: e.credits.and_then(|n| {
                ev.credited_date
                    .as_deref()
                    .and_then(|d| d.parse::<Date>().ok())
                    .map(|d| (n, d))
            }),
            recipient: (&e.recipient_code, &e.recipient),
            lines: &e.lines,
        };
        let xml = ev.write(&fin, &doc.ocr, (pdf_name, pdf));
        out.insert(0, (format!("{}.xml", key.stem()), xml));
    }
    out
}

/// The names of a document's files, as [`document_files`] makes them.
pub fn document_file_names(doc: &Document) -> Vec<String> {
    let key = key_of(&doc.entry);
    let mut out: Vec<String> = DOCUMENT_FILES.iter().map(|k| k.name(&key)).collect();
    if doc.view.einvoice.is_some() {
        out.insert(0, format!("{}.xml", key.stem()));
    }
    out
}

/// The files of a year, made from all the issuer's documents of that year.
pub fn year_file_names(year: i32) -> [String; 4] {
    [
        format!("fakturor-{year}.csv"),
        format!("fakturor-{year}.si"),
        format!("register-{year}.csv"),
        format!("register-lines-{year}.csv"),
    ]
}

/// A draft's PDF name: `faktura-2023-1490.pdf`, `faktura-2023-1490-2.pdf`
/// (installment 2). Numbered documents' names carry their number.
pub fn draft_name(e: &Entry) -> String {
    match e.installments {
        1 => format!("faktura-{}-{}.pdf", e.year, e.recipient_code),
        _ => format!("faktura-{}-{}-{}.pdf", e.year, e.recipient_code, e.installment),
    }
}

/// What a document's PDF shows.
pub fn pdf_view(d: &Document, draft: bool) -> pdf::InvoiceDoc {
    let e = &d.entry;
    let lines = e
        .lines
        .iter()
        .zip(&d.view.lines)
        .map(|(l, v)| pdf::InvoiceLine {
            activity: v.label.clone(),
            basis: l.basis.clone(),
            amount: format!("{} kr", sv::kr_int(l.amount)),
        })
        .collect();
    let number = (!draft).then(|| e.number.to_string());
    let mut payment = Vec::new();
    let mut payment_box = Vec::new();
    match (e.kind, &number) {
        (EntryKind::Credit, _) => payment.push("Beloppet krediteras: ingen betalning.".to_string()),
        (_, Some(n)) => {
            if !d.view.issuer.bankgiro.is_empty() {
                payment.push(format!("Betalas till bankgiro {}.", d.view.issuer.bankgiro));
            }
            if d.ocr.is_empty() || d.view.ocr_label.is_empty() {
                // A document numbered before payment references were kept.
                payment.push(format!("Ange fakturanummer {n} som referens vid betalning."));
            } else {
                use crate::cmd::einvoice;
                payment.push(einvoice::payment_instruction(&d.view.ocr_label, &d.ocr));
                payment_box = einvoice::payment_box(
                    &d.view.ocr_label,
                    &d.view.issuer.bankgiro,
                    &d.ocr,
                    e.amount,
                    e.due_date,
                );
            }
        }
        (_, None) => {
            payment.push("Utkast: fakturanummer och betalningsreferens sätts när fakturan fastställs.".into())
        }
    }
    let reference_note = match (e.credits, e.installments) {
        (Some(c), _) => Some(format!("Kreditering av faktura {c}")),
        (None, n) if n > 1 => Some(format!("Delbetalning {} av {n} för {}", e.installment, e.year)),
        _ => Some(format!("Avgifter {}", e.year)),
    };
    // A what-if says so on the invoice itself, draft or final.
    let reference_note = match d.view.whatif.as_str() {
        "" => reference_note,
        h => Some(format!("{} – {h}", reference_note.unwrap_or_default())),
    };
    pdf::InvoiceDoc {
        kind: if e.kind == EntryKind::Credit {
            "Kreditfaktura"
        } else {
            "Faktura"
        }
        .to_string(),
        draft,
        number,
        issuer: d.view.issuer.clone(),
        recipient: d.view.recipient.clone(),
        invoice_date: e.invoice_date.to_string(),
        due_date: e.due_date.to_string(),
        reference_note,
        lines,
        total: format!("{} kr", sv::kr_int(e.amount)),
        payment,
        payment_box,
        vat_statement: d.view.vat.clone(),
        footer: format!("{} · underlag SHA-256 {}", d.view.tool, e.inputs_sha256),
    }
}

/// The CSV columns of `fakturor-<year>.csv`.
pub const CSV_COLUMNS: [&str; 12] = [
    "number",
    "status",
    "recipient_code",
    "recipient",
    "installment",
    "invoice_date",
    "due_date",
    "activity",
    "charge",
    "basis",
    "amount",
    "ocr",
];

pub fn csv_rows(e: &Entry, status: &str, number: &str, ocr: &str) -> Vec<Vec<String>> {
    e.lines
        .iter()
        .map(|l| {
            // Text made spreadsheet-safe; the amount stays a number.
            let text = |s: &str| crate::write::spreadsheet_text(s).into_owned();
            vec![
                number.to_string(),
                status.to_string(),
                text(&e.recipient_code),
                text(&e.recipient),
                e.installment.to_string(),
                e.invoice_date.to_string(),
                e.due_date.to_string(),
                text(&l.activity),
                text(&l.charge),
                text(&l.basis),
                money_csv(l.amount),
                ocr.to_string(),
            ]
        })
        .collect()
}

pub fn csv_file(rows: Vec<Vec<String>>) -> String {
    let header = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    csv_text(CsvDialect::Plain, std::iter::once(header).chain(rows))
}

/// A year's files from its documents (one issuer's, in number order).
pub fn year_files(year: i32, docs: &[Document]) -> Vec<(String, Vec<u8>)> {
    let [csv_name, sie_name, register_name, lines_name] = year_file_names(year);
    let rows = docs
        .iter()
        .flat_map(|d| {
            let status = if d.entry.kind == EntryKind::Credit {
                "credit"
            } else {
                "final"
            };
            csv_rows(&d.entry, status, &d.entry.number.to_string(), &d.ocr)
        })
        .collect();
    let entries: Vec<Entry> = docs.iter().map(|d| d.entry.clone()).collect();
    let (register_csv, lines_csv) = register::write(&crate::engine::register::Register { entries });
    vec![
        (csv_name, csv_file(rows).into_bytes()),
        (sie_name, sie_file(year, docs)),
        (register_name, register_csv.into_bytes()),
        (lines_name, lines_csv.into_bytes()),
    ]
}

/// One voucher per document: receivables debited, a revenue account per
/// activity credited (reversed for credit notes).
fn sie_file(year: i32, docs: &[Document]) -> Vec<u8> {
    let mut accounts: BTreeMap<String, String> = BTreeMap::new();
    let mut vouchers = Vec::new();
    for d in docs {
        let e = &d.entry;
        accounts.insert(d.view.receivables.clone(), "Kundfordringar".to_string());
        let mut per_account: BTreeMap<String, Decimal> = BTreeMap::new();
        for (l, v) in e.lines.iter().zip(&d.view.lines) {
            accounts.insert(v.account.clone(), l.activity.clone());
            *per_account.entry(v.account.clone()).or_default() -= l.amount;
        }
        let mut transactions = vec![(d.view.receivables.clone(), e.amount)];
        transactions.extend(per_account);
        let what = if e.kind == EntryKind::Credit {
            "Kreditfaktura"
        } else {
            "Faktura"
        };
        let mut text = format!("{what} {} {}", e.number, e.recipient);
        if e.installments > 1 {
            text.push_str(&format!(", delbetalning {} av {}", e.installment, e.installments));
        }
        vouchers.push(sie::Voucher {
            date: e.invoice_date,
            text,
            transactions,
        });
    }
    let generated = docs.iter().map(|d| d.entry.invoice_date).max().unwrap_or(Date {
        year,
        month: 1,
        day: 1,
    });
    let last = docs.last();
    let issuer = last.map(|d| d.view.issuer.clone()).unwrap_or_default();
    let note = last.map_or(String::new(), |d| {
        format!("{}, underlag SHA-256 {}", d.view.tool, d.entry.inputs_sha256)
    });
    let header = sie::Header {
        program: "avgift",
        version: env!("CARGO_PKG_VERSION"),
        generated,
        company: &issuer.name,
        org_nr: &issuer.org_nr,
        accounts: &accounts,
        note: &note,
    };
    sie::write(&header, &vouchers)
}

/// Writes one file atomically (a temporary file, renamed when whole).
pub fn write_file(ctx: &Context, dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Failure> {
    let path = dir.join(name);
    fail_point();
    ctx.write_file_with(&path, |f| {
        f.write_all(bytes)?;
        fail_point();
        Ok(())
    })
    .map_err(|e| crate::cmd::write_failure(&path, e))
}

/// The names in a folder.
pub fn listing(dir: &Path) -> Result<BTreeSet<String>, Failure> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Failure::Other(format!("cannot read {}: {e}", dir.display())))?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect())
}

/// The names in a folder, in no particular order (no sorting: a folder
/// may hold a file per document).
pub fn names(dir: &Path) -> Result<Vec<String>, Failure> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Failure::Other(format!("cannot read {}: {e}", dir.display())))?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect())
}

/// A temporary file that an atomic write leaves only when its run was
/// stopped: `.NAME.tmp-PID`.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// The `exports` row that records up to which number every document's
/// files were written.
const WRITTEN_UP_TO: &str = "#documents";

/// Under the write lock: removes what stopped runs left (`leftovers`, the
/// temporary files found under the lock), writes every document file that
/// is missing and every year's files whose documents changed since they
/// were written. Documents up to the recorded mark are looked at only when
/// `all` (the caller found fewer numbered files than documents), so that a
/// run costs the same whatever the register holds. Returns how many files
/// were written.
pub fn sync(
    ctx: &Context,
    store: &Store,
    dir: &Path,
    leftovers: &[String],
    all: bool,
) -> Result<usize, Failure> {
    for name in leftovers {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let from = match all {
        true => 0,
        false => store
            .export_state(WRITTEN_UP_TO)?
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0),
    };
    let exists = |name: &str| dir.join(name).exists();
    let mut written = 0;
    let mut missing: Vec<(String, u64)> = Vec::new();
    let xml_docs = all && store.einvoice_count()? > 0;
    let mut highest = from;
    for (issuer, key) in store.keys_after(from)? {
        highest = highest.max(key.number);
        // Looking at every document, an e-invoice may be missing too.
        if DOCUMENT_FILES.iter().any(|k| !exists(&k.name(&key)))
            || (xml_docs && !exists(&format!("{}.xml", key.stem())))
        {
            missing.push((issuer, key.number));
        }
    }
    let mut docs_out: Vec<(String, Vec<u8>)> = Vec::new();
    for (issuer, number) in missing {
        let Some(doc) = store.get(&issuer, number)? else {
            continue;
        };
        // A document without an e-invoice whose PDF is there has nothing
        // missing.
        if document_file_names(&doc).iter().all(|n| exists(n)) {
            continue;
        }
        for (name, bytes) in document_files(&doc) {
            if !exists(&name) {
                docs_out.push((name, bytes));
            }
        }
    }
    let mut years_out: Vec<(String, Vec<u8>, String)> = Vec::new();
    for (issuer, year, count, max) in store.years()? {
        let state = format!("{issuer} {count} {max}");
        let mut stale = false;
        for name in &year_file_names(year) {
            stale |= !exists(name) || store.export_state(name)?.as_deref() != Some(state.as_str());
        }
        if !stale {
            continue;
        }
        let docs = store.year_documents(&issuer, year)?;
        for (name, bytes) in year_files(year, &docs) {
            years_out.push((name, bytes, state.clone()));
        }
    }
    // Every file this run writes may be written, before the first is.
    let paths: Vec<std::path::PathBuf> = docs_out
        .iter()
        .map(|(n, _)| n)
        .chain(years_out.iter().map(|(n, _, _)| n))
        .map(|n| dir.join(n))
        .collect();
    ctx.check_outputs(paths.iter().map(|p| p.as_path()))?;
    for (name, bytes) in &docs_out {
        write_file(ctx, dir, name, bytes)?;
        written += 1;
    }
    store.set_export_state(WRITTEN_UP_TO, &highest.to_string())?;
    for (name, bytes, state) in &years_out {
        write_file(ctx, dir, name, bytes)?;
        store.set_export_state(name, state)?;
        written += 1;
    }
    Ok(written)
}
