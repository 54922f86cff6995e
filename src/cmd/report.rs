//! `avgift report`: one self-contained HTML page with the year's fees per
//! municipality, last year beside them, charts, the notes and the inputs.

use std::path::PathBuf;

use clap::Args;

use super::args::Common;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::inputs::Inputs;
use crate::write::report::{self, Report};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub common: Common,
    /// Write the HTML to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<(), Failure> {
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("html" | "htm")) {
            return Err(Failure::Input(crate::diag::Diagnostics(vec![
                crate::diag::Diagnostic::new(crate::msg!("cmd-report-not-html", path = path)),
            ])));
        }
    }
    let inputs = Inputs::load(ctx, &args.common.given())?;
    // The notes sum the lines per party: see `notes.rs`.
    let outcome = inputs.lines()?.totals();
    let notes = inputs.notes(&outcome);
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let matrix = crate::engine::matrix::Matrix::of(&inputs.tariff.tariff, &outcome);
    let html = report::html(&Report {
        tariff: &inputs.tariff.tariff,
        notes: &notes,
        matrix: &matrix,
        population: &inputs.population.population,
        provenance: &provenance,
        recipe: &recipe,
    });
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    crate::emit::emit(ctx, output, &html)?;
    if let Some(path) = output {
        crate::emit::announce(ctx, path);
    }
    Ok(())
}
