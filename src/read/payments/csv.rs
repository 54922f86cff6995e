//! A plain CSV export of incoming payments, for banks that give nothing
//! better: one row per payment with its date, amount, reference and payer,
//! found by their header names in English or Swedish. Read as every CSV
//! input is (`read::text`, `read::records`): UTF-8 with or without BOM or
//! Windows-1252, `,` or `;` (or tab) between fields, and amounts as
//! Swedish spreadsheets show them ([`figure`]: `1 234,50 kr` with `;` or
//! tab between fields, `1234.50` with `,`).
//!
//! The whole file is one deposit without an account: a CSV export does
//! not say which account it is of. Negative amounts are money out of the
//! account and are skipped (and counted), as camt's debit entries are.

use std::path::Path;

use rust_decimal::Decimal;

use super::fields::{at, compact_date};
use crate::diag::Diagnostics;
use crate::engine::date::Date;
use crate::engine::payment::{
    Deposit, FileIdentity, Payer, Payment, PaymentFile, PaymentFormat, PaymentKind, Place, Reference, Skipped,
};
use crate::msg;
use crate::msg::Message;
use crate::read::figure;
use crate::read::records::{CsvOptions, CsvRecords};
use crate::read::text;

/// The columns, by role: the names a header may give each (compared
/// without case).
const DATE: &[&str] = &[
    "date",
    "datum",
    "bokföringsdatum",
    "bokforingsdatum",
    "transaktionsdatum",
];
const AMOUNT: &[&str] = &["amount", "belopp"];
const REFERENCE: &[&str] = &["reference", "referens", "ocr", "ocr-nummer", "ocr-referens"];
const PAYER: &[&str] = &["payer", "betalare", "avsändare", "avsandare"];
const CURRENCY: &[&str] = &["currency", "valuta"];

/// Every problem the CSV reader reports; [`Problem::message`] is the one
/// place their wording lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The header lacks a column this reader needs.
    Header { found: String },
    /// A column named twice.
    DuplicateColumn { name: String, first: usize },
    /// A row with another number of fields than the header.
    FieldCount { expected: usize, found: usize },
    /// The date is not a date.
    BadDate { found: String },
    /// The amount is not a number (the text module's reason).
    BadAmount { why: Message },
    /// No amount.
    MissingAmount,
    /// An amount with fractions of öre.
    NotOre { found: Decimal },
    /// An amount of zero.
    Zero,
    /// An amount beyond any payment.
    TooLarge { found: Decimal },
    /// A currency other than SEK.
    NotSek { found: String },
    /// A control character in a text field.
    Control { column: &'static str, why: Message },
    /// No payments at all.
    NoRows,
}

impl Problem {
    pub fn message(&self) -> Message {
        match self {
            Problem::Header { found } => msg!("payments-csv-header", found = found),
            Problem::DuplicateColumn { name, first } => msg!(
                "payments-csv-duplicate-column",
                name = msg::quoted(name),
                first = *first
            ),
            Problem::FieldCount { expected, found } => {
                msg!("csv-field-count", expected = *expected, found = *found)
            }
            Problem::BadDate { found } => msg!("payments-csv-bad-date", found = msg::quoted(found)),
            Problem::BadAmount { why } => msg!("payments-csv-bad-amount", why = why.clone()),
            Problem::MissingAmount => msg!("payments-csv-missing-amount"),
            Problem::NotOre { found } => msg!("payments-csv-not-ore", found = found.to_string()),
            Problem::Zero => msg!("payments-csv-zero"),
            Problem::TooLarge { found } => msg!(
                "payments-csv-too-large",
                found = found.to_string(),
                max = crate::engine::validate::MAX_AMOUNT.to_string()
            ),
            Problem::NotSek { found } => msg!("payments-csv-not-sek", found = msg::quoted(found)),
            Problem::Control { column, why } => {
                msg!("payments-csv-control", column = *column, why = why.clone())
            }
            Problem::NoRows => msg!("payments-csv-no-rows"),
        }
    }
}

/// Where a row's fields are, found by the header's names.
struct Columns {
    date: usize,
    amount: usize,
    reference: usize,
    payer: Option<usize>,
    currency: Option<usize>,
    /// How many fields the header has, and so every row.
    width: usize,
    /// The field delimiter, which decides whether an amount may have a
    /// decimal comma.
    delimiter: u8,
}

/// Reads a CSV file of payments. `path` names it in problems.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    let (decoded, _) = text::decode(bytes);
    let mut problems = Diagnostics::new();
    let mut records = CsvRecords::new(&decoded, CsvOptions::default());
    let delimiter = records.delimiter();
    let (header_line, header) = records.header().map_err(|d| d.in_file(path))?;
    let columns = columns(&header, header_line, delimiter, |place, p| {
        problems.push(at(path, place, p.message()));
    });
    let Some(columns) = columns else {
        return Err(problems);
    };
    let mut payments = Vec::new();
    let mut skipped = Skipped::default();
    while let Some(record) = records.next_record() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        if record.fields.iter().all(str::is_empty) {
            continue;
        }
        match payment(record.fields, record.line, &columns) {
            Ok(Some(p)) => payments.push(p),
            // Money out of the account.
            Ok(None) => skipped.debits += 1,
            Err(found) => {
                for p in found {
                    problems.push(at(path, Place::line(record.line), p.message()));
                }
            }
        }
    }
    if problems.is_empty() && payments.is_empty() && skipped.debits == 0 {
        problems.push(at(path, Place::line(header_line), Problem::NoRows.message()));
    }
    problems.into_result(file(payments, skipped, header_line))
}

/// The columns the header names, each problem with it told to `problem`:
/// a column named twice, and a column this reader needs that is missing,
/// which ends the reading (`None`).
fn columns(
    header: &csv::StringRecord,
    line: usize,
    delimiter: u8,
    mut problem: impl FnMut(Place, Problem),
) -> Option<Columns> {
    let names: Vec<String> = header.iter().map(str::to_lowercase).collect();
    let find = |role: &[&str]| names.iter().position(|h| role.contains(&h.as_str()));
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = names[..i].iter().position(|n| n == name && !n.is_empty()) {
            problem(
                Place {
                    line,
                    column: Some(i + 1),
                },
                Problem::DuplicateColumn {
                    name: header[i].to_string(),
                    first: first + 1,
                },
            );
        }
    }
    let (Some(date), Some(amount), Some(reference)) = (find(DATE), find(AMOUNT), find(REFERENCE)) else {
        problem(
            Place::line(line),
            Problem::Header {
                found: header
                    .iter()
                    .collect::<Vec<_>>()
                    .join(&char::from(delimiter).to_string()),
            },
        );
        return None;
    };
    Some(Columns {
        date,
        amount,
        reference,
        payer: find(PAYER),
        currency: find(CURRENCY),
        width: header.len(),
        delimiter,
    })
}

/// One row as a payment (`None`: money out of the account, which is
/// skipped), or every problem with it.
fn payment(fields: &csv::StringRecord, line: usize, c: &Columns) -> Result<Option<Payment>, Vec<Problem>> {
    if fields.len() != c.width {
        return Err(vec![Problem::FieldCount {
            expected: c.width,
            found: fields.len(),
        }]);
    }
    let mut problems = Vec::new();
    let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).unwrap_or("");
    let date = parse_date(field(Some(c.date)));
    if date.is_none() {
        problems.push(Problem::BadDate {
            found: field(Some(c.date)).to_string(),
        });
    }
    let amount = amount(field(Some(c.amount)), c.delimiter).map_err(|p| problems.push(p));
    let currency = field(c.currency);
    if !currency.is_empty() && currency != "SEK" {
        problems.push(Problem::NotSek {
            found: currency.to_string(),
        });
    }
    let reference = field(Some(c.reference)).to_string();
    let payer = field(c.payer).to_string();
    for (column, value) in [("reference", &reference), ("payer", &payer)] {
        if let Some(why) = text::control_character(value) {
            problems.push(Problem::Control { column, why });
        }
    }
    let (Some(date), Ok(amount), true) = (date, amount, problems.is_empty()) else {
        return Err(problems);
    };
    if amount.is_sign_negative() {
        return Ok(None);
    }
    Ok(Some(Payment {
        kind: PaymentKind::Payment,
        date,
        value_date: None,
        amount,
        reference: Reference::new(reference, true),
        extra_references: Vec::new(),
        information: Vec::new(),
        payer: Payer {
            name: (!payer.is_empty()).then_some(payer),
            ..Payer::default()
        },
        bank_ids: Default::default(),
        bgmax: None,
        place: Place::line(line),
    }))
}

/// An amount in kronor and öre, not zero and within any payment.
fn amount(s: &str, delimiter: u8) -> Result<Decimal, Problem> {
    let amount = match figure::parse_figure(s, delimiter) {
        Ok(Some(f)) => f.kronor(s.trim()).map(Some),
        Ok(None) => Ok(None),
        Err(why) => Err(why),
    };
    match amount {
        Ok(Some(a)) if a.normalize().scale() > 2 => Err(Problem::NotOre { found: a }),
        Ok(Some(a)) if a.is_zero() => Err(Problem::Zero),
        Ok(Some(a)) if a.abs() > crate::engine::validate::MAX_AMOUNT => Err(Problem::TooLarge { found: a }),
        Ok(Some(mut a)) => {
            a.rescale(2);
            Ok(a)
        }
        Ok(None) => Err(Problem::MissingAmount),
        Err(why) => Err(Problem::BadAmount { why }),
    }
}

/// The payment file of a CSV export: the whole file is one deposit
/// without an account.
fn file(payments: Vec<Payment>, skipped: Skipped, header_line: usize) -> PaymentFile {
    let total = payments.iter().map(|p| p.amount).sum();
    let deposits = if payments.is_empty() {
        Vec::new()
    } else {
        vec![Deposit {
            account: None,
            bank_account: None,
            date: None,
            serial: None,
            total,
            payments,
            place: Place::line(header_line),
        }]
    };
    PaymentFile {
        format: PaymentFormat::Csv,
        identity: FileIdentity::None,
        accounts: Vec::new(),
        currency: "SEK".to_string(),
        created: None,
        test: false,
        deposits,
        skipped,
    }
}

/// `2024-01-15` or `20240115`.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    s.parse::<Date>().ok().or_else(|| compact_date(s.as_bytes()))
}
