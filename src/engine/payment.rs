//! Incoming payments as a payment file reports them: Bankgirot's BgMax, a
//! bank's ISO 20022 camt.054 notification or a plain CSV export. Pure data,
//! no I/O: `read::payments` makes these from a file's bytes; matching them
//! to invoices and booking them is the caller's business.
//!
//! Money is exact: every amount is a [`Decimal`] in kronor with at most two
//! decimals (öre), signed as the money moves into the recipient's account:
//! a deduction (BgMax TK21) is a [`PaymentKind::Deduction`] with a negative
//! amount, so the payments of a deposit always add up to its total.

use rust_decimal::Decimal;

use super::date::Date;
use super::ident::{luhn_valid, OcrMethod};

/// The kind of file the payments came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentFormat {
    /// Bankgirot's BgMax (Bankgiro Inbetalningar), with its layout version
    /// from the start record (`01`).
    BgMax { version: String },
    /// ISO 20022 BankToCustomerDebitCreditNotification, with the message
    /// version of its namespace (`camt.054.001.02` gives `02`).
    Camt054 { version: String },
    /// A plain CSV export: date, amount, reference, payer.
    Csv,
}

impl PaymentFormat {
    /// The format's name as people know it: `BgMax`, `camt.054.001.02`, `CSV`.
    pub fn label(&self) -> String {
        match self {
            PaymentFormat::BgMax { .. } => "BgMax".to_string(),
            PaymentFormat::Camt054 { version } => format!("camt.054.001.{version}"),
            PaymentFormat::Csv => "CSV".to_string(),
        }
    }
}

/// What identifies a file's content beyond its bytes, so that the same
/// payments delivered twice (say, as a copy with other line ends) can be
/// recognised. The file's SHA-256 is the caller's to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileIdentity {
    /// BgMax: the start record's timestamp (20 digits, down to the
    /// microsecond) and the deposits' serial numbers (löpnummer, TK15), in
    /// the file's order.
    BgMax {
        timestamp: String,
        deposit_serials: Vec<String>,
    },
    /// camt.054: the group header's message id and each notification's id,
    /// in the file's order.
    Camt054 {
        message_id: String,
        notification_ids: Vec<String>,
    },
    /// A CSV file carries no identity of its own: only its digest.
    None,
}

/// How an account is identified.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccountKind {
    /// A bankgiro number (BgMax TK05; camt `Othr/Id` with scheme `BGNR`).
    Bankgiro,
    /// A plusgiro number (BgMax TK05; camt scheme `PGNR`).
    Plusgiro,
    /// An IBAN.
    Iban,
    /// A bank account number (BgMax TK15; camt `Othr/Id` with scheme
    /// `BBAN` or none).
    BankAccount,
    /// Any other scheme, by the name the file gives it.
    Other(String),
}

/// An account: a recipient's or a payer's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Account {
    pub kind: AccountKind,
    /// The number as the file gives it, without padding zeros where the
    /// format pads (BgMax), otherwise unchanged.
    pub id: String,
}

/// Where something is in its file, for messages that point at it: the
/// 1-based line (a BgMax record is a line; a camt element starts on it; a
/// CSV row starts on it) and, where it helps, the 1-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Place {
    pub line: usize,
    pub column: Option<usize>,
}

impl Place {
    pub fn line(line: usize) -> Place {
        Place { line, column: None }
    }
}

/// Whether a payment adds to the deposit or takes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    /// Money paid in (BgMax TK20, a camt credit).
    Payment,
    /// Money taken back from a deposit (BgMax TK21, a debit transaction
    /// inside a camt credit entry): its amount is negative.
    Deduction,
}

/// How a reference passes the OCR checks Bankgirot defines, computed by
/// the reader on the reference as given (digits only, nothing trimmed
/// inside). Which check applies is the issuer's choice
/// ([`OcrMethod`]); see [`Reference::valid_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OcrCheck {
    /// Digits only, at least two, the last a Luhn check digit.
    pub check_digit: bool,
    /// As `check_digit`, and the second last digit is the reference's
    /// length modulo 10 (Bankgirot's "checksiffra och längd").
    pub length_digit: bool,
}

impl OcrCheck {
    /// The checks of `reference`.
    pub fn of(reference: &str) -> OcrCheck {
        let check_digit = luhn_valid(reference);
        let length_digit = check_digit
            && reference.len() >= 3
            && usize::from(reference.as_bytes()[reference.len() - 2] - b'0') == reference.len() % 10;
        OcrCheck {
            check_digit,
            length_digit,
        }
    }
}

/// A payment reference as the payer gave it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    /// The reference as given, without the padding of fixed-width fields
    /// (empty when there is none).
    pub text: String,
    /// How it passes the OCR checks.
    pub ocr: OcrCheck,
    /// Whether it came as a structured creditor reference (camt
    /// `Strd/CdtrRefInf/Ref`, BgMax reference code 2 to 5, a CSV
    /// reference column) rather than free text (camt `Ustrd`).
    pub structured: bool,
}

impl Reference {
    /// A reference from its text; the OCR checks are computed here.
    pub fn new(text: impl Into<String>, structured: bool) -> Reference {
        let text = text.into();
        Reference {
            ocr: OcrCheck::of(&text),
            text,
            structured,
        }
    }

    /// Whether the reference is valid under an issuer's OCR method.
    pub fn valid_for(&self, method: OcrMethod) -> bool {
        method.valid(&self.text)
    }
}

/// An extra reference of a payment (BgMax TK22 and TK23, a camt
/// transaction's further `Strd` references), with its amount where the
/// file gives one (TK23's is negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraReference {
    pub reference: Reference,
    pub amount: Option<Decimal>,
    pub place: Place,
}

/// Who paid, as far as the file says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payer {
    /// Name and extra name (BgMax TK26; camt `Dbtr/Nm`; CSV payer).
    pub name: Option<String>,
    pub extra_name: Option<String>,
    /// Street address, postcode, town, country and country code (BgMax
    /// TK27 and TK28; camt `Dbtr/PstlAdr`).
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub town: Option<String>,
    pub country: Option<String>,
    pub country_code: Option<String>,
    /// Organisation (or personal identity) number, digits as given (BgMax
    /// TK29 without its padding zeros; camt `Dbtr/Id/OrgId/Othr/Id` or
    /// `PrvtId/Othr/Id`).
    pub org_nr: Option<String>,
    /// The payer's bankgiro (BgMax TK20's sender) or account (camt
    /// `DbtrAcct`).
    pub account: Option<Account>,
}

/// The bank's own identification of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BankIds {
    /// BgMax: Bankgirot's serial number of the payment (BGC-löpnummer,
    /// 12 digits). camt: the account servicer's reference (`AcctSvcrRef`).
    pub serial: Option<String>,
    /// camt: the payer's end-to-end id (`EndToEndId`), unless `NOTPROVIDED`.
    pub end_to_end_id: Option<String>,
    /// camt: the transaction id (`TxId`).
    pub transaction_id: Option<String>,
}

/// BgMax's codes for a payment, as the file gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BgMaxCodes {
    /// Referenskod, as the file gives it: 0 and 1 no reference, 2 a correct
    /// OCR reference, 5 an incorrect one; 3 and 4 are read differently by
    /// different readers (`docs/payment-formats.md`), 3 being used for a
    /// payment whose references follow as extra references.
    pub reference_code: u8,
    /// Betalningskanalkod: 1 electronic from a bank, 2 electronic from
    /// Leverantörsbetalningar, 3 a paper form, 4 electronic from Autogiro.
    pub channel: u8,
    /// Avbildningsmarkering: 1 when Bankgirot holds an image of the form.
    pub image: u8,
    /// Avdragskod of a deduction (TK21).
    pub deduction_code: Option<u8>,
}

/// One payment (or deduction) into the recipient's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub kind: PaymentKind,
    /// The day the money was booked to the account (BgMax TK15's payment
    /// date, camt `BookgDt`, the CSV date).
    pub date: Date,
    /// The value date, where the file gives one (camt `ValDt`).
    pub value_date: Option<Date>,
    /// Kronor, öre-exact; negative for a deduction.
    pub amount: Decimal,
    /// The reference the payer gave (possibly empty).
    pub reference: Reference,
    pub extra_references: Vec<ExtraReference>,
    /// Free text lines (BgMax TK25, camt `Ustrd` besides the reference and
    /// `AddtlRmtInf`), in the file's order.
    pub information: Vec<String>,
    pub payer: Payer,
    pub bank_ids: BankIds,
    /// BgMax's codes (BgMax files only).
    pub bgmax: Option<BgMaxCodes>,
    pub place: Place,
}

/// Payments booked together: a BgMax deposit (TK05 to TK15), a camt credit
/// entry (`Ntry`) with its transactions, or a whole CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    /// The recipient's account (BgMax TK05's bankgiro, camt `Acct`); none
    /// for a CSV file.
    pub account: Option<Account>,
    /// The bank account the money went to, where the file says (BgMax TK15).
    pub bank_account: Option<Account>,
    /// The booking date (BgMax TK15, camt `BookgDt`), if the file has one
    /// for the deposit as a whole.
    pub date: Option<Date>,
    /// The deposit's serial number (BgMax TK15 löpnummer) or the entry's
    /// reference (camt `AcctSvcrRef`, else `NtryRef`).
    pub serial: Option<String>,
    /// The total the file states, which the reader has checked is the sum
    /// of the payments' amounts.
    pub total: Decimal,
    pub payments: Vec<Payment>,
    pub place: Place,
}

/// What a reader left out, for the caller to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Skipped {
    /// Debit entries (camt `CdtDbtInd` `DBIT`) and negative CSV amounts:
    /// money out of the account, not payments to book.
    pub debits: usize,
    /// camt entries whose status is not booked (`PDNG`, `INFO`).
    pub not_booked: usize,
}

/// A payment file as read, every check passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFile {
    pub format: PaymentFormat,
    pub identity: FileIdentity,
    /// The recipient accounts the file names, sorted, each once: compare
    /// them with the issuer's bankgiro before booking.
    pub accounts: Vec<Account>,
    /// The currency of every amount: always `SEK` (the readers refuse any
    /// other).
    pub currency: String,
    /// When the file was made, as it says: BgMax TK01's timestamp
    /// (`2024-01-31T17:30:35.010331`), camt `GrpHdr/CreDtTm`.
    pub created: Option<String>,
    /// BgMax: a test file (`T` in TK01) rather than production (`P`).
    pub test: bool,
    pub deposits: Vec<Deposit>,
    pub skipped: Skipped,
}

impl PaymentFile {
    /// Every payment of every deposit, in the file's order.
    pub fn payments(&self) -> impl Iterator<Item = &Payment> {
        self.deposits.iter().flat_map(|d| d.payments.iter())
    }

    /// The sum of every deposit's total.
    pub fn total(&self) -> Decimal {
        self.deposits.iter().map(|d| d.total).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_checks() {
        // 202300083: year 2023, number 8, Luhn.
        assert_eq!(
            OcrCheck::of("202300083"),
            OcrCheck {
                check_digit: true,
                length_digit: false
            }
        );
        // 1234574: five digits, length digit 7, Luhn.
        assert_eq!(
            OcrCheck::of("1234574"),
            OcrCheck {
                check_digit: true,
                length_digit: true
            }
        );
        assert_eq!(OcrCheck::of("1234575"), OcrCheck::default());
        assert_eq!(OcrCheck::of(""), OcrCheck::default());
        assert_eq!(OcrCheck::of("12 345 74"), OcrCheck::default());
        let r = Reference::new("1234574", true);
        assert!(r.valid_for(OcrMethod::LuhnLength) && r.valid_for(OcrMethod::Luhn));
        assert!(!Reference::new("1234564", true).valid_for(OcrMethod::LuhnLength));
    }

    #[test]
    fn format_labels() {
        assert_eq!(PaymentFormat::BgMax { version: "01".into() }.label(), "BgMax");
        assert_eq!(
            PaymentFormat::Camt054 { version: "08".into() }.label(),
            "camt.054.001.08"
        );
        assert_eq!(PaymentFormat::Csv.label(), "CSV");
    }
}
