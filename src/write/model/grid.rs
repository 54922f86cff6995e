//! The model's cells: number formats (yellow for inputs) and a worksheet
//! written cell by cell, formulas with their stored results.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, Formula, Worksheet, XlsxError};

use crate::write::xlsx::{self, ColNum, RowNum};

/// How a number is shown.
#[derive(Clone, Copy)]
pub(super) enum Fmt {
    /// Whole kronor: `2 588 kr`.
    Kr,
    /// A whole number: `114 091`.
    Int,
    /// A rate or an amount with decimals: `6,53`.
    Dec,
    /// A percentage: `2,50 %`.
    Pct,
    /// A year or a note number: a number, but never grouped (`2023`).
    Label,
}

pub(super) struct Formats {
    text: Format,
    bold: Format,
    number: [Format; 5],
    input: [Format; 5],
}

impl Formats {
    pub(super) fn new() -> Formats {
        let codes = ["#,##0 \"kr\"", "#,##0", "#,##0.00######", "0.00####%", "0"];
        let yellow = Color::RGB(0x00FF_F299);
        Formats {
            text: Format::new(),
            bold: Format::new().set_bold(),
            number: codes.map(|c| Format::new().set_num_format(c)),
            input: codes.map(|c| Format::new().set_num_format(c).set_background_color(yellow)),
        }
    }
}

fn slot(f: Fmt) -> usize {
    match f {
        Fmt::Kr => 0,
        Fmt::Int => 1,
        Fmt::Dec => 2,
        Fmt::Pct => 3,
        Fmt::Label => 4,
    }
}

/// A worksheet being filled.
pub(super) struct Grid {
    pub(super) ws: Worksheet,
}

impl Grid {
    pub(super) fn new(name: &str, widths: &[f64]) -> Result<Grid, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_formula_result_default("");
        for (c, w) in (0..).zip(widths) {
            ws.set_column_width(c, *w)?;
        }
        Ok(Grid { ws })
    }

    pub(super) fn text(&mut self, f: &Formats, r: RowNum, c: ColNum, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string_with_format(r, c, s, &f.text)?;
        }
        Ok(())
    }

    pub(super) fn bold(&mut self, f: &Formats, r: RowNum, c: ColNum, s: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(r, c, s, &f.bold)?;
        Ok(())
    }

    pub(super) fn header(&mut self, f: &Formats, r: RowNum, titles: &[&str]) -> Result<(), XlsxError> {
        for (c, t) in (0..).zip(titles) {
            self.bold(f, r, c, t)?;
        }
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        f: &Formats,
        r: RowNum,
        c: ColNum,
        v: Decimal,
        fmt: Fmt,
    ) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(r, c, xlsx::number(v), &f.number[slot(fmt)])?;
        Ok(())
    }

    pub(super) fn input(
        &mut self,
        f: &Formats,
        r: RowNum,
        c: ColNum,
        v: Decimal,
        fmt: Fmt,
    ) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(r, c, xlsx::number(v), &f.input[slot(fmt)])?;
        Ok(())
    }

    pub(super) fn formula(
        &mut self,
        f: &Formats,
        r: RowNum,
        c: ColNum,
        formula: &str,
        v: Decimal,
        fmt: Fmt,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(formula).set_result(v.normalize().to_string());
        self.ws
            .write_formula_with_format(r, c, formula, &f.number[slot(fmt)])?;
        Ok(())
    }

    /// An integer helper cell.
    pub(super) fn int(
        &mut self,
        f: &Formats,
        r: RowNum,
        c: ColNum,
        formula: &str,
        v: i128,
    ) -> Result<(), XlsxError> {
        self.formula(f, r, c, formula, Decimal::from_i128_with_scale(v, 0), Fmt::Int)
    }
}
