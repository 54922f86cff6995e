//! SIE 4I: vouchers for an accounting system to import. A type 4 file with
//! vouchers only (`#SIETYP 4`, no balances), in CP437 (`#FORMAT PC8`) with
//! CRLF line ends. Each invoice is one voucher: the receivables account
//! debited with the total, one revenue account per activity credited. The
//! voucher number is left empty for the accounting system to assign.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::cp437;
use crate::engine::date::Date;
use crate::money;

/// One voucher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voucher {
    pub date: Date,
    /// `Faktura 1001 Borås`.
    pub text: String,
    /// (account, amount): debits positive, credits negative; they sum to 0.
    pub transactions: Vec<(String, Decimal)>,
}

/// What the file says about itself.
pub struct Header<'a> {
    pub program: &'a str,
    pub version: &'a str,
    /// The date the file was generated (the invoice date: no clock).
    pub generated: Date,
    pub company: &'a str,
    pub org_nr: &'a str,
    /// Accounts and their names.
    pub accounts: &'a BTreeMap<String, String>,
    /// Free text about the file (`#PROSA`): what made it.
    pub note: &'a str,
}

/// Quotes a SIE field as SIE 4 asks (section 5.7 of the SIE 4B
/// specification): inside double quotes, a `\` or `"` is preceded by a `\`;
/// control characters (ASCII 0–31 and 127, line breaks included), which a
/// SIE file may not contain, become spaces, so that no text can end a
/// record or start another. Characters outside CP437 are left to
/// [`cp437::encode`] (a stand-in or `?`).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn write(h: &Header, vouchers: &[Voucher]) -> Vec<u8> {
    let mut out = header(h);
    out.extend(voucher_records(vouchers));
    out
}

/// The records before the vouchers (`#FLAGGA` to the last `#KONTO`), each
/// ended by CRLF. A file is its header followed by its vouchers' records,
/// so vouchers can be added to a file by writing its header anew.
pub fn header(h: &Header) -> Vec<u8> {
    let mut lines = vec![
        "#FLAGGA 0".to_string(),
        "#FORMAT PC8".to_string(),
        "#SIETYP 4".to_string(),
        format!("#PROGRAM {} {}", quote(h.program), quote(h.version)),
        format!("#GEN {}", h.generated.compact()),
        format!("#FNAMN {}", quote(h.company)),
    ];
    if !h.note.is_empty() {
        lines.push(format!("#PROSA {}", quote(h.note)));
    }
    if !h.org_nr.is_empty() {
        lines.push(format!("#ORGNR {}", quote(h.org_nr)));
    }
    for (account, name) in h.accounts {
        lines.push(format!("#KONTO {account} {}", quote(name)));
    }
    records(&lines)
}

/// The vouchers' records (`#VER`, `{`, `#TRANS`…, `}`), each ended by CRLF.
pub fn voucher_records(vouchers: &[Voucher]) -> Vec<u8> {
    let mut lines = Vec::new();
    for v in vouchers {
        lines.push(format!("#VER \"\" \"\" {} {}", v.date.compact(), quote(&v.text)));
        lines.push("{".to_string());
        for (account, amount) in &v.transactions {
            lines.push(format!("   #TRANS {account} {{}} {}", money::plain2(*amount)));
        }
        lines.push("}".to_string());
    }
    records(&lines)
}

/// Records in CP437, each ended by CRLF.
fn records(lines: &[String]) -> Vec<u8> {
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
    for l in lines {
        text.push_str(l);
        text.push_str("\r\n");
    }
    cp437::encode(&text)
}
