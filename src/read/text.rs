//! Bytes to text the way real files come: UTF-8 with or without BOM, or
//! Windows-1252 (what Excel and older SCB exports write); delimiter
//! sniffing; names and labels as one line of plain text. CSV records and
//! their line numbers are [`super::records`]; the figures in their fields
//! [`super::figure`].

use crate::msg;
use crate::msg::Message;

/// Why `s` is not one line of plain text, if it is not: the first control
/// character (U+0000–U+001F, U+007F–U+009F), line breaks and tabs included,
/// or character that changes how text displays without being seen (see
/// [`invisible`]). Names and labels go into CSV, SIE, PDF and XML files,
/// where such a character would start a new record, vanish, or show the
/// text in another order than it is stored (a right-to-left override
/// turns `1490 Borås` around on the page, not in the file). A phrase ("a
/// line break (U+000A) at character 2: …") that other messages take as an
/// argument.
pub fn control_character(s: &str) -> Option<Message> {
    let (i, c) = s
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() || invisible(*c))?;
    let code = format!("{:04X}", u32::from(c));
    let at = i + 1;
    Some(match c {
        '\n' | '\r' => msg!("text-control-line-break", code = code, at = at),
        '\t' => msg!("text-control-tab", code = code, at = at),
        '\0' => msg!("text-control-nul", code = code, at = at),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => msg!("ledger-text-bidi", code = code, at = at),
        c if invisible(c) => msg!("ledger-text-invisible", code = code, at = at),
        _ => msg!("text-control-other", code = code, at = at),
    })
}

/// A character that changes how text displays and is not seen itself: the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) and the format characters U+200B–U+200F (zero-width
/// space, joiners, direction marks), U+2060 (word joiner) and U+FEFF (a
/// byte order mark anywhere but at the start of a file, where it is
/// removed when the file is read).
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
    )
}

/// The encoding a file was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

impl Encoding {
    /// The name to show the user (`UTF-8 with BOM`).
    pub fn label(self) -> Message {
        match self {
            Encoding::Utf8 => msg!("text-encoding-utf8"),
            Encoding::Utf8Bom => msg!("text-encoding-utf8-bom"),
            Encoding::Windows1252 => msg!("text-encoding-windows-1252"),
        }
    }
}

/// Windows-1252 0x80–0x9F. The five bytes the code page leaves undefined
/// (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value, as
/// WHATWG's decoder does.
const CP1252_80_9F: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2c6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}', '\u{90}', '\u{2018}',
    '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}',
    '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// Decodes a file. A UTF-8 BOM is stripped; the rest is taken as UTF-8 if it
/// is valid UTF-8, else as Windows-1252, which maps every byte (0xA0–0xFF as
/// Latin-1), so decoding never fails.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let (rest, utf8) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Encoding::Utf8Bom),
        None => (bytes, Encoding::Utf8),
    };
    match std::str::from_utf8(rest) {
        Ok(s) => (s.to_string(), utf8),
        Err(_) => {
            let text = rest
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_80_9F[usize::from(b & 0x1F)],
                    _ => char::from(b),
                })
                .collect();
            (text, Encoding::Windows1252)
        }
    }
}

/// The field delimiter of a CSV text: whichever of `;`, tab and `,` occurs
/// most often outside double quotes in the first non-empty line; on a tie
/// the earlier in that order; `,` if there is none.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text
        .split(['\r', '\n'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    // `max_by_key` keeps the last of equals; scanning in reverse keeps the first.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named() {
        for (s, what) in [
            ("Bor\u{202e}ås", "a bidirectional control (U+202E) at character 4"),
            ("\u{2066}x", "a bidirectional control (U+2066) at character 1"),
            (
                "a\u{200b}b",
                "an invisible format character (U+200B) at character 2",
            ),
            (
                "ab\u{200f}",
                "an invisible format character (U+200F) at character 3",
            ),
            ("\u{2060}", "an invisible format character (U+2060)"),
            (
                "x\u{feff}",
                "an invisible format character (U+FEFF) at character 2",
            ),
        ] {
            assert!(
                control_character(s).unwrap().to_string().starts_with(what),
                "{s:?}: {}",
                control_character(s).unwrap()
            );
        }
        // What is seen stays: letters of other scripts, no-break spaces.
        assert_eq!(control_character("Åmål\u{a0}kommun \u{05d0}"), None);
    }

    #[test]
    fn control_characters_are_named() {
        assert_eq!(control_character("Borås Stad"), None);
        assert_eq!(control_character("a\u{a0}b\u{202f}c"), None);
        for (s, what) in [
            ("a\nb", "a line break (U+000A) at character 2"),
            ("\r", "a line break (U+000D) at character 1"),
            ("ab\t", "a tab (U+0009) at character 3"),
            ("\0", "a NUL byte (U+0000)"),
            ("\u{1b}[31m", "a control character (U+001B)"),
            ("\u{7f}", "a control character (U+007F)"),
            ("\u{85}", "a control character (U+0085)"),
        ] {
            assert!(
                control_character(s).unwrap().to_string().starts_with(what),
                "{s:?}"
            );
        }
    }

    #[test]
    fn labels() {
        assert_eq!(Encoding::Utf8.label().to_string(), "UTF-8");
        assert_eq!(Encoding::Utf8Bom.label().to_string(), "UTF-8 with BOM");
        assert_eq!(Encoding::Windows1252.label().to_string(), "Windows-1252");
    }

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(decode("Borås".as_bytes()), ("Borås".into(), Encoding::Utf8));
        assert_eq!(
            decode(b"\xEF\xBB\xBFBor\xC3\xA5s"),
            ("Borås".into(), Encoding::Utf8Bom)
        );
        assert_eq!(decode(b"\xEF\xBB\xBF"), (String::new(), Encoding::Utf8Bom));
        assert_eq!(decode(b""), (String::new(), Encoding::Utf8));
    }

    #[test]
    fn decodes_windows_1252() {
        let (text, encoding) = decode(b"Bor\xE5s;V\xE5rg\xE5rda;\xC5\xC4\xD6\xE4\xF6\xE9\xA0\xFF");
        assert_eq!(encoding, Encoding::Windows1252);
        assert_eq!(text, "Borås;Vårgårda;ÅÄÖäöé\u{a0}ÿ");
        // The 0x80–0x9F block, the undefined bytes as the C1 control of the same value.
        let high: Vec<u8> = (0x80..=0x9F).collect();
        let expected = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
        assert_eq!(decode(&high), (expected.to_string(), Encoding::Windows1252));
        // A BOM in front of bytes that are not UTF-8 is still dropped.
        assert_eq!(
            decode(b"\xEF\xBB\xBFBor\xE5s"),
            ("Borås".into(), Encoding::Windows1252)
        );
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter("Kod;Namn;Befolkning\r\n1;a,b,c,d;2"), b';');
        assert_eq!(sniff_delimiter("code,name,population\n"), b',');
        assert_eq!(sniff_delimiter("region\tfolkmängd\n"), b'\t');
        assert_eq!(sniff_delimiter("\r\n  \n\"a,b,c\";x;y\n"), b';');
        assert_eq!(sniff_delimiter("a;b,c\td"), b';');
        assert_eq!(sniff_delimiter("a\tb,c"), b'\t');
        assert_eq!(sniff_delimiter("population"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }
}
