//! What the document holds as it is walked: texts with their places,
//! raw amounts, accounts, entries and transactions, before any is checked.

use crate::engine::payment::Place;

/// The namespace of camt.054 documents, less the two-digit version.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.";

/// The message versions read.
pub const VERSIONS: [&str; 7] = ["02", "03", "04", "05", "06", "07", "08"];

/// A text as read, with where its element starts.
#[derive(Debug, Clone, Default)]
pub(super) struct Text {
    pub(super) value: String,
    pub(super) place: Place,
}

/// An amount as read: its text, currency attribute and place.
#[derive(Debug, Clone, Default)]
pub(super) struct RawAmount {
    pub(super) value: String,
    pub(super) currency: Option<String>,
    pub(super) place: Place,
}

#[derive(Debug, Default)]
pub(super) struct RawAccount {
    pub(super) iban: Option<Text>,
    pub(super) other: Option<Text>,
    pub(super) scheme: Option<String>,
    pub(super) currency: Option<Text>,
}

#[derive(Debug, Default)]
pub(super) struct RawNotification {
    pub(super) id: Option<Text>,
    pub(super) place: Place,
    pub(super) account: RawAccount,
    pub(super) entries: Vec<RawEntry>,
}

#[derive(Debug, Default)]
pub(super) struct RawEntry {
    pub(super) place: Place,
    pub(super) amount: Option<RawAmount>,
    pub(super) indicator: Option<Text>,
    pub(super) status: Option<Text>,
    pub(super) booking: Option<Text>,
    pub(super) value: Option<Text>,
    pub(super) entry_ref: Option<Text>,
    pub(super) servicer_ref: Option<Text>,
    pub(super) info: Vec<Text>,
    pub(super) details: Vec<RawDetails>,
}

#[derive(Debug, Default)]
pub(super) struct RawDetails {
    pub(super) batch_count: Option<Text>,
    pub(super) batch_total: Option<RawAmount>,
    pub(super) batch_indicator: Option<Text>,
    pub(super) txs: Vec<RawTx>,
}

#[derive(Debug, Default)]
pub(super) struct RawTx {
    pub(super) place: Place,
    pub(super) amount: Option<RawAmount>,
    pub(super) tx_amount: Option<RawAmount>,
    pub(super) indicator: Option<Text>,
    pub(super) servicer_ref: Option<Text>,
    pub(super) end_to_end: Option<Text>,
    pub(super) tx_id: Option<Text>,
    pub(super) debtor_name: Option<Text>,
    pub(super) debtor_id: Option<Text>,
    pub(super) address_lines: Vec<Text>,
    pub(super) street: Option<Text>,
    pub(super) building: Option<Text>,
    pub(super) postcode: Option<Text>,
    pub(super) town: Option<Text>,
    pub(super) country: Option<Text>,
    pub(super) debtor_account: RawAccount,
    pub(super) structured: Vec<Text>,
    pub(super) unstructured: Vec<Text>,
    pub(super) additional: Vec<Text>,
}

/// An element being read.
pub(super) struct Open {
    pub(super) name: String,
    /// Whether it is in the document's namespace (elements of another, as
    /// inside `SplmtryData`, match no path).
    pub(super) ours: bool,
    pub(super) text: String,
    pub(super) currency: Option<String>,
    pub(super) place: Place,
}

/// The 1-based line and column of byte offsets in a text.
pub(super) struct Lines<'t> {
    pub(super) text: &'t str,
    pub(super) starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    pub(super) fn place(&self, offset: u64) -> Place {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Place {
            line,
            column: Some(column),
        }
    }
}
