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
    #[arg(long = "final", conflicts_with = "credit")]
    pub finalise: bool,
    /// Issue a credit note for this final invoice number.
    #[arg(long, value_name = "NUMBER")]
    pub credit: Option<u64>,
}

pub fn run(ctx: &crate::context::Context, args: &InvoiceArgs) -> Result<(), Failure> {
    let mode = match (args.finalise, args.credit) {
        (_, Some(n)) => Mode::Credit(n),
        (true, None) => Mode::Final,
        (false, None) => Mode::Drafts,
    };
    invoicing::run(
        ctx,
        &Request {
            given: &args.common.given(),
            dir: &args.output,
            only: &args.only,
            date: args.date.as_deref(),
            installments: args.installments,
            mode,
        },
    )
}
