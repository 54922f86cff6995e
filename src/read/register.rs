//! Reads the invoice register of earlier versions, kept in the output
//! folder as `register.csv` (one row per numbered invoice or credit note)
//! and `register-lines.csv` (their lines), into the engine's
//! [`Register`], for the one-time import into the database.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::records::{CsvOptions, CsvRecords};
use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::invoice::InvoiceLine;
use crate::engine::register::{EntryKind, Register, RegisterEntry};
use crate::msg;
use crate::msg::Message;
use crate::write::register::{COLUMNS, LINE_COLUMNS};

/// Reads the register from a folder; a folder without one has an empty register.
///
/// Long on purpose: it reads the CSV register of earlier versions for the
/// one-time import (`invoicing/import.rs`), a format that is not extended;
/// the entries, their lines and the series checks work over the rows of
/// both files together.
pub fn read_register(ctx: &crate::context::Context, dir: &Path) -> Result<Register, Diagnostics> {
    let path = dir.join("register.csv");
    let lines_path = dir.join("register-lines.csv");
    if !path.exists() {
        return Ok(Register::default());
    }
    let read = |p: &Path| {
        crate::context::input::read_rewritten_input(ctx, p, crate::context::input::Input::Register)
    };
    let mut problems = Diagnostics::new();
    let entry_rows = rows(&read(&path)?, &path, &COLUMNS, &mut problems);
    let line_rows = if lines_path.exists() {
        rows(&read(&lines_path)?, &lines_path, &LINE_COLUMNS, &mut problems)
    } else {
        Vec::new()
    };

    let mut register = Register::default();
    let mut entry_line: BTreeMap<(String, u64), usize> = BTreeMap::new();
    for (line, r) in entry_rows {
        let err = |m: Message| Diagnostic::new(m).in_file(&path).at_line(line);
        let field = |k: &str| {
            r.iter()
                .find(|(h, _)| h == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let parse_err = |k: &str| {
            err(msg!(
                "registercsv-cannot-read",
                column = k,
                found = msg::quoted(field(k))
            ))
        };
        let entry = (|| {
            let number: u64 = field("number")
                .parse()
                .ok()
                .filter(|n| (1..=MAX_NUMBER).contains(n))
                .ok_or_else(|| parse_err("number"))?;
            Ok::<RegisterEntry, Diagnostic>(RegisterEntry {
                number,
                issuer: field("issuer").to_string(),
                kind: match field("kind") {
                    "invoice" => EntryKind::Invoice,
                    "credit" => EntryKind::Credit,
                    _ => return Err(parse_err("kind")),
                },
                recipient_code: field("recipient_code").to_string(),
                recipient: field("recipient").to_string(),
                year: field("year").parse().map_err(|_| parse_err("year"))?,
                installment: field("installment")
                    .parse()
                    .map_err(|_| parse_err("installment"))?,
                installments: field("installments")
                    .parse()
                    .map_err(|_| parse_err("installments"))?,
                invoice_date: field("invoice_date")
                    .parse()
                    .map_err(|_| parse_err("invoice_date"))?,
                due_date: field("due_date").parse().map_err(|_| parse_err("due_date"))?,
                amount: Decimal::from_str(field("amount")).map_err(|_| parse_err("amount"))?,
                credits: match field("credits") {
                    "" => None,
                    s => Some(s.parse().map_err(|_| parse_err("credits"))?),
                },
                inputs_sha256: field("inputs_sha256").to_string(),
                lines: line_rows
                    .iter()
                    .filter(|(_, l)| {
                        let f = |k: &str| l.iter().find(|(h, _)| h == k).map(|(_, v)| v.as_str());
                        f("number") == Some(field("number")) && f("issuer") == Some(field("issuer"))
                    })
                    .map(|(_, l)| {
                        let f = |k: &str| {
                            l.iter()
                                .find(|(h, _)| h == k)
                                .map(|(_, v)| v.clone())
                                .unwrap_or_default()
                        };
                        InvoiceLine {
                            activity: f("activity"),
                            charge: f("charge"),
                            basis: f("basis"),
                            amount: Decimal::from_str(&f("amount")).unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
        })();
        match entry {
            Ok(e) => {
                let sum: Decimal = e.lines.iter().map(|l| l.amount).sum();
                if sum != e.amount {
                    problems.push(err(msg!(
                        "registercsv-lines-sum",
                        number = e.number,
                        sum = sum.to_string(),
                        amount = e.amount.to_string()
                    )));
                }
                if register.get(&e.issuer, e.number).is_some() {
                    problems.push(err(msg!("registercsv-twice", number = e.number)));
                }
                entry_line.insert((e.issuer.clone(), e.number), line);
                register.entries.push(e);
            }
            Err(d) => problems.push(d),
        }
    }
    // Each issuer's series is gap-free: a number missing from it is a row
    // deleted by hand, and its lines must not be left without it.
    let mut series: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for e in &register.entries {
        series.entry(e.issuer.as_str()).or_default().push(e.number);
    }
    for (issuer, mut numbers) in series {
        numbers.sort_unstable();
        for pair in numbers.windows(2) {
            if pair[1] != pair[0] + 1 {
                problems.push(
                    Diagnostic::new(msg!(
                        "registercsv-gap",
                        issuer = issuer,
                        from = pair[0],
                        to = pair[1]
                    ))
                    .in_file(&path)
                    .at_line(
                        entry_line
                            .get(&(issuer.to_string(), pair[1]))
                            .copied()
                            .unwrap_or(1),
                    ),
                );
            }
        }
    }
    for (line, l) in &line_rows {
        let f = |k: &str| {
            l.iter()
                .find(|(h, _)| h == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let known = register
            .entries
            .iter()
            .any(|e| e.number.to_string() == f("number") && e.issuer == f("issuer"));
        if !known {
            problems.push(
                Diagnostic::new(msg!("registercsv-orphan-lines", number = f("number")))
                    .in_file(&lines_path)
                    .at_line(*line),
            );
        }
    }
    problems.into_result(register)
}

/// The largest invoice number the register takes.
pub const MAX_NUMBER: u64 = 999_999_999_999;

/// A row's fields, each with its column's header.
type NamedFields = Vec<(String, String)>;

/// Rows of a CSV with the expected header, with their line numbers.
fn rows(
    bytes: &[u8],
    path: &Path,
    expected: &[&str],
    problems: &mut Diagnostics,
) -> Vec<(usize, NamedFields)> {
    let rows = rows_of(bytes, path, problems);
    if let Some((_, first)) = rows.first() {
        let header: Vec<&str> = first.iter().map(|(h, _)| h.as_str()).collect();
        if header != expected {
            problems.push(
                Diagnostic::new(msg!("registercsv-columns", columns = expected.join(",")))
                    .in_file(path)
                    .at_line(1),
            );
        }
    }
    rows
}

fn rows_of(bytes: &[u8], path: &Path, problems: &mut Diagnostics) -> Vec<(usize, NamedFields)> {
    let (text, _) = text::decode(bytes);
    // As the register's export writes it: `,` between fields, every record
    // as long as the header, fields untrimmed.
    let exact = CsvOptions {
        delimiter: Some(b','),
        trim: false,
        flexible: false,
    };
    let mut records = CsvRecords::new(&text, exact);
    let headers = match records.header() {
        Ok((_, h)) => h,
        Err(d) => {
            problems.push(d.in_file(path));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    while let Some(record) = records.next_record() {
        match record {
            Ok(r) => {
                out.push((
                    r.line,
                    headers
                        .iter()
                        .map(String::from)
                        .zip(
                            r.fields
                                .iter()
                                .map(|f| crate::write::spreadsheet_text_read(f).to_string()),
                        )
                        .collect(),
                ));
            }
            Err(e) => problems.push(e.diagnostic().in_file(path)),
        }
    }
    out
}
