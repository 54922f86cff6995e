//! `avgift model`: the tariff as a live workbook whose formulas recompute
//! every fee from yellow input cells, with the engine's results stored.

use std::path::PathBuf;

use clap::Args;

use super::args::Common;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::emit_bytes;
use crate::inputs::Inputs;
use crate::write::model::{self, ModelError, ModelInputs};

#[derive(Debug, Args)]
pub struct ModelArgs {
    #[command(flatten)]
    pub common: Common,
    /// The workbook to write (.xlsx), atomically.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(ctx: &Context, a: &ModelArgs) -> Result<(), Failure> {
    let inputs = Inputs::load(ctx, &a.common.given())?;
    let outcome = inputs.compute()?;
    let notes = inputs.notes(&outcome);
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let sources = [inputs.source(&provenance)];
    let m = ModelInputs {
        tariff: &inputs.tariff.tariff,
        population: &inputs.population.population,
        actuals: inputs.actuals.as_ref(),
        outcome: &outcome,
        notes: &notes,
        sources: &sources,
        recipe: &recipe,
    };
    let bytes = match model::xlsx(&m) {
        Ok(b) => b,
        Err(ModelError::Refused(d)) => return Err(Failure::Input(inputs.tariff.place(d))),
        Err(ModelError::Xlsx(e)) => {
            return Err(Failure::Other(crate::msg!(
                "cmd-cannot-make-workbook",
                error = e.to_string()
            )))
        }
    };
    emit_bytes(ctx, Some(&a.output), &bytes)
}
