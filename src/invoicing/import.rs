//! The one-time import of a CSV register of the earlier format
//! (`register.csv` and `register-lines.csv`, which earlier versions kept
//! as the truth) into the database. The files are read as strictly as
//! before (every column, gap-free numbers, lines that sum to each amount);
//! the documents keep their numbers and are chained in number order. The
//! CSV files are left as they were.

use std::path::Path;

use super::document::{Document, View};
use super::store::Store;
use crate::context::Context;
use crate::diag::Diagnostics;
use crate::diag::Failure;
use crate::engine::register::RegisterEntry;
use crate::read::register::read_register;

/// The earlier format's register and its lines.
pub const CSV: &str = "register.csv";
pub const LINES_CSV: &str = "register-lines.csv";

/// Imports the folder's CSV register into an empty register, inside the
/// caller's transaction; `view` gives each document's parties, labels and
/// accounts (the CSV has none). Returns how many documents it imported.
pub fn import(
    ctx: &Context,
    store: &Store,
    dir: &Path,
    view: impl Fn(&RegisterEntry, &mut Diagnostics) -> View,
    ocr: impl Fn(&RegisterEntry) -> String,
) -> Result<usize, Failure> {
    let docs = read(ctx, dir, view, ocr)?;
    store.insert(&docs)?;
    Ok(docs.len())
}

/// The documents of the folder's CSV register, checked as strictly as the
/// import checks them, without touching the register: a refused import is
/// refused before the register's file is made.
/// Each document gets the payment reference (`ocr`) the tariff gives its
/// number, as a document numbered now would.
pub fn read(
    ctx: &Context,
    dir: &Path,
    view: impl Fn(&RegisterEntry, &mut Diagnostics) -> View,
    ocr: impl Fn(&RegisterEntry) -> String,
) -> Result<Vec<Document>, Failure> {
    let mut register = read_register(ctx, dir)?;
    register
        .entries
        .sort_by(|a, b| (&a.issuer, a.number).cmp(&(&b.issuer, b.number)));
    let mut problems = Diagnostics::new();
    let docs: Vec<Document> = register
        .entries
        .into_iter()
        .map(|entry| {
            // Made by an earlier version: its files are laid out as then.
            let mut view = view(&entry, &mut problems);
            view.layout = 0;
            Document {
                ocr: ocr(&entry),
                entry,
                view,
                sha256: String::new(),
            }
        })
        .collect();
    if !problems.is_empty() {
        problems.0.dedup();
        return Err(problems.into());
    }
    Ok(docs)
}
