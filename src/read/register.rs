//! The invoice register kept in the output folder: `register.csv`, one row
//! per numbered invoice or credit note, and `register-lines.csv`, their
//! lines. It holds each issuer's gap-free number series across runs and
//! years; finalising checks it, and credit notes are made from it.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::invoice::InvoiceLine;

/// `register.csv`'s columns.
pub const COLUMNS: [&str; 13] = [
    "number",
    "issuer",
    "kind",
    "recipient_code",
    "recipient",
    "year",
    "installment",
    "installments",
    "invoice_date",
    "due_date",
    "amount",
    "credits",
    "inputs_sha256",
];

/// `register-lines.csv`'s columns.
pub const LINE_COLUMNS: [&str; 6] = ["number", "issuer", "activity", "charge", "basis", "amount"];

/// Invoice or credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Invoice,
    Credit,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Invoice => "invoice",
            EntryKind::Credit => "credit",
        }
    }
}

/// One numbered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub number: u64,
    /// The issuer's series (its org.nr, or its name without one).
    pub issuer: String,
    pub kind: EntryKind,
    /// Municipality code or payer id.
    pub recipient_code: String,
    pub recipient: String,
    pub year: i32,
    pub installment: u32,
    pub installments: u32,
    pub invoice_date: Date,
    pub due_date: Date,
    pub amount: Decimal,
    /// For a credit note: the number it credits.
    pub credits: Option<u64>,
    pub inputs_sha256: String,
    pub lines: Vec<InvoiceLine>,
}

/// The whole register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub entries: Vec<Entry>,
}

impl Register {
    /// The next number of an issuer's series.
    pub fn next_number(&self, issuer: &str, first: u64) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.issuer == issuer)
            .map(|e| e.number + 1)
            .max()
            .unwrap_or(first)
            .max(first)
    }

    pub fn get(&self, issuer: &str, number: u64) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.issuer == issuer && e.number == number)
    }

    /// Whether a credit note credits this invoice.
    pub fn is_credited(&self, issuer: &str, number: u64) -> bool {
        self.entries
            .iter()
            .any(|e| e.issuer == issuer && e.credits == Some(number))
    }

    /// The invoices of an issuer to a recipient for a year that no credit
    /// note has cancelled.
    pub fn active<'a>(
        &'a self,
        issuer: &'a str,
        recipient: &'a str,
        year: i32,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| {
            e.issuer == issuer
                && e.kind == EntryKind::Invoice
                && e.recipient_code == recipient
                && e.year == year
                && !self.is_credited(issuer, e.number)
        })
    }
}

/// Reads the register from a folder; a folder without one has an empty register.
pub fn read_register(ctx: &crate::context::Context, dir: &Path) -> Result<Register, Diagnostics> {
    let path = dir.join("register.csv");
    let lines_path = dir.join("register-lines.csv");
    if !path.exists() {
        return Ok(Register::default());
    }
    let read = |p: &Path| text::read_rewritten_input(ctx, p, "the register");
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
        let err = |m: String| Diagnostic::new(m).in_file(&path).at_line(line);
        let field = |k: &str| {
            r.iter()
                .find(|(h, _)| h == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let parse_err = |k: &str| err(format!("column {k}: cannot read {:?}", field(k)));
        let entry = (|| {
            let number: u64 = field("number")
                .parse()
                .ok()
                .filter(|n| (1..=MAX_NUMBER).contains(n))
                .ok_or_else(|| parse_err("number"))?;
            Ok::<Entry, Diagnostic>(Entry {
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
                    problems.push(err(format!(
                        "invoice {}: register-lines.csv sums to {sum}, the register says {}",
                        e.number, e.amount
                    )));
                }
                if register.get(&e.issuer, e.number).is_some() {
                    problems.push(err(format!("number {} is registered twice", e.number)));
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
                    Diagnostic::new(format!(
                        "{issuer}: the numbers jump from {} to {}: the series must be gap-free (was a row deleted?)",
                        pair[0], pair[1]
                    ))
                    .in_file(&path)
                    .at_line(entry_line.get(&(issuer.to_string(), pair[1])).copied().unwrap_or(1)),
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
                Diagnostic::new(format!(
                    "lines of invoice {} that the register does not hold",
                    f("number")
                ))
                .in_file(&lines_path)
                .at_line(*line),
            );
        }
    }
    problems.into_result(register)
}

/// The largest invoice number the register takes.
pub const MAX_NUMBER: u64 = 999_999_999_999;

type Row = Vec<(String, String)>;

/// Rows of a CSV with the expected header, with their line numbers.
fn rows(bytes: &[u8], path: &Path, expected: &[&str], problems: &mut Diagnostics) -> Vec<(usize, Row)> {
    let rows = rows_of(bytes, path, problems);
    if let Some((_, first)) = rows.first() {
        let header: Vec<&str> = first.iter().map(|(h, _)| h.as_str()).collect();
        if header != expected {
            problems.push(
                Diagnostic::new(format!("expected the columns {}", expected.join(",")))
                    .in_file(path)
                    .at_line(1),
            );
        }
    }
    rows
}

fn rows_of(bytes: &[u8], path: &Path, problems: &mut Diagnostics) -> Vec<(usize, Row)> {
    let (text, _) = text::decode(bytes);
    let index = text::LineIndex::new(&text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(
                Diagnostic::new(format!("cannot read the header: {e}"))
                    .in_file(path)
                    .at_line(1),
            );
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = index.line(r.position());
                out.push((
                    line,
                    headers
                        .iter()
                        .map(String::from)
                        .zip(
                            r.iter()
                                .map(|f| crate::write::spreadsheet_text_read(f).to_string()),
                        )
                        .collect(),
                ));
            }
            Err(e) => problems.push(
                Diagnostic::new(format!("cannot read the row: {e}"))
                    .in_file(path)
                    .at_line(index.line(e.position())),
            ),
        }
    }
    out
}
