//! The decisions of an invoicing run, pure: the register's state and the
//! run's documents in, a plan of the documents to number out (or why the
//! run is refused). No I/O: the workflow reads the state from the register
//! and commits the plan.

use std::collections::BTreeMap;

use super::document::{Correction, Document};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::invoice;
use crate::engine::register::EntryKind;
use crate::msg;
use crate::msg::Message;
use crate::sv;

/// One recipient's documents as this run would make them (unnumbered):
/// one per installment.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Municipality code or payer id.
    pub key: String,
    pub parts: Vec<Document>,
}

/// What a final run needs to know of the register.
#[derive(Debug, Clone, Default)]
pub struct FinalState {
    /// The next number of the issuer's series.
    pub next: u64,
    /// Per recipient of the run: its documents of the year that no credit
    /// note has cancelled (invoices, and difference invoices that correct
    /// them).
    pub active: BTreeMap<String, Vec<Document>>,
}

/// What a credit or correction run needs to know of the register.
#[derive(Debug, Clone, Default)]
pub struct CreditState {
    pub next: u64,
    /// The document to credit or correct, if the register holds it.
    pub original: Option<Document>,
    /// The credit note that already credits it.
    pub credited_by: Option<u64>,
    /// The documents that refer to it by a correction (a credit note
    /// offset against a replacement, the replacement, difference
    /// invoices), with whether a credit note has cancelled each.
    pub corrections: Vec<(Document, bool)>,
}

/// How `--correct N` corrects an invoice (the tariff's
/// `invoice.corrections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CorrectionMode {
    /// A credit note of N and a replacement invoice, in one transaction.
    #[default]
    Replace,
    /// One difference invoice (positive or negative) that refers to N.
    Difference,
}

/// The documents of a run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// To be numbered and committed, in number order.
    pub new: Vec<Document>,
    /// Already in the register, unchanged (a final run again on the same inputs).
    pub kept: Vec<Document>,
    /// Invoices this run's inputs would change, each with what corrects
    /// it: said, not refused.
    pub changed: Vec<Message>,
    /// What a credit or correction run found already done (the retry of
    /// a run that was stopped after its commit): said with exit 0 once the
    /// files are complete.
    pub already: Option<Message>,
}

impl Plan {
    /// The plan without the documents' lines, once they are committed:
    /// what is said of it needs their numbers, recipients and amounts.
    pub fn lighten(&mut self) {
        for d in self.new.iter_mut().chain(self.kept.iter_mut()) {
            d.entry.lines = Vec::new();
            d.view.lines = Vec::new();
            if let Some(e) = d.view.einvoice.as_mut() {
                e.line_names = Vec::new();
            }
        }
    }
}

/// A document's amounts per (activity, charge), lines of no amount left
/// out: what two documents charge, in any order. The basis texts are
/// wording, which a later version of the program may change.
fn amounts(lines: &[invoice::InvoiceLine]) -> BTreeMap<(&str, &str), rust_decimal::Decimal> {
    let mut out: BTreeMap<(&str, &str), rust_decimal::Decimal> = BTreeMap::new();
    for l in lines {
        *out.entry((l.activity.as_str(), l.charge.as_str())).or_default() += l.amount;
    }
    out.retain(|_, a| !a.is_zero());
    out
}

/// An invoice's amounts with its difference invoices added: what the
/// recipient is charged for it now.
fn effective<'a>(
    invoice: &'a Document,
    differences: &[&'a Document],
) -> BTreeMap<(&'a str, &'a str), rust_decimal::Decimal> {
    let mut out = amounts(&invoice.entry.lines);
    for d in differences {
        if d.view.correction == Some(Correction::Difference(invoice.entry.number)) {
            for (k, a) in amounts(&d.entry.lines) {
                *out.entry(k).or_default() += a;
            }
        }
    }
    out.retain(|_, a| !a.is_zero());
    out
}

/// The sum of an invoice's amounts with its differences.
fn effective_total(invoice: &Document, differences: &[&Document]) -> rust_decimal::Decimal {
    effective(invoice, differences).values().sum()
}

/// A final run: each installment of a recipient that has no active
/// invoice gets the next number; one whose invoice charges the same again
/// keeps it; one whose invoice would change is listed with the command
/// that corrects it, and an invoice split otherwise than the run asks is
/// listed with how to split it anew. Nothing is refused. `command` is the
/// run's command (`avgift invoice TARIFF -o DIR`), which the messages
/// complete.
pub fn finalise(state: &FinalState, batch: &[Candidate], command: &str) -> Plan {
    let mut plan = Plan::default();
    let mut next = state.next;
    let none = Vec::new();
    for c in batch {
        let active = state.active.get(&c.key).unwrap_or(&none);
        let differences: Vec<&Document> = active.iter().filter(|d| is_difference(d)).collect();
        let invoices: Vec<&Document> = active.iter().filter(|d| !is_difference(d)).collect();
        let split = |d: &Document| (d.entry.installment, d.entry.installments);
        let mut split_otherwise = false;
        for a in &invoices {
            if !c
                .parts
                .iter()
                .any(|p| p.entry.installments == a.entry.installments)
            {
                split_otherwise = true;
                let e = &a.entry;
                plan.changed.push(msg!(
                    "invoicing-conflict-installments",
                    number = e.number,
                    recipient = msg::name(&e.recipient),
                    year = e.year,
                    installment = e.installment,
                    of = e.installments,
                    installments = msg::count(c.parts.len()),
                    command = command
                ));
            }
        }
        if split_otherwise {
            continue;
        }
        for p in &c.parts {
            match invoices.iter().find(|a| split(a) == split(p)) {
                Some(a) if effective(a, &differences) == amounts(&p.entry.lines) => {
                    plan.kept.push((*a).clone());
                    plan.kept.extend(
                        differences
                            .iter()
                            .filter(|d| d.view.correction == Some(Correction::Difference(a.entry.number)))
                            .map(|d| (*d).clone()),
                    );
                }
                Some(a) => {
                    let e = &a.entry;
                    plan.changed.push(msg!(
                        "invoicing-conflict-amount",
                        number = e.number,
                        recipient = msg::name(&e.recipient),
                        year = e.year,
                        from = sv::kr_int(effective_total(a, &differences)),
                        to = sv::kr_int(p.entry.amount),
                        command = command
                    ));
                }
                None => {
                    let mut d = p.clone();
                    d.entry.number = next;
                    next += 1;
                    plan.new.push(d);
                }
            }
        }
    }
    plan.kept.sort_by_key(|d| d.entry.number);
    plan
}

/// A difference invoice: it corrects another invoice, which stands.
fn is_difference(d: &Document) -> bool {
    matches!(d.view.correction, Some(Correction::Difference(_)))
}

/// A refusal of `--credit N` or `--correct N`, at that option.
fn refuse(option: &str, number: u64, m: Message) -> Diagnostics {
    let place = std::path::PathBuf::from(format!("{option} {number}"));
    Diagnostics::from(Diagnostic::new(m).in_file(&place))
}

/// The invoice a credit or correction is for, or why there is none to
/// credit.
fn original<'a>(state: &'a CreditState, option: &str, number: u64) -> Result<&'a Document, Diagnostics> {
    match &state.original {
        None => Err(refuse(option, number, msg!("invoicing-credit-no-invoice"))),
        Some(o) if o.entry.kind == EntryKind::Credit => {
            Err(refuse(option, number, msg!("invoicing-credit-of-credit")))
        }
        Some(o) => Ok(o),
    }
}

/// The credit note of `original`: its lines negated, numbered `number`,
/// dated `date`, with its parties.
fn credit_note(original: &Document, number: u64, date: Date, tool: &str) -> Document {
    let e = &original.entry;
    let negated = invoice::credit(&invoice::Invoice {
        recipient: invoice::Recipient::Payer(e.recipient_code.clone()),
        name: e.recipient.clone(),
        year: e.year,
        installment: (e.installment, e.installments),
        lines: e.lines.clone(),
    });
    let mut d = original.clone();
    d.entry.number = number;
    d.entry.kind = EntryKind::Credit;
    d.entry.invoice_date = date;
    d.entry.due_date = date;
    d.entry.amount = -e.amount;
    d.entry.credits = Some(e.number);
    d.entry.lines = negated.lines;
    d.ocr = String::new();
    d.sha256 = String::new();
    d.view.tool = tool.to_string();
    d.view.correction = None;
    d.view.layout = super::document::LAYOUT;
    d
}

/// A credit run: the credit note of a final invoice, numbered next, dated
/// `date`, with the invoice's lines negated and its parties. An invoice
/// already credited is a credit run done before (stopped, or run twice):
/// nothing new, said once the files are complete.
pub fn credit(state: &CreditState, number: u64, date: Date, tool: &str) -> Result<Plan, Diagnostics> {
    let original = original(state, "--credit", number)?;
    if let Some(by) = state.credited_by {
        return Ok(Plan {
            already: Some(msg!("invoicing-credit-already", number = by)),
            ..Plan::default()
        });
    }
    let open: Vec<String> = state
        .corrections
        .iter()
        .filter(|(d, credited)| !credited && is_difference(d))
        .map(|(d, _)| d.entry.number.to_string())
        .collect();
    if !open.is_empty() {
        return Err(refuse(
            "--credit",
            number,
            msg!("correct-credit-differences-first", numbers = open.join(", ")),
        ));
    }
    Ok(Plan {
        new: vec![credit_note(original, state.next, date, tool)],
        ..Plan::default()
    })
}

/// A correction run (`--final --correct N`): invoice N against `now`,
/// the document this run's inputs give for N's recipient and installment
/// (`None` when the tariff no longer invoices the recipient). In
/// [`CorrectionMode::Replace`], a credit note of N (offset against the
/// replacement) and the replacement, numbered one after the other; in
/// [`CorrectionMode::Difference`], one invoice of the differences per
/// activity and charge. A correction already made is said, not made again.
pub fn correct(
    state: &CreditState,
    number: u64,
    now: Option<&Document>,
    mode: CorrectionMode,
    date: Date,
    tool: &str,
) -> Result<Plan, Diagnostics> {
    let original = original(state, "--correct", number)?;
    let refused = |m: Message| Err(refuse("--correct", number, m));
    let referring = |c: fn(u64) -> Correction| {
        state
            .corrections
            .iter()
            .filter(move |(d, credited)| !credited && d.view.correction == Some(c(number)))
            .map(|(d, _)| d)
    };
    if let Some(by) = state.credited_by {
        return match referring(Correction::Replaces).next() {
            Some(r) => Ok(Plan {
                already: Some(msg!(
                    "correct-already-replaced",
                    credit = by,
                    replacement = r.entry.number
                )),
                ..Plan::default()
            }),
            None => refused(msg!(
                "correct-credited",
                credit = by,
                key = &original.entry.recipient_code
            )),
        };
    }
    let Some(now) = now else {
        return refused(msg!("correct-not-invoiced", key = &original.entry.recipient_code));
    };
    let differences: Vec<&Document> = referring(Correction::Difference).collect();
    if effective(original, &differences) == amounts(&now.entry.lines) {
        return Ok(Plan {
            already: Some(match differences.last() {
                Some(d) => msg!("correct-already-difference", difference = d.entry.number),
                None => msg!("correct-unchanged"),
            }),
            ..Plan::default()
        });
    }
    let mut next = now.clone();
    next.entry.installment = original.entry.installment;
    next.entry.installments = original.entry.installments;
    match mode {
        CorrectionMode::Replace => {
            if !differences.is_empty() {
                let numbers: Vec<String> = differences.iter().map(|d| d.entry.number.to_string()).collect();
                return refused(msg!("correct-replace-differences", numbers = numbers.join(", ")));
            }
            let mut credit = credit_note(original, state.next, date, tool);
            credit.view.correction = Some(Correction::Offset(number));
            next.entry.number = state.next + 1;
            next.view.correction = Some(Correction::Replaces(number));
            Ok(Plan {
                new: vec![credit, next],
                ..Plan::default()
            })
        }
        CorrectionMode::Difference => {
            let lines = difference_lines(original, &differences, &now.entry.lines);
            let views = difference_views(original, now, &lines);
            next.entry.number = state.next;
            next.entry.amount = lines.iter().map(|l| l.amount).sum();
            next.entry.lines = lines;
            next.view.lines = views;
            if next.entry.amount < rust_decimal::Decimal::ZERO {
                next.entry.due_date = date;
            }
            next.view.correction = Some(Correction::Difference(number));
            if let Some(ev) = next.view.einvoice.as_mut() {
                let names = line_names(original, now, &next.entry.lines);
                ev.line_names = names;
            }
            Ok(Plan {
                new: vec![next],
                ..Plan::default()
            })
        }
    }
}

/// The lines of a difference invoice: per activity and charge, what the
/// tariff gives now less what was invoiced (with earlier differences), in
/// the order of the new lines, then the lines that are gone; a line whose
/// amount did not change is left out.
fn difference_lines(
    original: &Document,
    differences: &[&Document],
    now: &[invoice::InvoiceLine],
) -> Vec<invoice::InvoiceLine> {
    let before = effective(original, differences);
    let after = amounts(now);
    let zero = rust_decimal::Decimal::ZERO;
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for l in now {
        let key = (l.activity.as_str(), l.charge.as_str());
        if !seen.insert(key) {
            continue;
        }
        let was = before.get(&key).copied().unwrap_or(zero);
        let is = after.get(&key).copied().unwrap_or(zero);
        if was != is {
            out.push(invoice::InvoiceLine {
                amount: is - was,
                basis: format!("{}; tidigare fakturerat {} kr", l.basis, sv::kr_int(was)),
                ..l.clone()
            });
        }
    }
    for l in &original.entry.lines {
        let key = (l.activity.as_str(), l.charge.as_str());
        if seen.insert(key) {
            if let Some(was) = before.get(&key).filter(|a| !a.is_zero()) {
                out.push(invoice::InvoiceLine {
                    amount: -*was,
                    basis: format!("utgår; tidigare fakturerat {} kr", sv::kr_int(*was)),
                    ..l.clone()
                });
            }
        }
    }
    out
}

/// Each difference line's label and account: the new line's, else the
/// original's.
fn difference_views(
    original: &Document,
    now: &Document,
    lines: &[invoice::InvoiceLine],
) -> Vec<super::document::LineView> {
    lines
        .iter()
        .map(|l| {
            let find = |d: &Document| {
                d.entry
                    .lines
                    .iter()
                    .zip(&d.view.lines)
                    .find(|(x, _)| (&x.activity, &x.charge) == (&l.activity, &l.charge))
                    .map(|(_, v)| v.clone())
            };
            find(now).or_else(|| find(original)).unwrap_or_default()
        })
        .collect()
}

/// Each difference line's name on the e-invoice: the new line's, else the
/// original's.
fn line_names(original: &Document, now: &Document, lines: &[invoice::InvoiceLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let find = |d: &Document| {
                let names = &d.view.einvoice.as_ref()?.line_names;
                d.entry
                    .lines
                    .iter()
                    .zip(names)
                    .find(|(x, _)| (&x.activity, &x.charge) == (&l.activity, &l.charge))
                    .map(|(_, n)| n.clone())
            };
            find(now)
                .or_else(|| find(original))
                .unwrap_or_else(|| l.activity.clone())
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::invoice::InvoiceLine;
    use crate::engine::register::RegisterEntry;
    use crate::invoicing::document::{LineView, View};
    use rust_decimal::Decimal;

    /// A one-line document for the tests.
    pub(crate) fn doc(key: &str, number: u64, amount: i64, k: u32, n: u32, digest: &str) -> Document {
        Document {
            entry: RegisterEntry {
                number,
                issuer: "222000-0000".into(),
                kind: EntryKind::Invoice,
                recipient_code: key.into(),
                recipient: format!("R{key}"),
                year: 2023,
                installment: k,
                installments: n,
                invoice_date: "2023-01-16".parse().unwrap(),
                due_date: "2023-02-15".parse().unwrap(),
                amount: Decimal::from(amount),
                credits: None,
                inputs_sha256: digest.into(),
                lines: vec![InvoiceLine {
                    activity: "A".into(),
                    charge: "c".into(),
                    basis: "b".into(),
                    amount: Decimal::from(amount),
                }],
            },
            ocr: String::new(),
            view: View {
                lines: vec![LineView::default()],
                ..View::default()
            },
            sha256: String::new(),
        }
    }

    fn candidate(key: &str, amount: i64, digest: &str) -> Candidate {
        Candidate {
            key: key.into(),
            parts: vec![doc(key, 0, amount, 1, 1, digest)],
        }
    }

    /// A recipient's invoice in `n` installments of `amount` each.
    fn split(key: &str, amount: i64, n: u32) -> Candidate {
        Candidate {
            key: key.into(),
            parts: (1..=n).map(|k| doc(key, 0, amount, k, n, "d")).collect(),
        }
    }

    #[test]
    fn new_recipients_are_numbered_in_order_from_next() {
        let state = FinalState {
            next: 7,
            ..FinalState::default()
        };
        let batch = [candidate("1383", 10, "d"), candidate("1490", 20, "d")];
        let plan = finalise(&state, &batch, "avgift invoice t -o f");
        let numbers: Vec<u64> = plan.new.iter().map(|d| d.entry.number).collect();
        assert_eq!(numbers, [7, 8]);
        assert!(plan.kept.is_empty() && plan.changed.is_empty());
    }

    #[test]
    fn the_same_again_is_kept_and_a_change_is_listed_with_its_correction() {
        let mut state = FinalState {
            next: 3,
            ..FinalState::default()
        };
        state
            .active
            .insert("1490".into(), vec![doc("1490", 2, 20, 1, 1, "d")]);
        let plan = finalise(&state, &[candidate("1490", 20, "d")], "c");
        assert!(plan.new.is_empty() && plan.changed.is_empty());
        assert_eq!(plan.kept[0].entry.number, 2);
        // Changed: not numbered, listed with the command that corrects it;
        // the others of the batch are numbered as usual.
        let plan = finalise(
            &state,
            &[candidate("1490", 21, "e"), candidate("1383", 5, "e")],
            "c",
        );
        assert_eq!(plan.new.len(), 1);
        assert_eq!(plan.new[0].entry.recipient_code, "1383");
        assert_eq!(plan.changed.len(), 1);
        assert!(
            plan.changed[0].to_string().contains("c --final --correct 2"),
            "{}",
            plan.changed[0]
        );
        // The same amounts from other inputs, or reworded: unchanged.
        let mut reworded = candidate("1490", 20, "e");
        reworded.parts[0].entry.lines[0].basis = "another wording".into();
        let plan = finalise(&state, &[reworded], "c");
        assert!(plan.new.is_empty() && plan.changed.is_empty());
        assert_eq!(plan.kept[0].entry.number, 2);
    }

    /// Each installment of 2 and of 12 credited: the run numbers that one
    /// anew, alone, and keeps the others as unchanged.
    #[test]
    fn a_credited_installment_is_issued_again_and_the_others_are_unchanged() {
        for n in [2u32, 12] {
            for credited in 1..=n {
                let active: Vec<Document> = (1..=n)
                    .filter(|k| *k != credited)
                    .map(|k| doc("1463", u64::from(k), 10, k, n, "d"))
                    .collect();
                let mut state = FinalState {
                    next: u64::from(n) + 2,
                    ..FinalState::default()
                };
                state.active.insert("1463".into(), active);
                let plan = finalise(&state, &[split("1463", 10, n)], "c");
                assert!(plan.changed.is_empty(), "{n}/{credited}: {:?}", plan.changed);
                assert_eq!(plan.new.len(), 1, "{n}/{credited}");
                let e = &plan.new[0].entry;
                assert_eq!(
                    (e.installment, e.installments, e.number),
                    (credited, n, u64::from(n) + 2)
                );
                assert_eq!(plan.kept.len(), n as usize - 1);
                // Again, with every installment active: all unchanged.
                let mut again = state.clone();
                again.active.get_mut("1463").unwrap().push(plan.new[0].clone());
                let plan = finalise(&again, &[split("1463", 10, n)], "c");
                assert!(plan.new.is_empty() && plan.changed.is_empty(), "{n}/{credited}");
                assert_eq!(plan.kept.len(), n as usize);
            }
        }
    }

    #[test]
    fn installments_split_otherwise_are_listed_and_nothing_is_numbered_for_them() {
        let mut state = FinalState {
            next: 5,
            ..FinalState::default()
        };
        state
            .active
            .insert("1490".into(), vec![doc("1490", 2, 20, 1, 1, "d")]);
        let plan = finalise(&state, &[split("1490", 10, 2)], "c");
        assert!(plan.new.is_empty());
        assert_eq!(plan.changed.len(), 1);
        assert!(
            plan.changed[0].to_string().contains("c --credit 2"),
            "{}",
            plan.changed[0]
        );
    }

    #[test]
    fn a_credit_negates_and_takes_the_next_number_once() {
        let original = doc("1490", 8, 20, 1, 1, "d");
        let date = "2023-03-01".parse().unwrap();
        let state = CreditState {
            next: 12,
            original: Some(original.clone()),
            ..CreditState::default()
        };
        let plan = credit(&state, 8, date, "t").unwrap();
        let c = &plan.new[0].entry;
        assert_eq!((c.number, c.kind, c.credits), (12, EntryKind::Credit, Some(8)));
        assert_eq!(c.amount, -original.entry.amount);
        assert_eq!(c.lines.iter().map(|l| l.amount).sum::<Decimal>(), c.amount);
        // Credited already (a retry): nothing new, said.
        let twice = CreditState {
            credited_by: Some(12),
            ..state.clone()
        };
        let again = credit(&twice, 8, date, "t").unwrap();
        assert!(again.new.is_empty());
        assert_eq!(again.already.unwrap().to_string(), "already credited by 12");
        let missing = CreditState::default();
        assert!(credit(&missing, 8, date, "t").is_err());
    }

    #[test]
    fn a_correction_credits_and_replaces_in_one_plan() {
        let original = doc("1490", 8, 20, 1, 1, "d");
        let now = doc("1490", 0, 25, 1, 1, "e");
        let date = "2023-03-01".parse().unwrap();
        let state = CreditState {
            next: 12,
            original: Some(original.clone()),
            ..CreditState::default()
        };
        let plan = correct(&state, 8, Some(&now), CorrectionMode::Replace, date, "t").unwrap();
        let [credit, replacement] = &plan.new[..] else {
            panic!("{:?}", plan.new)
        };
        assert_eq!((credit.entry.number, credit.entry.credits), (12, Some(8)));
        assert_eq!(credit.view.correction, Some(Correction::Offset(8)));
        assert_eq!(replacement.entry.number, 13);
        assert_eq!(replacement.entry.amount, Decimal::from(25));
        assert_eq!(replacement.view.correction, Some(Correction::Replaces(8)));
        // Unchanged: nothing to do.
        let same = correct(&state, 8, Some(&original), CorrectionMode::Replace, date, "t").unwrap();
        assert!(same.new.is_empty() && same.already.is_some());
        // Done already: credited, with its replacement.
        let mut done = state.clone();
        done.credited_by = Some(12);
        done.corrections = vec![(replacement.clone(), false)];
        let again = correct(&done, 8, Some(&now), CorrectionMode::Replace, date, "t").unwrap();
        assert!(again.new.is_empty());
        assert!(again
            .already
            .unwrap()
            .to_string()
            .contains("12 and replacement 13"));
    }

    #[test]
    fn a_difference_invoice_carries_the_difference_and_counts_as_the_invoice_after() {
        let original = doc("1490", 8, 20, 1, 1, "d");
        let date = "2023-03-01".parse().unwrap();
        let state = CreditState {
            next: 12,
            original: Some(original.clone()),
            ..CreditState::default()
        };
        for (to, diff) in [(25i64, 5i64), (14, -6)] {
            let now = doc("1490", 0, to, 1, 1, "e");
            let plan = correct(&state, 8, Some(&now), CorrectionMode::Difference, date, "t").unwrap();
            let d = &plan.new[0];
            assert_eq!(d.entry.amount, Decimal::from(diff));
            assert_eq!(
                d.entry.lines.iter().map(|l| l.amount).sum::<Decimal>(),
                d.entry.amount
            );
            assert_eq!(d.view.correction, Some(Correction::Difference(8)));
            assert_eq!(d.view.lines.len(), d.entry.lines.len());
            // A final run after it sees the invoice as corrected.
            let mut fin = FinalState {
                next: 13,
                ..FinalState::default()
            };
            let mut d = d.clone();
            d.entry.number = 12;
            fin.active.insert("1490".into(), vec![original.clone(), d]);
            let plan = finalise(&fin, &[candidate("1490", to, "e")], "c");
            assert!(plan.new.is_empty() && plan.changed.is_empty(), "{to}");
            assert_eq!(plan.kept.len(), 2);
        }
    }
}
