//! Writers: engine results out as terminal tables (Swedish formatting), CSV
//! and JSON (`.` decimals, no grouping; or CSV in the dialect Swedish Excel
//! opens), Excel workbooks, PDF invoices, SIE files and an HTML report.
//! Files are written atomically (a temporary file, then a rename); most
//! outputs are rendered whole in memory first, while `calc`'s CSV streams its
//! lines through `CsvOut`.

pub mod calc;
pub mod chart_svg;
pub mod compare;
pub mod html;
pub mod json;
pub mod letters;
pub mod line_table;
pub mod matrix;
pub mod model;
pub mod notes;
pub mod pdf;
pub mod plan;
pub mod population;
pub mod projected;
pub mod receivables;
pub mod register;
pub mod report;
pub mod sie;
pub mod solve;
pub mod table;
pub mod ubl;
pub mod whatif;
pub mod xlsx;
pub mod xlsx_rows;

use clap::ValueEnum;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table, Swedish number format (for people).
    Table,
    /// Comma-separated values, `.` decimals, no grouping (for scripts).
    Csv,
    /// JSON, numbers with `.` decimals (for scripts).
    Json,
    /// Excel workbook (needs -o): numbers as numbers, totals as formulas.
    Xlsx,
}

impl Format {
    /// The format asked for; else the one `-o`'s extension names; else a
    /// table on a terminal and CSV when piped. Assumes [`Format::of_path`]
    /// accepted the extension.
    pub fn resolve(explicit: Option<Format>, output: Option<&std::path::Path>, terminal: bool) -> Format {
        if let Some(f) = explicit {
            return f;
        }
        match output.map(Format::of_path) {
            Some(Ok(Some(f))) => f,
            Some(_) => Format::Table,
            None if !terminal => Format::Csv,
            None => Format::Table,
        }
    }

    /// The format an output file's extension names: `.csv`, `.json`,
    /// `.xlsx`, `.txt` (the table), in any case; `Ok(None)` without an
    /// extension; the extension itself when it names none of them.
    pub fn of_path(path: &std::path::Path) -> Result<Option<Format>, String> {
        let Some(ext) = path.extension() else {
            return Ok(None);
        };
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Ok(Some(Format::Csv)),
            "json" => Ok(Some(Format::Json)),
            "xlsx" => Ok(Some(Format::Xlsx)),
            "txt" => Ok(Some(Format::Table)),
            _ => Err(ext),
        }
    }

    /// The format's name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    /// The extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

/// An amount in a CSV: `.` decimals, two places, no grouping.
pub fn money_csv(amount: rust_decimal::Decimal) -> String {
    crate::money::plain2(amount)
}

/// How CSV is written.
/// What a table's rows are: municipalities and payers, or activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Municipality,
    Activity,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CsvDialect {
    /// `,` separators, `.` decimals, no grouping, `\n` line ends (for scripts).
    #[default]
    Plain,
    /// What Swedish Excel opens directly: UTF-8 with a byte order mark, `;`
    /// separators, decimal comma (`880014,00`), no grouping, `\r\n` line
    /// ends, Swedish headers and kinds (`Typ`: `kommun`); reads back as
    /// actuals.
    ExcelSv,
}

impl CsvDialect {
    /// The header row: the documented English column names for scripts,
    /// the Swedish ones (as the workbooks head them) for people.
    pub fn header<'a>(self, english: &'a [&'a str], swedish: &'a [&'a str]) -> &'a [&'a str] {
        match self {
            CsvDialect::Plain => english,
            CsvDialect::ExcelSv => swedish,
        }
    }

    /// A line's kind as this dialect writes it: `municipality` for
    /// scripts, `kommun` for people.
    pub fn kind(self, kind: crate::engine::Kind) -> &'static str {
        match self {
            CsvDialect::Plain => kind.as_str(),
            CsvDialect::ExcelSv => kind.label_sv(),
        }
    }
}

/// One CSV field: text as it is, or a number in plain form (`-1234.50`)
/// that the dialect writes with its decimal separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Text(String),
    Number(String),
}

impl From<String> for Field {
    fn from(s: String) -> Field {
        Field::Text(s)
    }
}

impl From<&str> for Field {
    fn from(s: &str) -> Field {
        Field::Text(s.to_string())
    }
}

impl Field {
    /// A number field from its plain text; empty text is an empty field.
    pub fn number(plain: impl Into<String>) -> Field {
        Field::Number(plain.into())
    }
}

/// CSV text from rows of fields (header first) in `dialect`.
pub fn csv_text<F: Into<Field>>(dialect: CsvDialect, rows: impl IntoIterator<Item = Vec<F>>) -> String {
    let mut out = CsvOut::new(dialect);
    for row in rows {
        let row: Vec<Field> = row.into_iter().map(Into::into).collect();
        out.record(row.iter().map(|f| match f {
            Field::Text(s) => Cell::Text(s),
            Field::Number(s) => Cell::Number(s),
        }));
    }
    out.finish()
}

/// One CSV field, borrowed: text as it is, or a number in plain form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Number(&'a str),
}

/// CSV in a dialect, written record by record from borrowed fields (what
/// [`csv_text`] does, without a `String` per field): into memory, or
/// straight into a file or standard output.
///
/// The text is what the `csv` crate's writer makes with the dialect's
/// delimiter and terminator: a field is quoted when it holds the
/// delimiter, `"`, `\r` or `\n` (its quotes doubled), a record with
/// nothing in it is `""`, and every record has as many fields as the first.
/// It is written here, into a buffer handed to the output in large pieces,
/// because `calc` writes millions of fields.
pub struct CsvOut<W: std::io::Write = Vec<u8>> {
    out: W,
    buf: Vec<u8>,
    dialect: CsvDialect,
    /// The first record's number of fields.
    width: Option<u64>,
}

/// The first fields of a record, made once for many records
/// ([`CsvOut::fields`]): their bytes, delimiters between them, and how many.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    bytes: Vec<u8>,
    count: u64,
}

/// How much [`CsvOut`] buffers before writing to its output.
const CSV_BUFFER: usize = 64 * 1024;

impl CsvOut<Vec<u8>> {
    /// CSV into memory.
    pub fn new(dialect: CsvDialect) -> CsvOut<Vec<u8>> {
        let mut out = Vec::new();
        if dialect == CsvDialect::ExcelSv {
            out.extend_from_slice(BOM.as_bytes());
        }
        CsvOut::build(out, dialect)
    }

    /// Writes one record into memory (which cannot fail).
    pub fn record<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        self.write(cells).expect("writing CSV to memory");
    }

    /// A part of a CSV to be put after other records with
    /// [`write_bytes`](CsvOut::write_bytes): no byte order mark.
    pub fn part(dialect: CsvDialect) -> CsvOut<Vec<u8>> {
        CsvOut::build(Vec::new(), dialect)
    }

    /// Appends records made apart (by a [`part`](CsvOut::part) of this
    /// dialect and width), as they are: in memory, which cannot fail.
    pub fn append(&mut self, records: &[u8]) {
        self.buf.extend_from_slice(records);
    }

    /// The bytes written.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.out.append(&mut self.buf);
        self.out
    }

    /// The text written.
    pub fn finish(self) -> String {
        let bytes = self.into_inner().expect("flushing CSV to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
    }
}

impl<W: std::io::Write> CsvOut<W> {
    /// CSV into `out`, starting with the dialect's byte order mark if it has one.
    pub fn to(mut out: W, dialect: CsvDialect) -> std::io::Result<CsvOut<W>> {
        if dialect == CsvDialect::ExcelSv {
            out.write_all(BOM.as_bytes())?;
        }
        Ok(CsvOut::build(out, dialect))
    }

    fn build(out: W, dialect: CsvDialect) -> CsvOut<W> {
        CsvOut {
            out,
            buf: Vec::with_capacity(CSV_BUFFER + 1024),
            dialect,
            width: None,
        }
    }

    fn delimiter(&self) -> u8 {
        match self.dialect {
            CsvDialect::Plain => b',',
            CsvDialect::ExcelSv => b';',
        }
    }

    /// Writes one record.
    pub fn write<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> std::io::Result<()> {
        self.write_after(&Fields::default(), cells)
    }

    /// The first fields of records to come, made once (see
    /// [`write_after`](CsvOut::write_after)).
    pub fn fields<'a>(&self, cells: impl IntoIterator<Item = Cell<'a>>) -> Fields {
        self.fields_after(&Fields::default(), cells)
    }

    /// `first` followed by `cells`, as first fields of records to come.
    pub fn fields_after<'a>(&self, first: &Fields, cells: impl IntoIterator<Item = Cell<'a>>) -> Fields {
        let mut made = CsvOut::build(first.bytes.clone(), self.dialect);
        let count = made.push_cells(first.count, cells);
        Fields {
            bytes: made.into_bytes(),
            count,
        }
    }

    /// Writes one record that starts with `first` (made by
    /// [`fields`](CsvOut::fields) for this dialect) and goes on with
    /// `cells`: the same bytes as writing all its cells, without making the
    /// first ones again for every record.
    pub fn write_after<'a>(
        &mut self,
        first: &Fields,
        cells: impl IntoIterator<Item = Cell<'a>>,
    ) -> std::io::Result<()> {
        let start = self.buf.len();
        self.buf.extend_from_slice(&first.bytes);
        let fields = self.push_cells(first.count, cells);
        match self.width {
            None => self.width = Some(fields),
            Some(expected) if expected != fields => {
                return Err(std::io::Error::other(format!(
                    "UnequalLengths {{ pos: None, expected_len: {expected}, len: {fields} }}"
                )))
            }
            Some(_) => {}
        }
        if self.buf.len() == start {
            self.buf.extend_from_slice(b"\"\"");
        }
        self.buf.extend_from_slice(match self.dialect {
            CsvDialect::Plain => b"\n",
            CsvDialect::ExcelSv => b"\r\n",
        });
        if self.buf.len() >= CSV_BUFFER {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Records made apart (by a [`part`](CsvOut::part) of this dialect and
    /// width), as they are.
    pub fn write_bytes(&mut self, records: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(records);
        if self.buf.len() >= CSV_BUFFER {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// `cells` after `count` fields of a record (a delimiter before each
    /// but a record's first): how many fields the record then has.
    fn push_cells<'a>(&mut self, mut count: u64, cells: impl IntoIterator<Item = Cell<'a>>) -> u64 {
        let delimiter = self.delimiter();
        for cell in cells {
            if count > 0 {
                self.buf.push(delimiter);
            }
            count += 1;
            self.cell(cell, delimiter);
        }
        count
    }

    /// One cell as the dialect writes it.
    fn cell(&mut self, cell: Cell, delimiter: u8) {
        match cell {
            Cell::Number(s) if self.dialect == CsvDialect::ExcelSv => {
                self.field(s.replace('.', ",").as_bytes(), delimiter)
            }
            Cell::Text(s) if self.dialect == CsvDialect::ExcelSv => {
                self.field(spreadsheet_text(s).as_bytes(), delimiter)
            }
            Cell::Text(s) | Cell::Number(s) => self.field(s.as_bytes(), delimiter),
        }
    }

    /// One field, quoted if it must be.
    fn field(&mut self, field: &[u8], delimiter: u8) {
        let (quote, special) = specials(field, delimiter);
        if quote {
            self.buf.push(b'"');
            // Each `"` doubled: the pieces between them copied whole.
            let mut pieces = field.split(|b| *b == b'"');
            if let Some(first) = pieces.next() {
                self.buf.extend_from_slice(first);
            }
            for piece in pieces {
                self.buf.extend_from_slice(b"\"\"");
                self.buf.extend_from_slice(piece);
            }
            self.buf.push(b'"');
        } else if special {
            self.buf.push(b'"');
            self.buf.extend_from_slice(field);
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(field);
        }
    }

    /// Flushes what is buffered and gives back the output.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Whether a CSV field holds `"`, and whether it holds the delimiter, `\r`
/// or `\n`: either makes it quoted. Eight bytes at a time: a byte of
/// `w ^ c` (`c` the byte repeated) is zero where `w` has `c`, and
/// `(x - 0x01…) & !x & 0x80…` is not zero exactly when `x` has a zero byte.
fn specials(field: &[u8], delimiter: u8) -> (bool, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has = |w: u64, c: u8| {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH != 0
    };
    let (mut quote, mut special) = (false, false);
    let mut chunks = field.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        quote |= has(w, b'"');
        special |= has(w, b'\n') || has(w, b'\r') || has(w, delimiter);
    }
    for b in chunks.remainder() {
        quote |= *b == b'"';
        special |= matches!(*b, b'\r' | b'\n') || *b == delimiter;
    }
    (quote, special)
}

/// A text cell made safe for a spreadsheet (formula injection, as OWASP
/// describes it): text that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so that Excel and LibreOffice show it
/// as text instead of running it as a formula. Text that starts with `'`
/// followed by such a text is prefixed too, so that [`spreadsheet_text_read`]
/// gives back exactly what was written. Numbers are not text cells and are
/// never prefixed. Used by `--csv-dialect excel-sv`, the invoice CSV and
/// the register; plain CSV stays exact.
pub fn spreadsheet_text(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_apostrophe(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The text that [`spreadsheet_text`] was given, from what it made.
pub fn spreadsheet_text_read(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => s,
    }
}

fn needs_apostrophe(s: &str) -> bool {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => true,
        Some('\'') => needs_apostrophe(&s[1..]),
        _ => false,
    }
}

/// The byte order mark that starts CSV for Swedish Excel.
const BOM: &str = "\u{feff}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects() {
        let rows = || {
            vec![
                vec![Field::from("party"), Field::from("amount")],
                vec![Field::from("Borås; stad"), Field::number("880014.00")],
                vec![Field::from("1.5"), Field::number("-1500.25")],
            ]
        };
        assert_eq!(
            csv_text(CsvDialect::Plain, rows()),
            "party,amount\nBorås; stad,880014.00\n1.5,-1500.25\n"
        );
        assert_eq!(
            csv_text(CsvDialect::ExcelSv, rows()),
            "\u{feff}party;amount\r\n\"Borås; stad\";880014,00\r\n1.5;-1500,25\r\n"
        );
    }

    #[test]
    fn spreadsheet_text_is_neutralised_and_read_back_exactly() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''@x", "'''@x"),
            ("'s-Hertogenbosch", "'s-Hertogenbosch"),
            ("Borås", "Borås"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(spreadsheet_text(text), written, "{text:?}");
            assert_eq!(spreadsheet_text_read(&spreadsheet_text(text)), text, "{text:?}");
        }
        let rows = vec![vec![Field::from("=1+1"), Field::number("-1500.25")]];
        assert_eq!(
            csv_text(CsvDialect::ExcelSv, rows.clone()),
            "\u{feff}'=1+1;-1500,25\r\n"
        );
        assert_eq!(csv_text(CsvDialect::Plain, rows), "=1+1,-1500.25\n");
    }

    #[test]
    fn format_by_extension() {
        let f = |p: &str| Format::resolve(None, Some(std::path::Path::new(p)), false);
        assert_eq!(f("a.CSV"), Format::Csv);
        assert_eq!(f("a.json"), Format::Json);
        assert_eq!(f("a.xlsx"), Format::Xlsx);
        assert_eq!(f("a.txt"), Format::Table);
        assert_eq!(Format::of_path(std::path::Path::new("a.xls")), Err("xls".into()));
        assert_eq!(Format::of_path(std::path::Path::new("a")), Ok(None));
    }

    /// The CSV the `csv` crate's writer makes of the same records, with
    /// the dialect's delimiter and terminator.
    fn csv_crate(dialect: CsvDialect, rows: &[Vec<&str>]) -> String {
        let (delimiter, terminator) = match dialect {
            CsvDialect::Plain => (b',', csv::Terminator::Any(b'\n')),
            CsvDialect::ExcelSv => (b';', csv::Terminator::CRLF),
        };
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(terminator)
            .from_writer(Vec::new());
        for row in rows {
            w.write_record(row).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    /// A record written after first fields made once (in one piece or
    /// two) is the record of all its cells, in both dialects, for every
    /// split of its cells (the all-empty record `""` included).
    #[test]
    fn a_record_after_first_fields_is_the_record_of_all_its_cells() {
        let cells = [
            Cell::Text("2023"),
            Cell::Text(""),
            Cell::Text("a,b;c"),
            Cell::Text("say \"hi\""),
            Cell::Text("=SUM(A1)"),
            Cell::Number("-12.50"),
            Cell::Text("line\nbreak"),
            Cell::Text("Borås"),
        ];
        let records: Vec<Vec<Cell>> = vec![
            cells.to_vec(),
            vec![Cell::Text("")],
            vec![Cell::Text(""), Cell::Text("")],
        ];
        for dialect in [CsvDialect::Plain, CsvDialect::ExcelSv] {
            for record in &records {
                let mut whole = CsvOut::part(dialect);
                whole.write(record.iter().copied()).unwrap();
                let whole = whole.into_bytes();
                for a in 0..=record.len() {
                    for b in a..=record.len() {
                        let mut after = CsvOut::part(dialect);
                        let first = after.fields(record[..a].iter().copied());
                        let more = after.fields_after(&first, record[a..b].iter().copied());
                        after.write_after(&more, record[b..].iter().copied()).unwrap();
                        let n = record.len();
                        assert_eq!(
                            after.into_bytes(),
                            whole,
                            "{dialect:?}, {n} cells, first {a}, then to {b}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn csv_is_what_the_csv_crate_writes() {
        let tricky = [
            "",
            "plain",
            "a,b",
            "a;b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\rhere",
            "\r\n",
            " spaced ",
            "Borås",
            "tab\there",
            "'quoted'",
            "#hash",
            ",",
            ";",
            "\"\"",
        ];
        let mut rows: Vec<Vec<&str>> = vec![vec![""], vec!["", ""], vec!["only"]];
        for a in tricky {
            for b in tricky {
                rows.push(vec![a, b]);
            }
        }
        // Records of one width per writer, as the crate requires.
        for width in [1, 2] {
            let same: Vec<Vec<&str>> = rows.iter().filter(|r| r.len() == width).cloned().collect();
            let mut out = CsvOut::build(Vec::new(), CsvDialect::Plain);
            for r in &same {
                out.write(r.iter().map(|c| Cell::Text(c))).unwrap();
            }
            let ours = String::from_utf8(out.into_inner().unwrap()).unwrap();
            assert_eq!(ours, csv_crate(CsvDialect::Plain, &same), "width {width}");
        }
        // A record of another width than the first is refused.
        let mut out = CsvOut::build(Vec::new(), CsvDialect::Plain);
        out.write([Cell::Text("a"), Cell::Text("b")]).unwrap();
        assert!(out.write([Cell::Text("a")]).is_err());
        // The Swedish dialect: the same quoting with `;`, texts made safe
        // for a spreadsheet and decimal commas.
        let mut out = CsvOut::build(Vec::new(), CsvDialect::ExcelSv);
        out.write([
            Cell::Text("a;b"),
            Cell::Text("=1+1"),
            Cell::Number("-12.50"),
            Cell::Text("x,y"),
        ])
        .unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert_eq!(text, "\"a;b\";'=1+1;-12,50;x,y\r\n");
        let safe: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| spreadsheet_text(c).into_owned()).collect())
            .collect();
        for width in [1, 2] {
            let same: Vec<Vec<&str>> = safe
                .iter()
                .filter(|r| r.len() == width)
                .map(|r| r.iter().map(String::as_str).collect())
                .collect();
            let mut out = CsvOut::build(Vec::new(), CsvDialect::ExcelSv);
            for r in rows.iter().filter(|r| r.len() == width) {
                out.write(r.iter().map(|c| Cell::Text(c))).unwrap();
            }
            let ours = String::from_utf8(out.into_inner().unwrap()).unwrap();
            assert_eq!(ours, csv_crate(CsvDialect::ExcelSv, &same), "width {width}");
        }
    }
}
