//! The municipality × activity table ([`Matrix`]) in every format: a
//! terminal table, CSV (both dialects), JSON, a workbook sheet whose totals
//! are formulas, and an HTML table for the report and the plan's page.
//! Rows are the parties, columns the activities, then the row's total;
//! under the parties the three totals of every output (`Avgifter`,
//! `Justeringar`, `Netto`), per activity and in all.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::json;

use super::html::escape;
use super::table::{Align, Table};
use super::xlsx::{self, ColNum, Num, RowNum, Sheet};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::matrix::{Matrix, MatrixColumn, MatrixRow};
use crate::engine::totals::{Totals, LABELS};
use crate::{money, sv};

/// A column's short head: `Not 8`, or the activity's name when it has no
/// note number.
pub fn short_head(c: &MatrixColumn) -> String {
    match c.note {
        Some(n) => format!("Not {n}"),
        None => c.name.clone(),
    }
}

/// The three totals' rows: label, the amount per column, the total.
fn total_rows(m: &Matrix) -> [(&'static str, Vec<Decimal>, Decimal); 3] {
    let columns: Vec<Totals> = (0..m.columns.len()).map(|j| m.column_totals(j)).collect();
    let all = m.totals();
    let row = |k: usize| -> Vec<Decimal> { columns.iter().map(|t| t.rows()[k]).collect() };
    [
        (LABELS[0], row(0), all.charges),
        (LABELS[1], row(1), all.adjustments),
        (LABELS[2], row(2), all.net()),
    ]
}

/// The table for the terminal: activities by their note (`Not 8`), named
/// in a legend under it.
pub fn table(m: &Matrix, title: &str) -> String {
    let heads: Vec<String> = m.columns.iter().map(short_head).collect();
    let mut columns: Vec<(&str, Align)> = vec![("Part", Align::Left)];
    columns.extend(heads.iter().map(|h| (h.as_str(), Align::Right)));
    columns.push(("Summa", Align::Right));
    let mut t = Table::new(&columns);
    for r in &m.rows {
        let mut cells = vec![r.party.clone()];
        cells.extend(r.cells.iter().map(|a| sv::kr_int(*a)));
        cells.push(sv::kr_int(r.total()));
        t.row(cells);
    }
    for (label, amounts, total) in total_rows(m) {
        let mut cells = vec![label.to_string()];
        cells.extend(amounts.iter().map(|a| sv::kr_int(*a)));
        cells.push(sv::kr_int(total));
        t.footer(cells);
    }
    let mut out = format!("{title}\n");
    out.push_str(&t.render());
    for c in &m.columns {
        if c.note.is_some() {
            let _ = writeln!(out, "{}: {}", short_head(c), c.name);
        }
    }
    out
}

/// The CSV columns before the activities, and after them.
pub const CSV_FIRST: [&str; 3] = ["code", "party", "kind"];
pub const CSV_LAST: &str = "total";
/// The same in Swedish, for the `excel-sv` CSV.
pub const SV_FIRST: [&str; 3] = ["Kod", "Part", "Typ"];
pub const SV_LAST: &str = "Summa";

/// A totals row's kind in the CSV: `charges`, `adjustments`, `net` (in
/// Swedish `avgifter`, `justeringar`, `netto`).
fn total_kind(dialect: CsvDialect, k: usize) -> &'static str {
    match dialect {
        CsvDialect::Plain => ["charges", "adjustments", "net"][k],
        CsvDialect::ExcelSv => ["avgifter", "justeringar", "netto"][k],
    }
}

/// A row per party and the three totals; a column per activity (headed by
/// its name) and the total.
pub fn csv(m: &Matrix, dialect: CsvDialect) -> String {
    let (first, last) = match dialect {
        CsvDialect::Plain => (CSV_FIRST, CSV_LAST),
        CsvDialect::ExcelSv => (SV_FIRST, SV_LAST),
    };
    let mut header: Vec<Field> = first.iter().map(|c| Field::from(*c)).collect();
    header.extend(m.columns.iter().map(|c| Field::from(c.name.as_str())));
    header.push(Field::from(last));
    let amount = |d: Decimal| Field::number(money::plain2(d));
    let mut rows = vec![header];
    for r in &m.rows {
        let mut row = vec![
            Field::from(r.code.map(|c| c.to_string()).unwrap_or_default()),
            Field::from(r.party.as_str()),
            Field::from(dialect.kind(r.kind)),
        ];
        row.extend(r.cells.iter().map(|a| amount(*a)));
        row.push(amount(r.total()));
        rows.push(row);
    }
    for (k, (label, amounts, total)) in total_rows(m).into_iter().enumerate() {
        let mut row = vec![
            Field::from(""),
            Field::from(label),
            Field::from(total_kind(dialect, k)),
        ];
        row.extend(amounts.into_iter().map(amount));
        row.push(amount(total));
        rows.push(row);
    }
    csv_text(dialect, rows)
}

/// The table as JSON: `activities`, `rows` (each party's `amounts` in the
/// activities' order and its `total`), and `charges`, `adjustments`,
/// `net` (per activity and `total`).
pub fn json_value(m: &Matrix) -> serde_json::Value {
    let activities: Vec<_> = m
        .columns
        .iter()
        .map(|c| json!({"activity_id": c.id, "note": c.note, "activity": c.name}))
        .collect();
    let rows: Vec<_> = m
        .rows
        .iter()
        .map(|r| {
            json!({
                "kind": r.kind.as_str(),
                "code": r.code.map(|c| c.to_string()),
                "payer": r.payer,
                "party": r.party,
                "amounts": r.cells.iter().map(|a| json::amount(*a)).collect::<Vec<_>>(),
                "total": json::amount(r.total()),
            })
        })
        .collect();
    let totals = |(_, amounts, total): &(&str, Vec<Decimal>, Decimal)| {
        json!({
            "amounts": amounts.iter().map(|a| json::amount(*a)).collect::<Vec<_>>(),
            "total": json::amount(*total),
        })
    };
    let [charges, adjustments, net] = total_rows(m);
    json!({
        "year": m.year,
        "activities": activities,
        "rows": rows,
        "charges": totals(&charges),
        "adjustments": totals(&adjustments),
        "net": totals(&net),
    })
}

/// A cell of the sheet: its formula (`None`: the value itself) and value.
pub type SheetCell = (Option<String>, Decimal);

/// The sheet's name in every workbook.
pub const SHEET: &str = "Kommun × verksamhet";

/// The sheet's head row (each activity's name over its column) and the
/// first activity's column: what a formula of a cell may refer to.
pub const HEAD_ROW: RowNum = 1;
pub const FIRST_COLUMN: ColNum = 3;

/// The sheet: `Kod`, `Part`, `Typ`, a column per activity and `Summa`; a
/// row per party and the three totals. Each party's cell is what `cell`
/// gives for its row and column (a formula over the workbook's lines, or
/// the value), each activity's adjustments what `adjustments` gives; the
/// rows' totals, the `Avgifter` of each column and `Netto` are formulas
/// over the sheet. The code is in column A, the party in B, the
/// activity's name in row [`HEAD_ROW`]: a formula refers to those cells
/// rather than holding a name.
pub fn sheet(
    m: &Matrix,
    title: &str,
    cell: &dyn Fn(&MatrixRow, &MatrixColumn, RowNum, ColNum, Decimal) -> SheetCell,
    adjustments: &dyn Fn(&MatrixColumn, ColNum, Decimal) -> SheetCell,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(SHEET)?;
    s.title(0, title)?;
    let mut titles = vec!["Kod".to_string(), "Part".to_string(), "Typ".to_string()];
    titles.extend(m.columns.iter().map(|c| c.name.clone()));
    titles.push("Summa".to_string());
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    s.header(HEAD_ROW, &titles)?;
    let first_col = FIRST_COLUMN;
    let total_col = first_col + m.columns.len() as ColNum;
    let across = |row: RowNum| match m.columns.len() {
        0 => "0".to_string(),
        _ => format!("SUM({})", xlsx::range_across(row, first_col, total_col - 1)),
    };
    let put = |s: &mut Sheet, row: RowNum, col: ColNum, (f, v): SheetCell, bold: bool| match f {
        Some(f) => s.formula(row, col, &f, Some(v), Num::Kr, bold),
        None => s.number(row, col, v, Num::Kr, bold),
    };
    let first: RowNum = 2;
    let mut row = first;
    for r in &m.rows {
        if let Some(c) = r.code {
            s.text(row, 0, &c.to_string(), false)?;
        }
        s.text(row, 1, &r.party, false)?;
        s.text(row, 2, r.kind.label_sv(), false)?;
        for ((j, c), a) in (first_col..).zip(&m.columns).zip(&r.cells) {
            put(&mut s, row, j, cell(r, c, row, j, *a), false)?;
        }
        s.formula(row, total_col, &across(row), Some(r.total()), Num::Kr, false)?;
        row += 1;
    }
    let last = row - 1;
    let (charges, adjusted) = (row, row + 1);
    for (k, (label, amounts, total)) in total_rows(m).into_iter().enumerate() {
        let at = row + k as RowNum;
        s.text(at, 1, label, true)?;
        for ((j, c), a) in (first_col..).zip(&m.columns).zip(&amounts) {
            let f = match k {
                0 => Some(xlsx::sum(j, first, last)),
                1 => adjustments(c, j, *a).0,
                _ => Some(format!("{}+{}", xlsx::cell(charges, j), xlsx::cell(adjusted, j))),
            };
            put(&mut s, at, j, (f, *a), true)?;
        }
        s.formula(at, total_col, &across(at), Some(total), Num::Kr, true)?;
    }
    s.finish()
}

/// The table in HTML, for the report and the plan's page: parties down,
/// activities across by their note (named in the head's title), the
/// totals in the foot.
pub fn html(m: &Matrix, caption: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<table class=\"fees matrix\">\n<caption>{}</caption>\n<thead><tr><th>Kommun / betalare</th>",
        escape(caption)
    );
    for c in &m.columns {
        let _ = write!(
            out,
            "<th class=\"num\" title=\"{}\">{}</th>",
            escape(&c.name),
            escape(&short_head(c))
        );
    }
    out.push_str("<th class=\"num\">Summa</th></tr></thead>\n<tbody>\n");
    let cells = |out: &mut String, amounts: &[Decimal], total: Decimal| {
        for a in amounts {
            let _ = write!(out, "<td class=\"num\">{}</td>", sv::kr_int(*a));
        }
        let _ = writeln!(out, "<td class=\"num\">{}</td></tr>", sv::kr_int(total));
    };
    for r in &m.rows {
        let _ = write!(out, "<tr><td>{}</td>", escape(&r.party));
        cells(&mut out, &r.cells, r.total());
    }
    out.push_str("</tbody>\n<tfoot>\n");
    for (label, amounts, total) in total_rows(m) {
        let _ = write!(out, "<tr><td>{label}</td>");
        cells(&mut out, &amounts, total);
    }
    out.push_str("</tfoot>\n</table>\n<p class=\"muted\">");
    let legend: Vec<String> = m
        .columns
        .iter()
        .filter(|c| c.note.is_some())
        .map(|c| format!("{}: {}", escape(&short_head(c)), escape(&c.name)))
        .collect();
    out.push_str(&legend.join("; "));
    out.push_str("</p>\n");
    out
}
