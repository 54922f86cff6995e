//! `avgift solve TARIFF --vary KEY --covers ACTIVITY=AMOUNT`: the smallest
//! value of a tariff key, at the projection's rounding, whose invoiced total
//! for an activity covers an amount. Each value tried is a `--set`, read and
//! computed exactly as `calc` would; the search itself is
//! [`crate::engine::solve`].

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use toml_edit::{DocumentMut, Item};

use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::model::{Precision, WeightData};
use crate::engine::solve::{solve, Grid, Solution, Unsolved};
use crate::engine::{compute, Actuals, Population, Tariff};
use crate::msg;
use crate::msg::Message;
use crate::number::value_number;
use crate::read::overrides::{apply, Override};
use crate::read::tariff::{parse_tariff_with, WeightLoader};
use crate::sv;

/// What to solve: a key, and the activity total it must reach.
#[derive(Debug, Clone)]
pub struct Goal {
    pub key: String,
    /// The activity as given (id or name).
    pub activity: String,
    pub target: Decimal,
}

/// Parses `ACTIVITY=AMOUNT` (the amount in kronor, `2600000`, `2 600 000`
/// or `2_600_000`).
pub fn parse_covers(spec: &str, place: &Path) -> Result<(String, Decimal), Diagnostic> {
    let problem = |m: Message| Diagnostic::new(m).in_file(place);
    let (activity, amount) = spec
        .split_once('=')
        .ok_or_else(|| problem(msg!("solve-expected-covers")))?;
    let digits: String = amount
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    let text = amount.trim();
    let amount: Decimal = digits
        .parse()
        .map_err(|_| problem(msg!("solve-expected-amount", found = msg::quoted(text))))?;
    if amount < Decimal::ZERO || amount > Decimal::from(1_000_000_000_000_000i64) {
        return Err(problem(msg!("solve-amount-range")));
    }
    // A target is money: rounding one finer than öre would change it unsaid.
    if amount.normalize().scale() > 2 {
        return Err(problem(msg!("ledger-covers-ore", found = msg::quoted(text))));
    }
    Ok((activity.trim().to_string(), amount))
}

/// Weight files read once each, relative to a tariff.
pub struct WeightCache<'c> {
    ctx: &'c Context,
    columns: RefCell<BTreeMap<(PathBuf, String), Result<WeightData, Diagnostics>>>,
}

impl<'c> WeightCache<'c> {
    pub fn new(ctx: &'c Context) -> Self {
        WeightCache {
            ctx,
            columns: RefCell::default(),
        }
    }

    pub fn load(&self, tariff: &Path, file: &str, column: &str) -> Result<WeightData, Diagnostics> {
        let p = Path::new(file);
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            tariff.parent().unwrap_or(Path::new("")).join(p)
        };
        // `..` taken away by hand: a plan's years may lie in a folder that
        // is only made when they are written.
        let mut resolved = PathBuf::new();
        for c in joined.components() {
            match c {
                std::path::Component::ParentDir
                    if matches!(
                        resolved.components().next_back(),
                        Some(std::path::Component::Normal(_))
                    ) =>
                {
                    resolved.pop();
                }
                c => resolved.push(c),
            }
        }
        self.columns
            .borrow_mut()
            .entry((resolved, column.to_string()))
            .or_insert_with_key(|(resolved, column)| {
                crate::read::weights::read_weights(self.ctx, resolved, column)
            })
            .clone()
    }
}

/// Solves `goal` on a tariff given as text (read from `path`, or made by a
/// projection), with `overrides` applied first.
pub fn solve_text(
    text: &str,
    path: &Path,
    overrides: &[Override],
    loader: &WeightLoader,
    population: &Population,
    actuals: Option<&Actuals>,
    goal: &Goal,
) -> Result<Solution, Failure> {
    let base = parse_tariff_with(text, path, overrides, loader)?;
    let tariff = &base.tariff;
    let activity = activity_of(tariff, goal)?;
    let probe: Override = format!("{}=0", goal.key)
        .parse()
        .map_err(|d: Diagnostic| refusal(goal, d.message))?;
    let was = value_in_tariff(text, path, overrides, &probe, goal)?;
    let grid = grid_for(tariff, &probe, was);

    let set_at = |value: Decimal| -> Override {
        format!("{}={}", goal.key, value.normalize())
            .parse()
            .expect("a key that parsed with a number parses")
    };
    let found = solve(goal.target, grid, |value| {
        let mut all = overrides.to_vec();
        all.push(set_at(value));
        let loaded = parse_tariff_with(text, path, &all, loader)?;
        let outcome = compute(&loaded.tariff, population, actuals).map_err(|d| loaded.place(d))?;
        let total = outcome
            .lines
            .iter()
            .filter(|l| l.kind.invoiced() && *l.activity == *activity)
            .map(|l| l.amount)
            .sum();
        Ok((total, (loaded.tariff, outcome)))
    });
    let name = &tariff.activities[&activity].name;
    let found = found.map_err(|u| unsolved(u, name, goal))?;
    let (tariff, outcome) = found.result;
    Ok(Solution {
        key: goal.key.clone(),
        was,
        value: found.value.normalize(),
        activity,
        target: goal.target,
        total: found.total,
        total_below: found.total_below,
        set: set_at(found.value).text,
        tariff,
        outcome,
    })
}

/// A problem with the key solved for, placed at `--vary KEY`.
fn refusal(goal: &Goal, message: Message) -> Failure {
    let vary_place = PathBuf::from(format!("--vary {}", goal.key));
    Diagnostics::from(Diagnostic::new(message).in_file(&vary_place)).into()
}

/// The id of the goal's activity, named by id or by name.
fn activity_of(tariff: &Tariff, goal: &Goal) -> Result<String, Failure> {
    tariff
        .activities
        .iter()
        .find(|(id, a)| **id == goal.activity || a.name == goal.activity)
        .map(|(id, _)| id.clone())
        .ok_or_else(|| -> Failure {
            Diagnostics::from(
                Diagnostic::new(msg!(
                    "solve-no-activity",
                    activity = msg::quoted(&goal.activity),
                    activities = tariff.activities.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
                .in_file(Path::new("--covers")),
            )
            .into()
        })
}

/// The key's value as the tariff has it (after the other overrides): a
/// number, or none when the tariff leaves it out. The key must have a table
/// to go in, as a `--set` must, and must not name a table or a text.
fn value_in_tariff(
    text: &str,
    path: &Path,
    overrides: &[Override],
    probe: &Override,
    goal: &Goal,
) -> Result<Option<Decimal>, Failure> {
    let mut doc = text
        .parse::<DocumentMut>()
        .map_err(|e| Failure::Other(msg!("planning-cannot-parse", path = path, error = e.to_string())))?;
    apply(&mut doc, overrides)?;
    if let Err(d) = apply(&mut doc.clone(), std::slice::from_ref(probe)) {
        // Every reason, one after the other, separated by `; `.
        let mut why = d.0.into_iter().rev().map(|p| p.message);
        if let Some(last) = why.next() {
            let why = why.fold(last, |rest, first| {
                msg!("solve-reasons", first = first, rest = rest)
            });
            return Err(refusal(goal, why));
        }
    }
    let mut item = Some(doc.as_item());
    for p in &probe.path {
        item = item.and_then(|i| i.get(p.as_str()));
    }
    match item {
        None => Ok(None),
        Some(Item::Value(v)) => match value_number(v) {
            Some(d) => Ok(Some(d)),
            None => {
                let mut bare = v.clone();
                bare.decor_mut().clear();
                Err(refusal(
                    goal,
                    msg!("solve-not-a-number", key = &goal.key, value = bare.to_string()),
                ))
            }
        },
        Some(_) => Err(refusal(goal, msg!("solve-is-a-table", key = &goal.key))),
    }
}

/// Where to search: rates in öre, amounts in kronor, as the projection
/// rounds them, up to the tariff's limit, from the value it has (`was`).
fn grid_for(tariff: &Tariff, probe: &Override, was: Option<Decimal>) -> Grid {
    let is_rate = probe.path.iter().any(|p| p == "rate" || p == "rates");
    let precision = if is_rate {
        tariff.projection.rates
    } else {
        tariff.projection.amounts
    };
    let step = match precision {
        Precision::Krona => Decimal::ONE,
        Precision::Ore | Precision::Exact => Decimal::new(1, 2),
    };
    let limit = if is_rate {
        Decimal::from(1_000_000)
    } else {
        Decimal::from(1_000_000_000_000_000i64)
    };
    let steps = |v: Decimal| -> i128 {
        let n = (v / step).trunc();
        n.mantissa() / 10i128.pow(n.scale())
    };
    Grid {
        step,
        max_steps: steps(limit),
        start_steps: was.map_or(1, steps),
    }
}

/// Why no value covers the goal, for the activity named `name`.
fn unsolved(u: Unsolved, name: &str, goal: &Goal) -> Failure {
    match u {
        Unsolved::NoEffect { total } => refusal(
            goal,
            msg!(
                "solve-no-effect",
                activity = name,
                key = &goal.key,
                total = sv::kr(total)
            ),
        ),
        Unsolved::Unreachable { best, at, refused } => {
            let (target, key, best, at) = (sv::kr(goal.target), &goal.key, sv::kr(best), sv::num(at));
            refusal(
                goal,
                match refused.as_ref().and_then(super::problems_message) {
                    Some(refused) => msg!(
                        "solve-unreachable-refused",
                        activity = name,
                        target = target,
                        key = key,
                        best = best,
                        at = at,
                        refused = refused
                    ),
                    None => msg!(
                        "solve-unreachable",
                        activity = name,
                        target = target,
                        key = key,
                        best = best,
                        at = at
                    ),
                },
            )
        }
        Unsolved::Failed { at, problems } => {
            let vary_place = PathBuf::from(format!("--vary {}", goal.key));
            let mut p = Diagnostics::from(
                Diagnostic::new(msg!(
                    "solve-does-not-compute",
                    key = &goal.key,
                    value = sv::num(at)
                ))
                .in_file(&vary_place),
            );
            p.extend(problems);
            p.into()
        }
    }
}
