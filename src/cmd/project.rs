//! `avgift project`: next year's tariff from this year's, with indices,
//! population assumptions and `--set` alternatives (the step itself is
//! [`crate::planning::project`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_decimal::Decimal;

use super::args::ActualsAndSet;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::inputs::{Given, Inputs};
use crate::msg;
use crate::planning::project::{
    folder_of, project_step, write_year, write_year_manifest, NextPopulation, Projected, Step,
};
use crate::read::overrides::Override;
use crate::read::toml::parse_percent;
use crate::read::weights::read_weights;
use crate::write::projected;

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// This year's tariff.
    pub tariff: PathBuf,
    /// The year to project to (usually the tariff's year + 1).
    #[arg(long, value_parser = parse_year)]
    pub year: i32,
    /// Where to write next year's tariff; its actuals (and population, with
    /// --growth) are written beside it.
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: PathBuf,
    /// Override a named index for the projection, e.g. `avtal=3%` (repeatable).
    #[arg(long = "index", value_name = "NAME=PCT")]
    pub index: Vec<String>,
    /// Next year's population file.
    #[arg(long, value_name = "FILE", conflicts_with = "growth")]
    pub population: Option<PathBuf>,
    /// Assume uniform population growth on this year's figures, e.g. `0.8%`.
    #[arg(long, value_name = "PCT", allow_hyphen_values = true)]
    pub growth: Option<String>,
    /// `--actuals` and `--set`, as every command takes them (`--population`
    /// above is not the common one: see `ActualsAndSet`).
    #[command(flatten)]
    pub actuals_and_set: ActualsAndSet,
    /// Set a value in the projected year (--year), after projecting: this
    /// year's tariff, its amounts and the projected year's previous-year
    /// figures stay as they are. `project 2023.toml --year 2024 --next
    /// charges.dso.rate=6.80` writes 6,80 into the 2024 tariff (repeatable;
    /// keys as for --set).
    #[arg(long = "next", value_name = "KEY=VALUE")]
    pub next: Vec<String>,
}

/// A year such as 2024 (a tariff's year is 1900–2200).
fn parse_year(s: &str) -> Result<i32, String> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..2201).contains(y))
        .ok_or_else(|| format!("expected a year such as 2024, found {s:?}"))
}

pub fn run(ctx: &Context, args: &ProjectArgs) -> Result<(), Failure> {
    check_output_name(&args.output)?;
    let given = Given {
        tariff: args.tariff.clone(),
        population: None,
        actuals: args.actuals_and_set.actuals.clone(),
        set: args.actuals_and_set.set.clone(),
    };
    let overrides = given.overrides()?;
    let next = next_given(&args.next)?;
    let inputs = Inputs::load(ctx, &given)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;

    let mut problems = Diagnostics::new();
    if args.year != tariff.year + 1 {
        problems.push(
            Diagnostic::new(msg!(
                "cmd-project-one-year-at-a-time",
                year = tariff.year,
                next = tariff.year + 1
            ))
            .in_file(Path::new("--year")),
        );
    }
    let indices = indices_given(&tariff.indices, &args.index, &mut problems);
    let next_population = next_population_given(args, &inputs.population_path, &mut problems);
    if !problems.is_empty() {
        return Err(problems.into());
    }

    let out = &args.output;
    let out_dir = folder_of(out);
    // The tariff's text as it was read and parsed, not read again.
    let text = inputs.tariff.text.as_str();
    let loader = |file: &str, column: &str| read_weights(ctx, &out_dir.join(file), column);
    let next = project_step(
        ctx,
        &Step {
            source: &args.tariff,
            text,
            overrides: &overrides,
            next: &next,
            tariff,
            population_path: &inputs.population_path,
            population: &inputs.population.population,
            outcome: &outcome,
            recipients: tariff
                .invoice
                .recipients
                .as_ref()
                .map(|r| inputs.tariff.resolve(r)),
            indices,
            next_population,
            year: args.year,
            out,
            weights: &loader,
        },
    )?;
    write_projected(ctx, args, &inputs, &next)?;
    say_written(ctx, out, tariff.year, args.year, &next);
    Ok(())
}

/// The `--next` values, each read as `--set` reads one (a problem names
/// its `--next`).
fn next_given(specs: &[String]) -> Result<Vec<Override>, Failure> {
    let mut problems = Diagnostics::new();
    let mut out = Vec::new();
    for s in specs {
        match Override::given("--next", s) {
            Ok(o) => out.push(o),
            Err(d) => problems.push(d),
        }
    }
    Ok(problems.into_result(out)?)
}

/// `-o` must name a TOML file: next year's tariff comes with files beside
/// it, so standard output will not do.
fn check_output_name(output: &Path) -> Result<(), Failure> {
    if output.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("cmd-project-not-stdout")).in_file(Path::new("-o -")),
        )
        .into());
    }
    if !output.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        let message = msg!("cmd-project-not-toml", path = output);
        return Err(Failure::Input(Diagnostic::new(message).into()));
    }
    Ok(())
}

/// The tariff's indices with the `--index NAME=PCT` values in their place;
/// a value that is not one is a problem placed at its option.
fn indices_given(
    tariff_indices: &BTreeMap<String, Decimal>,
    specs: &[String],
    problems: &mut Diagnostics,
) -> BTreeMap<String, Decimal> {
    let mut indices = tariff_indices.clone();
    for spec in specs {
        let place = PathBuf::from(format!("--index {spec}"));
        match spec.split_once('=').map(|(n, p)| (n.trim(), parse_percent(p))) {
            Some((_, Some(rate))) if rate <= -Decimal::ONE || rate > Decimal::TEN => {
                problems.push(Diagnostic::new(msg!("cmd-project-index-out-of-range")).in_file(&place))
            }
            Some((name, Some(rate))) if indices.contains_key(name) => {
                indices.insert(name.to_string(), rate);
            }
            Some((name, Some(_))) => problems.push(
                Diagnostic::new(msg!(
                    "cmd-project-no-such-index",
                    name = msg::quoted(name),
                    indices = indices.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
                .in_file(&place),
            ),
            _ => problems.push(Diagnostic::new(msg!("cmd-project-index-not-name-pct")).in_file(&place)),
        }
    }
    indices
}

/// Next year's population from `--population` or `--growth`, else the
/// same file (`same`); a growth that is not one is a problem at `--growth`.
fn next_population_given(args: &ProjectArgs, same: &Path, problems: &mut Diagnostics) -> NextPopulation {
    let growth = Path::new("--growth");
    match (&args.population, &args.growth) {
        (Some(p), _) => NextPopulation::File(p.clone()),
        (None, Some(g)) => match parse_percent(g) {
            // -100 % or less leaves no one to charge; more than 1 000 % is a slip.
            Some(rate) if rate > -Decimal::ONE && rate <= Decimal::TEN => NextPopulation::Growth(rate),
            Some(_) => {
                problems.push(
                    Diagnostic::new(msg!("cmd-project-growth-out-of-range", found = msg::quoted(g)))
                        .in_file(growth),
                );
                NextPopulation::Growth(Decimal::ZERO)
            }
            None => {
                problems.push(
                    Diagnostic::new(msg!("cmd-project-growth-not-percent", found = msg::quoted(g)))
                        .in_file(growth),
                );
                NextPopulation::Growth(Decimal::ZERO)
            }
        },
        (None, None) => NextPopulation::Same(same.to_path_buf()),
    }
}

/// Writes the projected year's files and their manifest, once every output
/// path has been checked.
fn write_projected(
    ctx: &Context,
    args: &ProjectArgs,
    inputs: &Inputs,
    next: &Projected,
) -> Result<(), Failure> {
    let out = &args.output;
    let out_dir = folder_of(out);
    let mut outputs = vec![
        out.clone(),
        out_dir.join(&next.previous_name),
        crate::emit::manifest_path(out),
    ];
    if next.population_csv.is_some() {
        outputs.push(out_dir.join(&next.population_name));
    }
    ctx.check_outputs(outputs.iter().map(PathBuf::as_path))?;

    ctx.make_folder(&out_dir).map_err(|e| {
        let other = msg!("cmd-cannot-create-folder", path = &out_dir, error = e.to_string());
        crate::context::file::folder_failure(&out_dir, e, other)
    })?;
    write_year(ctx, out, next)?;
    // What made these files, beside the new tariff.
    let mut provenance = inputs.provenance(ctx)?;
    if let Some(p) = &args.population {
        provenance
            .add(ctx, "population", p)
            .map_err(crate::diag::Diagnostics::from)?;
    }
    write_year_manifest(ctx, out, next, &crate::audit::Recipe::of(ctx, &[&provenance]))
}

/// Says what `project` wrote, and what changed, on standard error.
fn say_written(ctx: &Context, out: &Path, from: i32, to: i32, next: &Projected) {
    let out_dir = folder_of(out);
    ctx.say(&msg!("cmd-project-wrote", path = out, from = from, to = to));
    ctx.say(&msg!("cmd-wrote", path = &out_dir.join(&next.previous_name)));
    if next.population_csv.is_some() {
        ctx.say(&msg!("cmd-wrote", path = &out_dir.join(&next.population_name)));
    }
    for c in &next.changes {
        ctx.say(&msg!("cmd-indented", line = projected::describe(c)));
    }
}
