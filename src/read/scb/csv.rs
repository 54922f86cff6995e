//! The CSV layouts: PxWeb with years as columns or one row per period, and
//! SCB's table (`Kod;Namn;Befolkning`).

use std::collections::{BTreeMap, BTreeSet};

use super::table::ExportLayout;
use super::table::{split_region, ExportTable, Figure, Place, RegionRef, RegionRow};
use super::vocabulary::{self, fold, period};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::read::records::{CsvOptions, CsvRecords};
use crate::read::text;

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HeaderColumn {
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

pub(super) fn classify(cell: &str) -> HeaderColumn {
    let t = cell.trim();
    let lower = fold(t);
    let is = |words: &[&str]| words.contains(&lower.as_str());
    if is(vocabulary::CODE_HEADERS) {
        HeaderColumn::Code
    } else if is(vocabulary::NAME_HEADERS) {
        HeaderColumn::Name
    } else if is(vocabulary::REGION_HEADERS) {
        HeaderColumn::Region
    } else if is(vocabulary::TIME_HEADERS) {
        HeaderColumn::Time
    } else if is(vocabulary::POPULATION_HEADERS) || lower == vocabulary::EXPORT_COUNT_HEADER {
        HeaderColumn::Figures(None)
    } else if let Some(p) = t.rsplit(char::is_whitespace).next().and_then(period) {
        HeaderColumn::Figures(Some(p))
    } else {
        HeaderColumn::Other(t.to_string())
    }
}

/// The columns of a header, or `None` when the line is not one.
fn header_columns(cells: &[String]) -> Option<(Vec<HeaderColumn>, ExportLayout)> {
    let mut cols: Vec<HeaderColumn> = cells.iter().map(|c| classify(c)).collect();
    let has = |cols: &[HeaderColumn], f: &dyn Fn(&HeaderColumn) -> bool| cols.iter().any(f);
    let dated = has(&cols, &|c| matches!(c, HeaderColumn::Figures(Some(_))));
    let undated = has(&cols, &|c| matches!(c, HeaderColumn::Figures(None)));
    if !dated && !undated {
        return None;
    }
    let regional = |cols: &[HeaderColumn]| {
        cols.iter()
            .any(|c| matches!(c, HeaderColumn::Code | HeaderColumn::Name | HeaderColumn::Region))
    };
    if !regional(&cols) {
        // PxWeb may leave the region column's header empty or name it
        // after the table's own word for it: the first label column.
        let first = cols.iter().position(|c| matches!(c, HeaderColumn::Other(_)))?;
        if let Some(c) = cols.get_mut(first) {
            *c = HeaderColumn::Region;
        }
    }
    let layout = if dated {
        // Unnamed figure columns and a period column beside year columns
        // are not read.
        for c in cols.iter_mut() {
            if matches!(c, HeaderColumn::Figures(None) | HeaderColumn::Time) {
                *c = HeaderColumn::Other(String::new());
            }
        }
        ExportLayout::PxWebColumns
    } else if has(&cols, &|c| *c == HeaderColumn::Time) {
        ExportLayout::PxWebRows
    } else {
        ExportLayout::ScbTable
    };
    Some((cols, layout))
}

/// Parses one line as a CSV record.
fn cells(line: &str, delimiter: u8) -> Vec<String> {
    let options = CsvOptions {
        delimiter: Some(delimiter),
        ..CsvOptions::default()
    };
    match CsvRecords::new(line, options).next_record() {
        Some(Ok(rec)) => rec.fields.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The header found: its line, the delimiter sniffed from it, its cells
/// and what each names.
struct FoundHeader {
    line: usize,
    delimiter: u8,
    cells: Vec<String>,
    columns: Vec<HeaderColumn>,
    layout: ExportLayout,
}

/// The header: the first of the first lines that reads as one with the
/// delimiter sniffed from it. A title line above it reads as none. A
/// header is followed by a row of as many fields (or by nothing).
fn find_header(text: &str) -> Result<FoundHeader, Diagnostics> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    for (k, (i, line)) in lines.iter().enumerate().take(30) {
        let delimiter = text::sniff_delimiter(line);
        let cells = cells(line, delimiter);
        if cells.len() < 2 {
            continue;
        }
        let fits = lines
            .get(k + 1)
            .is_none_or(|(_, next)| self::cells(next, delimiter).len() == cells.len());
        if let (true, Some((columns, layout))) = (fits, header_columns(&cells)) {
            return Ok(FoundHeader {
                line: i + 1,
                delimiter,
                cells,
                columns,
                layout,
            });
        }
    }
    let first = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
    let shown: String = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    Err(
        Diagnostic::new(msg!("scb-no-header", first = msg::quoted(&shown)))
            .at_line(first)
            .into(),
    )
}

/// Where a row's fields are, by the header.
struct FieldPositions {
    code: Option<usize>,
    name: Option<usize>,
    region: Option<usize>,
    time: Option<usize>,
    /// Figure columns and the period each holds (`None`: named by a time
    /// column, or by none).
    figures: Vec<(usize, Option<String>)>,
    /// Label columns of a PxWeb table: each must hold one value.
    labels: Vec<usize>,
}

impl FieldPositions {
    /// The positions of a header's columns, or why it has too many
    /// population columns.
    fn new(header: &FoundHeader) -> Result<FieldPositions, Diagnostics> {
        let cols = &header.columns;
        let pos = |c: &HeaderColumn| cols.iter().position(|x| x == c);
        let figures: Vec<(usize, Option<String>)> = cols
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                HeaderColumn::Figures(p) => Some((i, p.clone())),
                _ => None,
            })
            .collect();
        if header.layout != ExportLayout::PxWebColumns && figures.len() > 1 {
            let names: Vec<&str> = figures
                .iter()
                .filter_map(|(i, _)| header.cells.get(*i).map(String::as_str))
                .collect();
            return Err(Place::line(header.line)
                .diag(msg!("scb-several-population-columns", columns = names.join(", ")))
                .into());
        }
        let labels = if header.layout == ExportLayout::ScbTable {
            Vec::new()
        } else {
            cols.iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, HeaderColumn::Other(h) if !h.is_empty()))
                .map(|(i, _)| i)
                .collect()
        };
        Ok(FieldPositions {
            code: pos(&HeaderColumn::Code),
            name: pos(&HeaderColumn::Name),
            region: pos(&HeaderColumn::Region),
            time: pos(&HeaderColumn::Time),
            figures,
            labels,
        })
    }
}

/// What reading the rows gathers besides the rows.
#[derive(Default)]
struct Gathered {
    periods: BTreeSet<String>,
    problems: Diagnostics,
    /// Each label column's first value, and whether it was seen to vary.
    label_values: BTreeMap<usize, (String, bool)>,
    labels_vary: bool,
}

impl Gathered {
    /// A label column's value: the same on every row (reported once if not).
    fn label(&mut self, header: &FoundHeader, column: usize, value: &str, place: &Place) {
        match self.label_values.get_mut(&column) {
            None => {
                self.label_values.insert(column, (value.to_string(), false));
            }
            Some((first, reported)) if !*reported && !value.eq_ignore_ascii_case(first) => {
                *reported = true;
                self.labels_vary = true;
                let h = header.cells.get(column).map(String::as_str).unwrap_or("");
                self.problems.push(place.diag(msg!(
                    "scb-label-varies",
                    column = msg::quoted(h),
                    first = msg::quoted(first),
                    value = msg::quoted(value),
                    name = h
                )));
            }
            Some(_) => {}
        }
    }

    /// The period in a time column's cell, or `None` after saying why not.
    fn period_of(
        &mut self,
        header: &FoundHeader,
        column: usize,
        cell: &str,
        place: &Place,
    ) -> Option<String> {
        match period(cell) {
            Some(p) => {
                self.periods.insert(p.clone());
                Some(p)
            }
            None => {
                self.problems.push(place.diag(msg!(
                    "scb-expected-period",
                    column = msg::quoted(header.cells.get(column).map(String::as_str).unwrap_or("")),
                    found = msg::quoted(cell)
                )));
                None
            }
        }
    }
}

/// One record of as many fields as the header, as a row.
fn region_row(
    header: &FoundHeader,
    f: &FieldPositions,
    gathered: &mut Gathered,
    place: Place,
    record: &csv::StringRecord,
) -> RegionRow {
    let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
    // A region or name cell may hold a code, a name or both
    // (`1490 Borås`); a code column has the last word on the code.
    let mut region = RegionRef::default();
    for c in [f.region, f.name].into_iter().flatten() {
        let r = split_region(get(Some(c)));
        region.code = region.code.or(r.code);
        region.name = region.name.or(r.name);
    }
    if f.code.is_some() {
        region.code = Some(get(f.code).to_string()).filter(|s| !s.is_empty());
    }
    for &c in &f.labels {
        gathered.label(header, c, get(Some(c)), &place);
    }
    let mut figures = Vec::new();
    for (c, p) in &f.figures {
        let p = match f.time {
            Some(t) => match gathered.period_of(header, t, get(Some(t)), &place) {
                Some(p) => Some(p),
                None => continue,
            },
            None => p.clone(),
        };
        figures.push((p, Figure::Text(get(Some(*c)).to_string()), place.clone()));
    }
    RegionRow {
        region,
        place,
        figures,
    }
}

/// A CSV export read into rows: the header found, then each row after it
/// until the table ends (a blank line, then only footnotes).
pub(super) fn csv_table(text: &str) -> Result<ExportTable, Diagnostics> {
    let header = find_header(text)?;
    let fields = FieldPositions::new(&header)?;
    let mut read = Gathered {
        periods: fields.figures.iter().filter_map(|(_, p)| p.clone()).collect(),
        ..Gathered::default()
    };
    let mut rows = Vec::new();
    let options = CsvOptions {
        delimiter: Some(header.delimiter),
        ..CsvOptions::default()
    };
    let mut records = CsvRecords::new(text, options);
    let blank: Vec<bool> = text.lines().map(|l| l.trim().is_empty()).collect();
    let mut last_line = header.line;
    let mut ended = false;
    while let Some(record) = records.next_record() {
        let (line, record) = match record {
            Ok(r) => (r.line, r.fields),
            Err(e) => {
                if e.line > header.line {
                    read.problems.push(e.diagnostic());
                }
                continue;
            }
        };
        if line <= header.line {
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
        let width = header.cells.len();
        if filled == 0 || (ended && filled == 1 && record.len() == 1 && width > 1) {
            continue;
        }
        let place = Place::line(line);
        if record.len() != width {
            read.problems.push(place.diag(msg!(
                "scb-field-count",
                expected = width,
                line = header.line,
                found = record.len()
            )));
            continue;
        }
        rows.push(region_row(&header, &fields, &mut read, place, record));
    }
    Ok(ExportTable {
        layout: header.layout,
        delimiter: Some(header.delimiter),
        rows,
        periods: read.periods.into_iter().collect(),
        periods_place: Place::line(header.line),
        problems: read.problems,
        labels_vary: read.labels_vary,
    })
}
