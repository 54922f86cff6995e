//! The receivables' events in the register: an import of a payment file,
//! an allocation by hand, a run of reminders. Each event is one row, its
//! SHA-256 chained to the previous event's (as documents are chained), and
//! its details (payments, allocations, reminders) are rows of their own
//! whose digest the event's row carries, as a document carries its lines'.
//! [`Store::record`] puts an event in; [`Store::ledger`] reads every event
//! and detail back, checking the chain and each event's details as it
//! reads them.
//!
//! A signature over an event's chained digest (`sha256`) fits beside it
//! the way one fits beside a document's.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::connection::Store;
use super::schema::EVENT_COLUMNS;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::date::Date;
use crate::engine::payment::PaymentKind;
use crate::engine::receivables::{Allocation, How, Paid, PayerInfo};
use crate::invoicing::document::{hex, kronor, ore, GENESIS};
use crate::msg;

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A payment file imported: its payments, and the allocations their
    /// references found.
    Import,
    /// `payments allocate`: allocations by hand.
    Allocation,
    /// `remind`: the reminders of one run.
    Reminders,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Import => "import",
            EventKind::Allocation => "allocation",
            EventKind::Reminders => "reminders",
        }
    }

    fn parse(s: &str) -> Option<EventKind> {
        match s {
            "import" => Some(EventKind::Import),
            "allocation" => Some(EventKind::Allocation),
            "reminders" => Some(EventKind::Reminders),
            _ => None,
        }
    }
}

/// One event as the register holds it (its count, amount and digests are
/// the register's to compute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub seq: u64,
    pub kind: EventKind,
    /// The issuer's series.
    pub issuer: String,
    /// A run of reminders: its date; otherwise empty.
    pub date: String,
    /// An import: the file as it was named.
    pub source: String,
    /// An import: `BgMax`, `camt.054.001.02`, `CSV`.
    pub format: String,
    /// An import: the file's SHA-256, and the digest of its payments (the
    /// same payments in another file's bytes have the same).
    pub file_sha256: Option<String>,
    pub content_sha256: Option<String>,
    /// An import: what identifies the file beyond its bytes (BgMax: the
    /// timestamp and deposit serials; camt: message and notification ids);
    /// empty for a CSV file.
    pub identity: String,
    /// The accounts an import booked to: debited, credited.
    pub bank: String,
    pub receivables: String,
    /// The highest document number when the event was committed.
    pub documents: u64,
}

impl Event {
    /// An event of the register's own (an allocation by hand, a run of
    /// reminders dated `date`): no file, no accounts; `documents` the
    /// highest document number now.
    pub fn own(seq: u64, kind: EventKind, issuer: &str, date: String, documents: u64) -> Event {
        Event {
            seq,
            kind,
            issuer: issuer.to_string(),
            date,
            source: String::new(),
            format: String::new(),
            file_sha256: None,
            content_sha256: None,
            identity: String::new(),
            bank: String::new(),
            receivables: String::new(),
            documents,
        }
    }
}

/// A payment row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub paid: Paid,
    /// Free text lines the file gave with it.
    pub information: Vec<String>,
    /// The bank's id of the payment, and the deposit's serial.
    pub serial: String,
    pub deposit: String,
    /// The line in the file where it starts.
    pub line: u64,
}

/// A reminder row: what the letter showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    /// The document reminded of.
    pub number: u64,
    /// 1 for the first reminder of the document, 2 for the second …
    pub ordinal: u32,
    pub outstanding: Decimal,
    pub interest: Decimal,
    pub fee: Decimal,
    pub pay_by: Date,
    /// What the letter says beyond its amounts (the interest's periods and
    /// rate), as JSON.
    pub basis: String,
}

/// An event's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub payments: Vec<PaymentRow>,
    pub allocations: Vec<Allocation>,
    pub reminders: Vec<ReminderRow>,
}

/// Every event and detail of the register, in order.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub events: Vec<Event>,
    /// By id.
    pub payments: Vec<PaymentRow>,
    /// By event and position, with their event's sequence number.
    pub allocations: Vec<(u64, Allocation)>,
    /// By event and position, with their event's sequence number.
    pub reminders: Vec<(u64, ReminderRow)>,
    /// The last event's digest (the chain's head), or the genesis.
    pub head: String,
}

/// What an event's and its details' digests are computed over: each field
/// length-prefixed, so that no two encode alike.
struct Encoder(Sha256);

impl Encoder {
    fn new(tag: &[u8]) -> Encoder {
        let mut h = Sha256::new();
        h.update(tag);
        Encoder(h)
    }

    fn text(&mut self, s: &str) {
        self.0
            .update(crate::number::digits(s.len() as u128, &mut [0u8; 40]).as_bytes());
        self.0.update(b":");
        self.0.update(s.as_bytes());
        self.0.update(b"\n");
    }

    /// A number, encoded as its decimal text would be by [`Encoder::text`]
    /// (without making the text).
    fn number(&mut self, n: i64) {
        let mut buf = [0u8; 40];
        let digits = crate::number::digits(u128::from(n.unsigned_abs()), &mut buf);
        let sign: &[u8] = if n < 0 { b"-" } else { b"" };
        let len = (sign.len() + digits.len()) as u128;
        self.0
            .update(crate::number::digits(len, &mut [0u8; 40]).as_bytes());
        self.0.update(b":");
        self.0.update(sign);
        self.0.update(digits.as_bytes());
        self.0.update(b"\n");
    }

    fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// The payments' stored text of extra references: `[["ref", öre or null], …]`.
fn extra_json(extra: &[(String, Option<Decimal>)]) -> String {
    let v: Vec<serde_json::Value> = extra
        .iter()
        .map(|(r, a)| serde_json::json!([r, a.and_then(ore)]))
        .collect();
    serde_json::Value::from(v).to_string()
}

fn extra_from_json(text: &str) -> Option<Vec<(String, Option<Decimal>)>> {
    // Most payments have none: no parser needed.
    if text == "[]" {
        return Some(Vec::new());
    }
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.as_array()?
        .iter()
        .map(|pair| {
            let r = pair.get(0)?.as_str()?.to_string();
            let a = match pair.get(1)? {
                serde_json::Value::Null => None,
                n => Some(kronor(n.as_i64()?)),
            };
            Some((r, a))
        })
        .collect()
}

fn lines_json(lines: &[String]) -> String {
    serde_json::Value::from(lines.to_vec()).to_string()
}

fn lines_from_json(text: &str) -> Option<Vec<String>> {
    if text == "[]" {
        return Some(Vec::new());
    }
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.as_array()?
        .iter()
        .map(|l| l.as_str().map(String::from))
        .collect()
}

/// A payment's fields as stored, in the order its digest takes them.
struct PaymentFields {
    id: i64,
    kind: &'static str,
    date: String,
    amount_ore: i64,
    reference: String,
    extra: String,
    information: String,
    payer_name: String,
    payer_org_nr: String,
    payer_account: String,
    serial: String,
    deposit: String,
    line: i64,
}

impl PaymentFields {
    /// A payment's fields as stored, or why it cannot be: money that is
    /// not whole öre.
    fn stored(p: &PaymentRow) -> Result<PaymentFields, Failure> {
        PaymentFields::of(p).ok_or_else(|| {
            Failure::Other(msg!(
                "receivables-not-whole-ore",
                amount = p.paid.amount.to_string()
            ))
        })
    }

    fn of(p: &PaymentRow) -> Option<PaymentFields> {
        Some(PaymentFields {
            id: i64::try_from(p.paid.id).ok()?,
            kind: match p.paid.kind {
                PaymentKind::Payment => "payment",
                PaymentKind::Deduction => "deduction",
            },
            date: p.paid.date.to_string(),
            amount_ore: ore(p.paid.amount)?,
            reference: p.paid.reference.clone(),
            extra: extra_json(&p.paid.extra),
            information: lines_json(&p.information),
            payer_name: p.paid.payer.name.clone(),
            payer_org_nr: p.paid.payer.org_nr.clone(),
            payer_account: p.paid.payer.account.clone(),
            serial: p.serial.clone(),
            deposit: p.deposit.clone(),
            line: i64::try_from(p.line).ok()?,
        })
    }

    fn encode(&self, e: &mut Encoder) {
        e.number(self.id);
        e.text(self.kind);
        e.text(&self.date);
        e.number(self.amount_ore);
        e.text(&self.reference);
        e.text(&self.extra);
        e.text(&self.information);
        e.text(&self.payer_name);
        e.text(&self.payer_org_nr);
        e.text(&self.payer_account);
        e.text(&self.serial);
        e.text(&self.deposit);
        e.number(self.line);
    }

    /// The payment these fields hold, or none when one cannot be read.
    fn into_row(self) -> Option<PaymentRow> {
        Some(PaymentRow {
            paid: Paid {
                id: u64::try_from(self.id).ok()?,
                kind: match self.kind {
                    "deduction" => PaymentKind::Deduction,
                    _ => PaymentKind::Payment,
                },
                date: self.date.parse().ok()?,
                amount: kronor(self.amount_ore),
                reference: self.reference,
                extra: extra_from_json(&self.extra)?,
                payer: PayerInfo {
                    name: self.payer_name,
                    org_nr: self.payer_org_nr,
                    account: self.payer_account,
                },
            },
            information: lines_from_json(&self.information)?,
            serial: self.serial,
            deposit: self.deposit,
            line: u64::try_from(self.line).ok()?,
        })
    }
}

/// An allocation's fields as its digest takes them: position, payment,
/// issuer, document, öre, how.
fn encode_allocation(e: &mut Encoder, position: i64, a: (i64, &str, i64, i64, &str)) {
    e.number(position);
    e.number(a.0);
    e.text(a.1);
    e.number(a.2);
    e.number(a.3);
    e.text(a.4);
}

/// A reminder's fields as its digest takes them.
fn encode_reminder(e: &mut Encoder, position: i64, r: &ReminderRow, issuer: &str, amounts: [i64; 3]) {
    e.number(position);
    e.text(issuer);
    e.number(r.number as i64);
    e.number(i64::from(r.ordinal));
    for a in amounts {
        e.number(a);
    }
    e.text(&r.pay_by.to_string());
    e.text(&r.basis);
}

/// An event's details as its digest takes them: (the details' SHA-256,
/// how many rows, the event's amount in öre: the payments' sum for an
/// import, the allocations' for an allocation, the reminders' outstanding
/// amounts for reminders). What [`Store::record`] stores, and what anyone
/// recomputing the chain must compute.
pub fn details_digest(ev: &Event, d: &Details) -> Result<(String, i64, i64), Failure> {
    let mut digest = DetailsDigest::new();
    let mut amount: i64 = 0;
    for p in &d.payments {
        let f = PaymentFields::stored(p)?;
        f.encode(&mut digest.payments);
        if ev.kind == EventKind::Import {
            amount += f.amount_ore;
        }
    }
    for (i, a) in d.allocations.iter().enumerate() {
        let a_ore = whole_ore(a.amount)?;
        let fields = (
            a.payment as i64,
            ev.issuer.as_str(),
            a.document as i64,
            a_ore,
            a.how.as_str(),
        );
        encode_allocation(&mut digest.allocations, i as i64, fields);
        if ev.kind == EventKind::Allocation {
            amount += a_ore;
        }
    }
    for (i, r) in d.reminders.iter().enumerate() {
        let amounts = [
            whole_ore(r.outstanding)?,
            whole_ore(r.interest)?,
            whole_ore(r.fee)?,
        ];
        encode_reminder(&mut digest.reminders, i as i64, r, &ev.issuer, amounts);
        if ev.kind == EventKind::Reminders {
            amount += amounts[0];
        }
    }
    let count = (d.payments.len() + d.allocations.len() + d.reminders.len()) as i64;
    Ok((digest.finish(), count, amount))
}

/// An event's fields as its chained digest takes them.
pub fn event_digest(prev: &str, ev: &Event, count: i64, amount_ore: i64, details: &str) -> String {
    let mut e = Encoder::new(b"avgift receivables 1\n");
    e.text(prev);
    e.number(ev.seq as i64);
    e.text(ev.kind.as_str());
    e.text(&ev.issuer);
    e.text(&ev.date);
    e.text(&ev.source);
    e.text(&ev.format);
    e.text(ev.file_sha256.as_deref().unwrap_or_default());
    e.text(ev.content_sha256.as_deref().unwrap_or_default());
    e.text(&ev.identity);
    e.text(&ev.bank);
    e.text(&ev.receivables);
    e.number(ev.documents as i64);
    e.number(count);
    e.number(amount_ore);
    e.text(details);
    e.finish()
}

/// The digests of an event's details, fed one table after the other.
struct DetailsDigest {
    payments: Encoder,
    allocations: Encoder,
    reminders: Encoder,
}

impl DetailsDigest {
    fn new() -> DetailsDigest {
        DetailsDigest {
            payments: Encoder::new(b"payments\n"),
            allocations: Encoder::new(b"allocations\n"),
            reminders: Encoder::new(b"reminders\n"),
        }
    }

    fn finish(self) -> String {
        let mut e = Encoder::new(b"details\n");
        e.text(&self.payments.finish());
        e.text(&self.allocations.finish());
        e.text(&self.reminders.finish());
        e.finish()
    }
}

/// Money that is not whole öre cannot be stored.
fn whole_ore(amount: Decimal) -> Result<i64, Failure> {
    ore(amount).ok_or_else(|| Failure::Other(msg!("receivables-not-whole-ore", amount = amount.to_string())))
}

impl Store {
    /// The next event's sequence number and the next payment's id.
    pub fn next_ids(&self) -> Result<(u64, u64), Failure> {
        let max = |sql: &str| -> Result<u64, Failure> {
            let n: Option<i64> = self.sql(self.conn.query_row(sql, [], |r| r.get(0)))?;
            Ok(n.map_or(1, |n| n as u64 + 1))
        };
        Ok((
            max("SELECT MAX(seq) FROM events")?,
            max("SELECT MAX(id) FROM payments")?,
        ))
    }

    /// Puts an event and its details in, chained to the last event. The
    /// event's `seq` and its payments' ids are the caller's (from
    /// [`Store::next_ids`], under the lock): the primary keys refuse one
    /// taken twice.
    ///
    /// Long on purpose: the three kinds of detail row, each inserted, then
    /// the event with their digest ([`details_digest`]).
    pub fn record(&self, ev: &Event, d: &Details) -> Result<String, Failure> {
        self.refuse_unsigned_commit()?;
        let prev: String = self
            .sql(
                self.conn
                    .query_row("SELECT sha256 FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
                        r.get(0)
                    })
                    .optional(),
            )?
            .unwrap_or_else(|| GENESIS.to_string());
        let seq = ev.seq as i64;
        let (details, count, amount) = details_digest(ev, d)?;
        {
            let mut insert = self.sql(self.conn.prepare_cached(
                "INSERT INTO payments (id, event, kind, date, amount_ore, reference, extra, information, \
                 payer_name, payer_org_nr, payer_account, serial, deposit, line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            ))?;
            for p in &d.payments {
                let f = PaymentFields::stored(p)?;
                self.sql(insert.execute(params![
                    f.id,
                    seq,
                    f.kind,
                    f.date,
                    f.amount_ore,
                    f.reference,
                    f.extra,
                    f.information,
                    f.payer_name,
                    f.payer_org_nr,
                    f.payer_account,
                    f.serial,
                    f.deposit,
                    f.line
                ]))?;
            }
        }
        {
            let mut insert = self.sql(self.conn.prepare_cached(
                "INSERT INTO allocations (event, position, payment, issuer, number, amount_ore, how) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            ))?;
            for (i, a) in d.allocations.iter().enumerate() {
                let a_ore = whole_ore(a.amount)?;
                self.sql(insert.execute(params![
                    seq,
                    i as i64,
                    a.payment as i64,
                    ev.issuer,
                    a.document as i64,
                    a_ore,
                    a.how.as_str()
                ]))?;
            }
        }
        {
            let mut insert = self.sql(self.conn.prepare_cached(
                "INSERT INTO reminders (event, position, issuer, number, ordinal, outstanding_ore, \
                 interest_ore, fee_ore, pay_by, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            ))?;
            for (i, r) in d.reminders.iter().enumerate() {
                let amounts = [
                    whole_ore(r.outstanding)?,
                    whole_ore(r.interest)?,
                    whole_ore(r.fee)?,
                ];
                self.sql(insert.execute(params![
                    seq,
                    i as i64,
                    ev.issuer,
                    r.number as i64,
                    i64::from(r.ordinal),
                    amounts[0],
                    amounts[1],
                    amounts[2],
                    r.pay_by.to_string(),
                    r.basis
                ]))?;
            }
        }
        let sha = event_digest(&prev, ev, count, amount, &details);
        self.sql(self.conn.execute(
            &format!(
                "INSERT INTO events ({EVENT_COLUMNS}) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
            ),
            params![
                seq,
                ev.kind.as_str(),
                ev.issuer,
                ev.date,
                ev.source,
                ev.format,
                ev.file_sha256,
                ev.content_sha256,
                ev.identity,
                ev.bank,
                ev.receivables,
                ev.documents as i64,
                count,
                amount,
                details,
                prev,
                sha,
                self.sign_in(super::signatures::RECEIVABLES_CHAIN, &sha)
            ],
        ))?;
        Ok(sha)
    }

    /// Every event and detail, checked: the events numbered 1, 2, 3 … each
    /// chained to the one before, each still giving its recorded digest,
    /// its details giving theirs, and the payments' ids following on from
    /// one import to the next. A problem names the event; any problem
    /// refuses the ledger.
    ///
    /// Long on purpose: one pass over each table, grouped by event, each
    /// group's digest compared as the events are walked.
    pub fn ledger(&self) -> Result<Ledger, Failure> {
        let mut problems = Diagnostics::new();
        let here = |m| Diagnostic::new(m).in_file(&self.path);
        // The details first, each table's digest per event.
        let mut digests: BTreeMap<i64, DetailsDigest> = BTreeMap::new();
        let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
        let mut ledger = Ledger::default();
        let mut ids_by_event: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        {
            let mut stmt = self.sql(self.conn.prepare(
                "SELECT id, event, kind, date, amount_ore, reference, extra, information, payer_name, \
                 payer_org_nr, payer_account, serial, deposit, line FROM payments ORDER BY id",
            ))?;
            let mut rows = self.sql(stmt.query([]))?;
            while let Some(r) = self.sql(rows.next())? {
                let event: i64 = self.sql(r.get(1))?;
                let kind: String = self.sql(r.get(2))?;
                let f = PaymentFields {
                    id: self.sql(r.get(0))?,
                    kind: if kind == "deduction" {
                        "deduction"
                    } else {
                        "payment"
                    },
                    date: self.sql(r.get(3))?,
                    amount_ore: self.sql(r.get(4))?,
                    reference: self.sql(r.get(5))?,
                    extra: self.sql(r.get(6))?,
                    information: self.sql(r.get(7))?,
                    payer_name: self.sql(r.get(8))?,
                    payer_org_nr: self.sql(r.get(9))?,
                    payer_account: self.sql(r.get(10))?,
                    serial: self.sql(r.get(11))?,
                    deposit: self.sql(r.get(12))?,
                    line: self.sql(r.get(13))?,
                };
                let d = digests.entry(event).or_insert_with(DetailsDigest::new);
                f.encode(&mut d.payments);
                *counts.entry(event).or_default() += 1;
                let span = ids_by_event.entry(event).or_insert((f.id, f.id));
                span.1 = f.id;
                let id = f.id;
                match Some(f)
                    .filter(|f| kind == f.kind)
                    .and_then(PaymentFields::into_row)
                {
                    Some(row) => ledger.payments.push(row),
                    None => problems.push(here(msg!("receivables-payment-unreadable", id = id))),
                }
            }
        }
        {
            let mut stmt = self.sql(self.conn.prepare(
                "SELECT event, position, payment, issuer, number, amount_ore, how FROM allocations \
                 ORDER BY event, position",
            ))?;
            let mut rows = self.sql(stmt.query([]))?;
            while let Some(r) = self.sql(rows.next())? {
                let event: i64 = self.sql(r.get(0))?;
                let how: String = self.sql(r.get(6))?;
                let amount_ore: i64 = self.sql(r.get(5))?;
                let issuer: String = self.sql(r.get(3))?;
                let payment: i64 = self.sql(r.get(2))?;
                let number: i64 = self.sql(r.get(4))?;
                let position: i64 = self.sql(r.get(1))?;
                let d = digests.entry(event).or_insert_with(DetailsDigest::new);
                encode_allocation(
                    &mut d.allocations,
                    position,
                    (payment, &issuer, number, amount_ore, &how),
                );
                let a = Allocation {
                    payment: payment as u64,
                    document: number as u64,
                    amount: kronor(amount_ore),
                    how: How::parse(&how).unwrap_or(How::Manual),
                };
                *counts.entry(event).or_default() += 1;
                ledger.allocations.push((event as u64, a));
            }
        }
        {
            let mut stmt = self.sql(self.conn.prepare(
                "SELECT event, position, issuer, number, ordinal, outstanding_ore, interest_ore, fee_ore, \
                 pay_by, basis FROM reminders ORDER BY event, position",
            ))?;
            let mut rows = self.sql(stmt.query([]))?;
            while let Some(r) = self.sql(rows.next())? {
                let event: i64 = self.sql(r.get(0))?;
                let amounts: [i64; 3] = [self.sql(r.get(5))?, self.sql(r.get(6))?, self.sql(r.get(7))?];
                let issuer: String = self.sql(r.get(2))?;
                let pay_by: String = self.sql(r.get(8))?;
                let Ok(pay_by) = pay_by.parse::<Date>() else {
                    problems.push(here(msg!("receivables-event-edited", seq = event)));
                    continue;
                };
                let row = ReminderRow {
                    number: self.sql(r.get::<_, i64>(3))? as u64,
                    ordinal: self.sql(r.get(4))?,
                    outstanding: kronor(amounts[0]),
                    interest: kronor(amounts[1]),
                    fee: kronor(amounts[2]),
                    pay_by,
                    basis: self.sql(r.get(9))?,
                };
                let d = digests.entry(event).or_insert_with(DetailsDigest::new);
                encode_reminder(&mut d.reminders, self.sql(r.get(1))?, &row, &issuer, amounts);
                *counts.entry(event).or_default() += 1;
                ledger.reminders.push((event as u64, row));
            }
        }
        // Then the events, in order.
        let mut stmt = self.sql(
            self.conn
                .prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq")),
        )?;
        let mut rows = self.sql(stmt.query([]))?;
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1i64;
        let mut next_id = 1i64;
        while let Some(r) = self.sql(rows.next())? {
            let seq: i64 = self.sql(r.get(0))?;
            let kind: String = self.sql(r.get(1))?;
            let ev = Event {
                seq: seq as u64,
                kind: EventKind::parse(&kind).unwrap_or(EventKind::Import),
                issuer: self.sql(r.get(2))?,
                date: self.sql(r.get(3))?,
                source: self.sql(r.get(4))?,
                format: self.sql(r.get(5))?,
                file_sha256: self.sql(r.get(6))?,
                content_sha256: self.sql(r.get(7))?,
                identity: self.sql(r.get(8))?,
                bank: self.sql(r.get(9))?,
                receivables: self.sql(r.get(10))?,
                documents: self.sql(r.get::<_, i64>(11))? as u64,
            };
            let count: i64 = self.sql(r.get(12))?;
            let amount: i64 = self.sql(r.get(13))?;
            let details: String = self.sql(r.get(14))?;
            let recorded_prev: String = self.sql(r.get(15))?;
            let sha: String = self.sql(r.get(16))?;
            if seq != expected_seq {
                problems.push(here(msg!(
                    "receivables-event-gap",
                    expected = expected_seq,
                    found = seq
                )));
            }
            expected_seq = seq + 1;
            let computed = digests.remove(&seq).unwrap_or_else(DetailsDigest::new).finish();
            if EventKind::parse(&kind).is_none()
                || event_digest(&recorded_prev, &ev, count, amount, &details) != sha
                || counts.remove(&seq).unwrap_or(0) != count
            {
                problems.push(here(msg!("receivables-event-edited", seq = seq)));
            } else if computed != details {
                problems.push(here(msg!("receivables-details-edited", seq = seq)));
            } else if recorded_prev != prev {
                problems.push(here(msg!("receivables-event-replaced", seq = seq)));
            }
            if let Some((first, last)) = ids_by_event.remove(&seq) {
                if first != next_id {
                    problems.push(here(msg!(
                        "receivables-payment-gap",
                        seq = seq,
                        expected = next_id,
                        found = first
                    )));
                }
                next_id = last + 1;
            }
            prev = sha;
            ledger.events.push(ev);
        }
        // Details whose event is not there.
        for seq in digests.keys() {
            problems.push(here(msg!("receivables-details-orphaned", seq = *seq)));
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        ledger.head = prev;
        Ok(ledger)
    }

    /// An import of the same file (by its digest) or of the same payments
    /// (by theirs): its sequence number and the file as it was named.
    pub fn imported(
        &self,
        file_sha256: &str,
        content_sha256: &str,
    ) -> Result<Option<(u64, String)>, Failure> {
        let found: Option<(i64, String)> = self.sql(
            self.conn
                .query_row(
                    "SELECT seq, source FROM events WHERE file_sha256 = ?1 OR content_sha256 = ?2 \
                     ORDER BY seq LIMIT 1",
                    [file_sha256, content_sha256],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional(),
        )?;
        Ok(found.map(|(s, n)| (s as u64, n)))
    }

    /// An import of a file with the same identity (BgMax timestamp and
    /// deposits, camt ids): its sequence number and the file as named.
    pub fn same_identity(&self, identity: &str) -> Result<Option<(u64, String)>, Failure> {
        if identity.is_empty() {
            return Ok(None);
        }
        let found: Option<(i64, String)> = self.sql(
            self.conn
                .query_row(
                    "SELECT seq, source FROM events WHERE kind = 'import' AND identity = ?1 ORDER BY seq LIMIT 1",
                    [identity],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional(),
        )?;
        Ok(found.map(|(s, n)| (s as u64, n)))
    }
}

impl Store {
    /// Every reminder with the date of its run, by run and position:
    /// what the reminders' files are made from.
    pub fn reminder_rows(&self) -> Result<Vec<(String, ReminderRow)>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT e.date, r.number, r.ordinal, r.outstanding_ore, r.interest_ore, r.fee_ore, r.pay_by, r.basis \
             FROM reminders r JOIN events e ON e.seq = r.event ORDER BY r.event, r.position",
        ))?;
        let mut rows = self.sql(stmt.query([]))?;
        let mut out = Vec::new();
        while let Some(r) = self.sql(rows.next())? {
            let number: i64 = self.sql(r.get(1))?;
            let pay_by: String = self.sql(r.get(6))?;
            let pay_by = pay_by.parse().map_err(|_| {
                Failure::Input(
                    Diagnostic::new(msg!("receivables-reminder-unreadable", number = number))
                        .in_file(&self.path)
                        .into(),
                )
            })?;
            out.push((
                self.sql(r.get(0))?,
                ReminderRow {
                    number: number as u64,
                    ordinal: self.sql(r.get(2))?,
                    outstanding: kronor(self.sql(r.get(3))?),
                    interest: kronor(self.sql(r.get(4))?),
                    fee: kronor(self.sql(r.get(5))?),
                    pay_by,
                    basis: self.sql(r.get(7))?,
                },
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Encoder;
    use proptest::prelude::*;

    fn as_number(n: i64) -> String {
        let mut e = Encoder::new(b"t");
        e.number(n);
        e.finish()
    }

    fn as_text(n: i64) -> String {
        let mut e = Encoder::new(b"t");
        e.text(&n.to_string());
        e.finish()
    }

    #[test]
    fn a_number_encodes_as_its_text_at_the_edges() {
        for n in [0, 1, -1, 9, 10, -10, 99, 100, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(as_number(n), as_text(n), "{n}");
        }
    }

    proptest! {
        #[test]
        fn a_number_encodes_as_its_text(n in any::<i64>()) {
            prop_assert_eq!(as_number(n), as_text(n));
        }
    }
}
