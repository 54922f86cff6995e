//! `avgift notes`: the annual report's notes, this year beside last year.

use super::args::Output;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::inputs::Inputs;
use crate::write::{notes, whatif, Format};

pub fn run(ctx: &Context, o: &Output) -> Result<(), Failure> {
    let format = o.output.format(ctx)?;
    let inputs = Inputs::load(ctx, &o.common.given())?;
    // The notes sum the lines per party: they need no line's text, and the
    // lines are never held.
    let outcome = inputs.lines()?.totals();
    let n = inputs.notes(&outcome);
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let bytes = match format {
        Format::Table => whatif::mark_table(notes::table(&n), &provenance.described).into_bytes(),
        Format::Csv => notes::csv(&n, o.output.dialect()).into_bytes(),
        Format::Json => whatif::mark_json(
            notes::json(&n, &recipe),
            &provenance.overrides,
            &provenance.described,
        )
        .into_bytes(),
        Format::Xlsx => workbook(notes::xlsx(&n, &[inputs.source(&provenance)], &recipe))?,
    };
    o.output.emit(ctx, bytes, format, &recipe)
}
