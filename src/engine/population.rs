//! Population figures per municipality: the basis of every per-inhabitant
//! rule and of population-weighted apportionment.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::code::Code;
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

/// The most inhabitants one municipality may count: ten billion. With the
/// validated limits on rates and amounts this keeps every product and sum
/// far inside the decimal arithmetic.
pub const MAX_COUNT: u64 = 10_000_000_000;

/// One municipality's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inhabitants {
    /// The municipality's name as the file gives it, trimmed (`Borås`).
    pub name: String,
    /// Number of inhabitants.
    pub count: u64,
}

/// Population per municipality code. Iteration is in code order, whatever
/// the order of the rows it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Population {
    rows: BTreeMap<Code, Inhabitants>,
    /// By code (0–9999), each row's count: what every line of a large
    /// tariff looks up, in one step.
    counts: Vec<Option<u64>>,
    /// Where the figures come from, for messages (a file name).
    pub source: Option<String>,
}

impl Population {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a row; returns the row already there if the code is a duplicate
    /// (and keeps the first).
    pub fn insert(&mut self, code: Code, row: Inhabitants) -> Result<(), &Inhabitants> {
        use std::collections::btree_map::Entry;
        match self.rows.entry(code) {
            Entry::Vacant(v) => {
                if self.counts.is_empty() {
                    self.counts = vec![None; 10_000];
                }
                if let Some(slot) = self.counts.get_mut(usize::from(code.get())) {
                    *slot = Some(row.count);
                }
                v.insert(row);
                Ok(())
            }
            Entry::Occupied(o) => Err(o.into_mut()),
        }
    }

    pub fn get(&self, code: Code) -> Option<&Inhabitants> {
        self.rows.get(&code)
    }

    /// Whether the population has a row for `code` (in one step).
    pub fn contains(&self, code: Code) -> bool {
        match self.counts.get(usize::from(code.get())) {
            Some(count) => count.is_some(),
            None => self.rows.contains_key(&code),
        }
    }

    pub fn count(&self, code: Code) -> Option<u64> {
        self.counts.get(usize::from(code.get())).copied().flatten()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Code, &Inhabitants)> {
        self.rows.iter().map(|(c, r)| (*c, r))
    }

    /// Sum of all rows.
    pub fn total(&self) -> u64 {
        self.rows.values().map(|r| r.count).sum()
    }

    /// The figures grown by each municipality's rate (`0.008` is 0,8 %),
    /// each rounded to whole inhabitants, half away from zero. A count that
    /// would fall below zero or exceed [`MAX_COUNT`] is a problem naming
    /// the municipality, never a figure made up in its place.
    pub fn grown(&self, rate: impl Fn(Code) -> Decimal) -> Result<Population, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut grown = Population {
            source: self.source.clone(),
            ..Population::default()
        };
        for (code, row) in self.iter() {
            let r = rate(code);
            let count = Decimal::ONE
                .checked_add(r)
                .and_then(|f| f.checked_mul(Decimal::from(row.count)))
                .map(crate::money::round_whole)
                .and_then(|c| c.to_u64())
                .filter(|c| *c <= MAX_COUNT);
            match count {
                Some(count) => {
                    // Codes come once each from `self`: never a duplicate.
                    let _ = grown.insert(
                        code,
                        Inhabitants {
                            name: row.name.clone(),
                            count,
                        },
                    );
                }
                None => problems.push(Diagnostic::new(msg!(
                    "engine-growth-out-of-range",
                    code = code.to_string(),
                    name = msg::name(&row.name),
                    count = row.count,
                    percent = r
                        .checked_mul(Decimal::ONE_HUNDRED)
                        .map_or_else(|| format!("{r} × 100"), |p| p.normalize().to_string()),
                    max = MAX_COUNT
                ))),
            }
        }
        problems.into_result(grown)
    }
}

impl FromIterator<(Code, Inhabitants)> for Population {
    /// Later duplicates are ignored; readers reject duplicates before this.
    fn from_iter<I: IntoIterator<Item = (Code, Inhabitants)>>(iter: I) -> Self {
        let mut p = Population::new();
        for (c, r) in iter {
            let _ = p.insert(c, r);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn population(rows: &[(u16, u64)]) -> Population {
        rows.iter()
            .map(|(c, n)| {
                (
                    Code::new(*c).unwrap(),
                    Inhabitants {
                        name: format!("Kommun {c}"),
                        count: *n,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn contains_says_what_get_finds() {
        for p in [
            population(&[(1490, 5), (1401, 0), (9999, 7), (1, 1)]),
            Population::new(),
        ] {
            for n in 1..=9999 {
                let code = Code::new(n).unwrap();
                assert_eq!(p.contains(code), p.get(code).is_some(), "{n}");
            }
        }
    }

    #[test]
    fn grows_each_count_rounding_half_away_from_zero() {
        let p = population(&[(1490, 5), (1401, 100)]);
        // 5 × 0.5 = 2.5 → 3 (to even would give 2); 100 × 1.005 = 100.5 → 101.
        let half = p.grown(|c| {
            if c.get() == 1490 {
                Decimal::new(-5, 1)
            } else {
                Decimal::new(5, 3)
            }
        });
        let half = half.unwrap();
        assert_eq!(half.count(Code::new(1490).unwrap()), Some(3));
        assert_eq!(half.count(Code::new(1401).unwrap()), Some(101));
        assert_eq!(p.grown(|_| Decimal::ZERO).unwrap(), p);
    }

    #[test]
    fn a_count_out_of_range_is_a_problem_not_zero() {
        let p = population(&[(1490, MAX_COUNT), (1401, 10)]);
        let too_many = p.grown(|_| Decimal::new(1, 1)).unwrap_err();
        assert_eq!(too_many.0.len(), 1);
        assert!(
            too_many.0[0].message.to_string().contains("1490"),
            "{}",
            too_many.0[0].message
        );
        let negative = p.grown(|_| Decimal::from(-2)).unwrap_err();
        assert_eq!(negative.0.len(), 2);
        // A product beyond the decimal range is a problem, not a panic.
        assert!(p.grown(|_| Decimal::MAX).is_err());
    }
}
