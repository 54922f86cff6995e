//! Incoming payment files: Bankgirot's BgMax ([`bgmax`]), a bank's ISO
//! 20022 camt.054 notification ([`camt`]) or a plain CSV export ([`csv`]),
//! into [`PaymentFile`]. The format is recognised by the content, never by
//! the file name: a BgMax file starts with its start record `01BGMAX`, a
//! camt.054 file is XML, anything else is read as CSV.
//!
//! Pure: the caller reads the bytes (`read::text::read_input`, which notes
//! the file and its digest) and passes them here with the path the user
//! named, which every problem carries. Each reader checks what its format
//! lets it check and collects every problem it can before failing;
//! `docs/payment-formats.md` lists them.

pub mod bgmax;
pub mod camt;
pub mod csv;
mod fields;

use std::path::Path;

use crate::diag::Diagnostics;
use crate::msg;
use crate::msg::Message;
use fields::at;

use crate::engine::payment::{PaymentFile, Place};

/// The formats a payment file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    BgMax,
    Camt054,
    Csv,
}

/// The format of a payment file, from its first bytes: `01BGMAX` (after an
/// optional UTF-8 byte order mark) is BgMax, `<` after optional whitespace
/// is XML and so read as camt.054, anything else is CSV.
pub fn detect(bytes: &[u8]) -> Detected {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"01BGMAX") {
        return Detected::BgMax;
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Detected::Camt054,
        _ => Detected::Csv,
    }
}

/// Reads a payment file of any of the three formats (see [`detect`]).
/// `path` names the file in problems; nothing is read from it.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(at(path, Place::line(1), Problem::Empty.message()).into());
    }
    if crate::context::input::is_utf16(bytes) {
        return Err(at(path, Place::line(1), Problem::Utf16.message()).into());
    }
    if let Some(d) = crate::read::workbook::refuse(bytes, path, crate::read::workbook::Reads::Payments) {
        return Err(d.into());
    }
    match detect(bytes) {
        Detected::BgMax => bgmax::read(path, bytes),
        Detected::Camt054 => camt::read(path, bytes),
        Detected::Csv => csv::read(path, bytes),
    }
}

/// The problems of a payment file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Empty,
    Utf16,
}

impl Problem {
    fn message(&self) -> Message {
        match self {
            Problem::Empty => msg!("payments-empty"),
            Problem::Utf16 => msg!("payments-utf16"),
        }
    }
}

#[cfg(test)]
mod tests;
