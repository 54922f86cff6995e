//! SCB municipality codes.

use std::fmt;
use std::str::FromStr;

use crate::msg;
use crate::msg::Message;

/// A Swedish municipality code (kommunkod) as SCB assigns it: four digits,
/// the first two the county (län). Ordered numerically; shown with leading
/// zero (`0127`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(u16);

impl Code {
    /// The code from its number, `None` outside 0001..=9999.
    pub fn new(n: u16) -> Option<Code> {
        (1..=9999).contains(&n).then_some(Code(n))
    }

    pub fn get(self) -> u16 {
        self.0
    }

    /// The county (län) part: the first two digits.
    pub fn county(self) -> u16 {
        self.0 / 100
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

/// Parses four ASCII digits (`"1490"`, `"0127"`). Three digits are taken as a
/// code whose leading zero a spreadsheet dropped (`"127"` is `0127`).
impl FromStr for Code {
    type Err = Message;

    fn from_str(s: &str) -> Result<Code, Message> {
        let t = s.trim();
        if !(3..=4).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(msg!("code-expected-four-digits", found = msg::quoted(s)));
        }
        let n: u16 = t.parse().map_err(|_| msg!("code-bad", found = msg::quoted(s)))?;
        Code::new(n).ok_or_else(|| msg!("code-expected", found = msg::quoted(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_with_leading_zero() {
        assert_eq!("0127".parse::<Code>().unwrap().to_string(), "0127");
        assert_eq!("127".parse::<Code>().unwrap().to_string(), "0127");
        assert_eq!("1490".parse::<Code>().unwrap().county(), 14);
        assert!("14900".parse::<Code>().is_err());
        assert!("0000".parse::<Code>().is_err());
        assert!("14a0".parse::<Code>().is_err());
        assert!("".parse::<Code>().is_err());
    }
}
