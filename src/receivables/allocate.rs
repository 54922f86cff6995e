//! `avgift payments allocate DIR --payment ID --document N [--amount A]`:
//! a payment (or what is left of it) settled against a document by hand,
//! recorded as an event of its own. An allocation takes no more than what
//! is left of its payment, and of its sign; a credit note's allocation
//! settles the invoice it credits.

use std::path::Path;

use rust_decimal::Decimal;

use super::folder::Folder;
use super::words::{kr, parse_amount, status_message};
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::receivables::statement::statement;
use crate::engine::receivables::{Allocation, How};
use crate::invoicing::fail::fail_point;
use crate::invoicing::store::ledger::{Details, Event, EventKind};
use crate::msg;
use crate::msg::Message;

/// What the command line asks.
pub struct Request<'a> {
    pub dir: &'a Path,
    pub payment: u64,
    pub document: u64,
    /// As written, `1250.50` or `1 250,50`.
    pub amount: Option<&'a str>,
    /// The private key that signs the allocation in a signed register.
    pub signing_key: Option<&'a Path>,
}

fn refused(option: &str, m: Message) -> Failure {
    Diagnostics::from(Diagnostic::new(m).in_file(Path::new(option))).into()
}

/// `avgift payments allocate`.
pub fn run(ctx: &Context, req: &Request) -> Result<(), Failure> {
    if !ctx.writes_to_disk() {
        return Err(Failure::Other(msg!("receivables-not-in-memory")));
    }
    let amount = req
        .amount
        .map(parse_amount)
        .transpose()
        .map_err(|m| refused("--amount", m))?;
    let mut folder = Folder::open(ctx, req.dir, req.signing_key)?;
    let result = allocate(&mut folder, req, amount);
    let said = match result {
        Ok(said) => said,
        Err(e) => {
            folder.rollback();
            return Err(e);
        }
    };
    folder.commit()?;
    fail_point();
    folder.write_files(ctx, req.dir)?;
    for m in said {
        ctx.say(&m);
    }
    folder.say_head(ctx)
}

/// Under the lock: the checks and the allocation; what to say after the
/// commit.
fn allocate(folder: &mut Folder, req: &Request, amount: Option<Decimal>) -> Result<Vec<Message>, Failure> {
    fail_point();
    let ledger = &folder.ledger;
    let Some(payment) = ledger.payments.iter().find(|r| r.paid.id == req.payment) else {
        return Err(refused(
            "--payment",
            msg!(
                "allocate-no-payment",
                id = req.payment,
                n = msg::count(ledger.payments.len())
            ),
        ));
    };
    let docs = folder.docs.clone();
    if !docs.iter().any(|d| d.number == req.document) {
        return Err(refused(
            "--document",
            msg!("allocate-no-document", number = req.document),
        ));
    }
    let taken: Decimal = ledger
        .allocations
        .iter()
        .filter(|(_, a)| a.payment == req.payment)
        .map(|(_, a)| a.amount)
        .sum();
    let left = payment.paid.amount - taken;
    if left.is_zero() {
        return Err(refused(
            "--payment",
            msg!(
                "allocate-settled",
                id = req.payment,
                amount = kr(payment.paid.amount)
            ),
        ));
    }
    let amount = amount.unwrap_or(left);
    if (amount > Decimal::ZERO) != (left > Decimal::ZERO) || amount.abs() > left.abs() {
        return Err(refused(
            "--amount",
            msg!(
                "allocate-too-much",
                amount = kr(amount),
                id = req.payment,
                left = kr(left)
            ),
        ));
    }
    let (seq, _) = folder.store.next_ids()?;
    let allocation = Allocation {
        payment: req.payment,
        document: req.document,
        amount,
        how: How::Manual,
    };
    let documents = docs.iter().map(|d| d.number).max().unwrap_or(0);
    let event = Event::own(
        seq,
        EventKind::Allocation,
        &folder.terms.issuer,
        String::new(),
        documents,
    );
    fail_point();
    folder.store.record(
        &event,
        &Details {
            allocations: vec![allocation.clone()],
            ..Details::default()
        },
    )?;
    fail_point();
    Ok(said(folder, &docs, req, allocation, left, seq))
}

/// What to say of an allocation: what went where, where the invoice
/// stands now (after every payment so far), and what is left.
fn said(
    folder: &Folder,
    docs: &[crate::engine::receivables::Doc],
    req: &Request,
    allocation: Allocation,
    left: Decimal,
    seq: u64,
) -> Vec<Message> {
    // Where the document stands now, after every payment so far.
    let ledger = &folder.ledger;
    let Some(doc) = docs.iter().find(|d| d.number == req.document) else {
        return Vec::new();
    };
    let amount = allocation.amount;
    let payments: Vec<_> = ledger.payments.iter().map(|r| r.paid.clone()).collect();
    let mut allocations: Vec<Allocation> = ledger.allocations.iter().map(|(_, a)| a.clone()).collect();
    allocations.push(allocation);
    let last = payments
        .iter()
        .map(|p| p.date)
        .chain(docs.iter().map(|d| d.invoice_date))
        .max()
        .unwrap_or(doc.invoice_date);
    let s = statement(
        docs,
        &payments,
        &allocations,
        last,
        folder.terms.ocr,
        &Default::default(),
    );
    let invoice = doc.credits.unwrap_or(doc.number);
    let status = s
        .lines
        .iter()
        .find(|l| l.doc.number == invoice)
        .map(|l| (l.status, l.outstanding));
    let mut said = vec![msg!(
        "allocate-done",
        amount = kr(amount),
        id = req.payment,
        number = req.document,
        recipient = &doc.recipient,
        seq = seq
    )];
    if let Some((status, outstanding)) = status {
        said.push(msg!(
            "allocate-invoice-now",
            number = invoice,
            status = status_message(status),
            outstanding = kr(outstanding)
        ));
    }
    if left != amount {
        said.push(msg!("allocate-left", id = req.payment, left = kr(left - amount)));
    }
    said
}
