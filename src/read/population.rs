//! Population files: the canonical `code,name,population` we write
//! ourselves, SCB's own export as it comes (`Kod;Namn;Befolkning`, quoted
//! and space-padded fields, CRLF), and the copies people make of them
//! (`1490 Borås` region labels, `114 091`, `;` or tab separated, UTF-8 with
//! or without BOM, Windows-1252). Columns are found by their header.

use std::collections::btree_map::{BTreeMap, Entry};
use std::path::Path;

use super::records::{CsvOptions, CsvRecords};
// Header names (SCB's words and Swedish offices'), compared with the folded header.
use super::scb::vocabulary::{
    fold, municipality_of, period, split_label, CODE_HEADERS as CODE, NAME_HEADERS as NAME,
    POPULATION_HEADERS as COUNT, REGION_HEADERS as REGION,
};
use super::text::{self, Encoding};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::population::{Inhabitants, Population};
use crate::msg;
use crate::msg::Message;

/// A population file read, and the form it was found in.
#[derive(Debug, Clone)]
pub struct ReadPopulation {
    /// The rows; `source` is the file's name.
    pub population: Population,
    /// The encoding the file was found to be in.
    pub encoding: Encoding,
    /// The field delimiter found (`b';'`).
    pub delimiter: u8,
    /// 1-based line of each row, for later messages.
    pub lines: BTreeMap<Code, usize>,
}

/// Reads a population file; see [`parse_population`]. A file that cannot be
/// read is one problem in that file.
pub fn read_population(ctx: &crate::context::Context, path: &Path) -> Result<ReadPopulation, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Population)?;
    parse_population(&bytes, path)
}

/// Parses a population file's bytes: decoded (UTF-8, with or without BOM,
/// else Windows-1252), delimiter sniffed, every field trimmed, blank lines
/// skipped, columns found by header name (code or region label, optional
/// name, population). Every problem in the file is reported, each at its
/// 1-based line in `file`.
pub fn parse_population(bytes: &[u8], file: &Path) -> Result<ReadPopulation, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, file, super::workbook::Reads::Population) {
        return Err(d.into());
    }
    let (text, encoding) = text::decode(bytes);
    let at = |line: usize, message: Message| Diagnostic::new(message).in_file(file).at_line(line);
    let mut problems = Diagnostics::new();

    let (delimiter, records) = cleaned_records(&text, |line, m| problems.push(at(line, m)));
    let mut records = records.into_iter();

    let Some((header_line, header)) = records.next() else {
        problems.push(at(1, msg!("population-empty")));
        return Err(problems);
    };
    let columns = match PopulationColumns::find(&header) {
        Ok(columns) => PopulationColumns {
            decimal_comma: super::figure::decimal_comma(delimiter),
            ..columns
        },
        Err(message) => {
            problems.push(at(header_line, import_hint(bytes, file).unwrap_or(message)));
            return Err(problems);
        }
    };

    let mut rows: BTreeMap<Code, (usize, Inhabitants)> = BTreeMap::new();
    let mut total = Some(0u64);
    for (line, fields) in records {
        if fields.len() != header.len() {
            let (expected, found) = (header.len(), fields.len());
            problems.push(at(
                line,
                msg!("csv-field-count", expected = expected, found = found),
            ));
            continue;
        }
        let (code, row) = match columns.row(&fields) {
            Ok(row) => row,
            Err(messages) => {
                for m in messages {
                    problems.push(at(line, m));
                }
                continue;
            }
        };
        match rows.entry(code) {
            Entry::Occupied(first) => {
                let (first_line, first) = first.get();
                let code = code.to_string();
                let message = match first.name.as_str() {
                    "" => msg!("population-duplicate", code = code, first = *first_line),
                    name => msg!(
                        "population-duplicate-named",
                        code = code,
                        name = msg::name(name),
                        first = *first_line
                    ),
                };
                problems.push(at(line, message));
            }
            Entry::Vacant(slot) => {
                if let Some(sum) = total {
                    total = sum.checked_add(row.count);
                    if total.is_none() {
                        problems.push(at(line, msg!("population-sum-too-large", max = u64::MAX)));
                    }
                }
                slot.insert((line, row));
            }
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(at(header_line, msg!("population-no-rows")));
    }

    let lines = rows.iter().map(|(code, (line, _))| (*code, *line)).collect();
    let mut population: Population = rows.into_iter().map(|(code, (_, row))| (code, row)).collect();
    population.source = Some(file.display().to_string());
    problems.into_result(ReadPopulation {
        population,
        encoding,
        delimiter,
        lines,
    })
}

/// The records that are not blank, each field [`clean`], with their
/// lines, and the delimiter sniffed; `problem` hears of each record that
/// cannot be read.
fn cleaned_records(text: &str, mut problem: impl FnMut(usize, Message)) -> (u8, Vec<(usize, Vec<String>)>) {
    // Untrimmed: `clean` trims, and drops the quotes `csv` keeps after a space.
    let untrimmed = CsvOptions {
        trim: false,
        ..CsvOptions::default()
    };
    let mut reader = CsvRecords::new(text, untrimmed);
    let mut records = Vec::new();
    while let Some(record) = reader.next_record() {
        match record {
            Ok(r) => {
                let fields: Vec<String> = r.fields.iter().map(|f| clean(f).to_string()).collect();
                if fields.iter().any(|f| !f.is_empty()) {
                    records.push((r.line, fields));
                }
            }
            Err(e) => problem(
                e.line,
                msg!("population-cannot-read", error = e.error.to_string()),
            ),
        }
    }
    (reader.delimiter(), records)
}

/// When a file that is not a population file is an SCB export that
/// `population import` reads (PxWeb CSV with a column per year, JSON-stat),
/// the commands that make it one.
fn import_hint(bytes: &[u8], file: &Path) -> Option<Message> {
    let options = super::scb::ImportOptions::default();
    let (several_years, what) = match super::scb::import(bytes, file, &options) {
        Ok(imported) if imported.layout != super::scb::ExportLayout::ScbTable => {
            (false, msg!("population-hint-scb-export"))
        }
        // A table of names: the import finds their codes.
        Ok(imported) if imported.regions.id() == "scb-regions-names" => {
            (false, msg!("population-hint-names"))
        }
        Ok(_) => return None,
        Err(problems) if problems.iter().any(|p| super::scb::asks_for_a_year(&p.message)) => {
            (true, msg!("population-hint-scb-export"))
        }
        Err(_) => return None,
    };
    let stem = file
        .file_stem()
        .map_or_else(|| "folkmangd".into(), |s| s.to_string_lossy());
    let out = file.with_file_name(format!("{stem}-population.csv"));
    Some(if several_years {
        msg!("population-hint-year", what = what, file = file, out = &out)
    } else {
        msg!("population-hint", what = what, file = file, out = &out)
    })
}

/// A field without the padding around it, and without the quotes `csv` leaves
/// in place when a space comes before them (`1490, "Borås"`).
fn clean(field: &str) -> &str {
    let t = field.trim();
    t.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .map_or(t, str::trim)
}

/// Where a row's code is.
enum CodeColumn {
    /// A code column: `1490`.
    Code(usize),
    /// A region or name column: `1490 Borås`, a bare code, or a name
    /// (`Borås`, `Borås Stad`) as `population import` resolves names.
    Region(usize),
}

/// Where the fields of a row are.
struct PopulationColumns {
    code: CodeColumn,
    name: Option<usize>,
    count: usize,
    /// `;` or tab between fields: a figure may end in a decimal comma and
    /// zeros (`114091,00`), as Swedish Excel saves a number with decimals.
    decimal_comma: bool,
}

impl PopulationColumns {
    /// The columns named in a header, or a message saying which were expected
    /// and which were found. Without a code column, a region column, and
    /// without that a name column (`Kommun`), gives each row's municipality.
    fn find(header: &[String]) -> Result<PopulationColumns, Message> {
        let lower: Vec<String> = header.iter().map(|h| fold(h)).collect();
        let find = |names: &[&str]| lower.iter().position(|h| names.contains(&h.as_str()));
        let name = find(NAME);
        let code = find(CODE)
            .map(CodeColumn::Code)
            .or_else(|| find(REGION).or(name).map(CodeColumn::Region));
        let name = match code {
            Some(CodeColumn::Region(i)) if Some(i) == name => None,
            _ => name,
        };
        match (code, find(COUNT).or_else(|| dated_count(&lower))) {
            (Some(code), Some(count)) => Ok(PopulationColumns {
                code,
                name,
                count,
                decimal_comma: false,
            }),
            (code, count) => {
                let codes = [CODE, REGION, NAME].concat().join(", ");
                let counts = COUNT.join(", ");
                let found: Vec<String> = header.iter().map(|h| msg::quote(h)).collect();
                let found = found.join(", ");
                Err(match (code, count) {
                    (None, None) => msg!(
                        "population-header-missing-both",
                        codes = codes,
                        counts = counts,
                        found = found
                    ),
                    (None, Some(_)) => msg!("population-header-missing-code", codes = codes, found = found),
                    (Some(_), _) => msg!("population-header-missing-count", counts = counts, found = found),
                })
            }
        }
    }

    /// The code and figures of a row with as many fields as the header, or
    /// every problem with it.
    fn row(&self, fields: &[String]) -> Result<(Code, Inhabitants), Vec<Message>> {
        let field = |i: usize| fields.get(i).map_or("", String::as_str);
        let (code, label_name) = match self.code {
            CodeColumn::Code(i) => (
                match field(i) {
                    "" => Err(msg!("population-missing-code")),
                    code => code.parse::<Code>(),
                },
                "",
            ),
            CodeColumn::Region(i) => match field(i) {
                "" => (Err(msg!("population-missing-code")), ""),
                cell => match municipality_of(cell) {
                    // A name: SCB's name of the municipality it resolves to.
                    Ok((code, Some(name))) => (Ok(code), name),
                    Ok((code, None)) => (Ok(code), split_label(cell).1),
                    Err(m) => (Err(m), ""),
                },
            },
        };
        let figure = field(self.count);
        let figure = match figure.rsplit_once(',') {
            Some((whole, zeros))
                if self.decimal_comma && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') =>
            {
                whole
            }
            _ => figure,
        };
        let count = super::figure::parse_count(figure);
        match (code, count) {
            (Ok(code), Ok(count)) => {
                let name = match self.name.map_or("", field) {
                    "" => label_name,
                    name => name,
                };
                if let Some(why) = text::control_character(name) {
                    return Err(vec![msg!("population-name-control", why = why)]);
                }
                let name = name.to_string();
                Ok((code, Inhabitants { name, count }))
            }
            (code, count) => Err([code.err(), count.err()].into_iter().flatten().collect()),
        }
    }
}

/// The one column headed by a population word and a period, as SCB heads
/// a year's figures (`Folkmängd 2021`, `befolkning 2021M12`); none when
/// there is none or several (several years are `population import`'s).
fn dated_count(folded: &[String]) -> Option<usize> {
    let dated: Vec<usize> = folded
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            h.rsplit_once(' ')
                .is_some_and(|(word, p)| COUNT.contains(&word) && period(p).is_some())
        })
        .map(|(i, _)| i)
        .collect();
    match dated.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "pop.csv";

    fn parse(bytes: &[u8]) -> Result<ReadPopulation, Diagnostics> {
        parse_population(bytes, Path::new(FILE))
    }

    /// The problems as the user sees them (`pop.csv:3: …`).
    fn problems(bytes: &[u8]) -> Vec<String> {
        match parse(bytes) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        }
    }

    fn code(s: &str) -> Code {
        s.parse().unwrap()
    }

    /// Botkyrka, Vårgårda and Borås as every variant below gives them.
    fn expected() -> Population {
        let rows = [
            ("0127", "Botkyrka", 95_318),
            ("1442", "Vårgårda", 12_180),
            ("1490", "Borås", 114_091),
        ];
        let mut p: Population = rows
            .iter()
            .map(|&(c, name, count)| {
                (
                    code(c),
                    Inhabitants {
                        name: name.into(),
                        count,
                    },
                )
            })
            .collect();
        p.source = Some(FILE.into());
        p
    }

    #[test]
    fn every_variant_gives_the_same_population() {
        let variants: [(&str, &[u8], Encoding, u8); 9] = [
            (
                "canonical",
                b"code,name,population\n0127,Botkyrka,95318\n1442,V\xC3\xA5rg\xC3\xA5rda,12180\n1490,Bor\xC3\xA5s,114091\n",
                Encoding::Utf8,
                b',',
            ),
            (
                "SCB: semicolons, CRLF, quoted and padded",
                "Kod;Namn;Befolkning;Int_befolkning\r\n\"0127\";Botkyrka    ;\"95318\";\"95318\"\r\n\"1442\";Vårgårda    ;\"12180\";\"12180\"\r\n\"1490\";Borås       ;\"114091\";\"114091\"\r\n".as_bytes(),
                Encoding::Utf8,
                b';',
            ),
            (
                "BOM, blank lines, no final line end",
                "\u{feff}Code,Name,Population\n\n0127,Botkyrka,95318\n\n1442,Vårgårda,12180\n1490,Borås,114091".as_bytes(),
                Encoding::Utf8Bom,
                b',',
            ),
            (
                "Windows-1252",
                b"kommunkod;kommunnamn;folkm\xE4ngd\r\n0127;Botkyrka;95318\r\n1442;V\xE5rg\xE5rda;12180\r\n1490;Bor\xE5s;114091\r\n",
                Encoding::Windows1252,
                b';',
            ),
            (
                "tabs, a dropped leading zero, columns in another order",
                "Invånare\tKommun\tRegionkod\n95318\tBotkyrka\t127\n12180\tVårgårda\t1442\n114091\tBorås\t1490\n".as_bytes(),
                Encoding::Utf8,
                b'\t',
            ),
            (
                "region labels",
                "region;befolkning\n0127 Botkyrka;95318\n1442 Vårgårda;12180\n1490 Borås;114091\n".as_bytes(),
                Encoding::Utf8,
                b';',
            ),
            (
                "thousands separators of all three kinds, quoted",
                "\"region\",\"population\"\n\"0127 Botkyrka\",\"95 318\"\n\"1442 Vårgårda\",\"12\u{a0}180\"\n\"1490 Borås\",\"114\u{202f}091\"\n".as_bytes(),
                Encoding::Utf8,
                b',',
            ),
            (
                "spaces before quotes, old Mac line ends",
                "\"code\", \"name\", \"population\"\r\"0127\", \"Botkyrka\", \"95 318\"\r\"1442\", \"Vårgårda\", \"12 180\"\r\"1490\", \"Borås\", \"114 091\"\r".as_bytes(),
                Encoding::Utf8,
                b',',
            ),
            (
                "a name column wins over the label, an empty one does not",
                "region;namn;folkmängd\n0127;Botkyrka;95318\n1442 Vårgårda;;12180\n1490 Boras;Borås;114091\n".as_bytes(),
                Encoding::Utf8,
                b';',
            ),
        ];
        for (what, bytes, encoding, delimiter) in variants {
            let read = parse(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(read.population, expected(), "{what}");
            assert_eq!(read.encoding, encoding, "{what}");
            assert_eq!(read.delimiter, delimiter, "{what}");
        }
    }

    #[test]
    fn names_are_optional() {
        let read = parse(b"region,population\n1490,114091\n1442 ,12180\n").unwrap();
        let rows: Vec<(String, &str, u64)> = read
            .population
            .iter()
            .map(|(c, r)| (c.to_string(), r.name.as_str(), r.count))
            .collect();
        assert_eq!(
            rows,
            [
                ("1442".to_string(), "", 12_180),
                ("1490".to_string(), "", 114_091)
            ]
        );
    }

    #[test]
    fn the_real_scb_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/sjuharad/scb-folkmangd-2021-12-31.csv"
        );
        let read = read_population(&crate::context::Context::in_memory(Vec::new()), Path::new(path)).unwrap();
        let p = &read.population;
        assert_eq!(p.len(), 290);
        assert_eq!(p.total(), 10_452_326);
        let boras = p.get(code("1490")).unwrap();
        assert_eq!((boras.name.as_str(), boras.count), ("Borås", 114_091));
        let botkyrka = p.get(code("0127")).unwrap();
        assert_eq!((botkyrka.name.as_str(), botkyrka.count), ("Botkyrka", 95_318));
        assert_eq!(p.source.as_deref(), Some(path));
        assert_eq!((read.encoding, read.delimiter), (Encoding::Utf8, b';'));
        assert_eq!(read.lines.get(&code("0127")), Some(&2));
        assert_eq!(read.lines.get(&code("1490")), Some(&140));
        assert_eq!(read.lines.len(), 290);
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let text = "Kod;Namn;Befolkning\r\n\
                    \"1490\";Borås;\"114091\"\r\n\
                    \r\n\
                    \"1490\";Borås igen;\"5\"\r\n\
                    \"1442\";Vårgårda;\r\n\
                    \"1443\";Bollebygd;\"-5\"\r\n\
                    \"1466\";Herrljunga;\"9,5\"\r\n\
                    \"14x6\";X;\"1\"\r\n\
                    ;Ingen kod;abc\r\n\
                    \"1463\";Mark;\"35201\";extra\r\n\
                    \"1452\";Tranemo\r\n\
                    \"1491\";Ulricehamn;\"24898\"\r\n";
        let not_whole = "(write no decimals, and a space or nothing between thousands)";
        assert_eq!(
            problems(text.as_bytes()),
            [
                "pop.csv:4: duplicate municipality 1490 (Borås): already on line 2".to_string(),
                "pop.csv:5: missing figure".into(),
                "pop.csv:6: negative figure \"-5\"".into(),
                format!("pop.csv:7: not a whole number: \"9,5\" {not_whole}"),
                "pop.csv:8: expected a municipality code of four digits (like 1490), found \"14x6\"".into(),
                "pop.csv:9: missing municipality code".into(),
                "pop.csv:9: expected a whole number, found \"abc\"".into(),
                "pop.csv:10: expected 3 fields as in the header, found 4".into(),
                "pop.csv:11: expected 3 fields as in the header, found 2".into(),
            ]
        );
    }

    #[test]
    fn names_instead_of_codes() {
        // Names resolve as `population import` resolves them: SCB's name is kept.
        let read = parse(
            "Kommun;Folkmängd\nBorås Stad;114 091\nulricehamns kommun;24 898\nVargarda;12 180\n1443 Bollebygd;9 634\n1466;9 501\n"
                .as_bytes(),
        )
        .unwrap();
        let rows: Vec<(String, &str, u64)> = read
            .population
            .iter()
            .map(|(c, r)| (c.to_string(), r.name.as_str(), r.count))
            .collect();
        assert_eq!(
            rows,
            [
                ("1442".to_string(), "Vårgårda", 12_180),
                ("1443".to_string(), "Bollebygd", 9_634),
                ("1466".to_string(), "", 9_501),
                ("1490".to_string(), "Borås", 114_091),
                ("1491".to_string(), "Ulricehamn", 24_898),
            ]
        );
        // A code column and a name column: the code decides, the name is the file's.
        let read = parse("Kommunkod;Kommun;Invånare\n1490;Borås Stad;114091\n".as_bytes()).unwrap();
        assert_eq!(read.population.get(code("1490")).unwrap().name, "Borås Stad");
        assert_eq!(
            problems("region,population\nHerljunga,1\n1490Borås,2\nSjuhärad,3\n".as_bytes()),
            [
                "pop.csv:2: unknown municipality \"Herljunga\"; did you mean \"Herrljunga\" (1466) or \"Svenljunga\" (1465)?",
                "pop.csv:3: expected a municipality code of four digits (like 1490), found \"1490Borås\"",
                "pop.csv:4: unknown municipality \"Sjuhärad\": not the name of one of SCB's 290 municipalities",
            ]
        );
    }

    #[test]
    fn a_population_column_headed_by_its_year() {
        let read = parse("region;Folkmängd 2021\n1490 Borås;114 091\n".as_bytes()).unwrap();
        assert_eq!(read.population.count(code("1490")), Some(114_091));
        // Two years are `population import`'s to choose between.
        assert!(
            problems("region;Folkmängd 2020;Folkmängd 2021\n1490 Borås;1;2\n".as_bytes())[0]
                .contains("avgift population import pop.csv --year YEAR")
        );
    }

    #[test]
    fn a_duplicate_without_a_name() {
        assert_eq!(
            problems(b"code,population\n1490,1\n1490,2\n"),
            ["pop.csv:3: duplicate municipality 1490: already on line 2"]
        );
    }

    #[test]
    fn a_figure_beyond_any_municipality() {
        let text = "code,population\n1490,18446744073709551615\n1442,0\n";
        assert_eq!(
            problems(text.as_bytes()),
            ["pop.csv:2: figure too large: \"18446744073709551615\" (at most 10 000 000 000 inhabitants)"]
        );
    }

    #[test]
    fn excel_decimals_of_whole_figures_where_the_delimiter_allows_them() {
        let read =
            parse(b"Kod;Namn;Befolkning\r\n1490;Bor\xE5s;114 091,00\r\n1442;V\xE5rg\xE5rda;12180,0\r\n")
                .unwrap();
        assert_eq!(read.population.count(code("1490")), Some(114_091));
        assert_eq!(read.population.count(code("1442")), Some(12_180));
        assert_eq!(read.encoding, Encoding::Windows1252);
        let not_whole = "(write no decimals, and a space or nothing between thousands)";
        assert_eq!(
            problems(b"Kod;Befolkning\n1490;114091,50\n"),
            [format!(
                "pop.csv:2: not a whole number: \"114091,50\" {not_whole}"
            )]
        );
        assert_eq!(
            problems(b"code,population\n1490,\"114091,00\"\n"),
            [format!(
                "pop.csv:2: not a whole number: \"114091,00\" {not_whole}"
            )]
        );
    }

    #[test]
    fn headers_without_the_columns_needed() {
        let codes = "a column of municipality codes or names (code, kod, kommunkod, region code, regionkod, kommunnummer, kommunnr, region, name, namn, kommun, kommunnamn, municipality)";
        let counts = "a population column (population, befolkning, folkmängd, invånare, inhabitants, antal invånare, invånarantal)";
        assert_eq!(
            problems("län;antal\nSjuhärad;1\n".as_bytes()),
            [format!(
                "pop.csv:1: expected {codes} and {counts} in the header, found \"län\", \"antal\""
            )]
        );
        assert_eq!(
            problems("kommun;antal\nSjuhärad;1\n".as_bytes()),
            [format!(
                "pop.csv:1: expected {counts} in the header, found \"kommun\", \"antal\""
            )]
        );
        // Names that `population import` reads with its vaguer header: the command to run.
        assert_eq!(
            problems("kommun;antal\nBorås;1\n".as_bytes()),
            ["pop.csv:1: not a population file (code,name,population), but a table of municipality names that `avgift population import` reads: run `avgift population import pop.csv -o pop-population.csv`, then pass --population pop-population.csv"]
        );
        assert_eq!(
            problems(b"\n\ncode,name,,people\n1490,x,,1\n"),
            [format!(
                "pop.csv:3: expected {counts} in the header, found \"code\", \"name\", \"\", \"people\""
            )]
        );
        assert_eq!(
            problems(b"label,population\nx,1\n"),
            [format!(
                "pop.csv:1: expected {codes} in the header, found \"label\", \"population\""
            )]
        );
    }

    #[test]
    fn empty_files_and_files_without_rows() {
        let empty = "pop.csv:1: empty file: expected a header line such as code,name,population";
        assert_eq!(problems(b""), [empty]);
        assert_eq!(problems(b"\xEF\xBB\xBF"), [empty]);
        assert_eq!(problems(b"\r\n \r\n;;\r\n"), [empty]);
        assert_eq!(
            problems(b"code,name,population\n"),
            ["pop.csv:1: no population rows"]
        );
        assert_eq!(
            problems(b"\ncode,name,population\n,,\n\n"),
            ["pop.csv:2: no population rows"]
        );
    }

    #[test]
    fn a_file_that_cannot_be_read() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-such-file.csv");
        let err = read_population(&crate::context::Context::in_memory(Vec::new()), &path).unwrap_err();
        let [d] = err.0.as_slice() else { panic!("{err}") };
        assert_eq!(d.file.as_deref(), Some(path.as_path()));
        assert_eq!(d.line, None);
        assert!(
            d.message
                .to_string()
                .starts_with("cannot read the population file: "),
            "{d}"
        );
    }

    #[test]
    fn never_panics() {
        // Every short input over the bytes that matter, and pseudo-random longer ones.
        let alphabet = b"c,;\t\"\r\n 1-4\xC3\xE5\xEF\xBB\xBF";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let header = b"code;name;population\n".as_slice();
        for _ in 0..5_000 {
            let len = usize::try_from(next() % 40).unwrap();
            let body: Vec<u8> = (0..len)
                .map(|_| alphabet[usize::try_from(next()).unwrap() % alphabet.len()])
                .collect();
            let _ = parse(&body);
            let _ = parse(&[header, &body].concat());
        }
    }
}
