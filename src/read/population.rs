//! Population files: the canonical `code,name,population`, SCB's own
//! exports as they come (`Kod;Namn;Befolkning` with quoted, space-padded
//! fields), and the copies people make of them (`"1490 Borås"` region
//! labels, `114 091`, `;` or tab separated, UTF-8 with or without BOM,
//! Windows-1252). Columns are found by their header.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use super::text::{self, Encoding};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::population::{Inhabitants, Population};

/// A population file read.
#[derive(Debug, Clone)]
pub struct ReadPopulation {
    pub population: Population,
    pub encoding: Encoding,
    pub delimiter: u8,
    /// 1-based line of each row, for later messages.
    pub lines: BTreeMap<Code, usize>,
}

const CODE: &[&str] = &["code", "kod", "kommunkod", "region code", "regionkod"];
const NAME: &[&str] = &["name", "namn", "kommun", "kommunnamn"];
const REGION: &[&str] = &["region"];
const COUNT: &[&str] = &["population", "befolkning", "folkmängd", "invånare", "inhabitants"];

pub fn read_population(path: &Path) -> Result<ReadPopulation, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(format!("cannot read the population file: {e}")).in_file(path))?;
    parse_population(&bytes, path)
}

pub fn parse_population(bytes: &[u8], file: &Path) -> Result<ReadPopulation, Diagnostics> {
    let (text, encoding) = text::decode(bytes);
    let err = |line: usize, msg: String| Diagnostic::new(msg).in_file(file).at_line(line);
    if text.trim().is_empty() {
        return Err(err(
            1,
            "empty file: expected a header line such as code,name,population".into(),
        )
        .into());
    }
    let delimiter = text::sniff_delimiter(&text);
    let lines_index = text::LineIndex::new(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    // The header: the first record that is not blank.
    let (header, header_line) = loop {
        match records.next() {
            None => {
                return Err(err(
                    1,
                    "empty file: expected a header line such as code,name,population".into(),
                )
                .into())
            }
            Some(Err(e)) => {
                return Err(err(
                    lines_index.line(e.position()),
                    format!("cannot read the header: {e}"),
                )
                .into())
            }
            Some(Ok(r)) if r.iter().all(str::is_empty) => continue,
            Some(Ok(r)) => {
                let line = lines_index.line(r.position());
                break (r, line);
            }
        }
    };
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.to_lowercase() == *n))
    };
    let columns = Columns {
        code: find(CODE),
        name: find(NAME),
        region: find(REGION),
        count: find(COUNT),
    };
    if (columns.code.is_none() && columns.region.is_none()) || columns.count.is_none() {
        return Err(err(
            header_line,
            format!(
                "expected a header naming a code column (code, kod, region) and a population column (population, befolkning, folkmängd); found: {}",
                header.iter().collect::<Vec<_>>().join(&char::from(delimiter).to_string())
            ),
        )
        .into());
    }

    let mut population = Population::new();
    let mut lines = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(err(
                    lines_index.line(e.position()),
                    format!("cannot read the row: {e}"),
                ));
                continue;
            }
        };
        let line = lines_index.line(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(err(
                line,
                format!(
                    "expected {} fields as in the header, found {}",
                    header.len(),
                    record.len()
                ),
            ));
            continue;
        }
        match columns.row(&record) {
            Ok((code, name, count)) => {
                let row = Inhabitants { name, count };
                if let Err(first) = population.insert(code, row) {
                    let first_line = lines.get(&code).copied().unwrap_or(0);
                    problems.push(err(
                        line,
                        format!(
                            "duplicate municipality {code} ({}): already on line {first_line}",
                            first.name
                        ),
                    ));
                } else {
                    lines.insert(code, line);
                }
            }
            Err(messages) => {
                for m in messages {
                    problems.push(err(line, m));
                }
            }
        }
    }
    population.source = Some(file.display().to_string());
    if problems.is_empty() && population.is_empty() {
        problems.push(err(header_line, "no population rows after the header".into()));
    }
    if problems.is_empty()
        && population
            .iter()
            .try_fold(0u64, |a, (_, r)| a.checked_add(r.count))
            .is_none()
    {
        problems.push(err(
            header_line,
            "the figures add up to more than can be counted".into(),
        ));
    }
    problems.into_result(ReadPopulation {
        population,
        encoding,
        delimiter,
        lines,
    })
}

/// Where the fields are.
struct Columns {
    code: Option<usize>,
    name: Option<usize>,
    region: Option<usize>,
    count: Option<usize>,
}

impl Columns {
    /// Code, name and count of a row, or every problem with it.
    fn row(&self, r: &csv::StringRecord) -> Result<(Code, String, u64), Vec<String>> {
        let get = |c: Option<usize>| c.and_then(|c| r.get(c)).unwrap_or("");
        let mut problems = Vec::new();
        let (code_text, mut name) = match self.code {
            Some(c) => (get(Some(c)).to_string(), String::new()),
            // `1490 Borås`, or a bare code.
            None => {
                let region = get(self.region);
                match region.split_once(char::is_whitespace) {
                    Some((code, name)) => (code.to_string(), name.trim().to_string()),
                    None => (region.to_string(), String::new()),
                }
            }
        };
        if self.name.is_some() {
            name = get(self.name).to_string();
        }
        let code = if code_text.is_empty() {
            problems.push("missing municipality code".to_string());
            None
        } else {
            Code::from_str(&code_text).map_err(|e| problems.push(e)).ok()
        };
        let count = text::parse_count(get(self.count))
            .map_err(|e| problems.push(e))
            .ok();
        match (code, count) {
            (Some(code), Some(count)) if problems.is_empty() => Ok((code, name, count)),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<ReadPopulation, Diagnostics> {
        parse_population(bytes, Path::new("pop.csv"))
    }

    fn rows(p: &ReadPopulation) -> Vec<(String, String, u64)> {
        p.population
            .iter()
            .map(|(c, r)| (c.to_string(), r.name.clone(), r.count))
            .collect()
    }

    fn expected() -> Vec<(String, String, u64)> {
        vec![
            ("1442".into(), "Vårgårda".into(), 12_180),
            ("1490".into(), "Borås".into(), 114_091),
        ]
    }

    #[test]
    fn every_layout_gives_the_same_rows() {
        let layouts: Vec<Vec<u8>> = vec![
            b"code,name,population\n1490,Bor\xC3\xA5s,114091\n1442,V\xC3\xA5rg\xC3\xA5rda,12180\n".to_vec(),
            "Kod;Namn;Befolkning\r\n\"1490\";Borås     ;\"114091\"\r\n\"1442\";Vårgårda  ;\"12180\"\r\n"
                .as_bytes()
                .to_vec(),
            "\u{feff}code,name,population\n1490,Borås,114 091\n1442,Vårgårda,12\u{a0}180\n"
                .as_bytes()
                .to_vec(),
            b"kod;namn;befolkning\n1490;Bor\xE5s;114091\n1442;V\xE5rg\xE5rda;12180\n".to_vec(),
            "region\tfolkmängd\n1490 Borås\t114\u{202f}091\n1442 Vårgårda\t12180\n"
                .as_bytes()
                .to_vec(),
            "\"region\",\"population\"\n\"1490 Borås\",\"114 091\"\n\"1442 Vårgårda\",\"12 180\"\n"
                .as_bytes()
                .to_vec(),
        ];
        for (i, bytes) in layouts.iter().enumerate() {
            let p = parse(bytes).unwrap_or_else(|e| panic!("layout {i}: {e}"));
            assert_eq!(rows(&p), expected(), "layout {i}");
        }
        assert_eq!(parse(&layouts[3]).unwrap().encoding, Encoding::Windows1252);
        assert_eq!(parse(&layouts[2]).unwrap().encoding, Encoding::Utf8Bom);
    }

    #[test]
    fn the_real_scb_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/sjuharad/scb-folkmangd-2021-12-31.csv"
        );
        let p = read_population(Path::new(path)).unwrap();
        assert_eq!(p.population.len(), 290);
        assert_eq!(p.population.total(), 10_452_326);
        let boras = p.population.get("1490".parse().unwrap()).unwrap();
        assert_eq!((boras.name.as_str(), boras.count), ("Borås", 114_091));
        assert_eq!(p.population.count("0127".parse().unwrap()), Some(95_318));
        assert_eq!(p.lines[&"1490".parse().unwrap()], 140);
    }

    #[test]
    fn problems_name_their_line() {
        let text = "code,name,population\n1490,Borås,114091\n1490,Borås igen,5\n1442,Vårgårda,\n1443,Bollebygd,-5\n1466,Herrljunga,9,5\n14x6,X,1\n";
        let err = parse(text.as_bytes()).unwrap_err();
        let got: Vec<String> = err.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            got,
            [
                "pop.csv:3: duplicate municipality 1490 (Borås): already on line 2",
                "pop.csv:4: missing figure",
                "pop.csv:5: negative figure \"-5\"",
                "pop.csv:6: expected 3 fields as in the header, found 4",
                "pop.csv:7: expected a municipality code of four digits (like 1490), found \"14x6\"",
            ]
        );
    }

    #[test]
    fn headers_and_empty_files() {
        let e = parse(b"").unwrap_err();
        assert!(e.to_string().starts_with("pop.csv:1: empty file"), "{e}");
        let e = parse(b"code,name,population\n").unwrap_err();
        assert_eq!(e.to_string(), "pop.csv:1: no population rows after the header");
        let e = parse(b"kommun,antal\nBor\xC3\xA5s,1\n").unwrap_err();
        assert!(e.to_string().contains("found: kommun,antal"), "{e}");
    }
}
