//! The CSV layouts: PxWeb with years as columns or one row per period, and
//! SCB's table (`Kod;Namn;Befolkning`).

use std::collections::{BTreeMap, BTreeSet};

use super::table::{split_region, ExportTable, Figure, Place, RegionRef, RegionRow};
use super::vocabulary::{self, fold, period};
use super::ExportLayout;
use crate::diag::{Diagnostic, Diagnostics};
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

const HEADER_HELP: &str = "expected a header with a region column (region, kod, namn, code, name) and \
figure columns (a year such as 2021 or 2022M12, or befolkning, folkmängd, population)";

pub(super) fn csv_table(text: &str) -> Result<ExportTable, Diagnostics> {
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

    let mut reader = CsvRecords::new(
        text,
        CsvOptions {
            delimiter: Some(delimiter),
            ..CsvOptions::default()
        },
    );
    let pos = |c: &HeaderColumn| cols.iter().position(|x| x == c);
    let (code_col, name_col, region_col, time_col) = (
        pos(&HeaderColumn::Code),
        pos(&HeaderColumn::Name),
        pos(&HeaderColumn::Region),
        pos(&HeaderColumn::Time),
    );
    let figure_cols: Vec<(usize, Option<String>)> = cols
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            HeaderColumn::Figures(p) => Some((i, p.clone())),
            _ => None,
        })
        .collect();
    let mut problems = Diagnostics::new();
    if layout != ExportLayout::PxWebColumns && figure_cols.len() > 1 {
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
    let label_cols: Vec<usize> = if layout == ExportLayout::ScbTable {
        Vec::new()
    } else {
        cols.iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, HeaderColumn::Other(h) if !h.is_empty()))
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
    while let Some(record) = reader.next_record() {
        let (line, record) = match record {
            Ok(r) => (r.line, r.fields),
            Err(e) => {
                if e.line > header_line {
                    problems.push(e.diagnostic());
                }
                continue;
            }
        };
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
        rows.push(RegionRow {
            region,
            place,
            figures,
        });
    }
    Ok(ExportTable {
        layout,
        delimiter: Some(delimiter),
        rows,
        periods: periods.into_iter().collect(),
        periods_place: header_place,
        problems,
        labels_vary,
    })
}
