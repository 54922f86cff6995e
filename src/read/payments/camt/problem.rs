//! Every problem the camt.054 reader reports, and its wording.

use rust_decimal::Decimal;

use super::raw::{NAMESPACE, VERSIONS};

/// Every problem the camt.054 reader reports; [`Problem::message`] is the
/// one place their wording lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotUtf8,
    NotXml { found: String },
    Malformed { why: String },
    DocType,
    UnknownEntity { name: String },
    WrongMessage { root: String, namespace: String },
    Version { found: String },
    Missing { element: &'static str },
    BadAmount { element: &'static str, found: String },
    NotOre { element: &'static str, found: String },
    TooLarge { element: &'static str, found: String },
    NotSek { element: &'static str, found: String },
    BadDate { element: &'static str, found: String },
    BadIndicator { element: &'static str, found: String },
    BatchCount { stated: String, found: usize },
    BatchTotal { stated: Decimal, found: Decimal },
    EntryTotal { stated: Decimal, found: Decimal },
    NoTransactionAmount,
    Control { element: &'static str, why: String },
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::NotUtf8 => "not UTF-8: a camt.054 file is XML in UTF-8".to_string(),
            Problem::NotXml { found } => format!(
                "expected an XML document (camt.054), found text starting {found:?}"
            ),
            Problem::Malformed { why } => format!("not well-formed XML: {why}"),
            Problem::DocType => {
                "a DOCTYPE declaration: a camt.054 file has none, and none is read".to_string()
            }
            Problem::UnknownEntity { name } => format!(
                "unknown entity &{name};: XML's own entities (&amp; &lt; &gt; &quot; &apos;) and character references only"
            ),
            Problem::WrongMessage { root, namespace } => format!(
                "expected a camt.054 notification (Document in namespace {NAMESPACE}NN), found {root} in {}",
                if namespace.is_empty() {
                    "no namespace".to_string()
                } else {
                    format!("namespace {namespace}")
                }
            ),
            Problem::Version { found } => format!(
                "camt.054 version {found} is not read: expected one of {}",
                VERSIONS
                    .iter()
                    .map(|v| format!("camt.054.001.{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Problem::Missing { element } => format!("expected {element}, found none"),
            Problem::BadAmount { element, found } => {
                format!("{element}: expected an amount such as 1234.50, found {found:?}")
            }
            Problem::NotOre { element, found } => {
                format!("{element}: expected kronor with at most two decimals (öre), found {found}")
            }
            Problem::TooLarge { element, found } => format!(
                "{element}: the amount {found} is beyond any payment (at most {} kronor)",
                crate::engine::validate::MAX_AMOUNT
            ),
            Problem::NotSek { element, found } => format!(
                "{element}: currency {found:?}, only SEK is accepted (the invoices are in SEK); ask the bank for the SEK account's notifications"
            ),
            Problem::BadDate { element, found } => {
                format!("{element}: expected a date such as 2024-01-15, found {found:?}")
            }
            Problem::BadIndicator { element, found } => {
                format!("{element}: expected CRDT or DBIT, found {found:?}")
            }
            Problem::BatchCount { stated, found } => format!(
                "the batch counts {stated} transactions (NbOfTxs), found {found} transaction details (TxDtls)"
            ),
            Problem::BatchTotal { stated, found } => format!(
                "the batch total {stated} (TtlAmt) differs from its transactions' sum {found}"
            ),
            Problem::EntryTotal { stated, found } => format!(
                "the entry amount {stated} differs from its transactions' sum {found}"
            ),
            Problem::NoTransactionAmount => {
                "a transaction without an amount in an entry of several transactions".to_string()
            }
            Problem::Control { element, why } => format!("{element}: found {why}"),
        }
    }
}
