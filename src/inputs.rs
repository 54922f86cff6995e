//! Loading what a tariff run needs: the tariff, the population and the
//! previous year's actuals it names (or the ones given on the command line),
//! then computing. Problems from every file are gathered before giving up.
//! Every command that computes a year, and the workflows above them
//! (invoicing, planning), start here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::audit::Provenance;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::compute::lines;
use crate::engine::model::{Charge, Member, Participants, Rule, Tariff};
use crate::engine::notes::{self, Notes};
use crate::engine::population::Population;
use crate::engine::{Actuals, Lines, Outcome};
use crate::msg;
use crate::read::actuals::{read_ahead, take_actuals, ReadAhead};
use crate::read::municipalities;
use crate::read::overrides::Override;
use crate::read::population::{read_population, ReadPopulation};
use crate::read::tariff::{read_tariff_telling, LoadedTariff};
use crate::write::xlsx::Source;

/// What names a run's inputs: the tariff, the files given instead of the
/// ones it names (`--population`, `--actuals`) and the `--set` overrides.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub tariff: PathBuf,
    pub population: Option<PathBuf>,
    pub actuals: Option<PathBuf>,
    /// `KEY=VALUE` texts, as written.
    pub set: Vec<String>,
}

impl Given {
    /// A run of `tariff` with the files it names and no `--set`.
    pub fn of(tariff: PathBuf) -> Given {
        Given {
            tariff,
            ..Given::default()
        }
    }

    /// `--population`, if given.
    pub fn population(&self) -> Option<&PathBuf> {
        self.population.as_ref()
    }

    /// `--actuals`, if given.
    pub fn actuals(&self) -> Option<&PathBuf> {
        self.actuals.as_ref()
    }

    /// The `--set` overrides, parsed.
    pub fn overrides(&self) -> Result<Vec<Override>, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut out = Vec::new();
        for s in &self.set {
            match s.parse() {
                Ok(o) => out.push(o),
                Err(d) => problems.push(d),
            }
        }
        problems.into_result(out)
    }
}

/// Every input of a run, read and checked.
pub struct Inputs {
    pub tariff: LoadedTariff,
    pub population_path: PathBuf,
    pub population: ReadPopulation,
    pub actuals_path: Option<PathBuf>,
    pub actuals: Option<Actuals>,
    /// What `check` warns about: codes of SCB's list that the tariff names
    /// but no group and no population row has.
    pub warnings: Diagnostics,
}

impl Inputs {
    /// Last year's actuals are read and parsed on a second thread while
    /// the tariff is read, once their file is known: given on the command
    /// line, or named in the tariff (a guess that `--set` changes is
    /// dropped). Everything else, and every message, is as read in turn.
    pub fn load(ctx: &Context, c: &Given) -> Result<Inputs, Diagnostics> {
        Self::load_from(ctx, c, None)
    }

    /// [`Inputs::load`] with the tariff's bytes already read (by a command
    /// that looked at the file before it knew it for a tariff).
    pub fn load_read(ctx: &Context, c: &Given, tariff: Vec<u8>) -> Result<Inputs, Diagnostics> {
        Self::load_from(ctx, c, Some(tariff))
    }

    fn load_from(ctx: &Context, c: &Given, bytes: Option<Vec<u8>>) -> Result<Inputs, Diagnostics> {
        let overrides = c.overrides()?;
        std::thread::scope(|s| {
            let (tell, told) = std::sync::mpsc::channel::<PathBuf>();
            let ahead = s.spawn(move || told.recv().ok().map(read_ahead));
            if let Some(p) = c.actuals() {
                let _ = tell.send(p.clone());
            }
            let named = |path| {
                if c.actuals().is_none() {
                    let _ = tell.send(path);
                }
            };
            let tariff = match bytes {
                Some(b) => crate::read::tariff::tariff_from_bytes(ctx, &c.tariff, b, &overrides, &named),
                None => read_tariff_telling(ctx, &c.tariff, &overrides, &named),
            };
            drop(tell);
            let ahead = || ahead.join().ok().flatten();
            Self::load_after(ctx, c, tariff?, ahead)
        })
    }

    fn load_after(
        ctx: &Context,
        c: &Given,
        tariff: LoadedTariff,
        ahead: impl FnOnce() -> Option<ReadAhead>,
    ) -> Result<Inputs, Diagnostics> {
        let mut problems = Diagnostics::new();

        let population_path = match (c.population(), &tariff.tariff.inputs.population) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(rel)) => Some(tariff.resolve(rel)),
            (None, None) => {
                problems.push(Diagnostic::new(msg!("inputs-no-population-file")).in_file(&tariff.path));
                None
            }
        };
        // A file the tariff names that cannot be read is a problem of the
        // line that names it; one named on the command line is its own.
        let named = |key: &str, given: bool, path: &std::path::Path, d: Diagnostics| {
            if given {
                d
            } else {
                tariff.place_file(key, path, d)
            }
        };
        let population = population_path.as_ref().and_then(|p| {
            read_population(ctx, p)
                .map_err(|d| problems.extend(named("population", c.population().is_some(), p, d)))
                .ok()
        });

        let actuals_path = c.actuals().cloned().or_else(|| {
            tariff
                .tariff
                .inputs
                .previous_actuals
                .as_ref()
                .map(|rel| tariff.resolve(rel))
        });
        let actuals = match &actuals_path {
            Some(p) => match take_actuals(ctx, p, ahead()) {
                Ok(a) => Some(a),
                Err(d) => {
                    problems.extend(named("previous_actuals", c.actuals().is_some(), p, d));
                    None
                }
            },
            None => None,
        };
        // Last year's actuals are last year's: another year would index the
        // wrong amounts and head the notes' comparison column wrongly.
        if let (Some(path), Some(year)) = (&actuals_path, actuals.as_ref().and_then(|a| a.year)) {
            let wanted = tariff.tariff.year - 1;
            if year != wanted {
                problems.push(
                    Diagnostic::new(msg!(
                        "inputs-actuals-wrong-year",
                        year = year,
                        tariff_year = tariff.tariff.year,
                        wanted = wanted,
                        next = year + 1
                    ))
                    .in_file(path)
                    .at_line(actuals.as_ref().map_or(0, |a| a.year_line)),
                );
            }
        }
        let mut warnings = Diagnostics::new();
        if let (Some(path), Some(read)) = (&population_path, &population) {
            let (errors, warned) = codes_against(&tariff, path, &read.population);
            problems.extend(errors);
            warnings.extend(warned);
        }
        match (population_path, population) {
            (Some(population_path), Some(population)) if problems.is_empty() => Ok(Inputs {
                tariff,
                population_path,
                population,
                actuals_path,
                actuals,
                warnings,
            }),
            _ => Err(problems),
        }
    }

    /// What this run read: every input file's SHA-256 (of the bytes it
    /// read, which are not read again) and the overrides.
    pub fn provenance(&self, ctx: &Context) -> Result<Provenance, Diagnostics> {
        let mut p = Provenance::default();
        let mut files = vec![
            ("tariff", self.tariff.path.clone()),
            ("population", self.population_path.clone()),
        ];
        files.extend(self.actuals_path.iter().map(|a| ("actuals", a.clone())));
        files.extend(self.tariff.weight_files.iter().map(|w| ("weights", w.clone())));
        for (role, path) in files {
            p.add(ctx, role, &path)?;
        }
        p.overrides = self.tariff.overrides.iter().map(|o| o.text.clone()).collect();
        p.described = crate::write::whatif::described(&self.names(), &p.overrides);
        Ok(p)
    }

    /// What a what-if's description names: this run's tariff and
    /// municipalities.
    pub fn names(&self) -> crate::write::whatif::Names<'_> {
        crate::write::whatif::Names {
            tariff: &self.tariff.tariff,
            population: &self.population.population,
        }
    }

    /// This run's inputs as a workbook's `Underlag` lists them.
    pub fn source<'a>(&'a self, provenance: &'a Provenance) -> Source<'a> {
        let t = &self.tariff.tariff;
        Source {
            side: None,
            tariff: Some(format!("{} {}", t.name, t.year)),
            provenance,
            indices: Some(&t.indices),
        }
    }

    /// Computes the year; problems are placed at their tariff line.
    pub fn compute(&self) -> Result<Outcome, Diagnostics> {
        Ok(self.lines()?.outcome())
    }

    /// Computes the year, its lines held compactly (see
    /// [`crate::engine::compute`]); problems as for [`Inputs::compute`].
    pub fn lines(&self) -> Result<Lines<'_>, Diagnostics> {
        lines(
            &self.tariff.tariff,
            &self.population.population,
            self.actuals.as_ref(),
        )
        .map_err(|d| self.place(d))
    }

    /// The notes of the year, with the previous year beside it.
    pub fn notes(&self, outcome: &Outcome) -> Notes {
        notes::build(&self.tariff.tariff, outcome, self.actuals.as_ref())
    }

    /// Places engine problems: participants missing from the population
    /// point at the population file as well as the tariff key.
    fn place(&self, d: Diagnostics) -> Diagnostics {
        self.tariff.place(d)
    }
}

/// Every municipality code the tariff names, with the key it is written at.
/// Where the tariff names a municipality code: a group, a charge's
/// participants or an agreement's amounts. The key is made only for a
/// message: a large tariff names millions of codes.
enum CodeReference<'t> {
    Group(&'t str),
    Participants(&'t str),
    Amount(&'t str),
}

impl CodeReference<'_> {
    fn key(&self, code: Code) -> String {
        match self {
            CodeReference::Group(g) => format!("groups.{g}"),
            CodeReference::Participants(id) => format!("charges.{id}.participants"),
            CodeReference::Amount(id) => format!("charges.{id}.amounts.{code}"),
        }
    }
}

fn code_references(t: &Tariff) -> impl Iterator<Item = (CodeReference<'_>, Code)> {
    let groups = t
        .groups
        .iter()
        .flat_map(|(g, codes)| codes.iter().map(move |c| (CodeReference::Group(g), *c)));
    let charges = t.charges.iter().flat_map(|(id, charge)| {
        let listed = match &charge.participants {
            Participants::Some(list) => list.as_slice(),
            Participants::Everyone => &[],
        };
        let amounts = match &charge.rule {
            Rule::Agreement { amounts } => Some(amounts.keys()),
            _ => None,
        };
        listed
            .iter()
            .filter_map(move |m| match m {
                Member::Code(c) => Some((CodeReference::Participants(id), *c)),
                Member::Group(_) => None,
            })
            .chain(
                amounts
                    .into_iter()
                    .flatten()
                    .map(move |c| (CodeReference::Amount(id), *c)),
            )
    });
    groups.chain(charges)
}

/// Whether a charge's rule needs its participants' inhabitants.
fn needs_inhabitants(charge: &Charge) -> bool {
    match &charge.rule {
        Rule::PerInhabitant { .. } => true,
        Rule::Apportion { weights, .. } => !weights.population.is_zero(),
        _ => false,
    }
}

/// The tariff's municipality codes against SCB's list and the population
/// file: a code in neither is a typo (an error at the tariff's line); a
/// municipality missing from the population file is one error in that file
/// listing the charges that need its inhabitants; and a code in SCB's list
/// that no group and no population row has is worth a warning.
fn codes_against(loaded: &LoadedTariff, path: &Path, population: &Population) -> (Diagnostics, Diagnostics) {
    let t = &loaded.tariff;
    let (mut errors, mut warnings) = (Diagnostics::new(), Diagnostics::new());
    let in_groups: BTreeSet<Code> = t.groups.values().flatten().copied().collect();
    let mut unknown = BTreeSet::new();
    let mut warned = BTreeSet::new();
    for (reference, code) in code_references(t) {
        let scb = municipalities::name_of(code.get());
        let in_population = population.contains(code);
        if scb.is_none() && !in_population {
            unknown.insert(code);
            errors.push(
                Diagnostic::new(msg!("inputs-not-a-code", code = code.to_string(), file = path))
                    .for_key(reference.key(code)),
            );
        } else if let (Some(name), false, false) = (scb, in_population, in_groups.contains(&code)) {
            if warned.insert(code) {
                warnings.push(
                    Diagnostic::new(msg!(
                        "inputs-code-in-no-group",
                        code = code.to_string(),
                        name = msg::name(name),
                        file = path
                    ))
                    .for_key(reference.key(code)),
                );
            }
        }
    }
    // One problem per missing municipality, in the population file.
    let mut needed: BTreeMap<Code, Vec<&str>> = BTreeMap::new();
    for (id, charge) in &t.charges {
        if !needs_inhabitants(charge) {
            continue;
        }
        for code in t.participants(charge) {
            if !population.contains(code) && !unknown.contains(&code) {
                needed.entry(code).or_default().push(id);
            }
        }
    }
    for (code, charges) in needed {
        let name = municipalities::name_of(code.get());
        let code = code.to_string();
        let message = match (charges.as_slice(), name) {
            ([one], Some(name)) => msg!(
                "inputs-no-row-one",
                code = code,
                name = msg::name(name),
                charge = *one
            ),
            ([one], None) => msg!("inputs-no-row-one-unnamed", code = code, charge = *one),
            ([rest @ .., last], Some(name)) => msg!(
                "inputs-no-row-many",
                code = code,
                name = msg::name(name),
                charges = rest.join(", "),
                last = *last
            ),
            ([rest @ .., last], None) => msg!(
                "inputs-no-row-many-unnamed",
                code = code,
                charges = rest.join(", "),
                last = *last
            ),
            ([], _) => continue,
        };
        errors.push(Diagnostic::new(message).in_file(path));
    }
    (loaded.place(errors), loaded.place(warnings))
}
