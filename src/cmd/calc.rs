//! `avgift calc`: every line the tariff produces; with `--by matrix` the
//! municipality × activity table.

use clap::{Args, ValueEnum};

use super::args::Output;
use crate::audit::{Provenance, Recipe};
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::engine::matrix::Matrix;
use crate::engine::Lines;
use crate::inputs::Inputs;
use crate::write::{calc, json, matrix, whatif, Format};

#[derive(Debug, Args)]
pub struct CalcArgs {
    #[command(flatten)]
    pub o: Output,
    /// Instead of every line: `matrix`, a row per municipality and external
    /// payer and a column per activity, with the totals both ways and the
    /// adjustments and net under them (table, CSV, JSON; a workbook has it
    /// as the sheet `Kommun × verksamhet` either way).
    #[arg(long, value_enum)]
    pub by: Option<CalcBy>,
}

/// What `calc --by` gives rows of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalcBy {
    /// Municipalities and payers down, activities across: the table board
    /// papers carry.
    Matrix,
}

pub fn run(ctx: &Context, args: &CalcArgs) -> Result<(), Failure> {
    let o = &args.o;
    let format = o.output.format(ctx)?;
    let inputs = Inputs::load(ctx, &o.common.given())?;
    let lines = inputs.lines()?;
    let written = match args.by {
        Some(CalcBy::Matrix) if format != Format::Xlsx => write_matrix(ctx, o, format, &inputs, &lines),
        _ => write(ctx, o, format, &inputs, &lines),
    };
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
                whatif::mark_table(calc::table(t, &outcome), &provenance.described).into_bytes()
            } else {
                whatif::mark_json(
                    calc::json(t, &outcome, &recipe),
                    &provenance.overrides,
                    &provenance.described,
                )
                .into_bytes()
            };
            // As above: millions of strings are not freed one by one.
            std::mem::forget(outcome);
            bytes
        }
    };
    o.output.emit(ctx, bytes, format, &recipe)
}

/// The municipality × activity table as a table, CSV or JSON.
fn write_matrix(
    ctx: &Context,
    o: &Output,
    format: Format,
    inputs: &Inputs,
    lines: &Lines,
) -> Result<(), Failure> {
    let t = &inputs.tariff.tariff;
    let provenance: Provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let m = Matrix::of(t, &lines.totals());
    let title = format!("{} – avgifter {} per kommun och verksamhet", t.name, m.year);
    let bytes = match format {
        Format::Csv => matrix::csv(&m, o.output.dialect()).into_bytes(),
        Format::Json => {
            let mut v = matrix::json_value(&m);
            if let Some(map) = v.as_object_mut() {
                map.insert("provenance".into(), recipe.to_json());
                map.insert("tariff".into(), t.name.clone().into());
            }
            whatif::mark_json(json::text(&v), &provenance.overrides, &provenance.described).into_bytes()
        }
        _ => whatif::mark_table(matrix::table(&m, &title), &provenance.described).into_bytes(),
    };
    o.output.emit(ctx, bytes, format, &recipe)
}
