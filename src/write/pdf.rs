//! One invoice as an A4 PDF, written by the program itself.
//!
//! [`render`] turns an [`InvoiceDoc`] (every figure already formatted in
//! Swedish) into the bytes of a PDF file. Nothing is read from the machine:
//! the fonts are the project's own (`assets/fonts/`, Open Sans Regular and
//! Bold, Apache-2.0), compiled into the binary.
//!
//! # How the layout works
//!
//! Rendering is two passes.
//!
//! 1. **Layout** places everything on pages as draw operations ([`Op`]: text
//!    at a baseline, a filled rectangle, a line), with `y` measured from the
//!    top of the page in points (1/72 in). Text is measured with the font's
//!    advance widths (no kerning, no shaping) and wrapped greedily at spaces;
//!    a space is kept unbroken inside a grouped number (`114 091`) and before
//!    a unit (`6,53 kr`); a word wider than its column is broken after a `-`
//!    or `/`, or else between characters. Nothing is ever drawn wider than its
//!    column. The first page has the issuer top left (name, org.nr, address,
//!    bankgiro, contact), the heading (`FAKTURA`, `KREDITFAKTURA`) top right
//!    with Fakturanummer, Fakturadatum and Förfallodatum, and the recipient
//!    below it on the right, where a Swedish right-window envelope shows it.
//!    Then come the reference note, the table (Verksamhet | Underlag |
//!    Belopp, amounts right-aligned), "Summa att betala", the payment
//!    instructions and the VAT statement. The body flows down the page; a
//!    table row that does not fit moves to a new page (a row taller than a
//!    whole page is split between its lines), and every continuation page
//!    starts with a short header (issuer, invoice, recipient) and, while the
//!    table goes on, the table's header row again. When the number of pages
//!    is known, every page gets its footer (the footer text and "Sida N av
//!    M") and, for a draft, a large grey diagonal "UTKAST" behind the text.
//!    A party block longer than [`MAX_BLOCK_LINES`] lines is cut with "…" so
//!    that the top of the first page always fits.
//!
//! 2. **Writing** collects the characters each font draws, gives each a CID
//!    (in character order, from 1), subsets the font to those glyphs with
//!    `subsetter`, and embeds it as a Type0 font with a CIDFontType2
//!    descendant, a `CIDToGIDMap`, widths, and a ToUnicode CMap that maps each
//!    CID back to its character, so that copying or extracting text gives the
//!    real characters (å ä ö é × –, no-break and narrow spaces). A space the
//!    font has no glyph for is drawn with the space glyph at a suitable
//!    width; any other character the font lacks is drawn, and extracted, as
//!    `?`. Text is cleaned first: control characters become spaces, a base
//!    letter followed by a combining accent becomes the precomposed letter
//!    where one exists (`a` + ring = `å`), zero-width characters are dropped.
//!
//! The output is a function of the document alone: no clock, no random
//! document ID, no hash-ordered maps; the subset tag in the font names is an
//! FNV-1a hash of the glyphs used.

use std::cell::RefCell;
use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A party on an invoice. Empty strings/vecs mean "no fact given": leave that field out, never invent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub org_nr: String,
    pub address: Vec<String>,
    pub bankgiro: String,
    pub contact: Vec<String>,
}

/// One line of an invoice: an activity, how its amount was computed, the amount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceLine {
    pub activity: String,
    pub basis: String,
    /// Already formatted in Swedish, e.g. "880 014 kr".
    pub amount: String,
}

/// Everything one invoice shows, every figure already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceDoc {
    /// "Faktura" or "Kreditfaktura".
    pub kind: String,
    /// true: big "UTKAST" marking, no number.
    pub draft: bool,
    /// Fakturanummer (None for drafts).
    pub number: Option<String>,
    pub issuer: Party,
    pub recipient: Party,
    /// "2024-01-15".
    pub invoice_date: String,
    /// Förfallodatum.
    pub due_date: String,
    /// e.g. "Kreditering av faktura 1001" or "Delbetalning 2 av 4".
    pub reference_note: Option<String>,
    pub lines: Vec<InvoiceLine>,
    /// "Summa att betala" value, formatted "20 258 212 kr".
    pub total: String,
    /// Payment instruction lines (bankgiro, "Ange fakturanummer 1001 som referens").
    pub payment: Vec<String>,
    /// The payment box: (label, value) pairs such as ("Bankgiro",
    /// "5050-1055"), ("OCR-nummer", "202300083"), ("Att betala", "880 014 kr"),
    /// ("Förfallodatum", "2023-02-15"); empty for none.
    pub payment_box: Vec<(String, String)>,
    /// From the tariff.
    pub vat_statement: String,
    /// Tool version and SHA-256 of the inputs.
    pub footer: String,
}

/// The invoice as the bytes of a PDF file. Never fails: any text is drawn,
/// characters the font lacks as `?`, overlong texts wrapped or cut.
pub fn render(doc: &InvoiceDoc) -> Vec<u8> {
    let fonts = Fonts::load();
    let pages = layout(doc, &fonts);
    write_pdf(doc, &fonts, &pages)
}

// ---------------------------------------------------------------------------
// Page geometry, in points, y from the top of the page.

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 20.0 * MM;
const RIGHT: f32 = PAGE_W - 20.0 * MM;
const CONTENT_W: f32 = RIGHT - LEFT;
const TOP: f32 = 17.0 * MM;
/// Where the right column (heading, recipient) starts: 118 mm, the Swedish
/// address position for right-window envelopes.
const RIGHT_COL: f32 = 118.0 * MM;
const RIGHT_COL_W: f32 = RIGHT - RIGHT_COL;
/// Where the recipient's address starts at the latest.
const RECIPIENT_TOP: f32 = 50.0 * MM;
/// The footer's rule.
const FOOTER_RULE: f32 = PAGE_H - 19.0 * MM;
/// Nothing of the body goes below this.
const BODY_BOTTOM: f32 = FOOTER_RULE - 14.0;

/// The table's columns: activity and basis left-aligned, amount right-aligned.
const CELL_PAD: f32 = 6.0;
const COL_ACTIVITY_X: f32 = LEFT + CELL_PAD;
const COL_ACTIVITY_W: f32 = 180.0;
const COL_BASIS_X: f32 = COL_ACTIVITY_X + COL_ACTIVITY_W + 12.0;
const COL_BASIS_W: f32 = 188.0;
const COL_AMOUNT_RIGHT: f32 = RIGHT - CELL_PAD;
const COL_AMOUNT_W: f32 = COL_AMOUNT_RIGHT - (COL_BASIS_X + COL_BASIS_W + 12.0);

const TABLE_SIZE: f32 = 9.0;
const TABLE_LEADING: f32 = 12.0;
const ROW_PAD: f32 = 5.0;
const TABLE_HEAD_H: f32 = 20.0;

/// At most this many lines for one party block or one header value.
const MAX_BLOCK_LINES: usize = 14;

type Rgb = (f32, f32, f32);
const INK: Rgb = (0.12, 0.13, 0.15);
const MUTED: Rgb = (0.40, 0.42, 0.45);
const ACCENT: Rgb = (0.08, 0.24, 0.42);
const DRAFT_RED: Rgb = (0.72, 0.12, 0.12);
const RULE: Rgb = (0.80, 0.81, 0.83);
const SHADE: Rgb = (0.935, 0.94, 0.95);
const WATERMARK: Rgb = (0.88, 0.88, 0.89);
/// Cosine and sine of 35°, the watermark's slope; constants rather than
/// `sin_cos`, whose last digit may differ between platforms' maths libraries.
const DIAGONAL: (f32, f32) = (0.819_152, 0.573_576_4);

// ---------------------------------------------------------------------------
// Fonts.

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/OpenSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    Bold,
}

/// One embedded font and its metrics. A font that does not parse (it always
/// does: it is compiled in) would draw every character as `.notdef`.
struct Font {
    data: &'static [u8],
    face: Option<ttf_parser::Face<'static>>,
    /// PostScript name, without subset tag.
    name: &'static str,
    family: &'static str,
    weight: Weight,
    /// Scale from font units to 1/1000 em.
    scale: f32,
    /// How U+0000 to U+00FF are drawn, looked up once.
    latin1: Vec<Glyph>,
    /// How other characters are drawn, as they are met.
    others: RefCell<BTreeMap<char, Glyph>>,
}

/// How one character is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Glyph {
    /// The character text extraction gives back (`?` for one the font lacks).
    key: char,
    /// Glyph id in the full font.
    gid: u16,
    /// Advance, 1/1000 em.
    width: f32,
}

impl Font {
    fn new(data: &'static [u8], name: &'static str, weight: Weight) -> Font {
        let face = ttf_parser::Face::parse(data, 0).ok();
        let upem = face.as_ref().map(|f| f.units_per_em()).unwrap_or(1000).max(1);
        let mut font = Font {
            data,
            face,
            name,
            family: "Open Sans",
            weight,
            scale: 1000.0 / f32::from(upem),
            latin1: Vec::new(),
            others: RefCell::new(BTreeMap::new()),
        };
        font.latin1 = ('\0'..='\u{ff}').map(|c| font.lookup(c)).collect();
        font
    }

    fn gid(&self, c: char) -> Option<u16> {
        self.face
            .as_ref()?
            .glyph_index(c)
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    fn advance(&self, gid: u16) -> f32 {
        let units = self
            .face
            .as_ref()
            .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(gid)));
        units
            .map(|u| (f32::from(u) * self.scale).round())
            .unwrap_or(500.0)
    }

    /// How `c` is drawn: its own glyph; for a space the font lacks, the space
    /// glyph at that space's width; else `?`.
    fn glyph(&self, c: char) -> Glyph {
        if let Some(g) = self.latin1.get(c as usize) {
            return *g;
        }
        if let Some(g) = self.others.borrow().get(&c) {
            return *g;
        }
        let g = self.lookup(c);
        self.others.borrow_mut().insert(c, g);
        g
    }

    /// [`Font::glyph`], looked up in the font.
    fn lookup(&self, c: char) -> Glyph {
        if let Some(gid) = self.gid(c) {
            return Glyph {
                key: c,
                gid,
                width: self.advance(gid),
            };
        }
        if let Some(width) = self.space_width(c) {
            let gid = self.gid(' ').unwrap_or(0);
            return Glyph { key: c, gid, width };
        }
        let gid = self.gid('?').unwrap_or(0);
        Glyph {
            key: '?',
            gid,
            width: self.advance(gid),
        }
    }

    /// The width (1/1000 em) of a Unicode space character, None for others.
    fn space_width(&self, c: char) -> Option<f32> {
        let space = || self.gid(' ').map(|g| self.advance(g)).unwrap_or(260.0);
        let of = |c: char| self.gid(c).map(|g| self.advance(g)).unwrap_or(500.0);
        Some(match c {
            '\u{a0}' => space(),
            '\u{2000}' | '\u{2002}' => 500.0,
            '\u{2001}' | '\u{2003}' | '\u{3000}' => 1000.0,
            '\u{2004}' => 333.0,
            '\u{2005}' => 250.0,
            '\u{2006}' => 167.0,
            '\u{2007}' => of('0'),
            '\u{2008}' => of('.'),
            '\u{2009}' | '\u{202f}' => 200.0,
            '\u{200a}' => 100.0,
            '\u{205f}' => 222.0,
            _ => return None,
        })
    }

    /// Width of `s` at `size` points.
    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.glyph(c).width).sum::<f32>() * size / 1000.0
    }

    fn metric(&self, f: impl Fn(&ttf_parser::Face) -> Option<i16>, default: f32) -> f32 {
        self.face
            .as_ref()
            .and_then(f)
            .map(|v| f32::from(v) * self.scale)
            .unwrap_or(default)
    }
}

struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> Fonts {
        Fonts {
            regular: Font::new(REGULAR_TTF, "OpenSans", Weight::Regular),
            bold: Font::new(BOLD_TTF, "OpenSans-Bold", Weight::Bold),
        }
    }

    fn get(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

// ---------------------------------------------------------------------------
// Text: cleaning, words, wrapping.

/// Control characters as spaces (newlines kept), decomposed accents
/// composed, zero-width and direction marks dropped.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(composed) = chars.peek().and_then(|&m| compose(c, m)) {
            out.push(composed);
            chars.next();
            continue;
        }
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' => {}
            '\u{feff}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The precomposed letter for a base letter and a combining mark, for the
/// letters Swedish (and its neighbours) use.
fn compose(base: char, mark: char) -> Option<char> {
    let (from, to) = match mark {
        '\u{30a}' => ("aA", "åÅ"),
        '\u{308}' => ("aAoOuUeEiIy", "äÄöÖüÜëËïÏÿ"),
        '\u{301}' => ("eEaAoOuUiIyY", "éÉáÁóÓúÚíÍýÝ"),
        '\u{300}' => ("eEaAoOuUiI", "èÈàÀòÒùÙìÌ"),
        '\u{302}' => ("eEaAoOuUiI", "êÊâÂôÔûÛîÎ"),
        '\u{303}' => ("nNaAoO", "ñÑãÃõÕ"),
        '\u{327}' => ("cC", "çÇ"),
        _ => return None,
    };
    from.chars()
        .position(|b| b == base)
        .and_then(|i| to.chars().nth(i))
}

/// Units a number is kept on the same line with.
const UNITS: &[&str] = &[
    "kr",
    "tkr",
    "mnkr",
    "öre",
    "inv",
    "invånare",
    "st",
    "%",
    "kr/inv",
    "mån",
];

/// Whether the space between `prev` and `next` must not break a line: inside
/// a grouped number (`114 091`) or between a number and its unit (`6,53 kr`).
fn glued(prev: &str, next: &str) -> bool {
    if !prev.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let group = next.chars().take_while(|c| c.is_ascii_digit()).count();
    let after = next.chars().nth(group);
    if group == 3 && !after.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let unit = next.trim_end_matches([',', '.', ';', ':', ')']);
    UNITS.contains(&unit)
}

/// A paragraph's words: split at spaces, rejoined where a break is not allowed.
fn words(paragraph: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in paragraph.split(' ').filter(|p| !p.is_empty()) {
        if let Some(prev) = out.last_mut() {
            if glued(prev, piece) {
                prev.push(' ');
                prev.push_str(piece);
                continue;
            }
        }
        out.push(piece.to_string());
    }
    out
}

/// `text` as lines no wider than `max_w` at `size` points. Newlines start a
/// new line; blank lines before and after the text are dropped, so an empty
/// text gives no lines.
fn wrap(font: &Font, text: &str, size: f32, max_w: f32) -> Vec<String> {
    let max_w = max_w.max(size);
    let space_w = font.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in clean(text).split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        let mut any = false;
        for word in words(paragraph) {
            any = true;
            let word_w = font.width(&word, size);
            if !line.is_empty() && line_w + space_w + word_w <= max_w {
                line.push(' ');
                line.push_str(&word);
                line_w += space_w + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_w <= max_w {
                line = word;
                line_w = word_w;
            } else {
                let mut pieces = break_word(font, &word, size, max_w);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                line_w = font.width(&last, size);
                line = last;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        } else if !any {
            lines.push(String::new());
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let blank = lines.iter().take_while(|l| l.is_empty()).count();
    lines.split_off(blank)
}

/// A word wider than `max_w` in pieces that fit: broken after the last `-`
/// or `/` that fits, else between characters (at least one per piece).
fn break_word(font: &Font, word: &str, size: f32, max_w: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece: Vec<char> = Vec::new();
    let mut piece_w = 0.0;
    for c in word.chars() {
        let w = font.glyph(c).width * size / 1000.0;
        if !piece.is_empty() && piece_w + w > max_w {
            let soft = piece.iter().rposition(|&p| p == '-' || p == '/').map(|i| i + 1);
            let cut = match soft {
                Some(i) if i < piece.len() => i,
                _ => piece.len(),
            };
            let rest = piece.split_off(cut);
            pieces.push(piece.iter().collect::<String>());
            piece = rest;
            piece_w = piece.iter().map(|&p| font.glyph(p).width * size / 1000.0).sum();
        }
        piece.push(c);
        piece_w += w;
    }
    if !piece.is_empty() {
        pieces.push(piece.into_iter().collect());
    }
    pieces
}

/// At most `max` lines; a cut ends with "…" (still within `max_w`).
fn clamp(font: &Font, mut lines: Vec<String>, max: usize, size: f32, max_w: f32) -> Vec<String> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max.max(1));
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && font.width(&format!("{last}…"), size) > max_w {
            last.pop();
        }
        let trimmed = last.trim_end().to_string();
        *last = format!("{trimmed}…");
    }
    lines
}

// ---------------------------------------------------------------------------
// Layout.

/// One thing drawn on a page; `y` from the top of the page.
#[derive(Debug, Clone, PartialEq)]
enum Op {
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
struct Row {
    activity: Vec<String>,
    basis: Vec<String>,
    amount: Vec<String>,
}

impl Row {
    fn lines(&self) -> usize {
        self.activity
            .len()
            .max(self.basis.len())
            .max(self.amount.len())
            .max(1)
    }
}

struct Layout<'a> {
    doc: &'a InvoiceDoc,
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    /// Cursor on the current page, from the top.
    y: f32,
    /// Whether the table goes on (a new page repeats its header).
    in_table: bool,
    /// Whether nothing of the body is on the current page yet.
    fresh: bool,
}

/// The pages of `doc`, each a list of draw operations, footers included.
fn layout(doc: &InvoiceDoc, fonts: &Fonts) -> Vec<Vec<Op>> {
    let mut l = Layout {
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
fn given(s: &str) -> Option<String> {
    let s = clean(s).replace('\n', " ");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The heading: the kind in capitals, "FAKTURA" if none is given.
fn heading(doc: &InvoiceDoc) -> String {
    given(&doc.kind)
        .map(|k| k.to_uppercase())
        .unwrap_or_else(|| "FAKTURA".to_string())
}

/// The invoice named in a line: "Faktura 1001", "Kreditfaktura (utkast)".
fn short_title(doc: &InvoiceDoc) -> String {
    let kind = given(&doc.kind).unwrap_or_else(|| "Faktura".to_string());
    match number(doc) {
        _ if doc.draft => format!("{kind} (utkast)"),
        Some(n) => format!("{kind} {n}"),
        None => kind,
    }
}

/// The number shown: none for a draft, none if empty.
fn number(doc: &InvoiceDoc) -> Option<String> {
    doc.number.as_deref().filter(|_| !doc.draft).and_then(given)
}

impl Layout<'_> {
    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn text_at(&mut self, x: f32, y: f32, size: f32, weight: Weight, color: Rgb, text: String) {
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

    fn text_right(&mut self, right: f32, y: f32, size: f32, weight: Weight, color: Rgb, text: String) {
        let w = self.fonts.get(weight).width(&text, size);
        self.text_at(right - w, y, size, weight, color, text);
    }

    /// Draws wrapped lines from the baseline `y`; returns the baseline after the last.
    #[allow(clippy::too_many_arguments)]
    fn lines_at(
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

    fn wrap(&self, weight: Weight, text: &str, size: f32, max_w: f32) -> Vec<String> {
        wrap(self.fonts.get(weight), text, size, max_w)
    }

    /// A party's lines below its name: org.nr, address, bankgiro, contact.
    fn party_lines(&self, party: &Party, size: f32, max_w: f32) -> Vec<(Weight, Rgb, String)> {
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
    fn first_page_header(&mut self) {
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
    fn body(&mut self) {
        let doc = self.doc;
        if let Some(note) = &doc.reference_note {
            let lines = self.wrap(Weight::Bold, note, 10.0, CONTENT_W);
            if !lines.is_empty() {
                self.y += 4.0;
            }
            for line in lines {
                self.ensure(14.0);
                self.text_at(LEFT, self.y + 10.0, 10.0, Weight::Bold, INK, line);
                self.y += 14.0;
            }
            self.y += 8.0;
        }

        // The table, its header kept with (up to three lines of) the first row.
        let rows: Vec<Row> = doc
            .lines
            .iter()
            .map(|line| Row {
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

        // Summa att betala.
        let label = "Summa att betala";
        let label_w = self.fonts.bold.width(label, 11.0);
        let value_w = COL_AMOUNT_RIGHT - (COL_BASIS_X + label_w + 16.0);
        let total = self.wrap(Weight::Bold, &doc.total, 11.0, value_w);
        let total = clamp(self.fonts.get(Weight::Bold), total, 4, 11.0, value_w);
        let box_h = 12.0 + 14.0 * total.len().max(1) as f32;
        self.y += 6.0;
        self.ensure(box_h);
        let top = self.y;
        self.page().push(Op::Rect {
            x: LEFT,
            y: top,
            w: CONTENT_W,
            h: box_h,
            color: SHADE,
        });
        self.page().push(Op::HLine {
            x1: LEFT,
            x2: RIGHT,
            y: top,
            width: 1.0,
            color: ACCENT,
        });
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

        // Payment instructions.
        let payment: Vec<String> = doc
            .payment
            .iter()
            .flat_map(|p| self.wrap(Weight::Regular, p, 9.5, CONTENT_W))
            .collect();
        if !payment.is_empty() {
            self.ensure(16.0 + 13.0);
            self.text_at(
                LEFT,
                self.y + 9.0,
                9.0,
                Weight::Bold,
                ACCENT,
                "Betalning".to_string(),
            );
            self.y += 16.0;
            for line in payment {
                self.ensure(13.0);
                self.text_at(LEFT, self.y + 9.5, 9.5, Weight::Regular, INK, line);
                self.y += 13.0;
            }
            self.y += 12.0;
        }
        self.payment_box();

        // VAT statement.
        let vat = self.wrap(Weight::Regular, &doc.vat_statement, 8.5, CONTENT_W);
        if !vat.is_empty() {
            self.ensure(16.0 + 12.0);
            self.text_at(LEFT, self.y + 9.0, 9.0, Weight::Bold, ACCENT, "Moms".to_string());
            self.y += 16.0;
            for line in vat {
                self.ensure(12.0);
                self.text_at(LEFT, self.y + 8.5, 8.5, Weight::Regular, MUTED, line);
                self.y += 12.0;
            }
        }
    }

    /// The payment box: a shaded band ruled above and below, one column per
    /// (label, value), the label small above the value in bold.
    fn payment_box(&mut self) {
        let doc = self.doc;
        if doc.payment_box.is_empty() {
            return;
        }
        let n = doc.payment_box.len();
        let col_w = CONTENT_W / n as f32;
        let h = 38.0;
        self.ensure(h + 12.0);
        let top = self.y;
        self.page().push(Op::Rect {
            x: LEFT,
            y: top,
            w: CONTENT_W,
            h,
            color: SHADE,
        });
        for y in [top, top + h] {
            self.page().push(Op::HLine {
                x1: LEFT,
                x2: RIGHT,
                y,
                width: 1.0,
                color: ACCENT,
            });
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
    fn ensure(&mut self, h: f32) {
        if self.y + h > BODY_BOTTOM && !self.fresh {
            self.new_page();
        }
        self.fresh = false;
    }

    /// A continuation page: a short header, and the table's header if the table goes on.
    fn new_page(&mut self) {
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
        self.page().push(Op::HLine {
            x1: LEFT,
            x2: RIGHT,
            y: TOP + 29.0,
            width: 0.5,
            color: RULE,
        });
        self.y = TOP + 44.0;
        self.fresh = true;
        if self.in_table {
            self.table_header();
        }
    }

    fn table_header(&mut self) {
        let y = self.y;
        self.page().push(Op::Rect {
            x: LEFT,
            y,
            w: CONTENT_W,
            h: TABLE_HEAD_H,
            color: SHADE,
        });
        self.page().push(Op::HLine {
            x1: LEFT,
            x2: RIGHT,
            y: y + TABLE_HEAD_H,
            width: 0.8,
            color: ACCENT,
        });
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
    fn table_row(&mut self, row: &Row) {
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
    fn row_lines(&mut self, row: &Row, start: usize, end: usize) {
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
        self.page().push(Op::HLine {
            x1: LEFT,
            x2: RIGHT,
            y,
            width: 0.5,
            color: RULE,
        });
        self.fresh = false;
    }

    /// Every page with its footer, and for a draft the watermark behind.
    fn finish(self) -> Vec<Vec<Op>> {
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
            page.push(Op::HLine {
                x1: LEFT,
                x2: RIGHT,
                y: FOOTER_RULE,
                width: 0.5,
                color: RULE,
            });
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
fn watermark(bold: &Font) -> Op {
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

// ---------------------------------------------------------------------------
// Writing the PDF.

/// The characters one font draws, each with its CID.
struct Used {
    /// Character (as drawn: `Glyph::key`) to CID and glyph.
    cids: BTreeMap<char, (u16, Glyph)>,
}

impl Used {
    fn collect(font: &Font, pages: &[Vec<Op>]) -> Used {
        let mut glyphs: BTreeMap<char, Glyph> = BTreeMap::new();
        for op in pages.iter().flatten() {
            if let Op::Text { weight, text, .. } = op {
                if *weight == font.weight {
                    for c in text.chars() {
                        let g = font.glyph(c);
                        glyphs.entry(g.key).or_insert(g);
                    }
                }
            }
        }
        // A CID is 16 bits; past 65 534 distinct characters (never in an
        // invoice) the rest are drawn as CID 0, `.notdef`.
        let cids = glyphs
            .into_iter()
            .zip(1..=u16::MAX - 1)
            .map(|((key, glyph), cid)| (key, (cid, glyph)))
            .collect();
        Used { cids }
    }

    /// `text` as the 2-byte CIDs of an Identity-H encoded font.
    fn encode(&self, font: &Font, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let cid = self.cids.get(&font.glyph(c).key).map(|e| e.0).unwrap_or(0);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Six capital letters naming a subset, from its glyphs.
fn subset_tag(font: &Font, used: &Used) -> String {
    let bytes = font.name.bytes().chain(
        used.cids
            .values()
            .flat_map(|(cid, g)| [cid.to_be_bytes(), g.gid.to_be_bytes()])
            .flatten(),
    );
    let mut h = fnv1a(bytes);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// A stream, deflated; a font file also says its length (`Length1`).
fn flate(pdf: &mut Pdf, id: Ref, data: &[u8], font_file: bool) {
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(data, 9);
    let mut stream = pdf.stream(id, &deflated);
    stream.filter(pdf_writer::Filter::FlateDecode);
    if font_file {
        stream.pair(Name(b"Length1"), i32::try_from(data.len()).unwrap_or(i32::MAX));
    }
}

struct Refs {
    next: i32,
}

impl Refs {
    fn next(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }
}

/// Embeds one font: Type0 with a CIDFontType2 descendant, subset, widths,
/// CIDToGIDMap and ToUnicode.
fn write_font(pdf: &mut Pdf, refs: &mut Refs, font: &Font, used: &Used, type0: Ref) {
    let cid_ref = refs.next();
    let descriptor_ref = refs.next();
    let file_ref = refs.next();
    let cmap_ref = refs.next();
    let cid_to_gid_ref = refs.next();

    // The subset: glyphs renumbered in CID order.
    let mut remapper = subsetter::GlyphRemapper::new();
    for (_, glyph) in used.cids.values() {
        remapper.remap(glyph.gid);
    }
    let (file, new_gid): (Vec<u8>, Box<dyn Fn(u16) -> u16>) = match subsetter::subset(font.data, 0, &remapper)
    {
        Ok(bytes) => (bytes, Box::new(move |gid| remapper.get(gid).unwrap_or(0))),
        // The whole font, glyph ids unchanged, should subsetting ever fail.
        Err(_) => (font.data.to_vec(), Box::new(|gid| gid)),
    };

    let base = format!("{}+{}", subset_tag(font, used), font.name);
    let base = Name(base.as_bytes());

    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system_info)
        .font_descriptor(descriptor_ref)
        .cid_to_gid_map_stream(cid_to_gid_ref);
    let notdef = font.advance(0);
    cid.default_width(notdef);
    if !used.cids.is_empty() {
        let widths: Vec<f32> = used.cids.values().map(|(_, g)| g.width).collect();
        cid.widths().consecutive(1, widths);
    }
    cid.finish();

    let bbox = font.face.as_ref().map(|f| f.global_bounding_box());
    let bbox = match bbox {
        Some(b) => Rect::new(
            f32::from(b.x_min) * font.scale,
            f32::from(b.y_min) * font.scale,
            f32::from(b.x_max) * font.scale,
            f32::from(b.y_max) * font.scale,
        ),
        None => Rect::new(-500.0, -300.0, 1500.0, 1000.0),
    };
    let ascent = font.metric(|f| Some(f.ascender()), 1000.0);
    let descent = font.metric(|f| Some(f.descender()), -250.0);
    let cap_height = font.metric(|f| f.capital_height(), 714.0);
    let bold = font.weight == Weight::Bold;
    pdf.font_descriptor(descriptor_ref)
        .name(base)
        .family(Str(font.family.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .weight(if bold { 700 } else { 400 })
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap_height)
        .stem_v(if bold { 140.0 } else { 80.0 })
        .font_file2(file_ref);

    flate(pdf, file_ref, &file, true);

    let mut map = vec![0u8; 2 * (used.cids.len() + 1)];
    for (cid, glyph) in used.cids.values() {
        let at = 2 * usize::from(*cid);
        if let Some(slot) = map.get_mut(at..at + 2) {
            slot.copy_from_slice(&new_gid(glyph.gid).to_be_bytes());
        }
    }
    flate(pdf, cid_to_gid_ref, &map, false);

    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"UCS"),
        supplement: 0,
    };
    let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), info);
    for (key, (cid, _)) in &used.cids {
        cmap.pair(*cid, *key);
    }
    flate(pdf, cmap_ref, &cmap.finish(), false);
}

fn write_pdf(doc: &InvoiceDoc, fonts: &Fonts, pages: &[Vec<Op>]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut refs = Refs { next: 1 };
    let catalog = refs.next();
    let tree = refs.next();
    let info = refs.next();
    let regular_ref = refs.next();
    let bold_ref = refs.next();

    let used_regular = Used::collect(&fonts.regular, pages);
    let used_bold = Used::collect(&fonts.bold, pages);
    write_font(&mut pdf, &mut refs, &fonts.regular, &used_regular, regular_ref);
    write_font(&mut pdf, &mut refs, &fonts.bold, &used_bold, bold_ref);

    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (refs.next(), refs.next())).collect();

    pdf.catalog(catalog).pages(tree).lang(TextStr("sv-SE"));
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(page_refs.iter().map(|p| p.0)).count(count);
    let title = match doc.recipient.name.trim() {
        "" => short_title(doc),
        name => format!("{} – {}", short_title(doc), clean(name).replace('\n', " ")),
    };
    pdf.document_info(info).title(TextStr(&title));

    for (ops, (page_ref, content_ref)) in pages.iter().zip(&page_refs) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular_ref)
            .pair(Name(b"F2"), bold_ref);
        page.finish();

        let mut content = Content::new();
        for op in ops {
            match op {
                Op::Rect { x, y, w, h, color } => {
                    content.set_fill_rgb(color.0, color.1, color.2);
                    content.rect(*x, PAGE_H - y - h, *w, *h);
                    content.fill_nonzero();
                }
                Op::HLine {
                    x1,
                    x2,
                    y,
                    width,
                    color,
                } => {
                    content.set_stroke_rgb(color.0, color.1, color.2);
                    content.set_line_width(*width);
                    content.move_to(*x1, PAGE_H - y);
                    content.line_to(*x2, PAGE_H - y);
                    content.stroke();
                }
                Op::Text {
                    x,
                    y,
                    size,
                    weight,
                    color,
                    diagonal,
                    text,
                } => {
                    let (name, font, used) = match weight {
                        Weight::Regular => (Name(b"F1"), &fonts.regular, &used_regular),
                        Weight::Bold => (Name(b"F2"), &fonts.bold, &used_bold),
                    };
                    let (cos, sin) = if *diagonal { DIAGONAL } else { (1.0, 0.0) };
                    // `0.0 - sin` rather than `-sin`: no "-0" in the file.
                    let minus_sin = 0.0 - sin;
                    content.set_fill_rgb(color.0, color.1, color.2);
                    content.begin_text();
                    content.set_font(name, *size);
                    content.set_text_matrix([cos, sin, minus_sin, cos, *x, PAGE_H - y]);
                    content.show(Str(&used.encode(font, text)));
                    content.end_text();
                }
            }
        }
        flate(&mut pdf, *content_ref, &content.finish(), false);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(name: &str, org_nr: &str, address: &[&str], bankgiro: &str, contact: &[&str]) -> Party {
        Party {
            name: name.to_string(),
            org_nr: org_nr.to_string(),
            address: address.iter().map(|s| s.to_string()).collect(),
            bankgiro: bankgiro.to_string(),
            contact: contact.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn line(activity: &str, basis: &str, amount: &str) -> InvoiceLine {
        InvoiceLine {
            activity: activity.to_string(),
            basis: basis.to_string(),
            amount: amount.to_string(),
        }
    }

    /// Borås's invoice for 2023.
    fn boras() -> InvoiceDoc {
        InvoiceDoc {
            kind: "Faktura".to_string(),
            draft: false,
            number: Some("1001".to_string()),
            issuer: party(
                "Boråsregionen Sjuhärads kommunalförbund",
                "222000-1552",
                &["Box 55", "501 13 Borås"],
                "5050-1055",
                &["Vår referens: Ekonomienheten", "Telefon 033-35 86 00"],
            ),
            recipient: party(
                "Borås Stad",
                "212000-1561",
                &["Kommunstyrelsen", "501 80 Borås"],
                "",
                &["Er referens: Ekonomiavdelningen"],
            ),
            invoice_date: "2024-01-15".to_string(),
            due_date: "2024-02-14".to_string(),
            reference_note: None,
            lines: vec![
                line(
                    "Medlemsavgift Förbundskansli",
                    "114 091 inv × 12,75 kr",
                    "1 454 660 kr",
                ),
                line(
                    "Medlemsavgift Administration",
                    "114 091 inv × 9,20 kr",
                    "1 049 637 kr",
                ),
                line(
                    "Medlemsavgift Regional utveckling inklusive medfinansiering DRUM",
                    "114 091 inv × 11,05 kr + 114 091 inv × 37 kr (medfinansiering DRUM, Delregional \
                     utvecklingsmiljö)",
                    "5 482 073 kr",
                ),
                line(
                    "Medlemsavgifter Dataskyddsombud (DSO)",
                    "114 091 inv × 6,53 kr + 135 000 kr",
                    "880 014 kr",
                ),
                line(
                    "Medarbetarcentrum (MC)",
                    "Avtal 2022: 1 520 000 kr × 1,025",
                    "1 558 000 kr",
                ),
                line(
                    "Vård- och omsorgscollege",
                    "Andel 38,68 % av 1 200 000 kr",
                    "464 160 kr",
                ),
                line(
                    "Navet science center",
                    "Avtal 2022: 2 731 707 kr × 1,025",
                    "2 800 000 kr",
                ),
                line("Närvårdssamverkan (NVS)", "114 091 inv × 6 kr", "684 546 kr"),
                line("Business Region Borås", "114 091 inv × 6 kr", "684 546 kr"),
            ],
            total: "14 557 636 kr".to_string(),
            payment: vec![
                "Betala till bankgiro 5050-1055 senast 2024-02-14.".to_string(),
                "Ange fakturanummer 1001 som referens.".to_string(),
            ],
            payment_box: vec![
                ("Bankgiro".to_string(), "5050-1055".to_string()),
                ("OCR-nummer".to_string(), "202410013".to_string()),
                ("Att betala".to_string(), "14 557 636 kr".to_string()),
                ("Förfallodatum".to_string(), "2024-02-14".to_string()),
            ],
            vat_statement: "Avgifterna är inte momspliktiga: kommunal samverkan inom förbundet (3 kap. \
                            mervärdesskattelagen)."
                .to_string(),
            footer: "avgift 0.1.0 · indata SHA-256 \
                     9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                .to_string(),
        }
    }

    /// The text of every page, as a PDF reader extracts it.
    fn extract(pdf: &[u8]) -> Vec<String> {
        let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
        let pages = doc.get_pages();
        pages
            .keys()
            .map(|n| doc.extract_text(&[*n]).expect("text extracts"))
            .collect()
    }

    /// Writes sample invoices to `target/` to look at:
    /// `cargo test --lib write::pdf::tests::sample -- --ignored`.
    #[test]
    #[ignore]
    fn sample() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        std::fs::create_dir_all(&dir).expect("target/");
        std::fs::write(dir.join("sample-invoice.pdf"), render(&boras())).expect("written");
        let mut draft = boras();
        draft.draft = true;
        draft.number = None;
        draft.kind = "Kreditfaktura".to_string();
        draft.reference_note = Some("Kreditering av faktura 1001".to_string());
        draft.lines = (0..40).flat_map(|_| boras().lines).collect();
        std::fs::write(dir.join("sample-draft.pdf"), render(&draft)).expect("written");
    }

    #[test]
    fn final_invoice_shows_recipient_number_amounts_and_total() {
        let doc = boras();
        let pages = extract(&render(&doc));
        assert_eq!(pages.len(), 1);
        let text = &pages[0];
        for expected in [
            "Borås Stad",
            "FAKTURA",
            "Fakturanummer",
            "1001",
            "Fakturadatum",
            "2024-01-15",
            "Förfallodatum",
            "2024-02-14",
            "Verksamhet",
            "Underlag",
            "Belopp",
            "Medlemsavgifter Dataskyddsombud",
            "114 091 inv × 6,53 kr + 135 000 kr",
            "Summa att betala",
            "14 557 636 kr",
            "Org.nr 222000-1552",
            "Bankgiro 5050-1055",
            "Ange fakturanummer 1001 som referens.",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "Sida 1 av 1",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
        for l in &doc.lines {
            assert!(text.contains(&l.amount), "{:?} missing from:\n{text}", l.amount);
        }
        assert!(!text.contains("UTKAST"));
    }

    #[test]
    fn draft_shows_utkast_and_no_number() {
        let mut doc = boras();
        doc.draft = true;
        doc.number = None;
        doc.kind = "Kreditfaktura".to_string();
        doc.reference_note = Some("Kreditering av faktura 1001".to_string());
        let text = extract(&render(&doc)).concat();
        assert!(text.contains("UTKAST"), "{text}");
        assert!(text.contains("KREDITFAKTURA"), "{text}");
        assert!(text.contains("Kreditering av faktura 1001"), "{text}");
        assert!(!text.contains("Fakturanummer"), "{text}");

        // A number given with a draft is not shown either.
        doc.number = Some("4711".to_string());
        let text = extract(&render(&doc)).concat();
        assert!(!text.contains("4711"), "{text}");
    }

    #[test]
    fn swedish_characters_and_spaces_extract_as_written() {
        let mut doc = boras();
        doc.recipient.name = "Vårgårda kommun".to_string();
        doc.recipient.address = vec!["ÅÄÖ åäö É é".to_string()];
        doc.lines = vec![line(
            "Närvårdssamverkan – Ödeshög",
            "12\u{a0}180 inv × 6 kr\u{202f}+ 1\u{2009}000 kr",
            "74\u{a0}080 kr",
        )];
        let text = extract(&render(&doc)).concat();
        for expected in [
            "Vårgårda kommun",
            "ÅÄÖ åäö É é",
            "Närvårdssamverkan – Ödeshög",
            "12\u{a0}180 inv × 6 kr\u{202f}+ 1\u{2009}000 kr",
            "74\u{a0}080 kr",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
    }

    #[test]
    fn many_lines_span_pages_and_every_amount_is_found() {
        let mut doc = boras();
        doc.lines = (0..120)
            .map(|i| {
                line(
                    &format!("Verksamhet nummer {i}"),
                    &format!("{i} inv × 6,53 kr + 135 000 kr"),
                    &format!("{} {:03} kr", 100 + i, i),
                )
            })
            .collect();
        let pages = extract(&render(&doc));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let n = pages.len();
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains(&format!("Sida {} av {n}", i + 1)),
                "page {i}:\n{page}"
            );
        }
        // The table header is repeated on every page the table reaches.
        let with_header = pages
            .iter()
            .filter(|p| p.contains("Verksamhet\n") || p.contains("Belopp\n"))
            .count();
        assert!(with_header >= n - 1, "header on {with_header} of {n} pages");
        let all = pages.concat();
        for l in &doc.lines {
            assert!(
                all.contains(&format!("\n{}\n", l.amount)),
                "{:?} missing",
                l.amount
            );
        }
        assert!(pages[n - 1].contains("Summa att betala"));
    }

    #[test]
    fn rendering_twice_gives_identical_bytes() {
        let doc = boras();
        assert_eq!(render(&doc), render(&doc));
        let mut draft = boras();
        draft.draft = true;
        assert_eq!(render(&draft), render(&draft));
        assert_ne!(render(&doc), render(&draft));
    }

    #[test]
    fn empty_issuer_renders_without_invented_fields() {
        let mut doc = boras();
        doc.issuer = Party::default();
        doc.recipient.org_nr.clear();
        let text = extract(&render(&doc)).concat();
        assert!(text.contains("Borås Stad"));
        assert!(!text.contains("Org.nr"), "{text}");
        assert!(!text.contains("Bankgiro 5050"), "{text}");
        // Nothing at all given still renders.
        let text = extract(&render(&InvoiceDoc::default())).concat();
        assert!(text.contains("FAKTURA") && text.contains("Sida 1 av 1"), "{text}");
    }

    /// Everything too long, missing, or out of the font's reach.
    fn hostile() -> InvoiceDoc {
        let long = "Långt".repeat(400);
        let words = "ord ".repeat(3000);
        InvoiceDoc {
            kind: "Kreditfaktura med ett mycket långt namn som inte får plats på en rad alls".to_string(),
            draft: true,
            number: Some(long.clone()),
            issuer: party(&long, &long, &[&long, &words], &long, &[&words]),
            recipient: party(&words, "\u{0}\u{7}\t\r\n", &["漢字 🧾 \u{fffd}"], "", &[]),
            invoice_date: long.clone(),
            due_date: "\n\n\n".to_string(),
            reference_note: Some(words.clone()),
            lines: (0..200)
                .map(|i| match i % 50 {
                    0 => line(&long, &words, &long),
                    _ => {
                        let activity: String = long.chars().take((i * 7) % 1000).collect();
                        line(&activity, &words[..(i * 37) % 900], "1 kr")
                    }
                })
                .collect(),
            total: long.clone(),
            payment: vec![words.clone(); 3],
            payment_box: vec![(words.clone(), words.clone()); 4],
            vat_statement: words.clone(),
            footer: words.clone(),
        }
    }

    #[test]
    fn hostile_input_renders() {
        let mut doc = hostile();
        let pages = extract(&render(&doc));
        assert!(pages.len() > 10);
        assert!(pages[0].contains("UTKAST"));
        assert!(
            pages[0].contains("?? ?"),
            "characters the font lacks are drawn as '?'"
        );
        doc.draft = false;
        assert!(extract(&render(&doc))[0].contains("Fakturanummer"));

        // Decomposed letters are composed; control characters are spaces.
        let doc = InvoiceDoc {
            lines: vec![line(
                "Va\u{30a}rga\u{30a}rda",
                "Bore\u{301}n\tX\u{7}Y",
                "1\u{200b}0 kr",
            )],
            ..InvoiceDoc::default()
        };
        let text = extract(&render(&doc)).concat();
        assert!(
            text.contains("Vårgårda") && text.contains("Borén X Y") && text.contains("10 kr"),
            "{text}"
        );
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins() {
        let fonts = Fonts::load();
        let mut doc = boras();
        doc.lines.push(line(
            "Verksamhetsövergripandeutvecklingsprojektfinansieringsavgift",
            &"114 091 inv × 6,53 kr + 135 000 kr; ".repeat(30),
            "1 234 567 890 123 456 789 kr",
        ));
        doc.issuer.name = "Sjuhäradsbygdens ".repeat(20);
        let many = InvoiceDoc {
            lines: vec![doc.lines[9].clone(); 90],
            ..doc.clone()
        };
        for doc in [doc, many, hostile()] {
            for op in layout(&doc, &fonts).iter().flatten() {
                let (x1, x2, y1, y2, what) = match op {
                    Op::Text { diagonal: true, .. } => continue,
                    Op::Text {
                        x,
                        y,
                        size,
                        weight,
                        text,
                        ..
                    } => {
                        let w = fonts.get(*weight).width(text, *size);
                        (*x, x + w, y - size, *y, text.clone())
                    }
                    Op::Rect { x, y, w, h, .. } => (*x, x + w, *y, y + h, "rectangle".to_string()),
                    Op::HLine { x1, x2, y, .. } => (*x1, *x2, *y, *y, "line".to_string()),
                };
                assert!(
                    x1 >= LEFT - 0.01 && x2 <= RIGHT + 0.01,
                    "{what:?} from x {x1} to {x2}"
                );
                let body = y1 >= TOP - 14.0 && y2 <= BODY_BOTTOM;
                let footer = y1 >= FOOTER_RULE - 0.01 && y2 <= PAGE_H - 10.0;
                assert!(body || footer, "{what:?} from y {y1} to {y2}");
            }
        }
    }

    #[test]
    fn table_cells_stay_in_their_columns() {
        let fonts = Fonts::load();
        let basis = "114 091 inv × 6,53 kr + 135 000 kr, 9 634 inv × 6,53 kr + 135 000 kr och ".repeat(4);
        let lines = wrap(&fonts.regular, &basis, TABLE_SIZE, COL_BASIS_W);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(fonts.regular.width(l, TABLE_SIZE) <= COL_BASIS_W, "{l:?}");
            // Grouped numbers and units stay whole.
            assert!(
                !l.ends_with("114") && !l.starts_with("091") && !l.starts_with("kr"),
                "{l:?}"
            );
        }
        assert_eq!(lines.join(" "), basis.trim_end());
        let pieces = wrap(
            &fonts.regular,
            "Vård-/omsorgscollegeverksamhetsutveckling",
            TABLE_SIZE,
            60.0,
        );
        assert!(pieces.len() > 1 && pieces[0].ends_with(['-', '/']), "{pieces:?}");
    }

    #[test]
    fn font_is_embedded_as_a_subset_with_tounicode() {
        let pdf = render(&boras());
        let doc = lopdf::Document::load_mem(&pdf).expect("parses");
        let mut fonts = 0;
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0") {
                fonts += 1;
                let base = dict.get(b"BaseFont").and_then(|b| b.as_name()).expect("BaseFont");
                assert_eq!(base.get(6), Some(&b'+'), "{}", String::from_utf8_lossy(base));
                assert!(dict.get(b"ToUnicode").is_ok());
            }
        }
        assert_eq!(fonts, 2);
        let files = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Length1").is_ok())
            .count();
        assert_eq!(files, 2);
        assert!(pdf.len() < 120_000, "{} bytes", pdf.len());
    }

    #[test]
    fn fonts_parse_with_tabular_digits_and_the_characters_used() {
        let fonts = Fonts::load();
        for font in [&fonts.regular, &fonts.bold] {
            assert!(font.face.is_some());
            let zero = font.glyph('0').width;
            for d in '0'..='9' {
                assert_eq!(font.glyph(d).width, zero, "{d} in {}", font.name);
            }
            for c in "åäöÅÄÖé×–…?".chars() {
                assert_eq!(font.glyph(c).key, c, "{c} in {}", font.name);
            }
            assert_eq!(font.glyph('漢').key, '?');
        }
    }
}
