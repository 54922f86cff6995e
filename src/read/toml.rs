//! Typed reading of a parsed TOML document with exact positions.
//!
//! The `toml` crate's `DeTable` keeps each value's span and its text, so
//! numbers are read from their text straight into `Decimal` (`6.53` stays
//! 6,53, never a binary float), and every problem points at a line and
//! column. It holds a value in a few dozen bytes, which matters for a large
//! tariff (a participant list of thousands of codes). Every key read is
//! recorded in a [`SourceMap`] so that later problems (from the engine's
//! validation, which knows keys but not files) can be located too.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;
use toml::de::{DeInteger, DeTable, DeValue};
use toml::Spanned;

use crate::msg;
use crate::msg::{Arg, Message};

/// A parsed value with its place in the text.
pub type Item<'i> = Spanned<DeValue<'i>>;

/// Why a text is not a TOML document, and where.
#[derive(Debug)]
pub struct NotToml {
    /// What is wrong: the parser's own words (text, as the toml crates
    /// write them), or a message of ours (a number beyond TOML's range).
    pub message: Arg,
    pub span: Option<Range<usize>>,
}

/// Parses a whole document.
///
/// A number beyond TOML's range is refused, as TOML requires: an integer
/// that does not fit in 64 bits, a decimal number beyond a double's range
/// (the parser keeps their digits and leaves that to the reader). A table
/// made only by naming its children (`charges` in `[charges.dso]`) is
/// placed at its key in the first header or dotted key that names it.
///
/// A text that is not TOML is parsed again by `toml_edit`, whose first
/// problem is the one reported: which of several problems comes first
/// (syntax before meaning, then the order of the text) and its wording
/// stay what the editing side of avgift says.
/// Where a text nests deepest (arrays and inline tables, or the dots of a
/// key), outside strings and comments: the place of a parser's recursion
/// limit, which the parser does not give. The first place of the deepest
/// nesting, as a span of one byte.
pub fn deepest(text: &str) -> Option<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let (mut depth, mut dots, mut key) = (0usize, 0usize, true);
    let mut best: Option<(usize, usize)> = None;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        let deeper = match b {
            b'"' | b'\'' => {
                quote = Some(b);
                None
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                key = b == b'{';
                Some(depth)
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                None
            }
            b'.' if key => {
                dots += 1;
                Some(dots)
            }
            b'=' => {
                key = false;
                None
            }
            b'\n' | b',' => {
                dots = 0;
                key = b == b'\n' || depth > 0;
                None
            }
            _ => None,
        };
        if let Some(d) = deeper.filter(|d| best.is_none_or(|(b, _)| *d > b)) {
            best = Some((d, i));
        }
        i += 1;
    }
    best.filter(|(d, _)| *d > 1).map(|(_, at)| at..at + 1)
}

pub fn parse(text: &str) -> Result<Item<'_>, NotToml> {
    let (mut root, errors) = DeTable::parse_recoverable(text);
    let table = std::mem::take(root.get_mut());
    let mut first = errors.first().map(|e| NotToml {
        message: parser_says(e.message()),
        span: e.span().or_else(|| deepest(text)),
    });
    out_of_range(table.values(), &mut first);
    match first {
        Some(ours) => Err(match toml_edit::Document::parse(text) {
            Err(e) => NotToml {
                message: parser_says(e.message()),
                span: e.span().or_else(|| deepest(text)),
            },
            Ok(_) => ours,
        }),
        // The root is the whole text; even an empty one has a place, its start.
        None => Ok(Spanned::new(0..text.len().max(1), DeValue::Table(table))),
    }
}

/// The TOML parser's own words, as a message's argument: text (the
/// parser's, not the catalogue's).
pub fn parser_says(message: &str) -> Arg {
    Arg::Text(message.trim().to_string())
}

/// Keeps in `first` the problem that comes first in the text: the parser's,
/// or a number out of range.
fn out_of_range<'a>(values: impl Iterator<Item = &'a Item<'a>>, first: &mut Option<NotToml>) {
    for v in values {
        let message = match v.get_ref() {
            DeValue::Table(t) => {
                out_of_range(t.values(), first);
                continue;
            }
            DeValue::Array(a) => {
                out_of_range(a.iter(), first);
                continue;
            }
            DeValue::Integer(_) if integer_of(v.get_ref()).is_none() => msg!("toml-integer-overflow"),
            DeValue::Float(f) if beyond_double(f.as_str()) => msg!("toml-float-overflow"),
            _ => continue,
        };
        let earlier = match first {
            Some(NotToml { span: Some(s), .. }) => v.span().start < s.start,
            Some(NotToml { span: None, .. }) => false,
            None => true,
        };
        if earlier {
            *first = Some(NotToml {
                message: Arg::Msg(message),
                span: Some(v.span()),
            });
        }
    }
}

/// The smallest magnitude a double rounds to infinity, 2^1024 − 2^970
/// (halfway from the largest double to 2^1024; the tie goes to infinity),
/// as its significant digits: the number is 1.797… × 10^308.
const DOUBLE_OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a decimal number's text (`1.5e400`, `-2E+10`, `inf`) is beyond
/// the range TOML gives decimal numbers, a double's: whether it would
/// round to infinity. Decided exactly on its digits, without a double.
fn beyond_double(text: &str) -> bool {
    let t = text.trim_start_matches(['+', '-']);
    let (mantissa, exponent) = t.split_once(['e', 'E']).unwrap_or((t, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !(whole.bytes().chain(fraction.bytes())).all(|b| b.is_ascii_digit()) {
        return false; // inf, nan
    }
    let digits = format!("{whole}{fraction}");
    let Some(lead) = digits.find(|c| c != '0') else {
        return false; // zero, whatever its exponent
    };
    // An exponent too long for i64 is far beyond either end of the range.
    let exponent = exponent.parse::<i64>().unwrap_or(if exponent.starts_with('-') {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    // The power of ten of the leading significant digit.
    let magnitude = (whole.len() as i64 - lead as i64 - 1).saturating_add(exponent);
    match magnitude.cmp(&308) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        // Digit strings from the same power compare as numbers do.
        std::cmp::Ordering::Equal => digits[lead..].trim_end_matches('0') >= DOUBLE_OVERFLOW,
    }
}

/// The place of an item, as the readers pass it on: every parsed item
/// has one (a document edited in memory has none, see [`Doc::unplaced`]).
pub trait Placed {
    fn at(&self) -> Option<Range<usize>>;
}

impl Placed for Item<'_> {
    fn at(&self) -> Option<Range<usize>> {
        Some(self.span())
    }
}

/// A whole number as written (`1_490`, `0x5D2`), if it fits.
pub fn integer_of(v: &DeValue) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

/// A whole number's text in decimal, as a code or an account number reads
/// it: `0x5D2` is `1490`. ([`parse`] refuses one that does not fit.)
pub fn integer_text(i: &DeInteger) -> String {
    i64::from_str_radix(i.as_str(), i.radix()).map_or_else(|_| i.to_string(), |n| n.to_string())
}

use crate::diag::{Diagnostic, Diagnostics};
use crate::number::{exact_decimal, too_precise};

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

    /// Whether the document gives `key` or anything under it
    /// (`invoice` for `[invoice]` and `invoice.issuer.name`).
    pub fn mentions(&self, key: &str) -> bool {
        // Every key under `key` sorts between `key` and `key/` ('/' follows '.').
        self.0
            .range(key.to_string()..format!("{key}/"))
            .any(|(k, _)| k == key || k.as_bytes().get(key.len()) == Some(&b'.'))
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
    /// Whether spans are places in the file (not in a document edited in
    /// memory and written out again).
    placed: bool,
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
            placed: true,
            problems: Diagnostics::new(),
            map: SourceMap::default(),
        }
    }

    /// A document whose text is not the file's (a tariff with `--set`
    /// applied): its spans place nothing; problems are placed by the keys
    /// recorded in the file as written.
    pub fn unplaced(src: &'s str, map: SourceMap) -> Self {
        Doc {
            placed: false,
            map,
            ..Doc::new(src)
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

    pub fn err(&mut self, key: &str, span: Option<Range<usize>>, message: impl Into<crate::msg::Message>) {
        let mut d = Diagnostic::new(message).for_key(key);
        if let Some(s) = span.filter(|_| self.placed) {
            let (l, c) = self.position(s.start);
            d = d.at(l, c);
        } else if let Some((l, c)) = self.map.locate(key) {
            d = d.at(l, c);
        }
        self.problems.push(d);
    }

    /// Remembers where a key was written.
    pub fn record(&mut self, key: &str, span: Option<Range<usize>>) {
        if let Some(s) = span.filter(|_| self.placed) {
            let p = self.position(s.start);
            self.map.0.entry(key.to_string()).or_insert(p);
        }
    }

    /// The text of a number as written in the document (only numbers are
    /// asked for).
    fn text(&self, v: &Item) -> String {
        if let Some(t) = self.src.get(v.span()).filter(|t| !t.is_empty()) {
            return t.trim().to_string();
        }
        match v.get_ref() {
            DeValue::Float(f) => f.as_str().to_string(),
            DeValue::Integer(i) => i.to_string(),
            _ => String::new(),
        }
    }

    /// Whether an array was written as `[[name]]` tables.
    pub fn is_array_of_tables(&self, item: &Item) -> bool {
        if !matches!(item.get_ref(), DeValue::Array(_)) {
            return false;
        }
        let start = item.span().start;
        let line = self
            .src
            .get(..start)
            .map(|s| &s[s.rfind('\n').map_or(0, |i| i + 1)..]);
        line.is_some_and(|l| l.trim().is_empty())
            && self.src.get(start..).is_some_and(|s| s.starts_with("[["))
    }

    /// Whether an item was written as a value after `key =` (a standard
    /// `[table]` or `[[table]]` is not one).
    pub fn is_value(&self, item: &Item) -> bool {
        match item.get_ref() {
            DeValue::Table(_) => self.src.get(item.span()).is_some_and(|t| t.starts_with('{')),
            DeValue::Array(_) => !self.is_array_of_tables(item),
            _ => true,
        }
    }

    /// What kind of TOML item this is, for messages: `an array of tables`.
    pub fn describe(&self, item: &Item) -> Message {
        if self.is_array_of_tables(item) {
            msg!("toml-kind-array-of-tables")
        } else {
            value_kind(item.get_ref())
        }
    }

    /// Opens a table (standard or inline) for reading its keys.
    pub fn table<'d, 'i>(&mut self, key: &str, item: &'d Item<'i>) -> Option<TomlTable<'d, 'i>> {
        self.record(key, item.at());
        match item.get_ref() {
            DeValue::Table(t) => Some(TomlTable {
                key: key.to_string(),
                inner: t,
                span: item.at(),
            }),
            _ => {
                self.err(
                    key,
                    item.at(),
                    msg!("toml-expected-table", found = self.describe(item)),
                );
                None
            }
        }
    }

    pub fn string(&mut self, key: &str, item: &Item) -> Option<String> {
        self.record(key, item.at());
        self.string_value(key, item)
    }

    /// A file name: a string that is not empty.
    pub fn path(&mut self, key: &str, item: &Item) -> Option<String> {
        let s = self.string(key, item)?;
        if s.trim().is_empty() {
            self.err(key, item.at(), msg!("toml-expected-file-name"));
            return None;
        }
        Some(s)
    }

    /// A string, without recording its key (an element of a list).
    pub fn string_value(&mut self, key: &str, v: &Item) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => match super::text::control_character(s) {
                Some(why) => {
                    self.err(key, v.at(), msg!("toml-found-control", why = why));
                    None
                }
                None => Some(s.to_string()),
            },
            _ => {
                self.err(
                    key,
                    v.at(),
                    msg!("toml-expected-string", found = self.describe(v)),
                );
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str, item: &Item) -> Option<bool> {
        self.record(key, item.at());
        match item.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.err(
                    key,
                    item.at(),
                    msg!("toml-expected-bool", found = self.describe(item)),
                );
                None
            }
        }
    }

    /// A whole number in a range.
    pub fn integer(&mut self, key: &str, item: &Item, range: Range<i64>) -> Option<i64> {
        self.record(key, item.at());
        let DeValue::Integer(_) = item.get_ref() else {
            self.err(
                key,
                item.at(),
                msg!("toml-expected-whole-number", found = self.describe(item)),
            );
            return None;
        };
        match integer_of(item.get_ref()) {
            Some(i) if range.contains(&i) => Some(i),
            found => {
                let found = found.map_or_else(|| self.text(item), |i| i.to_string());
                self.err(
                    key,
                    item.at(),
                    msg!(
                        "toml-expected-whole-number-in",
                        min = range.start,
                        max = range.end - 1,
                        found = found
                    ),
                );
                None
            }
        }
    }

    /// An amount or rate: a TOML integer or decimal number, read exactly from
    /// its text (`6.53`, `135_000`, `135000.50`).
    pub fn decimal(&mut self, key: &str, v: &Item) -> Option<Decimal> {
        self.record(key, v.at());
        if !matches!(v.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) {
            let string = v.get_ref().as_str();
            let comma = string.map(str::trim).filter(|s| {
                s.split_once(',').is_some_and(|(w, f)| {
                    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
                    digits(w.strip_prefix('-').unwrap_or(w)) && digits(f)
                })
            });
            let found = self.describe(v);
            let message = match (string, comma) {
                (_, Some(s)) => msg!(
                    "toml-expected-number-comma",
                    found = found,
                    text = msg::quoted(s),
                    number = s.replace(',', ".")
                ),
                (Some(s), _) if s.trim_end().ends_with('%') => {
                    msg!("toml-expected-number-percent", found = found)
                }
                (Some(_), _) => msg!("toml-expected-number-quoted", found = found),
                (None, _) => msg!("toml-expected-number", found = found),
            };
            self.err(key, v.at(), message);
            return None;
        }
        let text = self.text(v);
        match exact_decimal(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(key, v.at(), e);
                None
            }
        }
    }

    /// A percentage written as a string: `"2.5%"`, `"2,5 %"`, `"-1%"`.
    /// Returns the fraction (0.025).
    pub fn percent(&mut self, key: &str, v: &Item) -> Option<Decimal> {
        self.record(key, v.at());
        let found: Arg = match v.get_ref() {
            DeValue::String(s) => match parse_percent(s) {
                Some(d) => return Some(d),
                None => {
                    // Say why, when it is a number with too many digits.
                    let number = s.trim().trim_end_matches('%').trim().replace(',', ".");
                    match exact_decimal(&number) {
                        Err(e) if too_precise(&e) => {
                            self.err(key, v.at(), msg!("toml-percentage-too-precise", why = e));
                            return None;
                        }
                        _ => msg::quoted(s),
                    }
                }
            },
            DeValue::Integer(_) | DeValue::Float(_) => {
                msg!("toml-found-number-not-percent", number = self.text(v)).into()
            }
            _ => self.describe(v).into(),
        };
        self.err(key, v.at(), msg!("toml-expected-percentage", found = found));
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
pub struct TomlTable<'d, 'i> {
    pub key: String,
    inner: &'d DeTable<'i>,
    pub span: Option<Range<usize>>,
}

impl<'d, 'i> TomlTable<'d, 'i> {
    /// The key path of a child.
    pub fn child(&self, k: &str) -> String {
        if self.key.is_empty() {
            k.to_string()
        } else {
            format!("{}.{}", self.key, k)
        }
    }

    pub fn get(&self, k: &str) -> Option<&'d Item<'i>> {
        self.inner.get(k)
    }

    pub fn has(&self, k: &str) -> bool {
        self.inner.contains_key(k)
    }

    /// Every entry, in key order (so that reading is independent of the
    /// order written).
    pub fn entries(&self) -> Vec<(String, &'d Item<'i>)> {
        let mut all: Vec<(String, &'d Item<'i>)> = self
            .inner
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The span of a key as written (for pointing at it).
    pub fn key_span(&self, k: &str) -> Option<Range<usize>> {
        self.inner.get_key_value(k).map(|(key, _)| key.span())
    }

    /// Reports every key that is not one of `expected`, the keys allowed here.
    pub fn finish(self, doc: &mut Doc, expected: &[&str]) {
        let mut unknown: Vec<(String, Option<Range<usize>>)> = self
            .inner
            .iter()
            .filter(|(k, _)| !expected.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.get_ref().to_string(), Some(k.span())))
            .collect();
        unknown.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, span) in unknown {
            let message = match suggest(&k, expected) {
                Some(s) => msg!(
                    "toml-unknown-key-did-you-mean",
                    key = msg::quoted(&k),
                    suggestion = msg::quoted(s)
                ),
                None => msg!(
                    "toml-unknown-key",
                    key = msg::quoted(&k),
                    expected = expected.join(", ")
                ),
            };
            doc.err(&self.child(&k), span, message);
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

/// What kind of TOML value this is, for messages: `a string`.
pub fn value_kind(v: &DeValue) -> Message {
    match v {
        DeValue::String(_) => msg!("toml-kind-string"),
        DeValue::Integer(_) => msg!("toml-kind-integer"),
        DeValue::Float(_) => msg!("toml-kind-decimal"),
        DeValue::Boolean(_) => msg!("toml-kind-boolean"),
        DeValue::Datetime(_) => msg!("toml-kind-date"),
        DeValue::Array(_) => msg!("toml-kind-array"),
        DeValue::Table(_) => msg!("toml-kind-table"),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_mentioned_by_itself_or_a_key_under_it() {
        let map = |keys: &[&str]| SourceMap(keys.iter().map(|k| (k.to_string(), (1, 1))).collect());
        assert!(map(&["invoice"]).mentions("invoice"));
        assert!(map(&["invoice.issuer.name"]).mentions("invoice"));
        assert!(map(&["a", "invoice.x", "z"]).mentions("invoice"));
        assert!(!map(&["invoices", "invoice_day", "invoic"]).mentions("invoice"));
        assert!(!map(&["charges.invoice"]).mentions("invoice"));
        assert!(!map(&[]).mentions("invoice"));
    }

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
            assert!(too_precise(&e), "{text}: {e}");
            assert!(e.to_string().contains("does not round"), "{text}: {e}");
        }
        for text in ["inf", "nan", "0x1F", "1.2.3", "", "-", "1e", "e5", ".5"] {
            assert!(
                exact_decimal(text)
                    .unwrap_err()
                    .to_string()
                    .starts_with("expected a finite"),
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

    /// The kinds of table and array that the readers tell apart, which the
    /// parsed tree does not say: told from where each was written.
    #[test]
    fn written_forms_are_told_apart() {
        let text =
            "a = [[1], [2]]\nb = [{ x = 1 }]\nc = { y = 2 }\n[d]\nz = 1\n  [[e]]\nw = 1\n[[e]]\n[f.g]\n";
        let root = parse(text).unwrap();
        let doc = Doc::new(text);
        let get = |k: &str| root.get_ref().as_table().unwrap().get(k).unwrap();
        let aot: Vec<bool> = ["a", "b", "c", "d", "e", "f"]
            .map(|k| doc.is_array_of_tables(get(k)))
            .to_vec();
        assert_eq!(aot, [false, false, false, false, true, false]);
        let value: Vec<bool> = ["a", "b", "c", "d", "e", "f"]
            .map(|k| doc.is_value(get(k)))
            .to_vec();
        assert_eq!(value, [true, true, true, false, false, false]);
        assert_eq!(doc.describe(get("e")).to_string(), "an array of tables");
        assert_eq!(doc.describe(get("a")).to_string(), "an array");
        assert_eq!(doc.describe(get("c")).to_string(), "a table");
        // `f` is only named by `[f.g]`: it is placed at its key there.
        assert_eq!(doc.position(get("f").span().start), (9, 2));
        assert_eq!(doc.position(get("d").span().start), (4, 1));
    }

    /// What a parse error says, in English: the parser's words or ours.
    fn said(a: &Arg) -> String {
        match a {
            Arg::Text(t) => t.clone(),
            Arg::Msg(m) => m.to_string(),
            other => panic!("{other:?}"),
        }
    }

    /// TOML integers are 64-bit and its decimal numbers doubles: one out of
    /// range is refused where it is written, wherever it is nested; the
    /// extremes are read.
    #[test]
    fn numbers_beyond_tomls_range_are_refused() {
        for text in [
            "a = 9223372036854775808\n",
            "x = 1\n[t]\nb = [1, { c = -9223372036854775809 }]\n",
            "a = 0x8000000000000000\n",
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(said(&e.message), "integer number overflowed", "{text}");
            let start = e.span.unwrap().start;
            assert!(text[start..].starts_with(['9', '-', '0']), "{text}: {start}");
        }
        let e = parse("x = [1.0, -1e400]\n").unwrap_err();
        assert_eq!(
            (said(&e.message).as_str(), e.span),
            ("floating-point number overflowed", Some(10..16))
        );
        assert!(parse("a = inf\nb = -1.7976931348623157e308\n").is_ok());
        // Of two problems, the first in the text.
        let e = parse("a = 1e400\nb = 1\nb = 2\n").unwrap_err();
        assert_eq!(said(&e.message), "floating-point number overflowed");
        let e = parse("b = 1\nb = 2\na = 1e400\n").unwrap_err();
        assert_eq!(said(&e.message), "duplicate key");
        let text = "a = -9223372036854775808\nb = 0x7FFF_FFFF_FFFF_FFFF\nc = 1_490\n";
        let root = parse(text).unwrap();
        let t = root.get_ref().as_table().unwrap();
        let got: Vec<Option<i64>> = ["a", "b", "c"]
            .map(|k| integer_of(t.get(k).unwrap().get_ref()))
            .to_vec();
        assert_eq!(got, [Some(i64::MIN), Some(i64::MAX), Some(1490)]);
    }

    /// The overflow boundary, on both sides, written every way; the
    /// expectations are what Python's `float()` gives for the same texts.
    #[test]
    fn a_double_overflows_exactly_where_it_rounds_to_infinity() {
        let max_plus_half = DOUBLE_OVERFLOW;
        let below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9";
        for (text, beyond) in [
            ("1.7976931348623157e308", false),
            ("1.7976931348623158e308", false),
            ("1.797693134862315807937e308", false),
            ("1.797693134862315808e308", true),
            (max_plus_half, true),
            (below, false),
            ("-1e309", true),
            ("1e308", false),
            ("0.0001e312", false),
            ("0.001e312", true),
            ("1E+309", true),
            ("1e-400", false),
            ("0e999999999999999999999", false),
            ("1e999999999999999999999", true),
            ("1e-999999999999999999999", false),
            ("0.0", false),
            ("inf", false),
            ("-inf", false),
            ("nan", false),
        ] {
            assert_eq!(beyond_double(text), beyond, "{}", &text[..text.len().min(30)]);
        }
    }

    /// A document edited in memory places nothing; what it reports is
    /// placed by the keys recorded in the file as written.
    #[test]
    fn unplaced_documents_place_by_the_file() {
        let written = "\n\nrate = 1\n";
        let mut doc = Doc::new(written);
        let root = parse(written).unwrap();
        let t = doc.table("", &root).unwrap();
        let rate = t.get("rate").unwrap();
        assert!(doc.decimal("rate", rate).is_some());
        let edited = "rate = \"x\"\n";
        let root = parse(edited).unwrap();
        let mut doc = Doc::unplaced(edited, doc.map);
        let t = doc.table("", &root).unwrap();
        assert_eq!(doc.decimal("rate", t.get("rate").unwrap()), None);
        let d = &doc.problems.0[0];
        assert_eq!((d.line, d.column), (Some(3), Some(8)));
        assert!(d.to_string().contains("found a string"), "{d}");
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
