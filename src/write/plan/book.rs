//! The plan's workbook: `Sammanfattning` (for each plan year, party ×
//! scenario), a sheet per scenario (party × year, the years before the
//! plan first, the three totals as formulas), the budget year's
//! municipality × activity table of the base plan, and `Underlag`.

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;

use super::grid::{columns, grid, marks, Grid, RowKey};
use crate::audit::{Provenance, Recipe};
use crate::engine::matrix::Matrix;
use crate::engine::plan::PlanResult;
use crate::engine::totals::LABELS;
use crate::write::xlsx::{self, ColNum, Num, RowNum, Sheet, Source};
use crate::write::{matrix, By};

/// The three totals of a block of rows, as formulas under it: `Avgifter`
/// the SUM of the rows `first..=last`, `Justeringar` the value given,
/// `Netto` the two added. `values` are each column's three totals.
fn totals_rows(
    sh: &mut Sheet,
    at: RowNum,
    first: RowNum,
    last: RowNum,
    values: &[(ColNum, [Decimal; 3])],
) -> Result<(), XlsxError> {
    for (k, label) in LABELS.iter().enumerate() {
        let r = at + k as RowNum;
        sh.text(r, 0, label, true)?;
        for (c, v) in values {
            let f = match k {
                0 => xlsx::sum(*c, first, last),
                1 => xlsx::decimal(v[1]),
                _ => format!("{}+{}", xlsx::cell(at, *c), xlsx::cell(at + 1, *c)),
            };
            sh.formula(r, *c, &f, Some(v[k]), Num::Kr, true)?;
        }
    }
    Ok(())
}

/// The summary: for each plan year, a row per party and a column per
/// scenario, the totals under them.
fn summary(run: &PlanResult, grids: &[Grid]) -> Result<rust_xlsxwriter::Worksheet, XlsxError> {
    let mut sum = Sheet::new("Sammanfattning")?;
    sum.title(0, &run.title)?;
    let mut row: RowNum = 2;
    let mut keys: Vec<&RowKey> = grids.iter().flat_map(|g| g.keys()).collect();
    keys.sort();
    keys.dedup();
    let skip = run.earlier.len();
    for (i, year) in run.years.iter().enumerate() {
        sum.title(row, &format!("{year}"))?;
        row += 1;
        let mut titles = vec!["Part".to_string()];
        titles.extend(run.scenarios.iter().map(|s| s.name.clone()));
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        for (c, t) in (0..).zip(&titles) {
            sum.text(row, c, t, true)?;
        }
        row += 1;
        let first = row;
        for k in &keys {
            let label = grids
                .iter()
                .find_map(|g| g.get(*k))
                .map_or("", |(info, _)| info.label.as_str());
            sum.text(row, 0, label, false)?;
            for (c, g) in (1..).zip(grids) {
                let v = g.get(*k).map_or(Decimal::ZERO, |(_, a)| a[skip + i]);
                sum.number(row, c, v, Num::Kr, false)?;
            }
            row += 1;
        }
        let values: Vec<(ColNum, [Decimal; 3])> = (1..)
            .zip(&run.scenarios)
            .map(|(c, s)| (c, columns(run, s)[skip + i].totals().rows()))
            .collect();
        totals_rows(&mut sum, row, first, row - 1, &values)?;
        row += 4;
    }
    sum.finish()
}

/// A sheet per scenario (party × year, Summa as a formula), a summary
/// (party × scenario for each year), the base plan's budget year as a
/// municipality × activity table, and `Underlag`.
pub fn xlsx(run: &PlanResult, provenance: &Provenance, recipe: &Recipe) -> Result<Vec<u8>, XlsxError> {
    let mut taken = vec![
        "Underlag".to_string(),
        "Sammanfattning".to_string(),
        matrix::SHEET.to_string(),
    ];
    let grids: Vec<Grid> = run
        .scenarios
        .iter()
        .map(|s| grid(run, s, By::Municipality))
        .collect();
    let mut sheets = vec![summary(run, &grids)?];
    for (s, g) in run.scenarios.iter().zip(&grids) {
        let name = xlsx::sheet_name(&s.name, &mut taken);
        let mut sh = Sheet::new(&name)?;
        let mut r: RowNum = 0;
        let title = if s.is_scenario() {
            format!("{} – scenario: {}", run.title, s.name)
        } else {
            format!("{} – {}", run.title, s.name)
        };
        sh.title(r, &title)?;
        r += 1;
        for m in marks(s) {
            sh.title(r, &m)?;
            r += 1;
        }
        r += 1;
        let cols = columns(run, s);
        let mut titles = vec!["Part".to_string()];
        titles.extend(cols.iter().map(|c| c.head.clone()));
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        sh.header(r, &titles)?;
        r += 1;
        let first = r;
        for (info, amounts) in g.values() {
            sh.text(r, 0, &info.label, false)?;
            for (c, a) in (1..).zip(amounts) {
                sh.number(r, c, *a, Num::Kr, false)?;
            }
            r += 1;
        }
        let values: Vec<(ColNum, [Decimal; 3])> = (1..)
            .zip(&cols)
            .map(|(c, col)| (c, col.totals().rows()))
            .collect();
        totals_rows(&mut sh, r, first, r - 1, &values)?;
        sheets.push(sh.finish()?);
    }
    let base = &run.scenarios[0].years[0];
    let m = Matrix::of(&base.tariff, &base.outcome);
    let title = format!(
        "{} – {}, {} per kommun och verksamhet",
        run.title, run.scenarios[0].name, base.year
    );
    let value = |_: &_, _: &_, _: RowNum, _: ColNum, v: Decimal| (None, v);
    let adjustments = |_: &_, _: ColNum, v: Decimal| (Some(xlsx::decimal(v)), v);
    sheets.push(matrix::sheet(&m, &title, &value, &adjustments)?);
    let sources = [Source {
        side: None,
        tariff: Some(format!("{} {}", base.tariff.name, base.year)),
        provenance,
        indices: None,
    }];
    let mut remarks = Vec::new();
    for s in run.scenarios.iter().filter(|s| s.is_scenario()) {
        remarks.push(format!("Scenario {}: {}", s.name, marks(s).join("; ")));
    }
    sheets.push(xlsx::underlag(&sources, &remarks)?);
    xlsx::workbook(&run.title, run.years[0], sheets, &sources, recipe)
}
