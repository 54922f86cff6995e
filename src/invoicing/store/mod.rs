//! The register: `register.sqlite` in the invoice folder, an embedded
//! SQLite database, the one source of truth for numbered documents.
//!
//! Its constraints make the bad states impossible: `(issuer, number)` is
//! the primary key; lines refer to their document by a foreign key; a
//! trigger refuses a document whose amount is not the sum of its lines
//! (written first, and fixed once the document is); an invoice is credited
//! at most once; documents and lines are never updated or deleted. Each
//! document's SHA-256 is chained to the previous document's of its issuer,
//! and [`Store::check`] walks the chains and the numbers on every open.
//!
//! A run holds the write lock (`BEGIN IMMEDIATE`) from reading the state to
//! committing; another run waits for it, and says so.
//!
//! The parts: `connection.rs` (opening, the lock, the transaction),
//! `schema.rs` (tables, constraints, triggers), `insert.rs` (documents in,
//! chained), `chain.rs` (the checks), `queries.rs` (what a run asks),
//! `exports.rs` (what the register records of the files made from it),
//! `signatures.rs` (a signed register's signatures and its heads).
//! The receivables: `ledger.rs` (payment imports, allocations and
//! reminders, each an event chained to the one before, its details
//! covered by its digest, signed in a signed register) and
//! `receivables.rs` (the terms an invoicing run records, documents as
//! receivables see them, payments as SIE books them); their tables in
//! `schema.rs`.

mod chain;
mod connection;
mod exports;
mod insert;
pub mod ledger;
mod lines;
mod queries;
pub mod receivables;
mod schema;
mod signatures;
#[cfg(test)]
mod tests;

pub use connection::{Store, FILE};
pub use lines::{stored_lines_sha256, LinesProblem, StoredLine};
pub use queries::DocKey;
pub use signatures::CHAIN;
