//! A plain CSV export of incoming payments, for banks that give nothing
//! better: one row per payment with its date, amount, reference and payer,
//! found by their header names in English or Swedish. Read as every CSV
//! input is (`read::text`, `read::records`): UTF-8 with or without BOM or
//! Windows-1252, `,` or `;` (or tab) between fields, and with `;` or tab a
//! decimal comma in amounts (`1 234,50`).
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

/// Reads a CSV file of payments. `path` names it in problems.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    let (decoded, _) = text::decode(bytes);
    let mut problems = Diagnostics::new();
    let mut problem = |place: Place, p: Problem| problems.push(at(path, place, p.message()));
    let mut records = CsvRecords::new(&decoded, CsvOptions::default());
    let delimiter = records.delimiter();
    let (header_line, header) = records.header().map_err(|d| d.in_file(path))?;
    let names: Vec<String> = header.iter().map(str::to_lowercase).collect();
    let find = |role: &[&str]| names.iter().position(|h| role.contains(&h.as_str()));
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = names[..i].iter().position(|n| n == name && !n.is_empty()) {
            problem(
                Place {
                    line: header_line,
                    column: Some(i + 1),
                },
                Problem::DuplicateColumn {
                    name: header[i].to_string(),
                    first: first + 1,
                },
            );
        }
    }
    let (Some(date_col), Some(amount_col), Some(reference_col)) = (find(DATE), find(AMOUNT), find(REFERENCE))
    else {
        problem(
            Place::line(header_line),
            Problem::Header {
                found: header
                    .iter()
                    .collect::<Vec<_>>()
                    .join(&char::from(delimiter).to_string()),
            },
        );
        return Err(problems);
    };
    let (payer_col, currency_col) = (find(PAYER), find(CURRENCY));

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
        let (line, fields) = (record.line, record.fields);
        if fields.iter().all(str::is_empty) {
            continue;
        }
        let mut problem = |p: Problem| problems.push(at(path, Place::line(line), p.message()));
        if fields.len() != header.len() {
            problem(Problem::FieldCount {
                expected: header.len(),
                found: fields.len(),
            });
            continue;
        }
        let field = |c: Option<usize>| c.and_then(|c| fields.get(c)).unwrap_or("");
        let date = parse_date(field(Some(date_col)));
        if date.is_none() {
            problem(Problem::BadDate {
                found: field(Some(date_col)).to_string(),
            });
        }
        let amount = match text::parse_decimal(field(Some(amount_col)), delimiter) {
            Ok(Some(a)) if a.normalize().scale() > 2 => {
                problem(Problem::NotOre { found: a });
                None
            }
            Ok(Some(a)) if a.is_zero() => {
                problem(Problem::Zero);
                None
            }
            Ok(Some(a)) if a.abs() > crate::engine::validate::MAX_AMOUNT => {
                problem(Problem::TooLarge { found: a });
                None
            }
            Ok(Some(mut a)) => {
                a.rescale(2);
                Some(a)
            }
            Ok(None) => {
                problem(Problem::MissingAmount);
                None
            }
            Err(why) => {
                problem(Problem::BadAmount { why });
                None
            }
        };
        let currency = field(currency_col);
        if !currency.is_empty() && currency != "SEK" {
            problem(Problem::NotSek {
                found: currency.to_string(),
            });
        }
        let reference = field(Some(reference_col)).to_string();
        let payer = field(payer_col).to_string();
        let mut plain = true;
        for (column, value) in [("reference", &reference), ("payer", &payer)] {
            if let Some(why) = text::control_character(value) {
                problem(Problem::Control { column, why });
                plain = false;
            }
        }
        let (Some(date), Some(amount), true) = (date, amount, plain) else {
            continue;
        };
        if amount.is_sign_negative() {
            skipped.debits += 1;
            continue;
        }
        payments.push(Payment {
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
        });
    }
    if problems.is_empty() && payments.is_empty() && skipped.debits == 0 {
        problems.push(at(path, Place::line(header_line), Problem::NoRows.message()));
    }
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
    problems.into_result(PaymentFile {
        format: PaymentFormat::Csv,
        identity: FileIdentity::None,
        accounts: Vec::new(),
        currency: "SEK".to_string(),
        created: None,
        test: false,
        deposits,
        skipped,
    })
}

/// `2024-01-15` or `20240115`.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    s.parse::<Date>().ok().or_else(|| compact_date(s.as_bytes()))
}
