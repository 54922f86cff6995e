//! Every problem the camt.054 reader reports, and its wording.

use rust_decimal::Decimal;

use super::raw::{NAMESPACE, VERSIONS};
use crate::msg;
use crate::msg::Message;

/// Every problem the camt.054 reader reports; [`Problem::message`] is the
/// one place their wording lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotUtf8,
    NotXml {
        found: String,
    },
    /// Not well-formed, as the XML parser says why.
    Malformed {
        why: String,
    },
    /// A root element after the first.
    SecondRoot,
    /// No root element at all.
    NoRoot,
    DocType,
    UnknownEntity {
        name: String,
    },
    WrongMessage {
        root: String,
        namespace: String,
    },
    Version {
        found: String,
    },
    Missing {
        element: &'static str,
    },
    BadAmount {
        element: &'static str,
        found: String,
    },
    NotOre {
        element: &'static str,
        found: String,
    },
    TooLarge {
        element: &'static str,
        found: String,
    },
    NotSek {
        element: &'static str,
        found: String,
    },
    BadDate {
        element: &'static str,
        found: String,
    },
    BadIndicator {
        element: &'static str,
        found: String,
    },
    BatchCount {
        stated: String,
        found: usize,
    },
    BatchTotal {
        stated: Decimal,
        found: Decimal,
    },
    EntryTotal {
        stated: Decimal,
        found: Decimal,
    },
    NoTransactionAmount,
    Control {
        element: &'static str,
        why: Message,
    },
}

impl Problem {
    pub fn message(&self) -> Message {
        match self {
            Problem::NotUtf8 => msg!("camt-not-utf8"),
            Problem::NotXml { found } => msg!("camt-not-xml", found = msg::quoted(found)),
            Problem::Malformed { why } => msg!("camt-malformed", why = why),
            Problem::SecondRoot => msg!("camt-second-root"),
            Problem::NoRoot => msg!("camt-no-root"),
            Problem::DocType => msg!("camt-doctype"),
            Problem::UnknownEntity { name } => msg!("camt-unknown-entity", name = name),
            Problem::WrongMessage { root, namespace } if namespace.is_empty() => {
                msg!(
                    "camt-wrong-message-no-namespace",
                    expected = NAMESPACE,
                    root = root
                )
            }
            Problem::WrongMessage { root, namespace } => msg!(
                "camt-wrong-message",
                expected = NAMESPACE,
                root = root,
                namespace = namespace
            ),
            Problem::Version { found } => msg!(
                "camt-version",
                found = found,
                versions = VERSIONS
                    .iter()
                    .map(|v| format!("camt.054.001.{v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Problem::Missing { element } => msg!("camt-missing", element = *element),
            Problem::BadAmount { element, found } => {
                msg!("camt-bad-amount", element = *element, found = msg::quoted(found))
            }
            Problem::NotOre { element, found } => msg!("camt-not-ore", element = *element, found = found),
            Problem::TooLarge { element, found } => msg!(
                "camt-too-large",
                element = *element,
                found = found,
                max = crate::engine::validate::MAX_AMOUNT.to_string()
            ),
            Problem::NotSek { element, found } => {
                msg!("camt-not-sek", element = *element, found = msg::quoted(found))
            }
            Problem::BadDate { element, found } => {
                msg!("camt-bad-date", element = *element, found = msg::quoted(found))
            }
            Problem::BadIndicator { element, found } => {
                msg!(
                    "camt-bad-indicator",
                    element = *element,
                    found = msg::quoted(found)
                )
            }
            Problem::BatchCount { stated, found } => {
                msg!("camt-batch-count", stated = stated, found = *found)
            }
            Problem::BatchTotal { stated, found } => msg!(
                "camt-batch-total",
                stated = stated.to_string(),
                found = found.to_string()
            ),
            Problem::EntryTotal { stated, found } => msg!(
                "camt-entry-total",
                stated = stated.to_string(),
                found = found.to_string()
            ),
            Problem::NoTransactionAmount => msg!("camt-no-transaction-amount"),
            Problem::Control { element, why } => msg!("camt-control", element = *element, why = why.clone()),
        }
    }
}
