//! Bytes to text the way real files come: UTF-8 with or without BOM, or
//! Windows-1252 (what Excel and older SCB exports write); delimiter sniffing;
//! whole numbers as people write them (`114 091`).

/// The encoding a file was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Windows-1252 0x80–0x9F; the five undefined bytes map to the C1 control of
/// the same value, as WHATWG's decoder does.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes a file: a UTF-8 BOM is stripped; valid UTF-8 is taken as such;
/// anything else is read as Windows-1252, which maps every byte.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(s) = std::str::from_utf8(rest) {
            return (s.to_string(), Encoding::Utf8Bom);
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), Encoding::Utf8);
    }
    let text = bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect();
    (text, Encoding::Windows1252)
}

/// The field delimiter of a CSV text: whichever of `;`, tab and `,` occurs
/// most often outside quotes in the first non-empty line (ties in that order).
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    let best = counts
        .iter()
        .fold((b',', 0), |best, &(d, n)| if n > best.1 { (d, n) } else { best });
    best.0
}

/// A non-negative whole number as people write it: `114091`, `114 091`,
/// with U+00A0 or U+202F as thousands separator.
pub fn parse_count(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("missing figure".to_string());
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if let Some(rest) = digits.strip_prefix(['-', '\u{2212}']) {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("negative figure {t:?}"));
        }
    }
    if digits.contains([',', '.']) && digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(format!(
            "expected a whole number, found {t:?} (no decimals or . , grouping)"
        ));
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("expected a whole number, found {t:?}"));
    }
    digits
        .parse::<u64>()
        .map_err(|_| format!("the figure {t:?} is too large"))
}

/// Line numbers of CSV records. The `csv` crate's own line count lags
/// behind in files with CRLF line ends, and a record's byte offset can point
/// at the line end before it (blank lines included), so the record's line is
/// that of the first byte at or after the offset that is not a line end.
pub struct LineIndex<'t> {
    text: &'t [u8],
    newlines: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let newlines = text.match_indices('\n').map(|(i, _)| i).collect();
        LineIndex {
            text: text.as_bytes(),
            newlines,
        }
    }

    /// The 1-based line of the record at a CSV position (0 if unknown).
    pub fn line(&self, pos: Option<&csv::Position>) -> usize {
        let Some(pos) = pos else { return 0 };
        let mut offset = usize::try_from(pos.byte())
            .unwrap_or(self.text.len())
            .min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.newlines.partition_point(|n| *n < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_windows_1252() {
        assert_eq!(decode("Borås".as_bytes()), ("Borås".to_string(), Encoding::Utf8));
        assert_eq!(
            decode(b"\xEF\xBB\xBFBor\xC3\xA5s"),
            ("Borås".to_string(), Encoding::Utf8Bom)
        );
        assert_eq!(
            decode(b"Bor\xE5s \x80"),
            ("Borås €".to_string(), Encoding::Windows1252)
        );
        assert_eq!(decode(b"V\xE5rg\xE5rda \x81").0, "Vårgårda \u{81}");
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter("Kod;Namn;Befolkning\r\n"), b';');
        assert_eq!(sniff_delimiter("code,name,population\n"), b',');
        assert_eq!(sniff_delimiter("\n\"a,b,c\";x;y\n"), b';');
        assert_eq!(sniff_delimiter("region\t2021\n"), b'\t');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn line_numbers_with_any_line_end() {
        for text in ["h;x\r\n1;a\r\n\r\n2;b\r\n", "h;x\n1;a\n\n2;b\n"] {
            let index = LineIndex::new(text);
            let mut r = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .from_reader(text.as_bytes());
            let lines: Vec<usize> = r
                .records()
                .map(|rec| index.line(rec.unwrap().position()))
                .collect();
            assert_eq!(lines, [1, 2, 4], "{text:?}");
        }
    }

    #[test]
    fn counts_as_people_write_them() {
        assert_eq!(parse_count("114091"), Ok(114_091));
        assert_eq!(parse_count(" 114 091 "), Ok(114_091));
        assert_eq!(parse_count("114\u{a0}091"), Ok(114_091));
        assert_eq!(parse_count("114\u{202f}091"), Ok(114_091));
        assert_eq!(parse_count("1 000 000"), Ok(1_000_000));
        assert_eq!(parse_count(""), Err("missing figure".into()));
        assert!(parse_count("-5").unwrap_err().contains("negative"));
        assert!(parse_count("12,5").unwrap_err().contains("whole number"));
        assert!(parse_count("114.091").unwrap_err().contains("whole number"));
        assert!(parse_count("abc").unwrap_err().contains("\"abc\""));
        assert!(parse_count("99999999999999999999999")
            .unwrap_err()
            .contains("too large"));
    }
}
