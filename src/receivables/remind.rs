//! `avgift remind DIR --date D`: a reminder ("Betalningspåminnelse", a
//! PDF in the folder) for each invoice overdue on D, with what is
//! outstanding, the original due date and OCR reference; optionally the
//! late-payment interest under räntelagen (`--reference-rate`) and a
//! reminder fee (`--fee`). The register records each reminder and its
//! date, so a second run on the same date reminds no one again.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::folder::Folder;
use super::letter::Basis;
use super::words::{kr, parse_amount, parse_rate};
use crate::audit::TOOL;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::date::Date;
use crate::engine::receivables::interest::{late_interest, rate};
use crate::engine::receivables::statement::{statement, Line};
use crate::engine::receivables::{Allocation, Doc, Paid};
use crate::invoicing::fail::fail_point;
use crate::invoicing::store::ledger::{Details, Event, EventKind, ReminderRow};
use crate::msg;
use crate::msg::Message;

/// What the command line asks.
pub struct Request<'a> {
    pub dir: &'a Path,
    /// `YYYY-MM-DD` or `today`.
    pub date: &'a str,
    /// The reference rate (Riksbanken's, as a per cent or fraction text):
    /// late-payment interest at it plus 8 percentage points.
    pub reference_rate: Option<&'a str>,
    /// A reminder fee in kronor.
    pub fee: Option<&'a str>,
    /// Days from the reminder to its "pay by" date.
    pub payment_days: u32,
    /// The private key that signs the reminders' event in a signed register.
    pub signing_key: Option<&'a Path>,
}

fn refused(option: &str, m: Message) -> Failure {
    Diagnostics::from(Diagnostic::new(m).in_file(Path::new(option))).into()
}

/// What changed an invoice's outstanding amount and when: its credit notes
/// and the payments allocated to it or to them, each (date, amount off).
fn changes(
    line: &Line,
    docs: &BTreeMap<u64, &Doc>,
    payments: &BTreeMap<u64, &Paid>,
    allocations: &[Allocation],
) -> Vec<(Date, Decimal)> {
    let mine: Vec<u64> = std::iter::once(line.doc.number)
        .chain(line.credit_notes.iter().copied())
        .collect();
    let mut out: Vec<(Date, Decimal)> = line
        .credit_notes
        .iter()
        .filter_map(|n| docs.get(n))
        .map(|c| (c.invoice_date, -c.amount))
        .collect();
    for a in allocations.iter().filter(|a| mine.contains(&a.document)) {
        if let Some(p) = payments.get(&a.payment) {
            out.push((p.date, a.amount));
        }
    }
    out
}

/// `avgift remind`.
pub fn run(ctx: &Context, req: &Request) -> Result<(), Failure> {
    if !ctx.writes_to_disk() {
        return Err(Failure::Other(msg!("receivables-not-in-memory")));
    }
    let date = match req.date {
        "today" => crate::invoicing::today().ok_or_else(|| Failure::Other(msg!("receivables-no-clock")))?,
        d => d
            .parse::<Date>()
            .map_err(|e| refused("--date", msg!("receivables-date-option", why = e)))?,
    };
    let reference = req
        .reference_rate
        .map(parse_rate)
        .transpose()
        .map_err(|m| refused("--reference-rate", m))?;
    let fee = req
        .fee
        .map(parse_amount)
        .transpose()
        .map_err(|m| refused("--fee", m))?
        .unwrap_or_default();
    if fee < Decimal::ZERO {
        return Err(refused("--fee", msg!("remind-negative-fee", found = kr(fee))));
    }
    let mut folder = Folder::open(ctx, req.dir, req.signing_key)?;
    let result = remind(&mut folder, req, date, reference, fee);
    let (made, skipped) = match result {
        Ok(r) => r,
        Err(e) => {
            folder.rollback();
            return Err(e);
        }
    };
    if made.is_empty() {
        folder.rollback();
    } else {
        folder.commit()?;
    }
    fail_point();
    let written = folder.write_files(ctx, req.dir)?;
    let total: Decimal = made.iter().map(|r| r.outstanding + r.interest + r.fee).sum();
    ctx.say(&match (made.len(), skipped) {
        (0, 0) => msg!("remind-none", date = date.to_string()),
        (0, n) => msg!("remind-already", n = msg::count(n), date = date.to_string()),
        (n, k) => msg!(
            "remind-made",
            n = msg::count(n),
            total = kr(total),
            date = date.to_string(),
            already = msg::count(k)
        ),
    });
    if written > 0 {
        ctx.say(&msg!(
            "remind-wrote",
            files = msg::count(written),
            folder = req.dir
        ));
    }
    if !made.is_empty() {
        folder.say_head(ctx)?;
    }
    Ok(())
}

/// Under the lock: the invoices overdue on `date` not yet reminded on it,
/// each a reminder row, recorded as one event. Returns the rows and how
/// many overdue invoices were reminded on the date before.
fn remind(
    folder: &mut Folder,
    req: &Request,
    date: Date,
    reference: Option<Decimal>,
    fee: Decimal,
) -> Result<(Vec<ReminderRow>, usize), Failure> {
    fail_point();
    let ledger = &folder.ledger;
    let docs = &folder.docs;
    let payments: Vec<Paid> = ledger.payments.iter().map(|r| r.paid.clone()).collect();
    let allocations: Vec<Allocation> = ledger.allocations.iter().map(|(_, a)| a.clone()).collect();
    let s = statement(
        docs,
        &payments,
        &allocations,
        date,
        folder.terms.ocr,
        &Default::default(),
    );
    let dates: BTreeMap<u64, &str> = ledger.events.iter().map(|e| (e.seq, e.date.as_str())).collect();
    // Each document's reminders so far, and whether one was on `date`.
    let mut before: BTreeMap<u64, (u32, bool)> = BTreeMap::new();
    let today = date.to_string();
    for (seq, r) in &ledger.reminders {
        let b = before.entry(r.number).or_default();
        b.0 += 1;
        b.1 |= dates.get(seq).is_some_and(|d| *d == today);
    }
    let by_number: BTreeMap<u64, &Doc> = docs.iter().map(|d| (d.number, d)).collect();
    let by_id: BTreeMap<u64, &Paid> = payments.iter().map(|p| (p.id, p)).collect();
    let mut rows = Vec::new();
    let mut skipped = 0;
    for line in s.lines.iter().filter(|l| l.days_overdue > 0) {
        let (count, today) = before.get(&line.doc.number).copied().unwrap_or_default();
        if today {
            skipped += 1;
            continue;
        }
        let interest = reference.map(|r| {
            let changes = changes(line, &by_number, &by_id, &allocations);
            let due = line.doc.due_date;
            let at_due = line.invoiced
                - changes
                    .iter()
                    .filter(|c| c.0 <= due)
                    .map(|c| c.1)
                    .sum::<Decimal>();
            (r, late_interest(at_due, &changes, due, date, rate(r)))
        });
        let basis = Basis {
            invoiced: line.invoiced,
            credited: line.credited,
            paid: line.paid,
            credit_notes: line.credit_notes.clone(),
            interest: interest.as_ref().map(|(r, i)| (*r, i.rate, i.periods.clone())),
            tool: TOOL.to_string(),
        };
        rows.push(ReminderRow {
            number: line.doc.number,
            ordinal: count + 1,
            outstanding: line.outstanding,
            interest: interest.map(|(_, i)| i.amount).unwrap_or_default(),
            fee,
            pay_by: date.add_days(i64::from(req.payment_days)),
            basis: basis.to_json(),
        });
    }
    if rows.is_empty() {
        return Ok((rows, skipped));
    }
    let (seq, _) = folder.store.next_ids()?;
    let documents = docs.iter().map(|d| d.number).max().unwrap_or(0);
    let event = Event::own(seq, EventKind::Reminders, &folder.terms.issuer, today, documents);
    let details = Details {
        reminders: rows,
        ..Details::default()
    };
    fail_point();
    folder.store.record(&event, &details)?;
    fail_point();
    Ok((details.reminders, skipped))
}
