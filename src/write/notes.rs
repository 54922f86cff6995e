//! `notes` output: the annual report's notes, this year and last in tkr.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::json;

use crate::audit::Recipe;

use super::table::{Align, Table};
use super::xlsx::{self, ColNum, Num, RowNum, Sheet, Source};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::notes::{self, Note, NoteLine, Notes};
use crate::engine::totals::LABELS;
use crate::engine::Kind;
use crate::{money, sv};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 7] = ["note", "activity", "line", "kind", "code", "tkr", "previous_tkr"];

/// The same columns in Swedish, for the `excel-sv` CSV.
pub const SV_COLUMNS: [&str; 7] = [
    "Not",
    "Verksamhet",
    "Rad",
    "Typ",
    "Kod",
    "Tkr",
    "Föregående år, tkr",
];

pub fn csv(n: &Notes, dialect: CsvDialect) -> String {
    let header = dialect
        .header(&CSV_COLUMNS, &SV_COLUMNS)
        .iter()
        .map(|c| Field::from(*c))
        .collect();
    let rows = n.notes.iter().flat_map(|note| {
        note.lines.iter().map(move |l| {
            vec![
                note.number.map(|x| x.to_string()).unwrap_or_default().into(),
                note.activity.clone().into(),
                l.label.clone().into(),
                dialect.kind(l.kind).into(),
                l.code.map(|c| c.to_string()).unwrap_or_default().into(),
                Field::number(l.current_tkr().to_string()),
                Field::number(l.previous_tkr().map(|p| p.to_string()).unwrap_or_default()),
            ]
        })
    });
    csv_text(dialect, std::iter::once(header).chain(rows))
}

/// The workbook: one sheet per note (`Not 3` …) laid out as the annual
/// report, then `Underlag`. Each tkr cell is `ROUND(kr/1000,0)` over a
/// kronor column beside it, so a line is rounded from its kronor and the
/// Summa from the exact sum, in the workbook as in the report.
pub fn xlsx(n: &Notes, sources: &[Source], recipe: &Recipe) -> Result<Vec<u8>, XlsxError> {
    let mut taken = vec!["Underlag".to_string(), TOTALS_SHEET.to_string()];
    let mut sheets = Vec::new();
    let mut names = Vec::new();
    for note in &n.notes {
        let name = match note.number {
            Some(num) => format!("Not {num}"),
            None => note.activity.clone(),
        };
        let name = xlsx::sheet_name(&name, &mut taken);
        sheets.push(note_sheet(&name, note, n)?);
        names.push(name);
    }
    sheets.push(totals_sheet(n, &names)?);
    sheets.push(xlsx::underlag(sources, &[])?);
    let title = match n.previous_year {
        Some(p) => format!("Noter {} och {p}", n.year),
        None => format!("Noter {}", n.year),
    };
    xlsx::workbook(&title, n.year, sheets, sources, recipe)
}

/// The sheet of every note together.
const TOTALS_SHEET: &str = "Alla noter";

/// `Alla noter`: per note its `Avgifter`, `Justeringar` and `Netto` in
/// kronor, this year (and last), each a sum over the note's sheet; then the
/// three totals over the notes, as SUMs.
fn totals_sheet(n: &Notes, names: &[String]) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(TOTALS_SHEET)?;
    let years: Vec<i32> = std::iter::once(n.year).chain(n.previous_year).collect();
    s.title(0, "Alla noter, kr")?;
    let mut titles = vec!["Not".to_string(), "Verksamhet".to_string()];
    for y in &years {
        titles.extend(LABELS.iter().map(|l| format!("{y}: {l}, kr")));
    }
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    s.header(1, &titles)?;
    let first: RowNum = 2;
    let mut row = first;
    for (note, name) in n.notes.iter().zip(names) {
        if let Some(num) = note.number {
            s.number(row, 0, Decimal::from(num), Num::Int, false)?;
        }
        s.text(row, 1, &note.activity, false)?;
        for (i, _) in years.iter().enumerate() {
            // The note sheet's kronor column of year `i`, from its row 3.
            let kr_col = 1 + (years.len() + i) as ColNum;
            let rows = |keep: fn(Kind) -> bool| -> Vec<RowNum> {
                (2..)
                    .zip(&note.lines)
                    .filter(|(_, l)| keep(l.kind) && (i == 0 || l.previous.is_some()))
                    .map(|(r, _)| r)
                    .collect()
            };
            let value = |keep: fn(Kind) -> bool| -> Decimal {
                note.lines
                    .iter()
                    .filter(|l| keep(l.kind))
                    .filter_map(|l| if i == 0 { Some(l.current) } else { l.previous })
                    .sum()
            };
            let col = 2 + (3 * i) as ColNum;
            let invoiced: fn(Kind) -> bool = Kind::invoiced;
            let adjustment: fn(Kind) -> bool = |k| k == Kind::Adjustment;
            let (charges, adjustments) = (value(invoiced), value(adjustment));
            let charges_f = xlsx::sum_rows_of(name, kr_col, &rows(invoiced));
            let adjustments_f = xlsx::sum_rows_of(name, kr_col, &rows(adjustment));
            s.formula(row, col, &charges_f, Some(charges), Num::Kr, false)?;
            s.formula(row, col + 1, &adjustments_f, Some(adjustments), Num::Kr, false)?;
            let net = format!("{}+{}", xlsx::cell(row, col), xlsx::cell(row, col + 1));
            s.formula(row, col + 2, &net, Some(charges + adjustments), Num::Kr, false)?;
        }
        row += 1;
    }
    let (current, previous) = notes::totals(n);
    s.text(row, 1, "Summa", true)?;
    for (i, totals) in std::iter::once(Some(current))
        .chain(n.previous_year.map(|_| previous))
        .enumerate()
    {
        let Some(t) = totals else { continue };
        for (k, value) in t.rows().into_iter().enumerate() {
            let col = 2 + (3 * i + k) as ColNum;
            s.formula(
                row,
                col,
                &xlsx::sum(col, first, row - 1),
                Some(value),
                Num::Kr,
                true,
            )?;
        }
    }
    s.finish()
}

fn note_sheet(name: &str, note: &Note, n: &Notes) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(name)?;
    match note.number {
        Some(num) => s.title(0, &format!("{num} {}", note.activity))?,
        None => s.title(0, &note.activity)?,
    }
    let this = n.year.to_string();
    let last = n.previous_year.map(|y| y.to_string());
    // Columns: line, tkr this year [, tkr last year], kr this year [, kr last year].
    let years = if last.is_some() { 2 } else { 1 };
    let this_kr = format!("{this}, kr");
    let last_kr = last.as_ref().map(|l| format!("{l}, kr"));
    let mut titles = vec!["Tkr", this.as_str()];
    titles.extend(last.as_deref());
    titles.push(this_kr.as_str());
    titles.extend(last_kr.as_deref());
    s.header(1, &titles)?;

    // A line's kronor in year column `i` (0 this year, 1 last year).
    let kronor = |l: &NoteLine, i: usize| if i == 0 { Some(l.current) } else { l.previous };
    let first: RowNum = 2;
    let mut row = first;
    for l in &note.lines {
        let total = l.kind == Kind::Total;
        s.text(row, 0, &l.label, total)?;
        for i in 0..years {
            let Some(kr) = kronor(l, i) else { continue };
            let (tkr_col, kr_col) = (1 + i as ColNum, 1 + (years + i) as ColNum);
            let lines_sum: Decimal = note
                .lines
                .iter()
                .filter(|x| x.kind != Kind::Total)
                .filter_map(|x| kronor(x, i))
                .sum();
            if !total {
                s.number(row, kr_col, kr, Num::Kr, false)?;
            } else if kr == lines_sum {
                let sum = xlsx::sum(kr_col, first, row - 1);
                s.formula(row, kr_col, &sum, Some(kr), Num::Kr, true)?;
            } else {
                // Last year's Summa as the actuals state it, not the lines' sum.
                s.number(row, kr_col, kr, Num::Kr, true)?;
                let why = format!(
                    "Summa enligt utfallet; raderna summerar till {} kr.",
                    sv::kr_int(lines_sum)
                );
                s.note(row, kr_col, &why)?;
            }
            let f = format!("ROUND({}/1000,0)", xlsx::cell(row, kr_col));
            s.formula(row, tkr_col, &f, Some(money::to_tkr(kr)), Num::Tkr, total)?;
        }
        row += 1;
    }
    s.finish()
}

/// The notes as JSON, with the recipe that made them.
pub fn json(n: &Notes, recipe: &Recipe) -> String {
    let notes: Vec<_> = n
        .notes
        .iter()
        .map(|note| {
            let lines: Vec<_> = note
                .lines
                .iter()
                .map(|l| {
                    json!({
                        "line": l.label,
                        "kind": l.kind.as_str(),
                        "code": l.code.map(|c| c.to_string()),
                        "tkr": json::whole(l.current_tkr()),
                        "previous_tkr": l.previous_tkr().map(json::whole),
                        "kr": json::amount(l.current),
                        "previous_kr": l.previous.map(json::amount),
                    })
                })
                .collect();
            json!({"note": note.number, "activity": note.activity, "lines": lines})
        })
        .collect();
    let (current, previous) = notes::totals(n);
    json::text(&json!({
        "provenance": recipe.to_json(),
        "year": n.year,
        "previous_year": n.previous_year,
        "notes": notes,
        "totals": json::totals(&current),
        "previous_totals": previous.as_ref().map(json::totals),
    }))
}

pub fn table(n: &Notes) -> String {
    let mut out = String::new();
    let this = n.year.to_string();
    let last = n.previous_year.map(|y| y.to_string());
    for (i, note) in n.notes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match note.number {
            Some(num) => out.push_str(&format!("{num} {}\n", note.activity)),
            None => out.push_str(&format!("{}\n", note.activity)),
        }
        let mut columns = vec![("Tkr", Align::Left), (this.as_str(), Align::Right)];
        if let Some(last) = &last {
            columns.push((last.as_str(), Align::Right));
        }
        let mut t = Table::new(&columns);
        for l in &note.lines {
            let mut cells = vec![l.label.clone(), sv::num(l.current_tkr())];
            if last.is_some() {
                cells.push(l.previous_tkr().map(sv::num).unwrap_or_default());
            }
            if l.kind == crate::engine::Kind::Total {
                t.footer(cells);
            } else {
                t.row(cells);
            }
        }
        out.push_str(&t.render());
    }
    out.push('\n');
    out.push_str(&totals_table(n));
    out
}

/// Every note together, in kronor: `Avgifter`, `Justeringar` and `Netto`,
/// this year and last.
fn totals_table(n: &Notes) -> String {
    let (current, previous) = notes::totals(n);
    let this = n.year.to_string();
    let last = n.previous_year.map(|y| y.to_string());
    let mut columns = vec![("Alla noter, kr", Align::Left), (this.as_str(), Align::Right)];
    if let Some(last) = &last {
        columns.push((last.as_str(), Align::Right));
    }
    let mut t = Table::new(&columns);
    let previous_rows = previous.map(|p| p.rows());
    for (i, (label, amount)) in LABELS.iter().zip(current.rows()).enumerate() {
        let mut cells = vec![label.to_string(), sv::kr_int(amount)];
        if let Some(p) = previous_rows {
            cells.push(sv::kr_int(p[i]));
        }
        if i == 2 {
            t.footer(cells);
        } else {
            t.row(cells);
        }
    }
    t.render()
}
