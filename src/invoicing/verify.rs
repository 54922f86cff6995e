//! `avgift verify DIR` on a folder of final documents: the register's
//! chains and numbers, every document's lines, and every file against what
//! the register gives for it.

use std::path::Path;

use super::document::number_in_name;
use super::files::{self, is_temporary};
use super::store::{self, Store};
use crate::context::Context;

/// Whether `dir` is a folder of final documents (with or without its register).
pub fn is_final_folder(dir: &Path) -> bool {
    dir.join(store::FILE).is_file()
        || files::listing(dir).is_ok_and(|names| names.iter().any(|n| number_in_name(n).is_some()))
}

/// (ok, line) per file checked and per problem found.
pub fn check(ctx: &Context, dir: &Path) -> Vec<(bool, String)> {
    let mut lines = Vec::new();
    let shown = |name: &str| dir.join(name).display().to_string();
    let names = match files::listing(dir) {
        Ok(n) => n,
        Err(e) => return vec![(false, format!("{e:?}"))],
    };
    let store = match Store::open(dir, false) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let held: Vec<&String> = names.iter().filter(|n| number_in_name(n).is_some()).collect();
            lines.push((
                false,
                format!(
                    "register missing: {} is gone, but the folder holds {} final document file(s), such as {}",
                    shown(store::FILE),
                    held.len(),
                    held.first().map_or(String::new(), |n| shown(n))
                ),
            ));
            return lines;
        }
        Err(e) => return vec![(false, format!("cannot open the register: {e:?}"))],
    };
    let mut store = store;
    if let Err(e) = store.begin(ctx) {
        return vec![(false, describe(e))];
    }
    let result = (|| -> Result<(), crate::diag::Failure> {
        for d in store.check()?.iter().chain(store.check_lines()?.iter()) {
            lines.push((false, format!("register: {}", d.message)));
        }
        let docs = store.all_documents()?;
        let mut known = std::collections::BTreeSet::new();
        for d in &docs {
            known.insert(d.entry.number);
            for (name, bytes) in files::document_files(d) {
                lines.push(compare(ctx, dir, &name, &bytes, d.entry.number));
            }
        }
        let years: std::collections::BTreeSet<(String, i32)> = docs
            .iter()
            .map(|d| (d.entry.issuer.clone(), d.entry.year))
            .collect();
        for (issuer, year) in years {
            let of_year: Vec<_> = docs
                .iter()
                .filter(|d| d.entry.issuer == issuer && d.entry.year == year)
                .cloned()
                .collect();
            for (name, bytes) in files::year_files(year, &of_year) {
                let line = match crate::context::input::read_input(
                    ctx,
                    &dir.join(&name),
                    crate::context::input::Input::Output,
                ) {
                    Ok(have) if have == bytes => (true, format!("ok: {}", shown(&name))),
                    Ok(_) => (
                        false,
                        format!("stale or edited: {} does not match the register", shown(&name)),
                    ),
                    Err(_) => (false, format!("missing: {}", shown(&name))),
                };
                lines.push(line);
            }
        }
        for n in &names {
            if let Some(x) = number_in_name(n).filter(|x| !known.contains(x)) {
                lines.push((
                    false,
                    format!("document {x} is not in the register, but its file {n} is (deleted from the register?)"),
                ));
            }
            if is_temporary(n) {
                lines.push((false, format!("temporary file left: {}", shown(n))));
            }
        }
        Ok(())
    })();
    store.rollback();
    if let Err(e) = result {
        lines.push((false, describe(e)));
    }
    lines
}

fn compare(ctx: &Context, dir: &Path, name: &str, want: &[u8], number: u64) -> (bool, String) {
    let path = dir.join(name);
    match crate::context::input::read_input(ctx, &path, crate::context::input::Input::Output) {
        Ok(have) if have == want => (true, format!("ok: {}", path.display())),
        Ok(_) => (
            false,
            format!(
                "edited: {} does not match document {number} of the register",
                path.display()
            ),
        ),
        Err(_) => (false, format!("missing: {} (document {number})", path.display())),
    }
}

fn describe(e: crate::diag::Failure) -> String {
    match e {
        crate::diag::Failure::Input(d) => d.to_string(),
        crate::diag::Failure::Other(m) => m.to_string(),
    }
}
