//! JSON helpers: amounts as JSON numbers written exactly from the decimal.

use rust_decimal::Decimal;
use serde_json::{Number, Value};

use crate::money;

/// An amount as a JSON number with two decimals (`880014.00`).
pub fn amount(d: Decimal) -> Value {
    number(&money::plain2(d))
}

/// A whole number (tkr) as a JSON number.
pub fn whole(d: Decimal) -> Value {
    number(&d.normalize().to_string())
}

fn number(text: &str) -> Value {
    // With serde_json's arbitrary_precision every decimal literal parses.
    Value::Number(text.parse::<Number>().expect("a decimal is a JSON number"))
}

/// Pretty JSON text with a final newline.
/// The three totals: `charges`, `adjustments`, `net`.
pub fn totals(t: &crate::engine::totals::Totals) -> Value {
    serde_json::json!({
        "charges": amount(t.charges),
        "adjustments": amount(t.adjustments),
        "net": amount(t.net()),
    })
}

pub fn text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialize");
    s.push('\n');
    s
}
