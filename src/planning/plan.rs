//! A plan computed: the budget year and the plan years after it, for the
//! base plan and each scenario (`avgift plan`). Each year is projected from the
//! year before by `project`'s own code ([`super::project::project_step`])
//! and computed as `calc` computes a tariff; a scenario's `--set`
//! overrides and the solved targets are written into the year's tariff,
//! so that later years continue from them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::project::{self, NextPopulation, Step};
use super::solve::{solve_text, Goal, WeightCache};
use crate::audit::{Provenance, Recipe};
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::plan::{actuals_outcome, Earlier, PlanResult, ScenarioRun, Solved, YearResult};
use crate::engine::{compute, Actuals, Figures, Outcome, Population};
use crate::inputs::Given;
use crate::inputs::Inputs;
use crate::msg;
use crate::read::overrides::Override;
use crate::read::plan::{read_plan, Assumptions, Growth, Plan, PopulationAssumption, Target};
use crate::read::scb::{self, ImportOptions};
use crate::read::tariff::{parse_tariff_with, resolve, WeightLoader};
use crate::sv;

/// One year of a scenario as it is chained: what the outputs show, and
/// what the next year is projected from and `--write-tariffs` writes.
pub struct PlanYear {
    pub result: YearResult,
    /// The year's tariff, as `project` writes it (what-ifs written in).
    pub text: String,
    /// Where the tariff is, or would be, written.
    pub path: PathBuf,
    /// The population file, when the figures are a file's.
    pub population_file: Option<PathBuf>,
    /// Where the figures are, or would be, written.
    pub population_path: PathBuf,
    pub previous: Option<Actuals>,
    /// The files `project` writes beside the tariff (name, text).
    pub beside: Vec<(String, String)>,
}

/// A plan computed: what its outputs show ([`PlanResult`]), each year's
/// tariff text and files (per scenario, per year, in the result's order),
/// and what the run read.
pub struct PlanRun {
    pub plan: Plan,
    pub result: PlanResult,
    pub years: Vec<Vec<PlanYear>>,
    pub provenance: Provenance,
}

/// Every year of every scenario. `write_dir` is where the years' tariffs
/// are written (else they are placed, unwritten, beside the base tariff).
pub fn compute_plan(ctx: &Context, path: &Path, write_dir: Option<&Path>) -> Result<PlanRun, Failure> {
    let plan = read_plan(ctx, path)?;
    compute_read_plan(ctx, path, plan, write_dir)
}

/// [`compute_plan`] of a plan already read from `path`.
pub fn compute_read_plan(
    ctx: &Context,
    path: &Path,
    plan: Plan,
    write_dir: Option<&Path>,
) -> Result<PlanRun, Failure> {
    let given = Given::of(plan.tariff_path());
    let inputs = Inputs::load(ctx, &given)?;
    let base_outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;
    let first = plan.years[0];
    if first != tariff.year && first != tariff.year + 1 {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!(
                "planning-budget-year",
                year = tariff.year,
                next = tariff.year + 1,
                found = first
            ))
            .in_file(path),
        )
        .into());
    }
    // The tariff's text as it was read and parsed, not read again.
    let text = inputs.tariff.text.clone();
    let mut provenance = inputs.provenance(ctx)?;
    let mut forecasts: Vec<&PathBuf> = Vec::new();
    for a in std::iter::once(&plan.base.population).chain(plan.scenarios.values().map(|s| &s.population)) {
        if let Some(PopulationAssumption::Forecast(p, _)) = a {
            if !forecasts.contains(&p) {
                forecasts.push(p);
            }
        }
    }
    provenance
        .add(ctx, "input", path)
        .map_err(crate::diag::Diagnostics::from)?;

    let dir = match write_dir {
        Some(d) => d.to_path_buf(),
        None => project::folder_of(&given.tariff),
    };
    let cache = WeightCache::new(ctx);
    let base = Start {
        text: &text,
        inputs: &inputs,
        outcome: &base_outcome,
    };
    let mut scenarios = vec![chain(ctx, &plan, "base", None, &base, &dir, &cache)?];
    for (id, s) in &plan.scenarios {
        scenarios.push(chain(ctx, &plan, id, Some(s), &base, &dir, &cache)?);
    }
    // The forecasts' digests are those of the bytes the years were made from.
    for p in &forecasts {
        provenance
            .add(ctx, "population", p)
            .map_err(crate::diag::Diagnostics::from)?;
    }
    let title = plan.name.clone().unwrap_or_else(|| {
        format!(
            "{} – plan {}–{}",
            tariff.name,
            first,
            plan.years[plan.years.len() - 1]
        )
    });
    let (scenarios, years) = scenarios.into_iter().unzip();
    let earlier = earlier_years(&inputs, first, &base_outcome);
    Ok(PlanRun {
        result: PlanResult {
            title,
            tariff: plan.tariff.clone(),
            years: plan.years.clone(),
            earlier,
            scenarios,
        },
        plan,
        years,
        provenance,
    })
}

/// The years before the plan: last year's actuals (the base tariff's),
/// and this year's fees (the base tariff computed) when the budget year is
/// the year after the tariff's.
fn earlier_years(inputs: &Inputs, first: i32, base_outcome: &Outcome) -> Vec<Earlier> {
    let tariff = &inputs.tariff.tariff;
    let mut earlier: Vec<Earlier> = inputs
        .actuals
        .iter()
        .map(|a| Earlier {
            year: a.year.unwrap_or(tariff.year - 1),
            figures: a.figures,
            tariff: tariff.clone(),
            outcome: actuals_outcome(tariff, a, &inputs.population.population),
            computed: false,
            population: None,
        })
        .collect();
    if first == tariff.year + 1 {
        earlier.push(Earlier {
            year: tariff.year,
            figures: Figures::Budget,
            tariff: tariff.clone(),
            outcome: base_outcome.clone(),
            computed: true,
            population: Some(inputs.population.population.clone()),
        });
    }
    earlier
}

/// The base tariff, read and computed.
struct Start<'a> {
    text: &'a str,
    inputs: &'a Inputs,
    outcome: &'a Outcome,
}

/// A scenario's years, one after the other.
fn chain(
    ctx: &Context,
    plan: &Plan,
    id: &str,
    scenario: Option<&crate::read::plan::Scenario>,
    start: &Start,
    dir: &Path,
    cache: &WeightCache,
) -> Result<(ScenarioRun, Vec<PlanYear>), Failure> {
    let from = scenario.map(|s| s.from);
    let set: Vec<Override> = scenario.map(|s| s.set.clone()).unwrap_or_default();
    let targets: Vec<Target> = match scenario.and_then(|s| s.targets.clone()) {
        Some(t) => t,
        None => plan.base.targets.clone(),
    };
    let course = ScenarioChain {
        ctx,
        plan,
        id,
        scenario,
        start,
    };
    let mut years: Vec<PlanYear> = Vec::new();
    for &year in &plan.years {
        let out = dir.join(format!("{id}-{year}.toml"));
        let loader = |file: &str, column: &str| cache.load(&out, file, column);
        let base = if year == start.inputs.tariff.tariff.year {
            course.budget_year()
        } else {
            course.projected_year(years.last(), year, &out, &loader)?
        };
        // The scenario's overrides from its year, then the targets.
        let (text, applied) = if from == Some(year) && !set.is_empty() {
            course.set_written_in(&base.text, &set, &out, &loader)?
        } else {
            (base.text.clone(), Vec::new())
        };
        let year_targets: Vec<&Target> = targets.iter().filter(|t| t.year == year).collect();
        let (text, solved) = course.targets_solved(&year_targets, text, &out, &loader, &base)?;
        let loaded = parse_tariff_with(&text, &out, &[], &loader)?;
        let outcome =
            compute(&loaded.tariff, &base.population, base.previous.as_ref()).map_err(|d| loaded.place(d))?;
        years.push(PlanYear {
            result: YearResult {
                year,
                tariff: loaded.tariff,
                population: base.population,
                outcome,
                set: applied,
                solved,
            },
            text,
            path: out.clone(),
            population_file: base.population_file,
            population_path: base.population_path,
            previous: base.previous,
            beside: base.beside,
        });
    }
    let run = ScenarioRun {
        id: id.to_string(),
        name: scenario.map_or_else(|| "Basplan".to_string(), |s| s.name.clone()),
        from,
        set: set.iter().map(|o| o.text.clone()).collect(),
        years: years.iter().map(|y| y.result.clone()).collect(),
    };
    Ok((run, years))
}

/// One scenario (or the base plan) as its years are chained: what every
/// year of it reads.
struct ScenarioChain<'a> {
    ctx: &'a Context,
    plan: &'a Plan,
    id: &'a str,
    scenario: Option<&'a crate::read::plan::Scenario>,
    start: &'a Start<'a>,
}

/// A year's tariff and figures, before the scenario's overrides and
/// targets are written into the tariff.
struct YearStart {
    text: String,
    population: Population,
    /// The population file, when the figures are a file's.
    population_file: Option<PathBuf>,
    population_path: PathBuf,
    previous: Option<Actuals>,
    /// The files `project` writes beside the tariff (name, text).
    beside: Vec<(String, String)>,
}

impl ScenarioChain<'_> {
    /// The budget year is the base tariff itself.
    fn budget_year(&self) -> YearStart {
        let inputs = self.start.inputs;
        YearStart {
            text: self.start.text.to_string(),
            population: inputs.population.population.clone(),
            population_file: Some(inputs.population_path.clone()),
            population_path: inputs.population_path.clone(),
            previous: inputs.actuals.clone(),
            beside: Vec::new(),
        }
    }

    /// A later year, projected by `project` from the year before: the base
    /// tariff, or the year computed last (`last`).
    fn projected_year(
        &self,
        last: Option<&PlanYear>,
        year: i32,
        out: &Path,
        loader: &WeightLoader,
    ) -> Result<YearStart, Failure> {
        let start = self.start;
        let (source, text, tariff, population_path, population, population_file, outcome) = match last {
            Some(p) => (
                p.path.clone(),
                p.text.as_str(),
                &p.result.tariff,
                p.population_path.clone(),
                &p.result.population,
                p.population_file.clone(),
                &p.result.outcome,
            ),
            None => (
                start.inputs.tariff.path.clone(),
                start.text,
                &start.inputs.tariff.tariff,
                start.inputs.population_path.clone(),
                &start.inputs.population.population,
                Some(start.inputs.population_path.clone()),
                start.outcome,
            ),
        };
        let assumption = population_assumption(self.plan, self.scenario, year);
        let next_population =
            next_population(self.ctx, assumption, year, population, population_file.as_deref())?;
        let same_file = match &next_population {
            NextPopulation::Same(p) => Some(p.clone()),
            _ => None,
        };
        let indices = indices_for(self.plan, self.scenario, year, &tariff.indices)?;
        let next = project::project_step(
            self.ctx,
            &Step {
                source: &source,
                text,
                overrides: &[],
                next: &[],
                tariff,
                population_path: &population_path,
                population,
                outcome,
                recipients: tariff.invoice.recipients.as_ref().map(|r| resolve(&source, r)),
                indices,
                next_population,
                year,
                out,
                weights: loader,
            },
        )?;
        // Figures from a file stay that file's; made ones live in memory.
        let file = same_file.clone();
        let mut beside = vec![(next.previous_name.clone(), next.previous_csv.clone())];
        if let Some(csv) = &next.population_csv {
            beside.push((next.population_name.clone(), csv.clone()));
        }
        let path = same_file.unwrap_or_else(|| project::folder_of(out).join(&next.population_name));
        Ok(YearStart {
            text: next.text,
            population: next.population,
            population_file: file,
            population_path: path,
            previous: Some(next.previous),
            beside,
        })
    }

    /// The scenario's `set` overrides, checked as `calc --set` checks them,
    /// then written into `text`. Returns the text and the `--set` texts.
    fn set_written_in(
        &self,
        text: &str,
        set: &[Override],
        out: &Path,
        loader: &WeightLoader,
    ) -> Result<(String, Vec<String>), Failure> {
        let id = self.id;
        parse_tariff_with(text, out, set, loader)
            .map_err(Failure::from)
            .map_err(self.blamed(format!("scenarios.{id}.set")))?;
        let text = written_in(
            text,
            set,
            &format!("Scenario {}", self.scenario.map_or("", |s| s.name.as_str())),
        )?;
        Ok((text, set.iter().map(|o| o.text.clone()).collect()))
    }

    /// Each of the year's targets solved for, in order, and the solved
    /// value written into `text` before the next is solved.
    fn targets_solved(
        &self,
        targets: &[&Target],
        mut text: String,
        out: &Path,
        loader: &WeightLoader,
        base: &YearStart,
    ) -> Result<(String, Vec<Solved>), Failure> {
        let id = self.id;
        let mut solved = Vec::new();
        for t in targets {
            let year = t.year;
            let goal = Goal {
                key: t.vary.clone(),
                activity: t.activity.clone(),
                target: t.amount,
            };
            let s = solve_text(
                &text,
                out,
                &[],
                loader,
                &base.population,
                base.previous.as_ref(),
                &goal,
            )
            .map_err(self.blamed(match self.scenario.and_then(|s| s.targets.as_ref()) {
                Some(_) => format!("scenarios.{id}.targets ({year}, {})", t.vary),
                None => format!("targets ({year}, {})", t.vary),
            }))?;
            text = written_in(
                &text,
                &[s.set.parse::<Override>().map_err(Diagnostics::from)?],
                &format!("Solved so that {} covers {}", s.activity, sv::kr(s.target)),
            )?;
            solved.push(Solved {
                key: s.key.clone(),
                value: s.value,
                activity: s
                    .tariff
                    .activities
                    .get(&s.activity)
                    .map_or_else(|| s.activity.clone(), |a| a.name.clone()),
                target: s.target,
                total: s.total,
            });
        }
        Ok((text, solved))
    }

    /// Places a problem at the plan file's key `what` (see [`blame`]).
    fn blamed(&self, what: String) -> impl FnOnce(Failure) -> Failure + '_ {
        move |f| blame(f, &self.plan.path, &what)
    }
}

/// Problems with a scenario's overrides or a target are the plan file's:
/// they name the plan's key instead of a `--set` or `--vary`.
fn blame(f: Failure, plan: &Path, key: &str) -> Failure {
    match f {
        Failure::Input(d) => Failure::Input(Diagnostics(
            d.0.into_iter()
                .map(|mut p| {
                    let from_option = p.file.as_ref().is_some_and(|f| {
                        let f = f.to_string_lossy();
                        f.starts_with("--set ") || f.starts_with("--vary ") || f.starts_with("--covers")
                    });
                    if from_option || p.file.is_none() {
                        let message = match p.key.take() {
                            Some(k) => msg!("planning-at", place = k, message = p.message.clone()),
                            None => p.message.clone(),
                        };
                        p.message = msg!("planning-at", place = key, message = message);
                        p.file = Some(plan.to_path_buf());
                        p.line = None;
                        p.column = None;
                    }
                    p
                })
                .collect(),
        )),
        other => other,
    }
}

/// Writes overrides into a tariff's text, with a comment that says so.
fn written_in(text: &str, set: &[Override], why: &str) -> Result<String, Failure> {
    // The lines go after the headers, and the document keeps its own.
    let mut out = project::overrides_written_in(text, set)?;
    let at = crate::write::projected::header_end(&out);
    let lines: String = set
        .iter()
        .map(|o| format!("# {why}: --set {}\n", o.text))
        .collect();
    out.insert_str(at, &lines);
    Ok(out)
}

/// The population assumption in force in `year`.
fn population_assumption<'p>(
    plan: &'p Plan,
    scenario: Option<&'p crate::read::plan::Scenario>,
    year: i32,
) -> Option<&'p PopulationAssumption> {
    match scenario {
        Some(s) if s.population.is_some() && year >= s.from => s.population.as_ref(),
        _ => plan.base.population.as_ref(),
    }
}

fn next_population(
    ctx: &Context,
    assumption: Option<&PopulationAssumption>,
    year: i32,
    population: &Population,
    file: Option<&Path>,
) -> Result<NextPopulation, Failure> {
    let unchanged = || match file {
        Some(f) => NextPopulation::Same(f.to_path_buf()),
        None => NextPopulation::Figures(
            population.clone(),
            format!("unchanged from {} (assumption)", year - 1),
        ),
    };
    Ok(match assumption {
        None => unchanged(),
        Some(PopulationAssumption::Uniform(r)) => NextPopulation::Growth(*r),
        Some(PopulationAssumption::Growth(by_year)) => match by_year.get(&year) {
            None => unchanged(),
            Some(Growth::Uniform(r)) => NextPopulation::Growth(*r),
            Some(Growth::PerMunicipality(rates, others)) => {
                let grown = population.grown(|c| rates.get(&c).copied().unwrap_or(*others))?;
                let mut text: Vec<String> = rates
                    .iter()
                    .map(|(c, r)| format!("{c} {}", sv::pct(*r)))
                    .collect();
                text.push(format!("others {}", sv::pct(*others)));
                NextPopulation::Figures(
                    grown,
                    format!(
                        "growth per municipality on {} ({}, assumption)",
                        year - 1,
                        text.join(", ")
                    ),
                )
            }
        },
        Some(PopulationAssumption::Forecast(path, written)) => {
            // Read once per run, however many years and scenarios use it.
            let bytes =
                crate::context::input::read_shared_input(ctx, path, crate::context::input::Input::Forecast)
                    .map_err(Diagnostics::from)?;
            let opts = ImportOptions {
                year: Some(year.to_string()),
                skip_regions: true,
            };
            let imported = scb::import(&bytes, path, &opts)?;
            NextPopulation::Figures(imported.population, format!("forecast {written}, {year}"))
        }
    })
}

/// The indices to apply to reach `year`: the year before's, with the
/// plan's and then the scenario's values for the year.
fn indices_for(
    plan: &Plan,
    scenario: Option<&crate::read::plan::Scenario>,
    year: i32,
    before: &BTreeMap<String, Decimal>,
) -> Result<BTreeMap<String, Decimal>, Failure> {
    let mut out = before.clone();
    let mut problems = Diagnostics::new();
    let mut take = |a: &BTreeMap<i32, BTreeMap<String, Decimal>>, key: &str| {
        for (name, v) in a.get(&year).into_iter().flatten() {
            if out.contains_key(name) {
                out.insert(name.clone(), *v);
            } else {
                problems.push(
                    Diagnostic::new(msg!(
                        "planning-no-index",
                        key = format!("{key}.{year}.{name}"),
                        name = msg::quoted(name),
                        indices = before.keys().cloned().collect::<Vec<_>>().join(", ")
                    ))
                    .in_file(&plan.path),
                );
            }
        }
    };
    let Assumptions { indices, .. } = &plan.base;
    take(indices, "indices");
    if let Some(s) = scenario {
        take(&s.indices, "scenarios.*.indices");
    }
    problems.into_result(out).map_err(Failure::from)
}

/// Each year's tariff of each scenario, with its files, into `dir`.
pub fn write_tariffs(ctx: &Context, dir: &Path, run: &PlanRun, recipe: &Recipe) -> Result<(), Failure> {
    ctx.make_folder(dir).map_err(|e| {
        let other = msg!("planning-cannot-create", path = dir, error = e.to_string());
        crate::context::file::folder_failure(dir, e, other)
    })?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for years in &run.years {
        for y in years {
            let name = y
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string());
            files.push((name, y.text.clone().into_bytes()));
            for (n, t) in &y.beside {
                files.push((n.clone(), t.clone().into_bytes()));
            }
        }
    }
    for (name, bytes) in &files {
        crate::emit::emit_bytes(ctx, Some(&dir.join(name)), bytes)?;
    }
    // What made them, for `avgift verify DIR`.
    let digests: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(n, b)| (n.clone(), crate::digest::sha256_hex(b).into()))
        .collect();
    let manifest = serde_json::json!({"avgift_manifest": 1, "recipe": recipe.to_json(), "files": digests});
    crate::emit::emit_bytes(
        ctx,
        Some(&dir.join(crate::emit::MANIFEST)),
        crate::write::json::text(&manifest).as_bytes(),
    )
}
