//! `[letter]`, which a tariff and a plan may both have: what the letters
//! to the members say in their own words (`text`: a string, or a list of
//! strings, one paragraph each).

use super::toml::{Doc, Item, Placed};

/// The paragraphs of `[letter] text` at `key` (`letter`), each one line
/// of plain text as every name is.
pub fn letter(doc: &mut Doc, key: &str, item: &Item) -> Vec<String> {
    let Some(t) = doc.table(key, item) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(i) = t.get("text") {
        let k = t.child("text");
        match i.get_ref().as_array() {
            Some(a) => {
                doc.record(&k, i.at());
                for (n, v) in a.iter().enumerate() {
                    out.extend(doc.string_value(&format!("{k}[{n}]"), v));
                }
            }
            None => out.extend(doc.string(&k, i)),
        }
    }
    t.finish(doc, &["text"]);
    out.retain(|p| !p.trim().is_empty());
    out
}
