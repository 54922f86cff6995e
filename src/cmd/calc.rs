//! `avgift calc`: every line the tariff produces.

use super::inputs::Inputs;
use super::{workbook, Failure, Output};
use crate::audit::Recipe;
use crate::context::Context;
use crate::engine::{Lines, Outcome};
use crate::write::{calc, whatif, Format};

pub fn run(ctx: &Context, o: &Output) -> Result<(), Failure> {
    let format = o.output.format(ctx)?;
    let inputs = Inputs::load(ctx, &o.common)?;
    if format == Format::Csv {
        // Line by line into the output, each line made as it is written:
        // neither the CSV nor the lines' texts are ever held whole.
        let lines = inputs.lines()?;
        let written = write_csv(ctx, o, &inputs, &lines);
        // As below: the memory goes back to the operating system at exit.
        std::mem::forget(lines);
        std::mem::forget(inputs);
        return written;
    }
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

/// The CSV of the compact lines, straight into the output.
fn write_csv(ctx: &Context, o: &Output, inputs: &Inputs, lines: &Lines) -> Result<(), Failure> {
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let dialect = o.output.dialect();
    o.output.emit_with(
        ctx,
        |w| calc::write_csv_lines(w, &inputs.tariff.tariff, lines, dialect).map(drop),
        &recipe,
    )
}
