//! The year's files of an invoice folder: `fakturor-YEAR.csv`, the SIE
//! file `fakturor-YEAR.si`, and the register's CSV export
//! (`register-YEAR.csv`, `register-lines-YEAR.csv`), each a head, a body
//! that later documents only add to, and (the invoice CSV) a tail: its
//! last row names the register's head when the year's last document was
//! committed. The register records the state each was written at; a run
//! adds the new documents' records to a file still exactly as recorded,
//! writes it whole when it is missing, and refuses one that differs from
//! what was recorded ([`altered`]) unless asked to repair it.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::document::{hex, Document};
use super::fail::fail_point;
use super::files::{csv_head, year_file_names};
use super::store::receivables::Booked;
use super::store::Store;
use crate::context::Context;
use crate::diag::Failure;
use crate::engine::date::Date;
use crate::engine::payment::PaymentKind;
use crate::engine::register::EntryKind;
use crate::msg;
use crate::write::{register, sie};

/// A year's files from its documents (one issuer's, in number order) and
/// the payments booked in it (by id); `issuer` names the issuer in the SIE
/// file of a year without documents. A year of payments only has its SIE
/// file alone.
pub fn year_files(
    year: i32,
    docs: &[Document],
    booked: &[Booked],
    issuer: Option<&Document>,
) -> Vec<(String, Vec<u8>)> {
    let mut sie = SieHead::default();
    sie.add(docs);
    sie.add_payments(booked);
    let only_sie = docs.is_empty();
    year_parts(year, docs, booked, &sie, issuer)
        .into_iter()
        .filter(|p| !only_sie || p.name.ends_with(".si"))
        .map(|p| {
            let mut whole = p.head;
            whole.extend(p.body);
            whole.extend(p.tail);
            (p.name, whole)
        })
        .collect()
}

/// The invoice CSV's records: a record per line of every document.
fn csv_records(docs: &[Document]) -> Vec<u8> {
    let mut out = crate::write::CsvOut::part(crate::write::CsvDialect::Plain);
    for d in docs {
        let e = &d.entry;
        let status = if e.kind == EntryKind::Credit {
            "credit"
        } else {
            "final"
        };
        super::files::csv_records(&mut out, e, status, &e.number.to_string(), &d.ocr);
    }
    out.into_bytes()
}

/// A year file in its parts: the file is its head, its body, its tail.
struct Parts {
    name: String,
    head: Vec<u8>,
    body: Vec<u8>,
    tail: Vec<u8>,
}

/// The status of the invoice CSV's last row, which names the register's
/// head: the SHA-256 of the year's last document, in the `basis` column.
pub const HEAD_ROW: &str = "register-head";

/// Each year file in its parts. A body is a record per document (or per
/// line), in number order, so the documents numbered later only add to
/// it; the SIE file's body goes on with a voucher per payment booked in
/// the year (`booked`, by id). A head is made anew (the CSV header, or the
/// SIE file's records before its vouchers, from `sie`, which has seen
/// every document and payment of the year, and whose comment names the
/// register's head); a tail is made anew (the invoice CSV's last row,
/// which names the register's head). Both name the last of `docs`, else
/// `last`: the year's last document when only payments were added, or in
/// a year of payments only the register's last.
fn year_parts(
    year: i32,
    docs: &[Document],
    booked: &[Booked],
    sie: &SieHead,
    last: Option<&Document>,
) -> [Parts; 4] {
    let [csv_name, sie_name, register_name, lines_name] = year_file_names(year);
    let csv_head = csv_head();
    let csv_body = csv_records(docs);
    // Documents of the layout that names the register's head (earlier
    // years' files stay as they were made).
    // (A run that adds only payments has no new documents: the year's
    // last is `last`.)
    let csv_tail = match docs.last().or(last).filter(|d| d.view.layout >= 1) {
        Some(last) => {
            let mut row = vec![String::new(); super::files::CSV_COLUMNS.len()];
            row[1] = HEAD_ROW.to_string();
            row[9] = last.sha256.clone();
            crate::write::csv_text(crate::write::CsvDialect::Plain, [row]).into_bytes()
        }
        None => Vec::new(),
    };
    // A CSV's head is its header row: the file of no documents.
    let (register_head, lines_head) = register::heads();
    let (register_body, lines_body) = register::records(docs.iter().map(|d| &d.entry));
    let part = |name: String, head: Vec<u8>, body: Vec<u8>, tail: Vec<u8>| Parts {
        name,
        head,
        body,
        tail,
    };
    [
        part(csv_name, csv_head, csv_body, csv_tail),
        part(
            sie_name,
            sie.render(year, docs.last().or(last)),
            {
                let mut vouchers = sie_vouchers(docs);
                vouchers.extend(payment_vouchers(booked));
                sie::voucher_records(&vouchers)
            },
            Vec::new(),
        ),
        part(register_name, register_head, register_body, Vec::new()),
        part(lines_name, lines_head, lines_body, Vec::new()),
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
        // The register's head when the year's last document was
        // committed: an anchor to keep outside the folder.
        let note = last.map_or(String::new(), |d| match d.view.layout {
            0 => format!("{}, underlag SHA-256 {}", d.view.tool, d.entry.inputs_sha256),
            _ => format!(
                "{}, underlag SHA-256 {}, fakturaregistrets huvud SHA-256 {}",
                d.view.tool, d.entry.inputs_sha256, d.sha256
            ),
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
/// SHA-256, where its body starts and how long its tail is, and for the
/// SIE file what its head says. A later run adds the new documents'
/// records to the file when the file is still exactly what was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
struct YearState {
    issuer: String,
    count: u64,
    max: u64,
    len: u64,
    sha256: String,
    head: u64,
    tail: u64,
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
        if self.tail > 0 {
            v["tail"] = serde_json::Value::from(self.tail);
        }
        if let Some(sie) = &self.sie {
            v["sie"] = sie.to_json();
            if self.paid != (0, 0) {
                v["paid"] = serde_json::json!([self.paid.0, self.paid.1]);
            }
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
            tail: match v.get("tail") {
                Some(t) => t.as_u64()?,
                None => 0,
            },
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
/// body of the file on disk from `kept`, then the new documents' records,
/// then its tail.
pub struct YearWrite {
    pub name: String,
    head: Vec<u8>,
    /// The byte range of the file on disk that stays (its old body).
    kept: Option<(u64, u64)>,
    body: Vec<u8>,
    tail: Vec<u8>,
    /// What the register records of the file once it is written.
    state: String,
}

/// The recorded state of each of a year's files.
fn recorded(store: &Store, year: i32) -> Result<Vec<Option<YearState>>, Failure> {
    let mut out = Vec::new();
    for name in &year_file_names(year) {
        out.push(store.export_state(name)?.as_deref().and_then(YearState::parse));
    }
    Ok(out)
}

/// A year as the register holds it now: its issuer, how many documents
/// and the highest number (0 without documents), and how many payments
/// were booked in it with the highest id. A year of payments only (the
/// register's issuer's) has its SIE file alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearNow {
    pub issuer: String,
    pub year: i32,
    pub count: u64,
    pub max: u64,
    pub paid: (u64, u64),
}

impl YearNow {
    /// Whether the year has the file `name` (every file, or only the SIE
    /// file in a year of payments only).
    fn has(&self, name: &str) -> bool {
        self.max > 0 || name.ends_with(".si")
    }
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

/// The document whose issuer the SIE file names: the year's last, or in a
/// year of payments only, the register's last.
fn naming_document(store: &Store, issuer: &str, max: u64) -> Result<Option<Document>, Failure> {
    match (max, store.number_range()?) {
        (0, Some((_, hi))) => store.get(issuer, hi),
        (0, None) => Ok(None),
        (m, _) => store.get(issuer, m),
    }
}

/// The years whose files a run writes: each year whose files were
/// recorded from fewer documents or payments than it has, or are missing,
/// or of another length than recorded.
pub fn years_to_write(store: &Store, dir: &Path) -> Result<Vec<YearNow>, Failure> {
    let mut out = Vec::new();
    for (issuer, year, max, paid) in year_heads(store)? {
        let recorded = recorded(store, year)?;
        // The same highest number, the same documents: no document is
        // numbered below one already numbered.
        let count = match &recorded[0] {
            Some(s) if s.issuer == issuer && s.max == max => s.count,
            _ if max == 0 => 0,
            _ => store.year_count(&issuer, year)?,
        };
        let now = YearNow {
            issuer,
            year,
            count,
            max,
            paid,
        };
        let mut stale = false;
        for (name, r) in year_file_names(year).iter().zip(&recorded) {
            if !now.has(name) {
                continue;
            }
            let len = std::fs::metadata(dir.join(name)).ok().map(|m| m.len());
            stale |= !r.as_ref().is_some_and(|s| {
                s.issuer == now.issuer
                    && s.count == count
                    && s.max == max
                    && Some(s.len) == len
                    && (s.sie.is_none() || s.paid == paid)
            });
        }
        if stale {
            out.push(now);
        }
    }
    Ok(out)
}

/// Which of a year's files on disk differ from what the register recorded
/// writing (length and SHA-256); a file without a record is compared with
/// the year made whole from the register, and a draft CSV that the
/// folder's manifest records (`drafts`, name → SHA-256) is a draft, which
/// the year's CSV replaces. Missing files are not altered: they are
/// written.
pub fn altered(
    store: &Store,
    dir: &Path,
    issuer: &str,
    year: i32,
    drafts: &BTreeMap<String, String>,
) -> Result<Vec<String>, Failure> {
    let mut out = Vec::new();
    let mut whole: Option<Vec<(String, Vec<u8>)>> = None;
    for (name, r) in year_file_names(year).into_iter().zip(recorded(store, year)?) {
        let path = dir.join(&name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let as_recorded = r.as_ref().is_some_and(|r| {
            meta.len() == r.len && super::files::file_sha256(&path).is_ok_and(|d| d == r.sha256)
        });
        // Else it may be a draft the year's CSV replaces, or the file as
        // the register gives it now (written by a run stopped before it
        // recorded writing it).
        let ok = as_recorded || {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let is_draft = r.is_none()
                && drafts
                    .get(&name)
                    .is_some_and(|d| *d == crate::digest::sha256_hex(&bytes));
            is_draft || {
                if whole.is_none() {
                    let docs = store.year_documents(issuer, year)?;
                    let last = match docs.last() {
                        Some(_) => None,
                        None => naming_document(store, issuer, 0)?,
                    };
                    whole = Some(year_files(year, &docs, &store.booked(year, 0)?, last.as_ref()));
                }
                whole
                    .as_ref()
                    .and_then(|w| w.iter().find(|(n, _)| *n == name))
                    .is_some_and(|(_, b)| *b == bytes)
            }
        };
        if !ok {
            out.push(name);
        }
    }
    Ok(out)
}

/// A year's files as this run writes them, with the state to record.
/// When every file is as recorded, only the documents numbered and the
/// payments booked since are read and added; otherwise the year is made
/// whole from all its documents and payments. The SIE file's payments
/// follow its documents, so a document numbered after payments were
/// booked makes it whole. (Before it committed, the run refused a file
/// that is neither as recorded nor as the register gave it, [`altered`];
/// `--repair` moved such a file aside.)
///
/// Long on purpose: the growing and the whole year side by side, sharing
/// the state each file is recorded with.
pub fn year_update(store: &Store, dir: &Path, now: &YearNow) -> Result<Vec<YearWrite>, Failure> {
    let YearNow {
        issuer,
        year,
        count,
        max,
        paid,
    } = now;
    let (year, count, max, paid) = (*year, *count, *max, *paid);
    let names: Vec<String> = year_file_names(year).into_iter().filter(|n| now.has(n)).collect();
    let last = naming_document(store, issuer, max)?;
    let state = |p: &Parts, len: u64, sha256: String, sie: &SieHead| YearState {
        issuer: issuer.clone(),
        count,
        max,
        len,
        sha256,
        head: p.head.len() as u64,
        tail: p.tail.len() as u64,
        sie: p.name.ends_with(".si").then(|| sie.clone()),
        paid,
    };
    // Every file recorded, for this issuer, from the same documents.
    let recorded: Option<Vec<YearState>> = year_file_names(year)
        .iter()
        .zip(recorded(store, year)?)
        .filter(|(n, _)| now.has(n))
        .map(|(_, r)| r)
        .collect();
    let since = recorded.as_ref().and_then(|r| {
        let first = (r[0].count, r[0].max);
        r.iter()
            .all(|s| s.issuer == *issuer && (s.count, s.max) == first && s.head + s.tail <= s.len)
            .then_some(first)
    });
    let all_there = names.iter().all(|n| dir.join(n).is_file());
    let sie_state = recorded.as_ref().and_then(|r| r.iter().find(|s| s.sie.is_some()));
    if let (Some(since), Some(recorded), Some(sie_state), true) = (since, &recorded, sie_state, all_there) {
        let docs = store.year_documents_after(issuer, year, since.1)?;
        let was_paid = sie_state.paid;
        let booked = store.booked(year, was_paid.1)?;
        // The payments follow the documents: new documents after booked
        // payments make the SIE file whole.
        let grows = was_paid.0 + booked.len() as u64 == paid.0 && (docs.is_empty() || was_paid.0 == 0);
        if let (true, Some(sie)) = (
            since.0 + docs.len() as u64 == count && grows,
            sie_state.sie.clone(),
        ) {
            let mut sie = sie;
            sie.add(&docs);
            sie.add_payments(&booked);
            let parts = year_parts(year, &docs, &booked, &sie, last.as_ref());
            let mut out = Vec::new();
            for (p, r) in parts.into_iter().filter(|p| now.has(&p.name)).zip(recorded) {
                // The file on disk, exactly as recorded, or the year is
                // made whole.
                let Some(sha256) = grown_sha256(&dir.join(&p.name), r, &p) else {
                    out.clear();
                    break;
                };
                let len = (p.head.len() + p.body.len() + p.tail.len()) as u64 + (r.len - r.head - r.tail);
                out.push(YearWrite {
                    kept: Some((r.head, r.len - r.tail)),
                    state: state(&p, len, sha256, &sie).to_text(),
                    name: p.name,
                    head: p.head,
                    body: p.body,
                    tail: p.tail,
                });
            }
            if out.len() == names.len() {
                return Ok(out);
            }
        }
    }
    let docs = store.year_documents(issuer, year)?;
    let booked = store.booked(year, 0)?;
    let mut sie = SieHead::default();
    sie.add(&docs);
    sie.add_payments(&booked);
    let parts = year_parts(year, &docs, &booked, &sie, last.as_ref());
    Ok(parts
        .into_iter()
        .filter(|p| now.has(&p.name))
        .map(|p| {
            let sha256 = {
                let mut h = Sha256::new();
                h.update(&p.head);
                h.update(&p.body);
                h.update(&p.tail);
                hex(&h.finalize())
            };
            let len = (p.head.len() + p.body.len() + p.tail.len()) as u64;
            YearWrite {
                kept: None,
                state: state(&p, len, sha256, &sie).to_text(),
                name: p.name,
                head: p.head,
                body: p.body,
                tail: p.tail,
            }
        })
        .collect())
}

/// Writes a year's files, each atomically, and records the state each was
/// written at. Returns how many were written.
pub fn write(ctx: &Context, store: &Store, dir: &Path, writes: &[YearWrite]) -> Result<usize, Failure> {
    for w in writes {
        write_year_file(ctx, dir, w)?;
        store.set_export_state(&w.name, &w.state)?;
    }
    Ok(writes.len())
}

/// The piece a year file is read and copied in.
const COPY_BUFFER: usize = 1 << 20;

/// Reads a year file once, in pieces: when it is exactly as recorded
/// (length and SHA-256), the SHA-256 of the file it grows into (the new
/// head, its old body, the new body and tail).
fn grown_sha256(path: &Path, r: &YearState, p: &Parts) -> Option<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() != r.len {
        return None;
    }
    let (mut was, mut grows) = (Sha256::new(), Sha256::new());
    grows.update(&p.head);
    let mut buf = vec![0u8; COPY_BUFFER];
    let mut at = 0u64;
    let body_end = r.len - r.tail;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        was.update(chunk);
        // The part of the chunk in the old body: after the old head,
        // before the old tail.
        let from = r.head.saturating_sub(at).min(n as u64) as usize;
        let to = body_end.saturating_sub(at).min(n as u64) as usize;
        if from < to {
            grows.update(&chunk[from..to]);
        }
        at += n as u64;
    }
    if at != r.len || hex(&was.finalize()) != r.sha256 {
        return None;
    }
    grows.update(&p.body);
    grows.update(&p.tail);
    Some(hex(&grows.finalize()))
}

/// Writes a year file atomically: its head, the part of the file on disk
/// that stays, its new records, its tail.
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
        f.write_all(&w.tail)?;
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
