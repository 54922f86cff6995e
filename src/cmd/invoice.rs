//! `avgift invoice`: parses the arguments and runs the invoicing workflow
//! (`src/invoicing/`).

use std::path::PathBuf;

use clap::Args;

use super::args::Common;
use crate::diag::Failure;
use crate::invoicing::{self, Mode, Request};

pub use crate::invoicing::MANIFEST;

#[derive(Debug, Args)]
pub struct InvoiceArgs {
    #[command(flatten)]
    pub common: Common,
    /// The folder to write invoices, the CSV, the SIE file and the register to.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Only these recipients: a municipality's code or name (`1490`, `Borås`, `"Borås Stad"`), or a
    /// payer's id or name (repeatable).
    #[arg(long, value_name = "RECIPIENT")]
    pub only: Vec<String>,
    /// Invoice date [default: the tariff's invoice.date, else 1 January of
    /// its year]; `today` takes the machine's date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Split every invoice into 1, 2, 4 or 12 installments.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub installments: u32,
    /// Number the invoices from the register (register.sqlite) and write the SIE file (with
    /// invoice.einvoice, a Peppol BIS 3.0 e-invoice beside each PDF).
    #[arg(long = "final")]
    pub finalise: bool,
    /// Issue a credit note for this final invoice number.
    #[arg(long, value_name = "NUMBER", conflicts_with = "correct")]
    pub credit: Option<u64>,
    /// With --final: correct this final invoice to what the tariff gives now, by a credit note and
    /// a replacement (or, with invoice.corrections = "difference", one difference invoice).
    #[arg(long, value_name = "NUMBER", requires = "finalise")]
    pub correct: Option<u64>,
    #[command(flatten)]
    pub signing_key: super::args::SigningKey,
    /// Make files (and register lines) that differ from what the register committed again from
    /// it, keeping each altered copy beside it as NAME.altered.
    #[arg(long)]
    pub repair: bool,
    /// Sign the documents committed before the tariff named a signing key (with the private key).
    #[arg(long)]
    pub sign_existing: bool,
}

pub fn run(ctx: &crate::context::Context, args: &InvoiceArgs) -> Result<(), Failure> {
    let mode = match (args.finalise, args.credit, args.correct) {
        (_, _, Some(n)) => Mode::Correct(n),
        (_, Some(n), None) => Mode::Credit(n),
        (true, None, None) => Mode::Final,
        (false, None, None) => Mode::Drafts,
    };
    let signing_key = args.signing_key.path();
    invoicing::run(
        ctx,
        &Request {
            given: &args.common.given(),
            dir: &args.output,
            only: &args.only,
            date: args.date.as_deref(),
            installments: args.installments,
            mode,
            signing_key: signing_key.as_deref(),
            repair: args.repair,
            sign_existing: args.sign_existing,
        },
    )
}
