//! What the text tables of fee lines share (`plan`'s table of parties
//! over years and `solve`'s table of an activity's lines): how a party is
//! labelled (`HSNK (extern)`), an activity's and a charge's name as the
//! tariff gives them, and the `Summa` row under the amounts.

use crate::engine::{Kind, Tariff};

/// A party as a table row names it: an external payer marked `(extern)`.
pub fn party_label(kind: Kind, party: &str) -> String {
    match kind {
        Kind::External => format!("{party} (extern)"),
        _ => party.to_string(),
    }
}

/// An activity's name, or its id when the tariff names none.
pub fn activity_name(tariff: &Tariff, id: &str) -> String {
    tariff
        .activities
        .get(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

/// A charge's name, or its id when the tariff names none.
pub fn charge_name(tariff: &Tariff, id: &str) -> String {
    tariff
        .charges
        .get(id)
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The footer row: `Summa`, then `empty` blank cells, then the figures.
pub fn summa_row(empty: usize, figures: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut row = vec!["Summa".to_string()];
    row.extend(std::iter::repeat_n(String::new(), empty));
    row.extend(figures);
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_footer() {
        assert_eq!(party_label(Kind::External, "HSNK"), "HSNK (extern)");
        assert_eq!(party_label(Kind::Municipality, "Borås"), "Borås");
        assert_eq!(summa_row(2, ["5".to_string()]), ["Summa", "", "", "5"]);
        assert_eq!(summa_row(0, Vec::new()), ["Summa"]);
    }
}
