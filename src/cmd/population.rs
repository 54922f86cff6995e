//! `avgift population import`: an SCB export in, the canonical population
//! file (`code,name,population`) out. What was read is summarised on
//! standard error, so that standard output and `-o` hold the file alone.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::audit::{InputFile, Provenance, Recipe};
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::sha256_hex;
use crate::emit::emit;
use crate::engine::date::Date;
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
            let message = format!(
                "-o {}: the population file is CSV (code,name,population): -o takes FILE.csv",
                out.display()
            );
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
            let problem = Diagnostic::new(format!("--date {date} is not in the period read ({period})"));
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
    ctx.stderr(&summary(&a.file, a, &imported));
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

fn summary(file: &Path, a: &ImportArgs, i: &Imported) -> String {
    let mut out = String::new();
    let w = &mut out;
    let separated = match i.delimiter {
        Some(b',') => ", comma-separated",
        Some(b';') => ", semicolon-separated",
        Some(b'\t') => ", tab-separated",
        _ => "",
    };
    let _ = writeln!(
        w,
        "{}: {}, regions as {}, {}{separated}",
        file.display(),
        i.layout.label(),
        i.regions,
        i.encoding.label()
    );
    let year = match (&i.period, i.periods.as_slice()) {
        (Some(p), []) => format!("year {p} (as given; the file names no year)"),
        (None, []) if a.date.is_some() => {
            let y = a.date.map(|d| format!("{:04}", d.year)).unwrap_or_default();
            format!("year {y} (from --date; the file names no year)")
        }
        (Some(p), [_]) => format!("year {p}"),
        (Some(p), all) => format!("year {p} (the file has {})", all.join(", ")),
        (None, _) => "year not stated in the file".to_string(),
    };
    let date = match &a.date {
        Some(d) => format!(", reference date {d}"),
        None => String::new(),
    };
    let _ = writeln!(w, "  {year}{date}");
    let n = i.population.len();
    let _ = writeln!(
        w,
        "  {n} {}, {} inhabitants",
        if n == 1 { "municipality" } else { "municipalities" },
        sv::int(i.population.total())
    );
    let skipped = match i.skipped.len() {
        0 => String::new(),
        1 => "1 region that is not a municipality".to_string(),
        k => format!("{k} regions that are not municipalities"),
    };
    if !skipped.is_empty() {
        let regions: Vec<String> = i.skipped.iter().map(ToString::to_string).collect();
        let _ = writeln!(w, "  skipped {skipped}: {}", regions.join(", "));
    }
    if let Some(o) = a.output.as_ref().filter(|p| p.as_os_str() != "-") {
        let _ = writeln!(w, "wrote {}", o.display());
    }
    out
}
