//! Pass 1: everything placed on pages as draw operations.

use super::doc::{InvoiceDoc, Party};
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

/// A table row's cells, wrapped.
pub(super) struct WrappedRow {
    pub(super) activity: Vec<String>,
    pub(super) basis: Vec<String>,
    pub(super) amount: Vec<String>,
}

impl WrappedRow {
    pub(super) fn lines(&self) -> usize {
        self.activity
            .len()
            .max(self.basis.len())
            .max(self.amount.len())
            .max(1)
    }
}

/// The pages being laid out, and where on the current one.
pub(super) struct PageLayout<'a> {
    pub(super) doc: &'a InvoiceDoc,
    pub(super) fonts: &'a Fonts,
    pub(super) pages: Vec<Vec<Op>>,
    /// Cursor on the current page, from the top.
    pub(super) y: f32,
    /// Whether the table goes on (a new page repeats its header).
    pub(super) in_table: bool,
    /// Whether nothing of the body is on the current page yet.
    pub(super) fresh: bool,
}

/// The pages of `doc`, each a list of draw operations, footers included.
pub(super) fn layout(doc: &InvoiceDoc, fonts: &Fonts) -> Vec<Vec<Op>> {
    let mut l = PageLayout {
        doc,
        fonts,
        pages: vec![Vec::new()],
        y: TOP,
        in_table: false,
        fresh: true,
    };
    l.first_page_header();
    l.body();
    l.finish()
}

/// A one-line fact, cleaned; None if nothing is left of it.
pub(super) fn given(s: &str) -> Option<String> {
    let s = clean(s).replace('\n', " ");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The heading: the kind in capitals, "FAKTURA" if none is given.
pub(super) fn heading(doc: &InvoiceDoc) -> String {
    given(&doc.kind)
        .map(|k| k.to_uppercase())
        .unwrap_or_else(|| "FAKTURA".to_string())
}

/// The invoice named in a line: "Faktura 1001", "Kreditfaktura (utkast)".
pub(super) fn short_title(doc: &InvoiceDoc) -> String {
    let kind = given(&doc.kind).unwrap_or_else(|| "Faktura".to_string());
    match number(doc) {
        _ if doc.draft => format!("{kind} (utkast)"),
        Some(n) => format!("{kind} {n}"),
        None => kind,
    }
}

/// The number shown: none for a draft, none if empty.
pub(super) fn number(doc: &InvoiceDoc) -> Option<String> {
    doc.number.as_deref().filter(|_| !doc.draft).and_then(given)
}

impl PageLayout<'_> {
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

    /// Issuer top left; heading, number and dates top right; recipient below them.
    pub(super) fn first_page_header(&mut self) {
        let doc = self.doc;

        // Issuer, top left.
        let left_w = RIGHT_COL - LEFT - 18.0;
        let name = self.wrap(Weight::Bold, &doc.issuer.name, 13.0, left_w);
        let name = clamp(self.fonts.get(Weight::Bold), name, 3, 13.0, left_w);
        let mut y = self.lines_at(LEFT, TOP + 13.0, 13.0, 16.0, Weight::Bold, INK, name);
        let details = self.party_lines(&doc.issuer, 8.5, left_w);
        if !details.is_empty() {
            y += 1.0;
        }
        for (weight, color, line) in details {
            self.text_at(LEFT, y, 8.5, weight, color, line);
            y += 12.0;
        }
        let left_bottom = y;

        // Heading and invoice facts, top right.
        let head = self.wrap(Weight::Bold, &heading(doc), 20.0, RIGHT_COL_W);
        let head = clamp(self.fonts.get(Weight::Bold), head, 2, 20.0, RIGHT_COL_W);
        let mut y = self.lines_at(RIGHT_COL, TOP + 18.0, 20.0, 22.0, Weight::Bold, ACCENT, head);
        if doc.draft {
            self.text_at(
                RIGHT_COL,
                y + 2.0,
                13.0,
                Weight::Bold,
                DRAFT_RED,
                "UTKAST".to_string(),
            );
            y += 18.0;
        }
        y += 2.0;
        let label_w = 80.0;
        let value_w = RIGHT_COL_W - label_w;
        let mut facts: Vec<(&str, String, Weight)> = Vec::new();
        if let Some(n) = number(doc) {
            facts.push(("Fakturanummer", n, Weight::Bold));
        }
        facts.push(("Fakturadatum", doc.invoice_date.clone(), Weight::Regular));
        facts.push(("Förfallodatum", doc.due_date.clone(), Weight::Regular));
        for (label, value, weight) in facts {
            let lines = self.wrap(weight, &value, 9.5, value_w);
            let lines = clamp(self.fonts.get(weight), lines, 2, 9.5, value_w);
            if lines.is_empty() {
                continue;
            }
            self.text_at(RIGHT_COL, y, 8.5, Weight::Regular, MUTED, label.to_string());
            y = self.lines_at(RIGHT_COL + label_w, y, 9.5, 13.0, weight, INK, lines) + 1.0;
        }

        // Recipient, on the right where a window envelope shows it.
        let mut y = (y + 16.0).max(RECIPIENT_TOP) + 10.0;
        let name = self.wrap(Weight::Bold, &self.doc.recipient.name, 10.5, RIGHT_COL_W);
        let name = clamp(self.fonts.get(Weight::Bold), name, 3, 10.5, RIGHT_COL_W);
        y = self.lines_at(RIGHT_COL, y, 10.5, 14.0, Weight::Bold, INK, name);
        for (weight, color, line) in self.party_lines(&doc.recipient, 9.5, RIGHT_COL_W) {
            self.text_at(RIGHT_COL, y, 9.5, weight, color, line);
            y += 13.0;
        }
        self.y = left_bottom.max(y) + 16.0;
        self.fresh = false;
    }

    /// Reference note, table, total, payment, VAT statement.
    pub(super) fn body(&mut self) {
        self.reference_note();
        self.lines_table();
        self.total_box();
        self.payment_instructions();
        self.payment_box();
        self.vat_statement();
    }

    /// The reference note, in bold (`Kreditering av faktura 1001`).
    fn reference_note(&mut self) {
        let doc = self.doc;
        if let Some(note) = &doc.reference_note {
            let lines = self.wrap(Weight::Bold, note, 10.0, CONTENT_W);
            if !lines.is_empty() {
                self.y += 4.0;
            }
            self.left_lines(lines, 10.0, 14.0, Weight::Bold, INK);
            self.y += 8.0;
        }
    }

    /// The table, its header kept with (up to three lines of) the first row.
    fn lines_table(&mut self) {
        let doc = self.doc;
        let rows: Vec<WrappedRow> = doc
            .lines
            .iter()
            .map(|line| WrappedRow {
                activity: self.wrap(Weight::Regular, &line.activity, TABLE_SIZE, COL_ACTIVITY_W),
                basis: self.wrap(Weight::Regular, &line.basis, TABLE_SIZE, COL_BASIS_W),
                amount: self.wrap(Weight::Regular, &line.amount, TABLE_SIZE, COL_AMOUNT_W),
            })
            .collect();
        let first = rows.first().map(|r| r.lines().min(3)).unwrap_or(0);
        self.ensure(TABLE_HEAD_H + ROW_PAD * 2.0 + TABLE_LEADING * first as f32);
        self.in_table = true;
        self.table_header();
        for row in &rows {
            self.table_row(row);
        }
        self.in_table = false;
    }

    /// Summa att betala, in a shaded band ruled above.
    fn total_box(&mut self) {
        let doc = self.doc;
        let label = match doc.total_label.as_str() {
            "" => "Summa att betala",
            l => l,
        };
        let label_w = self.fonts.bold.width(label, 11.0);
        let value_w = COL_AMOUNT_RIGHT - (COL_BASIS_X + label_w + 16.0);
        let total = self.wrap(Weight::Bold, &doc.total, 11.0, value_w);
        let total = clamp(self.fonts.get(Weight::Bold), total, 4, 11.0, value_w);
        let box_h = 12.0 + 14.0 * total.len().max(1) as f32;
        self.y += 6.0;
        self.ensure(box_h);
        let top = self.y;
        self.page().push(shaded(top, box_h));
        self.page().push(rule(top, 1.0, ACCENT));
        self.text_at(
            COL_BASIS_X,
            top + 18.5,
            11.0,
            Weight::Bold,
            INK,
            label.to_string(),
        );
        let mut y = top + 18.5;
        for line in total {
            self.text_right(COL_AMOUNT_RIGHT, y, 11.0, Weight::Bold, INK, line);
            y += 14.0;
        }
        self.y = top + box_h + 22.0;
    }

    /// The payment instructions under their heading.
    fn payment_instructions(&mut self) {
        let doc = self.doc;
        let payment: Vec<String> = doc
            .payment
            .iter()
            .flat_map(|p| self.wrap(Weight::Regular, p, 9.5, CONTENT_W))
            .collect();
        if !payment.is_empty() {
            self.heading("Betalning", 13.0);
            self.left_lines(payment, 9.5, 13.0, Weight::Regular, INK);
            self.y += 12.0;
        }
    }

    /// The VAT statement under its heading.
    fn vat_statement(&mut self) {
        let doc = self.doc;
        let vat = self.wrap(Weight::Regular, &doc.vat_statement, 8.5, CONTENT_W);
        if !vat.is_empty() {
            self.heading("Moms", 12.0);
            self.left_lines(vat, 8.5, 12.0, Weight::Regular, MUTED);
        }
    }

    /// The payment box: a shaded band ruled above and below, one column per
    /// (label, value), the label small above the value in bold.
    pub(super) fn payment_box(&mut self) {
        let doc = self.doc;
        if doc.payment_box.is_empty() {
            return;
        }
        let n = doc.payment_box.len();
        let col_w = CONTENT_W / n as f32;
        let h = 38.0;
        self.ensure(h + 12.0);
        let top = self.y;
        self.page().push(shaded(top, h));
        for y in [top, top + h] {
            self.page().push(rule(y, 1.0, ACCENT));
        }
        for (i, (label, value)) in doc.payment_box.iter().enumerate() {
            let x = LEFT + 8.0 + col_w * i as f32;
            let w = col_w - 12.0;
            let label = clamp(
                &self.fonts.regular,
                self.wrap(Weight::Regular, label, 8.0, w),
                1,
                8.0,
                w,
            );
            let value = clamp(
                &self.fonts.bold,
                self.wrap(Weight::Bold, value, 11.0, w),
                1,
                11.0,
                w,
            );
            for l in label {
                self.text_at(x, top + 13.0, 8.0, Weight::Regular, MUTED, l);
            }
            for v in value {
                self.text_at(x, top + 29.0, 11.0, Weight::Bold, INK, v);
            }
        }
        self.y = top + h + 14.0;
    }

    /// A new page if `h` more points, about to be drawn, do not fit on this one.
    /// Lines of text at the left margin, `leading` apart, each starting a
    /// new page when it would not fit.
    fn left_lines(&mut self, lines: Vec<String>, size: f32, leading: f32, weight: Weight, color: Rgb) {
        for line in lines {
            self.ensure(leading);
            self.text_at(LEFT, self.y + size, size, weight, color, line);
            self.y += leading;
        }
    }

    /// A section's small heading, kept on a page with the section's first
    /// line (`leading` high).
    fn heading(&mut self, title: &str, leading: f32) {
        self.ensure(16.0 + leading);
        self.text_at(LEFT, self.y + 9.0, 9.0, Weight::Bold, ACCENT, title.to_string());
        self.y += 16.0;
    }

    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > BODY_BOTTOM && !self.fresh {
            self.new_page();
        }
        self.fresh = false;
    }

    /// A continuation page: a short header, and the table's header if the table goes on.
    pub(super) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let doc = self.doc;
        let fonts = self.fonts;
        let half = CONTENT_W / 2.0 - 8.0;
        let issuer = clamp(
            &fonts.bold,
            wrap(&fonts.bold, &doc.issuer.name, 9.0, half),
            1,
            9.0,
            half,
        );
        let title = clamp(
            &fonts.bold,
            wrap(&fonts.bold, &short_title(doc), 9.0, half),
            1,
            9.0,
            half,
        );
        let recipient = clamp(
            &fonts.regular,
            wrap(&fonts.regular, &doc.recipient.name, 8.5, half),
            1,
            8.5,
            half,
        );
        for line in issuer {
            self.text_at(LEFT, TOP + 9.0, 9.0, Weight::Bold, INK, line);
        }
        for line in title {
            self.text_right(RIGHT, TOP + 9.0, 9.0, Weight::Bold, ACCENT, line);
        }
        for line in recipient {
            self.text_right(RIGHT, TOP + 21.0, 8.5, Weight::Regular, MUTED, line);
        }
        self.page().push(rule(TOP + 29.0, 0.5, RULE));
        self.y = TOP + 44.0;
        self.fresh = true;
        if self.in_table {
            self.table_header();
        }
    }

    pub(super) fn table_header(&mut self) {
        let y = self.y;
        self.page().push(shaded(y, TABLE_HEAD_H));
        self.page().push(rule(y + TABLE_HEAD_H, 0.8, ACCENT));
        let base = y + 13.5;
        self.text_at(
            COL_ACTIVITY_X,
            base,
            8.5,
            Weight::Bold,
            INK,
            "Verksamhet".to_string(),
        );
        self.text_at(COL_BASIS_X, base, 8.5, Weight::Bold, INK, "Underlag".to_string());
        self.text_right(
            COL_AMOUNT_RIGHT,
            base,
            8.5,
            Weight::Bold,
            INK,
            "Belopp".to_string(),
        );
        self.y = y + TABLE_HEAD_H;
    }

    /// One row; moved to the next page whole if it fits there, else split
    /// between its lines.
    pub(super) fn table_row(&mut self, row: &WrappedRow) {
        let n = row.lines();
        let mut start = 0;
        while start < n {
            let room = ((BODY_BOTTOM - self.y - 2.0 * ROW_PAD) / TABLE_LEADING).floor();
            let room = if room.is_finite() && room > 0.0 {
                room as usize
            } else {
                0
            };
            let rest = n - start;
            if rest > room && (start == 0 && !self.fresh || room == 0) {
                if self.fresh {
                    // Cannot happen on a fresh page; draw a line anyway so that the loop ends.
                    self.row_lines(row, start, start + 1);
                    start += 1;
                    continue;
                }
                self.new_page();
                continue;
            }
            let end = start + rest.min(room);
            self.row_lines(row, start, end);
            start = end;
            if start < n {
                self.new_page();
            }
        }
    }

    /// Lines `start..end` of a row, with its rule below.
    pub(super) fn row_lines(&mut self, row: &WrappedRow, start: usize, end: usize) {
        let top = self.y;
        let cell = |lines: &[String], i: usize| lines.get(i).cloned().unwrap_or_default();
        for (k, i) in (start..end).enumerate() {
            let base = top + ROW_PAD + TABLE_SIZE + k as f32 * TABLE_LEADING;
            self.text_at(
                COL_ACTIVITY_X,
                base,
                TABLE_SIZE,
                Weight::Regular,
                INK,
                cell(&row.activity, i),
            );
            self.text_at(
                COL_BASIS_X,
                base,
                TABLE_SIZE,
                Weight::Regular,
                INK,
                cell(&row.basis, i),
            );
            let amount = cell(&row.amount, i);
            self.text_right(COL_AMOUNT_RIGHT, base, TABLE_SIZE, Weight::Regular, INK, amount);
        }
        let h = 2.0 * ROW_PAD + (end - start) as f32 * TABLE_LEADING;
        self.y = top + h;
        let y = self.y;
        self.page().push(rule(y, 0.5, RULE));
        self.fresh = false;
    }

    /// Every page with its footer, and for a draft the watermark behind.
    pub(super) fn finish(self) -> Vec<Vec<Op>> {
        let total = self.pages.len();
        let fonts = self.fonts;
        let footer_w = CONTENT_W - 80.0;
        let footer = clamp(
            &fonts.regular,
            wrap(&fonts.regular, &self.doc.footer, 7.0, footer_w),
            3,
            7.0,
            footer_w,
        );
        let mut out = Vec::with_capacity(total);
        for (i, ops) in self.pages.into_iter().enumerate() {
            let mut page = Vec::with_capacity(ops.len() + 8);
            if self.doc.draft {
                page.push(watermark(&fonts.bold));
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
fn rule(y: f32, width: f32, color: Rgb) -> Op {
    Op::HLine {
        x1: LEFT,
        x2: RIGHT,
        y,
        width,
        color,
    }
}

/// A shaded band across the content's width, `h` high from `top`.
fn shaded(top: f32, h: f32) -> Op {
    Op::Rect {
        x: LEFT,
        y: top,
        w: CONTENT_W,
        h,
        color: SHADE,
    }
}
