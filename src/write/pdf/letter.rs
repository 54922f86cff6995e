//! Pass 1 of a letter to a member: its parts placed on pages as draw
//! operations, on the canvas the invoice uses too. The first page has the
//! association top left (name, address, contact) and the municipality top
//! right; then the heading, what the figures come from, a what-if box
//! when there are changes, the plan's or tariff's own text, the change in
//! one sentence, the table of fees per activity and year, a bar chart of
//! the years, the change explained per activity, the basis of each fee as
//! on the invoices, and the association's totals. A table row that does
//! not fit moves to the next page, whose short header (association,
//! letter) is followed by the table's head again.

use std::ops::{Deref, DerefMut};

use rust_decimal::prelude::ToPrimitive;

use super::canvas::*;
use super::doc::{LetterDoc, LetterTable};
use super::fonts::*;
use super::geometry::*;
use super::invoice::lines_grid;
use super::text::*;

/// The what-if box's band and ink.
const WHATIF_BAND: Rgb = (1.0, 0.957, 0.925);
/// A bar of the chart; the letter's own year's in [`ACCENT`].
const BAR: Rgb = (0.45, 0.58, 0.73);
const SIZE: f32 = 8.0;
const LEADING: f32 = 10.5;

/// The letter being laid out on its canvas.
pub(super) struct LetterLayout<'a> {
    doc: &'a LetterDoc,
    c: Canvas<'a>,
    /// The table that goes on, whose head a new page repeats.
    table: Option<Grid>,
}

impl<'a> Deref for LetterLayout<'a> {
    type Target = Canvas<'a>;
    fn deref(&self) -> &Canvas<'a> {
        &self.c
    }
}

impl DerefMut for LetterLayout<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.c
    }
}

impl<'a> Flow<'a> for LetterLayout<'a> {
    fn canvas(&mut self) -> &mut Canvas<'a> {
        &mut self.c
    }

    /// The association left, the letter right, a rule; a table's head again.
    fn new_page(&mut self) {
        self.c.next_page(TOP + 44.0);
        let half = CONTENT_W / 2.0 - 8.0;
        let issuer = self.c.wrap(Weight::Bold, &self.doc.issuer.name, 9.0, half);
        let issuer = clamp(&self.fonts.bold, issuer, 1, 9.0, half);
        let title = self.c.wrap(Weight::Bold, &self.doc.short_title, 9.0, half);
        let title = clamp(&self.fonts.bold, title, 1, 9.0, half);
        for line in issuer {
            self.text_at(LEFT, TOP + 9.0, 9.0, Weight::Bold, INK, line);
        }
        for line in title {
            self.text_right(RIGHT, TOP + 9.0, 9.0, Weight::Bold, ACCENT, line);
        }
        self.page().push(rule(TOP + 29.0, 0.5, RULE));
        if let Some(grid) = self.table.clone() {
            self.c.grid_header(&grid);
        }
    }
}

/// The pages of `doc`, footers included.
pub(super) fn layout<'a>(doc: &'a LetterDoc, fonts: &'a Fonts) -> Vec<Vec<Op>> {
    let mut l = LetterLayout {
        doc,
        c: Canvas::new(fonts),
        table: None,
    };
    l.first_page_header();
    l.body();
    l.c.finish(&doc.footer, false)
}

/// A table of `heads.len()` columns: the labels in `label_w`, the figures
/// right-aligned in equal columns across the rest.
fn figures_grid(fonts: &Fonts, heads: &[String], label_w: f32) -> Grid {
    let n = heads.len().saturating_sub(1).max(1);
    let figures_w = CONTENT_W - 2.0 * CELL_PAD - label_w;
    let w = figures_w / n as f32;
    let mut columns = vec![Column {
        at: LEFT + CELL_PAD,
        w: label_w - 8.0,
        right: false,
    }];
    for i in 0..n {
        columns.push(Column {
            at: LEFT + CELL_PAD + label_w + w * (i + 1) as f32,
            w: w - 6.0,
            right: true,
        });
    }
    let head_size = 7.5;
    let heads: Vec<Vec<String>> = heads
        .iter()
        .zip(&columns)
        .map(|(h, c)| {
            clamp(
                &fonts.bold,
                wrap(&fonts.bold, h, head_size, c.w),
                3,
                head_size,
                c.w,
            )
        })
        .collect();
    let lines = heads.iter().map(Vec::len).max().unwrap_or(1).max(1);
    Grid {
        columns,
        heads,
        size: SIZE,
        leading: LEADING,
        pad: 3.5,
        head_size,
        head_h: 8.0 + (head_size + 2.0) * lines as f32,
        head_base: 4.0 + head_size,
    }
}

impl LetterLayout<'_> {
    /// The association top left; the municipality top right; the heading.
    fn first_page_header(&mut self) {
        let doc = self.doc;
        let left_w = RIGHT_COL - LEFT - 18.0;
        let name = self.c.wrap(Weight::Bold, &doc.issuer.name, 12.0, left_w);
        let name = clamp(&self.fonts.bold, name, 3, 12.0, left_w);
        let mut y = self.lines_at(LEFT, TOP + 12.0, 12.0, 15.0, Weight::Bold, INK, name);
        for (weight, color, line) in self.party_lines(&doc.issuer, 8.5, left_w) {
            self.text_at(LEFT, y, 8.5, weight, color, line);
            y += 11.5;
        }
        let left_bottom = y;
        let name = self.c.wrap(Weight::Bold, &doc.recipient.name, 11.0, RIGHT_COL_W);
        let name = clamp(&self.fonts.bold, name, 3, 11.0, RIGHT_COL_W);
        let mut y = self.lines_at(RIGHT_COL, TOP + 12.0, 11.0, 14.0, Weight::Bold, INK, name);
        for (weight, color, line) in self.party_lines(&doc.recipient, 9.0, RIGHT_COL_W) {
            self.text_at(RIGHT_COL, y, 9.0, weight, color, line);
            y += 12.0;
        }
        let mut y = left_bottom.max(y) + 14.0;
        let heading = self.c.wrap(Weight::Bold, &doc.heading, 18.0, CONTENT_W);
        let heading = clamp(&self.fonts.bold, heading, 3, 18.0, CONTENT_W);
        y = self.lines_at(LEFT, y + 18.0, 18.0, 22.0, Weight::Bold, ACCENT, heading);
        self.y = y - 8.0;
        self.fresh = false;
    }

    fn body(&mut self) {
        let doc = self.doc;
        let lead: Vec<String> = doc
            .lead
            .iter()
            .flat_map(|l| self.c.wrap(Weight::Regular, l, 9.0, CONTENT_W))
            .collect();
        self.left_lines(lead, 9.0, 12.0, Weight::Regular, MUTED);
        self.whatif_box();
        self.y += 6.0;
        for p in &doc.text {
            let lines = self.c.wrap(Weight::Regular, p, 9.5, CONTENT_W);
            self.left_lines(lines, 9.5, 13.0, Weight::Regular, INK);
            self.y += 5.0;
        }
        let summary = self.c.wrap(Weight::Bold, &doc.summary, 10.0, CONTENT_W);
        self.left_lines(summary, 10.0, 14.0, Weight::Bold, INK);
        self.y += 8.0;
        self.figures_table(&doc.fees, 118.0);
        self.chart();
        for s in &doc.explained {
            self.section(&s.title, &s.lines);
        }
        self.basis_table();
        self.figures_table(&doc.association, 118.0);
    }

    /// The what-if lines in a shaded band, in red.
    fn whatif_box(&mut self) {
        let lines: Vec<String> = self
            .doc
            .whatif
            .iter()
            .flat_map(|l| self.c.wrap(Weight::Bold, l, 9.0, CONTENT_W - 16.0))
            .collect();
        if lines.is_empty() {
            return;
        }
        self.y += 6.0;
        for line in lines {
            self.ensure(12.0);
            let top = self.y;
            self.page().push(Op::Rect {
                x: LEFT,
                y: top,
                w: CONTENT_W,
                h: 12.0,
                color: WHATIF_BAND,
            });
            self.text_at(LEFT + 8.0, top + 9.0, 9.0, Weight::Bold, DRAFT_RED, line);
            self.y += 12.0;
        }
        self.y += 2.0;
    }

    /// A table of figures under its title: its head, rows and bold foot.
    fn figures_table(&mut self, t: &LetterTable, label_w: f32) {
        if t.heads.is_empty() {
            return;
        }
        let grid = figures_grid(self.fonts, &t.heads, label_w);
        let rows: Vec<Row> = t
            .rows
            .iter()
            .map(|r| (r, Weight::Regular, None))
            .chain(t.foot.iter().map(|r| (r, Weight::Bold, Some(SHADE))))
            .map(|(cells, weight, shade)| {
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                let mut row = self.c.row(&grid, &cells, weight);
                row.shade = shade;
                row
            })
            .collect();
        self.titled_table(&t.title, grid, &rows);
    }

    /// A table under its title, which is kept on a page with the head and
    /// (up to three lines of) the first row; the head again on every page
    /// the table goes on to.
    fn titled_table(&mut self, title: &str, grid: Grid, rows: &[Row]) {
        let first = rows.first().map_or(0, |r| r.lines().min(3));
        self.heading(title, grid.head_h + 2.0 * grid.pad + grid.leading * first as f32);
        self.table = Some(grid.clone());
        self.c.grid_header(&grid);
        for row in rows {
            self.table_row(&grid, row);
        }
        self.table = None;
        self.y += 14.0;
    }

    /// The bars of the party's totals per year, each with its value above
    /// and its year below.
    fn chart(&mut self) {
        let doc = self.doc;
        let bars = &doc.chart;
        if bars.is_empty() {
            return;
        }
        let plot_h = 80.0;
        self.heading(&doc.chart_title, plot_h + 34.0);
        let top = self.y + 12.0;
        let base = top + plot_h;
        let slot = CONTENT_W / bars.len() as f32;
        let w = (slot * 0.55).min(56.0);
        for (i, bar) in bars.iter().enumerate() {
            let h = bar.height.to_f32().unwrap_or(0.0).clamp(0.0, 1.0) * plot_h;
            let x = LEFT + slot * i as f32 + (slot - w) / 2.0;
            if h > 0.0 {
                self.page().push(Op::Rect {
                    x,
                    y: base - h,
                    w,
                    h,
                    color: if bar.main { ACCENT } else { BAR },
                });
            }
            let value = clamp(&self.fonts.regular, vec![bar.value.clone()], 1, 7.5, slot - 4.0);
            let label = clamp(
                &self.fonts.regular,
                self.c.wrap(Weight::Regular, &bar.label, 7.5, slot - 4.0),
                2,
                7.5,
                slot - 4.0,
            );
            let centre = x + w / 2.0;
            for v in value {
                let vw = self.fonts.regular.width(&v, 7.5);
                self.text_at(centre - vw / 2.0, base - h - 3.0, 7.5, Weight::Regular, INK, v);
            }
            for (k, l) in label.into_iter().enumerate() {
                let lw = self.fonts.regular.width(&l, 7.5);
                self.text_at(
                    centre - lw / 2.0,
                    base + 10.0 + 9.0 * k as f32,
                    7.5,
                    Weight::Regular,
                    MUTED,
                    l,
                );
            }
        }
        self.page().push(Op::HLine {
            x1: LEFT,
            x2: RIGHT,
            y: base,
            width: 0.5,
            color: RULE,
        });
        self.y = base + 32.0;
    }

    /// A section: its heading, then each line led by a dash, wrapped under
    /// itself; a line without a dash (the section's first) is in bold.
    fn section(&mut self, title: &str, lines: &[String]) {
        self.heading(title, LEADING * 2.0);
        for line in lines {
            let (dash, text, weight) = match line.strip_prefix("– ") {
                Some(rest) => (true, rest, Weight::Regular),
                None => (false, line.as_str(), Weight::Bold),
            };
            let indent = if dash { 10.0 } else { 0.0 };
            let wrapped = self.c.wrap(weight, text, 8.5, CONTENT_W - indent);
            // A bold line is kept on a page with the line under it.
            if !dash {
                self.ensure((LEADING + 1.0) * (wrapped.len() + 1) as f32);
            }
            for (k, l) in wrapped.into_iter().enumerate() {
                self.ensure(LEADING + 1.0);
                let y = self.y + 8.5;
                if dash && k == 0 {
                    self.text_at(LEFT + 2.0, y, 8.5, Weight::Regular, MUTED, "–".to_string());
                }
                self.text_at(LEFT + indent, y, 8.5, weight, INK, l);
                self.y += LEADING + 1.0;
            }
            if !dash {
                self.y += 1.0;
            }
        }
        self.y += 10.0;
    }

    /// Each fee's basis, in the invoice's table.
    fn basis_table(&mut self) {
        let doc = self.doc;
        if doc.basis.is_empty() {
            return;
        }
        let grid = lines_grid();
        let rows: Vec<Row> = doc
            .basis
            .iter()
            .map(|l| {
                self.c
                    .row(&grid, &[&l.activity, &l.basis, &l.amount], Weight::Regular)
            })
            .collect();
        self.titled_table(&doc.basis_title, grid, &rows);
    }
}

/// The file's title: "Medlemsavgift 2024 – Borås".
pub(super) fn title(doc: &LetterDoc) -> String {
    given(&doc.short_title).unwrap_or_else(|| "Brev".to_string())
}
