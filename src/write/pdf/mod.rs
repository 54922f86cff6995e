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
//!
//! The parts: `doc` (what an invoice shows), `geometry` (the page in
//! points, colours), `fonts` (the embedded fonts and their metrics), `text`
//! (cleaning, words, wrapping), `canvas` (what every layout of pass 1
//! shares: the draw operations, the pages and the cursor, tables of
//! wrapped cells split across pages, the footers), `invoice` (pass 1 of an
//! invoice), `writer` (pass 2, for any layout's pages).

mod canvas;
mod doc;
mod fonts;
mod geometry;
mod invoice;
mod letter;
#[cfg(test)]
mod tests;
mod text;
mod writer;

pub use doc::{Bar, InvoiceDoc, InvoiceLine, LetterDoc, LetterTable, Party, Section};
use fonts::Fonts;
use writer::write_pdf;

/// zlib's highest level, at which every PDF was deflated before an
/// invoice could ask for less.
const MOST: u8 = 9;

/// A letter as the bytes of a PDF file. Never fails, as [`render`].
pub fn render_letter(doc: &LetterDoc) -> Vec<u8> {
    let fonts = Fonts::load();
    let pages = letter::layout(doc, &fonts);
    write_pdf(&letter::title(doc), &fonts, &pages, MOST)
}

/// Letters one after the other in one PDF file titled `title`, each with
/// its own page numbers.
pub fn render_letters(docs: &[LetterDoc], title: &str) -> Vec<u8> {
    let fonts = Fonts::load();
    let pages: Vec<Vec<canvas::Op>> = docs.iter().flat_map(|d| letter::layout(d, &fonts)).collect();
    write_pdf(title, &fonts, &pages, MOST)
}

/// The invoice as the bytes of a PDF file. Never fails: any text is drawn,
/// characters the font lacks as `?`, overlong texts wrapped or cut.
pub fn render(doc: &InvoiceDoc) -> Vec<u8> {
    let fonts = Fonts::load();
    let pages = invoice::layout(doc, &fonts);
    // The most, unless the document asks for less.
    let level = match doc.deflate_level {
        0 => MOST,
        l => l.min(MOST),
    };
    write_pdf(&invoice::title(doc), &fonts, &pages, level)
}
