//! `avgift receivables DIR [--date D]`: what is owed on a date, from an
//! invoice folder's register, as a table, CSV, JSON or a workbook.

use std::path::PathBuf;

use clap::Args;

use super::args::OutputOptions;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::receivables::statement::{date_of, read};
use crate::write::receivables::{self as out, Heading};
use crate::write::Format;

#[derive(Debug, Args)]
pub struct ReceivablesArgs {
    /// The invoice folder, with its register.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The day to take stock on: documents and payments up to it count, and days overdue run to
    /// it (`today` takes the machine's date) [default: the register's latest payment or invoice date].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    #[command(flatten)]
    pub output: OutputOptions,
}

pub fn run(ctx: &Context, a: &ReceivablesArgs) -> Result<(), Failure> {
    let format = a.output.format(ctx)?;
    let holdings = read(ctx, &a.dir)?;
    let date = date_of(a.date.as_deref(), &holdings)?;
    let heading = Heading {
        issuer: holdings.terms.issuer_name.clone(),
        folder: a.dir.display().to_string(),
    };
    let s = holdings.into_statement(date);
    let recipe = Recipe::of(ctx, &[]);
    let bytes = match format {
        Format::Table => out::table(&s, &heading).into_bytes(),
        Format::Csv => out::csv(&s, a.output.dialect()).into_bytes(),
        Format::Json => out::json(&s, &heading, &recipe).into_bytes(),
        Format::Xlsx => workbook(out::xlsx(&s, &heading, &recipe))?,
    };
    a.output.emit(ctx, bytes, format, &recipe)
}
