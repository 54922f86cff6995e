//! The common shape of every layout: rows of a region and its figures per
//! period; then the period chosen and each row's region resolved.

use std::collections::{BTreeMap, BTreeSet};

use super::vocabulary::{
    self, county_name, fold, municipality_by_name, municipality_name, region_by_name, unknown_name, Region,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::population::{Inhabitants, Population};
use crate::msg;
use crate::msg::{Arg, Message};
use crate::read::figure;

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
    /// The layout as the import's summary names it.
    pub fn label(self) -> Message {
        match self {
            ExportLayout::PxWebColumns => msg!("scb-layout-pxweb-columns"),
            ExportLayout::PxWebRows => msg!("scb-layout-pxweb-rows"),
            ExportLayout::ScbTable => msg!("scb-layout-scb-table"),
            ExportLayout::JsonStat => msg!("scb-layout-json-stat"),
        }
    }
}

/// Where something is: a line, and for JSON-stat what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) line: usize,
    pub(super) what: Option<Where>,
}

/// What is at a place of a JSON-stat dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Where {
    /// A region category: `dimension Region, category "1490" (Borås)`.
    Category {
        dimension: String,
        code: String,
        label: String,
    },
    /// A value: `value[3] (Region 1490 Borås, Tid 2021)`; `time` is the
    /// time dimension and its category, when there is one.
    Value {
        index: usize,
        dimension: String,
        code: String,
        label: String,
        time: Option<(String, String)>,
    },
    /// A dimension: `dimension Tid`.
    Dimension(String),
}

impl Where {
    fn message(&self) -> Message {
        match self {
            Where::Category {
                dimension,
                code,
                label,
            } => msg!(
                "scb-where-category",
                dimension = dimension,
                code = msg::quoted(code),
                label = label
            ),
            Where::Value {
                index,
                dimension,
                code,
                label,
                time: None,
            } => msg!(
                "scb-where-value",
                index = *index,
                dimension = dimension,
                code = code,
                label = label
            ),
            Where::Value {
                index,
                dimension,
                code,
                label,
                time: Some((time, period)),
            } => msg!(
                "scb-where-value-in-period",
                index = *index,
                dimension = dimension,
                code = code,
                label = label,
                time = time,
                period = period
            ),
            Where::Dimension(dimension) => msg!("scb-where-dimension", dimension = dimension),
        }
    }

    /// Its first word, for "already at value[2]".
    fn short(&self) -> String {
        match self {
            Where::Value { index, .. } => format!("value[{index}]"),
            Where::Category { .. } | Where::Dimension(_) => "dimension".to_string(),
        }
    }
}

impl Place {
    pub(super) fn line(line: usize) -> Place {
        Place { line, what: None }
    }

    /// A problem here, on one line: control characters in names from the
    /// file are shown escaped.
    pub(super) fn diag(&self, message: Message) -> Diagnostic {
        let message = match &self.what {
            Some(what) => msg!("scb-at", place = what.message(), message = message),
            None => message,
        };
        Diagnostic::new(escaped(&message)).at_line(self.line)
    }

    /// "duplicate municipality 1490 (Borås): already on line 3" / "already
    /// at value[2]".
    fn duplicate(&self, code: Code, name: &str) -> Message {
        let code = code.to_string();
        match &self.what {
            Some(what) => msg!(
                "scb-duplicate-at",
                code = code,
                name = msg::name(name),
                at = what.short()
            ),
            None => msg!(
                "scb-duplicate-on-line",
                code = code,
                name = msg::name(name),
                line = self.line
            ),
        }
    }
}

/// A message with the control characters of its text arguments shown as
/// code points (`<U+0009>`, [`msg::visible`]), so that it shows on one line
/// whatever the file held.
fn escaped(m: &Message) -> Message {
    let escape = |s: &str| msg::visible(s);
    m.args().iter().fold(Message::new(m.id()), |out, (name, arg)| {
        let arg = match arg {
            Arg::Text(s) => Arg::Text(escape(s)),
            Arg::Msg(inner) => Arg::Msg(escaped(inner)),
            Arg::List(items) => Arg::List(items.iter().map(escaped).collect()),
            Arg::Count(n) => Arg::Count(*n),
        };
        out.arg(name, arg)
    })
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
    Missing(Message),
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
    /// How the regions are given: `codes`, `names`, `code and name`, or
    /// several of these.
    pub(super) fn regions_label(&self) -> Message {
        let forms: BTreeSet<(bool, bool)> = self
            .rows
            .iter()
            .map(|r| (r.region.code.is_some(), r.region.name.is_some()))
            .collect();
        let mut labels: Vec<Message> = [(true, true), (true, false), (false, true)]
            .iter()
            .filter(|f| forms.contains(f))
            .map(|f| match f {
                (true, true) => msg!("scb-regions-code-and-name"),
                (true, false) => msg!("scb-regions-codes"),
                _ => msg!("scb-regions-names"),
            })
            .collect();
        match labels.len() {
            1 => labels.remove(0),
            _ => msg!("scb-regions-several", forms = labels),
        }
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

/// Which region a row is about, or what is wrong with it.
pub(super) fn resolve(r: &RegionRef) -> Result<Region, Message> {
    let code = r.code.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let name = r.name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let Some(code) = code else {
        let Some(name) = name else {
            return Err(msg!("scb-missing-region"));
        };
        return region_by_name(name).ok_or_else(|| unknown_name(name));
    };
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(msg!("scb-region-code-not-digits", found = msg::quoted(code)));
    }
    let n: Option<u16> = code.parse().ok();
    let region = match (code.len(), n) {
        // Two digits, or one where a spreadsheet dropped the leading zero.
        (1..=2, Some(0)) => Region::Country,
        (1..=2, Some(n)) if county_name(n).is_some() => Region::County(n),
        (1..=2, _) => return Err(msg!("scb-not-county-or-municipality", code = msg::quoted(code))),
        (3..=4, Some(n)) => match Code::new(n).filter(|c| municipality_name(*c).is_some()) {
            Some(c) => Region::Municipality(c),
            None => return Err(msg!("scb-not-municipality-code", code = msg::quoted(code))),
        },
        _ => return Err(msg!("scb-expected-region-code", found = msg::quoted(code))),
    };
    if let (Region::Municipality(c), Some(name)) = (region, name) {
        // A label may repeat the code (`1490 Borås`).
        let name = match name.split_once(char::is_whitespace) {
            Some((first, rest)) if first == code => rest.trim(),
            _ => name,
        };
        let known = municipality_name(c).unwrap_or("");
        if fold(name) != fold(known) && municipality_by_name(name) != Some(c) {
            return Err(msg!(
                "scb-code-and-name-differ",
                code = c.to_string(),
                known = known,
                name = msg::quoted(name)
            ));
        }
    }
    Ok(region)
}

/// A figure's count, with SCB's own marks explained.
fn count(f: &Figure) -> Result<u64, Message> {
    match f {
        Figure::Missing(why) => Err(why.clone()),
        Figure::Text(t) => {
            let t = t.trim();
            if matches!(t, ".." | "..." | "-" | "–") {
                return Err(msg!("scb-figure-not-available", mark = msg::quoted(t)));
            }
            figure::parse_count(t)
        }
    }
}

/// The period to read, from the file's periods and `--year`.
pub(super) fn choose_period(periods: &[String], year: Option<&str>) -> Result<Option<String>, Message> {
    let list = periods.join(", ");
    let Some(year) = year.map(str::trim) else {
        return match periods {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(msg!("scb-several-years", periods = list)),
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
        [] => Err(msg!("scb-no-figures-for-year", year = year, periods = list)),
        many => Err(msg!(
            "scb-year-matches-several",
            year = year,
            periods = many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The population of the chosen period.
pub(super) struct Picked {
    pub(super) population: Population,
    pub(super) period: Option<String>,
    pub(super) skipped: Vec<Message>,
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
                let label = other.label();
                let shown = match &row.place.what {
                    Some(_) => msg!("scb-skipped", region = &label),
                    None => msg!("scb-skipped-on-line", region = &label, line = row.place.line),
                };
                skipped.push((label, shown));
                continue;
            }
            Region::Country | Region::County(_) => {
                // JSON-stat places already name the category.
                let message = match (row.place.what.is_some(), region) {
                    (true, Region::Country) => msg!("scb-country"),
                    (true, _) => msg!("scb-county"),
                    (false, Region::Country) => msg!("scb-region-is-country", region = shown(&row.region)),
                    (false, _) => msg!("scb-region-is-county", region = shown(&row.region)),
                };
                problems.push(row.place.diag(message));
                continue;
            }
        };
        let Some((_, figure, at)) = figure else { continue };
        let name = municipality_name(code).unwrap_or("").to_string();
        if let Some(first) = places.get(&code) {
            problems.push(at.diag(first.duplicate(code, &name)));
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
        problems.push(table.periods_place.diag(msg!("scb-no-municipalities")));
    }
    if problems.is_empty()
        && population
            .iter()
            .try_fold(0u64, |a, (_, r)| a.checked_add(r.count))
            .is_none()
    {
        problems.push(table.periods_place.diag(msg!("scb-sum-too-large")));
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
    crate::msg::quote(&text)
}
