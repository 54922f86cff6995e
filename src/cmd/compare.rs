//! `avgift compare A B`: a tariff or an actuals file against another.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_decimal::Decimal;

use super::args::Common;
use crate::audit::Provenance;
use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::workbook;
use crate::inputs::Inputs;

use crate::engine::compare::{self, Ledger};
use crate::engine::Figures;
use crate::read::actuals::read_actuals;
use crate::write::xlsx::Source;
use crate::write::{compare as out, By, Format};

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
    /// For B when it is a tariff (A is read as its own file names it).
    #[command(flatten)]
    pub inputs: super::args::TariffInputs,
    #[command(flatten)]
    pub output: super::OutputOptions,
}

/// A side read: its ledger, its label (the year, or the file name), its
/// year when known, and what a workbook's `Underlag` lists of it.
struct SideRead {
    ledger: Ledger,
    label: String,
    year: Option<i32>,
    /// The tariff's name and year, and its indices, for a tariff side.
    tariff: Option<(String, BTreeMap<String, Decimal>)>,
    provenance: Provenance,
    /// An actuals side's kind of figures.
    figures: Figures,
}

impl SideRead {
    /// This side's inputs as a workbook's `Underlag` lists them.
    fn source(&self, side: String) -> Source<'_> {
        Source {
            side: Some(side),
            tariff: self.tariff.as_ref().map(|(t, _)| t.clone()),
            provenance: &self.provenance,
            indices: self.tariff.as_ref().map(|(_, i)| i),
        }
    }
}

/// Reads a side and hashes its inputs.
fn side(ctx: &Context, path: &Path, common: Option<&CompareArgs>) -> Result<SideRead, Failure> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        let none = super::args::TariffInputs::default();
        let c = Common::with(path.to_path_buf(), common.map_or(&none, |c| &c.inputs));
        let inputs = Inputs::load(ctx, &c.given())?;
        let outcome = inputs.compute()?;
        let t = &inputs.tariff.tariff;
        Ok(SideRead {
            ledger: Ledger::from_outcome(t, &outcome),
            label: t.year.to_string(),
            year: Some(t.year),
            tariff: Some((format!("{} {}", t.name, t.year), t.indices.clone())),
            provenance: inputs.provenance(ctx)?,
            figures: Figures::Budget,
        })
    } else {
        let actuals = read_actuals(ctx, path)?;
        let label = actuals.year.map_or_else(
            || path.display().to_string(),
            |y| format!("{y} ({})", actuals.figures.label_sv()),
        );
        let mut p = Provenance::default();
        p.add(ctx, "actuals", path)
            .map_err(crate::diag::Diagnostics::from)?;
        Ok(SideRead {
            ledger: Ledger::from_actuals(&actuals),
            label,
            year: actuals.year,
            tariff: None,
            provenance: p,
            figures: actuals.figures,
        })
    }
}

pub fn run(ctx: &Context, args: &CompareArgs) -> Result<(), Failure> {
    let format = args.output.format(ctx)?;
    let a_side = side(ctx, &args.a, None)?;
    let b_side = side(ctx, &args.b, Some(args))?;
    let recipe = Recipe::of(ctx, &[&a_side.provenance, &b_side.provenance]);
    let (a, a_label) = (&a_side.ledger, a_side.label.clone());
    let (b, mut b_label) = (&b_side.ledger, b_side.label.clone());
    let overrides = &b_side.provenance.overrides;
    if !overrides.is_empty() {
        b_label = format!("{b_label} (med ändringar)");
    } else if b_label == a_label {
        b_label = format!("{b_label} (B)");
    }
    // Each side by its file; B with its overrides.
    let files = vec![
        format!("A: {}", args.a.display()),
        match crate::write::whatif::heading(&b_side.provenance.described) {
            Some(h) => format!("B: {} – {h}", args.b.display()),
            None => format!("B: {}", args.b.display()),
        },
    ];
    let note = (!a.has_rates).then(|| {
        format!(
            "A ({}) är {} utan taxor: förändringen redovisas som deltagande, justering eller övrigt, inte som befolknings-, taxe- eller indexeffekt.",
            args.a.display(),
            match a_side.figures {
                Figures::Actual => "ett utfall",
                Figures::Budget => "en budget",
            }
        )
    });
    let rows = compare::compare(a, b);
    let totals = compare::totals(&rows);
    let rows = match args.by {
        None => rows,
        Some(By::Municipality) => compare::by_party(&rows),
        Some(By::Activity) => compare::by_activity(&rows),
    };
    let sides = out::Sides {
        a: a_label,
        b: b_label,
        note,
        year: b_side.year.or(a_side.year),
        files,
        overrides: overrides.clone(),
        totals,
    };
    let bytes = match format {
        Format::Table => out::table(&rows, &sides).into_bytes(),
        Format::Csv => {
            if let Some(n) = &sides.note {
                ctx.say(&crate::msg!("cmd-compare-note", note = n));
            }
            out::csv(&rows, args.output.dialect()).into_bytes()
        }
        Format::Json => out::json(&rows, &sides, &recipe).into_bytes(),
        Format::Xlsx => {
            let sources = [
                a_side.source(format!("A: {}", sides.a)),
                b_side.source(format!("B: {}", sides.b)),
            ];
            workbook(out::xlsx(&rows, &sides, &sources, &recipe))?
        }
    };
    args.output.emit(ctx, bytes, format, &recipe)
}
