//! One year projected from the year before: indices applied, a population
//! assumption, this year's amounts as next year's actuals, the new tariff
//! read back and computed. `avgift project` writes one step; `plan` chains
//! them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use toml_edit::{Document, Item};

use crate::context::file::relative_to;
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{compute, Actuals, Outcome, Population, Tariff};
use crate::msg;
use crate::read::actuals::parse_actuals;
use crate::read::overrides::{apply, Override};
use crate::read::population::read_population;
use crate::read::tariff::{parse_tariff_with, LoadedTariff, WeightLoader};
use crate::sv;
use crate::write::{calc, projected};

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
    /// `--next` overrides: values set in the projected year's tariff,
    /// after it is projected (this year and its amounts untouched).
    pub next: &'a [Override],
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
    let (new_text, mut changes) = projected_text(step, header, &population_name, &previous_name)?;
    // `--next` values go into the projected year as written, each checked
    // like a value in the file (a problem names its `--next`).
    let new_text = if step.next.is_empty() {
        new_text
    } else {
        parse_tariff_with(&new_text, out, step.next, step.weights)?;
        for o in step.next {
            let value = crate::number::value_number(&o.value);
            if let (Some(c), Some(v)) = (changes.iter_mut().find(|c| c.key == o.key()), value) {
                c.to = v;
            }
        }
        overrides_written_in(&new_text, step.next)?
    };

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
                Diagnostic::new(msg!(
                    "project-does-not-compute",
                    problem = super::problem_message(p)
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
    for o in step.next {
        header.push(format!("With --next {} (set in {}).", o.text, step.year));
    }
    header
}

/// `set` applied to a tariff's text, as written: the document keeps its
/// comments and layout.
pub fn overrides_written_in(text: &str, set: &[Override]) -> Result<String, Failure> {
    let mut doc = text
        .parse::<toml_edit::DocumentMut>()
        .map_err(|e| Failure::Other(msg!("planning-cannot-parse-projected", error = e.to_string())))?;
    apply(&mut doc, set)?;
    Ok(doc.to_string())
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
        .map_err(|e| {
            Failure::Other(msg!(
                "planning-cannot-parse",
                path = step.source,
                error = e.to_string()
            ))
        })?
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
