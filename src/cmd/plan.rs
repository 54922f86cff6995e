//! `avgift plan PLAN.toml`: the budget year and the plan years after it,
//! for the base plan and each scenario (computed by
//! [`crate::planning::plan`]), as a table, CSV, JSON, a workbook or a page.

use std::path::PathBuf;

use clap::Args;

use super::args::OutputOptions;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::planning::plan::{compute_plan, write_tariffs};
use crate::write::{plan as out, By, Format};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The plan file (TOML; docs/plan-format.md).
    pub plan: PathBuf,
    /// Rows per municipality and payer (default) or per activity.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// Also write each year's tariff of each scenario, as `project` writes
    /// it, into DIR (`<scenario>-<year>.toml` with its files beside it).
    #[arg(long, value_name = "DIR")]
    pub write_tariffs: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputOptions,
}

pub fn run(ctx: &Context, args: &PlanArgs) -> Result<(), Failure> {
    let html = args
        .output
        .path()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    // `-o plan.html` is the page; every other -o is checked like calc's.
    let format = if html && args.output.format.is_none() {
        Format::Table
    } else {
        args.output.format(ctx)?
    };
    let run = compute_plan(ctx, &args.plan, args.write_tariffs.as_deref())?;
    let recipe = Recipe::of(ctx, &[&run.provenance]);
    if let Some(dir) = &args.write_tariffs {
        write_tariffs(ctx, dir, &run, &recipe)?;
    }
    let by = args.by.unwrap_or(By::Municipality);
    if html && args.output.format.is_none() {
        let path = args.output.path();
        crate::emit::emit_bytes(
            ctx,
            path,
            out::html(&run.result, &run.provenance, &recipe).as_bytes(),
        )?;
        if let Some(path) = path {
            crate::emit::announce(ctx, path);
        }
        return Ok(());
    }
    let bytes = match format {
        Format::Table => out::table(&run.result, by).into_bytes(),
        Format::Csv => out::csv(&run.result, args.output.dialect()).into_bytes(),
        Format::Json => out::json(&run.result, &recipe).into_bytes(),
        Format::Xlsx => workbook(out::xlsx(&run.result, &run.provenance, &recipe))?,
    };
    args.output.emit(ctx, bytes, format, &recipe)
}
