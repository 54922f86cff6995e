//! `avgift calc`: every line the tariff produces.

use super::args::Output;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::engine::Lines;
use crate::inputs::Inputs;
use crate::write::{calc, whatif, Format};

pub fn run(ctx: &Context, o: &Output) -> Result<(), Failure> {
    let format = o.output.format(ctx)?;
    let inputs = Inputs::load(ctx, &o.common.given())?;
    let lines = inputs.lines()?;
    let written = write(ctx, o, format, &inputs, &lines);
    // The process ends with this command: leave the memory of the lines to
    // the operating system rather than free them one by one.
    std::mem::forget(lines);
    std::mem::forget(inputs);
    written
}

fn write(ctx: &Context, o: &Output, format: Format, inputs: &Inputs, lines: &Lines) -> Result<(), Failure> {
    let t = &inputs.tariff.tariff;
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let bytes = match format {
        // Line by line into the output, each line made as it is written:
        // neither the CSV nor the lines' texts are ever held whole.
        Format::Csv => {
            let dialect = o.output.dialect();
            return o.output.emit_with(
                ctx,
                |w| calc::write_csv_lines(w, t, lines, dialect).map(drop),
                &recipe,
            );
        }
        // The same for the workbook's rows, deflated as they are made.
        Format::Xlsx => workbook(calc::xlsx(t, lines, &[inputs.source(&provenance)], &recipe))?,
        Format::Table | Format::Json => {
            let outcome = lines.outcome();
            let bytes = if format == Format::Table {
                whatif::mark_table(calc::table(t, &outcome), &provenance.overrides).into_bytes()
            } else {
                whatif::mark_json(calc::json(t, &outcome, &recipe), &provenance.overrides).into_bytes()
            };
            // As above: millions of strings are not freed one by one.
            std::mem::forget(outcome);
            bytes
        }
    };
    o.output.emit(ctx, bytes, format, &recipe)
}
