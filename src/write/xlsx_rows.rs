//! A worksheet of many rows, written straight into the saved workbook.
//!
//! `rust_xlsxwriter` holds every cell of a worksheet until the workbook is
//! saved: about 1,7 KiB a line of `calc`'s `Rader` sheet, 435 MiB for a
//! year of 250 000 lines. Its constant-memory mode would not, but with it on
//! every worksheet of every workbook opens a temporary file and panics when
//! it cannot (docs/performance.md).
//!
//! So the writer lays out the sheet around its rows: the header, the column
//! widths, the frozen panes, the filter, and one *prototype* row whose
//! number cells carry each column's style. After the workbook is saved, its
//! zip is copied entry by entry (compressed data as it is), and in this
//! sheet's XML the prototype row is replaced by the rows, made one at a time
//! on this thread and deflated on a second as they are written: they are
//! never held. Strings are
//! written inline (`t="inlineStr"`), as the writer's constant-memory mode
//! writes them, with the same escapes; numbers as the writer writes them.
//!
//! The prototype must be found where it was put, with the styles asked
//! for; a workbook writer that laid out its sheets differently would make
//! this an error, never a wrong file.

use std::io::{Cursor, Read, Write};
use std::sync::mpsc::{sync_channel, SyncSender};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{column_number_to_name, ColNum, RowNum, XlsxError};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The deflate level of the streamed sheet. The sheet is most of a large
/// workbook, and deflating it most of the time: at 250 000 lines, level 6
/// (the writer's) took about twice as long as level 2 for a file a fifth
/// smaller; level 1 was no faster than 2 and made it two fifths larger
/// (docs/performance.md).
const LEVEL: i64 = 2;

/// One cell of a streamed row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    /// A text, in the default style.
    Text(&'a str),
    /// A number, in its column's style (the prototype's).
    Number(Decimal),
}

/// A sheet whose rows are streamed: which sheet, where its rows start,
/// which of its columns hold numbers, and how many rows there are.
#[derive(Debug, Clone)]
pub struct Streamed {
    /// The sheet's position in the workbook, from 1: the writer stores it
    /// as `xl/worksheets/sheet{n}.xml`.
    pub sheet: usize,
    /// The first row (0-based), where the prototype goes.
    pub first_row: RowNum,
    /// Per column: whether it holds numbers (in the prototype's style for
    /// the column) rather than texts. A row has at most these columns.
    pub numbers: Vec<bool>,
    /// How many rows [`Streamed::splice`] will write.
    pub rows: u64,
}

/// The rows being written: each cell's style comes from the prototype.
/// Rows are made into a buffer; each full buffer goes to the thread that
/// deflates the sheet.
pub struct Rows {
    sink: SyncSender<Vec<u8>>,
    buf: Vec<u8>,
    /// Per column: its name (`A`) and the style of its number cells.
    columns: Vec<(String, Option<u32>)>,
    /// The next row, 1-based as the XML counts.
    row: u64,
}

/// The characters a cell's text may have.
const MAX_TEXT: usize = 32_767;

/// The rows of a worksheet.
pub const ROW_LIMIT: u64 = 1_048_576;

/// Whether a cell may hold `text`, as the writer checks it.
pub fn check_text(text: &str) -> Result<(), XlsxError> {
    if text.len() > MAX_TEXT && text.chars().count() > MAX_TEXT {
        return Err(XlsxError::MaxStringLengthExceeded);
    }
    Ok(())
}

/// Rows are handed to the deflating thread in buffers of about this size.
const CHUNK: usize = 1 << 16;

impl Rows {
    /// Writes the next row: `cells[i]` goes in column `i`. A row that
    /// cannot be written leaves nothing of itself behind.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let start = self.buf.len();
        let written = self.cells(cells);
        if written.is_err() {
            self.buf.truncate(start);
            return written;
        }
        self.row += 1;
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn cells(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let r = self.row;
        if cells.len() > self.columns.len() {
            return Err(XlsxError::CustomError(format!(
                "a streamed row has {} cells, its sheet {} columns",
                cells.len(),
                self.columns.len()
            )));
        }
        self.buf.extend_from_slice(b"<row r=\"");
        push_u64(&mut self.buf, r);
        self.buf.extend_from_slice(b"\">");
        for ((name, style), cell) in self.columns.iter().zip(cells) {
            match *cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    check_text(t)?;
                    if !t.is_empty() {
                        inline_string(&mut self.buf, name, r, t);
                    }
                }
                Cell::Number(d) => {
                    let Some(style) = style else {
                        return Err(XlsxError::CustomError(format!(
                            "a number in column {name}, a text column of the streamed sheet"
                        )));
                    };
                    number_cell(&mut self.buf, name, r, *style, d);
                }
            }
        }
        self.buf.extend_from_slice(b"</row>");
        Ok(())
    }

    fn flush(&mut self) -> Result<(), XlsxError> {
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK + 4096));
        self.sink.send(full).map_err(|_| stopped())
    }
}

fn stopped() -> XlsxError {
    XlsxError::CustomError("the thread deflating the streamed sheet stopped".to_string())
}

impl Streamed {
    /// Puts the prototype row into the sheet through `number` (the sheet's
    /// own way of writing a number in a column's style, without fitting the
    /// column to it): a number in each number column. Nothing when there
    /// are no rows: the sheet is then saved as it is.
    pub fn prototype(
        &self,
        mut number: impl FnMut(RowNum, ColNum) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        if self.rows == 0 {
            return Ok(());
        }
        for (col, &n) in (0..).zip(&self.numbers) {
            if n {
                number(self.first_row, col)?;
            }
        }
        Ok(())
    }

    /// The saved `workbook` with the prototype row of the sheet replaced by
    /// the rows `fill` writes, which must be [`Streamed::rows`] of them;
    /// the workbook unchanged when there are none.
    pub fn splice(
        &self,
        workbook: Vec<u8>,
        fill: impl FnOnce(&mut Rows) -> Result<(), XlsxError>,
    ) -> Result<Vec<u8>, XlsxError> {
        if self.rows == 0 {
            return Ok(workbook);
        }
        let name = format!("xl/worksheets/sheet{}.xml", self.sheet);
        let mut zip = ZipArchive::new(Cursor::new(workbook.as_slice()))?;
        let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(workbook.len())));
        let mut fill = Some(fill);
        for i in 0..zip.len() {
            if zip.by_index_raw(i)?.name() != name {
                out.raw_copy_file(zip.by_index_raw(i)?)?;
                continue;
            }
            let Some(fill) = fill.take() else {
                return Err(XlsxError::CustomError(format!("the workbook has {name} twice")));
            };
            let mut entry = zip.by_index(i)?;
            let modified = entry.last_modified().unwrap_or_default();
            let permissions = entry.unix_mode();
            let mut xml = String::new();
            entry.read_to_string(&mut xml)?;
            drop(entry);
            let parts = Prototype::find(&xml, self.first_row, &self.numbers)?;
            let first = u64::from(self.first_row) + 1;
            let last = first + self.rows - 1;
            if last > ROW_LIMIT {
                return Err(XlsxError::RowColumnLimitError);
            }
            let head = widen_dimension(parts.head, last)?;
            let mut options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(LEVEL))
                .last_modified_time(modified);
            if let Some(mode) = permissions {
                options = options.unix_permissions(mode);
            }
            out.start_file(name.as_str(), options)?;
            out.write_all(head.as_bytes())?;
            // The rows are made on this thread and deflated on another.
            let (sink, chunks) = sync_channel::<Vec<u8>>(4);
            let mut rows = Rows {
                sink,
                buf: Vec::with_capacity(CHUNK + 4096),
                columns: (0..)
                    .zip(&parts.styles)
                    .map(|(c, s)| (column_number_to_name(c), *s))
                    .collect(),
                row: first,
            };
            let (filled, deflated) = std::thread::scope(|scope| {
                let deflater = scope.spawn(move || {
                    for chunk in chunks {
                        out.write_all(&chunk)?;
                    }
                    Ok::<_, std::io::Error>(out)
                });
                let filled = fill(&mut rows).and_then(|()| rows.flush());
                drop(rows.sink);
                (filled.map(|()| rows.row), deflater.join())
            });
            out = deflated.map_err(|_| stopped())??;
            let next = filled?;
            if next != last + 1 {
                return Err(XlsxError::CustomError(format!(
                    "the streamed sheet was to have {} rows, and {} were written",
                    self.rows,
                    next - first
                )));
            }
            out.write_all(parts.tail.as_bytes())?;
        }
        if fill.is_some() {
            return Err(XlsxError::CustomError(format!("the workbook has no {name}")));
        }
        Ok(out.finish()?.into_inner())
    }
}

/// The sheet's XML around its prototype row, and the prototype's styles.
struct Prototype<'x> {
    head: &'x str,
    tail: &'x str,
    styles: Vec<Option<u32>>,
}

impl<'x> Prototype<'x> {
    fn find(xml: &'x str, row: RowNum, columns: &[bool]) -> Result<Prototype<'x>, XlsxError> {
        let r = u64::from(row) + 1;
        let missing =
            |what: &str| XlsxError::CustomError(format!("the streamed sheet's prototype row {r}: {what}"));
        let start = xml
            .find(&format!("<row r=\"{r}\""))
            .ok_or_else(|| missing("not found"))?;
        let len = xml[start..].find("</row>").ok_or_else(|| missing("not closed"))?;
        let end = start + len + "</row>".len();
        let cells = &xml[start..end];
        let mut styles = Vec::with_capacity(columns.len());
        for (col, &number) in (0..).zip(columns) {
            if !number {
                styles.push(None);
                continue;
            }
            let open = format!("<c r=\"{}{r}\"", column_number_to_name(col));
            let at = cells
                .find(&open)
                .ok_or_else(|| missing(&format!("no number in column {col}")))?;
            let tag = &cells[at..at
                + cells[at..]
                    .find('>')
                    .ok_or_else(|| missing("a cell not closed"))?];
            let style = match tag.split_once(" s=\"") {
                None => 0,
                Some((_, s)) => s
                    .split('"')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| missing("a style that is not a number"))?,
            };
            styles.push(Some(style));
        }
        // The rows replace the prototype, so nothing may follow it.
        if !xml[end..].starts_with("</sheetData>") {
            return Err(missing("not the sheet's last row"));
        }
        Ok(Prototype {
            head: &xml[..start],
            tail: &xml[end..],
            styles,
        })
    }
}

/// The sheet's `<dimension ref="A1:J2"/>` reaching down to `last_row`
/// (1-based).
fn widen_dimension(head: &str, last_row: u64) -> Result<String, XlsxError> {
    let open = "<dimension ref=\"";
    let bad = || XlsxError::CustomError("the streamed sheet has no dimension".to_string());
    let at = head.find(open).ok_or_else(bad)? + open.len();
    let len = head[at..].find('"').ok_or_else(bad)?;
    let range = &head[at..at + len];
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    let col: String = last.chars().take_while(char::is_ascii_uppercase).collect();
    Ok(format!(
        "{}{first}:{col}{last_row}{}",
        &head[..at],
        &head[at + len..]
    ))
}

/// `<c r="C7" t="inlineStr"><is><t>text</t></is></c>`, as the writer's
/// constant-memory mode writes a string in the default style.
fn inline_string(buf: &mut Vec<u8>, col: &str, row: u64, text: &str) {
    buf.extend_from_slice(b"<c r=\"");
    buf.extend_from_slice(col.as_bytes());
    push_u64(buf, row);
    buf.extend_from_slice(b"\" t=\"inlineStr\"><is><t");
    let whitespace = ['\t', '\n', ' '];
    if text.starts_with(whitespace) || text.ends_with(whitespace) {
        buf.extend_from_slice(b" xml:space=\"preserve\"");
    }
    buf.push(b'>');
    escape(buf, text);
    buf.extend_from_slice(b"</t></is></c>");
}

/// `<c r="I7" s="3"><v>2588</v></c>`.
fn number_cell(buf: &mut Vec<u8>, col: &str, row: u64, style: u32, value: Decimal) {
    buf.extend_from_slice(b"<c r=\"");
    buf.extend_from_slice(col.as_bytes());
    push_u64(buf, row);
    buf.push(b'"');
    if style > 0 {
        buf.extend_from_slice(b" s=\"");
        push_u64(buf, u64::from(style));
        buf.push(b'"');
    }
    buf.extend_from_slice(b"><v>");
    push_number(buf, value);
    buf.extend_from_slice(b"</v></c>");
}

/// The number a cell holds, as the writer writes it: the double nearest to
/// the decimal ([`super::xlsx::number`]), in Rust's shortest form. A whole
/// number below 2⁵³ is that double exactly, and its digits are that form.
fn push_number(buf: &mut Vec<u8>, value: Decimal) {
    const EXACT: i64 = 1 << 53;
    // A negative zero goes the writer's way, which keeps its sign.
    if value.fract().is_zero() && !(value.is_zero() && value.is_sign_negative()) {
        if let Some(i) = value.to_i64().filter(|i| i.unsigned_abs() < EXACT as u64) {
            if i < 0 {
                buf.push(b'-');
            }
            push_u64(buf, i.unsigned_abs());
            return;
        }
    }
    let _ = write!(buf, "{}", super::xlsx::number(value));
}

fn push_u64(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(crate::number::digits(u128::from(n), &mut [0; 40]).as_bytes());
}

/// A text as the writer escapes a string's XML: a literal `_xHHHH_` keeps
/// its underscore as `_x005F_`, control characters (except tab and line
/// feed) and U+FFFE/U+FFFF become `_xHHHH_`, then quick-xml escapes `&`,
/// `<` and `>`.
fn escape(buf: &mut Vec<u8>, text: &str) {
    let plain = |c: char| !matches!(c, '\0'..='\x08' | '\x0B'..='\x1F' | '\u{FFFE}' | '\u{FFFF}');
    if !text.contains("_x") && text.chars().all(plain) {
        buf.extend_from_slice(quick_xml::escape::partial_escape(text).as_bytes());
        return;
    }
    let mut s = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if c == '_' && is_escape_sequence(&text[i..]) {
            s.push_str("_x005F");
        }
        if plain(c) {
            s.push(c);
        } else {
            let _ = std::fmt::Write::write_fmt(&mut s, format_args!("_x{:04X}_", u32::from(c)));
        }
    }
    buf.extend_from_slice(quick_xml::escape::partial_escape(&s).as_bytes());
}

/// Whether `s` starts with `_xHHHH_` (four hexadecimal digits).
fn is_escape_sequence(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[6] == b'_' && b[2..6].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut buf = Vec::new();
        escape(&mut buf, text);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn texts_are_escaped_as_the_workbook_writer_escapes_them() {
        assert_eq!(escaped("Borås & Co <x>"), "Borås &amp; Co &lt;x&gt;");
        assert_eq!(escaped("\"quoted\" 'text'"), "\"quoted\" 'text'");
        assert_eq!(escaped("a\u{1}b\tc\nd\u{1F}"), "a_x0001_b\tc\nd_x001F_");
        assert_eq!(
            escaped("_x0041_ and _x41_ and _xZZZZ_"),
            "_x005F_x0041_ and _x41_ and _xZZZZ_"
        );
        assert_eq!(escaped("\u{FFFE}"), "_xFFFE_");
        assert_eq!(escaped("_x00e5_"), "_x005F_x00e5_");
    }

    #[test]
    fn numbers_are_the_doubles_the_writer_writes() {
        for text in [
            "0",
            "2588",
            "-2588",
            "880014.00",
            "-1500.25",
            "0.1",
            "9007199254740991",
            "9007199254740992",
            "-9007199254740993",
            "123456789012345678901234",
            "0.000001",
            "1e-3",
            "-0",
        ] {
            let d: Decimal = match text.parse() {
                Ok(d) => d,
                Err(_) => Decimal::from_scientific(text).unwrap(),
            };
            for d in [d, -d] {
                let mut buf = Vec::new();
                push_number(&mut buf, d);
                let want = format!("{}", super::super::xlsx::number(d));
                assert_eq!(String::from_utf8(buf).unwrap(), want, "{d}");
            }
        }
        // A zero with its sign set, as rounding a small negative amount
        // can leave it.
        let mut zero = Decimal::ZERO;
        zero.set_sign_negative(true);
        let mut buf = Vec::new();
        push_number(&mut buf, zero);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            format!("{}", super::super::xlsx::number(zero))
        );
    }

    /// A sheet of `texts` and numbers made by the workbook writer alone, and
    /// the same streamed, read back by calamine: the same cells.
    #[test]
    fn streamed_rows_read_back_as_the_writer_writes_them() {
        use calamine::{Data, Reader, Xlsx};
        use rust_xlsxwriter::{Format, Workbook, Worksheet};

        let texts = [
            "Borås & Co <x> \"q\" 'a'",
            " leading and trailing\t",
            "_x0041_ stays itself",
            "line\nbreak",
            "control\u{1}\u{1F}",
            "Å ä ö × – €",
            "=SUM(A1)",
            "",
        ];
        let numbers: Vec<Decimal> = ["2588", "-1500.25", "0.1", "9007199254740993", "0"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        let kr = Format::new().set_num_format("#,##0 \"kr\"");
        let book = |streamed: bool| {
            let mut ws = Worksheet::new();
            ws.set_name("Rader").unwrap();
            ws.write_string(0, 0, "Text").unwrap();
            ws.write_string(0, 1, "Belopp").unwrap();
            let rows = Streamed {
                sheet: 1,
                first_row: 1,
                numbers: vec![false, true],
                rows: (texts.len() * numbers.len()) as u64,
            };
            let cells = || texts.iter().flat_map(|t| numbers.iter().map(move |n| (*t, *n)));
            if streamed {
                rows.prototype(|row, col| ws.write_number_with_format(row, col, 0.0, &kr).map(drop))
                    .unwrap();
            } else {
                for (row, (t, n)) in (1..).zip(cells()) {
                    if !t.is_empty() {
                        ws.write_string(row, 0, t).unwrap();
                    }
                    ws.write_number_with_format(row, 1, crate::write::xlsx::number(n), &kr)
                        .unwrap();
                }
            }
            let mut wb = Workbook::new();
            wb.push_worksheet(ws);
            let bytes = wb.save_to_buffer().unwrap();
            if !streamed {
                return bytes;
            }
            rows.splice(bytes, |r| {
                cells().try_for_each(|(t, n)| r.row(&[Cell::Text(t), Cell::Number(n)]))
            })
            .unwrap()
        };
        let read = |bytes: Vec<u8>| {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
            wb.worksheet_range("Rader").unwrap()
        };
        let (whole, streamed) = (read(book(false)), read(book(true)));
        assert_eq!(streamed.end(), Some(((texts.len() * numbers.len()) as u32, 1)));
        let cells: Vec<&Data> = streamed.cells().map(|(_, _, d)| d).collect();
        assert_eq!(cells, whole.cells().map(|(_, _, d)| d).collect::<Vec<_>>());
        assert!(cells.contains(&&Data::String("_x0041_ stays itself".into())));
        assert!(cells.contains(&&Data::String(" leading and trailing\t".into())));
        assert!(cells.contains(&&Data::Float(-1500.25)));
    }

    #[test]
    fn a_streamed_sheet_must_get_the_rows_it_was_promised() {
        use rust_xlsxwriter::{Workbook, Worksheet};
        let rows = Streamed {
            sheet: 1,
            first_row: 1,
            numbers: vec![true],
            rows: 3,
        };
        let mut ws = Worksheet::new();
        rows.prototype(|row, col| ws.write_number(row, col, 0.0).map(drop))
            .unwrap();
        let mut wb = Workbook::new();
        wb.push_worksheet(ws);
        let bytes = wb.save_to_buffer().unwrap();
        let two = |r: &mut Rows| (0..2).try_for_each(|_| r.row(&[Cell::Number(Decimal::ONE)]));
        assert!(rows.splice(bytes.clone(), two).is_err());
        let text = |r: &mut Rows| r.row(&[Cell::Text("x"), Cell::Empty]);
        assert!(
            rows.splice(bytes.clone(), text).is_err(),
            "more cells than columns"
        );
        let long = "å".repeat(MAX_TEXT + 1);
        let too_long = |r: &mut Rows| r.row(&[Cell::Text(&long)]);
        assert!(matches!(
            rows.splice(bytes.clone(), too_long),
            Err(XlsxError::MaxStringLengthExceeded)
        ));
        let longest = "å".repeat(MAX_TEXT);
        let at_most = |r: &mut Rows| {
            r.row(&[Cell::Text(&longest)])?;
            (0..2).try_for_each(|_| r.row(&[Cell::Number(Decimal::ONE)]))
        };
        assert!(rows.splice(bytes.clone(), at_most).is_ok());
        let three = |r: &mut Rows| (0..3).try_for_each(|_| r.row(&[Cell::Number(Decimal::ONE)]));
        assert!(rows.splice(bytes, three).is_ok());
    }

    #[test]
    fn the_dimension_reaches_the_last_row() {
        let head = "<worksheet><dimension ref=\"A1:J2\"/><sheetViews>";
        assert_eq!(
            widen_dimension(head, 250001).unwrap(),
            "<worksheet><dimension ref=\"A1:J250001\"/><sheetViews>"
        );
        assert_eq!(
            widen_dimension("<dimension ref=\"B3\"/>", 9).unwrap(),
            "<dimension ref=\"B3:B9\"/>"
        );
        assert!(widen_dimension("<worksheet>", 9).is_err());
    }

    #[test]
    fn the_prototype_gives_each_number_columns_style() {
        let xml = "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>\
                   <row r=\"2\" spans=\"1:3\"><c r=\"A2\" s=\"3\"><v>0</v></c><c r=\"C2\"><v>0</v></c></row>\
                   </sheetData>";
        let p = Prototype::find(xml, 1, &[true, false, true]).unwrap();
        assert_eq!(p.styles, [Some(3), None, Some(0)]);
        assert!(p.head.ends_with("</row>"));
        assert_eq!(p.tail, "</sheetData>");
        assert!(Prototype::find(xml, 2, &[true]).is_err(), "no row 3");
        assert!(
            Prototype::find(xml, 0, &[false]).is_err(),
            "row 1 is not the last"
        );
        assert!(
            Prototype::find(xml, 1, &[false, true]).is_err(),
            "no number in B2"
        );
    }
}
