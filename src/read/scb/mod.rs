//! SCB exports as they come, read into a [`Population`] for the canonical
//! `code,name,population` file (`avgift population import`).
//!
//! Layouts ([`ExportLayout`]), found from the content (never from the file name):
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
//! ([`crate::read::municipalities::MUNICIPALITIES`]), exactly after trimming, case-insensitively. Counties
//! (`14`, `Västra Götalands län`) and the country (`00`, `Riket`) are
//! rejected, or skipped with [`ImportOptions::skip_regions`]. Every problem
//! names the file and line (and for JSON-stat the value or category).
//!
//! The parts: [`vocabulary`] (SCB's words: headers, region labels,
//! counties, the 290 names), `table` (the common shape of every layout and
//! choosing the period), `csv` and `json_stat` (the layouts).

mod csv;
mod json_stat;
mod table;
pub mod vocabulary;

use std::path::Path;

use super::text::{self, Encoding};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::population::Population;
use crate::msg;
use crate::msg::Message;

pub use table::{ExportLayout, ImportOptions};
pub use vocabulary::{municipality_by_name, period, COUNTIES};

/// A file imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The municipalities' figures; names are SCB's (from the built-in table).
    pub population: Population,
    pub layout: ExportLayout,
    pub encoding: Encoding,
    /// The field delimiter of a CSV file.
    pub delimiter: Option<u8>,
    /// How regions were given: `codes`, `names`, `code and name`.
    pub regions: Message,
    /// The period whose figures were read: from the file, or `--year` when
    /// the file names none.
    pub period: Option<String>,
    /// Every period the file has figures for, in order.
    pub periods: Vec<String>,
    /// Regions left out with `skip_regions`, in code order:
    /// `14 Västra Götalands län (line 5)`.
    pub skipped: Vec<Message>,
}

/// Reads an SCB export from its bytes; `file` is only for messages.
pub fn import(bytes: &[u8], file: &Path, opts: &ImportOptions) -> Result<Imported, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, file, super::workbook::Reads::Scb) {
        return Err(d.into());
    }
    let (text, encoding) = text::decode(bytes);
    if text.trim().is_empty() {
        return Err(Diagnostic::new(msg!("scb-empty")).in_file(file).at_line(1).into());
    }
    let table = if text.trim_start().starts_with(['{', '[']) {
        json_stat::json_stat(&text).map_err(|d| d.in_file(file))?
    } else {
        csv::csv_table(&text).map_err(|d| d.in_file(file))?
    };
    let mut problems = table.problems.clone();
    let picked = if table.labels_vary {
        None
    } else {
        table::assemble(&table, opts).map_err(|d| problems.extend(d)).ok()
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

/// Whether a problem of [`import`] is that the file has figures for
/// several years and `--year` must choose one.
pub fn asks_for_a_year(problem: &Message) -> bool {
    problem.ids().contains(&"scb-several-years")
}

#[cfg(test)]
mod tests;
