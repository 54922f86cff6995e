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

use super::matching::{find, Clues, Found, Suggestion};
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

impl Totals {
    /// A party's sums added.
    fn add(&mut self, party: &Party) {
        self.invoiced += party.invoiced;
        self.credited += party.credited;
        self.paid += party.paid;
        self.outstanding += party.outstanding;
        for (t, a) in self.ageing.iter_mut().zip(party.ageing) {
            *t += a;
        }
    }
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
    let docs = docs.iter().filter(|d| d.invoice_date <= date).cloned().collect();
    statement_of(docs, payments, allocations, date, method, texts)
}

/// [`statement`] of documents given whole: each invoice's line keeps its
/// document, not a copy.
pub fn statement_of(
    mut docs: Vec<Doc>,
    payments: &[Paid],
    allocations: &[Allocation],
    date: Date,
    method: OcrMethod,
    texts: &Texts,
) -> Statement {
    docs.retain(|d| d.invoice_date <= date);
    let mut payments: Vec<&Paid> = payments.iter().filter(|p| p.date <= date).collect();
    // By number and by id (as the register gives them: sorting is a pass),
    // found by binary search over the numbers alone: no map of every
    // document.
    docs.sort_by_key(|d| d.number);
    payments.sort_by_key(|p| p.id);
    let numbers: Vec<u64> = docs.iter().map(|d| d.number).collect();
    let ids: Vec<u64> = payments.iter().map(|p| p.id).collect();
    let doc_at = |n: u64| numbers.binary_search(&n).ok();
    let payment_at = |id: u64| ids.binary_search(&id).ok();
    // Each document's invoice (its position): itself, or the one a credit
    // note credits.
    let invoice_of = |n: u64| -> Option<usize> {
        let at = doc_at(n)?;
        match (docs[at].kind, docs[at].credits) {
            (EntryKind::Credit, Some(c)) => doc_at(c),
            (EntryKind::Credit, None) => None,
            (EntryKind::Invoice, _) => Some(at),
        }
    };
    let mut credited: BTreeMap<usize, (Decimal, Vec<u64>)> = BTreeMap::new();
    for d in docs.iter().filter(|d| d.kind == EntryKind::Credit) {
        if let Some(inv) = invoice_of(d.number) {
            let c = credited.entry(inv).or_default();
            c.0 -= d.amount;
            c.1.push(d.number);
        }
    }
    let mut paid = vec![Decimal::ZERO; docs.len()];
    let mut allocated = vec![Decimal::ZERO; payments.len()];
    // Who paid each party's documents (by their position), for suggestions.
    let mut paid_by: Vec<(usize, &PayerInfo)> = Vec::new();
    for a in allocations {
        let (Some(p), Some(inv)) = (payment_at(a.payment), invoice_of(a.document)) else {
            continue;
        };
        paid[inv] += a.amount;
        allocated[p] += a.amount;
        paid_by.push((inv, &payments[p].payer));
    }
    // Each invoice's sums, by position; its line is made last, when its
    // document is no longer looked at.
    let sums: Vec<Option<Sums>> = docs
        .iter()
        .enumerate()
        .map(|(at, d)| {
            (d.kind == EntryKind::Invoice)
                .then(|| sums_of(d, credited.remove(&at).unwrap_or_default(), paid[at], date))
        })
        .collect();
    let mut totals = Totals::default();
    let mut unsettled: Vec<(&Paid, Decimal)> = Vec::new();
    for (p, allocated) in payments.iter().zip(&allocated) {
        totals.received += p.amount;
        let unallocated = p.amount - allocated;
        if !unallocated.is_zero() {
            unsettled.push((p, unallocated));
            totals.unallocated += unallocated;
        }
    }
    let open = {
        let open_docs: Vec<(u64, Decimal)> = docs
            .iter()
            .zip(&sums)
            .filter_map(|(d, s)| Some((d.number, s.as_ref()?.outstanding)))
            .collect();
        let paid_by = paid_by
            .into_iter()
            .map(|(at, payer)| (docs[at].recipient_code.as_str(), payer));
        open_payments(&unsettled, &open_docs, &docs, paid_by, method, texts)
    };
    let lines: Vec<Line> = docs
        .into_iter()
        .zip(sums)
        .filter_map(|(doc, s)| Some(s?.line(doc)))
        .collect();
    let parties = parties(&lines);
    for party in &parties {
        totals.add(party);
    }
    Statement {
        date,
        lines,
        parties,
        open,
        totals,
    }
}

/// The payments not settled in full, with why they found nothing and
/// suggestions; what suggestions look things up in is made only when
/// some payment needs them.
fn open_payments<'a>(
    unsettled: &[(&Paid, Decimal)],
    open_docs: &[(u64, Decimal)],
    docs: &'a [Doc],
    paid_by: impl Iterator<Item = (&'a str, &'a PayerInfo)>,
    method: OcrMethod,
    texts: &Texts,
) -> Vec<Open> {
    if unsettled.is_empty() {
        return Vec::new();
    }
    let clues = Clues::new(docs, open_docs, paid_by);
    let mut open = Vec::with_capacity(unsettled.len());
    for &(p, unallocated) in unsettled {
        let why = match find(p, method, clues.index()) {
            Found::Unmatched(why) => Some(why),
            Found::Documents(_) => None,
        };
        let texts: Vec<&str> = texts
            .get(&p.id)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        open.push(Open {
            payment: p.clone(),
            unallocated,
            why,
            suggestions: clues.suggest(p, unallocated, &texts),
        });
    }
    open
}

/// An invoice's sums on a date: what its credit notes took off (and which
/// they are), what payments settled, what is left and how late.
struct Sums {
    credit_notes: Vec<u64>,
    invoiced: Decimal,
    credited: Decimal,
    paid: Decimal,
    outstanding: Decimal,
    status: Status,
    days_overdue: i64,
    bucket: Option<usize>,
}

impl Sums {
    fn line(self, doc: Doc) -> Line {
        Line {
            doc,
            credit_notes: self.credit_notes,
            invoiced: self.invoiced,
            credited: self.credited,
            paid: self.paid,
            outstanding: self.outstanding,
            status: self.status,
            days_overdue: self.days_overdue,
            bucket: self.bucket,
        }
    }
}

/// An invoice on `date`: what its credit notes took off (and which they
/// are), what payments settled.
fn sums_of(d: &Doc, credited: (Decimal, Vec<u64>), paid: Decimal, date: Date) -> Sums {
    let (credited, notes) = credited;
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
    let days_overdue = if outstanding > Decimal::ZERO {
        late.max(0)
    } else {
        0
    };
    Sums {
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
