//! Population figures per municipality: the basis of every per-inhabitant
//! rule and of population-weighted apportionment.

use std::collections::BTreeMap;

use super::code::Code;

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
