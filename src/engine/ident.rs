//! Identifiers on an invoice: Swedish organisation numbers, bankgiro
//! numbers, Peppol participant ids and Bankgirot OCR references. Pure
//! parsing and check digits; each parser returns the canonical form or says
//! what is wrong with the text.

use std::fmt;

use crate::msg;
use crate::msg::Message;

/// The Luhn (mod 10) check digit of a string of ASCII digits: the digits are
/// weighted 2, 1, 2, 1, … from the right, two-digit products have their
/// digits added, and the check digit brings the sum to a multiple of ten.
pub fn luhn_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let p = d * 2;
                p / 10 + p % 10
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Whether a string of digits ends with its Luhn check digit.
pub fn luhn_valid(digits: &str) -> bool {
    digits.len() >= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && luhn_digit(&digits[..digits.len() - 1]) == digits.as_bytes()[digits.len() - 1] - b'0'
}

/// The digits of `text` with at most one `-` (or a space) between groups
/// removed; `None` when anything else is there.
fn digits_with_separator(text: &str) -> Option<String> {
    let seps = text.bytes().filter(|b| *b == b'-' || *b == b' ').count();
    if seps > 1 || text.starts_with(['-', ' ']) || text.ends_with(['-', ' ']) {
        return None;
    }
    let digits: String = text.chars().filter(|c| *c != '-' && *c != ' ').collect();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A Swedish organisation number: ten digits, the last a Luhn check digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OrgNr(String);

impl OrgNr {
    /// `2120001561` or `212000-1561`.
    pub fn parse(text: &str) -> Result<OrgNr, Message> {
        let t = text.trim();
        let expected = || msg!("ident-orgnr-expected", found = msg::quoted(text));
        let Some(d) = digits_with_separator(t) else {
            return Err(expected());
        };
        if d.len() != 10 || t.find(['-', ' ']).is_some_and(|at| at != 6) {
            return Err(expected());
        }
        if !luhn_valid(&d) {
            return Err(msg!(
                "ident-orgnr-check-digit",
                text = msg::quoted(text),
                digit = luhn_digit(&d[..9])
            ));
        }
        Ok(OrgNr(d))
    }

    /// The ten digits, as Peppol and the UBL file want them.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `212000-1561`, as printed.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..6], &self.0[6..])
    }
}

/// A bankgiro number: 7 or 8 digits, the last a Luhn check digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bankgiro(String);

impl Bankgiro {
    /// `5050-1055`, `217-1569` or the digits alone.
    pub fn parse(text: &str) -> Result<Bankgiro, Message> {
        let t = text.trim();
        let d = digits_with_separator(t)
            .filter(|d| d.len() == 7 || d.len() == 8)
            .filter(|d| t.find(['-', ' ']).is_none_or(|at| at == d.len() - 4))
            .ok_or_else(|| msg!("ident-bankgiro-expected", found = msg::quoted(text)))?;
        if !luhn_valid(&d) {
            return Err(msg!(
                "ident-bankgiro-check-digit",
                text = msg::quoted(text),
                digit = luhn_digit(&d[..d.len() - 1])
            ));
        }
        Ok(Bankgiro(d))
    }

    /// The digits, as the UBL file wants them.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `5050-1055`, `217-1569`: the last four digits after a hyphen.
    pub fn display(&self) -> String {
        let split = self.0.len() - 4;
        format!("{}-{}", &self.0[..split], &self.0[split..])
    }
}

/// The electronic address schemes (EAS) Peppol BIS Billing 3.0 accepts.
pub const PEPPOL_SCHEMES: [&str; 92] = [
    "0002", "0007", "0009", "0037", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0147",
    "0151", "0154", "0158", "0170", "0177", "0183", "0184", "0188", "0190", "0191", "0192", "0193", "0194",
    "0195", "0196", "0198", "0199", "0200", "0201", "0202", "0203", "0204", "0205", "0208", "0209", "0210",
    "0211", "0212", "0213", "0215", "0216", "0217", "0218", "0221", "0225", "0230", "0235", "0240", "9910",
    "9913", "9914", "9915", "9918", "9919", "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928",
    "9929", "9930", "9931", "9932", "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941",
    "9942", "9943", "9944", "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957",
    "9959",
];

/// A Peppol participant id: an electronic address scheme and a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeppolId {
    pub scheme: String,
    pub value: String,
}

impl PeppolId {
    /// `0007:2120001561`, `0088:7381039000012`. The value is checked where
    /// the scheme defines a check: 0007 (Swedish organisation number), 0088
    /// (GLN, GS1 check digit), 0192 (Norwegian organisation number, mod 11).
    pub fn parse(text: &str) -> Result<PeppolId, Message> {
        let t = text.trim();
        let Some((scheme, value)) = t.split_once(':') else {
            return Err(msg!("ident-peppol-expected", found = msg::quoted(text)));
        };
        let (scheme, value) = (scheme.trim(), value.trim());
        // What is wrong with the id, after `Peppol id "…": `.
        let bad = |problem: Message| Err(msg!("ident-peppol", text = msg::quoted(text), problem = problem));
        if !PEPPOL_SCHEMES.contains(&scheme) {
            return bad(msg!("ident-peppol-unknown-scheme", scheme = msg::quoted(scheme)));
        }
        if value.is_empty() || value.len() > 50 || value.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return bad(msg!("ident-peppol-bad-value"));
        }
        match scheme {
            "0007" => {
                if value.len() != 10 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return bad(msg!("ident-peppol-0007"));
                }
                if let Err(e) = OrgNr::parse(value) {
                    return bad(e);
                }
            }
            "0088" if !gln_valid(value) => {
                return bad(msg!("ident-peppol-0088"));
            }
            "0192" if !norwegian_orgnr_valid(value) => {
                return bad(msg!("ident-peppol-0192"));
            }
            _ => {}
        }
        Ok(PeppolId {
            scheme: scheme.to_string(),
            value: value.to_string(),
        })
    }
}

impl fmt::Display for PeppolId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}", self.scheme, self.value)
    }
}

/// A GS1 Global Location Number: 13 digits, weights 3, 1, 3, … from the
/// right of the first twelve, the check digit bringing the sum to a
/// multiple of ten.
pub fn gln_valid(value: &str) -> bool {
    if value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = value.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d[..12]
        .iter()
        .rev()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { v * 3 } else { *v })
        .sum();
    (10 - sum % 10) % 10 == d[12]
}

/// A Norwegian organisation number: 9 digits, mod 11 with weights
/// 3, 2, 7, 6, 5, 4, 3, 2.
pub fn norwegian_orgnr_valid(value: &str) -> bool {
    if value.len() != 9 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = value.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = [3, 2, 7, 6, 5, 4, 3, 2].iter().zip(&d).map(|(w, v)| w * v).sum();
    match 11 - sum % 11 {
        11 => d[8] == 0,
        10 => false,
        c => c == d[8],
    }
}

/// How OCR references are made (`invoice.ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMethod {
    /// The reference without a check digit.
    None,
    /// A Luhn check digit last (Bankgirot's "checksiffra").
    #[default]
    Luhn,
    /// A length digit, then a Luhn check digit (Bankgirot's "checksiffra
    /// och längd"): the length digit is the whole reference's length,
    /// both digits included, modulo 10.
    LuhnLength,
}

impl OcrMethod {
    pub const NAMES: [&'static str; 3] = ["none", "luhn", "luhn-length"];

    pub fn parse(s: &str) -> Option<OcrMethod> {
        match s {
            "none" => Some(OcrMethod::None),
            "luhn" => Some(OcrMethod::Luhn),
            "luhn-length" => Some(OcrMethod::LuhnLength),
            _ => None,
        }
    }

    /// The reference for `base` (digits only).
    pub fn reference(self, base: &str) -> String {
        match self {
            OcrMethod::None => base.to_string(),
            OcrMethod::Luhn => format!("{base}{}", luhn_digit(base)),
            OcrMethod::LuhnLength => {
                let with_length = format!("{base}{}", (base.len() + 2) % 10);
                let check = luhn_digit(&with_length);
                format!("{with_length}{check}")
            }
        }
    }

    /// Whether `reference` is a valid reference under this method.
    pub fn valid(self, reference: &str) -> bool {
        let digits = !reference.is_empty() && reference.bytes().all(|b| b.is_ascii_digit());
        match self {
            OcrMethod::None => digits,
            OcrMethod::Luhn => digits && reference.len() >= 2 && luhn_valid(reference),
            OcrMethod::LuhnLength => {
                digits
                    && reference.len() >= 3
                    && luhn_valid(reference)
                    && usize::from(reference.as_bytes()[reference.len() - 2] - b'0') == reference.len() % 10
            }
        }
    }
}

/// A document's OCR reference: the year and the number (at least four
/// digits, zero-padded) and the check digits the method adds.
/// Year 2023, number 8, `luhn` gives `202300083`.
pub fn ocr_reference(method: OcrMethod, year: i32, number: u64) -> String {
    method.reference(&format!("{year:04}{number:04}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_against_known_numbers() {
        // The Luhn algorithm's textbook example: 7992739871 takes 3.
        assert_eq!(luhn_digit("7992739871"), 3);
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        // Skatteverket's example personal identity number 811218-9876.
        assert!(luhn_valid("8112189876"));
    }

    #[test]
    fn organisation_numbers_published_by_municipalities() {
        // Published as org.nr or Peppol id 0007 by the municipalities themselves.
        for n in [
            "212000-1561",
            "2120001561",
            "2120001504",
            "2120001520",
            "2120001249",
            "212000-1678",
        ] {
            assert!(OrgNr::parse(n).is_ok(), "{n}");
        }
        assert_eq!(OrgNr::parse("2120001561").unwrap().display(), "212000-1561");
        assert_eq!(OrgNr::parse(" 212000-1561 ").unwrap().digits(), "2120001561");
        let e = OrgNr::parse("212000-1562").unwrap_err();
        let e = e.to_string();
        assert!(e.contains("check digit") && e.contains("should be 1"), "{e}");
        for bad in [
            "21200-01561",
            "212000156",
            "21200015611",
            "2120001561-",
            "212000–1561",
            "abc",
            "",
            "212000--1561",
        ] {
            assert!(OrgNr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bankgiro_numbers() {
        // Bankgirot's own test number and a municipality's published one.
        for n in ["5050-1055", "50501055", "217-1569", "2171569"] {
            assert!(Bankgiro::parse(n).is_ok(), "{n}");
        }
        assert_eq!(Bankgiro::parse("2171569").unwrap().display(), "217-1569");
        assert_eq!(Bankgiro::parse("5050-1055").unwrap().digits(), "50501055");
        assert!(Bankgiro::parse("5050-1056")
            .unwrap_err()
            .to_string()
            .contains("should be 5"));
        for bad in ["505 01055", "505-01055", "123456", "123456789", "5050-105x"] {
            assert!(Bankgiro::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn peppol_ids() {
        assert_eq!(
            PeppolId::parse("0007:2120001504").unwrap().to_string(),
            "0007:2120001504"
        );
        // GLNs published by Marks kommun and used in Peppol's examples.
        assert!(PeppolId::parse("0088:7381039000012").is_ok());
        assert!(PeppolId::parse("0088:7300010000001").is_ok());
        assert!(PeppolId::parse("0088:7300010000002").is_err());
        // Peppol's example Norwegian buyer.
        assert!(PeppolId::parse("0192:987654325").is_ok());
        assert!(PeppolId::parse("0192:987654321").is_err());
        assert!(PeppolId::parse("0007:212000-1504").is_err());
        assert!(PeppolId::parse("0007:2120001505")
            .unwrap_err()
            .to_string()
            .contains("check digit"));
        assert!(PeppolId::parse("1234:2120001504")
            .unwrap_err()
            .to_string()
            .contains("unknown scheme"));
        assert!(PeppolId::parse("2120001504").is_err());
        assert!(PeppolId::parse("9957:").is_err());
        assert!(PeppolId::parse("9957:FR 123").is_err());
    }

    #[test]
    fn ocr_references() {
        // An invoicing system's published example: invoice 170001 with a
        // Luhn check digit is paid with the reference 1700012.
        assert_eq!(OcrMethod::Luhn.reference("170001"), "1700012");
        assert!(OcrMethod::Luhn.valid("1700012"));
        // Five digits, length digit 7, Luhn check digit: 12345 → 1234574.
        assert_eq!(OcrMethod::LuhnLength.reference("12345"), "1234574");
        assert!(OcrMethod::LuhnLength.valid("1234574"));
        assert!(!OcrMethod::LuhnLength.valid("1234564"));
        assert!(!OcrMethod::LuhnLength.valid("1234575"));
        // Lengths of ten or more keep only the last digit of the length.
        let r = OcrMethod::LuhnLength.reference("20230012");
        assert_eq!(&r[8..9], "0");
        assert!(OcrMethod::LuhnLength.valid(&r));
        assert_eq!(OcrMethod::Luhn.reference("7992739871"), "79927398713");
        assert_eq!(ocr_reference(OcrMethod::Luhn, 2023, 8), "202300083");
        assert_eq!(ocr_reference(OcrMethod::None, 2023, 12345), "202312345");
        assert_eq!(ocr_reference(OcrMethod::LuhnLength, 2023, 8), "2023000801");
        for n in [1, 9, 10, 99, 1000, 9999, 10000, 123_456_789] {
            for m in [OcrMethod::Luhn, OcrMethod::LuhnLength, OcrMethod::None] {
                let r = ocr_reference(m, 2023, n);
                assert!(m.valid(&r), "{m:?} {r}");
                assert!(r.len() <= 25);
            }
        }
        // Every single-digit error is caught by the check digit.
        let r = ocr_reference(OcrMethod::Luhn, 2023, 8);
        for i in 0..r.len() {
            for d in b'0'..=b'9' {
                let mut b = r.clone().into_bytes();
                if b[i] != d {
                    b[i] = d;
                    assert!(!OcrMethod::Luhn.valid(std::str::from_utf8(&b).unwrap()));
                }
            }
        }
    }
}
