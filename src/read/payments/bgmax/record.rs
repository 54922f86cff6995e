//! One record of a BgMax file: 80 characters of ISO 8859-1, its fields
//! by the positions the manual gives them.

use crate::engine::payment::Place;

/// The length of every record.
pub const RECORD_LENGTH: usize = 80;

/// The layout version this reader knows (TK01 positions 23–24).
pub const VERSION: &str = "01";

/// One record: its line, its bytes (without the line end).
pub(super) struct Record<'a> {
    pub(super) line: usize,
    pub(super) bytes: &'a [u8],
}

impl Record<'_> {
    /// Positions `from` to `to`, 1-based and inclusive, as the manual
    /// numbers them (empty where the record is short).
    pub(super) fn field(&self, from: usize, to: usize) -> &[u8] {
        let end = to.min(self.bytes.len());
        self.bytes.get(from - 1..end).unwrap_or(&[])
    }

    /// A text field, ISO 8859-1, without the spaces around it.
    pub(super) fn text(&self, from: usize, to: usize) -> String {
        latin1(self.field(from, to)).trim().to_string()
    }

    pub(super) fn place(&self, column: usize) -> Place {
        Place {
            line: self.line,
            column: Some(column),
        }
    }
}

/// ISO 8859-1 bytes as text: every byte is the code point of its value.
pub(super) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}
