//! What an invoicing run is asked to do, as the command line asks it.

use std::path::Path;

use crate::inputs::Given;

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Drafts,
    Final,
    Credit(u64),
    /// `--final --correct N`.
    Correct(u64),
}

/// An invoicing run as the command line asks for it.
pub struct Request<'a> {
    pub given: &'a Given,
    pub dir: &'a Path,
    pub only: &'a [String],
    /// `YYYY-MM-DD` or `today`.
    pub date: Option<&'a str>,
    pub installments: u32,
    pub mode: Mode,
    /// The private key that signs what the run commits (`--signing-key`,
    /// `AVGIFT_SIGNING_KEY`).
    pub signing_key: Option<&'a Path>,
    /// `--repair`: files and register lines that differ from what the
    /// register committed are made again, each altered copy kept.
    pub repair: bool,
    /// `--sign-existing`: documents committed before the register was
    /// signed are signed.
    pub sign_existing: bool,
}
