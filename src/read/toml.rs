//! Typed reading of a parsed TOML document with exact positions.
//!
//! `toml_edit` keeps each value's span and its text as written, so numbers
//! are read from their text straight into `Decimal` (`6.53` stays 6,53, never
//! a binary float), and every problem points at a line and column. Every key
//! read is recorded in a [`SourceMap`] so that later problems (from the
//! engine's validation, which knows keys but not files) can be located too.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;
use toml_edit::{Item, TableLike, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::number::exact_decimal;

/// Where each key of a tariff was written: key path → (line, column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap(BTreeMap<String, (usize, usize)>);

impl SourceMap {
    /// The position of `key`, or of its nearest recorded parent
    /// (`charges.dso.rate` falls back to `charges.dso`).
    pub fn locate(&self, key: &str) -> Option<(usize, usize)> {
        let mut k = key;
        loop {
            if let Some(p) = self.0.get(k) {
                return Some(*p);
            }
            let cut = k.rfind(['.', '['])?;
            k = &k[..cut];
        }
    }

    /// Adds file, line and column to problems that name a key but no place.
    pub fn place(&self, diags: Diagnostics, file: &std::path::Path) -> Diagnostics {
        Diagnostics(
            diags
                .0
                .into_iter()
                .map(|mut d| {
                    if d.file.is_none() {
                        if d.line.is_none() {
                            if let Some((line, col)) = d.key.as_deref().and_then(|k| self.locate(k)) {
                                d.line = Some(line);
                                d.column = Some(col);
                            }
                        }
                        d.file = Some(file.to_path_buf());
                    }
                    d
                })
                .collect(),
        )
    }
}

/// Reads values out of one document, collecting every problem.
pub struct Doc<'s> {
    src: &'s str,
    line_starts: Vec<usize>,
    /// The last position asked for: byte offset and its column. Keys are
    /// read mostly in file order, and one line can hold thousands of
    /// values (a long participant list), so a later place on the same line
    /// counts characters from there, not from the line's start.
    last: std::cell::Cell<(usize, usize)>,
    pub problems: Diagnostics,
    pub map: SourceMap,
}

impl<'s> Doc<'s> {
    pub fn new(src: &'s str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Doc {
            src,
            line_starts,
            last: std::cell::Cell::new((0, 1)),
            problems: Diagnostics::new(),
            map: SourceMap::default(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|s| *s <= offset);
        let start = self.line_starts[line - 1];
        let (from, from_col) = match self.last.get() {
            (at, col) if start <= at && at <= offset => (at, col),
            _ => (start, 1),
        };
        match self.src.get(from..offset) {
            Some(s) => {
                let col = from_col + s.chars().count();
                self.last.set((offset, col));
                (line, col)
            }
            None => (line, 1),
        }
    }

    pub fn err(&mut self, key: &str, span: Option<Range<usize>>, message: impl Into<String>) {
        let mut d = Diagnostic::new(message).for_key(key);
        if let Some(s) = span {
            let (l, c) = self.position(s.start);
            d = d.at(l, c);
        } else if let Some((l, c)) = self.map.locate(key) {
            d = d.at(l, c);
        }
        self.problems.push(d);
    }

    /// Remembers where a key was written.
    pub fn record(&mut self, key: &str, span: Option<Range<usize>>) {
        if let Some(s) = span {
            let p = self.position(s.start);
            self.map.0.entry(key.to_string()).or_insert(p);
        }
    }

    /// The text of a scalar as written in the file (or as formatted, for
    /// values made in memory).
    fn text(&self, v: &Value) -> String {
        let span = match v {
            Value::Float(f) => f.span(),
            Value::Integer(i) => i.span(),
            _ => None,
        };
        if let Some(t) = span.and_then(|s| self.src.get(s)) {
            return t.trim().to_string();
        }
        match v {
            Value::Float(f) => f.display_repr().trim().to_string(),
            Value::Integer(i) => i.display_repr().trim().to_string(),
            other => other.to_string().trim().to_string(),
        }
    }

    /// Opens a table (standard or inline) for reading its keys.
    pub fn table<'d>(&mut self, key: &str, item: &'d Item) -> Option<TomlTable<'d>> {
        self.record(key, item.span());
        match item.as_table_like() {
            Some(t) => Some(TomlTable {
                key: key.to_string(),
                inner: t,
                span: item.span(),
            }),
            None => {
                self.err(
                    key,
                    item.span(),
                    format!("expected a table, found {}", describe(item)),
                );
                None
            }
        }
    }

    /// Opens a value that is an inline table (array elements).
    pub fn value_table<'d>(&mut self, key: &str, value: &'d Value) -> Option<TomlTable<'d>> {
        self.record(key, value.span());
        match value.as_inline_table() {
            Some(t) => Some(TomlTable {
                key: key.to_string(),
                inner: t,
                span: value.span(),
            }),
            None => {
                self.err(
                    key,
                    value.span(),
                    format!("expected a table, found {}", value_kind(value)),
                );
                None
            }
        }
    }

    pub fn string(&mut self, key: &str, item: &Item) -> Option<String> {
        self.record(key, item.span());
        match item.as_value() {
            Some(v) => self.string_value(key, v),
            None => {
                self.err(
                    key,
                    item.span(),
                    format!("expected a string, found {}", describe(item)),
                );
                None
            }
        }
    }

    /// A file name: a string that is not empty.
    pub fn path(&mut self, key: &str, item: &Item) -> Option<String> {
        let s = self.string(key, item)?;
        if s.trim().is_empty() {
            self.err(key, item.span(), "expected a file name, found an empty string");
            return None;
        }
        Some(s)
    }

    pub fn string_value(&mut self, key: &str, v: &Value) -> Option<String> {
        match v.as_str() {
            Some(s) => match super::text::control_character(s) {
                Some(why) => {
                    self.err(key, v.span(), format!("found {why}"));
                    None
                }
                None => Some(s.to_string()),
            },
            None => {
                self.err(
                    key,
                    v.span(),
                    format!("expected a string, found {}", value_kind(v)),
                );
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str, item: &Item) -> Option<bool> {
        self.record(key, item.span());
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.err(
                    key,
                    item.span(),
                    format!("expected true or false, found {}", describe(item)),
                );
                None
            }
        }
    }

    /// A whole number in a range.
    pub fn integer(&mut self, key: &str, item: &Item, range: Range<i64>) -> Option<i64> {
        self.record(key, item.span());
        match item.as_integer() {
            Some(i) if range.contains(&i) => Some(i),
            Some(i) => {
                self.err(
                    key,
                    item.span(),
                    format!(
                        "expected a whole number from {} to {}, found {i}",
                        range.start,
                        range.end - 1
                    ),
                );
                None
            }
            None => {
                self.err(
                    key,
                    item.span(),
                    format!("expected a whole number, found {}", describe(item)),
                );
                None
            }
        }
    }

    /// An amount or rate: a TOML integer or decimal number, read exactly from
    /// its text (`6.53`, `135_000`, `135000.50`).
    pub fn decimal(&mut self, key: &str, item: &Item) -> Option<Decimal> {
        self.record(key, item.span());
        match item.as_value() {
            Some(v) => self.decimal_value(key, v),
            None => {
                self.err(
                    key,
                    item.span(),
                    format!(
                        "expected a number such as 135000 or 6.53, found {}",
                        describe(item)
                    ),
                );
                None
            }
        }
    }

    pub fn decimal_value(&mut self, key: &str, v: &Value) -> Option<Decimal> {
        self.record(key, v.span());
        if !matches!(v, Value::Integer(_) | Value::Float(_)) {
            let comma = v.as_str().map(str::trim).filter(|s| {
                s.split_once(',').is_some_and(|(w, f)| {
                    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
                    digits(w.strip_prefix('-').unwrap_or(w)) && digits(f)
                })
            });
            let hint = match (v.as_str(), comma) {
                (_, Some(s)) => format!(
                    " {s:?}: TOML numbers use a decimal point: write {}",
                    s.replace(',', ".")
                ),
                (Some(s), _) if s.trim_end().ends_with('%') => {
                    " (a percentage is not an amount here)".to_string()
                }
                (Some(_), _) => " (write numbers without quotes)".to_string(),
                (None, _) => String::new(),
            };
            self.err(
                key,
                v.span(),
                format!(
                    "expected a number such as 135000 or 6.53, found {}{hint}",
                    value_kind(v)
                ),
            );
            return None;
        }
        let text = self.text(v);
        match exact_decimal(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(key, v.span(), e);
                None
            }
        }
    }

    /// A percentage written as a string: `"2.5%"`, `"2,5 %"`, `"-1%"`.
    /// Returns the fraction (0.025).
    pub fn percent(&mut self, key: &str, item: &Item) -> Option<Decimal> {
        self.record(key, item.span());
        match item.as_value() {
            Some(v) => self.percent_value(key, v),
            None => {
                self.err(
                    key,
                    item.span(),
                    format!("expected a percentage such as \"2.5%\", found {}", describe(item)),
                );
                None
            }
        }
    }

    pub fn percent_value(&mut self, key: &str, v: &Value) -> Option<Decimal> {
        self.record(key, v.span());
        let found = match v {
            Value::String(s) => match parse_percent(s.value()) {
                Some(d) => return Some(d),
                None => {
                    // Say why, when it is a number with too many digits.
                    let number = s.value().trim().trim_end_matches('%').trim().replace(',', ".");
                    match exact_decimal(&number) {
                        Err(e) if e.contains("does not round") => {
                            self.err(key, v.span(), format!("the percentage {e}"));
                            return None;
                        }
                        _ => format!("{:?}", s.value()),
                    }
                }
            },
            Value::Integer(_) | Value::Float(_) => format!(
                "the number {} (write \"{}%\" to mean per cent)",
                self.text(v),
                self.text(v)
            ),
            other => value_kind(other).to_string(),
        };
        self.err(
            key,
            v.span(),
            format!("expected a percentage such as \"2.5%\", found {found}"),
        );
        None
    }
}

/// Parses `2.5%`, `2,5 %`, `-0.7 %`, `100%` into a fraction.
pub fn parse_percent(s: &str) -> Option<Decimal> {
    let t = s.trim();
    let number = t
        .strip_suffix('%')?
        .trim()
        .replace(',', ".")
        .replace('\u{2212}', "-");
    if number.is_empty() || number.contains(char::is_whitespace) || number.contains(['e', 'E']) {
        return None;
    }
    // Exactly: a hundredth is two more decimal places, never a rounding.
    let mut d = exact_decimal(&number).ok()?;
    d.set_scale(d.scale() + 2).ok()?;
    Some(d)
}

/// A table being read: remembers the keys taken so that the rest can be
/// reported as unknown.
pub struct TomlTable<'d> {
    pub key: String,
    inner: &'d dyn TableLike,
    pub span: Option<Range<usize>>,
}

impl<'d> TomlTable<'d> {
    /// The key path of a child.
    pub fn child(&self, k: &str) -> String {
        if self.key.is_empty() {
            k.to_string()
        } else {
            format!("{}.{}", self.key, k)
        }
    }

    pub fn get(&self, k: &str) -> Option<&'d Item> {
        self.inner.get(k).filter(|i| !i.is_none())
    }

    pub fn has(&self, k: &str) -> bool {
        self.inner.get(k).is_some_and(|i| !i.is_none())
    }

    /// Every entry, in key order (so that reading is independent of the
    /// order written).
    pub fn entries(&self) -> Vec<(String, &'d Item)> {
        let mut all: Vec<(String, &'d Item)> = self.inner.iter().map(|(k, v)| (k.to_string(), v)).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The span of a key as written (for pointing at it).
    pub fn key_span(&self, k: &str) -> Option<Range<usize>> {
        self.inner.key(k).and_then(|key| key.span())
    }

    /// Reports every key that is not one of `expected`, the keys allowed here.
    pub fn finish(self, doc: &mut Doc, expected: &[&str]) {
        let mut unknown: Vec<(String, Option<Range<usize>>)> = self
            .inner
            .iter()
            .filter(|(k, _)| !expected.contains(k))
            .map(|(k, _)| (k.to_string(), self.key_span(k)))
            .collect();
        unknown.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, span) in unknown {
            let hint = match suggest(&k, expected) {
                Some(s) => format!("; did you mean {s:?}?"),
                None => format!("; expected one of: {}", expected.join(", ")),
            };
            doc.err(&self.child(&k), span, format!("unknown key {k:?}{hint}"));
        }
    }
}

/// The closest expected key to a misspelt one, if close enough.
pub fn suggest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected
        .iter()
        .map(|e| (edit_distance(found, e), *e))
        .filter(|(d, e)| *d <= 2.max(e.len() / 4))
        .min()
        .map(|(_, e)| e)
}

/// Levenshtein distance in characters (did-you-mean suggestions).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// What kind of TOML item this is, for messages.
pub fn describe(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(v) => value_kind(v),
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
    }
}

pub fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::InlineTable(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(parse_percent("2.5%"), Some(d("0.025")));
        assert_eq!(parse_percent("2,5 %"), Some(d("0.025")));
        assert_eq!(parse_percent("-0.7 %"), Some(d("-0.007")));
        assert_eq!(parse_percent("55.39%"), Some(d("0.5539")));
        assert_eq!(parse_percent("2.5"), None);
        assert_eq!(parse_percent("%"), None);
        assert_eq!(parse_percent("2 5%"), None);
    }

    #[test]
    fn numbers_are_exact_or_refused() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for (text, value) in [
            ("6.53", "6.53"),
            ("135_000", "135000"),
            ("-1.234", "-1.234"),
            ("+2", "2"),
            ("1e3", "1000"),
            ("1.5E-2", "0.015"),
            ("0.0", "0"),
            ("0e999", "0"),
            ("1e15", "1000000000000000"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("9999999999999999999999999999", "9999999999999999999999999999"),
            ("1000000000000000000000000000000e-10", "100000000000000000000"),
        ] {
            assert_eq!(exact_decimal(text), Ok(d(value)), "{text}");
        }
        let fifty = format!("0.{}1", "0".repeat(49));
        for text in [
            fifty.as_str(),
            "100.0000000000000000000000000001",
            "1.00000000000000000000000000001",
            "99999999999999999999999999999",
            "1e-29",
            "1e29",
        ] {
            let e = exact_decimal(text).unwrap_err();
            assert!(e.contains("does not round"), "{text}: {e}");
        }
        for text in ["inf", "nan", "0x1F", "1.2.3", "", "-", "1e", "e5", ".5"] {
            assert!(
                exact_decimal(text).unwrap_err().starts_with("expected a finite"),
                "{text}"
            );
        }
        // The share that summed to a little over 100 % once it was rounded.
        assert_eq!(parse_percent("100,0000000000000000000000000001 %"), None);
        // A hundredth of it would need 29 decimal places.
        assert_eq!(parse_percent("0.000000000000000000000000001%"), None);
        assert_eq!(
            parse_percent("0.00000000000000000000000001%"),
            Some(d("0.0000000000000000000000000001"))
        );
        assert_eq!(parse_percent("2.5%"), Some(d("0.025")));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("rats", &["rate", "rates", "fixed"]), Some("rate"));
        assert_eq!(
            suggest("participant", &["participants", "rule"]),
            Some("participants")
        );
        assert_eq!(suggest("zzzzzz", &["rate", "rule"]), None);
    }

    #[test]
    fn positions_count_characters() {
        let doc = Doc::new("a = 1\nnamn = \"Borås\" x\n");
        assert_eq!(doc.position(0), (1, 1));
        assert_eq!(doc.position(6), (2, 1));
        // "Borås" has a two-byte å: the byte after it is character column 15.
        let off = "a = 1\nnamn = \"Borås\" ".len();
        assert_eq!(doc.position(off), (2, 16));
    }

    /// Asked in any order, a position is what counting from its line's
    /// start gives (the last position asked is only a shortcut).
    #[test]
    fn positions_in_any_order_are_counted_from_the_line() {
        let text = "a = 1\nlista = [\"Borås\", \"Åmål\", \"Örebro\", \"x\"]\n\nö = \"ä\"\n";
        let offsets: Vec<usize> = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
        let fresh = |i: usize| Doc::new(text).position(i);
        let doc = Doc::new(text);
        let forward: Vec<_> = offsets.iter().map(|i| doc.position(*i)).collect();
        let backward: Vec<_> = offsets.iter().rev().map(|i| doc.position(*i)).collect();
        let shuffled: Vec<usize> = (0..offsets.len())
            .map(|k| offsets[k * 7 % offsets.len()])
            .collect();
        for (i, got) in offsets.iter().zip(&forward) {
            assert_eq!(*got, fresh(*i), "forward, offset {i}");
        }
        for (i, got) in offsets.iter().rev().zip(&backward) {
            assert_eq!(*got, fresh(*i), "backward, offset {i}");
        }
        for i in shuffled {
            assert_eq!(doc.position(i), fresh(i), "shuffled, offset {i}");
        }
        assert_eq!(doc.position(text.len()), (5, 1));
    }
}
