//! A plan file (TOML): a base tariff, the years of the budget and plan,
//! each year's indices and population assumption, named scenarios and
//! targets to solve for. Every key is documented in `docs/plan-format.md`;
//! this file is its reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use toml::de::DeValue;

use super::overrides::Override;
use super::toml::{Doc, Item, Placed, TomlTable};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::msg;

/// The plan format this reader understands.
pub const FORMAT: i64 = 1;
/// The most years a plan may have.
pub const MAX_YEARS: usize = 10;

/// A plan, read and checked (as far as it can be without the tariff).
#[derive(Debug, Clone)]
pub struct Plan {
    pub path: PathBuf,
    pub name: Option<String>,
    /// The base tariff, as written (relative to the plan file).
    pub tariff: String,
    /// The years, consecutive, the budget year first.
    pub years: Vec<i32>,
    /// The base scenario: indices, population and targets of the plan.
    pub base: Assumptions,
    /// Named scenarios, by id.
    pub scenarios: BTreeMap<String, Scenario>,
    /// `[letter] text`: the letters' own words, a paragraph each.
    pub letter: Vec<String>,
}

/// What a scenario assumes: the indices to apply per year, the population
/// per year, targets to solve for.
#[derive(Debug, Clone, Default)]
pub struct Assumptions {
    /// Year → index name → value, for the years given.
    pub indices: BTreeMap<i32, BTreeMap<String, Decimal>>,
    /// The population assumption; `None` keeps the figures.
    pub population: Option<PopulationAssumption>,
    pub targets: Vec<Target>,
}

/// How the population moves from year to year.
#[derive(Debug, Clone)]
pub enum PopulationAssumption {
    /// A file with a column per year (a forecast, or an SCB export),
    /// resolved against the plan's folder; and as written.
    Forecast(PathBuf, String),
    /// Growth per year, on the year before's figures.
    Growth(BTreeMap<i32, Growth>),
    /// The same growth every year.
    Uniform(Decimal),
}

/// One year's growth.
#[derive(Debug, Clone)]
pub enum Growth {
    Uniform(Decimal),
    /// Per municipality, and for the others.
    PerMunicipality(BTreeMap<Code, Decimal>, Decimal),
}

/// A value solved for in a year.
#[derive(Debug, Clone)]
pub struct Target {
    pub year: i32,
    pub vary: String,
    pub activity: String,
    pub amount: Decimal,
}

/// A named alternative to the base plan.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    /// The first year its overrides apply to.
    pub from: i32,
    pub set: Vec<Override>,
    /// Indices that replace the base plan's, per year.
    pub indices: BTreeMap<i32, BTreeMap<String, Decimal>>,
    /// A population assumption that replaces the base plan's from `from`.
    pub population: Option<PopulationAssumption>,
    /// Targets that replace the base plan's, when given.
    pub targets: Option<Vec<Target>>,
}

impl Plan {
    /// The base tariff's path (relative to the working directory).
    pub fn tariff_path(&self) -> PathBuf {
        resolve(&self.path, &self.tariff)
    }
}

fn resolve(plan: &Path, relative: &str) -> PathBuf {
    let p = Path::new(relative);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        plan.parent().unwrap_or(Path::new("")).join(p)
    }
}

const TOP_KEYS: &[&str] = &[
    "format",
    "name",
    "tariff",
    "years",
    "indices",
    "population",
    "targets",
    "scenarios",
    "letter",
];
const SCENARIO_KEYS: &[&str] = &["name", "from", "set", "indices", "population", "targets"];

/// Whether a file's text is a plan rather than a tariff: TOML whose top
/// level has the plan's `years` (a tariff has `year`).
pub fn is_plan(text: &str) -> bool {
    super::toml::parse(text)
        .ok()
        .and_then(|root| root.get_ref().as_table().map(|t| t.contains_key("years")))
        .unwrap_or(false)
}

/// Reads a plan file.
pub fn read_plan(ctx: &crate::context::Context, path: &Path) -> Result<Plan, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Plan)?;
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::new(msg!("planfile-not-utf8")).in_file(path))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse_plan(text, path)
}

/// Parses a plan from its text; `path` places problems and resolves files.
pub fn parse_plan(text: &str, path: &Path) -> Result<Plan, Diagnostics> {
    let parsed = super::toml::parse(text).map_err(|e| {
        let doc = Doc::new(text);
        let mut d = Diagnostic::new(msg!("toml-not-valid", detail = e.message)).in_file(path);
        if let Some(span) = e.span {
            let (l, c) = doc.position(span.start);
            d = d.at(l, c);
        }
        Diagnostics::from(d)
    })?;
    let mut doc = Doc::new(text);
    let plan = read(&mut doc, &parsed, path);
    let problems = std::mem::take(&mut doc.problems);
    let problems = doc.map.place(problems, path).in_file(path);
    match plan {
        Some(plan) if problems.is_empty() => Ok(plan),
        _ => Err(problems),
    }
}

fn read(doc: &mut Doc, root: &Item, path: &Path) -> Option<Plan> {
    let top = doc.table("", root)?;
    if let Some(item) = top.get("format") {
        if let Some(f) = doc.integer("format", item, 0..i64::MAX) {
            if f != FORMAT {
                doc.err(
                    "format",
                    item.at(),
                    msg!("planfile-format-version", reads = FORMAT, found = f),
                );
            }
        }
    }
    let name = top.get("name").and_then(|i| doc.string("name", i));
    let tariff = match top.get("tariff") {
        Some(i) => doc.string("tariff", i),
        None => {
            doc.err("tariff", top.span.clone(), msg!("planfile-missing-tariff"));
            None
        }
    };
    let years = match top.get("years") {
        Some(i) => years(doc, i),
        None => {
            doc.err("years", top.span.clone(), msg!("planfile-missing-years"));
            None
        }
    };
    let known: Vec<i32> = years.clone().unwrap_or_default();
    let base = Assumptions {
        indices: top
            .get("indices")
            .map(|i| indices(doc, "indices", i, &known))
            .unwrap_or_default(),
        population: top
            .get("population")
            .and_then(|i| population(doc, "population", i, &known, path)),
        targets: top
            .get("targets")
            .map(|i| targets(doc, "targets", i, &known))
            .unwrap_or_default(),
    };
    let mut scenarios = BTreeMap::new();
    if let Some(item) = top.get("scenarios") {
        if let Some(t) = doc.table("scenarios", item) {
            for (id, item) in t.entries() {
                let key = t.child(&id);
                if id == "base" {
                    doc.err(&key, t.key_span(&id), msg!("planfile-scenario-named-base"));
                    continue;
                }
                if let Some(s) = scenario(doc, &key, item, &known, path) {
                    scenarios.insert(id, s);
                }
            }
        }
    }
    let letter = top
        .get("letter")
        .map(|i| crate::read::letter::letter(doc, "letter", i))
        .unwrap_or_default();
    top.finish(doc, TOP_KEYS);
    Some(Plan {
        letter,
        path: path.to_path_buf(),
        name,
        tariff: tariff?,
        years: years?,
        base,
        scenarios,
    })
}

fn year_of(doc: &mut Doc, key: &str, item: &Item) -> Option<i32> {
    doc.integer(key, item, 1900..2201)
        .and_then(|y| i32::try_from(y).ok())
}

fn years(doc: &mut Doc, item: &Item) -> Option<Vec<i32>> {
    doc.record("years", item.at());
    let Some(array) = item.get_ref().as_array().filter(|_| doc.is_value(item)) else {
        doc.err(
            "years",
            item.at(),
            msg!("planfile-expected-years", found = doc.describe(item)),
        );
        return None;
    };
    let mut out = Vec::new();
    for (i, v) in array.iter().enumerate() {
        if let Some(y) = doc.integer(&format!("years[{i}]"), v, 1900..2201) {
            out.push(y as i32);
        }
    }
    if out.len() != array.len() {
        return None;
    }
    if out.is_empty() || out.len() > MAX_YEARS {
        doc.err(
            "years",
            item.at(),
            msg!("planfile-year-count", max = MAX_YEARS, found = out.len()),
        );
        return None;
    }
    if out.windows(2).any(|w| w[1] != w[0] + 1) {
        doc.err("years", item.at(), msg!("planfile-years-in-a-row"));
        return None;
    }
    Some(out)
}

fn plan_year(
    doc: &mut Doc,
    key: &str,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    years: &[i32],
) -> Option<i32> {
    match text.parse::<i32>() {
        // Without the plan's years (a broken list, reported there), a
        // year is taken as it is: no follow-on errors.
        Ok(y) if years.is_empty() || years.contains(&y) => Some(y),
        _ => {
            doc.err(
                key,
                span,
                msg!(
                    "planfile-expected-plan-year",
                    years = list(years),
                    found = msg::quoted(text)
                ),
            );
            None
        }
    }
}

fn list(years: &[i32]) -> String {
    years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
}

/// `[indices.2025]`: year → name → percentage.
fn indices(doc: &mut Doc, key: &str, item: &Item, years: &[i32]) -> BTreeMap<i32, BTreeMap<String, Decimal>> {
    let mut out = BTreeMap::new();
    let Some(t) = doc.table(key, item) else {
        return out;
    };
    for (y, item) in t.entries() {
        let k = t.child(&y);
        let Some(year) = plan_year(doc, &k, &y, t.key_span(&y), years) else {
            continue;
        };
        let Some(inner) = doc.table(&k, item) else {
            continue;
        };
        let mut values = BTreeMap::new();
        for (name, item) in inner.entries() {
            if let Some(v) = doc.percent(&inner.child(&name), item) {
                values.insert(name, v);
            }
        }
        out.insert(year, values);
    }
    out
}

/// `population = { forecast = "FILE" }` or `{ growth = … }`.
fn population(
    doc: &mut Doc,
    key: &str,
    item: &Item,
    years: &[i32],
    plan: &Path,
) -> Option<PopulationAssumption> {
    let t = doc.table(key, item)?;
    let out = match (t.get("forecast"), t.get("growth")) {
        (Some(_), Some(_)) => {
            doc.err(key, t.span.clone(), msg!("planfile-forecast-and-growth"));
            None
        }
        (Some(f), None) => doc
            .string(&t.child("forecast"), f)
            .map(|s| PopulationAssumption::Forecast(resolve(plan, &s), s)),
        (None, Some(g)) => growth(doc, &t, g, years),
        (None, None) => {
            doc.err(key, t.span.clone(), msg!("planfile-expected-population"));
            None
        }
    };
    t.finish(doc, &["forecast", "growth"]);
    out
}

fn growth(doc: &mut Doc, t: &TomlTable, item: &Item, years: &[i32]) -> Option<PopulationAssumption> {
    let key = t.child("growth");
    if doc.is_value(item) && item.get_ref().as_table().is_none() {
        return doc.percent(&key, item).map(PopulationAssumption::Uniform);
    }
    let table = doc.table(&key, item)?;
    let mut out = BTreeMap::new();
    for (y, item) in table.entries() {
        let k = table.child(&y);
        let Some(year) = plan_year(doc, &k, &y, table.key_span(&y), years) else {
            continue;
        };
        if doc.is_value(item) && item.get_ref().as_table().is_none() {
            if let Some(p) = doc.percent(&k, item) {
                out.insert(year, Growth::Uniform(p));
            }
            continue;
        }
        let Some(per) = doc.table(&k, item) else {
            continue;
        };
        let mut codes = BTreeMap::new();
        let mut others = Decimal::ZERO;
        for (c, item) in per.entries() {
            let ck = per.child(&c);
            let Some(p) = doc.percent(&ck, item) else {
                continue;
            };
            if c == "default" {
                others = p;
            } else if let Ok(code) = c.parse::<Code>() {
                codes.insert(code, p);
            } else {
                doc.err(
                    &ck,
                    per.key_span(&c),
                    msg!("planfile-expected-growth-code", found = msg::quoted(&c)),
                );
            }
        }
        out.insert(year, Growth::PerMunicipality(codes, others));
    }
    Some(PopulationAssumption::Growth(out))
}

/// `[[targets]]`: year, vary, activity, amount.
fn targets(doc: &mut Doc, key: &str, item: &Item, years: &[i32]) -> Vec<Target> {
    let mut out = Vec::new();
    let tables: Vec<(String, &Item)> = match item.get_ref() {
        DeValue::Array(a) if doc.is_array_of_tables(item) => a
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{key}[{i}]"), t))
            .collect(),
        _ => {
            doc.err(
                key,
                item.at(),
                msg!("planfile-expected-targets", key = key, found = doc.describe(item)),
            );
            return out;
        }
    };
    for (k, table) in tables {
        let Some(t) = doc.table(&k, table) else {
            continue;
        };
        let mut field = |name: &str| {
            let v = t.get(name);
            if v.is_none() {
                doc.err(
                    &k,
                    t.span.clone(),
                    msg!("toml-missing-key", key = msg::quoted(name)),
                );
            }
            v
        };
        let (y, vary, activity, amount) = (field("year"), field("vary"), field("activity"), field("amount"));
        let year = y.and_then(|i| year_of(doc, &t.child("year"), i));
        if let Some(y) = year {
            if !years.is_empty() && !years.contains(&y) {
                doc.err(
                    &t.child("year"),
                    None,
                    msg!("planfile-expected-plan-year", years = list(years), found = y),
                );
            }
        }
        let vary = vary.and_then(|i| doc.string(&t.child("vary"), i));
        let activity = activity.and_then(|i| doc.string(&t.child("activity"), i));
        let amount = amount
            .and_then(|i| doc.decimal(&t.child("amount"), i))
            .filter(|a| {
                let ok = *a >= Decimal::ZERO && *a <= Decimal::from(1_000_000_000_000_000i64);
                if !ok {
                    doc.err(&t.child("amount"), None, msg!("planfile-target-amount-range"));
                }
                ok
            });
        t.finish(doc, &["year", "vary", "activity", "amount"]);
        if let (Some(year), Some(vary), Some(activity), Some(amount)) = (year, vary, activity, amount) {
            out.push(Target {
                year,
                vary,
                activity,
                amount,
            });
        }
    }
    out
}

fn scenario(doc: &mut Doc, key: &str, item: &Item, years: &[i32], plan: &Path) -> Option<Scenario> {
    let t = doc.table(key, item)?;
    let name = match t.get("name") {
        Some(i) => doc.string(&t.child("name"), i),
        None => {
            doc.err(key, t.span.clone(), msg!("planfile-missing-scenario-name"));
            None
        }
    };
    let from = match t.get("from") {
        Some(i) => year_of(doc, &t.child("from"), i).filter(|y| {
            let ok = years.is_empty() || years.contains(y);
            if !ok {
                doc.err(
                    &t.child("from"),
                    i.at(),
                    msg!("planfile-expected-plan-year", years = list(years), found = *y),
                );
            }
            ok
        }),
        None => years.first().copied(),
    };
    let mut set = Vec::new();
    if let Some(item) = t.get("set") {
        let k = t.child("set");
        doc.record(&k, item.at());
        match item.get_ref().as_array().filter(|_| doc.is_value(item)) {
            Some(a) => {
                for (i, v) in a.iter().enumerate() {
                    let ik = format!("{k}[{i}]");
                    match v.get_ref().as_str() {
                        Some(s) => match s.parse::<Override>() {
                            Ok(o) => set.push(o),
                            Err(d) => doc.err(&ik, v.at(), d.message),
                        },
                        None => doc.err(&ik, v.at(), msg!("planfile-expected-set-item")),
                    }
                }
            }
            None => doc.err(
                &k,
                item.at(),
                msg!("planfile-expected-set-list", found = doc.describe(item)),
            ),
        }
    }
    let indices = t
        .get("indices")
        .map(|i| indices(doc, &t.child("indices"), i, years))
        .unwrap_or_default();
    let population = t
        .get("population")
        .and_then(|i| population(doc, &t.child("population"), i, years, plan));
    let targets = t
        .get("targets")
        .map(|i| targets(doc, &t.child("targets"), i, years));
    t.finish(doc, SCENARIO_KEYS);
    Some(Scenario {
        name: name?,
        from: from?,
        set,
        indices,
        population,
        targets,
    })
}
