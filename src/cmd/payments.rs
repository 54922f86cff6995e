//! `avgift payments import` and `avgift payments allocate`: parse the
//! arguments and run the receivables workflow (`src/receivables/`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::context::Context;
use crate::diag::Failure;
use crate::receivables::{allocate, import};

#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Books a payment file (BgMax, camt.054 or CSV, recognised by its content) into an invoice
    /// folder's register: each payment matched to its invoice by the OCR reference, and a SIE
    /// voucher per payment. The same file imported twice books nothing.
    #[command(
        after_help = "Examples:\n  avgift payments import bgmax-2023-02-20.txt -o fakturor\n  avgift payments import camt054.xml -o fakturor"
    )]
    Import(ImportArgs),
    /// Settles a payment (or what is left of it) against an invoice by hand.
    #[command(
        after_help = "Examples:\n  avgift payments allocate fakturor --payment 17 --document 8\n  avgift payments allocate fakturor --payment 17 --document 8 --amount 1250.50"
    )]
    Allocate(AllocateArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The payment file: BgMax (Bankgirot), camt.054 (ISO 20022 XML) or CSV (date, amount, reference, payer).
    pub file: PathBuf,
    /// The invoice folder, with its register (register.sqlite) of final invoices.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub signing_key: super::args::SigningKey,
}

#[derive(Debug, Args)]
pub struct AllocateArgs {
    /// The invoice folder, with its register.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The payment's id (as `payments import` and `receivables` list it).
    #[arg(long, value_name = "ID")]
    pub payment: u64,
    /// The invoice's (or credit note's) number.
    #[arg(long, value_name = "N")]
    pub document: u64,
    /// How much of the payment, in kronor (`1250.50`) [default: all that is left of it].
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub amount: Option<String>,
    #[command(flatten)]
    pub signing_key: super::args::SigningKey,
}

pub fn run(ctx: &Context, command: &PaymentsCommand) -> Result<(), Failure> {
    match command {
        PaymentsCommand::Import(a) => import::run(ctx, &a.file, &a.output, a.signing_key.path().as_deref()),
        PaymentsCommand::Allocate(a) => allocate::run(
            ctx,
            &allocate::Request {
                dir: &a.dir,
                payment: a.payment,
                document: a.document,
                amount: a.amount.as_deref(),
                signing_key: a.signing_key.path().as_deref(),
            },
        ),
    }
}
