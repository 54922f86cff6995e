//! A small SIE reader: enough of SIE 4 to read back vouchers (`#VER` with
//! `#TRANS`), accounts and header records, to check what avgift writes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::cp437;
use crate::msg;
use crate::msg::Message;

/// A SIE file read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sie {
    /// Header records by label (`#FORMAT` → `["PC8"]`).
    pub records: BTreeMap<String, Vec<String>>,
    pub accounts: BTreeMap<String, String>,
    pub vouchers: Vec<SieVoucher>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SieVoucher {
    pub date: String,
    pub text: String,
    pub transactions: Vec<(String, Decimal)>,
}

/// Splits a SIE line into fields: quoted strings, `{…}` groups and words.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        } else if c == '{' {
            let mut s = String::new();
            for c in chars.by_ref() {
                s.push(c);
                if c == '}' {
                    break;
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

/// What is wrong with a line of a SIE file.
#[derive(Debug, Clone, Copy)]
enum Bad {
    CloseWithoutVer,
    ShortVer,
    TransOutside,
    ShortTrans,
    Amount,
    ShortKonto,
    NotRecord,
}

impl Bad {
    /// The problem on line `n` (1-based), which reads `line`.
    fn at(self, n: usize, line: &str) -> Message {
        let (n, text) = (n, msg::quoted(line));
        match self {
            Bad::CloseWithoutVer => msg!("sie-close-without-ver", line = n, text = text),
            Bad::ShortVer => msg!("sie-short-ver", line = n, text = text),
            Bad::TransOutside => msg!("sie-trans-outside", line = n, text = text),
            Bad::ShortTrans => msg!("sie-short-trans", line = n, text = text),
            Bad::Amount => msg!("sie-bad-amount", line = n, text = text),
            Bad::ShortKonto => msg!("sie-short-konto", line = n, text = text),
            Bad::NotRecord => msg!("sie-not-a-record", line = n, text = text),
        }
    }
}

/// Reads a SIE file from its CP437 bytes.
pub fn parse(bytes: &[u8]) -> Result<Sie, Message> {
    let text = cp437::decode(bytes);
    let mut sie = Sie::default();
    let mut current: Option<SieVoucher> = None;
    for (n, line) in text.lines().enumerate() {
        let f = fields(line);
        let Some(label) = f.first() else { continue };
        let bad = |what: Bad| what.at(n + 1, line);
        match label.as_str() {
            "{" => {}
            "}" => {
                let v = current.take().ok_or_else(|| bad(Bad::CloseWithoutVer))?;
                sie.vouchers.push(v);
            }
            "#VER" => {
                let (Some(date), Some(text)) = (f.get(3), f.get(4)) else {
                    return Err(bad(Bad::ShortVer));
                };
                current = Some(SieVoucher {
                    date: date.clone(),
                    text: text.clone(),
                    transactions: Vec::new(),
                });
            }
            "#TRANS" => {
                let v = current.as_mut().ok_or_else(|| bad(Bad::TransOutside))?;
                let (Some(account), Some(amount)) = (f.get(1), f.get(3)) else {
                    return Err(bad(Bad::ShortTrans));
                };
                let amount: Decimal = amount.parse().map_err(|_| bad(Bad::Amount))?;
                v.transactions.push((account.clone(), amount));
            }
            "#KONTO" => {
                let (Some(account), Some(name)) = (f.get(1), f.get(2)) else {
                    return Err(bad(Bad::ShortKonto));
                };
                sie.accounts.insert(account.clone(), name.clone());
            }
            l if l.starts_with('#') => {
                sie.records.insert(l.to_string(), f[1..].to_vec());
            }
            _ => return Err(bad(Bad::NotRecord)),
        }
    }
    if current.is_some() {
        return Err(msg!("sie-voucher-not-closed"));
    }
    Ok(sie)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::date::Date;
    use crate::write::sie::{write, Header, Voucher};

    #[test]
    fn reads_back_what_is_written() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let accounts: BTreeMap<String, String> = [
            ("1510".to_string(), "Kundfordringar".to_string()),
            ("3010".to_string(), "Förbundsbidrag \"kansli\"".to_string()),
        ]
        .into_iter()
        .collect();
        let date: Date = "2024-01-15".parse().unwrap();
        let vouchers = vec![Voucher {
            date,
            text: "Faktura 1001 Vårgårda".into(),
            transactions: vec![("1510".into(), d("1000")), ("3010".into(), d("-1000"))],
        }];
        let header = Header {
            program: "avgift",
            version: "0.1.0",
            generated: date,
            company: "Förbundet",
            org_nr: "",
            accounts: &accounts,
            note: "avgift 0.1.0, underlag SHA-256 abc",
        };
        let bytes = write(&header, &vouchers);
        assert!(bytes.windows(2).any(|w| w == b"\r\n"));
        assert!(bytes.contains(&0x86), "å in CP437");
        let sie = parse(&bytes).unwrap();
        assert_eq!(sie.records["#FORMAT"], ["PC8"]);
        assert_eq!(sie.records["#SIETYP"], ["4"]);
        assert_eq!(sie.records["#PROSA"], ["avgift 0.1.0, underlag SHA-256 abc"]);
        assert_eq!(sie.accounts["3010"], "Förbundsbidrag \"kansli\"");
        assert_eq!(sie.vouchers[0].text, "Faktura 1001 Vårgårda");
        assert_eq!(sie.vouchers[0].date, "20240115");
        assert_eq!(sie.vouchers[0].transactions, vouchers[0].transactions);
    }

    /// Names that try to end a field or a record, or add one, come back as
    /// the same one field; control characters (which the readers refuse
    /// anyway) come back as spaces, characters outside CP437 as their
    /// stand-in or `?`.
    #[test]
    fn hostile_names_round_trip() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let date: Date = "2024-01-15".parse().unwrap();
        let cases: [(&str, &str); 10] = [
            ("HSNK\" \"x", "HSNK\" \"x"),
            ("back\\slash\\", "back\\slash\\"),
            ("\\\"", "\\\""),
            ("{} #TRANS 1510 {} 999", "{} #TRANS 1510 {} 999"),
            ("}", "}"),
            ("HSNK\r\n#TRANS 1510 {} 999", "HSNK  #TRANS 1510 {} 999"),
            ("nul\0byte\u{7f}", "nul byte "),
            ("Åre – Östersund × 2", "Åre - Östersund x 2"),
            ("€ 日本", "? ??"),
            ("", ""),
        ];
        for (name, read) in cases {
            let accounts: BTreeMap<String, String> = [
                ("1510".to_string(), name.to_string()),
                ("3010".to_string(), "Intäkter".to_string()),
            ]
            .into_iter()
            .collect();
            let vouchers = vec![Voucher {
                date,
                text: format!("Faktura 1 {name}"),
                transactions: vec![("1510".into(), d("1000")), ("3010".into(), d("-1000"))],
            }];
            let header = Header {
                program: "avgift",
                version: "0.1.0",
                generated: date,
                company: name,
                org_nr: name,
                accounts: &accounts,
                note: name,
            };
            let bytes = write(&header, &vouchers);
            // Records only where the writer puts them: one per line.
            let text = cp437::decode(&bytes);
            assert_eq!(
                text.lines()
                    .filter(|l| l.trim_start().starts_with("#TRANS"))
                    .count(),
                2,
                "{name:?}"
            );
            assert!(!bytes
                .iter()
                .any(|b| *b < 0x20 && *b != b'\r' && *b != b'\n' || *b == 0x7f));
            let sie = parse(&bytes).unwrap_or_else(|e| panic!("{name:?}: {e}"));
            assert_eq!(sie.accounts["1510"], read, "{name:?}");
            assert_eq!(sie.records["#FNAMN"], [read], "{name:?}");
            if !name.is_empty() {
                assert_eq!(sie.records["#PROSA"], [read], "{name:?}");
                assert_eq!(sie.records["#ORGNR"], [read], "{name:?}");
            }
            assert_eq!(sie.vouchers.len(), 1, "{name:?}");
            assert_eq!(sie.vouchers[0].text, format!("Faktura 1 {read}"), "{name:?}");
            assert_eq!(sie.vouchers[0].transactions, vouchers[0].transactions, "{name:?}");
        }
    }
}
