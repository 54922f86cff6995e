//! Every problem the BgMax reader reports, the fields and records it
//! names, and their wording.

use std::ops::RangeInclusive;

use rust_decimal::Decimal;

use super::record::{RECORD_LENGTH, VERSION};
use crate::msg;
use crate::msg::Message;

/// Every problem the BgMax reader reports; [`Problem::message`] is the one
/// place their wording lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A record of another length than 80 characters (after a trailing CR).
    WrongLength { found: usize, utf8: bool },
    /// A control character inside a record.
    ControlCharacter { code: u32 },
    /// A transaction code this layout does not have.
    UnknownCode { found: String },
    /// The first record is not a start record.
    MissingStart { found: String },
    /// A start record after the first.
    StartNotFirst,
    /// TK01's layout name is not `BGMAX`.
    LayoutName { found: String },
    /// TK01's version is not `01`.
    Version { found: String },
    /// TK01's timestamp is not a time.
    Timestamp { found: String },
    /// TK01's test marker is neither `T` nor `P`.
    TestMarker { found: String },
    /// A numeric field holds something else.
    NotDigits { field: Field, found: String },
    /// A date field is not a date.
    BadDate { field: Field, found: String },
    /// A one-digit code outside the values it may have.
    BadCode {
        field: Field,
        found: String,
        allowed: RangeInclusive<u8>,
    },
    /// A bankgiro number with a wrong check digit or length.
    BadBankgiro { field: Field, found: String },
    /// A currency other than SEK.
    NotSek { found: String },
    /// TK15's currency differs from its TK05's.
    CurrencyDiffers {
        found: String,
        opened: String,
        line: usize,
    },
    /// A record where the order does not allow it.
    OutOfPlace { code: String, expected: Expected },
    /// A 26 to 29 record twice for one payment.
    Repeated { code: String, first: usize },
    /// A deposit opened and not closed by a TK15 before the next TK05, the
    /// TK70 or the end of the file.
    Unclosed { opened: usize },
    /// No TK70 at the end.
    MissingEnd,
    /// A record after TK70.
    AfterEnd,
    /// TK15's sum is not the deposit's payments less its deductions.
    DepositSum {
        stated: Decimal,
        payments: Decimal,
        deductions: Decimal,
        opened: usize,
    },
    /// TK15's count is not the deposit's payment and deduction records.
    DepositCount {
        stated: u64,
        payments: u64,
        deductions: u64,
        opened: usize,
    },
    /// A TK70 count differs from the records.
    EndCount {
        counted: Counted,
        stated: u64,
        found: u64,
    },
}

/// A field of a record, as problems name it (with its positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// TK05.
    RecipientBankgiro,
    RecipientPlusgiro,
    /// TK20, TK21 (and TK22, TK23: amount and reference code).
    SenderBankgiro,
    Amount,
    ReferenceCode,
    PaymentChannel,
    BankgirotSerial,
    ImageMarker,
    DeductionCode,
    /// TK29.
    OrganisationNumber,
    /// TK15.
    RecipientBankAccount,
    PaymentDate,
    DepositSerial,
    DepositAmount,
    PaymentCount,
    /// TK70.
    PaymentRecords,
    DeductionRecords,
    ExtraReferenceRecords,
    DepositRecords,
}

impl Field {
    /// `amount (positions 38-55)`.
    pub fn name(self) -> Message {
        match self {
            Field::RecipientBankgiro => msg!("bgmax-field-recipient-bankgiro"),
            Field::RecipientPlusgiro => msg!("bgmax-field-recipient-plusgiro"),
            Field::SenderBankgiro => msg!("bgmax-field-sender-bankgiro"),
            Field::Amount => msg!("bgmax-field-amount"),
            Field::ReferenceCode => msg!("bgmax-field-reference-code"),
            Field::PaymentChannel => msg!("bgmax-field-payment-channel"),
            Field::BankgirotSerial => msg!("bgmax-field-bankgirot-serial"),
            Field::ImageMarker => msg!("bgmax-field-image-marker"),
            Field::DeductionCode => msg!("bgmax-field-deduction-code"),
            Field::OrganisationNumber => msg!("bgmax-field-organisation-number"),
            Field::RecipientBankAccount => msg!("bgmax-field-recipient-bank-account"),
            Field::PaymentDate => msg!("bgmax-field-payment-date"),
            Field::DepositSerial => msg!("bgmax-field-deposit-serial"),
            Field::DepositAmount => msg!("bgmax-field-deposit-amount"),
            Field::PaymentCount => msg!("bgmax-field-payment-count"),
            Field::PaymentRecords => msg!("bgmax-field-payment-records"),
            Field::DeductionRecords => msg!("bgmax-field-deduction-records"),
            Field::ExtraReferenceRecords => msg!("bgmax-field-extra-reference-records"),
            Field::DepositRecords => msg!("bgmax-field-deposit-records"),
        }
    }
}

/// The records the end record (TK70) counts, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// TK20.
    Payments,
    /// TK21.
    Deductions,
    /// TK22 and TK23.
    ExtraReferences,
    /// TK15.
    Deposits,
}

impl Counted {
    /// Every count, in the end record's order.
    pub const ALL: [Counted; 4] = [
        Counted::Payments,
        Counted::Deductions,
        Counted::ExtraReferences,
        Counted::Deposits,
    ];

    /// The end record counts `stated` of these records, and `found` were read.
    fn end_count(self, stated: u64, found: u64) -> Message {
        match self {
            Counted::Payments => msg!("bgmax-end-count-payments", stated = stated, found = found),
            Counted::Deductions => msg!("bgmax-end-count-deductions", stated = stated, found = found),
            Counted::ExtraReferences => {
                msg!("bgmax-end-count-extra-references", stated = stated, found = found)
            }
            Counted::Deposits => msg!("bgmax-end-count-deposits", stated = stated, found = found),
        }
    }

    /// The field of the end record that holds the count.
    pub fn field(self) -> Field {
        match self {
            Counted::Payments => Field::PaymentRecords,
            Counted::Deductions => Field::DeductionRecords,
            Counted::ExtraReferences => Field::ExtraReferenceRecords,
            Counted::Deposits => Field::DepositRecords,
        }
    }
}

/// What a record out of place was expected to be, or to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// An opening record (05) or the end record (70) here.
    Opening,
    /// The record after a payment (20) or deduction (21) record.
    AfterPayment,
    /// The deposit record (15) of the open deposit first.
    DepositClosed,
}

impl Expected {
    /// Record `code` where this was expected.
    fn out_of_place(self, code: &str) -> Message {
        match self {
            Expected::Opening => msg!("bgmax-out-of-place-opening", code = code),
            Expected::AfterPayment => msg!("bgmax-out-of-place-after-payment", code = code),
            Expected::DepositClosed => msg!("bgmax-out-of-place-deposit-open", code = code),
        }
    }
}

impl Problem {
    pub fn message(&self) -> Message {
        match self {
            Problem::WrongLength { found, utf8: false } => {
                msg!("bgmax-wrong-length", expected = RECORD_LENGTH, found = *found)
            }
            Problem::WrongLength { found, utf8: true } => {
                msg!(
                    "bgmax-wrong-length-utf8",
                    expected = RECORD_LENGTH,
                    found = *found
                )
            }
            Problem::ControlCharacter { code } => {
                msg!("bgmax-control-character", code = format!("{code:04X}"))
            }
            Problem::UnknownCode { found } => msg!("bgmax-unknown-code", found = msg::quoted(found)),
            Problem::MissingStart { found } => msg!("bgmax-missing-start", found = msg::quoted(found)),
            Problem::StartNotFirst => msg!("bgmax-start-not-first"),
            Problem::LayoutName { found } => msg!("bgmax-layout-name", found = msg::quoted(found)),
            Problem::Version { found } => {
                msg!("bgmax-version", version = VERSION, found = msg::quoted(found))
            }
            Problem::Timestamp { found } => msg!("bgmax-timestamp", found = msg::quoted(found)),
            Problem::TestMarker { found } => msg!("bgmax-test-marker", found = msg::quoted(found)),
            Problem::NotDigits { field, found } => {
                msg!(
                    "bgmax-not-digits",
                    field = field.name(),
                    found = msg::quoted(found)
                )
            }
            Problem::BadDate { field, found } => {
                msg!("bgmax-bad-date", field = field.name(), found = msg::quoted(found))
            }
            Problem::BadCode {
                field,
                found,
                allowed,
            } if *allowed == (0..=9) => {
                msg!(
                    "bgmax-bad-code-digit",
                    field = field.name(),
                    found = msg::quoted(found)
                )
            }
            Problem::BadCode {
                field,
                found,
                allowed,
            } => msg!(
                "bgmax-bad-code",
                field = field.name(),
                from = *allowed.start(),
                to = *allowed.end(),
                found = msg::quoted(found)
            ),
            Problem::BadBankgiro { field, found } => {
                msg!(
                    "bgmax-bad-bankgiro",
                    field = field.name(),
                    found = msg::quoted(found)
                )
            }
            Problem::NotSek { found } => msg!("bgmax-not-sek", found = msg::quoted(found)),
            Problem::CurrencyDiffers { found, opened, line } => msg!(
                "bgmax-currency-differs",
                found = msg::quoted(found),
                opened = msg::quoted(opened),
                line = *line
            ),
            Problem::OutOfPlace { code, expected } => expected.out_of_place(code),
            Problem::Repeated { code, first } => msg!("bgmax-repeated", code = code, first = *first),
            Problem::Unclosed { opened } => msg!("bgmax-unclosed", opened = *opened),
            Problem::MissingEnd => msg!("bgmax-missing-end"),
            Problem::AfterEnd => msg!("bgmax-after-end"),
            Problem::DepositSum {
                stated,
                payments,
                deductions,
                opened,
            } => deposit_sum(*stated, *payments, *deductions, *opened),
            Problem::DepositCount {
                stated,
                payments,
                deductions,
                opened,
            } => deposit_count(*stated, *payments, *deductions, *opened),
            Problem::EndCount {
                counted,
                stated,
                found,
            } => counted.end_count(*stated, *found),
        }
    }
}

/// A deposit record (15) whose sum is not its payments less deductions.
fn deposit_sum(stated: Decimal, payments: Decimal, deductions: Decimal, opened: usize) -> Message {
    msg!(
        "bgmax-deposit-sum",
        stated = stated.to_string(),
        payments = payments.to_string(),
        deductions = deductions.to_string(),
        net = (payments - deductions).to_string(),
        opened = opened
    )
}

/// A deposit record (15) whose count is not its payment and deduction records.
fn deposit_count(stated: u64, payments: u64, deductions: u64, opened: usize) -> Message {
    msg!(
        "bgmax-deposit-count",
        stated = stated,
        payments = payments,
        deductions = deductions,
        records = payments + deductions,
        opened = opened
    )
}
