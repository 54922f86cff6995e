//! SCB's vocabulary, the one place that knows it: the header words of
//! population tables and PxWeb exports, region labels (`1490 Borås`),
//! periods (`2021M12`), the counties and the country, and the names of the
//! 290 municipalities ([`crate::read::municipalities`], generated from
//! SCB's file) in their usual forms. `population import` and the
//! population reader both read through it.

use crate::engine::code::Code;
use crate::msg;
use crate::msg::Message;
use crate::read::municipalities;

/// Header words, compared with the header [`fold`]ed (trimmed, lower
/// case, runs of whitespace as one space): a column of municipality codes.
/// SCB's words, and those Swedish offices head their own files with; every
/// CSV reader with such a column finds it by these.
pub const CODE_HEADERS: &[&str] = &[
    "code",
    "kod",
    "kommunkod",
    "region code",
    "regionkod",
    "kommunnummer",
    "kommunnr",
];
/// A column of names (or, where there is no code column, of codes, names
/// or `1490 Borås` labels: [`crate::read::population`]).
pub const NAME_HEADERS: &[&str] = &["name", "namn", "kommun", "kommunnamn", "municipality"];
/// A column of region labels (`1490 Borås`), bare codes or names.
pub const REGION_HEADERS: &[&str] = &["region"];
/// A column of inhabitants, in a population file and in an SCB table.
pub const POPULATION_HEADERS: &[&str] = &[
    "population",
    "befolkning",
    "folkmängd",
    "invånare",
    "inhabitants",
    "antal invånare",
    "invånarantal",
];
/// A column of figures that only an SCB export (read by `population
/// import`, which checks every region against SCB's list) may call by this
/// vaguer name: "number of".
pub const EXPORT_COUNT_HEADER: &str = "antal";
/// A column of periods, in an export with one row per period.
pub const TIME_HEADERS: &[&str] = &[
    "år", "tid", "månad", "kvartal", "year", "period", "month", "quarter",
];

/// A region label cut at its first whitespace: `1490 Borås` → (`1490`,
/// `Borås`), `1490` → (`1490`, nothing), `Borås` → (`Borås`, nothing). What the
/// first word is (a code, or part of a name) is the reader's to decide.
pub fn split_label(cell: &str) -> (&str, &str) {
    let cell = cell.trim();
    match cell.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (cell, ""),
    }
}

/// The counties (län) by code, and the whole country.
pub const COUNTIES: &[(u16, &str)] = &[
    (1, "Stockholms län"),
    (3, "Uppsala län"),
    (4, "Södermanlands län"),
    (5, "Östergötlands län"),
    (6, "Jönköpings län"),
    (7, "Kronobergs län"),
    (8, "Kalmar län"),
    (9, "Gotlands län"),
    (10, "Blekinge län"),
    (12, "Skåne län"),
    (13, "Hallands län"),
    (14, "Västra Götalands län"),
    (17, "Värmlands län"),
    (18, "Örebro län"),
    (19, "Västmanlands län"),
    (20, "Dalarnas län"),
    (21, "Gävleborgs län"),
    (22, "Västernorrlands län"),
    (23, "Jämtlands län"),
    (24, "Västerbottens län"),
    (25, "Norrbottens län"),
];

const COUNTRY_NAMES: &[&str] = &["riket", "hela riket", "sverige"];

/// A period as PxWeb writes it: `2021`, `2021M12`, `2021K4`, `2021Q4`.
pub fn period(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let year = b.get(..4)?;
    if !year.iter().all(u8::is_ascii_digit) || !matches!(year.first(), Some(b'1' | b'2')) {
        return None;
    }
    let rest = b.get(4..).unwrap_or_default();
    let ok = match rest {
        [] => true,
        [b'M' | b'm', m1, m2] => {
            m1.is_ascii_digit() && m2.is_ascii_digit() && (1..=12).contains(&((m1 - b'0') * 10 + (m2 - b'0')))
        }
        [b'K' | b'k' | b'Q' | b'q', q] => (b'1'..=b'4').contains(q),
        _ => false,
    };
    ok.then(|| s.to_uppercase())
}

/// The region a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
    Municipality(Code),
    County(u16),
    Country,
}

impl Region {
    pub(super) fn label(self) -> String {
        match self {
            Region::Municipality(c) => format!("{c} {}", municipality_name(c).unwrap_or("")),
            Region::County(n) => format!("{n:02} {}", county_name(n).unwrap_or("")),
            Region::Country => "00 Riket".to_string(),
        }
    }
}

/// SCB's name of a municipality.
pub fn municipality_name(code: Code) -> Option<&'static str> {
    municipalities::name_of(code.get())
}

pub(super) fn county_name(n: u16) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == n).map(|(_, name)| *name)
}

/// Lower case with runs of whitespace as one space, trimmed: a header or
/// a name as compared.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The municipality of a name: SCB's name in any case, or a usual form
/// (`Ulricehamns kommun`, `Borås Stad`, `Boras`); see
/// [`municipalities::by_name`].
pub fn municipality_by_name(name: &str) -> Option<Code> {
    municipalities::by_name(name).and_then(Code::new)
}

/// The municipality a cell of a file names: its code (`1490`, or `127`
/// where a spreadsheet dropped the leading zero), a region label (`1490
/// Borås`: the code decides), or its name in a usual form (`Borås`, `Borås
/// Stad`, `boras`), resolved as `population import` resolves names; an
/// unknown name with the nearest names. The code, and SCB's name when the
/// cell was a name.
pub fn municipality_of(cell: &str) -> Result<(Code, Option<&'static str>), Message> {
    let (first, _) = split_label(cell);
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        return first.parse::<Code>().map(|c| (c, None));
    }
    match municipality_by_name(cell) {
        Some(code) => Ok((code, municipality_name(code))),
        None => Err(unknown_name(cell.trim())),
    }
}

/// A municipality, county or the country by name.
pub(super) fn region_by_name(name: &str) -> Option<Region> {
    if let Some(code) = municipality_by_name(name) {
        return Some(Region::Municipality(code));
    }
    let want = fold(name);
    if COUNTRY_NAMES.contains(&want.as_str()) {
        return Some(Region::Country);
    }
    COUNTIES
        .iter()
        .find(|(_, n)| fold(n) == want)
        .map(|(c, _)| Region::County(*c))
}

/// Why a name is no municipality's, with the nearest names: what
/// `population import` says, and every reader that takes names.
pub fn unknown_name(name: &str) -> Message {
    let near: Vec<String> = municipalities::nearest(name)
        .into_iter()
        .map(|(c, n)| format!("{} ({c:04})", msg::quote(n)))
        .collect();
    let name = msg::quoted(name);
    match near.as_slice() {
        [] => msg!("scb-unknown-municipality", name = name),
        [one] => msg!("scb-unknown-municipality-near", name = name, near = one),
        [rest @ .., last] => msg!(
            "scb-unknown-municipality-near-several",
            name = name,
            near = rest.join(", "),
            last = last
        ),
    }
}
