//! What every layout shares: the draw operations, the pages being filled
//! and the cursor on them ([`Canvas`]), text placed and wrapped, tables of
//! wrapped cells that move to the next page whole or split between their
//! lines ([`Grid`]), and the footers that end every page. A layout (the
//! invoice, the letter) says what its continuation pages start with
//! ([`Flow::new_page`]); everything else is drawn here.

use super::doc::Party;
use super::fonts::*;
use super::geometry::*;
use super::text::*;

/// One thing drawn on a page; `y` from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op {
    /// Text starting at `x` on the baseline `y`; `diagonal`: turned by
    /// [`DIAGONAL`] (the draft watermark), else horizontal.
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        diagonal: bool,
        text: String,
    },
    /// A filled rectangle with its top left corner at (`x`, `y`).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A horizontal line.
    HLine {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: Rgb,
    },
}

/// The pages being laid out, and where on the current one.
pub(super) struct Canvas<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    /// Cursor on the current page, from the top.
    pub(super) y: f32,
    /// Whether nothing of the body is on the current page yet.
    pub(super) fresh: bool,
}

impl<'f> Canvas<'f> {
    /// One empty page, the cursor at its top.
    pub(super) fn new(fonts: &'f Fonts) -> Canvas<'f> {
        Canvas {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            fresh: true,
        }
    }

    pub(super) fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn text_at(&mut self, x: f32, y: f32, size: f32, weight: Weight, color: Rgb, text: String) {
        if !text.is_empty() {
            self.page().push(Op::Text {
                x,
                y,
                size,
                weight,
                color,
                diagonal: false,
                text,
            });
        }
    }

    pub(super) fn text_right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        text: String,
    ) {
        let w = self.fonts.get(weight).width(&text, size);
        self.text_at(right - w, y, size, weight, color, text);
    }

    /// Draws wrapped lines from the baseline `y`; returns the baseline after the last.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lines_at(
        &mut self,
        x: f32,
        mut y: f32,
        size: f32,
        leading: f32,
        weight: Weight,
        color: Rgb,
        lines: Vec<String>,
    ) -> f32 {
        for line in lines {
            self.text_at(x, y, size, weight, color, line);
            y += leading;
        }
        y
    }

    pub(super) fn wrap(&self, weight: Weight, text: &str, size: f32, max_w: f32) -> Vec<String> {
        wrap(self.fonts.get(weight), text, size, max_w)
    }

    /// A party's lines below its name: org.nr, address, bankgiro, contact.
    pub(super) fn party_lines(&self, party: &Party, size: f32, max_w: f32) -> Vec<(Weight, Rgb, String)> {
        let mut out = Vec::new();
        let mut add = |color: Rgb, text: &str| {
            for line in self.wrap(Weight::Regular, text, size, max_w) {
                out.push((Weight::Regular, color, line));
            }
        };
        for line in &party.address {
            add(INK, line);
        }
        if let Some(org_nr) = given(&party.org_nr) {
            add(INK, &format!("Org.nr {org_nr}"));
        }
        if let Some(bankgiro) = given(&party.bankgiro) {
            add(INK, &format!("Bankgiro {bankgiro}"));
        }
        for line in &party.contact {
            add(MUTED, line);
        }
        if out.len() > MAX_BLOCK_LINES {
            let lines: Vec<String> = out.iter().map(|l| l.2.clone()).collect();
            let cut = clamp(
                self.fonts.get(Weight::Regular),
                lines,
                MAX_BLOCK_LINES,
                size,
                max_w,
            );
            out.truncate(cut.len());
            if let (Some(o), Some(c)) = (out.last_mut(), cut.last()) {
                o.2 = c.clone();
            }
        }
        out
    }

    /// The next page, empty, the cursor at `y`.
    pub(super) fn next_page(&mut self, y: f32) {
        self.pages.push(Vec::new());
        self.y = y;
        self.fresh = true;
    }

    /// Lines `start..end` of a row of `grid`, with its rule below.
    pub(super) fn row_lines(&mut self, grid: &Grid, row: &Row, start: usize, end: usize) {
        let top = self.y;
        let h = 2.0 * grid.pad + (end - start) as f32 * grid.leading;
        if let Some(color) = row.shade {
            self.page().push(Op::Rect {
                x: LEFT,
                y: top,
                w: CONTENT_W,
                h,
                color,
            });
        }
        let cell = |lines: &[String], i: usize| lines.get(i).cloned().unwrap_or_default();
        for (k, i) in (start..end).enumerate() {
            let base = top + grid.pad + grid.size + k as f32 * grid.leading;
            for (column, lines) in grid.columns.iter().zip(&row.cells) {
                let text = cell(lines, i);
                if column.right {
                    self.text_right(column.at, base, grid.size, row.weight, row.color, text);
                } else {
                    self.text_at(column.at, base, grid.size, row.weight, row.color, text);
                }
            }
        }
        self.y = top + h;
        let y = self.y;
        self.page().push(rule(y, 0.5, RULE));
        self.fresh = false;
    }

    /// A grid's header row: shaded, ruled below, each head in bold.
    pub(super) fn grid_header(&mut self, grid: &Grid) {
        let y = self.y;
        self.page().push(shaded(y, grid.head_h));
        self.page().push(rule(y + grid.head_h, 0.8, ACCENT));
        for (column, lines) in grid.columns.iter().zip(&grid.heads) {
            let mut base = y + grid.head_base;
            for line in lines {
                if column.right {
                    self.text_right(column.at, base, grid.head_size, Weight::Bold, INK, line.clone());
                } else {
                    self.text_at(column.at, base, grid.head_size, Weight::Bold, INK, line.clone());
                }
                base += grid.head_size + 2.0;
            }
        }
        self.y = y + grid.head_h;
    }

    /// A row of `grid` with its cells wrapped to their columns.
    pub(super) fn row(&self, grid: &Grid, cells: &[&str], weight: Weight) -> Row {
        Row {
            cells: grid
                .columns
                .iter()
                .zip(cells)
                .map(|(c, text)| self.wrap(weight, text, grid.size, c.w))
                .collect(),
            weight,
            color: INK,
            shade: None,
        }
    }

    /// Every page with its footer (`footer` wrapped, "Sida N av M"), and
    /// with `watermark` the draft's mark behind.
    pub(super) fn finish(self, footer: &str, watermark: bool) -> Vec<Vec<Op>> {
        let total = self.pages.len();
        let fonts = self.fonts;
        let footer_w = CONTENT_W - 80.0;
        let footer = clamp(
            &fonts.regular,
            wrap(&fonts.regular, footer, 7.0, footer_w),
            3,
            7.0,
            footer_w,
        );
        let mut out = Vec::with_capacity(total);
        for (i, ops) in self.pages.into_iter().enumerate() {
            let mut page = Vec::with_capacity(ops.len() + 8);
            if watermark {
                page.push(self::watermark(&fonts.bold));
            }
            page.extend(ops);
            page.push(rule(FOOTER_RULE, 0.5, RULE));
            for (k, line) in footer.iter().enumerate() {
                let y = FOOTER_RULE + 11.0 + k as f32 * 9.0;
                page.push(Op::Text {
                    x: LEFT,
                    y,
                    size: 7.0,
                    weight: Weight::Regular,
                    color: MUTED,
                    diagonal: false,
                    text: line.clone(),
                });
            }
            let label = format!("Sida {} av {}", i + 1, total);
            let w = fonts.regular.width(&label, 7.5);
            page.push(Op::Text {
                x: RIGHT - w,
                y: FOOTER_RULE + 11.0,
                size: 7.5,
                weight: Weight::Regular,
                color: MUTED,
                diagonal: false,
                text: label,
            });
            out.push(page);
        }
        out
    }
}

/// A table's column: where its text starts (or, right-aligned, ends) and
/// how wide its text may be.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    /// The left edge, or the right edge of a right-aligned column.
    pub(super) at: f32,
    pub(super) w: f32,
    pub(super) right: bool,
}

/// A table's columns, heads and type.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    pub(super) columns: Vec<Column>,
    /// Each column's head, in lines.
    pub(super) heads: Vec<Vec<String>>,
    pub(super) size: f32,
    pub(super) leading: f32,
    /// Above and below a row's lines.
    pub(super) pad: f32,
    pub(super) head_size: f32,
    pub(super) head_h: f32,
    /// The baseline of a head's first line, from the header's top.
    pub(super) head_base: f32,
}

/// A table row's cells, wrapped, and how they are drawn.
pub(super) struct Row {
    pub(super) cells: Vec<Vec<String>>,
    pub(super) weight: Weight,
    pub(super) color: Rgb,
    /// A band behind the row.
    pub(super) shade: Option<Rgb>,
}

impl Row {
    pub(super) fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// What a layout does that the canvas cannot: its continuation pages.
pub(super) trait Flow<'f> {
    fn canvas(&mut self) -> &mut Canvas<'f>;

    /// A continuation page: the layout's short header, and a table's
    /// header again while the table goes on.
    fn new_page(&mut self);

    /// A new page if `h` more points, about to be drawn, do not fit on this one.
    fn ensure(&mut self, h: f32) {
        let c = self.canvas();
        if c.y + h > BODY_BOTTOM && !c.fresh {
            self.new_page();
        }
        self.canvas().fresh = false;
    }

    /// Lines of text at the left margin, `leading` apart, each starting a
    /// new page when it would not fit.
    fn left_lines(&mut self, lines: Vec<String>, size: f32, leading: f32, weight: Weight, color: Rgb) {
        for line in lines {
            self.ensure(leading);
            let c = self.canvas();
            let y = c.y + size;
            c.text_at(LEFT, y, size, weight, color, line);
            c.y += leading;
        }
    }

    /// A section's small heading, kept on a page with the section's first
    /// line (`leading` high).
    fn heading(&mut self, title: &str, leading: f32) {
        self.ensure(16.0 + leading);
        let c = self.canvas();
        let y = c.y + 9.0;
        c.text_at(LEFT, y, 9.0, Weight::Bold, ACCENT, title.to_string());
        c.y += 16.0;
    }

    /// One row; moved to the next page whole if it fits there, else split
    /// between its lines.
    fn table_row(&mut self, grid: &Grid, row: &Row) {
        let n = row.lines();
        let mut start = 0;
        while start < n {
            let c = self.canvas();
            let room = ((BODY_BOTTOM - c.y - 2.0 * grid.pad) / grid.leading).floor();
            let room = if room.is_finite() && room > 0.0 {
                room as usize
            } else {
                0
            };
            let fresh = c.fresh;
            let rest = n - start;
            if rest > room && (start == 0 && !fresh || room == 0) {
                if fresh {
                    // Cannot happen on a fresh page; draw a line anyway so that the loop ends.
                    self.canvas().row_lines(grid, row, start, start + 1);
                    start += 1;
                    continue;
                }
                self.new_page();
                continue;
            }
            let end = start + rest.min(room);
            self.canvas().row_lines(grid, row, start, end);
            start = end;
            if start < n {
                self.new_page();
            }
        }
    }
}

/// "UTKAST", large, grey and diagonal, centred on the page.
pub(super) fn watermark(bold: &Font) -> Op {
    let size = 120.0;
    let text = "UTKAST".to_string();
    let w = bold.width(&text, size);
    let cap = bold.metric(|f| f.capital_height(), 714.0) * size / 1000.0;
    let (cos, sin) = DIAGONAL;
    // Centre in PDF coordinates (y up), then the baseline start from it.
    let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
    let x = cx - w / 2.0 * cos + cap / 2.0 * sin;
    let y_up = cy - w / 2.0 * sin - cap / 2.0 * cos;
    Op::Text {
        x,
        y: PAGE_H - y_up,
        size,
        weight: Weight::Bold,
        color: WATERMARK,
        diagonal: true,
        text,
    }
}

/// A rule across the content's width at `y`.
pub(super) fn rule(y: f32, width: f32, color: Rgb) -> Op {
    Op::HLine {
        x1: LEFT,
        x2: RIGHT,
        y,
        width,
        color,
    }
}

/// A shaded band across the content's width, `h` high from `top`.
pub(super) fn shaded(top: f32, h: f32) -> Op {
    Op::Rect {
        x: LEFT,
        y: top,
        w: CONTENT_W,
        h,
        color: SHADE,
    }
}

/// A one-line fact, cleaned; None if nothing is left of it.
pub(super) fn given(s: &str) -> Option<String> {
    let s = clean(s).replace('\n', " ");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}
