//! `avgift solve`: the smallest value of a tariff key whose invoiced total
//! covers an activity's budget (the search is [`crate::planning::solve`]).

use std::path::PathBuf;

use clap::Args;

use super::args::{Common, OutputOptions};
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::inputs::Inputs;
use crate::planning::solve::{parse_covers, solve_text, Goal, WeightCache};
use crate::write::{solve as out, Format};

#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    pub common: Common,
    /// The numeric tariff key to solve for, e.g. `charges.dso.rate`,
    /// `charges.dso.fixed`, `charges.vo.total`, `charges.navet.amounts.1490`.
    #[arg(long, value_name = "KEY")]
    pub vary: String,
    /// The activity (id or name) and the amount in kronor its invoiced total
    /// (municipalities and external payers) must reach, e.g. `dso=2600000`.
    #[arg(long, value_name = "ACTIVITY=AMOUNT")]
    pub covers: String,
    #[command(flatten)]
    pub output: OutputOptions,
}

pub fn run(ctx: &Context, args: &SolveArgs) -> Result<(), Failure> {
    let format = args.output.format(ctx)?;
    if format == Format::Xlsx {
        return Err(Diagnostics::from(Diagnostic::new(crate::msg!("cmd-solve-no-workbook"))).into());
    }
    let (activity, target) = parse_covers(&args.covers, &PathBuf::from(format!("--covers {}", args.covers)))
        .map_err(Diagnostics::from)?;
    let goal = Goal {
        key: args.vary.trim().to_string(),
        activity,
        target,
    };
    let inputs = Inputs::load(ctx, &args.common.given())?;
    let path = &args.common.tariff;
    // The tariff's text as it was read and parsed, not read again.
    let text = inputs.tariff.text.as_str();
    let cache = WeightCache::new(ctx);
    let loader = |file: &str, column: &str| cache.load(path, file, column);
    let solution = solve_text(
        text,
        path,
        &inputs.tariff.overrides,
        &loader,
        &inputs.population.population,
        inputs.actuals.as_ref(),
        &goal,
    )?;
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let bytes = match format {
        Format::Table => out::table(&solution, &provenance.described),
        Format::Csv => out::csv(&solution, args.output.dialect()),
        Format::Json => out::json(&solution, &provenance.overrides, &recipe),
        Format::Xlsx => unreachable!("refused above"),
    };
    args.output.emit(ctx, bytes, format, &recipe)
}
