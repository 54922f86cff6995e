//! Invoices from an outcome: one per municipality and per external payer,
//! a line per charge and activity; installments that split every line so
//! the parts sum exactly to it; credit notes that negate an invoice.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::apportion::apportion_decimal;
use super::code::Code;
use super::model::Tariff;
use super::outcome::{Kind, Outcome};

/// Who an invoice is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recipient {
    Municipality(Code),
    /// An external payer, by id.
    Payer(String),
}

impl Recipient {
    /// The SCB code, or the payer's id: what file names and the register use.
    pub fn key(&self) -> String {
        match self {
            Recipient::Municipality(c) => c.to_string(),
            Recipient::Payer(id) => id.clone(),
        }
    }
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    /// Activity name (`Medlemsavgifter Dataskyddsombud (DSO)`).
    pub activity: String,
    /// Charge id.
    pub charge: String,
    /// How the amount was computed (for an installment, of the whole).
    pub basis: String,
    /// Whole kronor.
    pub amount: Decimal,
}

/// An invoice before it has a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub recipient: Recipient,
    pub name: String,
    pub year: i32,
    /// (k, n): installment k of n; (1, 1) for a single invoice.
    pub installment: (u32, u32),
    pub lines: Vec<InvoiceLine>,
}

impl Invoice {
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.amount).sum()
    }
}

/// One invoice per municipality (in code order) and per external payer (in
/// id order), with every invoiced line of that party in the order of `calc`.
pub fn invoices(tariff: &Tariff, outcome: &Outcome) -> Vec<Invoice> {
    let mut out: BTreeMap<Recipient, Invoice> = BTreeMap::new();
    for l in outcome.lines.iter().filter(|l| l.kind.invoiced()) {
        let recipient = match (l.kind, l.code, &l.payer) {
            (Kind::Municipality, Some(code), _) => Recipient::Municipality(code),
            (Kind::External, _, Some(payer)) => Recipient::Payer(payer.clone()),
            _ => continue,
        };
        let line = InvoiceLine {
            activity: tariff
                .activities
                .get(&*l.activity)
                .map_or_else(|| l.activity.to_string(), |a| a.name.clone()),
            charge: l.charge.to_string(),
            basis: l.basis.clone(),
            amount: l.amount,
        };
        out.entry(recipient.clone())
            .or_insert_with(|| Invoice {
                recipient,
                name: l.party.to_string(),
                year: outcome.year,
                installment: (1, 1),
                lines: Vec::new(),
            })
            .lines
            .push(line);
    }
    out.into_values().collect()
}

/// Splits an invoice into `n` installments: every line into `n` parts that
/// sum exactly to it, the earlier installments taking the extra kronor.
pub fn installments(invoice: &Invoice, n: u32) -> Vec<Invoice> {
    let n = n.max(1);
    let mut parts: Vec<Invoice> = (1..=n)
        .map(|k| Invoice {
            installment: (k, n),
            lines: Vec::new(),
            ..invoice.clone()
        })
        .collect();
    let equal = vec![Decimal::ONE; n as usize];
    for line in &invoice.lines {
        // Equal weights: the remainders tie and go to the first installments.
        let amounts = apportion_decimal(line.amount, &equal).unwrap_or_else(|_| vec![line.amount; 1]);
        for (part, amount) in parts.iter_mut().zip(amounts) {
            part.lines.push(InvoiceLine {
                amount,
                ..line.clone()
            });
        }
    }
    parts
}

/// The credit note of an invoice: the same lines, negated.
pub fn credit(invoice: &Invoice) -> Invoice {
    Invoice {
        lines: invoice
            .lines
            .iter()
            .map(|l| InvoiceLine {
                amount: -l.amount,
                ..l.clone()
            })
            .collect(),
        ..invoice.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn sample() -> Invoice {
        let line = |a: &str, amount: &str| InvoiceLine {
            activity: a.into(),
            charge: "c".into(),
            basis: "b".into(),
            amount: d(amount),
        };
        Invoice {
            recipient: Recipient::Municipality(Code::new(1490).unwrap()),
            name: "Borås".into(),
            year: 2023,
            installment: (1, 1),
            lines: vec![line("A", "880014"), line("B", "10"), line("C", "-7")],
        }
    }

    #[test]
    fn installments_sum_exactly_and_front_load() {
        let inv = sample();
        let parts = installments(&inv, 4);
        assert_eq!(parts.len(), 4);
        // 880 014 / 4 = 220 003,5: the first two take the extra krona.
        let a: Vec<Decimal> = parts.iter().map(|p| p.lines[0].amount).collect();
        assert_eq!(a, [d("220004"), d("220004"), d("220003"), d("220003")]);
        // 10 / 4: 3, 3, 2, 2; -7 / 4: -2, -2, -2, -1.
        assert_eq!(
            parts.iter().map(|p| p.lines[1].amount).collect::<Vec<_>>(),
            [d("3"), d("3"), d("2"), d("2")]
        );
        assert_eq!(
            parts.iter().map(|p| p.lines[2].amount).collect::<Vec<_>>(),
            [d("-2"), d("-2"), d("-2"), d("-1")]
        );
        assert_eq!(parts.iter().map(Invoice::total).sum::<Decimal>(), inv.total());
        assert_eq!(parts[2].installment, (3, 4));
    }

    #[test]
    fn credit_negates_exactly() {
        let inv = sample();
        let c = credit(&inv);
        assert_eq!(c.total(), -inv.total());
        assert_eq!(c.lines.len(), inv.lines.len());
    }
}
