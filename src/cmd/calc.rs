//! `avgift calc`: every line the tariff produces.

use super::inputs::Inputs;
use super::{workbook, Failure, Output};
use crate::audit::Recipe;
use crate::context::Context;
use crate::engine::Outcome;
use crate::write::{calc, whatif, Format};

pub fn run(ctx: &Context, o: &Output) -> Result<(), Failure> {
    let format = o.output.format(ctx)?;
    let inputs = Inputs::load(ctx, &o.common)?;
    let outcome = inputs.compute()?;
    let written = write(ctx, o, format, &inputs, &outcome);
    // The process ends with this command: leave the memory of the lines to
    // the operating system rather than free millions of strings one by one.
    std::mem::forget((inputs, outcome));
    written
}

fn write(
    ctx: &Context,
    o: &Output,
    format: Format,
    inputs: &Inputs,
    outcome: &Outcome,
) -> Result<(), Failure> {
    let t = &inputs.tariff.tariff;
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let bytes = match format {
        Format::Table => whatif::mark_table(calc::table(t, outcome), &provenance.overrides).into_bytes(),
        Format::Csv => {
            // Line by line into the output: the CSV of a large tariff is
            // never held whole in memory.
            let dialect = o.output.dialect();
            return o.output.emit_with(
                ctx,
                |w| calc::write_csv(w, t, outcome, dialect).map(drop),
                &recipe,
            );
        }
        Format::Json => {
            whatif::mark_json(calc::json(t, outcome, &recipe), &provenance.overrides).into_bytes()
        }
        Format::Xlsx => workbook(calc::xlsx(t, outcome, &[inputs.source(&provenance)], &recipe))?,
    };
    o.output.emit(ctx, bytes, format, &recipe)
}
