//! The files of an invoice folder, made from what the register committed:
//! each document's files (its PDF), and per year the invoice CSV, the SIE
//! file and the register's CSV export. They are written after the commit,
//! each atomically; [`sync`] writes whatever is missing or stale, so a run
//! that was stopped half-way is completed by the next.

use std::collections::BTreeSet;
use std::path::Path;

use super::document::{Correction, Document};
use super::fail::fail_point;
use super::store::DocKey;
use crate::context::Context;
use crate::diag::Failure;
use crate::engine::date::Date;
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::msg;
use crate::sv;
use crate::write::{csv_text, money_csv, pdf, Cell, CsvDialect, CsvOut};

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

pub fn key_of(e: &RegisterEntry) -> DocKey {
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
        // The date of the invoice this one refers to, as the register had it.
        let referred = |_: u64| ev.credited_date.as_deref().and_then(|d| d.parse::<Date>().ok());
        let fin = super::einvoice::Final {
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
            layout: doc.view.layout,
            corrects: match doc.view.correction {
                Some(Correction::Replaces(n)) => referred(n).map(|d| (n, d, true)),
                Some(Correction::Difference(n)) => referred(n).map(|d| (n, d, false)),
                _ => None,
            },
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
pub fn draft_name(e: &RegisterEntry) -> String {
    match e.installments {
        1 => format!("faktura-{}-{}.pdf", e.year, e.recipient_code),
        _ => format!("faktura-{}-{}-{}.pdf", e.year, e.recipient_code, e.installment),
    }
}

/// What a document's PDF shows.
pub fn pdf_view(d: &Document, draft: bool) -> pdf::InvoiceDoc {
    let e = &d.entry;
    // A credit note of the current layout states what is credited as
    // positive amounts, as its e-invoice does, under "Att återfå" (or
    // "Avräknas" when a correction offsets it against its replacement).
    let credit = e.kind == EntryKind::Credit;
    let reads_as_credit = credit && d.view.layout >= 1;
    let shown = |a: rust_decimal::Decimal| if reads_as_credit { -a } else { a };
    let lines = e
        .lines
        .iter()
        .zip(&d.view.lines)
        .map(|(l, v)| pdf::InvoiceLine {
            activity: v.label.clone(),
            basis: l.basis.clone(),
            amount: format!("{} kr", sv::kr_int(shown(l.amount))),
        })
        .collect();
    let number = (!draft).then(|| e.number.to_string());
    let (payment, payment_box) = payment_of(d, number.as_deref());
    let offset = matches!(d.view.correction, Some(Correction::Offset(_)));
    let lowers = !credit && e.amount < rust_decimal::Decimal::ZERO && d.view.layout >= 1;
    let reference_note = match (e.credits, d.view.correction, e.installments) {
        (Some(c), _, _) if d.view.layout >= 1 => Some(format!("Kreditering av faktura nr {c}")),
        (Some(c), _, _) => Some(format!("Kreditering av faktura {c}")),
        (None, Some(Correction::Replaces(n)), _) => Some(format!("Ersätter faktura nr {n}")),
        (None, Some(Correction::Difference(n)), _) => {
            Some(format!("Rättelse av faktura nr {n}: mellanskillnad"))
        }
        (None, _, n) if n > 1 => Some(format!("Delbetalning {} av {n} för {}", e.installment, e.year)),
        _ => Some(format!("Avgifter {}", e.year)),
    };
    // A what-if says so on the invoice itself, draft or final.
    let reference_note = match d.view.whatif.as_str() {
        "" => reference_note,
        h => Some(format!("{} – {h}", reference_note.unwrap_or_default())),
    };
    let (total, total_label) = match (reads_as_credit || lowers, offset || lowers) {
        (true, true) => (e.amount.abs(), "Avräknas"),
        (true, false) => (e.amount.abs(), "Att återfå"),
        _ => (e.amount, ""),
    };
    pdf::InvoiceDoc {
        kind: if credit { "Kreditfaktura" } else { "Faktura" }.to_string(),
        draft,
        number,
        issuer: d.view.issuer.clone(),
        recipient: d.view.recipient.clone(),
        invoice_date: e.invoice_date.to_string(),
        // Nothing falls due on a credit note, nor on what is offset.
        due_date: match reads_as_credit || lowers {
            true => String::new(),
            false => e.due_date.to_string(),
        },
        reference_note,
        lines,
        total: format!("{} kr", sv::kr_int(total)),
        total_label: total_label.to_string(),
        payment,
        payment_box,
        vat_statement: d.view.vat.clone(),
        footer: format!("{} · underlag SHA-256 {}", d.view.tool, e.inputs_sha256),
        // A final document of the current layout is deflated at zlib's
        // usual level (a tenth larger than the most, half the time: an
        // invoice of 100 000 lines has 2 000 pages); drafts and earlier
        // documents as they always were.
        deflate_level: match (draft, d.view.layout) {
            (false, 1..) => 6,
            _ => 0,
        },
    }
}

/// A document's payment instructions and payment box: none on a draft, a
/// credit note or an invoice that lowers another; else the bankgiro, the
/// payment reference, the amount and the due date.
fn payment_of(d: &Document, number: Option<&str>) -> (Vec<String>, Vec<(String, String)>) {
    let e = &d.entry;
    let mut payment = Vec::new();
    let mut payment_box = Vec::new();
    let offset_against = match d.view.correction {
        Some(Correction::Offset(_)) => Some(e.number + 1),
        Some(Correction::Difference(n)) => Some(n),
        _ => None,
    };
    match (e.kind, number) {
        (EntryKind::Credit, _) if d.view.layout == 0 => {
            payment.push("Beloppet krediteras: ingen betalning.".to_string())
        }
        (EntryKind::Credit, _) => payment.push(match offset_against {
            Some(r) => format!("Beloppet avräknas mot faktura nr {r}: ingen betalning."),
            None => "Beloppet krediteras: ingen betalning.".to_string(),
        }),
        (_, Some(_)) if e.amount < rust_decimal::Decimal::ZERO => payment.push(format!(
            "Beloppet avräknas mot faktura nr {}: ingen betalning.",
            offset_against.unwrap_or_default()
        )),
        (_, Some(n)) => {
            if !d.view.issuer.bankgiro.is_empty() {
                payment.push(format!("Betalas till bankgiro {}.", d.view.issuer.bankgiro));
            }
            if d.ocr.is_empty() || d.view.ocr_label.is_empty() {
                // A document numbered before payment references were kept.
                payment.push(format!("Ange fakturanummer {n} som referens vid betalning."));
            } else {
                use super::einvoice;
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
    (payment, payment_box)
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

/// The invoice CSV's records of one document, a record per line, after
/// those already in `out`: text made spreadsheet-safe, the amount a plain
/// number, written from borrowed fields (a year may have many lines).
pub fn csv_records(out: &mut CsvOut<Vec<u8>>, e: &RegisterEntry, status: &str, number: &str, ocr: &str) {
    let text = |s: &str| crate::write::spreadsheet_text(s).into_owned();
    let (installment, invoice_date, due_date) = (
        e.installment.to_string(),
        e.invoice_date.to_string(),
        e.due_date.to_string(),
    );
    let (code, recipient) = (text(&e.recipient_code), text(&e.recipient));
    for l in &e.lines {
        let amount = money_csv(l.amount);
        let (activity, charge, basis) = (text(&l.activity), text(&l.charge), text(&l.basis));
        out.record(
            [
                number,
                status,
                &code,
                &recipient,
                &installment,
                &invoice_date,
                &due_date,
                &activity,
                &charge,
                &basis,
                &amount,
                ocr,
            ]
            .map(Cell::Text),
        );
    }
}

/// The invoice CSV's header row: the file of no documents.
pub fn csv_head() -> Vec<u8> {
    let header = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    csv_text(CsvDialect::Plain, std::iter::once(header)).into_bytes()
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
    .map_err(|e| crate::context::file::write_failure(&path, e))
}

/// The names in a folder.
pub fn listing(dir: &Path) -> Result<BTreeSet<String>, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::Other(msg!(
            "folder-cannot-read-error",
            folder = dir,
            error = e.to_string()
        ))
    })?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect())
}

/// What a folder holds against a register whose numbers run `held` (none
/// when it is empty), found in one pass over its names without keeping
/// them: a folder may hold a file per document.
#[derive(Debug, Default)]
pub struct FolderScan {
    /// Numbered files of documents the register holds, e-invoices apart.
    pub numbered: usize,
    /// Their e-invoices (`.xml`).
    pub xml: usize,
    /// Numbered files of documents the register does not hold: (number, name).
    pub unknown: Vec<(u64, String)>,
    /// Temporary files that stopped runs left.
    pub leftovers: Vec<String>,
}

pub fn scan(dir: &Path, held: Option<(u64, u64)>) -> Result<FolderScan, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::Other(msg!(
            "folder-cannot-read-error",
            folder = dir,
            error = e.to_string()
        ))
    })?;
    let mut out = FolderScan::default();
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_temporary(&name) {
            out.leftovers.push(name.into_owned());
            continue;
        }
        let Some(x) = super::document::number_in_name(&name) else {
            continue;
        };
        if held.is_some_and(|(lo, hi)| (lo..=hi).contains(&x)) {
            if name.ends_with(".xml") {
                out.xml += 1;
            } else {
                out.numbered += 1;
            }
        } else {
            out.unknown.push((x, name.into_owned()));
        }
    }
    Ok(out)
}

/// A temporary file that an atomic write leaves only when its run was
/// stopped: `.NAME.tmp-PID`.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// The lower-case hex SHA-256 of a file, read in pieces: how a run checks
/// that a file it left in place is still as it wrote it.
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut w = crate::digest::HashingWriter::new(std::io::sink());
    std::io::copy(&mut file, &mut w)?;
    Ok(w.finish())
}
