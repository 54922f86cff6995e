//! `avgift payments import FILE -o DIR`: a payment file (BgMax, camt.054
//! or CSV, recognised by its content) read and checked whole, then booked
//! into the folder's register in one transaction: the payments, and the
//! allocations their OCR references find. The same file (or the same
//! payments in other bytes) imported again books nothing; a file for
//! another bankgiro, a test file, or a folder without the accounts to book
//! to, is refused with nothing booked. Then the year's SIE file gains a
//! voucher per payment.

use std::collections::BTreeMap;
use std::path::Path;

use super::folder::Folder;
use super::words::kr;
use crate::context::input::{read_input, Input};
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::digest::sha256_hex;
use crate::engine::date::Date;
use crate::engine::ident::Bankgiro;
use crate::engine::payment::{AccountKind, FileIdentity, PaymentFile, PaymentKind};
use crate::engine::receivables::matching::{digits, find, Found, Index};
use crate::engine::receivables::statement::{statement, Status, Texts};
use crate::engine::receivables::{Allocation, How, Paid, PayerInfo, Unmatched};
use crate::invoicing::fail::fail_point;
use crate::invoicing::store::ledger::{Details, Event, EventKind, PaymentRow};
use crate::msg;
use crate::msg::Message;

/// At most this many unmatched payments are named one by one.
const SHOWN: usize = 50;

/// What identifies a file beyond its bytes, as the register keeps it.
pub fn identity_text(identity: &FileIdentity) -> String {
    match identity {
        FileIdentity::BgMax {
            timestamp,
            deposit_serials,
        } => format!("bgmax {timestamp} {}", deposit_serials.join(",")),
        FileIdentity::Camt054 {
            message_id,
            notification_ids,
        } => format!("camt.054 {message_id} {}", notification_ids.join(",")),
        FileIdentity::None => String::new(),
    }
}

/// The register's rows of a file's payments, with ids from `first`.
pub fn rows(file: &PaymentFile, first: u64) -> Vec<PaymentRow> {
    let mut out = Vec::new();
    for d in &file.deposits {
        for p in &d.payments {
            let name = [p.payer.name.as_deref(), p.payer.extra_name.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let serial = [
                &p.bank_ids.serial,
                &p.bank_ids.end_to_end_id,
                &p.bank_ids.transaction_id,
            ]
            .into_iter()
            .find_map(|s| s.clone())
            .unwrap_or_default();
            out.push(PaymentRow {
                paid: Paid {
                    id: first + out.len() as u64,
                    kind: p.kind,
                    date: p.date,
                    amount: p.amount,
                    reference: p.reference.text.clone(),
                    extra: p
                        .extra_references
                        .iter()
                        .map(|x| (x.reference.text.clone(), x.amount))
                        .collect(),
                    payer: PayerInfo {
                        name,
                        org_nr: p.payer.org_nr.as_deref().map(digits).unwrap_or_default(),
                        account: p.payer.account.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
                    },
                },
                information: p.information.clone(),
                serial,
                deposit: d.serial.clone().unwrap_or_default(),
                line: p.place.line as u64,
            });
        }
    }
    out
}

/// The digest of a file's payments, whatever bytes carried them: the same
/// payments in a copy with other line ends, or a CSV saved again, are
/// recognised as imported.
pub fn content_digest(rows: &[PaymentRow]) -> String {
    let payments: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let p = &r.paid;
            serde_json::json!([
                matches!(p.kind, PaymentKind::Deduction),
                p.date.to_string(),
                p.amount.to_string(),
                p.reference,
                p.extra
                    .iter()
                    .map(|(x, a)| (x.clone(), a.map(|a| a.to_string())))
                    .collect::<Vec<_>>(),
                p.payer.name,
                p.payer.org_nr,
                p.payer.account,
                r.serial,
                r.deposit,
            ])
        })
        .collect();
    sha256_hex(serde_json::Value::from(payments).to_string().as_bytes())
}

/// The file's recipient accounts against the issuer's bankgiro: each
/// deposit for another account, or for an account that is no bankgiro, is
/// a problem at its place.
fn check_accounts(path: &Path, file: &PaymentFile, bankgiro: &str) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let issuer = Bankgiro::parse(bankgiro).ok();
    for d in &file.deposits {
        let Some(account) = &d.account else { continue };
        let place = |m: Message| Diagnostic::new(m).in_file(path).at_line(d.place.line);
        match (&issuer, &account.kind) {
            (None, _) => problems.push(place(msg!("payments-import-no-bankgiro", account = &account.id))),
            (Some(b), AccountKind::Bankgiro) if b.digits() == account.id => {}
            (Some(b), AccountKind::Bankgiro) => problems.push(place(msg!(
                "payments-import-other-bankgiro",
                found = Bankgiro::parse(&account.id).map_or(account.id.clone(), |x| x.display()),
                bankgiro = b.display()
            ))),
            (Some(b), _) => problems.push(place(msg!(
                "payments-import-not-bankgiro",
                found = &account.id,
                bankgiro = b.display()
            ))),
        }
    }
    // A deposit per problem, each told once.
    problems.0.dedup();
    problems
}

/// What an import booked, for its summary.
struct Booked {
    seq: u64,
    rows: Vec<PaymentRow>,
    allocations: Vec<Allocation>,
    unmatched: Vec<(u64, Unmatched)>,
}

/// `avgift payments import FILE -o DIR`.
pub fn run(ctx: &Context, file: &Path, dir: &Path, signing_key: Option<&Path>) -> Result<(), Failure> {
    if dir.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("receivables-not-stdout")).in_file(Path::new("-o -")),
        )
        .into());
    }
    let bytes = read_input(ctx, file, Input::Import).map_err(Diagnostics::from)?;
    let parsed = crate::read::payments::read(file, &bytes)?;
    if parsed.test {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("payments-import-test-file"))
                .in_file(file)
                .at_line(1),
        )
        .into());
    }
    // The register is a database updated in place.
    if !ctx.writes_to_disk() {
        return Err(Failure::Other(msg!("receivables-not-in-memory")));
    }
    let file_sha256 = ctx.input_digest(file).unwrap_or_else(|| sha256_hex(&bytes));
    let mut folder = Folder::open(ctx, dir, signing_key)?;
    let result = book(&mut folder, file, &parsed, &file_sha256);
    let booked = match result {
        Ok(b) => b,
        Err(e) => {
            folder.rollback();
            return Err(e);
        }
    };
    match &booked {
        Ok(b) if !b.rows.is_empty() => folder.commit()?,
        _ => folder.rollback(),
    }
    fail_point();
    let written = folder.write_files(ctx, dir)?;
    let committed = matches!(&booked, Ok(b) if !b.rows.is_empty());
    match booked {
        Ok(b) => summary(ctx, &folder, file, &parsed, &b, dir),
        Err(already) => ctx.say(&already),
    }
    if written > 0 {
        ctx.say(&msg!(
            "payments-import-wrote",
            files = msg::count(written),
            folder = dir
        ));
    }
    if committed {
        folder.say_head(ctx)?;
    }
    Ok(())
}

/// Under the lock: the checks, then the payments and what they settle, in
/// the transaction; `Err(message)` inside when the file was imported before.
fn book(
    folder: &mut Folder,
    file: &Path,
    parsed: &PaymentFile,
    file_sha256: &str,
) -> Result<Result<Booked, Message>, Failure> {
    fail_point();
    let terms = folder.terms.clone();
    let mut problems = check_accounts(file, parsed, &terms.bankgiro);
    for (key, value) in [("bank", &terms.bank), ("receivables", &terms.receivables)] {
        if value.is_empty() {
            problems.push(
                Diagnostic::new(msg!(
                    "payments-import-no-account",
                    key = format!("invoice.accounts.{key}")
                ))
                .in_file(folder.store.path()),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let (seq, first_id) = folder.store.next_ids()?;
    let rows = rows(parsed, first_id);
    let content = content_digest(&rows);
    if let Some((was, source)) = folder.store.imported(file_sha256, &content)? {
        return Ok(Err(msg!(
            "payments-import-already",
            file = file,
            seq = was,
            source = source
        )));
    }
    let identity = identity_text(&parsed.identity);
    if let Some((was, source)) = folder.store.same_identity(&identity)? {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("payments-import-same-identity", seq = was, source = source))
                .in_file(file)
                .at_line(1),
        )
        .into());
    }
    if rows.is_empty() {
        return Ok(Err(msg!("payments-import-nothing", file = file)));
    }
    let docs = &folder.docs;
    let index = Index::of(docs);
    let mut allocations = Vec::new();
    let mut unmatched = Vec::new();
    for r in &rows {
        match find(&r.paid, terms.ocr, &index) {
            Found::Documents(parts) => {
                allocations.extend(parts.into_iter().map(|(document, amount)| Allocation {
                    payment: r.paid.id,
                    document,
                    amount,
                    how: How::Ocr,
                }))
            }
            Found::Unmatched(why) => unmatched.push((r.paid.id, why)),
        }
    }
    let event = Event {
        seq,
        kind: EventKind::Import,
        issuer: terms.issuer.clone(),
        date: String::new(),
        source: file.display().to_string(),
        format: parsed.format.label(),
        file_sha256: Some(file_sha256.to_string()),
        content_sha256: Some(content),
        identity,
        bank: terms.bank.clone(),
        receivables: terms.receivables.clone(),
        documents: docs.iter().map(|d| d.number).max().unwrap_or(0),
    };
    let details = Details {
        payments: rows,
        allocations,
        reminders: Vec::new(),
    };
    fail_point();
    folder.store.record(&event, &details)?;
    fail_point();
    Ok(Ok(Booked {
        seq,
        rows: details.payments,
        allocations: details.allocations,
        unmatched,
    }))
}

/// What the import booked, on standard error: the file, the documents its
/// payments settled by status, and each payment that found none with
/// suggestions.
fn summary(ctx: &Context, folder: &Folder, file: &Path, parsed: &PaymentFile, b: &Booked, dir: &Path) {
    ctx.say(&msg!(
        "payments-import-summary",
        file = file,
        format = parsed.format.label(),
        payments = msg::count(b.rows.len()),
        deposits = msg::count(parsed.deposits.len()),
        total = kr(parsed.total()),
        seq = b.seq
    ));
    let deductions = b
        .rows
        .iter()
        .filter(|r| r.paid.kind == PaymentKind::Deduction)
        .count();
    if deductions > 0 {
        ctx.say(&msg!("payments-import-deductions", n = msg::count(deductions)));
    }
    if parsed.skipped.debits + parsed.skipped.not_booked > 0 {
        ctx.say(&msg!(
            "payments-import-skipped",
            debits = msg::count(parsed.skipped.debits),
            pending = msg::count(parsed.skipped.not_booked)
        ));
    }
    // Where the documents it settled stand, after every payment so far.
    let docs = &folder.docs;
    let mut payments: Vec<Paid> = folder.ledger.payments.iter().map(|r| r.paid.clone()).collect();
    payments.extend(b.rows.iter().map(|r| r.paid.clone()));
    let mut allocations: Vec<Allocation> = folder.ledger.allocations.iter().map(|(_, a)| a.clone()).collect();
    allocations.extend(b.allocations.iter().cloned());
    let last = payments
        .iter()
        .map(|p| p.date)
        .chain(docs.iter().map(|d| d.invoice_date))
        .max()
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    let texts: Texts = b
        .rows
        .iter()
        .map(|r| (r.paid.id, r.information.clone()))
        .collect();
    let s = statement(docs, &payments, &allocations, last, folder.terms.ocr, &texts);
    let settled: std::collections::BTreeSet<u64> = b.allocations.iter().map(|a| a.document).collect();
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    for l in s
        .lines
        .iter()
        .filter(|l| settled.contains(&l.doc.number) || l.credit_notes.iter().any(|c| settled.contains(c)))
    {
        *by_status.entry(l.status).or_default() += 1;
    }
    let n = |s: Status| msg::count(by_status.get(&s).copied().unwrap_or(0));
    if b.rows.len() > b.unmatched.len() {
        ctx.say(&msg!(
            "payments-import-matched",
            payments = msg::count(b.rows.len() - b.unmatched.len()),
            documents = msg::count(by_status.values().sum::<usize>()),
            paid = n(Status::Paid),
            partly = n(Status::PartlyPaid),
            over = n(Status::Overpaid),
            unpaid = n(Status::Unpaid)
        ));
    }
    if b.unmatched.is_empty() {
        return;
    }
    ctx.say(&msg!(
        "payments-import-unmatched",
        n = msg::count(b.unmatched.len()),
        folder = dir
    ));
    let open: BTreeMap<u64, &crate::engine::receivables::statement::Open> =
        s.open.iter().map(|o| (o.payment.id, o)).collect();
    for (id, why) in b.unmatched.iter().take(SHOWN) {
        let Some(o) = open.get(id) else { continue };
        ctx.say(&super::statement::unmatched_line(o, Some(*why)));
    }
    if b.unmatched.len() > SHOWN {
        ctx.say(&msg!(
            "payments-import-more-unmatched",
            n = msg::count(b.unmatched.len() - SHOWN),
            folder = dir
        ));
    }
}
