//! SCB exports as they come, read into a [`Population`] for the canonical
//! `code,name,population` file (`avgift population import`).
//!
//! Layouts, found from the content (never from the file name):
//!
//! - **PxWeb CSV** (Statistikdatabasen's "save as" CSV), years as columns:
//!   a header with a region column and one column per period. Region
//!   cells are codes (`1490`), names (`Borås`) or both (`1490 Borås`).
//!   Period headers are a year (`2021`), a month (`2021M12`), a quarter
//!   (`2021K4`, `2021Q4`), alone or after a label (`Folkmängd 2021`).
//!   Lines before the header (a table title, blank lines) are skipped, and
//!   so are one-field lines after the table (footnotes). Other label
//!   columns (`ålder`, `kön`) must hold one value throughout (`totalt`).
//! - **PxWeb CSV, one row per period**: a region column, a period column
//!   (`år`, `tid`, `månad`, `kvartal`, `year`, `period`) and a figure column.
//! - **SCB table**: code and/or name columns and one population column
//!   (`Kod;Namn;Befolkning;Int_befolkning`, as in
//!   `data/sjuharad/scb-folkmangd-2021-12-31.csv`; also the canonical
//!   `code,name,population`). Other columns are ignored. The file names no
//!   period.
//! - **JSON-stat 2.0** (the PxWeb API's `json-stat2` response): the region
//!   dimension is the one with role `geo`, else the one with id `Region`;
//!   the time dimension the one with role `time`, else id `Tid`; every other
//!   dimension must have a single category. Values are in row-major order
//!   over `id`/`size`.
//!
//! `,`, `;` or tab separated; UTF-8 with or without BOM, or Windows-1252.
//! Names are matched to codes with SCB's 290 municipalities
//! ([`MUNICIPALITIES`]), exactly after trimming, case-insensitively. Counties
//! (`14`, `Västra Götalands län`) and the country (`00`, `Riket`) are
//! rejected, or skipped with [`ImportOptions::skip_regions`]. Every problem
//! names the file and line (and for JSON-stat the value or category).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::municipalities::MUNICIPALITIES;
use super::text::{self, Encoding};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::population::{Inhabitants, Population};

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
pub enum Layout {
    PxWebColumns,
    PxWebRows,
    ScbTable,
    JsonStat,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::PxWebColumns => "PxWeb CSV, years as columns",
            Layout::PxWebRows => "PxWeb CSV, one row per year",
            Layout::ScbTable => "SCB table with a population column",
            Layout::JsonStat => "JSON-stat 2.0",
        }
    }
}

/// A file imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The municipalities' figures; names are SCB's (from the built-in table).
    pub population: Population,
    pub layout: Layout,
    pub encoding: Encoding,
    /// The field delimiter of a CSV file.
    pub delimiter: Option<u8>,
    /// How regions were given: `codes`, `names`, `code and name`.
    pub regions: String,
    /// The period whose figures were read: from the file, or `--year` when
    /// the file names none.
    pub period: Option<String>,
    /// Every period the file has figures for, in order.
    pub periods: Vec<String>,
    /// Regions left out with `skip_regions`, in code order:
    /// `14 Västra Götalands län (line 5)`.
    pub skipped: Vec<String>,
}

/// The counties (län) by code, and the whole country.
pub const COUNTIES: &[(u16, &str)] = &[
    (1, "Stockholms län"),
    (3, "Uppsala län"),
    (4, "Södermanlands län"),
    (5, "Östergötlands län"),
    (6, "Jönköpings län"),
    (7, "Kronobergs län"),
    (8, "Kalmar län"),
    (9, "Gotlands län"),
    (10, "Blekinge län"),
    (12, "Skåne län"),
    (13, "Hallands län"),
    (14, "Västra Götalands län"),
    (17, "Värmlands län"),
    (18, "Örebro län"),
    (19, "Västmanlands län"),
    (20, "Dalarnas län"),
    (21, "Gävleborgs län"),
    (22, "Västernorrlands län"),
    (23, "Jämtlands län"),
    (24, "Västerbottens län"),
    (25, "Norrbottens län"),
];

const COUNTRY_NAMES: &[&str] = &["riket", "hela riket", "sverige"];

/// Reads an SCB export from its bytes; `file` is only for messages.
pub fn import(bytes: &[u8], file: &Path, opts: &ImportOptions) -> Result<Imported, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, file, "SCB exports as CSV or JSON-stat") {
        return Err(d.into());
    }
    let (text, encoding) = text::decode(bytes);
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            "empty file: expected an SCB export (PxWeb CSV, JSON-stat 2.0 or Kod;Namn;Befolkning)",
        )
        .in_file(file)
        .at_line(1)
        .into());
    }
    let table = if text.trim_start().starts_with(['{', '[']) {
        json_stat(&text).map_err(|d| d.in_file(file))?
    } else {
        csv_table(&text).map_err(|d| d.in_file(file))?
    };
    let mut problems = table.problems.clone();
    let picked = if table.labels_vary {
        None
    } else {
        assemble(&table, opts).map_err(|d| problems.extend(d)).ok()
    };
    let picked = match picked {
        Some(p) if problems.is_empty() => p,
        _ => return Err(problems.in_file(file)),
    };
    Ok(Imported {
        population: picked.population,
        layout: table.layout,
        encoding,
        delimiter: table.delimiter,
        regions: table.regions_label(),
        period: picked.period,
        periods: table.periods,
        skipped: picked.skipped,
    })
}

// ---------------------------------------------------------------------------
// The common shape of every layout: rows of a region and its figures.

/// Where something is: a line, and for JSON-stat what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    line: usize,
    what: Option<String>,
}

impl Place {
    fn line(line: usize) -> Place {
        Place { line, what: None }
    }

    /// A problem here, on one line: control characters in names from the
    /// file are shown escaped.
    fn diag(&self, message: impl std::fmt::Display) -> Diagnostic {
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
struct RegionRef {
    code: Option<String>,
    name: Option<String>,
}

/// One region's row: its figures per period (`None`: the file names none).
#[derive(Debug, Clone)]
struct Row {
    region: RegionRef,
    place: Place,
    figures: Vec<(Option<String>, Figure, Place)>,
}

/// A figure's text, or why there is none.
#[derive(Debug, Clone)]
enum Figure {
    Text(String),
    Missing(String),
}

/// A file read into rows, before choosing the period.
#[derive(Debug, Clone)]
struct Table {
    layout: Layout,
    delimiter: Option<u8>,
    rows: Vec<Row>,
    /// Every period, in order; empty when the file names none.
    periods: Vec<String>,
    /// Where the periods are (the header line, the time dimension).
    periods_place: Place,
    /// Problems with rows left out of `rows`.
    problems: Diagnostics,
    /// A label column has several values: every region would come twice.
    labels_vary: bool,
}

impl Table {
    fn regions_label(&self) -> String {
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

/// The region a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    Municipality(Code),
    County(u16),
    Country,
}

impl Region {
    fn label(self) -> String {
        match self {
            Region::Municipality(c) => format!("{c} {}", municipality_name(c).unwrap_or("")),
            Region::County(n) => format!("{n:02} {}", county_name(n).unwrap_or("")),
            Region::Country => "00 Riket".to_string(),
        }
    }
}

fn municipality_name(code: Code) -> Option<&'static str> {
    MUNICIPALITIES
        .binary_search_by_key(&code.get(), |(c, _)| *c)
        .ok()
        .and_then(|i| MUNICIPALITIES.get(i))
        .map(|(_, n)| *n)
}

fn county_name(n: u16) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == n).map(|(_, name)| *name)
}

/// Lower case with runs of whitespace as one space, trimmed.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The municipality of a name: SCB's name in any case, or a usual form
/// (`Ulricehamns kommun`, `Borås Stad`, `Boras`); see
/// [`super::municipalities::by_name`].
pub fn municipality_by_name(name: &str) -> Option<Code> {
    super::municipalities::by_name(name).and_then(Code::new)
}

fn region_by_name(name: &str) -> Option<Region> {
    if let Some(code) = municipality_by_name(name) {
        return Some(Region::Municipality(code));
    }
    let want = fold(name);
    if COUNTRY_NAMES.contains(&want.as_str()) {
        return Some(Region::Country);
    }
    COUNTIES
        .iter()
        .find(|(_, n)| fold(n) == want)
        .map(|(c, _)| Region::County(*c))
}

/// `1490 Borås` → code and name; `1490` → code; `Borås` → name.
fn split_region(cell: &str) -> RegionRef {
    let cell = cell.trim();
    let (first, rest) = match cell.split_once(char::is_whitespace) {
        Some((f, r)) => (f, r.trim()),
        None => (cell, ""),
    };
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
fn resolve(r: &RegionRef) -> Result<Region, String> {
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

fn unknown_name(name: &str) -> String {
    let near: Vec<String> = super::municipalities::nearest(name)
        .into_iter()
        .map(|(c, n)| format!("{n:?} ({c:04})"))
        .collect();
    match near.as_slice() {
        [] => format!("unknown municipality {name:?}: not the name of one of SCB's 290 municipalities"),
        [one] => format!("unknown municipality {name:?}; did you mean {one}?"),
        [rest @ .., last] => format!(
            "unknown municipality {name:?}; did you mean {} or {last}?",
            rest.join(", ")
        ),
    }
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
fn choose_period(periods: &[String], year: Option<&str>) -> Result<Option<String>, String> {
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
struct Picked {
    population: Population,
    period: Option<String>,
    skipped: Vec<String>,
}

fn assemble(table: &Table, opts: &ImportOptions) -> Result<Picked, Diagnostics> {
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

// ---------------------------------------------------------------------------
// CSV

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Code,
    Name,
    Region,
    /// The period of each row (`år`, `tid`).
    Time,
    /// Figures of one period (`2021`), or of an unnamed one (`Befolkning`).
    Figures(Option<String>),
    /// Anything else: a label column (`kön`) or one to ignore.
    Other(String),
}

const CODE: &[&str] = &["code", "kod", "kommunkod", "region code", "regionkod"];
const NAME: &[&str] = &["name", "namn", "kommun", "kommunnamn"];
const REGION: &[&str] = &["region"];
const TIME: &[&str] = &[
    "år", "tid", "månad", "kvartal", "year", "period", "month", "quarter",
];
const COUNT: &[&str] = &[
    "population",
    "befolkning",
    "folkmängd",
    "invånare",
    "inhabitants",
    "antal",
];

/// A period as PxWeb writes it: `2021`, `2021M12`, `2021K4`, `2021Q4`.
pub fn period(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let year = b.get(..4)?;
    if !year.iter().all(u8::is_ascii_digit) || !matches!(year.first(), Some(b'1' | b'2')) {
        return None;
    }
    let rest = b.get(4..).unwrap_or_default();
    let ok = match rest {
        [] => true,
        [b'M' | b'm', m1, m2] => {
            m1.is_ascii_digit() && m2.is_ascii_digit() && (1..=12).contains(&((m1 - b'0') * 10 + (m2 - b'0')))
        }
        [b'K' | b'k' | b'Q' | b'q', q] => (b'1'..=b'4').contains(q),
        _ => false,
    };
    ok.then(|| s.to_uppercase())
}

fn classify(cell: &str) -> Column {
    let t = cell.trim();
    let lower = fold(t);
    if CODE.contains(&lower.as_str()) {
        Column::Code
    } else if NAME.contains(&lower.as_str()) {
        Column::Name
    } else if REGION.contains(&lower.as_str()) {
        Column::Region
    } else if TIME.contains(&lower.as_str()) {
        Column::Time
    } else if COUNT.contains(&lower.as_str()) {
        Column::Figures(None)
    } else if let Some(p) = t.rsplit(char::is_whitespace).next().and_then(period) {
        Column::Figures(Some(p))
    } else {
        Column::Other(t.to_string())
    }
}

/// The columns of a header, or `None` when the line is not one.
fn header_columns(cells: &[String]) -> Option<(Vec<Column>, Layout)> {
    let mut cols: Vec<Column> = cells.iter().map(|c| classify(c)).collect();
    let has = |cols: &[Column], f: &dyn Fn(&Column) -> bool| cols.iter().any(f);
    let dated = has(&cols, &|c| matches!(c, Column::Figures(Some(_))));
    let undated = has(&cols, &|c| matches!(c, Column::Figures(None)));
    if !dated && !undated {
        return None;
    }
    let regional = |cols: &[Column]| {
        cols.iter()
            .any(|c| matches!(c, Column::Code | Column::Name | Column::Region))
    };
    if !regional(&cols) {
        // PxWeb may leave the region column's header empty or name it
        // after the table's own word for it: the first label column.
        let first = cols.iter().position(|c| matches!(c, Column::Other(_)))?;
        if let Some(c) = cols.get_mut(first) {
            *c = Column::Region;
        }
    }
    let layout = if dated {
        // Unnamed figure columns and a period column beside year columns
        // are not read.
        for c in cols.iter_mut() {
            if matches!(c, Column::Figures(None) | Column::Time) {
                *c = Column::Other(String::new());
            }
        }
        Layout::PxWebColumns
    } else if has(&cols, &|c| *c == Column::Time) {
        Layout::PxWebRows
    } else {
        Layout::ScbTable
    };
    Some((cols, layout))
}

/// Parses one line as a CSV record.
fn cells(line: &str, delimiter: u8) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    match r.records().next() {
        Some(Ok(rec)) => rec.iter().map(|s| s.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

const HEADER_HELP: &str = "expected a header with a region column (region, kod, namn, code, name) and \
figure columns (a year such as 2021 or 2022M12, or befolkning, folkmängd, population)";

fn csv_table(text: &str) -> Result<Table, Diagnostics> {
    // The header: the first of the first lines that reads as one with the
    // delimiter sniffed from it. A title line above it reads as none.
    // A header is followed by a row of as many fields (or by nothing).
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let mut found = None;
    for (k, (i, line)) in lines.iter().enumerate().take(30) {
        let delimiter = text::sniff_delimiter(line);
        let cells = cells(line, delimiter);
        if cells.len() < 2 {
            continue;
        }
        let fits = lines
            .get(k + 1)
            .is_none_or(|(_, next)| self::cells(next, delimiter).len() == cells.len());
        if let (true, Some((cols, layout))) = (fits, header_columns(&cells)) {
            found = Some((i + 1, delimiter, cells, cols, layout));
            break;
        }
    }
    let Some((header_line, delimiter, header, cols, layout)) = found else {
        let first = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
        let shown: String = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        return Err(Diagnostic::new(format!(
            "no table header found: {HEADER_HELP}; first line: {shown:?}"
        ))
        .at_line(first)
        .into());
    };
    let header_place = Place::line(header_line);

    let index = text::LineIndex::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let pos = |c: &Column| cols.iter().position(|x| x == c);
    let (code_col, name_col, region_col, time_col) = (
        pos(&Column::Code),
        pos(&Column::Name),
        pos(&Column::Region),
        pos(&Column::Time),
    );
    let figure_cols: Vec<(usize, Option<String>)> = cols
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Column::Figures(p) => Some((i, p.clone())),
            _ => None,
        })
        .collect();
    let mut problems = Diagnostics::new();
    if layout != Layout::PxWebColumns && figure_cols.len() > 1 {
        let names: Vec<&str> = figure_cols
            .iter()
            .filter_map(|(i, _)| header.get(*i).map(String::as_str))
            .collect();
        return Err(header_place
            .diag(format!(
                "several population columns ({}): expected one",
                names.join(", ")
            ))
            .into());
    }
    // Label columns of a PxWeb table: each must hold one value.
    let label_cols: Vec<usize> = if layout == Layout::ScbTable {
        Vec::new()
    } else {
        cols.iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Column::Other(h) if !h.is_empty()))
            .map(|(i, _)| i)
            .collect()
    };
    let mut label_values: BTreeMap<usize, (String, bool)> = BTreeMap::new();
    let mut labels_vary = false;

    let mut rows = Vec::new();
    let mut periods = BTreeSet::new();
    for (_, p) in &figure_cols {
        if let Some(p) = p {
            periods.insert(p.clone());
        }
    }
    let blank: Vec<bool> = text.lines().map(|l| l.trim().is_empty()).collect();
    let mut last_line = header_line;
    let mut ended = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = index.line(e.position());
                if line > header_line {
                    problems.push(Diagnostic::new(format!("cannot read the row: {e}")).at_line(line));
                }
                continue;
            }
        };
        let line = index.line(record.position());
        if line <= header_line {
            continue;
        }
        // The table ends at a blank line; one-field lines after it are
        // footnotes (`"Källa: SCB"`).
        let gap = (last_line + 1..line)
            .filter_map(|l| blank.get(l - 1))
            .collect::<Vec<_>>();
        if !rows.is_empty() && !gap.is_empty() && gap.iter().all(|b| **b) {
            ended = true;
        }
        last_line = line;
        let filled = record.iter().filter(|f| !f.is_empty()).count();
        if filled == 0 || (ended && filled == 1 && record.len() == 1 && header.len() > 1) {
            continue;
        }
        let place = Place::line(line);
        if record.len() != header.len() {
            problems.push(place.diag(format!(
                "expected {} fields as in the header (line {header_line}), found {}",
                header.len(),
                record.len()
            )));
            continue;
        }
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
        // A region or name cell may hold a code, a name or both
        // (`1490 Borås`); a code column has the last word on the code.
        let mut region = RegionRef::default();
        for c in [region_col, name_col].into_iter().flatten() {
            let r = split_region(get(Some(c)));
            region.code = region.code.or(r.code);
            region.name = region.name.or(r.name);
        }
        if code_col.is_some() {
            region.code = Some(get(code_col).to_string()).filter(|s| !s.is_empty());
        }
        for &c in &label_cols {
            let value = get(Some(c));
            match label_values.get_mut(&c) {
                None => {
                    label_values.insert(c, (value.to_string(), false));
                }
                Some((first, reported)) if !*reported && !value.eq_ignore_ascii_case(first) => {
                    *reported = true;
                    labels_vary = true;
                    let h = header.get(c).map(String::as_str).unwrap_or("");
                    problems.push(place.diag(format!(
                        "column {h:?} has several values ({first:?}, {value:?}): export the table with one \
                         value for {h} (such as \"totalt\")"
                    )));
                }
                Some(_) => {}
            }
        }
        let mut figures = Vec::new();
        for (c, p) in &figure_cols {
            let p = match (time_col, p) {
                (Some(t), _) => {
                    let cell = get(Some(t));
                    match period(cell) {
                        Some(p) => {
                            periods.insert(p.clone());
                            Some(p)
                        }
                        None => {
                            problems.push(place.diag(format!(
                                "expected a period such as 2021 or 2021M12 in column {:?}, found {cell:?}",
                                header.get(t).map(String::as_str).unwrap_or("")
                            )));
                            continue;
                        }
                    }
                }
                (None, p) => p.clone(),
            };
            figures.push((p, Figure::Text(get(Some(*c)).to_string()), place.clone()));
        }
        rows.push(Row {
            region,
            place,
            figures,
        });
    }
    Ok(Table {
        layout,
        delimiter: Some(delimiter),
        rows,
        periods: periods.into_iter().collect(),
        periods_place: header_place,
        problems,
        labels_vary,
    })
}

// ---------------------------------------------------------------------------
// JSON-stat 2.0

/// A dimension: its id, label and categories (code, label) in index order.
#[derive(Debug, Clone)]
struct Dimension {
    id: String,
    categories: Vec<(String, String)>,
}

/// The position in `value` of the cell at `at` (one category index per
/// dimension), in row-major order over `size`; `None` when out of range.
pub fn flat_index(size: &[usize], at: &[usize]) -> Option<usize> {
    if size.len() != at.len() {
        return None;
    }
    let mut flat = 0usize;
    for (s, i) in size.iter().zip(at) {
        if i >= s {
            return None;
        }
        flat = flat.checked_mul(*s)?.checked_add(*i)?;
    }
    Some(flat)
}

/// The categories of a dimension, in index order: `index` as an object
/// (code → position) or an array of codes; without `index`, the single
/// category of `label`.
fn categories(category: &Value) -> Result<Vec<(String, String)>, String> {
    let labels = category.get("label").and_then(Value::as_object);
    let codes: Vec<String> = match category.get("index") {
        Some(Value::Array(codes)) => codes
            .iter()
            .map(|c| {
                c.as_str()
                    .map(str::to_string)
                    .ok_or("expected codes (strings) in index")
            })
            .collect::<Result<_, _>>()?,
        Some(Value::Object(index)) => {
            let mut slots: Vec<Option<String>> = vec![None; index.len()];
            for (code, pos) in index {
                let slot = pos
                    .as_u64()
                    .and_then(|p| usize::try_from(p).ok())
                    .and_then(|p| slots.get_mut(p))
                    .ok_or_else(|| format!("index of {code:?} is not a position below {}", index.len()))?;
                if slot.is_some() {
                    return Err(format!("two categories at position {pos}"));
                }
                *slot = Some(code.clone());
            }
            slots.into_iter().flatten().collect()
        }
        Some(_) => return Err("expected index to be an object or an array".to_string()),
        None => match labels {
            Some(l) if l.len() == 1 => l.keys().cloned().collect(),
            _ => return Err("expected an index of the categories".to_string()),
        },
    };
    Ok(codes
        .into_iter()
        .map(|code| {
            let label = labels
                .and_then(|l| l.get(&code))
                .and_then(Value::as_str)
                .unwrap_or(&code)
                .to_string();
            (code, label)
        })
        .collect())
}

fn json_stat(text: &str) -> Result<Table, Diagnostics> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Diagnostic::new(format!("not valid JSON: {e}")).at_line(e.line().max(1)))?;
    let lines = Lines::new(text);
    let at = |path: &[&str]| Place::line(locate(text, path).map_or(1, |o| lines.line(o)));
    let fail = |path: &[&str], msg: String| -> Diagnostics { at(path).diag(msg).into() };
    let Some(obj) = doc.as_object() else {
        return Err(fail(&[], "expected a JSON-stat 2.0 dataset (an object)".into()));
    };
    match obj.get("class").and_then(Value::as_str) {
        Some("dataset") => {}
        Some(other) => {
            return Err(fail(
                &["class"],
                format!("expected a JSON-stat dataset, found class {other:?}"),
            ))
        }
        None => {
            return Err(fail(
                &[],
                "expected JSON-stat 2.0 (the PxWeb API's json-stat2 format): no \"class\": \"dataset\""
                    .into(),
            ))
        }
    }
    if obj.get("version").and_then(Value::as_str) != Some("2.0") {
        return Err(fail(
            &["version"],
            "expected JSON-stat version \"2.0\" (the PxWeb API's json-stat2 format)".into(),
        ));
    }
    let ids: Vec<String> = match obj.get("id").and_then(Value::as_array) {
        Some(ids) => ids
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| fail(&["id"], "expected id to be a list of names".into()))?,
        None => return Err(fail(&[], "expected an \"id\" list of dimensions".into())),
    };
    let size: Vec<usize> = match obj.get("size").and_then(Value::as_array) {
        Some(s) => s
            .iter()
            .map(|v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
            .collect::<Option<_>>()
            .ok_or_else(|| fail(&["size"], "expected size to be a list of counts".into()))?,
        None => return Err(fail(&[], "expected a \"size\" list".into())),
    };
    if size.len() != ids.len() {
        return Err(fail(
            &["size"],
            format!("{} sizes for {} dimensions in id", size.len(), ids.len()),
        ));
    }
    let mut dims = Vec::new();
    let mut problems = Diagnostics::new();
    for (id, n) in ids.iter().zip(&size) {
        let path = ["dimension", id];
        let Some(category) = obj
            .get("dimension")
            .and_then(|d| d.get(id))
            .and_then(|d| d.get("category"))
        else {
            problems.push(at(&path).diag(format!("dimension {id:?} is missing or has no category")));
            continue;
        };
        match categories(category) {
            Ok(c) if c.len() == *n => dims.push(Dimension {
                id: id.clone(),
                categories: c,
            }),
            Ok(c) => problems.push(at(&path).diag(format!(
                "dimension {id:?} has {} categories, size says {n}",
                c.len()
            ))),
            Err(e) => problems.push(at(&path).diag(format!("dimension {id:?}: {e}"))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let role = |r: &str, fallback: &[&str]| -> Option<usize> {
        let named: Vec<&str> = obj
            .get("role")
            .and_then(|v| v.get(r))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        ids.iter()
            .position(|id| named.contains(&id.as_str()))
            .or_else(|| {
                ids.iter()
                    .position(|id| fallback.iter().any(|f| id.eq_ignore_ascii_case(f)))
            })
    };
    let Some(geo) = role("geo", &["region"]) else {
        return Err(fail(
            &["id"],
            format!(
                "no region dimension (role geo, or id Region) among {}",
                ids.join(", ")
            ),
        ));
    };
    let time = role("time", &["tid", "time"]).filter(|t| *t != geo);
    for (i, d) in dims.iter().enumerate() {
        if i != geo && Some(i) != time && d.categories.len() != 1 {
            let shown: Vec<String> = d
                .categories
                .iter()
                .take(5)
                .map(|(c, l)| if c == l { c.clone() } else { format!("{c} {l}") })
                .collect();
            let more = if d.categories.len() > 5 { ", …" } else { "" };
            problems.push(at(&["dimension", &d.id]).diag(format!(
                "dimension {:?} has {} categories ({}{more}): only the region and time dimensions may have \
                 more than one; select one category of {} in the query",
                d.id,
                d.categories.len(),
                shown.join(", "),
                d.id
            )));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let total = size.iter().try_fold(1usize, |a, s| a.checked_mul(*s));
    let values = obj.get("value");
    match (values, total) {
        (Some(Value::Array(v)), Some(t)) if v.len() == t => {}
        (Some(Value::Array(v)), _) => {
            return Err(fail(
                &["value"],
                format!(
                    "{} values, expected {} (the product of size {:?})",
                    v.len(),
                    total.map_or("too many".to_string(), |t| t.to_string()),
                    size
                ),
            ))
        }
        (Some(Value::Object(_)), Some(_)) => {}
        _ => return Err(fail(&[], "expected a \"value\" list".into())),
    }
    let status = obj.get("status");
    let empty = Dimension {
        id: String::new(),
        categories: vec![(String::new(), String::new())],
    };
    let (region_dim, time_dim) = match (dims.get(geo), time.and_then(|t| dims.get(t))) {
        (Some(r), t) => (r, t.unwrap_or(&empty)),
        (None, _) => return Err(fail(&[], "no region dimension".into())),
    };
    // Where each value and each region category is, found once.
    let value_at: BTreeMap<String, usize> = children(text, &["value"]).into_iter().collect();
    let category = |part| {
        children(text, &["dimension", &region_dim.id, "category", part])
            .into_iter()
            .collect::<BTreeMap<String, usize>>()
    };
    let (region_index, region_labels) = (category("index"), category("label"));
    let region_place = at(&["dimension", &region_dim.id]);
    let mut rows = Vec::new();
    for (ri, (rcode, rlabel)) in region_dim.categories.iter().enumerate() {
        let digits = !rcode.is_empty() && rcode.bytes().all(|b| b.is_ascii_digit());
        let region = RegionRef {
            code: digits.then(|| rcode.clone()),
            name: (!digits || rlabel != rcode).then(|| rlabel.clone()),
        };
        let mut place = match region_index.get(rcode).or_else(|| region_labels.get(rcode)) {
            Some(o) => Place::line(lines.line(*o)),
            None => region_place.clone(),
        };
        place.what = Some(format!(
            "dimension {}, category {rcode:?} ({rlabel})",
            region_dim.id
        ));
        let mut figures = Vec::new();
        for (ti, (tcode, _)) in time_dim.categories.iter().enumerate() {
            let mut cell = vec![0usize; dims.len()];
            if let Some(c) = cell.get_mut(geo) {
                *c = ri;
            }
            if let Some(c) = time.and_then(|t| cell.get_mut(t)) {
                *c = ti;
            }
            let Some(flat) = flat_index(&size, &cell) else {
                continue;
            };
            let key = flat.to_string();
            let value = match values {
                Some(Value::Array(v)) => v.get(flat),
                Some(Value::Object(o)) => o.get(&key),
                _ => None,
            };
            let mut vplace = match value_at.get(&key) {
                Some(o) => Place::line(lines.line(*o)),
                None => at(&["value"]),
            };
            let when = match time {
                Some(_) => format!(", {} {tcode}", time_dim.id),
                None => String::new(),
            };
            vplace.what = Some(format!(
                "value[{flat}] ({} {rcode} {rlabel}{when})",
                region_dim.id
            ));
            let mark = match status {
                Some(Value::Array(s)) => s.get(flat).and_then(Value::as_str),
                Some(Value::Object(s)) => s.get(&key).and_then(Value::as_str),
                Some(Value::String(s)) => Some(s.as_str()),
                _ => None,
            };
            let figure = match value {
                Some(Value::Number(n)) => Figure::Text(n.to_string()),
                Some(Value::String(s)) => Figure::Text(s.clone()),
                None | Some(Value::Null) => Figure::Missing(match mark {
                    Some(m) => format!("missing figure (null, status {m:?})"),
                    None => "missing figure".to_string(),
                }),
                Some(other) => Figure::Missing(format!("expected a whole number, found {other}")),
            };
            let p = time.map(|_| tcode.clone());
            figures.push((p, figure, vplace));
        }
        rows.push(Row {
            region,
            place,
            figures,
        });
    }
    let periods: Vec<String> = match time {
        Some(_) => time_dim.categories.iter().map(|(c, _)| c.clone()).collect(),
        None => Vec::new(),
    };
    let mut periods_place = match time {
        Some(_) => at(&["dimension", &time_dim.id]),
        None => at(&[]),
    };
    if time.is_some() {
        periods_place.what = Some(format!("dimension {}", time_dim.id));
    }
    Ok(Table {
        layout: Layout::JsonStat,
        delimiter: None,
        rows,
        periods,
        periods_place,
        problems: Diagnostics::new(),
        labels_vary: false,
    })
}

/// Lines of byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|n| *n < offset) + 1
    }
}

/// The members of the object or array at `path`, with the byte offset of
/// each value: keys for an object, `0`, `1`, … for an array.
fn children(text: &str, path: &[&str]) -> Vec<(String, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let Some(start) = locate(text, path) else {
        return out;
    };
    let (object, close) = match b.get(start) {
        Some(b'{') => (true, b'}'),
        Some(b'[') => (false, b']'),
        _ => return out,
    };
    let mut pos = skip_ws(b, start + 1);
    while b.get(pos).is_some_and(|c| *c != close) {
        let key = if object {
            let Some(end) = string_end(b, pos) else { break };
            let Some(key) = text
                .get(pos..end)
                .and_then(|k| serde_json::from_str::<String>(k).ok())
            else {
                break;
            };
            pos = skip_ws(b, end);
            if b.get(pos) != Some(&b':') {
                break;
            }
            pos = skip_ws(b, pos + 1);
            key
        } else {
            out.len().to_string()
        };
        out.push((key, pos));
        let Some(end) = value_end(b, pos) else { break };
        pos = skip_ws(b, end);
        if b.get(pos) == Some(&b',') {
            pos = skip_ws(b, pos + 1);
        }
    }
    out
}

/// The byte offset of the value at `path` (object keys) in a JSON text that parses
/// (`serde_json` keeps no positions). `None` if there is no such value.
fn locate(text: &str, path: &[&str]) -> Option<usize> {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    for key in path {
        if b.get(pos) != Some(&b'{') {
            return None;
        }
        pos = skip_ws(b, pos + 1);
        loop {
            if b.get(pos) != Some(&b'"') {
                return None;
            }
            let end = string_end(b, pos)?;
            let name: String = serde_json::from_str(text.get(pos..end)?).ok()?;
            pos = skip_ws(b, end);
            if b.get(pos) != Some(&b':') {
                return None;
            }
            pos = skip_ws(b, pos + 1);
            if name == *key {
                break;
            }
            pos = skip_ws(b, value_end(b, pos)?);
            if b.get(pos) != Some(&b',') {
                return None;
            }
            pos = skip_ws(b, pos + 1);
        }
    }
    Some(pos)
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while matches!(b.get(pos), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        pos += 1;
    }
    pos
}

/// The offset just past the string starting at `pos` (a `"`).
fn string_end(b: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just past the value starting at `pos`.
fn value_end(b: &[u8], pos: usize) -> Option<usize> {
    match b.get(pos)? {
        b'"' => string_end(b, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match b.get(i)? {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while !matches!(
                b.get(i),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            ) {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("f")
    }

    fn import_text(text: &str, year: Option<&str>) -> Result<Imported, Diagnostics> {
        let opts = ImportOptions {
            year: year.map(String::from),
            skip_regions: false,
        };
        import(text.as_bytes(), file(), &opts)
    }

    fn rows(i: &Imported) -> Vec<(String, u64)> {
        i.population
            .iter()
            .map(|(c, r)| (c.to_string(), r.count))
            .collect()
    }

    fn messages(e: Diagnostics) -> Vec<String> {
        e.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn names_match_exactly_after_trimming_in_any_case() {
        let code = |n: &str| municipality_by_name(n).map(|c| c.to_string());
        assert_eq!(code("Upplands Väsby").as_deref(), Some("0114"));
        assert_eq!(code("  upplands  väsby ").as_deref(), Some("0114"));
        assert_eq!(code("MALUNG-SÄLEN").as_deref(), Some("2023"));
        assert_eq!(code("Upplands-Bro").as_deref(), Some("0139"));
        assert_eq!(code("Borås").as_deref(), Some("1490"));
        assert_eq!(code("Boras").as_deref(), Some("1490"));
        assert_eq!(code("Borås kommun").as_deref(), Some("1490"));
        assert_eq!(code("Ulricehamns kommun").as_deref(), Some("1491"));
        assert_eq!(code("Borås Stad").as_deref(), Some("1490"));
        assert_eq!(region_by_name("Riket"), Some(Region::Country));
        assert_eq!(region_by_name("västra götalands län"), Some(Region::County(14)));
        assert_eq!(
            region_by_name("Gotland"),
            Some(Region::Municipality(Code::new(980).unwrap()))
        );
        assert_eq!(region_by_name("Gotlands län"), Some(Region::County(9)));
    }

    #[test]
    fn regions_as_codes_names_or_both() {
        let r = |s: &str| resolve(&split_region(s));
        let borås = Ok(Region::Municipality(Code::new(1490).unwrap()));
        assert_eq!(r("1490"), borås);
        assert_eq!(r("1490 Borås"), borås);
        assert_eq!(r("Borås"), borås);
        assert_eq!(
            r("127 Botkyrka"),
            Ok(Region::Municipality(Code::new(127).unwrap()))
        );
        assert_eq!(r("00 Riket"), Ok(Region::Country));
        assert_eq!(r("00"), Ok(Region::Country));
        assert_eq!(r("01 Stockholms län"), Ok(Region::County(1)));
        assert_eq!(r("Stockholms län"), Ok(Region::County(1)));
        assert!(r("1400").unwrap_err().contains("not a municipality code"));
        assert!(r("02")
            .unwrap_err()
            .contains("neither a county nor a municipality"));
        assert!(r("1490 Vårgårda").unwrap_err().contains("1490 is Borås"));
        assert!(r("Sjuhärad").unwrap_err().contains("unknown municipality"));
        assert_eq!(r("Borås kommun"), borås);
        assert_eq!(r("1490 Borås Stad"), borås);
        assert_eq!(
            r("Borsås").unwrap_err(),
            "unknown municipality \"Borsås\"; did you mean \"Torsås\" (0834), \"Borås\" (1490) or \"Orsa\" (2034)?"
        );
        // A JSON-stat label that repeats the code.
        let both = RegionRef {
            code: Some("1490".into()),
            name: Some("1490 Borås".into()),
        };
        assert_eq!(resolve(&both), borås);
    }

    #[test]
    fn periods_as_pxweb_writes_them() {
        assert_eq!(period("2021").as_deref(), Some("2021"));
        assert_eq!(period("2022m12").as_deref(), Some("2022M12"));
        assert_eq!(period("2022K4").as_deref(), Some("2022K4"));
        assert_eq!(period("2022Q1").as_deref(), Some("2022Q1"));
        for bad in ["2022M13", "2022K5", "202", "0127", "1490x", "år", "20211"] {
            assert_eq!(period(bad), None, "{bad}");
        }
        assert_eq!(classify("Folkmängd 2021"), Column::Figures(Some("2021".into())));
        assert_eq!(classify("Befolkning"), Column::Figures(None));
        assert_eq!(classify("kön"), Column::Other("kön".into()));
    }

    #[test]
    fn choosing_the_year() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(choose_period(&p(&["2021"]), None), Ok(Some("2021".into())));
        assert_eq!(choose_period(&p(&[]), None), Ok(None));
        assert_eq!(choose_period(&p(&[]), Some("2021")), Ok(Some("2021".into())));
        assert_eq!(
            choose_period(&p(&["2020", "2021"]), Some("2021")),
            Ok(Some("2021".into()))
        );
        assert_eq!(
            choose_period(&p(&["2020", "2021"]), None),
            Err("figures for several years (2020, 2021): choose one with --year".into())
        );
        assert_eq!(
            choose_period(&p(&["2020", "2021"]), Some("2019")),
            Err("no figures for 2019: the file has 2020, 2021".into())
        );
        let months = p(&["2022M06", "2022M12"]);
        assert_eq!(
            choose_period(&months, Some("2022m12")),
            Ok(Some("2022M12".into()))
        );
        assert!(choose_period(&months, Some("2022"))
            .unwrap_err()
            .contains("matches 2022M06, 2022M12"));
        assert_eq!(
            choose_period(&p(&["2021M12"]), Some("2021")),
            Ok(Some("2021M12".into()))
        );
    }

    #[test]
    fn flat_index_is_row_major() {
        // Region × Kön × Tid with sizes 3 × 2 × 4: the last dimension varies fastest.
        let size = [3, 2, 4];
        assert_eq!(flat_index(&size, &[0, 0, 0]), Some(0));
        assert_eq!(flat_index(&size, &[0, 0, 3]), Some(3));
        assert_eq!(flat_index(&size, &[0, 1, 0]), Some(4));
        assert_eq!(flat_index(&size, &[1, 0, 0]), Some(8));
        assert_eq!(flat_index(&size, &[2, 1, 3]), Some(23));
        assert_eq!(flat_index(&size, &[3, 0, 0]), None);
        assert_eq!(flat_index(&size, &[0, 0]), None);
        assert_eq!(flat_index(&[], &[]), Some(0));
        assert_eq!(flat_index(&[2, usize::MAX], &[1, 1]), None);
    }

    /// A JSON-stat dataset with Region × ContentsCode × Tid, values as given.
    fn dataset(ids: &str, size: &str, tid_index: &str, values: &str) -> String {
        format!(
            r#"{{"version":"2.0","class":"dataset","id":{ids},"size":{size},
"dimension":{{
 "Region":{{"category":{{"index":{{"1490":1,"1442":0}},"label":{{"1490":"Borås","1442":"Vårgårda"}}}}}},
 "ContentsCode":{{"category":{{"index":{{"BE0101N1":0}},"label":{{"BE0101N1":"Folkmängd"}}}}}},
 "Tid":{{"category":{{"index":{tid_index}}}}}
}},
"value":{values}}}"#
        )
    }

    #[test]
    fn json_stat_values_follow_id_and_size_whatever_the_order() {
        // Region first: [Vårgårda 2020, Vårgårda 2021, Borås 2020, Borås 2021].
        let a = dataset(
            r#"["Region","ContentsCode","Tid"]"#,
            "[2,1,2]",
            r#"["2020","2021"]"#,
            "[12000,12180,113952,114091]",
        );
        // Tid first: [2020 Vårgårda, 2020 Borås, 2021 Vårgårda, 2021 Borås].
        let b = dataset(
            r#"["Tid","Region","ContentsCode"]"#,
            "[2,2,1]",
            r#"{"2021":1,"2020":0}"#,
            r#"{"0":12000,"1":113952,"2":12180,"3":114091}"#,
        );
        for text in [a, b] {
            let i = import_text(&text, Some("2021")).unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(i.layout, Layout::JsonStat);
            assert_eq!(i.periods, ["2020", "2021"]);
            assert_eq!(
                rows(&i),
                [("1442".to_string(), 12_180), ("1490".to_string(), 114_091)]
            );
            let i = import_text(&text, Some("2020")).unwrap();
            assert_eq!(
                rows(&i),
                [("1442".to_string(), 12_000), ("1490".to_string(), 113_952)]
            );
        }
    }

    #[test]
    fn json_stat_problems_name_the_value_and_its_line() {
        let text = dataset(
            r#"["Region","ContentsCode","Tid"]"#,
            "[2,1,1]",
            r#"["2021"]"#,
            "[\n12180,\nnull\n]",
        );
        let e = import_text(&text, None).unwrap_err();
        assert_eq!(
            messages(e),
            ["f:9: value[1] (Region 1490 Borås, Tid 2021): missing figure"]
        );
        let text = dataset(
            r#"["Region","ContentsCode","Tid"]"#,
            "[2,1,1]",
            r#"["2021"]"#,
            "[1,2,3]",
        );
        let e = import_text(&text, None).unwrap_err();
        assert!(e.to_string().contains("3 values, expected 2"), "{e}");
        let text = dataset(r#"["Region","ContentsCode"]"#, "[2,1]", r#"["2021"]"#, "[1,2]");
        let i = import_text(&text, None).unwrap();
        assert_eq!((i.period, i.periods.len()), (None, 0));
        let e = import_text(r#"{"version":"2.0","class":"collection"}"#, None).unwrap_err();
        assert!(e.to_string().contains("found class \"collection\""), "{e}");
        let e = import_text("{\n\"class\": \"dataset\",\n\"value\": [1,}", None).unwrap_err();
        assert!(e.to_string().starts_with("f:3: not valid JSON"), "{e}");
    }

    #[test]
    fn locating_json_members() {
        let text =
            "{\n \"a\": {\"x\": [1, {\"y\": \"}\"}],\n  \"b\\u0022\": 2},\n \"value\": [\n  7,\n  8\n ]\n}";
        let lines = Lines::new(text);
        let at = |path: &[&str]| locate(text, path).map(|o| lines.line(o));
        assert_eq!(at(&["a", "b\""]), Some(3));
        assert_eq!(at(&["value"]), Some(4));
        assert_eq!(at(&["a", "missing"]), None);
        let values: Vec<(String, usize)> = children(text, &["value"])
            .into_iter()
            .map(|(k, o)| (k, lines.line(o)))
            .collect();
        assert_eq!(values, [("0".to_string(), 5), ("1".to_string(), 6)]);
    }

    #[test]
    fn csv_title_lines_label_columns_and_footnotes() {
        let text = "\"Folkmängd efter region, ålder och år\"\n\n\"region\",\"ålder\",\"2020\",\"2021\"\n\
\"1490 Borås\",\"totalt ålder\",113952,114091\n\"1442 Vårgårda\",\"totalt ålder\",12000,12180\n\n\
\"Källa: SCB\"\n";
        let i = import_text(text, Some("2021")).unwrap();
        assert_eq!(i.layout, Layout::PxWebColumns);
        assert_eq!(i.regions, "code and name");
        assert_eq!(
            rows(&i),
            [("1442".to_string(), 12_180), ("1490".to_string(), 114_091)]
        );
        // A one-field line inside the table is no footnote.
        let text = "region;2021\n1490;114091\nBorås\n";
        assert_eq!(
            messages(import_text(text, None).unwrap_err()),
            ["f:3: expected 2 fields as in the header (line 1), found 1"]
        );
        let e = import_text("Folkmängd\n\nkommun och år\n", None).unwrap_err();
        assert!(e.to_string().starts_with("f:1: no table header found"), "{e}");
    }
}
