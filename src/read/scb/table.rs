//! The common shape of every layout: rows of a region and its figures per
//! period; then the period chosen and each row's region resolved.

use std::collections::{BTreeMap, BTreeSet};

use super::vocabulary::{
    self, county_name, fold, municipality_by_name, municipality_name, region_by_name, unknown_name, Region,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::population::{Inhabitants, Population};
use crate::read::text;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The period to read (`2021`, or `2021M12`); required when the file
    /// has several.
    pub year: Option<String>,
    /// Leave counties and the country out instead of rejecting them.
    pub skip_regions: bool,
}

/// The layout a file was found to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportLayout {
    PxWebColumns,
    PxWebRows,
    ScbTable,
    JsonStat,
}

impl ExportLayout {
    pub fn label(self) -> &'static str {
        match self {
            ExportLayout::PxWebColumns => "PxWeb CSV, years as columns",
            ExportLayout::PxWebRows => "PxWeb CSV, one row per year",
            ExportLayout::ScbTable => "SCB table with a population column",
            ExportLayout::JsonStat => "JSON-stat 2.0",
        }
    }
}

/// Where something is: a line, and for JSON-stat what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) line: usize,
    pub(super) what: Option<String>,
}

impl Place {
    pub(super) fn line(line: usize) -> Place {
        Place { line, what: None }
    }

    /// A problem here, on one line: control characters in names from the
    /// file are shown escaped.
    pub(super) fn diag(&self, message: impl std::fmt::Display) -> Diagnostic {
        let text = match &self.what {
            Some(what) => format!("{what}: {message}"),
            None => message.to_string(),
        };
        let text: String = text
            .chars()
            .flat_map(|c| {
                let escaped = c.is_control().then(|| c.escape_default());
                escaped
                    .into_iter()
                    .flatten()
                    .chain((!c.is_control()).then_some(c))
            })
            .collect();
        Diagnostic::new(text).at_line(self.line)
    }

    /// For "already on line 3" / "already at value[2]".
    fn short(&self) -> String {
        match &self.what {
            Some(what) => format!("at {}", what.split(' ').next().unwrap_or(what)),
            None => format!("on line {}", self.line),
        }
    }
}

/// A region as the file gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RegionRef {
    pub(super) code: Option<String>,
    pub(super) name: Option<String>,
}

/// One region's row: its figures per period (`None`: the file names none).
#[derive(Debug, Clone)]
pub(super) struct RegionRow {
    pub(super) region: RegionRef,
    pub(super) place: Place,
    pub(super) figures: Vec<(Option<String>, Figure, Place)>,
}

/// A figure's text, or why there is none.
#[derive(Debug, Clone)]
pub(super) enum Figure {
    Text(String),
    Missing(String),
}

/// A file read into rows, before choosing the period.
#[derive(Debug, Clone)]
pub(super) struct ExportTable {
    pub(super) layout: ExportLayout,
    pub(super) delimiter: Option<u8>,
    pub(super) rows: Vec<RegionRow>,
    /// Every period, in order; empty when the file names none.
    pub(super) periods: Vec<String>,
    /// Where the periods are (the header line, the time dimension).
    pub(super) periods_place: Place,
    /// Problems with rows left out of `rows`.
    pub(super) problems: Diagnostics,
    /// A label column has several values: every region would come twice.
    pub(super) labels_vary: bool,
}

impl ExportTable {
    pub(super) fn regions_label(&self) -> String {
        let forms: BTreeSet<(bool, bool)> = self
            .rows
            .iter()
            .map(|r| (r.region.code.is_some(), r.region.name.is_some()))
            .collect();
        let labels: Vec<&str> = [(true, true), (true, false), (false, true)]
            .iter()
            .filter(|f| forms.contains(f))
            .map(|f| match f {
                (true, true) => "code and name",
                (true, false) => "codes",
                _ => "names",
            })
            .collect();
        labels.join(", ")
    }
}

/// `1490 Borås` → code and name; `1490` → code; `Borås` → name.
pub(super) fn split_region(cell: &str) -> RegionRef {
    let (first, rest) = vocabulary::split_label(cell);
    let cell = cell.trim();
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) {
        RegionRef {
            code: some(first),
            name: some(rest),
        }
    } else {
        RegionRef {
            code: None,
            name: some(cell),
        }
    }
}

const SKIP_HINT: &str = "pass --skip-regions to leave counties and the country out";

/// Which region a row is about, or what is wrong with it.
pub(super) fn resolve(r: &RegionRef) -> Result<Region, String> {
    let code = r.code.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let name = r.name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let Some(code) = code else {
        let Some(name) = name else {
            return Err("missing region".to_string());
        };
        return region_by_name(name).ok_or_else(|| unknown_name(name));
    };
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "expected a region code of digits (like 1490), found {code:?}"
        ));
    }
    let n: Option<u16> = code.parse().ok();
    let region = match (code.len(), n) {
        // Two digits, or one where a spreadsheet dropped the leading zero.
        (1..=2, Some(0)) => Region::Country,
        (1..=2, Some(n)) if county_name(n).is_some() => Region::County(n),
        (1..=2, _) => return Err(format!("{code:?} is neither a county nor a municipality code")),
        (3..=4, Some(n)) => match Code::new(n).filter(|c| municipality_name(*c).is_some()) {
            Some(c) => Region::Municipality(c),
            None => {
                return Err(format!(
                    "{code:?} is not a municipality code: none of SCB's 290 municipalities has it"
                ))
            }
        },
        _ => return Err(format!("expected a region code (like 1490), found {code:?}")),
    };
    if let (Region::Municipality(c), Some(name)) = (region, name) {
        // A label may repeat the code (`1490 Borås`).
        let name = match name.split_once(char::is_whitespace) {
            Some((first, rest)) if first == code => rest.trim(),
            _ => name,
        };
        let known = municipality_name(c).unwrap_or("");
        if fold(name) != fold(known) && municipality_by_name(name) != Some(c) {
            return Err(format!("code {c} is {known}, but the name says {name:?}"));
        }
    }
    Ok(region)
}

/// A figure's count, with SCB's own marks explained.
fn count(f: &Figure) -> Result<u64, String> {
    match f {
        Figure::Missing(why) => Err(why.clone()),
        Figure::Text(t) => {
            let t = t.trim();
            if matches!(t, ".." | "..." | "-" | "–") {
                return Err(format!(
                    "missing figure {t:?} (SCB's mark for a figure that is not available)"
                ));
            }
            text::parse_count(t)
        }
    }
}

/// The period to read, from the file's periods and `--year`.
pub(super) fn choose_period(periods: &[String], year: Option<&str>) -> Result<Option<String>, String> {
    let list = periods.join(", ");
    let Some(year) = year.map(str::trim) else {
        return match periods {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(format!(
                "figures for several years ({list}): choose one with --year"
            )),
        };
    };
    if periods.is_empty() {
        return Ok(Some(year.to_string()));
    }
    if let Some(p) = periods.iter().find(|p| p.eq_ignore_ascii_case(year)) {
        return Ok(Some(p.clone()));
    }
    let matching: Vec<&String> = periods.iter().filter(|p| p.get(..4) == Some(year)).collect();
    match matching.as_slice() {
        [one] => Ok(Some((*one).clone())),
        [] => Err(format!("no figures for {year}: the file has {list}")),
        many => Err(format!(
            "--year {year} matches {}: give one of them",
            many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The population of the chosen period.
pub(super) struct Picked {
    pub(super) population: Population,
    pub(super) period: Option<String>,
    pub(super) skipped: Vec<String>,
}

pub(super) fn assemble(table: &ExportTable, opts: &ImportOptions) -> Result<Picked, Diagnostics> {
    let mut problems = Diagnostics::new();
    let period = match choose_period(&table.periods, opts.year.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            problems.push(table.periods_place.diag(e));
            None
        }
    };
    let chosen = problems.is_empty();
    let mut population = Population::new();
    let mut places: BTreeMap<Code, Place> = BTreeMap::new();
    let mut skipped = Vec::new();
    for row in &table.rows {
        // The row's figure for the period; rows of other periods are not read.
        let figure = if table.periods.is_empty() {
            row.figures.first()
        } else {
            row.figures.iter().find(|(p, _, _)| *p == period)
        };
        if chosen && figure.is_none() {
            continue;
        }
        let region = match resolve(&row.region) {
            Ok(r) => r,
            Err(e) => {
                problems.push(row.place.diag(e));
                continue;
            }
        };
        let code = match region {
            Region::Municipality(c) => c,
            other if opts.skip_regions => {
                let at = match &row.place.what {
                    Some(_) => String::new(),
                    None => format!(" (line {})", row.place.line),
                };
                skipped.push((other.label(), format!("{}{at}", other.label())));
                continue;
            }
            Region::Country | Region::County(_) => {
                // JSON-stat places already name the category.
                let subject = match row.place.what {
                    Some(_) => String::new(),
                    None => format!("{} is ", shown(&row.region)),
                };
                let what = match region {
                    Region::Country => "the whole country",
                    _ => "a county (län)",
                };
                problems.push(
                    row.place
                        .diag(format!("{subject}{what}, not a municipality; {SKIP_HINT}")),
                );
                continue;
            }
        };
        let Some((_, figure, at)) = figure else { continue };
        let name = municipality_name(code).unwrap_or("").to_string();
        if let Some(first) = places.get(&code) {
            problems.push(at.diag(format!(
                "duplicate municipality {code} ({name}): already {}",
                first.short()
            )));
            continue;
        }
        places.insert(code, at.clone());
        match count(figure) {
            Ok(n) => {
                let _ = population.insert(code, Inhabitants { name, count: n });
            }
            Err(e) => problems.push(at.diag(e)),
        }
    }
    if problems.is_empty() && population.is_empty() {
        problems.push(table.periods_place.diag("no municipalities in the file"));
    }
    if problems.is_empty()
        && population
            .iter()
            .try_fold(0u64, |a, (_, r)| a.checked_add(r.count))
            .is_none()
    {
        problems.push(
            table
                .periods_place
                .diag("the figures add up to more than can be counted"),
        );
    }
    // By region (code order), not in the order of the file's rows.
    skipped.sort_by(|a, b| a.0.cmp(&b.0));
    problems.into_result(Picked {
        population,
        period,
        skipped: skipped.into_iter().map(|(_, text)| text).collect(),
    })
}

/// A region as the file wrote it, for messages.
fn shown(r: &RegionRef) -> String {
    let text = match (&r.code, &r.name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => String::new(),
    };
    format!("{text:?}")
}
