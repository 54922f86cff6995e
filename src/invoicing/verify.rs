//! `avgift verify DIR` on a folder of final documents: the register's
//! chains and numbers, every document's lines, and every file against what
//! the register gives for it.

use std::path::Path;

use super::document::number_in_name;
use super::files::{self, is_temporary};
use super::store::{self, Store};
use crate::context::Context;
use crate::diag::{Diagnostic, Failure};
use crate::msg;
use crate::msg::Message;

/// Whether `dir` is a folder of final documents (with or without its register).
pub fn is_final_folder(dir: &Path) -> bool {
    dir.join(store::FILE).is_file()
        || files::listing(dir).is_ok_and(|names| names.iter().any(|n| number_in_name(n).is_some()))
}

/// What `verify` is asked of a folder beyond its files.
#[derive(Default)]
pub struct Options<'a> {
    /// Heads seen earlier, each of which must still be in the chain.
    pub heads: &'a [String],
    /// The key the signatures must hold against (else the one the register
    /// records).
    pub public_key: Option<&'a crate::signing::PublicKey>,
}

/// (ok, line) per file checked and per problem found.
pub fn check(ctx: &Context, dir: &Path, options: &Options) -> Vec<(bool, Message)> {
    let mut lines = Vec::new();
    let shown = |name: &str| dir.join(name).display().to_string();
    let names = match files::listing(dir) {
        Ok(n) => n,
        Err(e) => return vec![(false, describe(e))],
    };
    let store = match Store::open(dir, false) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let held: Vec<&String> = names.iter().filter(|n| number_in_name(n).is_some()).collect();
            lines.push((
                false,
                msg!(
                    "folder-register-gone",
                    register = shown(store::FILE),
                    n = msg::count(held.len()),
                    example = held.first().map_or(String::new(), |n| shown(n))
                ),
            ));
            return lines;
        }
        Err(e) => return vec![(false, msg!("folder-cannot-open-register", why = describe(e)))],
    };
    let mut store = store;
    if let Err(e) = store.begin(ctx) {
        return vec![(false, describe(e))];
    }
    let result = (|| -> Result<(), Failure> {
        lines.extend(keys(&mut store, options)?);
        for d in store
            .check_every_signature()?
            .iter()
            .chain(store.check_lines()?.iter())
        {
            lines.push((
                false,
                msg!("folder-register-problem", problem = d.message.clone()),
            ));
        }
        let docs = store.all_documents()?;
        let mut known = std::collections::BTreeSet::new();
        for d in &docs {
            known.insert(d.entry.number);
            for (name, bytes) in files::document_files(d) {
                lines.push(compare(ctx, dir, &name, &bytes, d.entry.number));
            }
        }
        let mut years: std::collections::BTreeSet<(String, i32)> = docs
            .iter()
            .map(|d| (d.entry.issuer.clone(), d.entry.year))
            .collect();
        // Years in which payments were booked, the register's issuer's.
        if let Some(last) = docs.last() {
            for (year, _, _) in store.payment_years()? {
                years.insert((last.entry.issuer.clone(), year));
            }
        }
        for (issuer, year) in years {
            let of_year: Vec<_> = docs
                .iter()
                .filter(|d| d.entry.issuer == issuer && d.entry.year == year)
                .cloned()
                .collect();
            let booked = store.booked(year, 0)?;
            let files = super::year_files::year_files(year, &of_year, &booked, docs.last());
            // A year of payments only has its SIE file alone.
            let only_sie = of_year.is_empty();
            for (name, bytes) in files.into_iter().filter(|(n, _)| !only_sie || n.ends_with(".si")) {
                let line = match crate::context::input::read_input(
                    ctx,
                    &dir.join(&name),
                    crate::context::input::Input::Output,
                ) {
                    Ok(have) if have == bytes => (true, msg!("folder-ok", file = shown(&name))),
                    Ok(_) => (false, msg!("folder-stale", file = shown(&name))),
                    Err(_) => (false, msg!("folder-missing", file = shown(&name))),
                };
                lines.push(line);
            }
        }
        lines.extend(heads(&store, options)?);
        for n in &names {
            if let Some(x) = number_in_name(n).filter(|x| !known.contains(x)) {
                lines.push((false, msg!("folder-unknown-document", number = x, file = n)));
            }
            if is_temporary(n) {
                lines.push((false, msg!("folder-temporary", file = shown(n))));
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

/// The key the signatures are checked against: the one given, which must
/// be the register's, else the one the register records (said, so that
/// it can be compared with the key kept elsewhere); an unsigned register
/// is said to be one.
fn keys(store: &mut Store, options: &Options) -> Result<Vec<(bool, Message)>, Failure> {
    let recorded = store.recorded_key()?;
    let recorded_key = recorded
        .as_deref()
        .and_then(|k| crate::signing::PublicKey::parse(k).ok());
    Ok(match (options.public_key, recorded_key) {
        (Some(given), _) => {
            store.set_keys(Some(given.clone()), None);
            vec![(true, msg!("ledger-verify-key", key = given.to_hex()))]
        }
        (None, Some(r)) => {
            let hex = r.to_hex();
            store.set_keys(Some(r), None);
            vec![(true, msg!("ledger-verify-recorded-key", key = hex))]
        }
        (None, None) => vec![(true, msg!("ledger-verify-unsigned"))],
    })
}

/// The register's heads, and each head seen earlier found in its chain.
fn heads(store: &Store, options: &Options) -> Result<Vec<(bool, Message)>, Failure> {
    let mut out = Vec::new();
    for (_, number, sha) in store.heads()? {
        out.push((true, msg!("ledger-head", sha = sha, number = number)));
    }
    // The receivables' events are a chain of their own, with a head of
    // their own.
    if let Some((seq, sha)) = store.receivables_head()? {
        out.push((true, msg!("receivables-head", sha = sha, seq = seq)));
    }
    for head in options.heads {
        out.push(
            match (store.find_head(head)?, store.find_receivables_head(head)?) {
                (Some((_, number)), _) => (
                    true,
                    msg!("ledger-head-found", head = head.trim(), number = number),
                ),
                (None, Some(seq)) => (
                    true,
                    msg!("receivables-head-found", head = head.trim(), seq = seq),
                ),
                (None, None) => (false, msg!("ledger-head-missing", head = head.trim())),
            },
        );
    }
    Ok(out)
}

fn compare(ctx: &Context, dir: &Path, name: &str, want: &[u8], number: u64) -> (bool, Message) {
    let path = dir.join(name);
    match crate::context::input::read_input(ctx, &path, crate::context::input::Input::Output) {
        Ok(have) if have == want => (true, msg!("folder-ok", file = &path)),
        Ok(_) => (false, msg!("folder-edited", file = &path, number = number)),
        Err(_) => (
            false,
            msg!("folder-missing-document", file = &path, number = number),
        ),
    }
}

/// A failure as one message: its reason, or its problems one per line,
/// each with its place.
fn describe(e: Failure) -> Message {
    match e {
        Failure::Other(m) => m,
        Failure::Input(d) => d
            .iter()
            .map(located)
            .reduce(|first, next| msg!("folder-problem-lines", first = first, next = next))
            .unwrap_or_else(|| msg!("folder-check-failed")),
    }
}

/// A problem with its place, as [`Diagnostic::render`] shows it:
/// `file:line:column: key: message`.
fn located(d: &Diagnostic) -> Message {
    let mut m = d.message.clone();
    if let Some(key) = &d.key {
        m = msg!("folder-problem-at", place = key, problem = m);
    }
    match (&d.file, d.line, d.column) {
        (Some(file), line, column) => {
            let mut place = file.display().to_string();
            if let Some(line) = line {
                place.push_str(&format!(":{line}"));
                if let Some(column) = column {
                    place.push_str(&format!(":{column}"));
                }
            }
            msg!("folder-problem-at", place = place, problem = m)
        }
        (None, Some(line), _) => msg!(
            "folder-problem-at",
            place = msg!("at-line", line = line),
            problem = m
        ),
        (None, None, _) => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::i18n::{render, Lang};

    #[test]
    fn a_failure_is_one_line_per_problem_with_its_place_in_the_run_s_language() {
        let problems = Diagnostics(vec![
            Diagnostic::new(msg!("register-none"))
                .in_file(Path::new("f/register.sqlite"))
                .at(3, 4),
            Diagnostic::new(msg!("register-number-too-large")).for_key("invoice"),
            Diagnostic::new(msg!("register-none")).at_line(7),
        ]);
        let shown = problems.to_string();
        let m = describe(Failure::Input(problems.clone()));
        assert_eq!(m.to_string(), shown);
        assert_eq!(
            render(Lang::Sv, &m),
            problems.render(Lang::Sv),
            "{}",
            render(Lang::Sv, &m)
        );
        assert_eq!(shown.lines().count(), 3);
    }
}
