//! A numbered document as the register holds it: the register entry
//! (number, kind, recipient, dates, amount, lines), the payment reference,
//! and what its files show beyond the entry (the parties, each line's label
//! and revenue account), so that every file can be made again from the
//! register alone. Its SHA-256, chained with the previous document's, is
//! what makes an edit of the register evident.

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::einvoice::Prepared;
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::write::pdf::Party;
use crate::write::ubl;

/// One document of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub entry: RegisterEntry,
    /// The payment reference (OCR) a payer quotes; empty when none is given.
    pub ocr: String,
    pub view: View,
    /// Its chained SHA-256 as the register holds it; empty before it is
    /// committed.
    pub sha256: String,
}

/// What the document's files show that the entry does not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub issuer: Party,
    pub recipient: Party,
    /// The VAT statement printed on the invoice.
    pub vat: String,
    /// `Med ändringar: …` when the document was made from a what-if
    /// (`--set`); empty otherwise.
    pub whatif: String,
    /// The payment reference's label on the PDF (`OCR-nummer`, `Referens`);
    /// empty for documents made before references were given.
    pub ocr_label: String,
    /// With e-invoices on: what the document's UBL file holds beyond the
    /// entry.
    pub einvoice: Option<Prepared>,
    /// The program that made the document (`avgift 0.1.0`).
    pub tool: String,
    /// The receivables account debited (SIE).
    pub receivables: String,
    /// Per line, in the entry's order: the text shown for it and its
    /// revenue account.
    pub lines: Vec<LineView>,
    /// What the document corrects, if anything (`--correct`).
    pub correction: Option<Correction>,
    /// How its files are laid out: 0 for the documents made before
    /// layouts were numbered (whose files stay as they were made), else
    /// [`LAYOUT`]. It is part of the view, so its digest covers it.
    pub layout: u32,
}

/// The layout of the documents made now: a credit note reads as one
/// ("Kreditering av faktura nr N", "Att återfå" or "Avräknas", no due
/// date), a replacement or difference invoice names the invoice it
/// corrects, and the year's files name the register's head.
pub const LAYOUT: u32 = 1;

/// How a document takes part in the correction of an invoice
/// (`--final --correct N`); the number is always the corrected invoice's,
/// so that every document of a correction refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    /// A credit note of invoice N that is offset against its replacement
    /// (`Avräknas`).
    Offset(u64),
    /// An invoice that replaces invoice N, which a credit note cancelled.
    Replaces(u64),
    /// The difference between invoice N as issued and as the tariff now
    /// gives it, positive or negative; N stands.
    Difference(u64),
}

impl Correction {
    /// The corrected invoice's number.
    pub fn number(self) -> u64 {
        match self {
            Correction::Offset(n) | Correction::Replaces(n) | Correction::Difference(n) => n,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Correction::Offset(_) => "offset",
            Correction::Replaces(_) => "replaces",
            Correction::Difference(_) => "difference",
        }
    }
}

/// How one line is shown and booked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineView {
    pub label: String,
    pub account: String,
}

/// The digest before the first document of a series.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a document's digest is computed over: fields fed to SHA-256 as
/// they come, each length-prefixed so that no two documents encode alike.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

/// A number in decimal, without allocating.
fn decimal(out: &mut impl Sink, n: i128) {
    if n < 0 {
        out.put(b"-");
    }
    out.put(crate::number::digits(n.unsigned_abs(), &mut [0u8; 40]).as_bytes());
}

/// A text field: its length, `:`, its bytes, a newline.
fn field(out: &mut impl Sink, s: &str) {
    field_bytes(out, s.as_bytes());
}

fn field_bytes(out: &mut impl Sink, s: &[u8]) {
    decimal(out, s.len() as i128);
    out.put(b":");
    out.put(s);
    out.put(b"\n");
}

/// A number field, encoded as its decimal text would be by [`field`].
fn number(out: &mut impl Sink, n: i128) {
    let mut digits = [0u8; 48];
    struct Into<'a>(&'a mut [u8; 48], usize);
    impl Sink for Into<'_> {
        fn put(&mut self, bytes: &[u8]) {
            self.0[self.1..self.1 + bytes.len()].copy_from_slice(bytes);
            self.1 += bytes.len();
        }
    }
    let mut text = Into(&mut digits, 0);
    decimal(&mut text, n);
    let len = text.1;
    decimal(out, len as i128);
    out.put(b":");
    out.put(&digits[..len]);
    out.put(b"\n");
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
    let mut out = Sha256::new();
    for l in lines {
        field(&mut out, l.activity);
        field(&mut out, l.charge);
        field(&mut out, l.basis);
        field(&mut out, l.label);
        field(&mut out, l.account);
        number(&mut out, i128::from(l.amount_ore));
    }
    hex(&out.finalize())
}

/// The fields of a document row that its SHA-256 covers (the lines through
/// their digest), as the register stores them: text as its bytes.
pub struct DocumentRow<'a> {
    pub issuer: &'a [u8],
    pub number: u64,
    pub kind: &'a [u8],
    pub recipient_code: &'a [u8],
    pub recipient: &'a [u8],
    pub year: i64,
    pub installment: i64,
    pub installments: i64,
    pub invoice_date: &'a [u8],
    pub due_date: &'a [u8],
    pub amount_ore: i64,
    pub credits: Option<u64>,
    pub inputs_sha256: &'a [u8],
    pub ocr: &'a [u8],
    pub view: &'a [u8],
    pub lines_sha256: &'a [u8],
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// The document's SHA-256, chained to the previous document's.
pub fn chained_sha256(prev: &[u8], r: &DocumentRow) -> String {
    hex(&chained_digest(&mut Vec::new(), prev, r))
}

/// [`chained_sha256`] as bytes, the row encoded into `buf` (emptied first)
/// and hashed at once: a register's check hashes every row with one buffer.
pub fn chained_digest(buf: &mut Vec<u8>, prev: &[u8], r: &DocumentRow) -> [u8; 32] {
    buf.clear();
    let out = buf;
    out.put(b"avgift register 1\n");
    field_bytes(out, prev);
    field_bytes(out, r.issuer);
    number(out, i128::from(r.number));
    field_bytes(out, r.kind);
    field_bytes(out, r.recipient_code);
    field_bytes(out, r.recipient);
    number(out, i128::from(r.year));
    number(out, i128::from(r.installment));
    number(out, i128::from(r.installments));
    field_bytes(out, r.invoice_date);
    field_bytes(out, r.due_date);
    number(out, i128::from(r.amount_ore));
    match r.credits {
        Some(c) => number(out, i128::from(c)),
        None => field_bytes(out, b""),
    }
    field_bytes(out, r.inputs_sha256);
    field_bytes(out, r.ocr);
    field_bytes(out, r.view);
    field_bytes(out, r.lines_sha256);
    Sha256::digest(&out[..]).into()
}

/// Whether `digest` is the lowercase hex text `recorded`.
pub fn is_hex_of(digest: &[u8; 32], recorded: &[u8]) -> bool {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    recorded.len() == 64
        && digest
            .iter()
            .zip(recorded.chunks(2))
            .all(|(b, h)| h[0] == DIGITS[usize::from(b >> 4)] && h[1] == DIGITS[usize::from(b & 15)])
}

pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
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
        let mut v = serde_json::json!({
            "issuer": p(&self.issuer),
            "recipient": p(&self.recipient),
            "vat": self.vat,
            "tool": self.tool,
            "receivables": self.receivables,
        });
        // Only a what-if has the key, so that other views encode as before.
        if !self.whatif.is_empty() {
            v["whatif"] = serde_json::Value::from(self.whatif.clone());
        }
        if !self.ocr_label.is_empty() {
            v["ocr_label"] = serde_json::Value::from(self.ocr_label.clone());
        }
        if self.layout > 0 {
            v["layout"] = serde_json::Value::from(self.layout);
        }
        // Only a correction has the key, as above.
        if let Some(c) = self.correction {
            v["correction"] = serde_json::json!({ "how": c.key(), "number": c.number() });
        }
        if let Some(e) = &self.einvoice {
            let party = |p: &ubl::Party| {
                serde_json::json!({
                    "name": p.name, "org_nr": p.org_nr, "scheme": p.endpoint.0,
                    "endpoint": p.endpoint.1, "address": p.address, "vat_id": p.vat_id,
                })
            };
            v["einvoice"] = serde_json::json!({
                "seller": party(&e.seller),
                "buyer": party(&e.buyer),
                "buyer_reference": e.buyer_reference,
                "order_reference": e.order_reference,
                "line_names": e.line_names,
                "vat": match e.vat { ubl::VatCategory::O => "O", ubl::VatCategory::E => "E" },
                "vat_reason": e.vat_reason,
                "bankgiro": e.bankgiro,
                "ocr_label": e.ocr_label,
                "embed_pdf": e.embed_pdf,
                "credited_date": e.credited_date,
            });
        }
        v.to_string()
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
            whatif: v
                .get("whatif")
                .and_then(|w| w.as_str())
                .unwrap_or_default()
                .to_string(),
            ocr_label: v
                .get("ocr_label")
                .and_then(|w| w.as_str())
                .unwrap_or_default()
                .to_string(),
            einvoice: match v.get("einvoice") {
                None => None,
                Some(e) => {
                    let party = |p: &serde_json::Value| -> Option<ubl::Party> {
                        Some(ubl::Party {
                            name: s(&p["name"])?,
                            org_nr: s(&p["org_nr"])?,
                            endpoint: (s(&p["scheme"])?, s(&p["endpoint"])?),
                            address: list(&p["address"])?,
                            vat_id: s(&p["vat_id"])?,
                        })
                    };
                    Some(Prepared {
                        seller: party(&e["seller"])?,
                        buyer: party(&e["buyer"])?,
                        buyer_reference: s(&e["buyer_reference"])?,
                        order_reference: s(&e["order_reference"])?,
                        line_names: list(&e["line_names"])?,
                        vat: match e["vat"].as_str()? {
                            "O" => ubl::VatCategory::O,
                            "E" => ubl::VatCategory::E,
                            _ => return None,
                        },
                        vat_reason: s(&e["vat_reason"])?,
                        bankgiro: s(&e["bankgiro"])?,
                        ocr_label: s(&e["ocr_label"])?,
                        embed_pdf: e["embed_pdf"].as_bool()?,
                        credited_date: match &e["credited_date"] {
                            serde_json::Value::Null => None,
                            d => Some(s(d)?),
                        },
                    })
                }
            },
            tool: s(&v["tool"])?,
            receivables: s(&v["receivables"])?,
            lines,
            layout: match v.get("layout") {
                None => 0,
                Some(l) => u32::try_from(l.as_u64()?).ok()?,
            },
            correction: match v.get("correction") {
                None => None,
                Some(c) => {
                    let n = c["number"].as_u64()?;
                    Some(match c["how"].as_str()? {
                        "offset" => Correction::Offset(n),
                        "replaces" => Correction::Replaces(n),
                        "difference" => Correction::Difference(n),
                        _ => return None,
                    })
                }
            },
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
    fn numbers_encode_as_their_text() {
        for n in [
            0i128,
            7,
            -150,
            999_999_999_999,
            i128::from(i64::MIN),
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            i128::MIN + 1,
        ] {
            let (mut a, mut b) = (Vec::<u8>::new(), Vec::<u8>::new());
            number(&mut a, n);
            field(&mut b, &n.to_string());
            assert_eq!(a, b, "{n}");
        }
        assert_eq!(hex(&[0x0f, 0xa0]), "0fa0");
        let digest = [0xabu8; 32];
        assert!(is_hex_of(&digest, hex(&digest).as_bytes()));
        assert!(!is_hex_of(&digest, hex(&digest).to_uppercase().as_bytes()));
        assert!(!is_hex_of(&digest, &hex(&digest).as_bytes()[..63]));
    }

    #[test]
    fn ore_is_exact() {
        assert_eq!(ore("880014".parse().unwrap()), Some(88_001_400));
        assert_eq!(ore("-1.5".parse().unwrap()), Some(-150));
        assert_eq!(ore("0.001".parse().unwrap()), None);
        assert_eq!(kronor(-150), "-1.50".parse::<Decimal>().unwrap());
    }
}
