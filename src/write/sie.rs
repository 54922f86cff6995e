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

/// Quotes a SIE field.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn write(h: &Header, vouchers: &[Voucher]) -> Vec<u8> {
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
        lines.push(format!("#ORGNR {}", h.org_nr));
    }
    for (account, name) in h.accounts {
        lines.push(format!("#KONTO {account} {}", quote(name)));
    }
    for v in vouchers {
        lines.push(format!("#VER \"\" \"\" {} {}", v.date.compact(), quote(&v.text)));
        lines.push("{".to_string());
        for (account, amount) in &v.transactions {
            lines.push(format!("   #TRANS {account} {{}} {}", money::plain2(*amount)));
        }
        lines.push("}".to_string());
    }
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    cp437::encode(&text)
}
