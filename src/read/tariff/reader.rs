//! The tariff reader's state: the document being read, with its problems
//! and places, and how weight files are loaded.

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::engine::model::WeightData;
use crate::msg;
use crate::read::toml::{Doc, Item, TomlTable};

/// Loads a weight column: (file as written in the tariff, column) → values.
pub type WeightLoader<'a> = dyn Fn(&str, &str) -> Result<WeightData, Diagnostics> + 'a;

/// Reads the tariff's sections into the engine's types: the document with
/// its problems and places, and the loader of weight columns.
pub(super) struct TariffReader<'r, 's> {
    pub(super) doc: &'r mut Doc<'s>,
    pub(super) load_weights: &'r WeightLoader<'r>,
}

impl TariffReader<'_, '_> {
    /// A key that must be there, read by `read`; a missing one is a problem
    /// at its table.
    pub(super) fn required<T>(
        &mut self,
        t: &TomlTable,
        k: &str,
        read: impl Fn(&mut Doc, &str, &Item) -> Option<T>,
    ) -> Option<T> {
        let key = t.child(k);
        match t.get(k) {
            Some(item) => read(self.doc, &key, item),
            None => {
                let span = t.span.clone();
                self.doc
                    .err(&key, span, msg!("toml-missing-key", key = msg::quoted(k)));
                None
            }
        }
    }

    /// A table of named entries (`[indices]`, `[groups]` …), each read by `read`.
    pub(super) fn map_of<T>(
        &mut self,
        top: &TomlTable,
        k: &str,
        read: impl Fn(&mut Doc, &str, &Item) -> Option<T>,
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        if let Some(item) = top.get(k) {
            if let Some(t) = self.doc.table(k, item) {
                for (name, item) in t.entries() {
                    let key = t.child(&name);
                    if let Some(v) = read(self.doc, &key, item) {
                        out.insert(name, v);
                    }
                }
            }
        }
        out
    }
}
