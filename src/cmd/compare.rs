//! `avgift compare A B`: a tariff or an actuals file against another.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::inputs::Inputs;
use super::{Common, Failure};
use crate::engine::compare::{self, Ledger};
use crate::read::actuals::read_actuals;
use crate::write::{compare as out, Format};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier side: a tariff (.toml, computed) or an actuals CSV.
    pub a: PathBuf,
    /// The later side: a tariff or an actuals CSV. --population, --actuals
    /// and --set apply to B when it is a tariff.
    pub b: PathBuf,
    /// Totals per municipality (and payer) or per activity instead of one row
    /// per party and activity.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    #[command(flatten)]
    pub output: super::OutputOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Municipality,
    Activity,
}

/// A side read: its ledger and its label (the year, or the file name).
fn side(path: &Path, common: Option<&CompareArgs>) -> Result<(Ledger, String), Failure> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        let c = Common {
            tariff: path.to_path_buf(),
            population: common.and_then(|c| c.population.clone()),
            actuals: common.and_then(|c| c.actuals.clone()),
            set: common.map(|c| c.set.clone()).unwrap_or_default(),
        };
        let inputs = Inputs::load(&c)?;
        let outcome = inputs.compute()?;
        let t = &inputs.tariff.tariff;
        Ok((Ledger::from_outcome(t, &outcome), t.year.to_string()))
    } else {
        let actuals = read_actuals(path)?;
        let label = actuals
            .year
            .map_or_else(|| path.display().to_string(), |y| format!("{y} (utfall)"));
        Ok((Ledger::from_actuals(&actuals), label))
    }
}

pub fn run(args: &CompareArgs) -> Result<(), Failure> {
    let format = args.output.format()?;
    let (a, a_label) = side(&args.a, None)?;
    let (b, mut b_label) = side(&args.b, Some(args))?;
    if b_label == a_label {
        b_label = format!("{b_label} (B)");
    }
    let note = (!a.has_rates).then(|| {
        format!(
            "A ({}) är ett utfall utan taxor: förändringen redovisas som deltagande eller övrigt, inte som befolknings- eller taxeeffekt.",
            args.a.display()
        )
    });
    let rows = compare::compare(&a, &b);
    let rows = match args.by {
        None => rows,
        Some(By::Municipality) => compare::by_party(&rows),
        Some(By::Activity) => compare::by_activity(&rows),
    };
    let sides = out::Sides {
        a: a_label,
        b: b_label,
        note,
    };
    let text = match format {
        Format::Table => out::table(&rows, &sides),
        Format::Csv => {
            if let Some(n) = &sides.note {
                eprintln!("note: {n}");
            }
            out::csv(&rows, args.output.dialect())
        }
        Format::Json => out::json(&rows, &sides),
    };
    args.output.emit(&text)
}
