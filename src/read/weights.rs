//! A weight column for apportionment (employees, pupils …): a CSV with a
//! municipality column (codes or names) and the named column.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::figure::{self, Unit};
use super::records::{CsvOptions, CsvRecords};
use super::scb::vocabulary;
use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::model::WeightData;
use crate::msg;
use crate::msg::Message;

pub fn read_weights(
    ctx: &crate::context::Context,
    path: &Path,
    column: &str,
) -> Result<WeightData, Diagnostics> {
    // Read once per run, however many charges, columns and years name it.
    let bytes = crate::context::input::read_shared_input(ctx, path, crate::context::input::Input::Weights)?;
    parse_weights(&bytes, path, column)
}

/// A weight file's bytes: a municipality column (a code column such as
/// `code`, `Kommunkod`; else a name column such as `Kommun`, whose cells
/// may be codes, `1490 Borås` labels or names) and the named column, each
/// value a figure as [`figure::parse_figure`] reads it (`kr`, `tkr` and `%`
/// allowed: a percentage is its fraction, so a column is all percentages
/// or none).
pub fn parse_weights(bytes: &[u8], path: &Path, column: &str) -> Result<WeightData, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, path, super::workbook::Reads::Weights) {
        return Err(d.into());
    }
    let (text, _) = text::decode(bytes);
    let err = |line: usize, m: Message| problem(path, line, m);
    let mut records = CsvRecords::new(&text, CsvOptions::default());
    let delimiter = records.delimiter();
    let (_, headers) = records.header().map_err(|d| d.in_file(path))?;
    let (code_col, codes_only, value_col) =
        columns(&headers, column).map_err(|m| Diagnostics::from(err(1, m)))?;
    let mut values = BTreeMap::new();
    let mut problems = Diagnostics::new();
    // The line of the first value and whether it was a percentage.
    let mut percent: Option<(usize, bool)> = None;
    while let Some(record) = records.next_record() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        let line = record.line;
        let record = record.fields;
        let (Some(code), Some(value)) = (record.get(code_col), record.get(value_col)) else {
            problems.push(err(
                line,
                msg!(
                    "weights-field-count",
                    expected = headers.len(),
                    found = record.len()
                ),
            ));
            continue;
        };
        let code = if codes_only {
            Code::from_str(code)
        } else {
            vocabulary::municipality_of(code).map(|(c, _)| c)
        };
        let code = match code {
            Ok(c) => c,
            Err(e) => {
                problems.push(problem(path, line, e));
                continue;
            }
        };
        let weight = match figure::parse_figure(value, delimiter) {
            Ok(Some(f)) => {
                let is_percent = f.unit == Unit::Percent;
                match percent {
                    Some((first, p)) if p != is_percent => {
                        problems.push(err(
                            line,
                            msg!("number-form-weights-mixed-percent", first = first),
                        ));
                        continue;
                    }
                    Some(_) => {}
                    None => percent = Some((line, is_percent)),
                }
                f.weight(value.trim())
            }
            Ok(None) => Err(msg!("weights-missing", column = column)),
            Err(e) => Err(e),
        };
        match weight {
            Ok(v) if v >= Decimal::ZERO => {
                if values.insert(code, v).is_some() {
                    problems.push(err(line, msg!("weights-duplicate", code = code.to_string())));
                }
            }
            Ok(v) => problems.push(err(line, msg!("weights-negative", found = v.to_string()))),
            Err(e) if e.id() == "weights-missing" => problems.push(err(line, e)),
            Err(e) => problems.push(err(line, msg!("weights-bad-number", column = column, why = e))),
        }
    }
    problems.into_result(WeightData {
        label: column.to_string(),
        values: values.into(),
    })
}

/// The municipality column (and whether it holds codes only) and the
/// weight column of a header, or what was expected.
fn columns(headers: &csv::StringRecord, column: &str) -> Result<(usize, bool, usize), Message> {
    let folded: Vec<String> = headers.iter().map(vocabulary::fold).collect();
    let find = |names: &[&str]| folded.iter().position(|h| names.contains(&h.as_str()));
    let code_col = find(vocabulary::CODE_HEADERS).map(|c| (c, true)).or_else(|| {
        find(vocabulary::REGION_HEADERS)
            .or_else(|| find(vocabulary::NAME_HEADERS))
            .map(|c| (c, false))
    });
    let value_col = folded.iter().position(|h| *h == vocabulary::fold(column));
    match (code_col, value_col) {
        (Some((code_col, codes_only)), Some(value_col)) => Ok((code_col, codes_only, value_col)),
        _ => Err(msg!(
            "weights-expected-columns",
            column = column,
            codes = vocabulary::CODE_HEADERS.join(", "),
            names = [vocabulary::REGION_HEADERS, vocabulary::NAME_HEADERS]
                .concat()
                .join(", "),
            found = headers.iter().collect::<Vec<_>>().join(",")
        )),
    }
}

/// A problem on a line of the weight file.
fn problem(path: &Path, line: usize, m: impl Into<Message>) -> Diagnostic {
    Diagnostic::new(m).in_file(path).at_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<WeightData, Vec<String>> {
        parse_weights(text.as_bytes(), Path::new("w.csv"), "anställda")
            .map_err(|d| d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn decimal_commas_where_the_delimiter_allows_them() {
        let w = read("code;anställda\r\n1490;1 500,5\r\n1463;12\r\n").unwrap();
        assert_eq!(w.values[&"1490".parse().unwrap()], "1500.5".parse().unwrap());
        let w = read("code\tanställda\n1490\t7,25\n").unwrap();
        assert_eq!(w.values[&"1490".parse().unwrap()], "7.25".parse().unwrap());
        let w = read("code,anställda\n1490,7.25\n").unwrap();
        assert_eq!(w.values[&"1490".parse().unwrap()], "7.25".parse().unwrap());
        let err = read("code,anställda\n1490,\"1,500\"\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("w.csv:2: anställda: \"1,500\" is ambiguous in a comma-separated file"),
            "{err:?}"
        );
    }

    #[test]
    fn municipalities_by_code_or_name_and_figures_with_units() {
        let code = |c: &str| c.parse::<Code>().unwrap();
        let w = read("Kommunkod;Anställda\n1490;1 500\n").unwrap();
        assert_eq!(w.values[&code("1490")], "1500".parse().unwrap());
        let w = read("Kommun;anställda\nBorås Stad;12,5 %\nmark;87,5 %\n").unwrap();
        assert_eq!(w.values[&code("1490")], "0.125".parse().unwrap());
        assert_eq!(w.values[&code("1463")], "0.875".parse().unwrap());
        let w = read("region;anställda\n1490 Borås;2 tkr\n1463 Mark;350 kr\n").unwrap();
        assert_eq!(w.values[&code("1490")], "2000".parse().unwrap());
        assert_eq!(w.values[&code("1463")], "350".parse().unwrap());
        assert_eq!(
            read("Kommun;anställda\nHerljunga;1\nBorås;12 %\nMark;3\n").unwrap_err(),
            [
                "w.csv:2: unknown municipality \"Herljunga\"; did you mean \"Herrljunga\" (1466) or \"Svenljunga\" (1465)?",
                "w.csv:4: this value and the value on line 3 are not written alike: one is a percentage, the other not; write every weight of the column as a percentage, or none",
            ]
        );
    }
}
