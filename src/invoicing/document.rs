//! A numbered document as the register holds it: the register entry
//! (number, kind, recipient, dates, amount, lines), the payment reference,
//! and what its files show beyond the entry (the parties, each line's label
//! and revenue account), so that every file can be made again from the
//! register alone. Its SHA-256, chained with the previous document's, is
//! what makes an edit of the register evident.

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::read::register::{Entry, EntryKind};
use crate::write::pdf::Party;

/// One document of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub entry: Entry,
    /// The payment reference (OCR) a payer quotes; empty when none is given.
    pub ocr: String,
    pub view: View,
}

/// What the document's files show that the entry does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub issuer: Party,
    pub recipient: Party,
    /// The VAT statement printed on the invoice.
    pub vat: String,
    /// The program that made the document (`avgift 0.1.0`).
    pub tool: String,
    /// The receivables account debited (SIE).
    pub receivables: String,
    /// Per line, in the entry's order: the text shown for it and its
    /// revenue account.
    pub lines: Vec<LineView>,
}

/// How one line is shown and booked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineView {
    pub label: String,
    pub account: String,
}

/// The digest before the first document of a series.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A text field, length-prefixed so that no two documents encode alike.
fn field(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(s.as_bytes());
    out.push(b'\n');
}

/// Öre as the register stores money: whole, exact.
pub fn ore(amount: Decimal) -> Option<i64> {
    let scaled = amount.checked_mul(Decimal::ONE_HUNDRED)?;
    if !scaled.fract().is_zero() {
        return None;
    }
    i64::try_from(scaled.trunc()).ok()
}

/// Kronor from öre.
pub fn kronor(ore: i64) -> Decimal {
    Decimal::new(ore, 2)
}

/// A line's fields as the register stores them.
pub struct LineRow<'a> {
    pub activity: &'a str,
    pub charge: &'a str,
    pub basis: &'a str,
    pub label: &'a str,
    pub account: &'a str,
    pub amount_ore: i64,
}

/// The SHA-256 of a document's lines, in order.
pub fn lines_sha256<'a>(lines: impl Iterator<Item = LineRow<'a>>) -> String {
    let mut out = Vec::new();
    for l in lines {
        field(&mut out, l.activity);
        field(&mut out, l.charge);
        field(&mut out, l.basis);
        field(&mut out, l.label);
        field(&mut out, l.account);
        field(&mut out, &l.amount_ore.to_string());
    }
    hex(&Sha256::digest(&out))
}

/// The fields of a document row that its SHA-256 covers (the lines through
/// their digest), as the register stores them.
pub struct Row<'a> {
    pub issuer: &'a str,
    pub number: u64,
    pub kind: &'a str,
    pub recipient_code: &'a str,
    pub recipient: &'a str,
    pub year: i64,
    pub installment: i64,
    pub installments: i64,
    pub invoice_date: &'a str,
    pub due_date: &'a str,
    pub amount_ore: i64,
    pub credits: Option<u64>,
    pub inputs_sha256: &'a str,
    pub ocr: &'a str,
    pub view: &'a str,
    pub lines_sha256: &'a str,
}

/// The document's SHA-256, chained to the previous document's.
pub fn chained_sha256(prev: &str, r: &Row) -> String {
    let mut out = b"avgift register 1\n".to_vec();
    field(&mut out, prev);
    field(&mut out, r.issuer);
    field(&mut out, &r.number.to_string());
    field(&mut out, r.kind);
    field(&mut out, r.recipient_code);
    field(&mut out, r.recipient);
    field(&mut out, &r.year.to_string());
    field(&mut out, &r.installment.to_string());
    field(&mut out, &r.installments.to_string());
    field(&mut out, r.invoice_date);
    field(&mut out, r.due_date);
    field(&mut out, &r.amount_ore.to_string());
    field(&mut out, &r.credits.map(|c| c.to_string()).unwrap_or_default());
    field(&mut out, r.inputs_sha256);
    field(&mut out, r.ocr);
    field(&mut out, r.view);
    field(&mut out, r.lines_sha256);
    hex(&Sha256::digest(&out))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

impl View {
    /// The view as the register stores it: canonical JSON of the parties,
    /// the VAT statement, the tool and the receivables account (the lines'
    /// labels and accounts are columns of the lines).
    pub fn to_json(&self) -> String {
        let p = |p: &Party| {
            serde_json::json!({
                "name": p.name, "org_nr": p.org_nr, "address": p.address,
                "bankgiro": p.bankgiro, "contact": p.contact,
            })
        };
        serde_json::json!({
            "issuer": p(&self.issuer),
            "recipient": p(&self.recipient),
            "vat": self.vat,
            "tool": self.tool,
            "receivables": self.receivables,
        })
        .to_string()
    }

    /// The view from its JSON and the lines' labels and accounts.
    pub fn from_json(text: &str, lines: Vec<LineView>) -> Option<View> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        let s = |v: &serde_json::Value| v.as_str().map(String::from);
        let list = |v: &serde_json::Value| -> Option<Vec<String>> { v.as_array()?.iter().map(s).collect() };
        let p = |v: &serde_json::Value| -> Option<Party> {
            Some(Party {
                name: s(&v["name"])?,
                org_nr: s(&v["org_nr"])?,
                address: list(&v["address"])?,
                bankgiro: s(&v["bankgiro"])?,
                contact: list(&v["contact"])?,
            })
        };
        Some(View {
            issuer: p(&v["issuer"])?,
            recipient: p(&v["recipient"])?,
            vat: s(&v["vat"])?,
            tool: s(&v["tool"])?,
            receivables: s(&v["receivables"])?,
            lines,
        })
    }
}

/// The file-name stem of a numbered document: `faktura-2023-0008-1490`,
/// `kreditfaktura-2023-0012-1490`. The number makes it unique: a sent
/// document's file is never written over by another document's.
pub fn stem(kind: EntryKind, year: i32, number: u64, recipient_code: &str) -> String {
    let prefix = match kind {
        EntryKind::Invoice => "faktura",
        EntryKind::Credit => "kreditfaktura",
    };
    format!("{prefix}-{year}-{number:04}-{recipient_code}")
}

/// The number in a numbered document's file name, if it is one.
pub fn number_in_name(name: &str) -> Option<u64> {
    let rest = name
        .strip_prefix("kreditfaktura-")
        .or_else(|| name.strip_prefix("faktura-"))?;
    let mut parts = rest.splitn(3, '-');
    let year = parts.next()?;
    let number = parts.next()?;
    let recipient = parts.next()?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // A payer id begins with a letter, a municipality code is four digits;
    // a draft's installment (`faktura-2023-1490-2.pdf`) is neither.
    let r = recipient.as_bytes();
    let code = r.len() > 4 && r[..4].iter().all(u8::is_ascii_digit) && r[4] == b'.';
    let payer = recipient.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
    (year.len() == 4 && digits(year) && number.len() >= 4 && digits(number) && (code || payer))
        .then(|| number.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_carry_the_number() {
        assert_eq!(
            stem(EntryKind::Invoice, 2023, 8, "1490"),
            "faktura-2023-0008-1490"
        );
        assert_eq!(number_in_name("faktura-2023-0008-1490.pdf"), Some(8));
        assert_eq!(number_in_name("kreditfaktura-2023-10012-hsnk.pdf"), Some(10012));
        // Drafts and the old names carry none.
        assert_eq!(number_in_name("faktura-2023-1490.pdf"), None);
        assert_eq!(number_in_name("faktura-2023-1490-2.pdf"), None);
        assert_eq!(number_in_name("fakturor-2023.csv"), None);
    }

    #[test]
    fn ore_is_exact() {
        assert_eq!(ore("880014".parse().unwrap()), Some(88_001_400));
        assert_eq!(ore("-1.5".parse().unwrap()), Some(-150));
        assert_eq!(ore("0.001".parse().unwrap()), None);
        assert_eq!(kronor(-150), "-1.50".parse::<Decimal>().unwrap());
    }
}
