//! `avgift project`: next year's tariff from this year's, with indices,
//! population assumptions and `--set` alternatives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_decimal::Decimal;
use toml_edit::{Document, Item};

use super::inputs::Inputs;
use super::{Common, Failure};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{compute, Inhabitants, Population};
use crate::read::actuals::parse_actuals;
use crate::read::overrides::apply;
use crate::read::population::read_population;
use crate::read::tariff::parse_tariff_with;
use crate::read::toml::parse_percent;
use crate::read::weights::read_weights;
use crate::write::file::{relative_to, write_atomic};
use crate::write::{calc, projected};
use crate::{money, sv};

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// This year's tariff.
    pub tariff: PathBuf,
    /// The year to project to.
    #[arg(long)]
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
    /// This year's previous actuals instead of the ones the tariff names.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    /// Change a tariff value before projecting (repeatable), e.g. `charges.dso.rate=6.80`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Next year's population: the same file, another file, or grown figures.
enum NextPopulation {
    Same(PathBuf),
    File(PathBuf),
    Growth(Decimal),
}

pub fn run(args: &ProjectArgs) -> Result<(), Failure> {
    if args.output.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(
                "next year's tariff comes with files beside it, not on standard output: name a file",
            )
            .in_file(Path::new("-o -")),
        )
        .into());
    }
    let common = Common {
        tariff: args.tariff.clone(),
        population: None,
        actuals: args.actuals.clone(),
        set: args.set.clone(),
    };
    let overrides = common.overrides()?;
    let inputs = Inputs::load(&common)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;

    let mut problems = Diagnostics::new();
    let option = |name: &str| PathBuf::from(name);
    if args.year != tariff.year + 1 {
        problems.push(
            Diagnostic::new(format!(
                "the tariff is for {}: project one year at a time, to {} (indices apply once per year)",
                tariff.year,
                tariff.year + 1
            ))
            .in_file(&option("--year")),
        );
    }
    let mut indices = tariff.indices.clone();
    for spec in &args.index {
        let place = option(&format!("--index {spec}"));
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
    let next_population = match (&args.population, &args.growth) {
        (Some(p), _) => NextPopulation::File(p.clone()),
        (None, Some(g)) => match parse_percent(g) {
            // -100 % or less leaves no one to charge; more than 1 000 % is a slip.
            Some(rate) if rate > -Decimal::ONE && rate <= Decimal::TEN => NextPopulation::Growth(rate),
            Some(_) => {
                problems.push(
                    Diagnostic::new(format!(
                        "expected a growth above -100 % and at most 1 000 %, found {g:?}"
                    ))
                    .in_file(&option("--growth")),
                );
                NextPopulation::Growth(Decimal::ZERO)
            }
            None => {
                problems.push(
                    Diagnostic::new(format!("expected a percentage such as 0.8%, found {g:?}"))
                        .in_file(&option("--growth")),
                );
                NextPopulation::Growth(Decimal::ZERO)
            }
        },
        (None, None) => NextPopulation::Same(inputs.population_path.clone()),
    };
    if !problems.is_empty() {
        return Err(problems.into());
    }

    // Files beside the new tariff.
    let out = &args.output;
    let out_dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let stem = out
        .file_stem()
        .map_or_else(|| "tariff".to_string(), |s| s.to_string_lossy().to_string());
    let previous_name = format!("{stem}.previous-{}.csv", tariff.year);
    let previous_path = out_dir.join(&previous_name);
    let previous_csv = calc::csv(tariff, &outcome, crate::write::CsvDialect::Plain);

    let (population_name, population, grown) = match &next_population {
        NextPopulation::Same(p) | NextPopulation::File(p) => {
            let read = read_population(p)?;
            (relative_to(p, &out_dir), read.population, None)
        }
        NextPopulation::Growth(rate) => {
            let name = format!("{stem}.population.csv");
            let grown = grow(&inputs.population.population, *rate);
            let text = population_csv(&grown);
            (name, grown, Some(text))
        }
    };

    let mut header = vec![
        format!(
            "Projected by avgift project from {} ({}) to {}.",
            args.tariff.display(),
            tariff.year,
            args.year
        ),
        format!(
            "Indices applied: {}.",
            indices
                .iter()
                .map(|(n, r)| format!("{n} {}", sv::pct(*r)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        match &next_population {
            NextPopulation::Same(p) => format!("Population: unchanged, {} (assumption).", p.display()),
            NextPopulation::File(p) => format!("Population: {}.", p.display()),
            NextPopulation::Growth(r) => format!(
                "Population: {} uniform growth on {} (assumption), in {population_name}.",
                sv::pct(*r),
                inputs.population_path.display()
            ),
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
    for o in &overrides {
        header.push(format!("With --set {}.", o.text));
    }

    // Edit this year's document, as written and with the same overrides.
    let bytes = crate::read::text::read_input(&args.tariff, "the tariff").map_err(Diagnostics::from)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure::Other(format!("cannot read {}: {e}", args.tariff.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut doc = Document::parse(text)
        .map_err(|e| Failure::Other(format!("cannot parse {}: {e}", args.tariff.display())))?
        .into_mut();
    apply(&mut doc, &overrides)?;
    let weight_files = weight_files(&doc, &args.tariff, &out_dir);
    let plan = projected::Plan {
        year: args.year,
        indices,
        population_comment: header[2].clone(),
        previous_comment: format!("What was computed for {}, by avgift project.", tariff.year),
        population: population_name,
        previous_actuals: previous_name.clone(),
        weight_files,
        recipients: tariff
            .invoice
            .recipients
            .as_ref()
            .map(|r| relative_to(&inputs.tariff.resolve(r), &out_dir)),
        header,
    };
    let (new_text, changes) = projected::project(&mut doc, tariff, &plan);

    // The new tariff must read and compute before anything is written.
    let loader = |file: &str, column: &str| read_weights(&out_dir.join(file), column);
    let check = parse_tariff_with(&new_text, out, &[], &loader).and_then(|loaded| {
        let previous = parse_actuals(previous_csv.as_bytes(), &previous_path)?;
        compute(&loaded.tariff, &population, Some(&previous)).map_err(|d| loaded.place(d))
    });
    // What makes it fail is what was asked for (an index, a growth, a
    // population file): input, exit 2.
    if let Err(d) = check {
        let mut problems = Diagnostics::new();
        for p in d.iter() {
            problems.push(
                Diagnostic::new(format!(
                    "with these assumptions the projected tariff does not compute: {p}"
                ))
                .in_file(out),
            );
        }
        return Err(problems.into());
    }
    let mut outputs = vec![out.clone(), previous_path.clone(), super::manifest_path(out)];
    if grown.is_some() {
        outputs.push(out_dir.join(&plan.population));
    }
    crate::write::file::check_outputs(outputs.iter().map(PathBuf::as_path))?;

    if !crate::write::file::capturing() {
        std::fs::create_dir_all(&out_dir)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", out_dir.display())))?;
    }
    let write = |path: &Path, text: &str| {
        write_atomic(path, text.as_bytes()).map_err(|e| super::write_failure(path, e))
    };
    if let Some(text) = &grown {
        write(&out_dir.join(&plan.population), text)?;
    }
    write(&previous_path, &previous_csv)?;
    write(out, &new_text)?;
    // What made these files, beside the new tariff.
    let mut provenance = inputs.provenance()?;
    if let NextPopulation::File(p) = &next_population {
        provenance
            .add("population", p)
            .map_err(|e| Failure::Other(format!("cannot read {}: {e}", p.display())))?;
    }
    let out_name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().to_string());
    let mut files: Vec<(String, &[u8])> = vec![
        (out_name, new_text.as_bytes()),
        (previous_name.clone(), previous_csv.as_bytes()),
    ];
    if let Some(text) = &grown {
        files.push((plan.population.clone(), text.as_bytes()));
    }
    super::write_manifest_of(out, &files, &crate::audit::Recipe::of(&[&provenance]))?;

    let mut summary = format!("wrote {} ({} → {})\n", out.display(), tariff.year, args.year);
    summary.push_str(&format!("wrote {}\n", previous_path.display()));
    if grown.is_some() {
        summary.push_str(&format!("wrote {}\n", out_dir.join(&plan.population).display()));
    }
    for c in &changes {
        summary.push_str(&format!("  {}\n", projected::describe(c)));
    }
    super::emit(None, &summary)
}

/// Every count grown by `rate`, rounded half away from zero.
fn grow(population: &Population, rate: Decimal) -> Population {
    let mut grown: Population = population
        .iter()
        .map(|(code, row)| {
            let count = money::round_kr(Decimal::from(row.count) * (Decimal::ONE + rate));
            let count = u64::try_from(count.mantissa() / 10i128.pow(count.scale())).unwrap_or(0);
            (
                code,
                Inhabitants {
                    name: row.name.clone(),
                    count,
                },
            )
        })
        .collect();
    grown.source = population.source.clone();
    grown
}

/// The canonical population CSV.
fn population_csv(p: &Population) -> String {
    let header = vec!["code".to_string(), "name".to_string(), "population".to_string()];
    let rows = p
        .iter()
        .map(|(code, row)| vec![code.to_string(), row.name.clone(), row.count.to_string()]);
    crate::write::csv_text(
        crate::write::CsvDialect::Plain,
        std::iter::once(header).chain(rows),
    )
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
