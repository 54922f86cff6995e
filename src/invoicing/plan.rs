//! The decisions of an invoicing run, pure: the register's state and the
//! run's documents in, a plan of the documents to number out (or why the
//! run is refused). No I/O: the workflow reads the state from the register
//! and commits the plan.

use std::collections::BTreeMap;
use std::path::Path;

use super::document::Document;
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
    /// Per recipient of the run: its invoices of the year that no credit
    /// note has cancelled.
    pub active: BTreeMap<String, Vec<Document>>,
}

/// What a credit run needs to know of the register.
#[derive(Debug, Clone, Default)]
pub struct CreditState {
    pub next: u64,
    /// The document to credit, if the register holds it.
    pub original: Option<Document>,
    /// The credit note that already credits it.
    pub credited_by: Option<u64>,
}

/// The documents of a run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// To be numbered and committed, in number order.
    pub new: Vec<Document>,
    /// Already in the register, unchanged (a final run again on the same inputs).
    pub kept: Vec<Document>,
}

/// Whether two documents' lines charge the same: the same activities and
/// charges, the same amounts, in the same order. The basis texts are
/// wording, which a later version of the program may change.
fn same_amounts(a: &[invoice::InvoiceLine], b: &[invoice::InvoiceLine]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (&x.activity, &x.charge, x.amount) == (&y.activity, &y.charge, y.amount))
}

/// A final run: each recipient without an active invoice gets the next
/// numbers; one whose invoices are the same again keeps them; any other
/// difference is refused, naming the invoice and what to do.
pub fn finalise(
    state: &FinalState,
    batch: &[Candidate],
    digest: &str,
    installments: u32,
    register: &Path,
) -> Result<Plan, Diagnostics> {
    let mut plan = Plan::default();
    let mut conflicts = Diagnostics::new();
    let mut next = state.next;
    let none = Vec::new();
    for c in batch {
        let active = state.active.get(&c.key).unwrap_or(&none);
        if active.is_empty() {
            for p in &c.parts {
                let mut d = p.clone();
                d.entry.number = next;
                next += 1;
                plan.new.push(d);
            }
            continue;
        }
        let same = active.len() == c.parts.len()
            && c.parts.iter().all(|p| {
                active.iter().any(|a| {
                    (a.entry.installment, a.entry.installments) == (p.entry.installment, p.entry.installments)
                        && a.entry.inputs_sha256 == digest
                        && same_amounts(&a.entry.lines, &p.entry.lines)
                })
            });
        if same {
            plan.kept.extend(active.iter().cloned());
            continue;
        }
        for a in active {
            let e = &a.entry;
            let part = c
                .parts
                .iter()
                .find(|p| (p.entry.installment, p.entry.installments) == (e.installment, e.installments));
            let conflict = match part {
                Some(p) if same_amounts(&p.entry.lines, &e.lines) => msg!(
                    "invoicing-conflict-other-inputs",
                    number = e.number,
                    recipient = &e.recipient,
                    year = e.year
                ),
                Some(p) => msg!(
                    "invoicing-conflict-amount",
                    number = e.number,
                    recipient = &e.recipient,
                    year = e.year,
                    from = sv::kr_int(e.amount),
                    to = sv::kr_int(p.entry.amount),
                    key = &c.key
                ),
                None => msg!(
                    "invoicing-conflict-installments",
                    number = e.number,
                    recipient = &e.recipient,
                    year = e.year,
                    installment = e.installment,
                    of = e.installments,
                    installments = msg::count(installments)
                ),
            };
            conflicts.push(Diagnostic::new(conflict).in_file(register));
        }
    }
    conflicts.into_result(plan)
}

/// A credit run: the credit note of a final invoice, numbered next, dated
/// `date`, with the invoice's lines negated and its parties.
pub fn credit(state: &CreditState, number: u64, date: Date, tool: &str) -> Result<Plan, Diagnostics> {
    let place = || std::path::PathBuf::from(format!("--credit {number}"));
    let refuse = |m: Message| Err(Diagnostics::from(Diagnostic::new(m).in_file(&place())));
    let original = match &state.original {
        None => return refuse(msg!("invoicing-credit-no-invoice")),
        Some(o) if o.entry.kind == EntryKind::Credit => return refuse(msg!("invoicing-credit-of-credit")),
        Some(o) => o,
    };
    if let Some(by) = state.credited_by {
        return refuse(msg!("invoicing-credit-already", number = by));
    }
    let e = &original.entry;
    let negated = invoice::credit(&invoice::Invoice {
        recipient: invoice::Recipient::Payer(e.recipient_code.clone()),
        name: e.recipient.clone(),
        year: e.year,
        installment: (e.installment, e.installments),
        lines: e.lines.clone(),
    });
    let mut d = original.clone();
    d.entry.number = state.next;
    d.entry.kind = EntryKind::Credit;
    d.entry.invoice_date = date;
    d.entry.due_date = date;
    d.entry.amount = -e.amount;
    d.entry.credits = Some(number);
    d.entry.lines = negated.lines;
    d.ocr = String::new();
    d.view.tool = tool.to_string();
    Ok(Plan {
        new: vec![d],
        kept: Vec::new(),
    })
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
        }
    }

    fn candidate(key: &str, amount: i64, digest: &str) -> Candidate {
        Candidate {
            key: key.into(),
            parts: vec![doc(key, 0, amount, 1, 1, digest)],
        }
    }

    #[test]
    fn new_recipients_are_numbered_in_order_from_next() {
        let state = FinalState {
            next: 7,
            ..FinalState::default()
        };
        let batch = [candidate("1383", 10, "d"), candidate("1490", 20, "d")];
        let plan = finalise(&state, &batch, "d", 1, Path::new("r")).unwrap();
        let numbers: Vec<u64> = plan.new.iter().map(|d| d.entry.number).collect();
        assert_eq!(numbers, [7, 8]);
        assert!(plan.kept.is_empty());
    }

    #[test]
    fn the_same_again_is_kept_and_a_change_is_refused() {
        let mut state = FinalState {
            next: 3,
            ..FinalState::default()
        };
        state
            .active
            .insert("1490".into(), vec![doc("1490", 2, 20, 1, 1, "d")]);
        let plan = finalise(&state, &[candidate("1490", 20, "d")], "d", 1, Path::new("r")).unwrap();
        assert!(plan.new.is_empty());
        assert_eq!(plan.kept[0].entry.number, 2);
        let refused = finalise(&state, &[candidate("1490", 21, "e")], "e", 1, Path::new("r")).unwrap_err();
        assert!(refused.to_string().contains("--credit 2"), "{refused}");
        let other_inputs =
            finalise(&state, &[candidate("1490", 20, "e")], "e", 1, Path::new("r")).unwrap_err();
        assert!(
            other_inputs.to_string().contains("other inputs"),
            "{other_inputs}"
        );
        // Reworded, the same amounts: the invoice stands as it was.
        let mut reworded = candidate("1490", 20, "d");
        reworded.parts[0].entry.lines[0].basis = "another wording".into();
        let plan = finalise(&state, &[reworded.clone()], "d", 1, Path::new("r")).unwrap();
        assert!(plan.new.is_empty());
        assert_eq!(plan.kept[0].entry.number, 2);
        // Reworded, from other inputs: unchanged in amounts, not "would
        // change from 20 kr to 20 kr".
        let refused = finalise(&state, &[reworded], "e", 1, Path::new("r")).unwrap_err();
        assert!(refused.to_string().contains("is unchanged"), "{refused}");
    }

    #[test]
    fn a_credit_negates_and_takes_the_next_number_once() {
        let original = doc("1490", 8, 20, 1, 1, "d");
        let date = "2023-03-01".parse().unwrap();
        let state = CreditState {
            next: 12,
            original: Some(original.clone()),
            credited_by: None,
        };
        let plan = credit(&state, 8, date, "t").unwrap();
        let c = &plan.new[0].entry;
        assert_eq!((c.number, c.kind, c.credits), (12, EntryKind::Credit, Some(8)));
        assert_eq!(c.amount, -original.entry.amount);
        assert_eq!(c.lines.iter().map(|l| l.amount).sum::<Decimal>(), c.amount);
        let twice = CreditState {
            credited_by: Some(12),
            ..state.clone()
        };
        assert!(credit(&twice, 8, date, "t")
            .unwrap_err()
            .to_string()
            .contains("already credited by 12"));
        let missing = CreditState::default();
        assert!(credit(&missing, 8, date, "t").is_err());
    }
}
