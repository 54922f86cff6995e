//! Bankgirot's BgMax file (Bankgiro Inbetalningar): records of 80
//! characters in ISO 8859-1, one per line, each starting with its
//! two-digit transaction code (TK):
//!
//! ```text
//! 01 start                       once, first
//!   05 opening                   a deposit: recipient bankgiro, currency
//!     20 payment | 21 deduction  each followed by its own
//!       22 23 extra references, 25 information, 26 name, 27 address,
//!       28 postal address, 29 organisation number
//!   15 deposit                   the deposit's date, serial, sum and count
//! 70 end                         once, last: counts of 20, 21, 22+23, 15
//! ```
//!
//! Every field position, and what is checked, is in
//! `docs/payment-formats.md`, with the sources. The problems, and their
//! wording, are in `problem.rs`; a record and its fields in `record.rs`.

mod problem;
mod record;

use std::ops::RangeInclusive;
use std::path::Path;

use rust_decimal::Decimal;

use super::fields::{at, compact_date, ore};
use crate::diag::Diagnostics;
use crate::engine::date::Date;
use crate::engine::payment::{
    Account, AccountKind, BankIds, BgMaxCodes, Deposit, ExtraReference, FileIdentity, Payer, Payment,
    PaymentFile, PaymentFormat, PaymentKind, Place, Reference, Skipped,
};
pub use problem::{Counted, Expected, Field, Problem};
use record::{latin1, Record};
pub use record::{RECORD_LENGTH, VERSION};

/// A payment being read: the TK20 or TK21 and what follows it.
struct Building {
    payment: Payment,
    /// The lines of its 26–29 records, to find repeats.
    seen: [Option<usize>; 4],
}

/// A deposit being read, from its TK05.
struct Open {
    line: usize,
    account: Option<Account>,
    plusgiro: Option<Account>,
    currency: String,
    payments: Vec<Payment>,
    /// Whether a record of it could not be read whole, so its sums are not
    /// checked (the problem is already told).
    damaged: bool,
}

/// The reader's state while it walks the records.
struct Reader<'p> {
    path: &'p Path,
    problems: Diagnostics,
    utf8: bool,
    timestamp: Option<String>,
    test: bool,
    open: Option<Open>,
    building: Option<Building>,
    deposits: Vec<Deposit>,
    serials: Vec<String>,
    accounts: Vec<Account>,
    ended: bool,
    /// Records of each kind: 20, 21, 22 and 23, 15.
    counts: [u64; 4],
}

/// Reads a BgMax file. `path` names it in problems.
pub fn read(path: &Path, bytes: &[u8]) -> Result<PaymentFile, Diagnostics> {
    let utf8 = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // The line end after the last record, and blank lines after it.
    while lines.last().is_some_and(|l| l.is_empty() || *l == b"\r") {
        lines.pop();
    }
    let mut reader = Reader {
        path,
        problems: Diagnostics::new(),
        utf8,
        timestamp: None,
        test: false,
        open: None,
        building: None,
        deposits: Vec::new(),
        serials: Vec::new(),
        accounts: Vec::new(),
        ended: false,
        counts: [0; 4],
    };
    for (i, line) in lines.iter().enumerate() {
        let record = Record {
            line: i + 1,
            bytes: line.strip_suffix(b"\r").unwrap_or(line),
        };
        reader.record(&record);
    }
    let last = lines.len().max(1);
    reader.finish(last);
    let Reader {
        problems,
        timestamp,
        test,
        deposits,
        serials,
        mut accounts,
        ..
    } = reader;
    accounts.sort();
    accounts.dedup();
    let timestamp = timestamp.unwrap_or_default();
    let created = (timestamp.len() == 20).then(|| {
        format!(
            "{}-{}-{}T{}:{}:{}.{}",
            &timestamp[0..4],
            &timestamp[4..6],
            &timestamp[6..8],
            &timestamp[8..10],
            &timestamp[10..12],
            &timestamp[12..14],
            &timestamp[14..20]
        )
    });
    problems.into_result(PaymentFile {
        format: PaymentFormat::BgMax {
            version: VERSION.to_string(),
        },
        identity: FileIdentity::BgMax {
            timestamp,
            deposit_serials: serials,
        },
        accounts,
        currency: "SEK".to_string(),
        created,
        test,
        deposits,
        skipped: Skipped::default(),
    })
}

impl Reader<'_> {
    fn problem(&mut self, place: Place, problem: &Problem) {
        self.problems.push(at(self.path, place, problem.message()));
    }

    /// Marks the open deposit as not to be summed.
    fn damage(&mut self) {
        if let Some(open) = &mut self.open {
            open.damaged = true;
        }
    }

    /// Digits at `from`–`to`, or a problem (and `None`).
    fn digits<'r>(&mut self, r: &'r Record, from: usize, to: usize, field: Field) -> Option<&'r [u8]> {
        let f = r.field(from, to);
        if f.len() == to + 1 - from && f.iter().all(u8::is_ascii_digit) {
            Some(f)
        } else {
            self.problem(
                r.place(from),
                &Problem::NotDigits {
                    field,
                    found: latin1(f),
                },
            );
            self.damage();
            None
        }
    }

    fn amount(&mut self, r: &Record, from: usize, to: usize, field: Field) -> Option<Decimal> {
        self.digits(r, from, to, field).and_then(ore)
    }

    fn number(&mut self, r: &Record, from: usize, to: usize, field: Field) -> Option<u64> {
        self.digits(r, from, to, field)
            .map(|d| d.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
    }

    fn date(&mut self, r: &Record, from: usize, to: usize, field: Field) -> Option<Date> {
        let date = compact_date(r.field(from, to));
        if date.is_none() {
            self.problem(
                r.place(from),
                &Problem::BadDate {
                    field,
                    found: latin1(r.field(from, to)),
                },
            );
            self.damage();
        }
        date
    }

    /// A one-digit code among `allowed`.
    fn code(&mut self, r: &Record, at: usize, field: Field, allowed: RangeInclusive<u8>) -> Option<u8> {
        let f = r.field(at, at);
        match f {
            [d] if d.is_ascii_digit() && allowed.contains(&(d - b'0')) => Some(d - b'0'),
            _ => {
                self.problem(
                    r.place(at),
                    &Problem::BadCode {
                        field,
                        found: latin1(f),
                        allowed,
                    },
                );
                self.damage();
                None
            }
        }
    }

    /// A zero-padded account number, `None` when it is all zeros.
    fn account(digits: &[u8], kind: AccountKind) -> Option<Account> {
        let id = latin1(digits).trim_start_matches('0').to_string();
        (!id.is_empty()).then_some(Account { kind, id })
    }

    fn record(&mut self, r: &Record) {
        let code = latin1(r.field(1, 2));
        let first = r.line == 1;
        if first && code != "01" {
            self.problem(
                Place::line(1),
                &Problem::MissingStart {
                    found: latin1(r.field(1, 7)),
                },
            );
        }
        let known = matches!(
            code.as_str(),
            "01" | "05" | "15" | "20" | "21" | "22" | "23" | "25" | "26" | "27" | "28" | "29" | "70"
        );
        let mut readable = true;
        if r.bytes.len() != RECORD_LENGTH {
            self.problem(
                Place::line(r.line),
                &Problem::WrongLength {
                    found: r.bytes.len(),
                    utf8: self.utf8 && !r.bytes.is_ascii(),
                },
            );
            readable = false;
        }
        if let Some(i) = r
            .bytes
            .iter()
            .position(|&b| b < 0x20 || (0x7F..=0x9F).contains(&b))
        {
            self.problem(
                r.place(i + 1),
                &Problem::ControlCharacter {
                    code: u32::from(r.bytes[i]),
                },
            );
            readable = false;
        }
        if !known {
            self.problem(r.place(1), &Problem::UnknownCode { found: code });
            self.damage();
            return;
        }
        if !readable {
            self.damage();
        }
        if self.ended {
            self.problem(Place::line(r.line), &Problem::AfterEnd);
            return;
        }
        match code.as_str() {
            "01" if first => {
                if readable {
                    self.start(r);
                }
            }
            "01" => self.problem(Place::line(r.line), &Problem::StartNotFirst),
            "05" => self.opening(r, readable),
            "20" | "21" => self.payment(r, readable, code == "21"),
            "22" | "23" | "25" | "26" | "27" | "28" | "29" => self.detail(r, readable, &code),
            "15" => self.deposit(r, readable),
            _ => self.end(r, readable),
        }
    }

    fn start(&mut self, r: &Record) {
        let layout = r.field(3, 22);
        if layout != b"BGMAX               " {
            self.problem(
                r.place(3),
                &Problem::LayoutName {
                    found: latin1(layout),
                },
            );
        }
        let version = r.field(23, 24);
        if version != VERSION.as_bytes() {
            self.problem(
                r.place(23),
                &Problem::Version {
                    found: latin1(version),
                },
            );
        }
        let ts = r.field(25, 44);
        if timestamp_valid(ts) {
            self.timestamp = Some(latin1(ts));
        } else {
            self.problem(r.place(25), &Problem::Timestamp { found: latin1(ts) });
        }
        match r.field(45, 45) {
            b"T" => self.test = true,
            b"P" => self.test = false,
            other => self.problem(r.place(45), &Problem::TestMarker { found: latin1(other) }),
        }
    }

    fn opening(&mut self, r: &Record, readable: bool) {
        if let Some(open) = self.open.take() {
            self.building = None;
            self.problem(
                Place::line(r.line),
                &Problem::OutOfPlace {
                    code: "05".into(),
                    expected: Expected::DepositClosed,
                },
            );
            self.problem(Place::line(open.line), &Problem::Unclosed { opened: open.line });
        }
        let mut open = Open {
            line: r.line,
            account: None,
            plusgiro: None,
            currency: String::new(),
            payments: Vec::new(),
            damaged: !readable,
        };
        if readable {
            let bankgiro = r.field(3, 12);
            let digits = latin1(bankgiro).trim_start_matches('0').to_string();
            match crate::engine::ident::Bankgiro::parse(&digits) {
                Ok(bg) if bankgiro.iter().all(u8::is_ascii_digit) => {
                    open.account = Some(Account {
                        kind: AccountKind::Bankgiro,
                        id: bg.digits().to_string(),
                    });
                }
                _ => self.problem(
                    r.place(3),
                    &Problem::BadBankgiro {
                        field: Field::RecipientBankgiro,
                        found: latin1(bankgiro),
                    },
                ),
            }
            let plusgiro = r.field(13, 22);
            if plusgiro.iter().all(|&b| b == b' ') {
            } else if plusgiro.iter().all(u8::is_ascii_digit) {
                open.plusgiro = Self::account(plusgiro, AccountKind::Plusgiro);
            } else {
                self.problem(
                    r.place(13),
                    &Problem::NotDigits {
                        field: Field::RecipientPlusgiro,
                        found: latin1(plusgiro),
                    },
                );
            }
            open.currency = latin1(r.field(23, 25));
            if open.currency != "SEK" {
                self.problem(
                    r.place(23),
                    &Problem::NotSek {
                        found: open.currency.clone(),
                    },
                );
            }
            self.accounts.extend(open.account.clone());
            self.accounts.extend(open.plusgiro.clone());
        }
        self.open = Some(open);
    }

    /// Moves the payment being read into its deposit.
    fn close_payment(&mut self) {
        if let (Some(b), Some(open)) = (self.building.take(), &mut self.open) {
            open.payments.push(b.payment);
        }
    }

    fn payment(&mut self, r: &Record, readable: bool, deduction: bool) {
        self.counts[usize::from(deduction)] += 1;
        self.close_payment();
        if self.open.is_none() {
            self.problem(
                Place::line(r.line),
                &Problem::OutOfPlace {
                    code: latin1(r.field(1, 2)),
                    expected: Expected::Opening,
                },
            );
            return;
        }
        if !readable {
            return;
        }
        let sender = self.digits(r, 3, 12, Field::SenderBankgiro);
        let amount = self.amount(r, 38, 55, Field::Amount);
        let reference_code = self.code(r, 56, Field::ReferenceCode, 0..=5);
        let channel = self.code(r, 57, Field::PaymentChannel, 1..=4);
        let serial = self.digits(r, 58, 69, Field::BankgirotSerial);
        let image = self.code(r, 70, Field::ImageMarker, 0..=9);
        let deduction_code = if deduction {
            self.code(r, 71, Field::DeductionCode, 0..=9)
        } else {
            None
        };
        let (Some(amount), Some(reference_code), Some(channel), Some(serial), Some(image)) =
            (amount, reference_code, channel, serial, image)
        else {
            return;
        };
        let reference = Reference::new(r.text(13, 37), true);
        self.building = Some(Building {
            payment: Payment {
                kind: if deduction {
                    PaymentKind::Deduction
                } else {
                    PaymentKind::Payment
                },
                // The deposit record (15) gives the date.
                date: Date {
                    year: 1,
                    month: 1,
                    day: 1,
                },
                value_date: None,
                amount: if deduction { -amount } else { amount },
                reference: Reference {
                    structured: !reference.text.is_empty(),
                    ..reference
                },
                extra_references: Vec::new(),
                information: Vec::new(),
                payer: Payer {
                    account: sender.and_then(|s| Self::account(s, AccountKind::Bankgiro)),
                    ..Payer::default()
                },
                bank_ids: BankIds {
                    serial: Some(latin1(serial)),
                    ..BankIds::default()
                },
                bgmax: Some(BgMaxCodes {
                    reference_code,
                    channel,
                    image,
                    deduction_code,
                }),
                place: Place::line(r.line),
            },
            seen: [None; 4],
        });
    }

    fn detail(&mut self, r: &Record, readable: bool, code: &str) {
        if code == "22" || code == "23" {
            self.counts[2] += 1;
        }
        if self.building.is_none() {
            // A payment that could not be read already damaged its deposit.
            let unread_payment = self.open.as_ref().is_some_and(|o| o.damaged);
            if !unread_payment {
                let expected = if self.open.is_some() {
                    Expected::AfterPayment
                } else {
                    Expected::Opening
                };
                self.problem(
                    Place::line(r.line),
                    &Problem::OutOfPlace {
                        code: code.to_string(),
                        expected,
                    },
                );
            }
            return;
        }
        if !readable {
            return;
        }
        let slot = match code {
            "26" => Some(0),
            "27" => Some(1),
            "28" => Some(2),
            "29" => Some(3),
            _ => None,
        };
        if let Some(slot) = slot {
            let first = self.building.as_ref().and_then(|b| b.seen[slot]);
            if let Some(first) = first {
                self.problem(
                    Place::line(r.line),
                    &Problem::Repeated {
                        code: code.to_string(),
                        first,
                    },
                );
                return;
            }
        }
        let extra = if code == "22" || code == "23" {
            let amount = self.amount(r, 38, 55, Field::Amount);
            self.code(r, 56, Field::ReferenceCode, 0..=5);
            amount.map(|a| ExtraReference {
                reference: Reference::new(r.text(13, 37), true),
                amount: Some(if code == "23" { -a } else { a }),
                place: Place::line(r.line),
            })
        } else {
            None
        };
        let org_nr = if code == "29" {
            self.digits(r, 3, 14, Field::OrganisationNumber)
                .map(|d| {
                    let d = latin1(d);
                    match d.strip_prefix("00") {
                        Some(ten) => ten.to_string(),
                        None => d,
                    }
                })
                .filter(|d| d.bytes().any(|b| b != b'0'))
        } else {
            None
        };
        let Some(b) = &mut self.building else { return };
        if let Some(slot) = slot {
            b.seen[slot] = Some(r.line);
        }
        let p = &mut b.payment;
        let some = |s: String| (!s.is_empty()).then_some(s);
        match code {
            "22" | "23" => p.extra_references.extend(extra),
            "25" => p.information.extend(some(r.text(3, 52))),
            "26" => {
                p.payer.name = some(r.text(3, 37));
                p.payer.extra_name = some(r.text(38, 72));
            }
            "27" => {
                p.payer.address = some(r.text(3, 37));
                p.payer.postcode = some(r.text(38, 46));
            }
            "28" => {
                p.payer.town = some(r.text(3, 37));
                p.payer.country = some(r.text(38, 72));
                p.payer.country_code = some(r.text(73, 74));
            }
            _ => p.payer.org_nr = org_nr,
        }
    }

    fn deposit(&mut self, r: &Record, readable: bool) {
        self.counts[3] += 1;
        self.close_payment();
        let Some(open) = self.open.take() else {
            self.problem(
                Place::line(r.line),
                &Problem::OutOfPlace {
                    code: "15".into(),
                    expected: Expected::Opening,
                },
            );
            return;
        };
        if !readable {
            return;
        }
        let bank_account = self
            .digits(r, 3, 37, Field::RecipientBankAccount)
            .and_then(|d| Self::account(d, AccountKind::BankAccount));
        let date = self.date(r, 38, 45, Field::PaymentDate);
        let serial = self.digits(r, 46, 50, Field::DepositSerial).map(latin1);
        let total = self.amount(r, 51, 68, Field::DepositAmount);
        let currency = latin1(r.field(69, 71));
        let count = self.number(r, 72, 79, Field::PaymentCount);
        if currency != "SEK" {
            self.problem(
                r.place(69),
                &Problem::NotSek {
                    found: currency.clone(),
                },
            );
        } else if open.currency != currency && !open.currency.is_empty() {
            self.problem(
                r.place(69),
                &Problem::CurrencyDiffers {
                    found: currency.clone(),
                    opened: open.currency.clone(),
                    line: open.line,
                },
            );
        }
        let (Some(date), Some(serial), Some(total), Some(count)) = (date, serial, total, count) else {
            return;
        };
        if !open.damaged {
            // Sums in öre, shown with two decimals even when there is none.
            let sum = |kind| {
                open.payments
                    .iter()
                    .filter(|p| p.kind == kind)
                    .fold(Decimal::new(0, 2), |sum, p| sum + p.amount.abs())
            };
            let (payments, deductions) = (sum(PaymentKind::Payment), sum(PaymentKind::Deduction));
            if payments - deductions != total {
                self.problem(
                    r.place(51),
                    &Problem::DepositSum {
                        stated: total,
                        payments,
                        deductions,
                        opened: open.line,
                    },
                );
            }
            let n = |kind| open.payments.iter().filter(|p| p.kind == kind).count() as u64;
            let (payments, deductions) = (n(PaymentKind::Payment), n(PaymentKind::Deduction));
            if payments + deductions != count {
                self.problem(
                    r.place(72),
                    &Problem::DepositCount {
                        stated: count,
                        payments,
                        deductions,
                        opened: open.line,
                    },
                );
            }
        }
        let payments = open.payments.into_iter().map(|p| Payment { date, ..p }).collect();
        self.serials.push(serial.clone());
        self.deposits.push(Deposit {
            account: open.account.or(open.plusgiro),
            bank_account,
            date: Some(date),
            serial: Some(serial),
            total,
            payments,
            place: Place::line(open.line),
        });
    }

    fn end(&mut self, r: &Record, readable: bool) {
        if let Some(open) = self.open.take() {
            self.building = None;
            self.problem(
                Place::line(r.line),
                &Problem::OutOfPlace {
                    code: "70".into(),
                    expected: Expected::DepositClosed,
                },
            );
            self.problem(Place::line(open.line), &Problem::Unclosed { opened: open.line });
        }
        self.ended = true;
        if !readable {
            return;
        }
        for (i, counted) in Counted::ALL.into_iter().enumerate() {
            let from = 3 + 8 * i;
            if let Some(stated) = self.number(r, from, from + 7, counted.field()) {
                if stated != self.counts[i] {
                    self.problem(
                        r.place(from),
                        &Problem::EndCount {
                            counted,
                            stated,
                            found: self.counts[i],
                        },
                    );
                }
            }
        }
    }

    fn finish(&mut self, last: usize) {
        if let Some(open) = self.open.take() {
            self.problem(Place::line(open.line), &Problem::Unclosed { opened: open.line });
        }
        if !self.ended {
            self.problem(Place::line(last), &Problem::MissingEnd);
        }
    }
}

/// Whether 20 digits are a time `YYYYMMDDhhmmss` and microseconds.
fn timestamp_valid(ts: &[u8]) -> bool {
    let two = |i: usize| u32::from(ts[i] - b'0') * 10 + u32::from(ts[i + 1] - b'0');
    ts.len() == 20
        && ts.iter().all(u8::is_ascii_digit)
        && compact_date(&ts[..8]).is_some()
        && two(8) < 24
        && two(10) < 60
        && two(12) < 60
}
