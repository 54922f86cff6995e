//! The receivables workflow, on an invoice folder's register: payments in
//! (`payments import`), settled by hand (`payments allocate`), what is owed
//! (`receivables`), reminders (`remind`), and what `verify DIR` checks of
//! them. Every change is one event in the register's receivables chain
//! (`invoicing::store::ledger`), committed in one transaction under the
//! register's write lock; the files made from it (the year's SIE file, the
//! reminders' PDFs) are written after the commit, and a run stopped in
//! between is completed by the next.
//!
//! The matching, balances and interest are the engine's
//! (`engine::receivables`); this module reads and records: `folder.rs`
//! opens and checks a folder's register under its lock, `files.rs` makes
//! the reminders' files, `words.rs` holds what several commands say and
//! parse alike.

pub mod allocate;
pub mod files;
pub mod folder;
pub mod import;
pub mod letter;
pub mod remind;
pub mod statement;
pub mod verify;
pub mod words;
