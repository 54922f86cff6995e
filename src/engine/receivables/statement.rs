//! What is owed on a date: per invoice the amount invoiced, credited, paid
//! and outstanding, its due date and days overdue; per party the balance
//! and its ageing; the payments not (wholly) settled against a document,
//! with suggestions.
//!
//! As of a date: documents dated on or before it, payments booked on or
//! before it, and the allocations between those. A credit note settles
//! against the invoice it credits: it is the invoice's "credited", and a
//! payment allocated to the credit note counts as paid on that invoice.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::matching::{find, Clues, Found, Index, Suggestion};
use super::{Allocation, Doc, Paid, PayerInfo, Unmatched};
use crate::engine::date::Date;
use crate::engine::ident::OcrMethod;
use crate::engine::register::EntryKind;

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Nothing paid (or only deductions), something outstanding.
    Unpaid,
    /// Paid in part.
    PartlyPaid,
    /// Nothing outstanding, something paid.
    Paid,
    /// Paid more than was owed: a balance in the payer's favour.
    Overpaid,
    /// Credited in full, nothing paid.
    Credited,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unpaid => "unpaid",
            Status::PartlyPaid => "partly_paid",
            Status::Paid => "paid",
            Status::Overpaid => "overpaid",
            Status::Credited => "credited",
        }
    }

    pub fn label_sv(self) -> &'static str {
        match self {
            Status::Unpaid => "obetald",
            Status::PartlyPaid => "delvis betald",
            Status::Paid => "betald",
            Status::Overpaid => "överbetald",
            Status::Credited => "krediterad",
        }
    }
}

/// The ageing columns: an outstanding amount by its days past the due
/// date, and a balance in the payer's favour apart.
pub const BUCKETS: usize = 6;

/// The ageing columns' names, for scripts.
pub const BUCKET_NAMES: [&str; BUCKETS] = [
    "not_due",
    "days_1_30",
    "days_31_60",
    "days_61_90",
    "days_over_90",
    "in_favour",
];

/// The ageing columns as Swedish tables and workbooks head them.
pub const BUCKET_LABELS: [&str; BUCKETS] = [
    "Ej förfallet",
    "1–30 dagar",
    "31–60 dagar",
    "61–90 dagar",
    "Över 90 dagar",
    "Tillgodo",
];

/// The ageing column of an amount outstanding `days` past its due date
/// (0 or less: not yet due); a negative amount is in the payer's favour;
/// nothing for nothing outstanding.
pub fn bucket(outstanding: Decimal, days: i64) -> Option<usize> {
    if outstanding.is_zero() {
        None
    } else if outstanding < Decimal::ZERO {
        Some(5)
    } else {
        Some(match days {
            ..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        })
    }
}

/// One invoice on the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub doc: Doc,
    /// The credit notes that credit it (dated on or before the date).
    pub credit_notes: Vec<u64>,
    pub invoiced: Decimal,
    /// What its credit notes took off (positive).
    pub credited: Decimal,
    /// What payments settled (on it and on its credit notes).
    pub paid: Decimal,
    /// invoiced − credited − paid; negative when overpaid.
    pub outstanding: Decimal,
    pub status: Status,
    /// Days past the due date while something is outstanding; else 0.
    pub days_overdue: i64,
    pub bucket: Option<usize>,
}

/// One party (municipality or external payer) on the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub code: String,
    pub name: String,
    pub invoiced: Decimal,
    pub credited: Decimal,
    pub paid: Decimal,
    /// The balance: invoiced − credited − paid.
    pub outstanding: Decimal,
    pub ageing: [Decimal; BUCKETS],
}

/// A payment not wholly settled against documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    pub payment: Paid,
    /// What no document has of it.
    pub unallocated: Decimal,
    /// Why its references found no document (none when they did and a
    /// part was left over).
    pub why: Option<Unmatched>,
    pub suggestions: Vec<Suggestion>,
}

/// The sums of a statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub invoiced: Decimal,
    pub credited: Decimal,
    /// Payments settled against documents.
    pub paid: Decimal,
    pub outstanding: Decimal,
    pub ageing: [Decimal; BUCKETS],
    /// Every payment booked (deductions negative).
    pub received: Decimal,
    /// What no document has of them.
    pub unallocated: Decimal,
}

/// What is owed on `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub date: Date,
    /// Every invoice, by number.
    pub lines: Vec<Line>,
    /// Every party with an invoice, by code.
    pub parties: Vec<Party>,
    /// Payments with something unallocated, by id.
    pub open: Vec<Open>,
    pub totals: Totals,
}

/// The payments' texts that suggestions read besides the reference, by
/// payment id (a message such as `Faktura 2023000108`).
pub type Texts = BTreeMap<u64, Vec<String>>;

/// What is owed on `date`, from the register's documents, payments and
/// allocations; `method` is the issuer's OCR method (for the reasons a
/// payment found nothing).
pub fn statement(
    docs: &[Doc],
    payments: &[Paid],
    allocations: &[Allocation],
    date: Date,
    method: OcrMethod,
    texts: &Texts,
) -> Statement {
    let docs: Vec<Doc> = docs.iter().filter(|d| d.invoice_date <= date).cloned().collect();
    let payments: Vec<&Paid> = payments.iter().filter(|p| p.date <= date).collect();
    let by_number: BTreeMap<u64, &Doc> = docs.iter().map(|d| (d.number, d)).collect();
    let by_id: BTreeMap<u64, &Paid> = payments.iter().map(|p| (p.id, *p)).collect();
    // Each document's invoice: itself, or the one a credit note credits.
    let invoice_of = |n: u64| -> Option<u64> {
        let d = by_number.get(&n)?;
        match (d.kind, d.credits) {
            (EntryKind::Credit, Some(c)) => by_number.contains_key(&c).then_some(c),
            (EntryKind::Credit, None) => None,
            (EntryKind::Invoice, _) => Some(n),
        }
    };
    let mut credited: BTreeMap<u64, (Decimal, Vec<u64>)> = BTreeMap::new();
    for d in &docs {
        if let (EntryKind::Credit, Some(inv)) = (d.kind, invoice_of(d.number)) {
            let c = credited.entry(inv).or_default();
            c.0 -= d.amount;
            c.1.push(d.number);
        }
    }
    let mut paid: BTreeMap<u64, Decimal> = BTreeMap::new();
    let mut allocated: BTreeMap<u64, Decimal> = BTreeMap::new();
    // Who paid each party's documents, for suggestions.
    let mut paid_by: Vec<(&str, &PayerInfo)> = Vec::new();
    for a in allocations {
        let (Some(p), Some(inv)) = (by_id.get(&a.payment), invoice_of(a.document)) else {
            continue;
        };
        *paid.entry(inv).or_default() += a.amount;
        *allocated.entry(a.payment).or_default() += a.amount;
        if let Some(d) = by_number.get(&inv) {
            paid_by.push((d.recipient_code.as_str(), &p.payer));
        }
    }
    let lines: Vec<Line> = docs
        .iter()
        .filter(|d| d.kind == EntryKind::Invoice)
        .map(|d| line(d, credited.remove(&d.number).unwrap_or_default(), paid.get(&d.number).copied(), date))
        .collect();
    let parties = parties(&lines);
    let open_docs: Vec<(u64, Decimal)> = lines.iter().map(|l| (l.doc.number, l.outstanding)).collect();
    let clues = Clues::new(&docs, &open_docs, paid_by);
    let index = Index::of(&docs);
    let mut open = Vec::new();
    let mut totals = Totals::default();
    for p in &payments {
        totals.received += p.amount;
        let unallocated = p.amount - allocated.get(&p.id).copied().unwrap_or_default();
        if unallocated.is_zero() {
            continue;
        }
        let why = match find(p, method, &index) {
            Found::Unmatched(why) => Some(why),
            Found::Documents(_) => None,
        };
        let texts: Vec<&str> = texts.get(&p.id).into_iter().flatten().map(String::as_str).collect();
        open.push(Open {
            payment: (*p).clone(),
            unallocated,
            why,
            suggestions: clues.suggest(p, unallocated, &texts),
        });
        totals.unallocated += unallocated;
    }
    for party in &parties {
        totals.invoiced += party.invoiced;
        totals.credited += party.credited;
        totals.paid += party.paid;
        totals.outstanding += party.outstanding;
        for (t, a) in totals.ageing.iter_mut().zip(party.ageing) {
            *t += a;
        }
    }
    Statement {
        date,
        lines,
        parties,
        open,
        totals,
    }
}

/// An invoice on `date`: what its credit notes took off (and which they
/// are), what payments settled.
fn line(d: &Doc, credited: (Decimal, Vec<u64>), paid: Option<Decimal>, date: Date) -> Line {
    let (credited, notes) = credited;
    let paid = paid.unwrap_or_default();
    let outstanding = d.amount - credited - paid;
    let status = if outstanding > Decimal::ZERO {
        if paid <= Decimal::ZERO {
            Status::Unpaid
        } else {
            Status::PartlyPaid
        }
    } else if outstanding < Decimal::ZERO {
        Status::Overpaid
    } else if paid.is_zero() && !credited.is_zero() {
        Status::Credited
    } else {
        Status::Paid
    };
    let late = d.due_date.days_until(date);
    let days_overdue = if outstanding > Decimal::ZERO { late.max(0) } else { 0 };
    Line {
        doc: d.clone(),
        credit_notes: notes,
        invoiced: d.amount,
        credited,
        paid,
        outstanding,
        status,
        days_overdue,
        bucket: bucket(outstanding, late),
    }
}

/// Each party's sums over its invoices, by code; named as its latest
/// invoice names it.
fn parties(lines: &[Line]) -> Vec<Party> {
    let mut out: BTreeMap<&str, Party> = BTreeMap::new();
    for l in lines {
        let p = out.entry(l.doc.recipient_code.as_str()).or_insert_with(|| Party {
            code: l.doc.recipient_code.clone(),
            name: String::new(),
            invoiced: Decimal::ZERO,
            credited: Decimal::ZERO,
            paid: Decimal::ZERO,
            outstanding: Decimal::ZERO,
            ageing: [Decimal::ZERO; BUCKETS],
        });
        p.name = l.doc.recipient.clone();
        p.invoiced += l.invoiced;
        p.credited += l.credited;
        p.paid += l.paid;
        p.outstanding += l.outstanding;
        if let Some(b) = l.bucket {
            p.ageing[b] += l.outstanding;
        }
    }
    out.into_values().collect()
}
