//! Matching, statements and interest on small hand-made registers, and a
//! property test of the balance identity on random ones.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::interest::{late_interest, rate};
use super::matching::{find, name_key, Clues, Found, Index, Reason};
use super::statement::{statement, Status, Texts};
use super::*;
use crate::engine::ident::{ocr_reference, OcrMethod};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn invoice(number: u64, code: &str, amount: &str) -> Doc {
    Doc {
        number,
        kind: EntryKind::Invoice,
        recipient_code: code.into(),
        recipient: format!("Kommun {code}"),
        org_nr: String::new(),
        year: 2023,
        installment: 1,
        installments: 1,
        invoice_date: date("2023-01-16"),
        due_date: date("2023-02-15"),
        amount: d(amount),
        credits: None,
        ocr: ocr_reference(OcrMethod::Luhn, 2023, number),
    }
}

fn credit(number: u64, of: &Doc) -> Doc {
    Doc {
        number,
        kind: EntryKind::Credit,
        amount: -of.amount,
        credits: Some(of.number),
        ocr: ocr_reference(OcrMethod::Luhn, 2023, number),
        ..of.clone()
    }
}

fn payment(id: u64, amount: &str, reference: &str) -> Paid {
    Paid {
        id,
        kind: PaymentKind::Payment,
        date: date("2023-02-10"),
        amount: d(amount),
        reference: reference.into(),
        extra: Vec::new(),
        payer: PayerInfo::default(),
    }
}

#[test]
fn a_reference_finds_its_document_when_its_check_digits_hold() {
    let docs = [invoice(1, "1490", "100"), invoice(8, "1443", "200")];
    let index = Index::of(&docs);
    let r8 = ocr_reference(OcrMethod::Luhn, 2023, 8);
    assert_eq!(r8, "202300083");
    let found = |p: &Paid, m| find(p, m, &index);
    assert_eq!(
        found(&payment(1, "200", &r8), OcrMethod::Luhn),
        Found::Documents(vec![(8, d("200"))])
    );
    // Spaces a person typed are no part of the reference.
    assert_eq!(
        found(&payment(1, "5", "2023 0008 3"), OcrMethod::Luhn),
        Found::Documents(vec![(8, d("5"))])
    );
    // One digit wrong: the check digit says so.
    assert_eq!(
        found(&payment(1, "200", "202300084"), OcrMethod::Luhn),
        Found::Unmatched(Unmatched::Invalid)
    );
    // Valid, but no document has it.
    let r9 = ocr_reference(OcrMethod::Luhn, 2023, 9);
    assert_eq!(
        found(&payment(1, "200", &r9), OcrMethod::Luhn),
        Found::Unmatched(Unmatched::Unknown)
    );
    assert_eq!(
        found(&payment(1, "200", ""), OcrMethod::Luhn),
        Found::Unmatched(Unmatched::NoReference)
    );
    // Under luhn-length the length digit must hold too.
    let ll: Vec<Doc> = [3u64]
        .iter()
        .map(|n| Doc {
            ocr: ocr_reference(OcrMethod::LuhnLength, 2023, *n),
            ..invoice(*n, "1490", "1")
        })
        .collect();
    let index = Index::of(&ll);
    let good = ocr_reference(OcrMethod::LuhnLength, 2023, 3);
    assert_eq!(
        find(&payment(1, "1", &good), OcrMethod::LuhnLength, &index),
        Found::Documents(vec![(3, d("1"))])
    );
    // The Luhn check digit holds but the length digit does not.
    assert_eq!(
        find(&payment(1, "1", "1234564"), OcrMethod::LuhnLength, &index),
        Found::Unmatched(Unmatched::Invalid)
    );
}

#[test]
fn extra_references_that_add_up_settle_each_document_by_its_part() {
    let docs = [
        invoice(4, "1490", "500"),
        invoice(5, "1490", "250"),
        invoice(6, "1490", "30"),
    ];
    let index = Index::of(&docs);
    let r = |n| ocr_reference(OcrMethod::Luhn, 2023, n);
    let mut p = payment(1, "730", "several");
    p.extra = vec![
        (r(4), Some(d("500"))),
        (r(5), Some(d("250"))),
        (r(6), Some(d("-20"))),
    ];
    assert_eq!(
        find(&p, OcrMethod::Luhn, &index),
        Found::Documents(vec![(4, d("500")), (5, d("250")), (6, d("-20"))])
    );
    // Parts that do not add up: the main reference decides.
    p.extra[0].1 = Some(d("499"));
    assert_eq!(
        find(&p, OcrMethod::Luhn, &index),
        Found::Unmatched(Unmatched::Invalid)
    );
}

#[test]
fn statuses_ageing_and_credit_notes() {
    let a = invoice(1, "1490", "1000");
    let b = invoice(2, "1490", "500");
    let c = invoice(3, "1443", "300");
    let e = invoice(4, "1443", "100");
    let f = invoice(5, "1442", "80");
    let cn = credit(6, &f);
    let docs = vec![a, b, c, e, f, cn];
    let payments = vec![
        payment(1, "1000", ""),
        payment(2, "200", ""),
        payment(3, "350", ""),
        payment(4, "70", ""),
    ];
    let alloc = |payment, document, amount: &str| Allocation {
        payment,
        document,
        amount: d(amount),
        how: How::Ocr,
    };
    let allocations = vec![alloc(1, 1, "1000"), alloc(2, 2, "200"), alloc(3, 3, "350")];
    let s = statement(
        &docs,
        &payments,
        &allocations,
        date("2023-04-01"),
        OcrMethod::Luhn,
        &Texts::new(),
    );
    let by = |n: u64| s.lines.iter().find(|l| l.doc.number == n).unwrap();
    assert_eq!(by(1).status, Status::Paid);
    assert_eq!((by(2).status, by(2).outstanding), (Status::PartlyPaid, d("300")));
    assert_eq!((by(3).status, by(3).outstanding), (Status::Overpaid, d("-50")));
    assert_eq!((by(4).status, by(4).days_overdue), (Status::Unpaid, 45));
    assert_eq!((by(5).status, by(5).credited), (Status::Credited, d("80")));
    assert_eq!(by(5).credit_notes, vec![6]);
    // Credit notes are no lines of their own.
    assert_eq!(s.lines.len(), 5);
    // 45 days past due: 31–60; in favour apart.
    let boras = s.parties.iter().find(|p| p.code == "1490").unwrap();
    assert_eq!(boras.outstanding, d("300"));
    assert_eq!(boras.ageing[2], d("300"));
    let mark = s.parties.iter().find(|p| p.code == "1443").unwrap();
    assert_eq!(mark.outstanding, d("50"));
    assert_eq!((mark.ageing[2], mark.ageing[5]), (d("100"), d("-50")));
    // The payment settled against nothing is open, all of it.
    assert_eq!(s.open.len(), 1);
    assert_eq!((s.open[0].payment.id, s.open[0].unallocated), (4, d("70")));
    assert_eq!(s.totals.received, d("1620"));
    assert_eq!(s.totals.paid + s.totals.unallocated, s.totals.received);
    // Not yet due on the due date itself.
    let s = statement(
        &docs,
        &payments,
        &allocations,
        date("2023-02-15"),
        OcrMethod::Luhn,
        &Texts::new(),
    );
    assert!(s.lines.iter().all(|l| l.days_overdue == 0));
    // Before the payments were booked, nothing is paid.
    let s = statement(
        &docs,
        &payments,
        &allocations,
        date("2023-02-01"),
        OcrMethod::Luhn,
        &Texts::new(),
    );
    assert_eq!(s.totals.paid, Decimal::ZERO);
    assert_eq!(s.totals.outstanding, d("1900"));
}

#[test]
fn suggestions_name_the_likely_documents_and_why() {
    let mut docs = vec![
        invoice(1, "1490", "1000"),
        invoice(2, "1443", "70"),
        invoice(3, "1442", "400"),
    ];
    docs[0].recipient = "Borås".into();
    docs[0].org_nr = "212000-1561".into();
    docs[2].recipient = "Vårgårda".into();
    let open = vec![(1, d("1000")), (2, d("70")), (3, d("400"))];
    let earlier = PayerInfo {
        name: "Kassan".into(),
        org_nr: String::new(),
        account: "99123".into(),
    };
    let clues = Clues::new(&docs, &open, [("1442", &earlier)]);
    let mut p = payment(9, "70", "");
    p.payer = PayerInfo {
        name: "Borås Stad".into(),
        org_nr: "2120001561".into(),
        account: String::new(),
    };
    let s = clues.suggest(&p, d("70"), &[]);
    assert_eq!(s[0].document, 1);
    assert_eq!(s[0].reasons, vec![Reason::SameOrgNr, Reason::SameName]);
    assert_eq!(
        (s[1].document, s[1].reasons.clone()),
        (2, vec![Reason::SameAmount])
    );
    // The account that paid Vårgårda before, and a reference in a message.
    let mut q = payment(10, "5", "");
    q.payer.account = "99123".into();
    let text = format!("Faktura {}", ocr_reference(OcrMethod::Luhn, 2023, 2));
    let s = clues.suggest(&q, d("5"), &[&text]);
    let got: Vec<(u64, Vec<Reason>)> = s.into_iter().map(|s| (s.document, s.reasons)).collect();
    assert_eq!(
        got,
        vec![(2, vec![Reason::Reference]), (3, vec![Reason::SameAccount])]
    );
    assert_eq!(name_key("Bollebygds kommun"), name_key("Bollebygd"));
    assert_eq!(name_key("  "), None);
}

#[test]
fn interest_runs_from_the_day_after_the_due_date_on_what_is_outstanding() {
    // 10 000 kr, due 2023-02-15, reference rate 4 %: 12 % a year.
    let r = rate(d("0.04"));
    assert_eq!(r, d("0.12"));
    let i = late_interest(d("10000"), &[], date("2023-02-15"), date("2023-03-17"), r);
    // 30 days: 10 000 × 0,12 × 30 / 365 = 98,630… kr.
    assert_eq!(i.periods.len(), 1);
    assert_eq!(i.periods[0].days, 30);
    assert_eq!(i.amount, d("98.63"));
    // 4 000 paid on 2023-03-01: 13 days on 10 000 (16–28 February), 17
    // on 6 000.
    let i = late_interest(
        d("10000"),
        &[(date("2023-03-01"), d("4000"))],
        date("2023-02-15"),
        date("2023-03-17"),
        r,
    );
    let days: Vec<(i64, Decimal)> = i.periods.iter().map(|p| (p.days, p.base)).collect();
    assert_eq!(days, vec![(13, d("10000")), (17, d("6000"))]);
    // (130 000 + 102 000) × 0,12 / 365 = 76,273… kr.
    assert_eq!(i.amount, d("76.27"));
    // Paid in full before the end: no interest after.
    let i = late_interest(
        d("100"),
        &[(date("2023-02-20"), d("100"))],
        date("2023-02-15"),
        date("2023-03-17"),
        r,
    );
    assert_eq!(i.periods.len(), 1);
    assert_eq!(i.periods[0].days, 4);
    // Not yet due: nothing.
    let i = late_interest(d("100"), &[], date("2023-02-15"), date("2023-02-15"), r);
    assert!(i.periods.is_empty() && i.amount.is_zero());
}

/// A random register: invoices to a few parties, some credited, and
/// payments allocated in parts to random documents (never more than the
/// payment).
fn register() -> impl Strategy<Value = (Vec<Doc>, Vec<Paid>, Vec<Allocation>)> {
    let invoices = prop::collection::vec((0usize..4, -5_000i64..2_000_000, 0u32..200), 1..25);
    let credits = prop::collection::vec(any::<prop::sample::Index>(), 0..6);
    let payments = prop::collection::vec(
        (
            -50_000i64..3_000_000,
            prop::collection::vec((any::<prop::sample::Index>(), 1u32..=100), 0..4),
            0u32..120,
        ),
        0..30,
    );
    (invoices, credits, payments).prop_map(|(invoices, credits, payments)| {
        let codes = ["1490", "1443", "1442", "hsnk"];
        let mut docs: Vec<Doc> = invoices
            .iter()
            .enumerate()
            .map(|(i, (party, ore, day))| {
                let mut doc = invoice(i as u64 + 1, codes[*party], "0");
                doc.amount = Decimal::new(*ore, 2);
                doc.invoice_date = date("2023-01-01").add_days(i64::from(*day));
                doc.due_date = doc.invoice_date.add_days(30);
                doc
            })
            .collect();
        let mut credited = std::collections::BTreeSet::new();
        for pick in credits {
            let of = docs[pick.index(invoices.len())].clone();
            if credited.insert(of.number) {
                let mut c = credit(docs.len() as u64 + 1, &of);
                c.invoice_date = of.invoice_date.add_days(3);
                docs.push(c);
            }
        }
        let mut paid = Vec::new();
        let mut allocations = Vec::new();
        for (k, (ore, parts, day)) in payments.into_iter().enumerate() {
            let id = k as u64 + 1;
            let amount = Decimal::new(ore, 2);
            let mut left = amount;
            for (pick, percent) in parts {
                // A share of what is left, in whole öre, of the payment's sign.
                let part = (left * Decimal::from(percent) / Decimal::ONE_HUNDRED).trunc_with_scale(2);
                if part.is_zero() {
                    continue;
                }
                left -= part;
                allocations.push(Allocation {
                    payment: id,
                    document: docs[pick.index(docs.len())].number,
                    amount: part,
                    how: How::Manual,
                });
            }
            let mut p = payment(id, "0", "");
            p.amount = amount;
            p.date = date("2023-01-01").add_days(i64::from(day));
            paid.push(p);
        }
        (docs, paid, allocations)
    })
}

proptest! {
    /// Per party invoiced − credited − paid = outstanding, the ageing
    /// columns add up to it, and the parties' sum is the register's:
    /// every invoice and credit note dated by then, less every allocation
    /// of a payment booked by then to a document dated by then.
    #[test]
    fn per_party_invoiced_less_credited_less_paid_is_outstanding((docs, paid, allocations) in register(), day in 0i64..400) {
        let on = date("2023-01-01").add_days(day);
        let s = statement(&docs, &paid, &allocations, on, OcrMethod::Luhn, &Texts::new());
        for p in &s.parties {
            prop_assert_eq!(p.invoiced - p.credited - p.paid, p.outstanding);
            prop_assert_eq!(p.ageing.iter().copied().sum::<Decimal>(), p.outstanding);
        }
        let dated: std::collections::BTreeMap<u64, &Doc> =
            docs.iter().filter(|d| d.invoice_date <= on).map(|d| (d.number, d)).collect();
        let booked: std::collections::BTreeSet<u64> =
            paid.iter().filter(|p| p.date <= on).map(|p| p.id).collect();
        let documents: Decimal = dated.values().map(|d| d.amount).sum();
        let settled: Decimal = allocations
            .iter()
            .filter(|a| booked.contains(&a.payment) && dated.contains_key(&a.document))
            .map(|a| a.amount)
            .sum();
        let outstanding: Decimal = s.parties.iter().map(|p| p.outstanding).sum();
        prop_assert_eq!(outstanding, documents - settled);
        prop_assert_eq!(s.totals.outstanding, outstanding);
        prop_assert_eq!(s.totals.paid, settled);
        let lines: Decimal = s.lines.iter().map(|l| l.outstanding).sum();
        prop_assert_eq!(lines, outstanding);
        prop_assert_eq!(s.totals.paid + s.totals.unallocated, s.totals.received);
    }
}
