//! Pass 1 of an invoice: its parts placed on pages as draw operations,
//! on the canvas every layout shares.

use std::ops::{Deref, DerefMut};

use super::canvas::*;
use super::doc::InvoiceDoc;
use super::fonts::*;
use super::geometry::*;
use super::text::*;

/// The invoice's table: Verksamhet | Underlag | Belopp.
pub(super) fn lines_grid() -> Grid {
    let column = |at, w, right| Column { at, w, right };
    Grid {
        columns: vec![
            column(COL_ACTIVITY_X, COL_ACTIVITY_W, false),
            column(COL_BASIS_X, COL_BASIS_W, false),
            column(COL_AMOUNT_RIGHT, COL_AMOUNT_W, true),
        ],
        heads: vec![
            vec!["Verksamhet".to_string()],
            vec!["Underlag".to_string()],
            vec!["Belopp".to_string()],
        ],
        size: TABLE_SIZE,
        leading: TABLE_LEADING,
        pad: ROW_PAD,
        head_size: 8.5,
        head_h: TABLE_HEAD_H,
        head_base: 13.5,
    }
}

/// The invoice being laid out on its canvas.
pub(super) struct PageLayout<'a> {
    pub(super) doc: &'a InvoiceDoc,
    pub(super) c: Canvas<'a>,
    /// Whether the table goes on (a new page repeats its header).
    pub(super) in_table: bool,
}

impl<'a> Deref for PageLayout<'a> {
    type Target = Canvas<'a>;
    fn deref(&self) -> &Canvas<'a> {
        &self.c
    }
}

impl<'a> DerefMut for PageLayout<'a> {
    fn deref_mut(&mut self) -> &mut Canvas<'a> {
        &mut self.c
    }
}

impl<'a> Flow<'a> for PageLayout<'a> {
    fn canvas(&mut self) -> &mut Canvas<'a> {
        &mut self.c
    }

    /// A continuation page: a short header, and the table's header if the table goes on.
    fn new_page(&mut self) {
        self.c.next_page(TOP + 44.0);
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
        if self.in_table {
            let grid = lines_grid();
            self.c.grid_header(&grid);
        }
    }
}

/// The pages of `doc`, each a list of draw operations, footers included.
pub(super) fn layout(doc: &InvoiceDoc, fonts: &Fonts) -> Vec<Vec<Op>> {
    let mut l = PageLayout {
        doc,
        c: Canvas::new(fonts),
        in_table: false,
    };
    l.first_page_header();
    l.body();
    l.c.finish(&doc.footer, doc.draft)
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

/// The file's title: "Faktura 1001 – Borås Stad".
pub(super) fn title(doc: &InvoiceDoc) -> String {
    match doc.recipient.name.trim() {
        "" => short_title(doc),
        name => format!("{} – {}", short_title(doc), clean(name).replace('\n', " ")),
    }
}

/// The number shown: none for a draft, none if empty.
pub(super) fn number(doc: &InvoiceDoc) -> Option<String> {
    doc.number.as_deref().filter(|_| !doc.draft).and_then(given)
}

impl PageLayout<'_> {
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
        let grid = lines_grid();
        let rows: Vec<Row> = doc
            .lines
            .iter()
            .map(|line| {
                self.row(
                    &grid,
                    &[&line.activity, &line.basis, &line.amount],
                    Weight::Regular,
                )
            })
            .collect();
        let first = rows.first().map(|r| r.lines().min(3)).unwrap_or(0);
        self.ensure(TABLE_HEAD_H + ROW_PAD * 2.0 + TABLE_LEADING * first as f32);
        self.in_table = true;
        self.c.grid_header(&grid);
        for row in &rows {
            self.table_row(&grid, row);
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
}
