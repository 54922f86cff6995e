//! The population file as the tool writes it, wherever it writes one
//! (`population import`, `project`'s grown population): the canonical
//! `code,name,population`, `\n` line ends, rows in code order, figures
//! without grouping. The population reader reads it back unchanged
//! (`tests/roundtrip.rs`).

use crate::engine::population::Population;

/// The canonical population file of `population`.
pub fn population_csv(population: &Population) -> String {
    let header = ["code", "name", "population"].map(String::from).to_vec();
    let rows = population
        .iter()
        .map(|(code, row)| vec![code.to_string(), row.name.clone(), row.count.to_string()]);
    super::csv_text(super::CsvDialect::Plain, std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::population::Inhabitants;

    #[test]
    fn canonical_in_code_order() {
        let population: Population = [("1490", "Borås", 114_091), ("0127", "Botkyrka", 95_318)]
            .into_iter()
            .map(|(c, name, count)| {
                let name = name.to_string();
                (c.parse().unwrap(), Inhabitants { name, count })
            })
            .collect();
        let text = population_csv(&population);
        assert_eq!(
            text,
            "code,name,population\n0127,Botkyrka,95318\n1490,Borås,114091\n"
        );
    }
}
