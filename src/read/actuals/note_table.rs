//! Actuals laid out as the annual report's notes (and as `avgift notes`
//! writes them, a sheet per note): a title with the note's number and the
//! activity (`8 Medlemsavgifter Dataskyddsombud (DSO)`), a header whose
//! first cell is the unit (`Tkr` or `Kr`) and whose other cells are years
//! (`2023`, `2022`, `2023, kr`), then a row per line of the note, named in
//! its first cell. Tables may follow one another in one file (the sheets
//! of a notes workbook saved as CSV and put together).
//!
//! Each table's amounts are its latest year's (the year the report is
//! about; the other is its comparison), from a kronor column where the
//! table has one (`2023, kr`), else from the unit's (`Tkr`: thousands). A
//! row is a municipality's when its label names one (as `population
//! import` resolves names: `Borås`, `Borås Stad`), the total when it says
//! `Summa`, an external payer's when it says `Fakturerat HSNK` (as the
//! notes write it), and an adjustment otherwise; a label near a
//! municipality's name is a problem, not an adjustment.

use std::path::Path;

use super::amount::{external_party, other_years_line, parse_amount, year_column};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::actuals::{ActualRow, Actuals};
use crate::engine::outcome::Kind;
use crate::msg;
use crate::msg::Message;
use crate::read::municipalities;
use crate::read::records::{CsvOptions, CsvRecords};
use crate::read::scb::vocabulary::{fold, municipality_by_name};

/// A note's title: its number and its activity, alone on its row.
fn title(fields: &csv::StringRecord) -> Option<(u32, String)> {
    let first = fields.get(0)?;
    if fields.iter().skip(1).any(|f| !f.is_empty()) {
        return None;
    }
    let (number, activity) = first.split_once(char::is_whitespace)?;
    let activity = activity.trim();
    let number = number.parse::<u32>().ok()?;
    (!activity.is_empty() && activity.chars().any(char::is_alphabetic))
        .then(|| (number, activity.to_string()))
}

/// Whether a file's first record is a note's title.
pub(super) fn is_title(fields: &csv::StringRecord) -> bool {
    title(fields).is_some()
}

/// The table being read.
struct Table {
    note: u32,
    activity: String,
    /// The amount column, whether its bare figures are tkr, and its year.
    column: usize,
    tkr: bool,
    /// Whether the table has columns of several years.
    several_years: bool,
}

/// The amount column of a note table's header: the latest year's, in
/// kronor where given; `None` when the header is not one (its first cell
/// the unit, `Tkr` or `Kr`; year columns after it).
fn header(fields: &csv::StringRecord) -> Option<(usize, bool, i32, usize)> {
    let unit_tkr = match fold(fields.get(0)?).as_str() {
        "tkr" => true,
        "kr" | "belopp" | "belopp, kr" => false,
        _ => return None,
    };
    let years: Vec<(usize, i32, bool)> = fields
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, h)| year_column(h).map(|(y, tkr)| (i, y, tkr.unwrap_or(unit_tkr))))
        .collect();
    let &(column, year, tkr) = years
        .iter()
        .max_by_key(|(i, y, tkr)| (*y, !*tkr, std::cmp::Reverse(*i)))?;
    Some((column, tkr, year, years.len()))
}

/// The kind and party of a row from its label, or why it cannot be told.
fn kind_of(label: &str) -> Result<(Kind, Option<crate::engine::code::Code>, String), Message> {
    let folded = fold(label);
    if matches!(folded.as_str(), "summa" | "totalt" | "total") {
        return Ok((Kind::Total, None, label.to_string()));
    }
    if folded.starts_with("fakturerat ") {
        return Ok((Kind::External, None, external_party(label).to_string()));
    }
    if let Some(code) = municipality_by_name(label) {
        return Ok((Kind::Municipality, Some(code), label.to_string()));
    }
    let near: Vec<String> = municipalities::nearest(label)
        .into_iter()
        .map(|(c, n)| format!("{} ({c:04})", msg::quote(n)))
        .collect();
    if near.is_empty() {
        Ok((Kind::Adjustment, None, label.to_string()))
    } else {
        Err(msg!(
            "name-label-near-municipality",
            label = msg::quoted(label),
            near = near.join(", ")
        ))
    }
}

/// A row of a table as an actual amount and whether it was in tkr;
/// `None` for a line without a figure in the year read (last year's only).
fn row(
    t: &Table,
    fields: &csv::StringRecord,
    delimiter: u8,
) -> Result<Option<(ActualRow, bool)>, Vec<Message>> {
    let label = fields.get(0).unwrap_or_default();
    let amount = fields.get(t.column).unwrap_or_default();
    if amount.is_empty() {
        return Ok(None);
    }
    if let Some(why) = crate::read::text::control_character(label) {
        return Err(vec![msg!("csv-column-control", column = "label", why = why)]);
    }
    match (kind_of(label), parse_amount(amount, delimiter, t.tkr)) {
        (Ok((kind, code, party)), Ok((amount, in_tkr))) => Ok(Some((
            ActualRow {
                note: Some(t.note),
                activity: t.activity.clone(),
                kind,
                code,
                party,
                amount,
            },
            in_tkr,
        ))),
        (kind, amount) => Err([kind.err(), amount.err()].into_iter().flatten().collect()),
    }
}

/// A table's header read: its amount column, whether that column's bare
/// figures are tkr, and how many year columns it has; the file's year
/// set by the first table and held to it by the others.
fn start(
    fields: &csv::StringRecord,
    line: usize,
    delimiter: u8,
    actuals: &mut Actuals,
) -> Result<(usize, bool, usize), Message> {
    let Some((column, tkr, year, columns)) = header(fields) else {
        let found = fields
            .iter()
            .collect::<Vec<_>>()
            .join(&char::from(delimiter).to_string());
        return Err(msg!("header-note-table", found = found));
    };
    match actuals.year {
        Some(first) if first != year => {
            let first_line = actuals.year_line;
            return Err(msg!(
                "actuals-year-differs",
                year = year,
                first = first,
                line = first_line
            ));
        }
        Some(_) => {}
        None => (actuals.year, actuals.year_line) = (Some(year), line),
    }
    Ok((column, tkr, columns))
}

/// Actuals from a text of note tables (`path` names it in messages).
pub(super) fn parse(text: &str, path: &Path, delimiter: u8) -> Result<Actuals, Diagnostics> {
    let err = |line: usize, m: Message| Diagnostic::new(m).in_file(path).at_line(line);
    let options = CsvOptions {
        delimiter: Some(delimiter),
        ..CsvOptions::default()
    };
    let mut records = CsvRecords::new(text, options);
    let mut problems = Diagnostics::new();
    let mut actuals = Actuals::default();
    let (mut titled, mut table): (Option<(u32, String)>, Option<Table>) = (None, None);
    let (mut tables, mut tkr_rows, mut chosen) = (0usize, 0usize, None);
    while let Some(record) = records.next_record() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        let (line, fields) = (record.line, record.fields);
        if fields.iter().all(str::is_empty) {
            continue;
        }
        if let Some(t) = title(fields) {
            table = None;
            titled = match crate::read::text::control_character(&t.1) {
                // Its table's rows are skipped: this says why.
                Some(why) => {
                    problems.push(err(
                        line,
                        msg!("csv-column-control", column = "activity", why = why),
                    ));
                    None
                }
                None => Some(t),
            };
            continue;
        }
        if let Some((note, activity)) = titled.take() {
            match start(fields, line, delimiter, &mut actuals) {
                Ok((column, tkr, columns)) => {
                    if columns > 1 && chosen.is_none() {
                        chosen = Some(msg!(
                            "header-note-table-column",
                            column = msg::quoted(&fields[column])
                        ));
                    }
                    tables += 1;
                    table = Some(Table {
                        note,
                        activity,
                        column,
                        tkr,
                        several_years: columns > 1,
                    });
                }
                Err(m) => problems.push(err(line, m)),
            }
            continue;
        }
        // The rows of a table whose header could not be read: that problem says it.
        let Some(t) = &table else { continue };
        match row(t, fields, delimiter) {
            // Of several years' columns, an adjustment of zero in the year
            // read is a line of another year.
            Ok(Some((actual, _))) if t.several_years && other_years_line(&actual) => {}
            Ok(Some((actual, in_tkr))) => {
                tkr_rows += usize::from(in_tkr);
                actuals.rows.push(actual);
            }
            Ok(None) => {}
            Err(found) => {
                for m in found {
                    problems.push(err(line, m));
                }
            }
        }
    }
    if problems.is_empty() && actuals.rows.is_empty() {
        problems.push(err(1, msg!("actuals-no-rows")));
    }
    actuals
        .read_notes
        .push(msg!("header-note-tables-read", tables = msg::count(tables)));
    actuals.read_notes.extend(chosen);
    if tkr_rows > 0 {
        actuals
            .read_notes
            .push(msg!("number-form-tkr-read", rows = msg::count(tkr_rows)));
    }
    problems.into_result(actuals)
}
