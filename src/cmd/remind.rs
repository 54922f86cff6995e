//! `avgift remind DIR --date D`: parses the arguments and runs the
//! reminders (`src/receivables/remind.rs`).

use std::path::PathBuf;

use clap::Args;

use crate::context::Context;
use crate::diag::Failure;
use crate::receivables::remind;

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The invoice folder, with its register; the reminders' PDFs are written there.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The reminders' date: every invoice due before it and not paid in full gets one
    /// (`today` takes the machine's date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// Charge late-payment interest under räntelagen: this reference rate (Riksbanken's, e.g.
    /// `4%`) plus 8 percentage points a year, from the day after the due date [default: no interest].
    #[arg(long, value_name = "RATE")]
    pub reference_rate: Option<String>,
    /// Charge a reminder fee of this many kronor [default: none].
    #[arg(long, value_name = "AMOUNT")]
    pub fee: Option<String>,
    /// Days from the reminder to the date it asks payment by.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub payment_days: u32,
    #[command(flatten)]
    pub signing_key: super::args::SigningKey,
}

pub fn run(ctx: &Context, a: &RemindArgs) -> Result<(), Failure> {
    remind::run(
        ctx,
        &remind::Request {
            dir: &a.dir,
            date: &a.date,
            reference_rate: a.reference_rate.as_deref(),
            fee: a.fee.as_deref(),
            payment_days: a.payment_days,
            signing_key: a.signing_key.path().as_deref(),
        },
    )
}
