//! Figures in CSV fields as Swedish spreadsheets show them: thousands
//! grouped by a space, a no-break space (U+00A0) or a narrow no-break
//! space (U+202F), a decimal comma where the file's delimiter leaves the
//! comma free (`;` or tab), a leading minus (`-` or U+2212), and a unit
//! after the number: `kr`, `tkr` (thousands of kronor) or `%`. What a
//! figure means (kronor, inhabitants, a weight) is the reader's to say:
//! [`Figure::kronor`], [`Figure::weight`], [`parse_count`].
//!
//! A problem says what was found and what to write instead; a character
//! that does not belong in a number is named in words with its code point
//! ([`char_name`]), never shown as an escape.

use rust_decimal::Decimal;

use crate::msg;
use crate::msg::Message;

/// The unit written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// None: the number alone.
    Plain,
    /// `kr`: kronor.
    Kr,
    /// `tkr`: thousands of kronor.
    Tkr,
    /// `%`: hundredths.
    Percent,
}

/// A figure as written: its number (before the unit) and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub number: Decimal,
    pub unit: Unit,
}

impl Figure {
    /// The figure as kronor (`tkr` × 1 000), or why it is not an amount
    /// (a percentage). `found` is the field as written, for the message.
    pub fn kronor(self, found: &str) -> Result<Decimal, Message> {
        match self.unit {
            Unit::Plain | Unit::Kr => Ok(self.number),
            Unit::Tkr => shifted(self.number, 3).ok_or_else(|| too_precise(found)),
            Unit::Percent => Err(msg!("number-form-percent-not-amount", found = msg::quoted(found))),
        }
    }

    /// The figure as a weight: kronor as [`Figure::kronor`], a percentage
    /// as its fraction (`12,5 %` is 0,125).
    pub fn weight(self, found: &str) -> Result<Decimal, Message> {
        match self.unit {
            Unit::Percent => shifted(self.number, -2).ok_or_else(|| too_precise(found)),
            _ => self.kronor(found),
        }
    }
}

/// `d` × 10^`places`, exactly, by moving the decimal point (never the
/// rounding a decimal product or quotient may do); `None` when the result
/// is not a decimal: more than 28 decimal places, or too large.
fn shifted(d: Decimal, places: i32) -> Option<Decimal> {
    let scale = i64::from(d.scale()) - i64::from(places);
    if scale >= 0 {
        Decimal::try_from_i128_with_scale(d.mantissa(), u32::try_from(scale).ok()?).ok()
    } else {
        let factor = 10i128.checked_pow(u32::try_from(-scale).ok()?)?;
        Decimal::try_from_i128_with_scale(d.mantissa().checked_mul(factor)?, 0).ok()
    }
}

/// A figure the unit would take beyond what a decimal holds exactly.
fn too_precise(found: &str) -> Message {
    msg!("number-form-beyond-exact", found = msg::quoted(found))
}

/// Whether a file with this field delimiter writes numbers with a decimal
/// comma: `;` and tab do (Swedish Excel), `,` cannot.
pub fn decimal_comma(delimiter: u8) -> bool {
    delimiter != b','
}

/// The characters that group thousands.
const SEPARATORS: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// A field split into its parts, each still to be checked.
struct Parts<'t> {
    negative: bool,
    /// The whole number's text, separators included.
    whole: &'t str,
    /// The decimal mark and the digits after it.
    fraction: Option<(char, &'t str)>,
    unit: Unit,
}

/// The unit at the end of `t` (trimmed), and the text before it; `Err(None)`
/// when there is no digit before it: no number at all, which each caller
/// says in its own words.
fn split_unit(t: &str) -> Result<(&str, Unit), Option<Message>> {
    let end = t.rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1);
    let (body, suffix) = t.split_at(end);
    if body.is_empty() {
        return Err(None);
    }
    // A decimal mark with nothing after it (`12.`) is the number's, and wrong.
    if suffix.starts_with([',', '.']) {
        return Ok((t, Unit::Plain));
    }
    let unit = match suffix.trim().to_lowercase().as_str() {
        "" => Unit::Plain,
        "kr" | "kr." => Unit::Kr,
        "tkr" | "tkr." => Unit::Tkr,
        "%" => Unit::Percent,
        other if other.starts_with(['-', '\u{2212}']) => {
            return Err(Some(msg!("number-form-trailing-minus", found = msg::quoted(t))))
        }
        _ => {
            return Err(Some(msg!(
                "number-form-unknown-unit",
                found = msg::quoted(t),
                unit = msg::quoted(suffix.trim())
            )))
        }
    };
    Ok((body.trim_end(), unit))
}

/// A field cut into sign, whole part, decimal mark and unit, with every
/// character that belongs in none of them named; `Err(None)`: no number.
fn split(t: &str) -> Result<Parts<'_>, Option<Message>> {
    let (body, unit) = split_unit(t)?;
    let first = body.chars().next().unwrap_or_default();
    let (negative, digits) = match first {
        '-' | '\u{2212}' => (true, body[first.len_utf8()..].trim_start()),
        '+' => (false, body[1..].trim_start()),
        '\u{2010}'..='\u{2015}' | '\u{fe63}' | '\u{ff0d}' => {
            return Err(Some(msg!(
                "number-form-not-a-minus",
                found = msg::quoted(t),
                char = char_name(first)
            )))
        }
        _ => (false, body),
    };
    // Every character of the number: digits, separators, decimal marks.
    // `digits` is a slice of `t`: its offset there counts the characters before it.
    let offset = digits.as_ptr() as usize - t.as_ptr() as usize;
    for (i, c) in digits.char_indices() {
        if c.is_ascii_digit() || SEPARATORS.contains(&c) || c == ',' || c == '.' {
            continue;
        }
        let at = t[..offset + i].chars().count() + 1;
        let between = digits[..i].ends_with(|c: char| c.is_ascii_digit())
            && digits[i + c.len_utf8()..].starts_with(|c: char| c.is_ascii_digit());
        let (found, char) = (msg::quoted(t), char_name(c));
        return Err(Some(if between && is_separator_like(c) {
            msg!("number-form-bad-separator", found = found, char = char, at = at)
        } else {
            msg!("number-form-unexpected-char", found = found, char = char, at = at)
        }));
    }
    let fraction = digits
        .rfind([',', '.'])
        .map(|i| (digits.as_bytes()[i] as char, &digits[i + 1..]));
    let whole = match fraction {
        Some((_, f)) => &digits[..digits.len() - f.len() - 1],
        None => digits,
    };
    Ok(Parts {
        negative,
        whole,
        fraction,
        unit,
    })
}

/// Characters people put between groups of digits that are not one of
/// the three [`SEPARATORS`]: other spaces, apostrophes, underscores.
fn is_separator_like(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\'' | '\u{2019}' | '_' | '\u{2009}' | '\u{2007}')
}

/// The digit groups of a whole number, if they are grouped as thousands
/// (one group, or a first of one to three digits and then threes).
fn groups(whole: &str) -> Option<Vec<&str>> {
    let groups: Vec<&str> = whole.split(SEPARATORS).collect();
    let digits = |g: &&str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let grouped = groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    (groups.iter().all(digits) && grouped).then_some(groups)
}

/// Why a comma in a number of a `,`-separated file is refused, with what
/// to write instead: each reading of the comma spelled out (the unit kept).
fn ambiguous(t: &str) -> Message {
    let end = t.rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1);
    let (number, unit) = t.split_at(end);
    let unit = match unit.trim() {
        "" => String::new(),
        u => format!(" {u}"),
    };
    let bare: String = number.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    let grouped = format!("{}{unit}", bare.replace(',', ""));
    // Could the commas separate thousands: one to three digits, then threes?
    let thousands = groups(&bare.trim_start_matches(['-', '+', '\u{2212}']).replace(',', " ")).is_some();
    if bare.matches(',').count() == 1 && !bare.contains('.') {
        let plain = format!("{}{unit}", bare.replace(',', "."));
        if thousands {
            msg!(
                "text-decimal-ambiguous",
                found = msg::quoted(t),
                plain = plain,
                grouped = grouped
            )
        } else {
            msg!("number-form-decimal-comma", found = msg::quoted(t), plain = plain)
        }
    } else {
        msg!(
            "number-form-comma-grouping",
            found = msg::quoted(t),
            grouped = grouped
        )
    }
}

fn expected_number(found: &str, delimiter: u8) -> Message {
    let example = if decimal_comma(delimiter) {
        "228000,00"
    } else {
        "228000.00"
    };
    msg!(
        "text-expected-number",
        example = example,
        found = msg::quoted(found)
    )
}

/// A figure as a file with this delimiter holds it: `.` as decimal point;
/// with `;` or tab between fields a decimal comma too (`228000,00`, as
/// Swedish Excel writes it); thousands grouped by a space, U+00A0 or
/// U+202F (`228 000,00`); a sign `-`, U+2212 or `+`; a unit `kr`, `tkr` or
/// `%` (any letter case, with or without a space before it). In a
/// `,`-separated file a comma in a number is refused, because `1,234`
/// could be 1,234 or 1 234. Errors say what was found and what to write
/// instead; an empty field is `Ok(None)`.
pub fn parse_figure(s: &str, delimiter: u8) -> Result<Option<Figure>, Message> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.contains(',') && !decimal_comma(delimiter) && t.bytes().any(|b| b.is_ascii_digit()) {
        return Err(ambiguous(t));
    }
    let parts = split(t).map_err(|m| m.unwrap_or_else(|| expected_number(t, delimiter)))?;
    let marks = |m: char| t.matches(m).count();
    if marks(',') > 0 && marks('.') > 0 {
        return Err(msg!("text-decimal-comma-and-point", found = msg::quoted(t)));
    }
    let (Some(groups), true) = (
        groups(parts.whole),
        parts
            .fraction
            .is_none_or(|(_, f)| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit())),
    ) else {
        return Err(expected_number(t, delimiter));
    };
    let sign = if parts.negative { "-" } else { "" };
    let plain = match parts.fraction {
        Some((_, f)) => format!("{sign}{}.{f}", groups.concat()),
        None => format!("{sign}{}", groups.concat()),
    };
    Decimal::from_str_exact(&plain)
        .map(|number| {
            Some(Figure {
                number,
                unit: parts.unit,
            })
        })
        .map_err(|_| expected_number(t, delimiter))
}

/// A unit where none belongs: `what` says what the column holds.
fn unit_not_here(found: &str, unit: Unit, what: Message) -> Message {
    let unit = match unit {
        Unit::Kr => "kr",
        Unit::Tkr => "tkr",
        Unit::Percent => "%",
        Unit::Plain => "",
    };
    msg!(
        "number-form-unit-not-here",
        found = msg::quoted(found),
        unit = unit,
        what = what
    )
}

use crate::engine::population::MAX_COUNT;

/// A non-negative whole number as people write it: `114091`, or with
/// thousands separated by a space, U+00A0 or U+202F (`114 091`). A `.` or
/// `,` is refused, as decimal mark and as thousands separator alike:
/// `114.091` could be either. A unit (`kr`, `%`) is refused: a count has
/// none. Errors say what was found.
pub fn parse_count(s: &str) -> Result<u64, Message> {
    let t = s.trim();
    if t.is_empty() {
        return Err(msg!("text-missing-figure"));
    }
    let parts = split(t)
        .map_err(|m| m.unwrap_or_else(|| msg!("text-expected-whole-number", found = msg::quoted(t))))?;
    if parts.unit != Unit::Plain {
        return Err(unit_not_here(t, parts.unit, msg!("number-form-what-count")));
    }
    // Digits, perhaps with a `.` or `,` between them: a figure, but not one we take.
    let is_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let whole_groups: Vec<&str> = parts.whole.split(SEPARATORS).collect();
    let is_figure = |g: &&str| g.split(['.', ',']).all(is_digits);
    let fraction_ok = parts.fraction.is_none_or(|(_, f)| is_digits(f));
    if !whole_groups.iter().all(is_figure) || !fraction_ok {
        return Err(msg!("text-expected-whole-number", found = msg::quoted(t)));
    }
    if parts.negative {
        return Err(msg!("text-negative-figure", found = msg::quoted(t)));
    }
    if parts.fraction.is_some() || !whole_groups.iter().all(|g| is_digits(g)) {
        return Err(msg!("text-not-whole-number", found = msg::quoted(t)));
    }
    if groups(parts.whole).is_none() {
        return Err(msg!("text-expected-groups-of-three", found = msg::quoted(t)));
    }
    whole_groups
        .concat()
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= MAX_COUNT)
        .ok_or_else(|| msg!("text-figure-too-large", found = msg::quoted(t)))
}

/// A character named in words, with its code point: "a no-break space
/// (U+00A0)", "ett hårt mellanslag (U+00A0)". What messages about a
/// character take as an argument.
pub fn char_name(c: char) -> Message {
    let code = format!("{:04X}", u32::from(c));
    match c {
        ' ' => msg!("number-form-char-space", code = code),
        '\u{a0}' => msg!("number-form-char-nbsp", code = code),
        '\u{202f}' => msg!("number-form-char-nnbsp", code = code),
        '\u{2009}' => msg!("number-form-char-thin-space", code = code),
        '\u{2007}' => msg!("number-form-char-figure-space", code = code),
        '\t' => msg!("number-form-char-tab", code = code),
        '\u{2010}' | '\u{2011}' => msg!("number-form-char-hyphen", code = code),
        '\u{2012}' | '\u{2013}' => msg!("number-form-char-en-dash", code = code),
        '\u{2014}' | '\u{2015}' => msg!("number-form-char-em-dash", code = code),
        '\'' | '\u{2019}' => msg!("number-form-char-apostrophe", code = code),
        '_' => msg!("number-form-char-underscore", code = code),
        c if c.is_whitespace() && !c.is_control() => msg!("number-form-char-other-space", code = code),
        c if c.is_control() || crate::msg::is_invisible(c) => msg!("number-form-char-invisible", code = code),
        c => msg!("number-form-char-other", code = code, char = c.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn figure(s: &str, delimiter: u8) -> Option<(Decimal, Unit)> {
        parse_figure(s, delimiter)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
            .map(|f| (f.number, f.unit))
    }

    fn error(s: &str, delimiter: u8) -> String {
        parse_figure(s, delimiter).unwrap_err().to_string()
    }

    #[test]
    fn decimals_by_delimiter() {
        let plain = |s: &str, delimiter| figure(s, delimiter).map(|(n, _)| n);
        assert_eq!(plain("228000,00", b';'), Some(d("228000.00")));
        assert_eq!(plain("228 000,50", b'\t'), Some(d("228000.50")));
        assert_eq!(plain("-1\u{a0}500,25", b';'), Some(d("-1500.25")));
        assert_eq!(plain("880014.00", b';'), Some(d("880014.00")));
        assert_eq!(plain("880014.00", b','), Some(d("880014.00")));
        assert_eq!(plain("  ", b','), None);
        assert_eq!(plain("12,5", b';'), Some(d("12.5")));
        assert!(error("1.234,50", b';').contains("both a comma and a point"));
        assert_eq!(
            error("12 5", b';'),
            "expected a number such as 228000,00, found \"12 5\""
        );
        assert_eq!(
            error("abc", b','),
            "expected a number such as 228000.00, found \"abc\""
        );
        assert!(parse_figure("1,2,3", b';').is_err());
        assert!(parse_figure("12.", b';').is_err());
        assert!(parse_figure(",5", b';').is_err());
    }

    #[test]
    fn what_swedish_spreadsheets_show() {
        for (s, number, unit) in [
            // LibreOffice and Excel in Swedish, "as shown": no-break spaces.
            ("225\u{a0}728 kr", "225728", Unit::Kr),
            ("2\u{a0}590\u{a0}995 kr", "2590995", Unit::Kr),
            ("-342\u{a0}000 kr", "-342000", Unit::Kr),
            ("\u{2212}342\u{202f}000\u{a0}kr", "-342000", Unit::Kr),
            ("− 1 000", "-1000", Unit::Plain),
            ("+13 138", "13138", Unit::Plain),
            ("225728kr", "225728", Unit::Kr),
            ("1 500 KR", "1500", Unit::Kr),
            ("2 229 tkr", "2229", Unit::Tkr),
            ("1,5 Tkr", "1.5", Unit::Tkr),
            ("2,50%", "2.50", Unit::Percent),
            ("12,5 %", "12.5", Unit::Percent),
            ("-4,0\u{a0}%", "-4.0", Unit::Percent),
            ("6,53", "6.53", Unit::Plain),
            ("0", "0", Unit::Plain),
        ] {
            assert_eq!(figure(s, b';'), Some((d(number), unit)), "{s:?}");
        }
        // The same in a tab-separated file; in a comma-separated one where
        // there is no comma.
        assert_eq!(figure("225\u{a0}728 kr", b'\t'), Some((d("225728"), Unit::Kr)));
        assert_eq!(figure("225\u{a0}728 kr", b','), Some((d("225728"), Unit::Kr)));
        assert_eq!(figure("2.5 %", b','), Some((d("2.5"), Unit::Percent)));
    }

    #[test]
    fn units_become_kronor_and_weights() {
        let f = |s: &str| parse_figure(s, b';').unwrap().unwrap();
        assert_eq!(f("2 229 tkr").kronor("2 229 tkr"), Ok(d("2229000")));
        assert_eq!(f("1,5 tkr").kronor("1,5 tkr"), Ok(d("1500.0")));
        assert_eq!(f("225 728 kr").kronor("x"), Ok(d("225728")));
        assert_eq!(f("12,5 %").weight("x"), Ok(d("0.125")));
        assert_eq!(f("7 tkr").weight("x"), Ok(d("7000")));
        // Moved exactly, never rounded: 28 significant digits stay 28.
        let long = "1,234567890123456789012345678 tkr";
        assert_eq!(f(long).kronor(long), Ok(d("1234.567890123456789012345678")));
        let pct = "12,34567890123456789012345678 %";
        assert_eq!(f(pct).weight(pct), Ok(d("0.1234567890123456789012345678")));
        let too = "0,000000000000000000000000001 %";
        assert_eq!(
            f(too).weight(too).unwrap_err().to_string(),
            "\"0,000000000000000000000000001 %\" is beyond what avgift keeps exactly with its unit (at most 28 decimal places and 28 significant digits): write it in another unit, or with fewer digits"
        );
        assert!(f("79228162514264337593543951 tkr").kronor("x").is_err());
        assert_eq!(
            f("2,5 %").kronor("2,5 %").unwrap_err().to_string(),
            "\"2,5 %\" is a percentage where an amount in kronor belongs: write the amount in kr or tkr"
        );
    }

    #[test]
    fn ambiguous_forms_in_a_comma_separated_file_say_why() {
        assert_eq!(
            error("225,728 kr", b','),
            "\"225,728 kr\" is ambiguous in a comma-separated file: the comma could be a decimal comma or a thousands separator; write 225.728 kr if it is a decimal comma or 225728 kr if it separates thousands (a decimal point, no grouping), or save the file with ; between fields (as Swedish Excel does), where a decimal comma is read"
        );
        assert_eq!(
            error("880 014,23", b','),
            "\"880 014,23\": a decimal comma in a comma-separated file, where commas separate fields: write 880014.23 with a decimal point, or save the file with ; between fields (as Swedish Excel does), where a decimal comma is read"
        );
        assert!(error("2,5 %", b',').contains("write 2.5 % with a decimal point"));
        assert!(error("1,500 %", b',')
            .contains("write 1.500 % if it is a decimal comma or 1500 % if it separates thousands"));
        assert!(error("1,234", b',').starts_with("\"1,234\" is ambiguous"));
        assert_eq!(
            error("1,234,567", b','),
            "\"1,234,567\" is grouped with commas in a comma-separated file, where a comma could also be a decimal comma: write 1234567 without grouping, or save the file with ; between fields (as Swedish Excel does)"
        );
        assert!(error("1,234.50", b',').contains("write 1234.50 without grouping"));
    }

    #[test]
    fn characters_are_named_in_words_never_escaped() {
        assert_eq!(
            error("225\u{2009}728 kr", b';'),
            "\"225\u{2009}728 kr\": a thin space (U+2009) between the digits at character 4: thousands are grouped by a space, a no-break space (U+00A0) or a narrow no-break space (U+202F); replace it with a space"
        );
        assert!(error("1'234", b';').contains("an apostrophe (U+0027) between the digits at character 2"));
        assert!(error("1_234", b';').contains("an underscore (U+005F) between the digits"));
        assert_eq!(
            error("\u{2013}342 000 kr", b';'),
            "\"\u{2013}342 000 kr\" begins with an en dash (U+2013), not a minus sign: replace it with - or − (U+2212)"
        );
        assert_eq!(
            error("12\u{200b}345", b';'),
            "\"12<U+200B>345\": an invisible character (U+200B) at character 3 does not belong in a number (digits, a space between thousands, a decimal mark, and kr, tkr or % after them); delete it"
        );
        assert!(error("12x5", b';').contains("the character \"x\" (U+0078) at character 3"));
        assert_eq!(
            error("1 234 SEK", b';'),
            "\"1 234 SEK\": unknown unit \"SEK\": write kr, tkr or %, or the number alone"
        );
        assert_eq!(
            error("342 000-", b';'),
            "\"342 000-\" has its minus sign after the number: write it before, as in -342 000"
        );
        // No message shows an escape code, whatever the character.
        for c in [
            '\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}', '\u{feff}', '\u{ad}', '\u{1b}', 'é',
        ] {
            for s in [format!("1{c}2"), format!("{c}x"), format!("12 34{c}5")] {
                if let Err(e) = parse_figure(&s, b';') {
                    for lang in crate::i18n::Lang::ALL {
                        let text = crate::i18n::render(lang, &e);
                        assert!(!text.contains("\\u{"), "{s:?}: {text}");
                    }
                }
            }
        }
        assert_eq!(
            crate::i18n::render(crate::i18n::Lang::Sv, &char_name('\u{a0}')),
            "ett hårt mellanslag (U+00A0)"
        );
        assert_eq!(char_name('\u{a0}').to_string(), "a no-break space (U+00A0)");
    }

    #[test]
    fn counts_as_people_write_them() {
        assert_eq!(parse_count("114091"), Ok(114_091));
        assert_eq!(parse_count(" 114 091 "), Ok(114_091));
        assert_eq!(parse_count("114\u{a0}091"), Ok(114_091));
        assert_eq!(parse_count("114\u{202f}091"), Ok(114_091));
        assert_eq!(parse_count("1 000\u{a0}000"), Ok(1_000_000));
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count("007"), Ok(7));
        assert_eq!(parse_count("+5"), Ok(5));
        assert_eq!(parse_count("10 000 000 000"), Ok(10_000_000_000));
    }

    #[test]
    fn count_errors_say_what_was_found() {
        let err = |s: &str| parse_count(s).unwrap_err().to_string();
        assert_eq!(err(""), "missing figure");
        assert_eq!(err("  "), "missing figure");
        assert_eq!(err("-5"), "negative figure \"-5\"");
        assert_eq!(err("\u{2212}5"), "negative figure \"\u{2212}5\"");
        assert_eq!(err("- 1 000"), "negative figure \"- 1 000\"");
        assert_eq!(err("-2,5"), "negative figure \"-2,5\"");
        let not_whole = "(write no decimals, and a space or nothing between thousands)";
        assert_eq!(err("12,5"), format!("not a whole number: \"12,5\" {not_whole}"));
        assert_eq!(err("12.5"), format!("not a whole number: \"12.5\" {not_whole}"));
        assert_eq!(
            err("114.091"),
            format!("not a whole number: \"114.091\" {not_whole}")
        );
        assert_eq!(
            err("1,234,567"),
            format!("not a whole number: \"1,234,567\" {not_whole}")
        );
        assert_eq!(err("abc"), "expected a whole number, found \"abc\"");
        assert_eq!(err("-abc"), "expected a whole number, found \"-abc\"");
        assert_eq!(err("-"), "expected a whole number, found \"-\"");
        assert_eq!(err("12."), "expected a whole number, found \"12.\"");
        assert_eq!(err("١٢"), "expected a whole number, found \"١٢\"");
        assert_eq!(
            err("5 st"),
            "\"5 st\": unknown unit \"st\": write kr, tkr or %, or the number alone"
        );
        assert_eq!(
            err("114 091 kr"),
            "\"114 091 kr\": kr where a number of inhabitants belongs: write the number alone"
        );
        assert_eq!(
            err("\u{2013}5"),
            "\"\u{2013}5\" begins with an en dash (U+2013), not a minus sign: replace it with - or − (U+2212)"
        );
        let groups = "expected a whole number with its digits in groups of three, found";
        assert_eq!(err("12 5"), format!("{groups} \"12 5\""));
        assert_eq!(err("1234 567"), format!("{groups} \"1234 567\""));
        assert_eq!(err("114  091"), "expected a whole number, found \"114  091\"");
        assert_eq!(
            err("18446744073709551616"),
            "figure too large: \"18446744073709551616\" (at most 10 000 000 000 inhabitants)"
        );
        assert_eq!(
            err("10000000001"),
            "figure too large: \"10000000001\" (at most 10 000 000 000 inhabitants)"
        );
    }

    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "0123456789 ,.-+%krtKRT\u{a0}\u{202f}\u{2212}\u{2013}'x\u{200b}é"
            .chars()
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = usize::try_from(next() % 12).unwrap();
            let s: String = (0..len)
                .map(|_| alphabet[usize::try_from(next()).unwrap() % alphabet.len()])
                .collect();
            for delimiter in [b';', b','] {
                let _ = parse_figure(&s, delimiter);
            }
            let _ = parse_count(&s);
        }
    }
}
