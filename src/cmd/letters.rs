//! `avgift letters TARIFF|PLAN -o DIR`: a letter to each member
//! municipality (and with `--payers` each external payer) for its own
//! budget, one PDF each and one of all of them, and the folder's manifest
//! for `verify`. A tariff's letters give last year's actuals and the
//! tariff's year; a plan's give last year's actuals, this year's fees, the
//! budget year's proposal and the plan years (of the base plan, or of
//! `--scenario`).

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{Common, TariffInputs};
use crate::audit::{Provenance, Recipe, TOOL};
use crate::context::input::{read_input, Input};
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::letters::{letters, Column, ColumnKind, Letter};
use crate::engine::plan::actuals_outcome;
use crate::engine::{Figures, Kind};
use crate::inputs::Inputs;
use crate::msg;
use crate::planning::plan::{compute_read_plan, PlanRun};
use crate::read::plan::{is_plan, parse_plan};
use crate::write::letters::{docs, Setting};
use crate::write::pdf;

#[derive(Debug, Args)]
pub struct LettersArgs {
    /// The tariff (TOML, format v1) or a plan (docs/plan-format.md): what
    /// the letters give.
    pub input: PathBuf,
    /// The folder to write the letters to (made if missing): one PDF per
    /// municipality, one of all, and the folder's manifest.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Also a letter to each external payer.
    #[arg(long)]
    pub payers: bool,
    /// A plan's scenario (its id) instead of the base plan; its letters
    /// are marked as a what-if.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// For a tariff: its population, actuals and `--set` changes, as
    /// `calc` takes them.
    #[command(flatten)]
    pub inputs: TariffInputs,
}

/// A problem with the command line: exit 2, nothing written.
fn refused(place: &str, message: crate::msg::Message) -> Failure {
    Diagnostics::from(Diagnostic::new(message).in_file(Path::new(place))).into()
}

pub fn run(ctx: &Context, args: &LettersArgs) -> Result<(), Failure> {
    if args.output.as_os_str() == "-" {
        return Err(refused("-o -", msg!("letters-output-folder")));
    }
    // The file is read once, and read as what it turns out to be.
    let bytes = read_input(ctx, &args.input, Input::Tariff).map_err(Diagnostics::from)?;
    let text = String::from_utf8_lossy(&bytes);
    let (pages, recipe) = if is_plan(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
        let given = &args.inputs;
        if given.population.is_some()
            || given.actuals_and_set.actuals.is_some()
            || !given.actuals_and_set.set.is_empty()
        {
            return Err(refused(
                "--population/--actuals/--set",
                msg!("letters-plan-options"),
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let plan = parse_plan(&text, &args.input)?;
        let run = compute_read_plan(ctx, &args.input, plan, None)?;
        plan_letters(ctx, args, &run)?
    } else {
        if args.scenario.is_some() {
            return Err(refused("--scenario", msg!("letters-scenario-needs-plan")));
        }
        let given = Common::with(args.input.clone(), &args.inputs).given();
        let inputs = Inputs::load_read(ctx, &given, bytes)?;
        tariff_letters(ctx, args, &inputs)?
    };
    write(ctx, &args.output, &pages, &recipe)
}

/// What a run's letters are made of: each letter's file name and page,
/// and the file of all.
struct Pages {
    each: Vec<(String, pdf::LetterDoc)>,
    title: String,
}

/// A tariff's letters: last year's actuals (when the tariff names them)
/// and the tariff's year.
fn tariff_letters(ctx: &Context, args: &LettersArgs, inputs: &Inputs) -> Result<(Pages, Recipe), Failure> {
    let t = &inputs.tariff.tariff;
    let outcome = inputs.compute()?;
    let population = &inputs.population.population;
    let earlier = inputs
        .actuals
        .as_ref()
        .map(|a| (a, actuals_outcome(t, a, population)));
    let mut columns = Vec::new();
    if let Some((a, o)) = &earlier {
        columns.push(Column {
            year: o.year,
            kind: match a.figures {
                Figures::Actual => ColumnKind::Actual,
                Figures::Budget => ColumnKind::Budget,
            },
            tariff: t,
            outcome: o,
            computed: false,
            population: None,
        });
    }
    columns.push(Column {
        year: t.year,
        kind: ColumnKind::Fee,
        tariff: t,
        outcome: &outcome,
        computed: true,
        population: Some(population),
    });
    let last = columns.len() - 1;
    let l = letters(&columns, 0, last, last, args.payers);
    let provenance = inputs.provenance(ctx)?;
    let recipe = Recipe::of(ctx, &[&provenance]);
    let whatif = match crate::write::whatif::heading(&provenance.described) {
        Some(h) => vec![
            h,
            "Ett tänkt alternativ, inte taxan som den är skriven.".to_string(),
        ],
        None => Vec::new(),
    };
    let setting = Setting {
        tariff: t,
        lead: vec![format!("Enligt taxan för {}. Belopp i kronor.", t.year)],
        whatif,
        text: t.letter.clone(),
        footer: footer(&provenance),
    };
    let pages = pages(&l.letters, docs(&l, &setting), t.year, "");
    Ok((pages, recipe))
}

/// A plan's letters: the years before the plan, then the scenario's years.
fn plan_letters(ctx: &Context, args: &LettersArgs, run: &PlanRun) -> Result<(Pages, Recipe), Failure> {
    let r = &run.result;
    let s = match &args.scenario {
        None => &r.scenarios[0],
        Some(id) => r
            .scenarios
            .iter()
            .find(|s| s.is_scenario() && &s.id == id)
            .ok_or_else(|| {
                let ids: Vec<&str> = r
                    .scenarios
                    .iter()
                    .filter(|s| s.is_scenario())
                    .map(|s| s.id.as_str())
                    .collect();
                refused(
                    &format!("--scenario {id}"),
                    msg!(
                        "letters-no-such-scenario",
                        id = msg::quoted(id),
                        ids = ids.join(", ")
                    ),
                )
            })?,
    };
    let mut columns: Vec<Column> = r
        .earlier
        .iter()
        .map(|e| Column {
            year: e.year,
            kind: match (e.computed, e.figures) {
                (false, Figures::Actual) => ColumnKind::Actual,
                _ => ColumnKind::Budget,
            },
            tariff: &e.tariff,
            outcome: &e.outcome,
            computed: e.computed,
            population: e.population.as_ref(),
        })
        .collect();
    let first = columns.len();
    columns.extend(s.years.iter().enumerate().map(|(i, y)| Column {
        year: y.year,
        kind: if i == 0 {
            ColumnKind::Proposal
        } else {
            ColumnKind::Plan
        },
        tariff: &y.tariff,
        outcome: &y.outcome,
        computed: true,
        population: Some(&y.population),
    }));
    let l = letters(&columns, first.saturating_sub(1), first, first, args.payers);
    let recipe = Recipe::of(ctx, &[&run.provenance]);
    let budget = &s.years[0];
    let lead = vec![format!(
        "Enligt planen {}: {}. Belopp i kronor.",
        r.title,
        if s.is_scenario() {
            format!("scenariot {}", s.name)
        } else {
            s.name.to_lowercase()
        }
    )];
    let mut whatif = Vec::new();
    if s.is_scenario() {
        whatif.push(format!(
            "Scenario \u{201c}{}\u{201d}: ett tänkt alternativ, inte beslutad taxa.",
            s.name
        ));
        whatif.extend(crate::write::plan::marks(s));
    }
    let text = if run.plan.letter.is_empty() {
        r.earlier
            .last()
            .map(|e| e.tariff.letter.clone())
            .unwrap_or_else(|| budget.tariff.letter.clone())
    } else {
        run.plan.letter.clone()
    };
    let setting = Setting {
        tariff: &budget.tariff,
        lead,
        whatif,
        text,
        footer: footer(&run.provenance),
    };
    let prefix = if s.is_scenario() {
        format!("{}-", file_safe(&s.id))
    } else {
        String::new()
    };
    let pages = pages(&l.letters, docs(&l, &setting), budget.year, &prefix);
    Ok((pages, recipe))
}

/// `avgift 0.1.0 · indata SHA-256 …`: what made the letter.
fn footer(p: &Provenance) -> String {
    format!("{TOOL} · indata SHA-256 {}", p.digest())
}

/// An id as part of a file name: ASCII letters, digits, `-` and `_`.
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Each letter's file (`brev-2024-1490.pdf`, a payer's by its id) and the
/// file of all (`brev-2024.pdf`).
fn pages(letters: &[Letter], docs: Vec<pdf::LetterDoc>, year: i32, prefix: &str) -> Pages {
    let each = letters
        .iter()
        .zip(docs)
        .map(|(l, d)| {
            let who = match (l.kind, l.code, &l.payer) {
                (Kind::Municipality, Some(c), _) => c.to_string(),
                (_, _, Some(p)) => p.clone(),
                _ => l.party.clone(),
            };
            (format!("brev-{year}-{prefix}{}.pdf", file_safe(&who)), d)
        })
        .collect();
    Pages {
        each,
        title: format!("brev-{year}-{prefix}"),
    }
}

/// Every letter's PDF, the PDF of all, and the manifest, into `dir`: every
/// path checked before the first is written.
fn write(ctx: &Context, dir: &Path, pages: &Pages, recipe: &Recipe) -> Result<(), Failure> {
    let mut files: Vec<(String, Vec<u8>)> = pages
        .each
        .iter()
        .map(|(name, doc)| (name.clone(), pdf::render_letter(doc)))
        .collect();
    let all: Vec<pdf::LetterDoc> = pages.each.iter().map(|(_, d)| d.clone()).collect();
    let heading = all.first().map_or_else(String::new, |d| d.heading.clone());
    let all_name = format!("{}.pdf", pages.title.trim_end_matches('-'));
    files.push((all_name, pdf::render_letters(&all, &heading)));
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(n, _)| dir.join(n))
        .chain([dir.join(crate::emit::MANIFEST)])
        .collect();
    ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostics::from(Diagnostic::new(msg!("letters-output-folder")).in_file(dir)).into());
    }
    crate::emit::create_folder(ctx, dir)?;
    for (name, bytes) in &files {
        let path = dir.join(name);
        ctx.write_file(&path, bytes)
            .map_err(|e| crate::context::file::write_failure(&path, e))?;
    }
    let digests: Vec<(String, String)> = files
        .iter()
        .map(|(n, b)| (n.clone(), crate::digest::sha256_hex(b)))
        .collect();
    let manifest = serde_json::json!({
        "avgift_manifest": 1,
        "recipe": recipe.to_json(),
        "files": digests.into_iter().map(|(n, d)| (n, serde_json::Value::from(d))).collect::<serde_json::Map<String, serde_json::Value>>(),
    });
    let path = dir.join(crate::emit::MANIFEST);
    ctx.write_file(&path, crate::write::json::text(&manifest).as_bytes())
        .map_err(|e| crate::context::file::write_failure(&path, e))?;
    ctx.say(&msg!(
        "letters-written",
        letters = msg::count(pages.each.len()),
        files = msg::count(files.len()),
        folder = dir
    ));
    Ok(())
}
