//! `avgift`: the member fees of a Swedish municipal association.
//!
//! See `ARCHITECTURE.md` for the map: [`engine`] is the pure core, [`read`]
//! and [`write`] are the edges, [`cmd`] the command line on top.

pub mod audit;
pub mod cmd;
pub mod context;
pub mod cp437;
pub mod diag;
pub mod digest;
pub mod emit;
pub mod engine;
pub mod i18n;
pub mod inputs;
pub mod invoicing;
pub mod money;
pub mod msg;
pub mod number;
pub mod planning;
pub mod read;
pub mod receivables;
pub mod signing;
pub mod sv;
pub mod write;
