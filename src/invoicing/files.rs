//! The files of an invoice folder, made from what the register committed:
//! each document's files (its PDF), and per year the invoice CSV, the SIE
//! file and the register's CSV export. They are written after the commit,
//! each atomically; [`sync`] writes whatever is missing or stale, so a run
//! that was stopped half-way is completed by the next.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::document::{hex, Document};
use super::fail::fail_point;
use super::store::receivables::Booked;
use super::store::{DocKey, Store};
use crate::context::Context;
use crate::diag::Failure;
use crate::engine::date::Date;
use crate::engine::payment::PaymentKind;
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::msg;
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

pub fn csv_rows(e: &RegisterEntry, status: &str, number: &str, ocr: &str) -> Vec<Vec<String>> {
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

/// A year's files from its documents (one issuer's, in number order) and
/// the payments booked in it (by id); `issuer` names the issuer in the SIE
/// file of a year without documents.
pub fn year_files(
    year: i32,
    docs: &[Document],
    booked: &[Booked],
    issuer: Option<&Document>,
) -> Vec<(String, Vec<u8>)> {
    let mut sie = SieHead::default();
    sie.add(docs);
    sie.add_payments(booked);
    year_parts(year, docs, booked, &sie, issuer)
        .into_iter()
        .map(|(name, mut head, body)| {
            head.extend(body);
            (name, head)
        })
        .collect()
}

/// Each year file as (name, head, body): the file is its head followed by
/// its body. A body is a record per document (or per line), in number
/// order, so the documents numbered later only add to it; the SIE file's
/// body goes on with a voucher per payment booked in the year (`booked`,
/// by id). A head is made anew (the CSV header, or the SIE file's records
/// before its vouchers, from `sie`, which has seen every document and
/// payment of the year; its issuer is the last document's, else
/// `issuer`'s).
fn year_parts(
    year: i32,
    docs: &[Document],
    booked: &[Booked],
    sie: &SieHead,
    issuer: Option<&Document>,
) -> [(String, Vec<u8>, Vec<u8>); 4] {
    let [csv_name, sie_name, register_name, lines_name] = year_file_names(year);
    // A CSV's head is its header row: the file of no documents.
    let split = |whole: String, empty: String| -> (Vec<u8>, Vec<u8>) {
        let mut head = whole.into_bytes();
        let body = head.split_off(empty.len());
        (head, body)
    };
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
    let (csv_head, csv_body) = split(csv_file(rows), csv_file(Vec::new()));
    let entries: Vec<RegisterEntry> = docs.iter().map(|d| d.entry.clone()).collect();
    let (register_csv, lines_csv) = register::write(&crate::engine::register::Register { entries });
    let (none_csv, no_lines_csv) =
        register::write(&crate::engine::register::Register { entries: Vec::new() });
    let (register_head, register_body) = split(register_csv, none_csv);
    let (lines_head, lines_body) = split(lines_csv, no_lines_csv);
    [
        (csv_name, csv_head, csv_body),
        (sie_name, sie.render(year, docs.last().or(issuer)), {
            let mut vouchers = sie_vouchers(docs);
            vouchers.extend(payment_vouchers(booked));
            sie::voucher_records(&vouchers)
        }),
        (register_name, register_head, register_body),
        (lines_name, lines_head, lines_body),
    ]
}

/// What the SIE file's head says of all the year's documents: the accounts
/// they use (named by the activity of the last line that uses each) and
/// the latest invoice date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SieHead {
    accounts: BTreeMap<String, String>,
    generated: Option<Date>,
}

impl SieHead {
    /// Takes in documents numbered after those already seen.
    fn add(&mut self, docs: &[Document]) {
        for d in docs {
            self.accounts
                .insert(d.view.receivables.clone(), "Kundfordringar".to_string());
            for (l, v) in d.entry.lines.iter().zip(&d.view.lines) {
                self.accounts.insert(v.account.clone(), l.activity.clone());
            }
            self.generated = self.generated.max(Some(d.entry.invoice_date));
        }
    }

    /// Takes in payments booked after those already seen: the accounts
    /// they book to and their dates.
    fn add_payments(&mut self, booked: &[Booked]) {
        for b in booked {
            self.accounts.insert(b.bank.clone(), "Bank".to_string());
            self.accounts
                .insert(b.receivables.clone(), "Kundfordringar".to_string());
            self.generated = self.generated.max(Some(b.date));
        }
    }

    /// The head, with the issuer and note of the year's last document.
    fn render(&self, year: i32, last: Option<&Document>) -> Vec<u8> {
        let generated = self.generated.unwrap_or(Date {
            year,
            month: 1,
            day: 1,
        });
        let issuer = last.map(|d| d.view.issuer.clone()).unwrap_or_default();
        let note = last.map_or(String::new(), |d| {
            format!("{}, underlag SHA-256 {}", d.view.tool, d.entry.inputs_sha256)
        });
        sie::header(&sie::Header {
            program: "avgift",
            version: env!("CARGO_PKG_VERSION"),
            generated,
            company: &issuer.name,
            org_nr: &issuer.org_nr,
            accounts: &self.accounts,
            note: &note,
        })
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "accounts": self.accounts,
            "generated": self.generated.map(|d| d.to_string()),
        })
    }

    fn from_json(v: &serde_json::Value) -> Option<SieHead> {
        let accounts = v
            .get("accounts")?
            .as_object()?
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect::<Option<_>>()?;
        let generated = match v.get("generated")? {
            serde_json::Value::Null => None,
            d => Some(d.as_str()?.parse().ok()?),
        };
        Some(SieHead { accounts, generated })
    }
}

/// One voucher per document: receivables debited, a revenue account per
/// activity credited (reversed for credit notes).
fn sie_vouchers(docs: &[Document]) -> Vec<sie::Voucher> {
    let mut vouchers = Vec::with_capacity(docs.len());
    for d in docs {
        let e = &d.entry;
        let mut per_account: BTreeMap<String, Decimal> = BTreeMap::new();
        for (l, v) in e.lines.iter().zip(&d.view.lines) {
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
    vouchers
}

/// One voucher per payment booked: the bank account debited and the
/// receivables account credited with its amount (a deduction, negative,
/// the other way round).
fn payment_vouchers(booked: &[Booked]) -> Vec<sie::Voucher> {
    booked
        .iter()
        .map(|b| {
            let what = match b.kind {
                PaymentKind::Payment => "Inbetalning",
                PaymentKind::Deduction => "Avdrag",
            };
            let mut text = format!("{what} {}", b.id);
            if !b.payer.is_empty() {
                text.push(' ');
                text.push_str(&b.payer);
            }
            if !b.reference.is_empty() {
                text.push_str(", ref ");
                text.push_str(&b.reference);
            }
            sie::Voucher {
                date: b.date,
                text,
                transactions: vec![(b.bank.clone(), b.amount), (b.receivables.clone(), -b.amount)],
            }
        })
        .collect()
}

/// What the register records of a year file it wrote: the documents it
/// was made from (how many, the highest number), the file's length and
/// SHA-256, where its body starts, and for the SIE file what its head says.
/// A later run adds the new documents' records to the file when the file
/// is still exactly what was recorded, and writes it whole otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearState {
    issuer: String,
    count: u64,
    max: u64,
    len: u64,
    sha256: String,
    head: u64,
    sie: Option<SieHead>,
    /// The SIE file: how many payments it books, and the highest id.
    paid: (u64, u64),
}

impl YearState {
    fn to_text(&self) -> String {
        let mut v = serde_json::json!({
            "issuer": self.issuer,
            "count": self.count,
            "max": self.max,
            "len": self.len,
            "sha256": self.sha256,
            "head": self.head,
        });
        if let Some(sie) = &self.sie {
            v["sie"] = sie.to_json();
            v["paid"] = serde_json::json!([self.paid.0, self.paid.1]);
        }
        v.to_string()
    }

    /// `None` for a state this program did not record (an earlier form).
    fn parse(text: &str) -> Option<YearState> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        Some(YearState {
            issuer: v.get("issuer")?.as_str()?.to_string(),
            count: v.get("count")?.as_u64()?,
            max: v.get("max")?.as_u64()?,
            len: v.get("len")?.as_u64()?,
            sha256: v.get("sha256")?.as_str()?.to_string(),
            head: v.get("head")?.as_u64()?,
            sie: match v.get("sie") {
                Some(s) => Some(SieHead::from_json(s)?),
                None => None,
            },
            // A state of a file that books no payments has none.
            paid: match v.get("paid") {
                Some(p) => (p.get(0)?.as_u64()?, p.get(1)?.as_u64()?),
                None => (0, 0),
            },
        })
    }
}

/// A year file as a run writes it: a head, then (when the file grows) the
/// body of the file on disk from `kept`, then the new documents' records.
pub struct YearWrite {
    pub name: String,
    head: Vec<u8>,
    /// The byte range of the file on disk that stays (its old body).
    kept: Option<(u64, u64)>,
    body: Vec<u8>,
    /// What the register records of the file once it is written.
    state: String,
}

/// A year as the register holds it now: its issuer, how many documents
/// and the highest number (0 without documents), how many payments were
/// booked in it and the highest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearNow<'a> {
    issuer: &'a str,
    year: i32,
    count: u64,
    max: u64,
    paid: (u64, u64),
}

/// A year's files as this run writes them (those of `stale`, in the order
/// of [`year_file_names`]), with the state to record. When every file is
/// as recorded, only the documents numbered and the payments booked since
/// are read and added; otherwise the year is made whole from all its
/// documents and payments. The SIE file's payments follow its documents,
/// so a document numbered after payments were booked makes it whole.
///
/// Long on purpose: the growing and the whole year side by side, sharing
/// the state each file is recorded with.
fn year_update(store: &Store, dir: &Path, now: YearNow, stale: [bool; 4]) -> Result<Vec<YearWrite>, Failure> {
    let YearNow {
        issuer,
        year,
        count,
        max,
        paid,
    } = now;
    let names = year_file_names(year);
    let mut recorded = Vec::new();
    for name in &names {
        recorded.push(store.export_state(name)?.as_deref().and_then(YearState::parse));
    }
    // The SIE file names its issuer by the year's last document, or in a
    // year of payments only, by the register's last.
    let last = match (max, store.number_range()?) {
        (0, Some((_, hi))) => store.get(issuer, hi)?,
        (0, None) => None,
        (m, _) => store.get(issuer, m)?,
    };
    let state = |name: &str, head: &[u8], len: u64, sha256: String, sie: &SieHead| YearState {
        issuer: issuer.to_string(),
        count,
        max,
        len,
        sha256,
        head: head.len() as u64,
        sie: name.ends_with(".si").then(|| sie.clone()),
        paid,
    };
    // Every file recorded, for this issuer, from the same documents.
    let recorded: Option<Vec<YearState>> = recorded.into_iter().collect();
    let since = recorded.as_ref().and_then(|r| {
        let first = (r[0].count, r[0].max);
        r.iter()
            .all(|s| s.issuer == issuer && (s.count, s.max) == first && s.head <= s.len)
            .then_some(first)
    });
    if let (Some(since), Some(recorded)) = (since, &recorded) {
        let docs = store.year_documents_after(issuer, year, since.1)?;
        let was_paid = recorded[1].paid;
        let booked = store.booked(year, was_paid.1)?;
        // The payments follow the documents: new documents after booked
        // payments make the SIE file whole.
        let grows = was_paid.0 + booked.len() as u64 == paid.0 && (docs.is_empty() || was_paid.0 == 0);
        if since.0 + docs.len() as u64 == count && grows {
            if let Some(sie) = recorded[1].sie.clone() {
                let mut sie = sie;
                sie.add(&docs);
                sie.add_payments(&booked);
                let parts = year_parts(year, &docs, &booked, &sie, last.as_ref());
                let mut out = Vec::new();
                let mut whole = false;
                for (((name, head, body), r), _) in parts.into_iter().zip(recorded).zip(stale).filter(|x| x.1)
                {
                    // The file on disk, exactly as recorded, or the year is
                    // made whole.
                    let Some(sha256) = grown_sha256(&dir.join(&name), r, &head, &body) else {
                        whole = true;
                        break;
                    };
                    let len = head.len() as u64 + (r.len - r.head) + body.len() as u64;
                    let state = state(&name, &head, len, sha256, &sie);
                    out.push(YearWrite {
                        name,
                        head,
                        kept: Some((r.head, r.len)),
                        body,
                        state: state.to_text(),
                    });
                }
                if !whole {
                    return Ok(out);
                }
            }
        }
    }
    let docs = store.year_documents(issuer, year)?;
    let booked = store.booked(year, 0)?;
    let mut sie = SieHead::default();
    sie.add(&docs);
    sie.add_payments(&booked);
    Ok(year_parts(year, &docs, &booked, &sie, last.as_ref())
        .into_iter()
        .zip(stale)
        .filter(|x| x.1)
        .map(|((name, head, body), _)| {
            let sha256 = {
                let mut h = Sha256::new();
                h.update(&head);
                h.update(&body);
                hex(&h.finalize())
            };
            let state = state(&name, &head, (head.len() + body.len()) as u64, sha256, &sie);
            YearWrite {
                name,
                head,
                kept: None,
                body,
                state: state.to_text(),
            }
        })
        .collect())
}

/// Every year file whose documents or payments changed since it was
/// written (or that changed on disk), as this run writes it.
fn stale_years(store: &Store, dir: &Path) -> Result<Vec<YearWrite>, Failure> {
    let mut years_out: Vec<YearWrite> = Vec::new();
    for (issuer, year, max, paid) in year_heads(store)? {
        let names = year_file_names(year);
        let mut recorded = Vec::new();
        for name in &names {
            recorded.push(store.export_state(name)?.as_deref().and_then(YearState::parse));
        }
        // The same highest number, the same documents: no document is
        // numbered below one already numbered.
        let count = match &recorded[0] {
            Some(s) if s.issuer == issuer && s.max == max => s.count,
            _ if max == 0 => 0,
            _ => store.year_count(&issuer, year)?,
        };
        let mut stale = [false; 4];
        for ((name, r), stale) in names.iter().zip(&recorded).zip(&mut stale) {
            // A file of another length than recorded was changed since.
            let len = std::fs::metadata(dir.join(name)).ok().map(|m| m.len());
            *stale = !r.as_ref().is_some_and(|s| {
                s.issuer == issuer
                    && s.count == count
                    && s.max == max
                    && Some(s.len) == len
                    && (s.sie.is_none() || s.paid == paid)
            });
        }
        // A year of payments only has its SIE file alone.
        if max == 0 {
            stale = [false, stale[1], false, false];
        }
        if stale.contains(&true) {
            let now = YearNow {
                issuer: &issuer,
                year,
                count,
                max,
                paid,
            };
            years_out.extend(year_update(store, dir, now, stale)?);
        }
    }
    Ok(years_out)
}

/// A year's issuer, year, highest document number and payments (how
/// many, the highest id).
type YearHead = (String, i32, u64, (u64, u64));

/// Every year with documents or booked payments, in order: the issuer,
/// the year, its highest document number (0 for none) and its payments
/// (how many, the highest id). A year of payments only is the register's
/// issuer's.
fn year_heads(store: &Store) -> Result<Vec<YearHead>, Failure> {
    let mut out: BTreeMap<(String, i32), (u64, (u64, u64))> = BTreeMap::new();
    for (issuer, year, max) in store.year_heads()? {
        out.insert((issuer, year), (max, (0, 0)));
    }
    let payments = store.payment_years()?;
    if !payments.is_empty() {
        let issuer = match store.issuers()?.into_iter().next() {
            Some(i) => i,
            None => store.terms()?.map(|t| t.issuer).unwrap_or_default(),
        };
        for (year, count, max_id) in payments {
            out.entry((issuer.clone(), year)).or_insert((0, (0, 0))).1 = (count, max_id);
        }
    }
    Ok(out.into_iter().map(|((i, y), (m, p))| (i, y, m, p)).collect())
}

/// The piece a year file is read and copied in.
const COPY_BUFFER: usize = 1 << 20;

/// Reads a year file once, in pieces: when it is exactly as recorded
/// (length and SHA-256), the SHA-256 of the file it grows into (`head`,
/// its old body, `body`).
fn grown_sha256(path: &Path, r: &YearState, head: &[u8], body: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() != r.len {
        return None;
    }
    let (mut was, mut grows) = (Sha256::new(), Sha256::new());
    grows.update(head);
    let mut buf = vec![0u8; COPY_BUFFER];
    let mut at = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        was.update(chunk);
        // The part of the chunk at or after the old head.
        let skip = r.head.saturating_sub(at).min(n as u64) as usize;
        grows.update(&chunk[skip..]);
        at += n as u64;
    }
    if at != r.len || hex(&was.finalize()) != r.sha256 {
        return None;
    }
    grows.update(body);
    Some(hex(&grows.finalize()))
}

/// Writes a year file atomically: its head, the part of the file on disk
/// that stays, its new records.
fn write_year_file(ctx: &Context, dir: &Path, w: &YearWrite) -> Result<(), Failure> {
    let path = dir.join(&w.name);
    fail_point();
    let old = match w.kept {
        Some(_) => {
            Some(std::fs::File::open(&path).map_err(|e| crate::context::file::write_failure(&path, e))?)
        }
        None => None,
    };
    ctx.write_file_with(&path, |f| {
        f.write_all(&w.head)?;
        if let (Some(mut old), Some((from, to))) = (old, w.kept) {
            use std::io::{Read, Seek};
            old.seek(std::io::SeekFrom::Start(from))?;
            // In large pieces: the body is most of the file.
            let mut rest = old.take(to - from);
            let mut buf = vec![0u8; COPY_BUFFER];
            let mut copied = 0;
            loop {
                let n = rest.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                f.write_all(&buf[..n])?;
                copied += n as u64;
            }
            if copied != to - from {
                return Err(std::io::Error::other(ChangedWhileCopied));
            }
        }
        f.write_all(&w.body)?;
        fail_point();
        Ok(())
    })
    .map_err(
        |e| match e.get_ref().is_some_and(|r| r.is::<ChangedWhileCopied>()) {
            true => Failure::Other(msg!("folder-changed-while-copied", file = &path)),
            false => crate::context::file::write_failure(&path, e),
        },
    )
}

/// A year file that changed on disk while its body was copied.
#[derive(Debug)]
struct ChangedWhileCopied;

impl std::fmt::Display for ChangedWhileCopied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file changed while it was copied")
    }
}

impl std::error::Error for ChangedWhileCopied {}

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
        false => store.files_written_up_to()?,
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
    let years_out = stale_years(store, dir)?;
    // Every file this run writes may be written, before the first is.
    let paths: Vec<std::path::PathBuf> = docs_out
        .iter()
        .map(|(n, _)| n)
        .chain(years_out.iter().map(|w| &w.name))
        .map(|n| dir.join(n))
        .collect();
    ctx.check_outputs(paths.iter().map(|p| p.as_path()))?;
    for (name, bytes) in &docs_out {
        write_file(ctx, dir, name, bytes)?;
        written += 1;
    }
    store.set_files_written_up_to(from, highest)?;
    for w in &years_out {
        write_year_file(ctx, dir, w)?;
        store.set_export_state(&w.name, &w.state)?;
        written += 1;
    }
    Ok(written)
}
