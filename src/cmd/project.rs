//! `avgift project`: next year's tariff from this year's, with indices,
//! population assumptions and `--set` alternatives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_decimal::Decimal;
use toml_edit::{Document, Item};

use super::args::ActualsAndSet;
use crate::context::file::relative_to;
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{compute, Actuals, Outcome, Population, Tariff};
use crate::inputs::Given;
use crate::inputs::Inputs;
use crate::read::actuals::parse_actuals;
use crate::read::overrides::{apply, Override};
use crate::read::population::read_population;
use crate::read::tariff::{parse_tariff_with, LoadedTariff, WeightLoader};
use crate::read::toml::parse_percent;
use crate::read::weights::read_weights;
use crate::sv;
use crate::write::{calc, projected};

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
}

/// A year such as 2024 (a tariff's year is 1900–2200).
fn parse_year(s: &str) -> Result<i32, String> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..2201).contains(y))
        .ok_or_else(|| format!("expected a year such as 2024, found {s:?}"))
}

/// Next year's population: the same file, another file, grown figures, or
/// figures given (a plan's forecast or growth per municipality).
pub enum NextPopulation {
    Same(PathBuf),
    File(PathBuf),
    Growth(Decimal),
    /// Figures made elsewhere, written beside the new tariff like grown
    /// ones; the text says what they are.
    Figures(Population, String),
}

/// One year projected from the year before: what `project` computes
/// before it writes anything. `plan` chains these.
pub struct Step<'a> {
    /// This year's tariff file (or where a plan's year would be written).
    pub source: &'a Path,
    /// Its text, as written (without BOM).
    pub text: &'a str,
    /// `--set` overrides applied to it before projecting.
    pub overrides: &'a [Override],
    /// This year's tariff (overrides applied), population and outcome.
    pub tariff: &'a Tariff,
    pub population_path: &'a Path,
    pub population: &'a Population,
    pub outcome: &'a Outcome,
    /// The recipients file, resolved (relative to the working directory).
    pub recipients: Option<PathBuf>,
    /// The index values to apply.
    pub indices: BTreeMap<String, Decimal>,
    pub next_population: NextPopulation,
    pub year: i32,
    /// Where next year's tariff goes.
    pub out: &'a Path,
    /// Weight files of the new tariff are read from its folder; a plan
    /// kept in memory reads them through this instead.
    pub weights: &'a WeightLoader<'a>,
}

/// Next year's tariff and the files beside it, checked to compute.
pub struct Projected {
    pub text: String,
    pub changes: Vec<projected::Change>,
    /// `<stem>.previous-<year>.csv`, beside the new tariff.
    pub previous_name: String,
    pub previous_csv: String,
    pub previous: Actuals,
    /// The new tariff's population path (relative to it), and the figures.
    pub population_name: String,
    pub population: Population,
    /// Figures to write beside the new tariff (grown or given).
    pub population_csv: Option<String>,
    /// The new tariff, read.
    pub loaded: LoadedTariff,
    /// The new year computed.
    pub outcome: Outcome,
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
    let inputs = Inputs::load(ctx, &given)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;

    let mut problems = Diagnostics::new();
    if args.year != tariff.year + 1 {
        problems.push(
            Diagnostic::new(format!(
                "the tariff is for {}: project one year at a time, to {} (indices apply once per year)",
                tariff.year,
                tariff.year + 1
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
    ctx.stderr(&written_summary(out, tariff.year, args.year, &next));
    Ok(())
}

/// `-o` must name a TOML file: next year's tariff comes with files beside
/// it, so standard output will not do.
fn check_output_name(output: &Path) -> Result<(), Failure> {
    if output.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(
                "next year's tariff comes with files beside it, not on standard output: name a file",
            )
            .in_file(Path::new("-o -")),
        )
        .into());
    }
    if !output.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        let message = format!(
            "-o {}: project writes next year's tariff, a TOML file: -o takes FILE.toml",
            output.display()
        );
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
            Some((_, Some(rate))) if rate <= -Decimal::ONE || rate > Decimal::TEN => problems
                .push(Diagnostic::new("expected an index above -100 % and at most 1 000 %").in_file(&place)),
            Some((name, Some(rate))) if indices.contains_key(name) => {
                indices.insert(name.to_string(), rate);
            }
            Some((name, Some(_))) => problems.push(
                Diagnostic::new(format!(
                    "the tariff has no index {name:?}; it has: {}",
                    indices.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
                .in_file(&place),
            ),
            _ => problems.push(Diagnostic::new("expected NAME=PCT, such as avtal=3%").in_file(&place)),
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
                    Diagnostic::new(format!(
                        "expected a growth above -100 % and at most 1 000 %, found {g:?}"
                    ))
                    .in_file(growth),
                );
                NextPopulation::Growth(Decimal::ZERO)
            }
            None => {
                problems.push(
                    Diagnostic::new(format!("expected a percentage such as 0.8%, found {g:?}"))
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

    ctx.make_folder(&out_dir)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", out_dir.display())))?;
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

/// What `project` wrote, and what changed, for standard error.
fn written_summary(out: &Path, from: i32, to: i32, next: &Projected) -> String {
    let out_dir = folder_of(out);
    let previous_path = out_dir.join(&next.previous_name);
    let mut summary = format!("wrote {} ({from} → {to})\n", out.display());
    summary.push_str(&format!("wrote {}\n", previous_path.display()));
    if next.population_csv.is_some() {
        summary.push_str(&format!(
            "wrote {}\n",
            out_dir.join(&next.population_name).display()
        ));
    }
    for c in &next.changes {
        summary.push_str(&format!("  {}\n", projected::describe(c)));
    }
    summary
}

/// The folder a file goes in (`.` for a bare name).
pub fn folder_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes a projected year: its population (when made), its previous-year
/// actuals, then the tariff, each atomically.
pub fn write_year(ctx: &Context, out: &Path, next: &Projected) -> Result<(), Failure> {
    let out_dir = folder_of(out);
    let write = |path: &Path, text: &str| {
        ctx.write_file(path, text.as_bytes())
            .map_err(|e| crate::context::file::write_failure(path, e))
    };
    if let Some(text) = &next.population_csv {
        write(&out_dir.join(&next.population_name), text)?;
    }
    write(&out_dir.join(&next.previous_name), &next.previous_csv)?;
    write(out, &next.text)
}

/// `OUT.manifest.json` for a projected year's files.
pub fn write_year_manifest(
    ctx: &Context,
    out: &Path,
    next: &Projected,
    recipe: &crate::audit::Recipe,
) -> Result<(), Failure> {
    let out_name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().to_string());
    let mut files: Vec<(String, &[u8])> = vec![
        (out_name, next.text.as_bytes()),
        (next.previous_name.clone(), next.previous_csv.as_bytes()),
    ];
    if let Some(text) = &next.population_csv {
        files.push((next.population_name.clone(), text.as_bytes()));
    }
    crate::emit::write_manifest_of(ctx, out, &files, recipe)
}

/// Projects one year: next year's tariff text, its previous-year actuals
/// and population, read back and computed. Nothing is written.
pub fn project_step(ctx: &Context, step: &Step) -> Result<Projected, Failure> {
    let tariff = step.tariff;
    let out = step.out;
    let out_dir = folder_of(out);
    let stem = out
        .file_stem()
        .map_or_else(|| "tariff".to_string(), |s| s.to_string_lossy().to_string());
    let previous_name = format!("{stem}.previous-{}.csv", tariff.year);
    let previous_path = out_dir.join(&previous_name);
    let previous_csv = calc::csv(tariff, step.outcome, crate::write::CsvDialect::Plain);
    let (population_name, population, population_csv) = next_figures(ctx, step, &stem, &out_dir)?;
    let header = projection_header(step, &population_name, &previous_name);
    let (new_text, changes) = projected_text(step, header, &population_name, &previous_name)?;

    // The new tariff must read and compute before anything is written.
    let check = parse_tariff_with(&new_text, out, &[], step.weights).and_then(|loaded| {
        let previous = parse_actuals(previous_csv.as_bytes(), &previous_path)?;
        let outcome = compute(&loaded.tariff, &population, Some(&previous)).map_err(|d| loaded.place(d))?;
        Ok((loaded, previous, outcome))
    });
    // What makes it fail is what was asked for (an index, a growth, a
    // population file): input, exit 2.
    let (loaded, previous, outcome) = check.map_err(|d| {
        let mut problems = Diagnostics::new();
        for p in d.iter() {
            problems.push(
                Diagnostic::new(format!(
                    "with these assumptions the projected tariff does not compute: {p}"
                ))
                .in_file(out),
            );
        }
        Failure::from(problems)
    })?;
    Ok(Projected {
        text: new_text,
        changes,
        previous_name,
        previous_csv,
        previous,
        population_name,
        population,
        population_csv,
        loaded,
        outcome,
    })
}

/// Next year's population: its path relative to the new tariff, the
/// figures, and the CSV to write beside the tariff when the figures are
/// made (grown or given) rather than a file's.
fn next_figures(
    ctx: &Context,
    step: &Step,
    stem: &str,
    out_dir: &Path,
) -> Result<(String, Population, Option<String>), Failure> {
    Ok(match &step.next_population {
        // The file this year was computed from: its figures, not read again.
        NextPopulation::Same(p) if p == step.population_path => {
            (relative_to(p, out_dir), step.population.clone(), None)
        }
        NextPopulation::Same(p) | NextPopulation::File(p) => {
            let read = read_population(ctx, p)?;
            (relative_to(p, out_dir), read.population, None)
        }
        NextPopulation::Growth(rate) => {
            let name = format!("{stem}.population.csv");
            let grown = step.population.grown(|_| *rate)?;
            let text = crate::write::population::population_csv(&grown);
            (name, grown, Some(text))
        }
        NextPopulation::Figures(figures, _) => {
            let name = format!("{stem}.population.csv");
            (
                name,
                figures.clone(),
                Some(crate::write::population::population_csv(figures)),
            )
        }
    })
}

/// The comment lines at the top of the new tariff: where it came from and
/// what was assumed. The third line is the population's (also its
/// setting's comment).
fn projection_header(step: &Step, population_name: &str, previous_name: &str) -> Vec<String> {
    let tariff = step.tariff;
    let mut header = vec![
        format!(
            "Projected by avgift project from {} ({}) to {}.",
            step.source.display(),
            tariff.year,
            step.year
        ),
        format!(
            "Indices applied: {}.",
            step.indices
                .iter()
                .map(|(n, r)| format!("{n} {}", sv::pct(*r)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        match &step.next_population {
            NextPopulation::Same(p) => format!("Population: unchanged, {} (assumption).", p.display()),
            NextPopulation::File(p) => format!("Population: {}.", p.display()),
            NextPopulation::Growth(r) => format!(
                "Population: {} uniform growth on {} (assumption), in {population_name}.",
                sv::pct(*r),
                step.population_path.display()
            ),
            NextPopulation::Figures(_, what) => format!("Population: {what}, in {population_name}."),
        },
        format!(
            "Rates rounded to {}, amounts to {} (the [projection] settings).",
            tariff.projection.rates.name(),
            tariff.projection.amounts.name()
        ),
        format!(
            "Previous-year actuals: the amounts computed for {} ({previous_name}).",
            tariff.year
        ),
    ];
    let dropped = tariff.adjustments.iter().filter(|a| !a.recurring).count();
    if dropped > 0 {
        header.push(format!("One-off adjustment lines not carried over: {dropped}."));
    }
    for o in step.overrides {
        header.push(format!("With --set {}.", o.text));
    }
    header
}

/// Next year's tariff text: this year's document, as written and with the
/// same overrides, edited by [`projected::project`]; an earlier
/// projection's header gives way to this one's, its what-ifs kept.
fn projected_text(
    step: &Step,
    header: Vec<String>,
    population_name: &str,
    previous_name: &str,
) -> Result<(String, Vec<projected::Change>), Failure> {
    let tariff = step.tariff;
    let out_dir = folder_of(step.out);
    let (whatifs, text) = projected::split_header(step.text);
    let mut doc = Document::parse(text)
        .map_err(|e| Failure::Other(format!("cannot parse {}: {e}", step.source.display())))?
        .into_mut();
    apply(&mut doc, step.overrides)?;
    let weight_files = weight_files(&doc, step.source, &out_dir);
    let plan = projected::Plan {
        year: step.year,
        indices: step.indices.clone(),
        population_comment: header[2].clone(),
        previous_comment: format!("What was computed for {}, by avgift project.", tariff.year),
        population: population_name.to_string(),
        previous_actuals: previous_name.to_string(),
        weight_files,
        recipients: step.recipients.as_ref().map(|r| relative_to(r, &out_dir)),
        header,
    };
    let (mut new_text, changes) = projected::project(&mut doc, tariff, &plan);
    if !whatifs.is_empty() {
        let at = new_text.find("\n#\n").map_or(0, |i| i + 3);
        new_text.insert_str(at, &whatifs);
    }
    Ok((new_text, changes))
}

/// Weight files named by charges, re-pointed from the old tariff's folder
/// to the new one's.
fn weight_files(doc: &toml_edit::DocumentMut, tariff: &Path, out_dir: &Path) -> BTreeMap<String, String> {
    let from_dir = tariff.parent().unwrap_or(Path::new(""));
    let mut out = BTreeMap::new();
    if let Some(charges) = doc.get("charges").and_then(Item::as_table_like) {
        for (_, charge) in charges.iter() {
            if let Some(f) = charge.get("weight_file").and_then(Item::as_str) {
                out.insert(f.to_string(), relative_to(&from_dir.join(f), out_dir));
            }
        }
    }
    out
}
