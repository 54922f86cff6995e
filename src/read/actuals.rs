//! Actuals: what each party was charged per activity in a year, in kronor.
//!
//! Columns are found by name: `year,note,activity,kind,code,party,amount`
//! (`year`, `note` and `code` may be left out where they do not apply; other
//! columns such as `charge` and `basis` are ignored, so the CSV that
//! `avgift calc` writes is itself an actuals file), or by their Swedish
//! names as the `excel-sv` CSV heads them (`År;Not;Verksamhet;Typ;Kod;Part;
//! …;Belopp, kr`), with kinds in either language (`kommun`, `extern`,
//! `justering`, `summa`). With `;` or tab between fields an amount may have
//! a decimal comma (`228000,00`), as Swedish Excel saves it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::records::{CsvOptions, CsvRecords};
use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::actuals::{ActualRow, Actuals, Figures};
use crate::engine::code::Code;
use crate::engine::outcome::Kind;
use crate::msg;
use crate::msg::Message;

pub fn read_actuals(ctx: &crate::context::Context, path: &Path) -> Result<Actuals, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Actuals)?;
    parse_actuals(&bytes, path)
}

/// Actuals read and parsed ahead, on another thread, while the tariff that
/// names them is still being read. Nothing of the run is touched until
/// they are taken by [`take_actuals`].
pub struct ReadAhead {
    path: PathBuf,
    read: Result<(Vec<u8>, Result<Actuals, Diagnostics>), Diagnostic>,
}

pub fn read_ahead(path: PathBuf) -> ReadAhead {
    let read =
        crate::context::input::read_bounded(&path, crate::context::input::Input::Actuals).map(|bytes| {
            let parsed = parse_actuals(&bytes, &path);
            (bytes, parsed)
        });
    ReadAhead { path, read }
}

/// The actuals at `path`: those read ahead if they are this file (noted as
/// an input now, in the run's order), else read now.
pub fn take_actuals(
    ctx: &crate::context::Context,
    path: &Path,
    ahead: Option<ReadAhead>,
) -> Result<Actuals, Diagnostics> {
    match ahead {
        Some(a) if a.path == path => {
            let (bytes, parsed) = a.read?;
            crate::context::input::note_read(ctx, path, crate::context::input::Input::Actuals, &bytes)?;
            parsed
        }
        _ => read_actuals(ctx, path),
    }
}

/// Actuals from the bytes of a CSV file (`path` names it in messages).
///
/// Long on purpose: the header's columns (English and Swedish names) and
/// each row's checks share the column positions and the diagnostics, whose
/// wording the golden cases pin.
pub fn parse_actuals(bytes: &[u8], path: &Path) -> Result<Actuals, Diagnostics> {
    if let Some(d) = super::workbook::refuse(bytes, path, super::workbook::Reads::Actuals) {
        return Err(d.into());
    }
    let (text, _) = text::decode(bytes);
    let err = |line: usize, m: Message| Diagnostic::new(m).in_file(path).at_line(line);
    let mut records = CsvRecords::new(&text, CsvOptions::default());
    let delimiter = records.delimiter();
    let (_, headers) = records.header().map_err(|d| d.in_file(path))?;
    let col = |name: &str| {
        let names = COLUMNS
            .iter()
            .find(|(english, _)| *english == name)
            .map_or(&[][..], |(_, names)| *names);
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name) || names.iter().any(|n| h.to_lowercase() == *n))
    };
    let (Some(activity_col), Some(kind_col), Some(amount_col)) =
        (col("activity"), col("kind"), col("amount"))
    else {
        let found = headers.iter().collect::<Vec<_>>().join(",");
        let message = if headers.iter().any(|h| h.eq_ignore_ascii_case("tkr")) {
            msg!("actuals-header-tkr", found = found)
        } else {
            msg!("actuals-header", found = found)
        };
        return Err(err(1, message).into());
    };
    let (year_col, note_col, code_col, party_col) = (col("year"), col("note"), col("code"), col("party"));
    let status_col = col("status");

    let mut actuals = Actuals::default();
    // Without a `status` column, the lines a tariff computed (`calc`'s
    // CSV, with its `charge` column) are a budget; others the outcome.
    if status_col.is_none() && col("charge").is_some() {
        actuals.figures = Figures::Budget;
    }
    let mut status_line = 0;
    let mut problems = Diagnostics::new();
    let mut year_line = 0;
    while let Some(record) = records.next_record() {
        let (line, record) = match record {
            Ok(r) => (r.line, r.fields),
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            problems.push(err(
                line,
                msg!("csv-field-count", expected = headers.len(), found = record.len()),
            ));
            continue;
        }
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
        let mut row_ok = true;
        let mut bad = |m: Message| {
            problems.push(err(line, m));
            row_ok = false;
        };

        if let Some(c) = year_col {
            match field(Some(c)).parse::<i32>() {
                Ok(y) => match actuals.year {
                    None => {
                        actuals.year = Some(y);
                        year_line = line;
                    }
                    Some(first) if first != y => bad(msg!(
                        "actuals-year-differs",
                        year = y,
                        first = first,
                        line = year_line
                    )),
                    Some(_) => {}
                },
                Err(_) => bad(msg!("actuals-expected-year", found = msg::quoted(field(Some(c))))),
            }
        }
        if let Some(c) = status_col {
            match Figures::parse(field(Some(c))) {
                Some(f) if status_line == 0 => {
                    actuals.figures = f;
                    status_line = line;
                }
                Some(f) if f != actuals.figures => bad(msg!(
                    "budget-status-differs",
                    found = msg::quoted(field(Some(c))),
                    line = status_line
                )),
                Some(_) => {}
                None => bad(msg!("budget-status-unknown", found = msg::quoted(field(Some(c))))),
            }
        }
        let note = match field(note_col) {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    bad(msg!("actuals-expected-note", found = msg::quoted(s)));
                    None
                }
            },
        };
        let activity = field(Some(activity_col)).to_string();
        if activity.is_empty() {
            bad(msg!("actuals-missing-activity"));
        }
        let kind = match Kind::parse(field(Some(kind_col))) {
            Some(k) => Some(k),
            None => {
                bad(msg!(
                    "actuals-expected-kind",
                    found = msg::quoted(field(Some(kind_col)))
                ));
                None
            }
        };
        let code = match (kind, field(code_col)) {
            (Some(Kind::Municipality), "") => {
                bad(msg!("actuals-code-needed"));
                None
            }
            (Some(Kind::Municipality), s) => match Code::from_str(s) {
                Ok(c) => Some(c),
                Err(e) => {
                    bad(e);
                    None
                }
            },
            (_, "") => None,
            (_, s) => {
                bad(msg!("actuals-code-not-municipality", found = msg::quoted(s)));
                None
            }
        };
        let party = field(party_col).to_string();
        for (column, text) in [("activity", activity.as_str()), ("party", party.as_str())] {
            if let Some(why) = text::control_character(text) {
                bad(msg!("csv-column-control", column = column, why = why));
            }
        }
        if party.is_empty() && matches!(kind, Some(Kind::External | Kind::Adjustment)) {
            bad(msg!("actuals-party-needed"));
        }
        let amount = match parse_amount(field(Some(amount_col)), delimiter) {
            Ok(a) => Some(a),
            Err(e) => {
                bad(e);
                None
            }
        };
        if let (true, Some(kind), Some(amount)) = (row_ok, kind, amount) {
            let party = if party.is_empty() {
                code.map(|c| c.to_string()).unwrap_or_default()
            } else {
                party
            };
            actuals.rows.push(ActualRow {
                note,
                activity,
                kind,
                code,
                party,
                amount,
            });
        }
    }
    if problems.is_empty() && actuals.rows.is_empty() {
        problems.push(err(1, msg!("actuals-no-rows")));
    }
    actuals.year_line = year_line;
    problems.into_result(actuals)
}

/// The Swedish names of the columns (lower case), as the `excel-sv` CSV
/// and the workbook head them.
const COLUMNS: &[(&str, &[&str])] = &[
    ("year", &["år"]),
    ("note", &["not"]),
    ("activity", &["verksamhet"]),
    ("kind", &["typ"]),
    ("code", &["kod"]),
    ("party", &["part"]),
    ("amount", &["belopp", "belopp, kr", "belopp (kr)"]),
    ("status", &["status"]),
    ("charge", &["avgift"]),
];

/// An amount in kronor: `.` decimals, or a decimal comma in a file with `;`
/// or tab between fields; see [`text::parse_decimal`].
fn parse_amount(s: &str, delimiter: u8) -> Result<Decimal, Message> {
    let amount = match text::parse_decimal(s, delimiter) {
        Ok(Some(a)) => a,
        Ok(None) => return Err(msg!("actuals-missing-amount")),
        Err(e) => return Err(msg!("actuals-amount", why = e)),
    };
    if amount.abs() > crate::engine::validate::MAX_AMOUNT {
        return Err(msg!("actuals-amount-too-large", amount = s));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Actuals, Vec<String>> {
        parse_actuals(bytes, Path::new("a.csv")).map_err(|d| d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn swedish_headers_kinds_and_decimal_commas() {
        let english = read(
            b"year,note,activity,kind,code,party,amount\n2022,8,DSO,municipality,1490,Bor\xC3\xA5s,858550.50\n2022,8,DSO,external,,HSNK,100000\n",
        )
        .unwrap();
        // As Swedish Excel saves the excel-sv CSV: `;`, decimal comma, Windows-1252.
        let swedish = read(
            b"\xC5r;Not;Verksamhet;Typ;Kod;Part;Avgift;Underlag;Belopp, kr\r\n2022;8;DSO;kommun;1490;Bor\xE5s;dso;;858 550,50\r\n2022;8;DSO;Extern;;HSNK;nvs;;100000,00\r\n",
        )
        .unwrap();
        assert_eq!(english.rows, swedish.rows);
        assert_eq!(swedish.year, Some(2022));
    }

    #[test]
    fn a_comma_in_a_comma_separated_amount_is_refused() {
        let err = read(b"activity,kind,code,amount\nDSO,municipality,1490,\"1,234\"\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("a.csv:2: amount: \"1,234\" is ambiguous in a comma-separated file"),
            "{err:?}"
        );
    }
}
