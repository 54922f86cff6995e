//! Excel workbooks: what every workbook shares. Numbers are stored as
//! numbers with Swedish display formats (`2 588 kr` in a Swedish Excel),
//! totals are formulas whose computed results are stored too, headers are
//! bold and frozen, columns are fitted to their text, and an `Underlag`
//! sheet lists the inputs. The views (`calc`, `notes`, `compare`) lay out
//! their own sheets next to their other writers.
//!
//! An xlsx cell holds a double: each amount stays an exact decimal until it
//! is written, and is converted there from its decimal text.
//!
//! Workbooks are byte-identical for the same inputs: the document's creation
//! date is fixed (1 January of the result's year) and the zip entries carry
//! the fixed timestamp the writer always uses.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    cell_autofit_width, DocProperties, ExcelDateTime, Format, Formula, Note, Workbook, Worksheet, XlsxError,
};

use crate::audit::{Provenance, Recipe, TOOL};
use crate::msg::Message;
use crate::sv;

pub use rust_xlsxwriter::{column_number_to_name, ColNum, RowNum};

/// Why a workbook was not made: the workbook library failed, or what it
/// was to hold does not fit a workbook (said as a message).
#[derive(Debug)]
pub enum WorkbookError {
    Xlsx(XlsxError),
    Refused(Message),
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError::Xlsx(e)
    }
}

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    /// Whole kronor: `2 588 kr`.
    Kr,
    /// Kronor and öre: `2 588,50 kr`.
    KrOre,
    /// Thousands of kronor, no decimals: `2 588`.
    Tkr,
    /// A fraction as a percentage with one decimal: `2,5 %`.
    Pct,
    /// A plain whole number (a note's number).
    Int,
    /// 1 or 0 shown as `ja` or `nej`: a flag formulas can count on.
    YesNo,
}

impl Num {
    /// The Excel number format (US notation in the file; Excel shows it in
    /// the reader's locale: a space groups and a comma is the decimal).
    pub fn code(self) -> &'static str {
        match self {
            Num::Kr => "#,##0 \"kr\"",
            Num::KrOre => "#,##0.00 \"kr\"",
            Num::Tkr => "#,##0",
            Num::Pct => "0.0 %",
            Num::Int => "0",
            Num::YesNo => "\"ja\";\"ja\";\"nej\"",
        }
    }

    /// The value as a Swedish Excel shows it, for column widths.
    fn shown(self, value: Decimal) -> String {
        match self {
            Num::Kr => format!("{} kr", sv::kr_int(value)),
            Num::KrOre => format!("{} kr", sv::num_dp(value, 2)),
            Num::Tkr => sv::kr_int(value),
            Num::Pct => format!("{} %", sv::num_dp(value * Decimal::ONE_HUNDRED, 1)),
            Num::Int => value.round().to_string(),
            Num::YesNo if value.is_zero() => "nej".to_string(),
            Num::YesNo => "ja".to_string(),
        }
    }
}

/// A cell's style: a number format, or text; bold or not.
fn format(num: Option<Num>, bold: bool) -> Format {
    let mut f = Format::new();
    if let Some(n) = num {
        f = f.set_num_format(n.code());
    }
    if bold {
        f = f.set_bold();
    }
    f
}

/// A decimal as the double an xlsx cell holds: the nearest one to its text.
pub fn number(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// A decimal as a formula's stored result: its exact text.
fn result(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The widest text a column is fitted to, in pixels.
const MAX_WIDTH: u32 = 480;

/// A worksheet being filled, with the width each column needs.
pub struct Sheet {
    ws: Worksheet,
    widths: BTreeMap<ColNum, u32>,
}

impl Sheet {
    pub fn new(name: &str) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        // A formula given no result stores an empty text (not 0).
        ws.set_formula_result_default("");
        Ok(Sheet {
            ws,
            widths: BTreeMap::new(),
        })
    }

    fn fit(&mut self, col: ColNum, shown: &str, bold: bool) {
        let mut px = cell_autofit_width(shown);
        if bold {
            px += px / 10;
        }
        let w = self.widths.entry(col).or_insert(0);
        *w = (*w).max(px.min(MAX_WIDTH));
    }

    /// Fits column `col` to a text in the default style, as
    /// [`Sheet::text`] would, without writing it.
    pub fn fit_text(&mut self, col: ColNum, text: &str) {
        if !text.is_empty() {
            self.fit(col, text, false);
        }
    }

    /// Fits column `col` to a number, as [`Sheet::number`] would, without
    /// writing it.
    pub fn fit_number(&mut self, col: ColNum, value: Decimal, num: Num) {
        self.fit(col, &num.shown(value), false);
    }

    /// A zero in `num`'s style that the column is not fitted to: a
    /// streamed sheet's prototype ([`super::xlsx_rows`]).
    pub fn prototype_number(&mut self, row: RowNum, col: ColNum, num: Num) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, 0.0, &format(Some(num), false))?;
        Ok(())
    }

    /// A bold header row at `row`; the rows down to it stay in view.
    pub fn header(&mut self, row: RowNum, titles: &[&str]) -> Result<(), XlsxError> {
        for (col, t) in (0..).zip(titles) {
            self.text(row, col, t, true)?;
        }
        self.ws.set_freeze_panes(row + 1, 0)?;
        Ok(())
    }

    /// A bold title above a table (not fitted: it may run over).
    pub fn title(&mut self, row: RowNum, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(row, 0, text, &format(None, true))?;
        Ok(())
    }

    pub fn text(&mut self, row: RowNum, col: ColNum, text: &str, bold: bool) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        self.fit(col, text, bold);
        if bold {
            self.ws
                .write_string_with_format(row, col, text, &format(None, true))?;
        } else {
            // The default style: the same cell as with a plain format, without
            // the writer hashing that format for every cell of a large sheet.
            self.ws.write_string(row, col, text)?;
        }
        Ok(())
    }

    /// A number, stored as a number.
    pub fn number(
        &mut self,
        row: RowNum,
        col: ColNum,
        value: Decimal,
        num: Num,
        bold: bool,
    ) -> Result<(), XlsxError> {
        self.fit(col, &num.shown(value), bold);
        self.ws
            .write_number_with_format(row, col, number(value), &format(Some(num), bold))?;
        Ok(())
    }

    /// A formula with the result the engine computed (`None`: an empty
    /// text, as `IF(…,"",…)` gives).
    pub fn formula(
        &mut self,
        row: RowNum,
        col: ColNum,
        formula: &str,
        value: Option<Decimal>,
        num: Num,
        bold: bool,
    ) -> Result<(), XlsxError> {
        let mut f = Formula::new(formula);
        if let Some(v) = value {
            self.fit(col, &num.shown(v), bold);
            f = f.set_result(result(v));
        }
        self.ws
            .write_formula_with_format(row, col, f, &format(Some(num), bold))?;
        Ok(())
    }

    /// A cell note (a comment shown on hover).
    pub fn note(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), XlsxError> {
        self.ws.insert_note(row, col, &Note::new(text).set_author(TOOL))?;
        Ok(())
    }

    /// Filter buttons on a header row over the rows below it.
    pub fn filter(&mut self, header: RowNum, last_row: RowNum, last_col: ColNum) -> Result<(), XlsxError> {
        self.ws.autofilter(header, 0, last_row.max(header), last_col)?;
        Ok(())
    }

    /// The finished worksheet, columns fitted.
    pub fn finish(mut self) -> Result<Worksheet, XlsxError> {
        for (col, px) in std::mem::take(&mut self.widths) {
            self.ws.set_column_autofit_width(col, px)?;
        }
        Ok(self.ws)
    }
}

/// A cell address: `C7` (0-based row and column).
pub fn cell(row: RowNum, col: ColNum) -> String {
    format!("{}{}", column_number_to_name(col), row + 1)
}

/// A column's cells from `first` to `last` (0-based rows): `C2:C9`.
pub fn range(col: ColNum, first: RowNum, last: RowNum) -> String {
    format!("{}:{}", cell(first, col), cell(last, col))
}

/// [`sum_rows_of`] on this sheet: `SUM(E2:E12,E14)`.
pub fn sum_rows(col: ColNum, rows: &[RowNum]) -> String {
    sum_rows_in(None, col, rows)
}

/// A decimal as a formula's number: `-4596000`.
pub fn decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The sum of the cells of `rows` in a column of another sheet, runs of
/// rows that follow each other as one range each: `SUM('Not 3'!D3:D11)`;
/// `0` when there are none.
pub fn sum_rows_of(sheet: &str, col: ColNum, rows: &[RowNum]) -> String {
    sum_rows_in(Some(sheet), col, rows)
}

fn sum_rows_in(sheet: Option<&str>, col: ColNum, rows: &[RowNum]) -> String {
    let mut runs: Vec<(RowNum, RowNum)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == r => run.1 = r,
            _ => runs.push((r, r)),
        }
    }
    if runs.is_empty() {
        return "0".to_string();
    }
    let sheet = sheet.map(|s| format!("{}!", quote_sheet(s))).unwrap_or_default();
    let parts: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("{sheet}{}", cell(a, col))
            } else {
                format!("{sheet}{}", range(col, a, b))
            }
        })
        .collect();
    // At most 255 arguments per SUM.
    let chunks: Vec<String> = parts
        .chunks(200)
        .map(|c| format!("SUM({})", c.join(",")))
        .collect();
    if chunks.len() == 1 {
        chunks.into_iter().next().unwrap_or_default()
    } else {
        format!("SUM({})", chunks.join(","))
    }
}

/// A row's cells from column `first` to `last`: `D3:M3`.
pub fn range_across(row: RowNum, first: ColNum, last: ColNum) -> String {
    format!("{}:{}", cell(row, first), cell(row, last))
}

/// The sum of a column's cells from `first` to `last`; `0` when there are none.
pub fn sum(col: ColNum, first: RowNum, last: RowNum) -> String {
    if last < first {
        "0".to_string()
    } else {
        format!("SUM({})", range(col, first, last))
    }
}

/// A whole column of another sheet, absolute: `Rader!$I:$I`.
pub fn column_of(sheet: &str, col: ColNum) -> String {
    let c = column_number_to_name(col);
    format!("{}!${c}:${c}", quote_sheet(sheet))
}

/// A sheet name as a formula refers to it: quoted when it needs to be.
pub fn quote_sheet(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// A text as a formula's string literal: `"Borås"`.
pub fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A valid, unique sheet name from `wanted`: none of `[]:*?/\\` (each
/// becomes `-`), no `'` at either end, at most 31 characters (UTF-16 code
/// units, as Excel counts them), and unlike every name in `taken` as Excel
/// compares names (without case), nor Excel's reserved `History`. A name
/// cut to fit ends in `…`, and a name already taken gets ` (2)`, ` (3)` …,
/// cut the same way. The sheet's heading says the whole name: each writer
/// whose sheet names come from the input puts it in a title cell (a plan's
/// scenario, a note's activity).
pub fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let clean = if clean.is_empty() { "Blad" } else { clean };
    // `clean` with `suffix`, cut before the suffix where the two do not fit.
    let fitted = |suffix: &str| {
        let whole = format!("{clean}{suffix}");
        if whole.encode_utf16().count() <= SHEET_NAME_MAX {
            return whole;
        }
        let room = SHEET_NAME_MAX - 1 - suffix.encode_utf16().count();
        let mut kept = String::new();
        for c in clean.chars() {
            if kept.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            kept.push(c);
        }
        format!("{}…{suffix}", kept.trim_end())
    };
    let is_taken = |name: &str| {
        let lower = name.to_lowercase();
        lower == "history" || taken.iter().any(|t| t.to_lowercase() == lower)
    };
    let mut name = fitted("");
    let mut n = 2;
    while is_taken(&name) {
        name = fitted(&format!(" ({n})"));
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The longest sheet name Excel takes, in UTF-16 code units.
pub const SHEET_NAME_MAX: usize = 31;

/// The custom document property that holds the recipe.
pub const RECIPE_PROPERTY: &str = "avgift-recipe";

/// The inputs of one side of a result, for the `Underlag` sheet.
pub struct Source<'a> {
    /// `A: 2022 (utfall)` in a comparison; `None` for a single result.
    pub side: Option<String>,
    /// The tariff's name and year, when the side is a tariff.
    pub tariff: Option<String>,
    pub provenance: &'a Provenance,
    /// The tariff's indices (fractions), when the side is a tariff.
    pub indices: Option<&'a BTreeMap<String, Decimal>>,
}

/// The `Underlag` sheet: the tool's version, every input file with its role,
/// path and SHA-256, the indices and the `--set` overrides, then `remarks`.
pub fn underlag(sources: &[Source], remarks: &[String]) -> Result<Worksheet, XlsxError> {
    underlag_with_intro(sources, &[], remarks)
}

/// [`underlag`] below an introduction: `intro` lines first (the first in
/// bold), then a blank row and the table.
pub fn underlag_with_intro(
    sources: &[Source],
    intro: &[String],
    remarks: &[String],
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Underlag")?;
    for (row, line) in (0..).zip(intro) {
        if row == 0 {
            s.title(row, line)?;
        } else {
            // Long: shown over the empty cells to its right, not fitted.
            s.ws.write_string(row, 0, line)?;
        }
    }
    let top: RowNum = if intro.is_empty() {
        0
    } else {
        RowNum::try_from(intro.len()).unwrap_or(0) + 1
    };
    let sided = sources.iter().any(|x| x.side.is_some());
    let mut titles = vec!["Uppgift", "Namn", "Värde", "SHA-256"];
    if sided {
        titles.insert(0, "Sida");
    }
    s.header(top, &titles)?;
    let c0: ColNum = if sided { 1 } else { 0 };
    let mut row: RowNum = top + 1;
    s.text(row, c0, "Verktyg", false)?;
    s.text(row, c0 + 1, TOOL, false)?;
    row += 1;
    for src in sources {
        let side = |s: &mut Sheet, row: RowNum| match &src.side {
            Some(side) => s.text(row, 0, side, false),
            None => Ok(()),
        };
        if let Some(t) = &src.tariff {
            side(&mut s, row)?;
            s.text(row, c0, "Taxa", false)?;
            s.text(row, c0 + 1, t, false)?;
            row += 1;
        }
        for f in &src.provenance.inputs {
            side(&mut s, row)?;
            s.text(row, c0, "Indatafil", false)?;
            s.text(row, c0 + 1, crate::audit::role_sv(f.role), false)?;
            s.text(row, c0 + 2, &f.path.display().to_string(), false)?;
            s.text(row, c0 + 3, &f.sha256, false)?;
            row += 1;
        }
        for (name, value) in src.indices.into_iter().flatten() {
            side(&mut s, row)?;
            s.text(row, c0, "Index", false)?;
            s.text(row, c0 + 1, name, false)?;
            s.number(row, c0 + 2, *value, Num::Pct, false)?;
            row += 1;
        }
        for o in &src.provenance.described {
            side(&mut s, row)?;
            s.text(row, c0, "Ändring", false)?;
            s.text(row, c0 + 1, o, false)?;
            row += 1;
        }
    }
    let described: Vec<String> = sources
        .iter()
        .flat_map(|x| x.provenance.described.iter().cloned())
        .collect();
    let whatif = super::whatif::heading(&described)
        .map(|h| format!("{h}: ett tänkt alternativ, inte taxan som den är skriven"));
    for r in whatif.iter().chain(remarks) {
        s.text(row, c0, "Anmärkning", false)?;
        // Long: shown over the empty cells to its right, not fitted.
        s.ws.write_string(row, c0 + 1, r)?;
        row += 1;
    }
    s.finish()
}

/// A workbook of `sheets` (in order), rendered in memory. `year` fixes the
/// creation date recorded in the document, so the bytes depend only on the
/// content.
/// The recipe of the result (the command line and every input's SHA-256)
/// goes into the custom document property `avgift-recipe`, where `avgift
/// verify` reads it back.
pub fn workbook(
    title: &str,
    year: i32,
    sheets: Vec<Worksheet>,
    sources: &[Source],
    recipe: &Recipe,
) -> Result<Vec<u8>, XlsxError> {
    workbook_with_names(title, year, sheets, sources, recipe, &[])
}

/// [`workbook`] with defined names: `(name, target)` such as
/// `("index_avtal", "=Indata!$C$5")`, in the order given.
pub fn workbook_with_names(
    title: &str,
    year: i32,
    sheets: Vec<Worksheet>,
    sources: &[Source],
    recipe: &Recipe,
    names: &[(String, String)],
) -> Result<Vec<u8>, XlsxError> {
    let provenances: Vec<&Provenance> = sources.iter().map(|s| s.provenance).collect();
    let recipe = recipe.to_line();
    // A what-if says so in its title.
    let described: Vec<String> = provenances
        .iter()
        .flat_map(|p| p.described.iter().cloned())
        .collect();
    let marked;
    let title = match super::whatif::heading(&described) {
        Some(h) => {
            marked = format!("{title} – {h}");
            marked.as_str()
        }
        None => title,
    };
    let mut wb = Workbook::new();
    let year = u16::try_from(year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .unwrap_or(2000);
    let created = ExcelDateTime::from_ymd(year, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_comment(TOOL)
            .set_creation_datetime(&created)
            .set_custom_property(RECIPE_PROPERTY, recipe.as_str()),
    );
    for ws in sheets {
        wb.push_worksheet(ws);
    }
    for (name, target) in names {
        wb.define_name(name, target)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec!["Underlag".to_string()];
        assert_eq!(sheet_name("Not 3", &mut taken), "Not 3");
        assert_eq!(sheet_name("not 3", &mut taken), "not 3 (2)");
        assert_eq!(sheet_name("a/b: c?", &mut taken), "a-b- c-");
        assert_eq!(sheet_name("history", &mut taken), "history (2)");
        assert_eq!(sheet_name("UNDERLAG", &mut taken), "UNDERLAG (2)");
        let long = "Medlemsavgifter Vård- och omsorgscollege (VO-college)";
        let n = sheet_name(long, &mut taken);
        assert_eq!(n, "Medlemsavgifter Vård- och omso…");
        assert_eq!(n.chars().count(), 31);
        // Two names alike in their first 31 characters stay apart.
        let m = sheet_name("Medlemsavgifter Vård- och omsorgscollege, plan B", &mut taken);
        assert_eq!(m, "Medlemsavgifter Vård- och… (2)");
        let o = sheet_name(long, &mut taken);
        assert_eq!(o, "Medlemsavgifter Vård- och… (3)");
        // Excel counts UTF-16 code units: a character beyond the BMP is two.
        let emoji = "📊".repeat(20);
        let e = sheet_name(&emoji, &mut taken);
        assert_eq!(e.encode_utf16().count(), 31);
        assert_eq!(e, format!("{}…", "📊".repeat(15)));
        let mut names = taken.clone();
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup_by_key(|n| n.to_lowercase());
        assert_eq!(names.len(), taken.len());
    }

    #[test]
    fn references() {
        assert_eq!(cell(0, 0), "A1");
        assert_eq!(range(2, 1, 8), "C2:C9");
        assert_eq!(sum(2, 1, 8), "SUM(C2:C9)");
        assert_eq!(sum(2, 1, 0), "0");
        assert_eq!(column_of("Rader", 8), "Rader!$I:$I");
        assert_eq!(column_of("Per kommun", 0), "'Per kommun'!$A:$A");
        assert_eq!(literal("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn numbers_and_results_are_the_decimals() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(number(d("880014.00")), 880014.0);
        assert_eq!(number(d("-1500.25")), -1500.25);
        assert_eq!(result(d("880014.00")), "880014");
        assert_eq!(Num::Kr.shown(d("2588.4")), "2 588 kr");
        assert_eq!(Num::Pct.shown(d("0.025")), "2,5 %");
    }
}
