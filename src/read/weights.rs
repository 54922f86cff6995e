//! A weight column for apportionment (employees, pupils …): a CSV with a
//! `code` column and the named column.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::records::{CsvOptions, CsvRecords};
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

pub fn parse_weights(bytes: &[u8], path: &Path, column: &str) -> Result<WeightData, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, path, super::workbook::Reads::Weights) {
        return Err(d.into());
    }
    let (text, _) = text::decode(bytes);
    let err = |line: usize, m: Message| problem(path, line, m);
    let mut records = CsvRecords::new(&text, CsvOptions::default());
    let delimiter = records.delimiter();
    let (_, headers) = records.header().map_err(|d| d.in_file(path))?;
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.to_lowercase() == name.to_lowercase())
    };
    let (Some(code_col), Some(value_col)) = (find("code"), find(column)) else {
        return Err(err(
            1,
            msg!(
                "weights-expected-columns",
                column = column,
                found = headers.iter().collect::<Vec<_>>().join(",")
            ),
        )
        .into());
    };
    let mut values = BTreeMap::new();
    let mut problems = Diagnostics::new();
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
        let code = match Code::from_str(code) {
            Ok(c) => c,
            Err(e) => {
                problems.push(problem(path, line, e));
                continue;
            }
        };
        match text::parse_decimal(value, delimiter) {
            Ok(Some(v)) if v >= Decimal::ZERO => {
                if values.insert(code, v).is_some() {
                    problems.push(err(line, msg!("weights-duplicate", code = code.to_string())));
                }
            }
            Ok(Some(v)) => problems.push(err(line, msg!("weights-negative", found = v.to_string()))),
            Ok(None) => problems.push(err(line, msg!("weights-missing", column = column))),
            Err(e) => problems.push(err(line, msg!("weights-bad-number", column = column, why = e))),
        }
    }
    problems.into_result(WeightData {
        label: column.to_string(),
        values: values.into(),
    })
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
}
