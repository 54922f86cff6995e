//! `avgift population import`: an SCB export in, the canonical population
//! file (`code,name,population`) out. What was read is summarised on
//! standard error, so that standard output and `-o` hold the file alone.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::audit::{InputFile, Provenance, Recipe};
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::sha256_hex;
use crate::emit::emit;
use crate::engine::date::Date;
use crate::msg;
use crate::msg::count;
use crate::read::scb::{self, ImportOptions, Imported};
use crate::{sv, write};

#[derive(Debug, Subcommand)]
pub enum PopulationCommand {
    /// Reads an SCB export (PxWeb CSV, JSON-stat 2.0, or Kod;Namn;Befolkning) and writes the canonical
    /// population file: code,name,population, one row per municipality in code order.
    #[command(
        after_help = "Example:\n  avgift population import data/sjuharad/scb-folkmangd-2021-12-31.csv \
         --date 2021-12-31 -o folkmangd.csv\n  avgift population import BE0101N1.json --year 2021 --skip-regions \
         -o folkmangd.csv"
    )]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The SCB export.
    pub file: PathBuf,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The year to read when the file has several (or a period: 2021M12, 2021K4).
    #[arg(long, value_name = "YEAR", value_parser = parse_year)]
    pub year: Option<String>,
    /// The figures' reference date, shown in the summary; it must lie in the year read.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,
    /// Leave counties (län) and the whole country (Riket) out instead of rejecting them.
    #[arg(long)]
    pub skip_regions: bool,
}

fn parse_year(s: &str) -> Result<String, String> {
    scb::period(s)
        .ok_or_else(|| format!("expected a year such as 2021 (or a period such as 2021M12), found {s:?}"))
}

/// A date `YYYY-MM-DD` that exists (the engine's calendar).
fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|_| {
        format!(
            "expected the figures' reference date as YYYY-MM-DD, such as 2021-12-31 (SCB counts the population on 31 December), found {s:?}"
        )
    })
}

pub fn run(ctx: &Context, command: &PopulationCommand) -> Result<(), Failure> {
    match command {
        PopulationCommand::Import(a) => import(ctx, a),
    }
}

fn import(ctx: &Context, a: &ImportArgs) -> Result<(), Failure> {
    if let Some(out) = a.output.as_deref().filter(|p| p.as_os_str() != "-") {
        if !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            let message = msg!("population-import-not-csv", path = out);
            return Err(Failure::Input(Diagnostic::new(message).into()));
        }
    }
    let bytes = crate::context::input::read_input(ctx, &a.file, crate::context::input::Input::Import)
        .map_err(Diagnostics::from)?;
    let opts = ImportOptions {
        year: a.year.clone(),
        skip_regions: a.skip_regions,
    };
    let imported = scb::import(&bytes, &a.file, &opts)?;
    if let (Some(date), Some(period)) = (&a.date, &imported.period) {
        if !date_in_period(*date, period) {
            let problem = Diagnostic::new(msg!(
                "population-import-date-not-in-period",
                date = date.to_string(),
                period = period.as_str()
            ));
            return Err(Diagnostics::from(problem.in_file(&a.file)).into());
        }
    }
    let text = write::population::population_csv(&imported.population);
    let output = a.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(out) = output {
        ctx.check_outputs([out, crate::emit::manifest_path(out).as_path()])?;
    }
    emit(ctx, output, &text)?;
    if let Some(out) = output {
        // What made the file, beside it (the canonical CSV stays plain).
        let mut p = Provenance::default();
        p.inputs.push(InputFile {
            role: "input",
            path: a.file.clone(),
            sha256: sha256_hex(&bytes),
        });
        crate::emit::write_manifest(ctx, out, text.as_bytes(), &Recipe::of(ctx, &[&p]))?;
    }
    say_summary(ctx, &a.file, a, &imported);
    Ok(())
}

/// Whether a date lies in a period (`2021`, `2021M12`, `2021K4`): its
/// year, and its month or quarter.
fn date_in_period(date: Date, period: &str) -> bool {
    if period.get(..4) != Some(format!("{:04}", date.year).as_str()) {
        return false;
    }
    match period.get(4..5) {
        Some("M") => period.get(5..).and_then(|m| m.parse().ok()) == Some(date.month),
        Some("K" | "Q") => {
            period.get(5..).and_then(|q| q.parse::<u32>().ok()) == Some(date.month.div_ceil(3))
        }
        _ => true,
    }
}

/// Says what was read (and written) on standard error.
fn say_summary(ctx: &Context, file: &Path, a: &ImportArgs, i: &Imported) {
    let layout = i.layout.label();
    let encoding = i.encoding.label();
    let separated = match i.delimiter {
        Some(b',') => Some(msg!("population-import-comma-separated")),
        Some(b';') => Some(msg!("population-import-semicolon-separated")),
        Some(b'\t') => Some(msg!("population-import-tab-separated")),
        _ => None,
    };
    ctx.say(&match separated {
        Some(separated) => msg!(
            "population-import-read-separated",
            file = file,
            layout = layout,
            regions = i.regions.clone(),
            encoding = encoding,
            separated = separated
        ),
        None => msg!(
            "population-import-read",
            file = file,
            layout = layout,
            regions = i.regions.clone(),
            encoding = encoding
        ),
    });
    let year = match (&i.period, i.periods.as_slice()) {
        (Some(p), []) => msg!("population-import-year-as-given", year = p),
        (None, []) if a.date.is_some() => {
            let y = a.date.map(|d| format!("{:04}", d.year)).unwrap_or_default();
            msg!("population-import-year-from-date", year = y)
        }
        (Some(p), [_]) => msg!("population-import-year", year = p),
        (Some(p), all) => msg!("population-import-year-of", year = p, years = all.join(", ")),
        (None, _) => msg!("population-import-year-not-stated"),
    };
    let year = match &a.date {
        Some(d) => msg!(
            "population-import-reference-date",
            year = year,
            date = d.to_string()
        ),
        None => year,
    };
    ctx.say(&msg!("cmd-indented", line = year));
    ctx.say(&msg!(
        "cmd-indented",
        line = msg!(
            "population-import-municipalities",
            n = count(i.population.len()),
            inhabitants = sv::int(i.population.total())
        )
    ));
    if !i.skipped.is_empty() {
        ctx.say(&msg!(
            "cmd-indented",
            line = msg!(
                "population-import-skipped",
                n = count(i.skipped.len()),
                regions = i.skipped.clone()
            )
        ));
    }
    if let Some(o) = a.output.as_ref().filter(|p| p.as_os_str() != "-") {
        ctx.say(&msg!("cmd-wrote", path = o));
    }
}
