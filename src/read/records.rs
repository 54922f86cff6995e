//! The one CSV record layer every CSV reader stands on: records of a
//! decoded text with their 1-based line numbers, their fields borrowed
//! from one buffer that is read into again and again (no copy per record),
//! or the line a record that cannot be read starts on. What the records
//! mean (headers, columns, values) is each reader's own business.

use crate::diag::Diagnostic;
use crate::msg;

/// How a text is cut into records.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// The field delimiter; `None`: sniffed from the first non-empty line
    /// ([`super::text::sniff_delimiter`]).
    pub delimiter: Option<u8>,
    /// Whether fields lose the whitespace around them.
    pub trim: bool,
    /// Whether records may have any number of fields (readers check the
    /// length themselves, to say which line is short); else a record with
    /// another number of fields than the first is an error.
    pub flexible: bool,
}

impl Default for CsvOptions {
    /// What people's files need: the delimiter sniffed, fields trimmed,
    /// records of any length.
    fn default() -> Self {
        CsvOptions {
            delimiter: None,
            trim: true,
            flexible: true,
        }
    }
}

/// The records of a CSV text, one after another (the first is the header,
/// if the file has one). Blank lines are no records.
pub struct CsvRecords<'t> {
    reader: csv::Reader<&'t [u8]>,
    lines: LineIndex<'t>,
    record: csv::StringRecord,
    delimiter: u8,
}

/// One record: its line and its fields.
#[derive(Debug, Clone, Copy)]
pub struct CsvRecord<'r> {
    /// The 1-based line the record starts on.
    pub line: usize,
    pub fields: &'r csv::StringRecord,
}

/// A record that cannot be read, and the line it starts on.
#[derive(Debug)]
pub struct CsvRecordError {
    /// The 1-based line (0 when the reader knows no position).
    pub line: usize,
    /// What the `csv` reader said.
    pub error: csv::Error,
}

impl CsvRecordError {
    /// The problem as readers report it: `cannot read the row: …` at its line.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(msg!("csv-cannot-read-row", error = self.error.to_string())).at_line(self.line)
    }
}

impl<'t> CsvRecords<'t> {
    /// The records of `text` read as `options` say.
    pub fn new(text: &'t str, options: CsvOptions) -> Self {
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| super::text::sniff_delimiter(text));
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(options.flexible)
            .trim(if options.trim {
                csv::Trim::All
            } else {
                csv::Trim::None
            })
            .from_reader(text.as_bytes());
        CsvRecords {
            reader,
            lines: LineIndex::new(text),
            record: csv::StringRecord::new(),
            delimiter,
        }
    }

    /// The field delimiter, given or sniffed.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The first record as the header: its line and fields (line 1 and no
    /// fields for a text without records), or `cannot read the header: …`
    /// at the line it starts on.
    pub fn header(&mut self) -> Result<(usize, csv::StringRecord), Diagnostic> {
        match self.next_record() {
            Some(Ok(h)) => Ok((h.line.max(1), h.fields.clone())),
            Some(Err(e)) => Err(
                Diagnostic::new(msg!("csv-cannot-read-header", error = e.error.to_string()))
                    .at_line(e.line.max(1)),
            ),
            None => Ok((1, csv::StringRecord::new())),
        }
    }

    /// The next record, or why it cannot be read; `None` at the end. (A
    /// lending iterator: the fields live until the next call.)
    pub fn next_record(&mut self) -> Option<Result<CsvRecord<'_>, CsvRecordError>> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => Some(Ok(CsvRecord {
                line: self.lines.line(self.record.position()),
                fields: &self.record,
            })),
            Ok(false) => None,
            Err(error) => Some(Err(CsvRecordError {
                line: self.lines.line(error.position()),
                error,
            })),
        }
    }
}

/// Line numbers of CSV records. The `csv` crate's `Position::line()` is off
/// in files with CRLF line ends and after blank lines, so lines are counted
/// here from the record's byte offset. That offset can point at the line end
/// before the record (blank lines included), so a record's line is that of
/// the first byte at or after the offset that is not a line end. `\n`,
/// `\r\n` and a lone `\r` each end a line, as they end a record for `csv`.
struct LineIndex<'t> {
    text: &'t [u8],
    /// Byte offsets of the line ends (the `\n` of a `\r\n`).
    ends: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`, the very text the `csv` reader reads.
    fn new(text: &'t str) -> Self {
        let text = text.as_bytes();
        let ends = text
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i)
            .collect();
        LineIndex { text, ends }
    }

    /// The 1-based line of the record at a CSV position (0 if there is none).
    fn line(&self, pos: Option<&csv::Position>) -> usize {
        let Some(pos) = pos else { return 0 };
        let mut offset = usize::try_from(pos.byte()).map_or(self.text.len(), |o| o.min(self.text.len()));
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.ends.partition_point(|&e| e < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record's line and fields, or the error's line.
    fn read(text: &str, options: CsvOptions) -> Vec<Result<(usize, Vec<String>), usize>> {
        let mut records = CsvRecords::new(text, options);
        let mut out = Vec::new();
        while let Some(r) = records.next_record() {
            out.push(
                r.map(|r| (r.line, r.fields.iter().map(String::from).collect()))
                    .map_err(|e| e.line),
            );
        }
        out
    }

    #[test]
    fn line_numbers_with_any_line_end() {
        for text in [
            "h;x\r\n1;a\r\n\r\n2;b\r\n\"3\r\n3\";c\r\n4;d",
            "h;x\n1;a\n\n2;b\n\"3\n3\";c\n4;d\n",
            "h;x\r1;a\r\r2;b\r\"3\r3\";c\r4;d\r",
        ] {
            let lines: Vec<usize> = read(text, CsvOptions::default())
                .into_iter()
                .map(|r| r.map_or(0, |(line, _)| line))
                .collect();
            assert_eq!(lines, [1, 2, 4, 5, 7], "{text:?}");
        }
        let lines: Vec<_> = read("\n\r\nh;x\n", CsvOptions::default());
        assert_eq!(lines, [Ok((3, vec!["h".to_string(), "x".to_string()]))]);
        assert_eq!(LineIndex::new("a").line(None), 0);
    }

    #[test]
    fn options_and_errors() {
        let text = "a, b\n1 ,2,3\n";
        assert_eq!(
            read(text, CsvOptions::default()),
            [
                Ok((1, vec!["a".into(), "b".into()])),
                Ok((2, vec!["1".into(), "2".into(), "3".into()]))
            ]
        );
        let strict = CsvOptions {
            delimiter: Some(b','),
            trim: false,
            flexible: false,
        };
        assert_eq!(
            read(text, strict),
            [Ok((1, vec!["a".into(), " b".into()])), Err(2)]
        );
        let mut records = CsvRecords::new(text, strict);
        assert_eq!(records.delimiter(), b',');
        let _ = records.next_record();
        let err = records.next_record().unwrap().unwrap_err();
        assert_eq!(
            err.diagnostic().to_string(),
            "line 2: cannot read the row: CSV error: record 1 (line: 2, byte: 5): found record with 3 fields, but the previous record has 2 fields"
        );
        assert_eq!(
            CsvRecords::new("a\tb\tc;d\n", CsvOptions::default()).delimiter(),
            b'\t'
        );
    }
}
