//! What-ifs marked as such: a heading line that names every `--set`
//! override (and scenario change) an output was made with, so that a
//! what-if is never read as the real thing.

use rust_decimal::Decimal;

use crate::sv;

/// `charges.dso.rate=6.80` as a reader reads it: `charges.dso.rate = 6,80`
/// (numbers the Swedish way, as written: the decimals kept).
pub fn describe(text: &str) -> String {
    let Some((key, value)) = text.split_once('=') else {
        return text.to_string();
    };
    let value = value.trim();
    let shown = match value.replace('_', "").parse::<Decimal>() {
        Ok(d) => sv::num_dp(d, d.scale()),
        Err(_) => value.to_string(),
    };
    format!("{} = {shown}", key.trim())
}

/// `Med ändringar: charges.dso.rate = 6,80, indices.avtal = 3%`, or `None`
/// without overrides.
pub fn heading(overrides: &[String]) -> Option<String> {
    if overrides.is_empty() {
        return None;
    }
    let all: Vec<String> = overrides.iter().map(|o| describe(o)).collect();
    Some(format!("Med ändringar: {}", all.join(", ")))
}

/// A table with the what-if line under its first line (the heading).
pub fn mark_table(text: String, overrides: &[String]) -> String {
    match heading(overrides) {
        Some(h) => {
            let at = text.find('\n').map_or(text.len(), |i| i + 1);
            let mut out = text;
            out.insert_str(at, &format!("{h}\n"));
            out
        }
        None => text,
    }
}

/// JSON with an `overrides` field listing the `--set`s, when there are any.
pub fn mark_json(text: String, overrides: &[String]) -> String {
    if overrides.is_empty() {
        return text;
    }
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert("overrides".to_string(), serde_json::json!(overrides));
            if let Some(h) = heading(overrides) {
                map.insert("what_if".to_string(), serde_json::Value::String(h));
            }
            super::json::text(&serde_json::Value::Object(map))
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_swedish_and_keep_their_decimals() {
        assert_eq!(describe("charges.dso.rate=6.80"), "charges.dso.rate = 6,80");
        assert_eq!(
            describe("charges.navet.amounts.1442=180000"),
            "charges.navet.amounts.1442 = 180 000"
        );
        assert_eq!(describe("indices.avtal=3%"), "indices.avtal = 3%");
        assert_eq!(heading(&[]), None);
        assert_eq!(
            heading(&["a.b=1".into(), "c.d=x".into()]).unwrap(),
            "Med ändringar: a.b = 1, c.d = x"
        );
    }
}
