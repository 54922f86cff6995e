//! What a final, credit or correction run relies on, checked before it
//! commits: every document's lines as committed, and the files it extends
//! or leaves in place (the year's files, and the files of the documents
//! of the recipients it stands for) as the register recorded writing them.
//! A difference is refused, naming each; `--repair` makes them again from
//! the register and keeps each altered copy beside it (`NAME.altered`).

use std::path::{Path, PathBuf};

use super::document::Document;
use super::plan::{Candidate, Plan};
use super::request::{Mode, Request};
use super::settled::Context;
use super::store::{self, LinesProblem, Store, StoredLine};
use super::{drafts, files, year_files};
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::invoicing::document::ore;
use crate::msg;

/// The documents and years a run stands on.
pub(super) struct Scope {
    docs: Vec<Document>,
    years: Vec<(String, i32)>,
}

/// The documents of the recipients the run stands for, in the year it
/// writes, and the years whose files it writes: the run's year and those
/// left behind by a run that was stopped.
pub(super) fn scope(store: &Store, cx: &Context, req: &Request, plan: &Plan) -> Result<Scope, Failure> {
    let mut keys: Vec<(String, i32)> = Vec::new();
    match req.mode {
        Mode::Credit(n) | Mode::Correct(n) => {
            if let Some(o) = store.get(&cx.series, n)? {
                keys.push((o.entry.recipient_code.clone(), o.entry.year));
            }
        }
        _ => {
            for d in plan.new.iter().chain(&plan.kept) {
                keys.push((d.entry.recipient_code.clone(), d.entry.year));
            }
        }
    }
    keys.sort();
    keys.dedup();
    let mut docs = Vec::new();
    let mut years: Vec<(String, i32)> = vec![(cx.series.clone(), cx.tariff.year)];
    for (key, year) in &keys {
        docs.extend(store.recipient_documents(&cx.series, key, *year)?);
        years.push((cx.series.clone(), *year));
    }
    for y in year_files::years_to_write(store, req.dir)? {
        years.push((y.issuer, y.year));
    }
    years.sort();
    years.dedup();
    Ok(Scope { docs, years })
}

/// Files that differ from what the register recorded writing: (name).
#[derive(Debug, Default)]
pub(super) struct Altered(Vec<String>);

impl Altered {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The run refused: each altered file named, and how to repair it.
    pub fn refusal(&self, dir: &Path) -> Diagnostics {
        Diagnostics(
            self.0
                .iter()
                .map(|n| Diagnostic::new(msg!("repair-altered")).in_file(&dir.join(n)))
                .collect(),
        )
    }

    /// `--repair`: each altered file moved aside (`NAME.altered`), so that
    /// the files are written again from the register: (name, kept as).
    pub fn keep_aside(
        &self,
        ctx: &crate::context::Context,
        dir: &Path,
    ) -> Result<Vec<(String, String)>, Failure> {
        let mut out = Vec::new();
        for name in &self.0 {
            let path = dir.join(name);
            let aside = ctx
                .keep_aside(&path)
                .map_err(|e| crate::context::file::write_failure(&path, e))?;
            let aside = aside
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            out.push((name.clone(), aside));
        }
        Ok(out)
    }
}

/// The files of the scope that are on disk but not as the register
/// recorded writing them. A document's file without a record (written by
/// an earlier version) is compared with the file made again from the
/// register.
pub(super) fn altered(store: &Store, dir: &Path, scope: &Scope) -> Result<Altered, Failure> {
    let drafts = drafts::recorded(dir);
    let mut out = Vec::new();
    for (issuer, year) in &scope.years {
        out.extend(year_files::altered(store, dir, issuer, *year, &drafts)?);
    }
    for doc in &scope.docs {
        let mut made: Option<Vec<(String, Vec<u8>)>> = None;
        for name in files::document_file_names(doc) {
            let path = dir.join(&name);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let ok = match store.file_record(&name)? {
                Some((len, sha)) => meta.len() == len && files::file_sha256(&path).is_ok_and(|d| d == sha),
                None => {
                    let made = made.get_or_insert_with(|| files::document_files(doc));
                    let want = made.iter().find(|(n, _)| *n == name).map(|(_, b)| b);
                    std::fs::read(&path).ok().as_ref() == want
                }
            };
            if !ok {
                out.push(name);
            }
        }
    }
    Ok(Altered(out))
}

/// Every document's lines against what its digest covers. Problems refuse
/// the run; with `repair`, a document whose lines this run's inputs give
/// back exactly (their SHA-256 is the one committed) has them put back,
/// after the register as it was is copied aside. Returns the documents
/// repaired and where the copy is.
pub(super) fn check_lines(
    ctx: &crate::context::Context,
    store: &Store,
    candidates: &[Candidate],
    repair: bool,
) -> Result<(Vec<u64>, Option<PathBuf>), Failure> {
    let problems = store.lines_problems()?;
    if problems.is_empty() {
        return Ok((Vec::new(), None));
    }
    let here = |m| Diagnostic::new(m).in_file(store.path());
    if !repair {
        return Err(Diagnostics(problems.into_iter().map(|p| here(p.message)).collect()).into());
    }
    let mut fixes: Vec<(&LinesProblem, Vec<StoredLine>)> = Vec::new();
    let mut unrepairable = Diagnostics::new();
    for p in &problems {
        match p
            .edited
            .then(|| restored(store, p, candidates))
            .transpose()?
            .flatten()
        {
            Some(lines) => fixes.push((p, lines)),
            None => unrepairable.push(here(msg!("repair-lines-cannot", problem = p.message.clone()))),
        }
    }
    if !unrepairable.is_empty() {
        return Err(unrepairable.into());
    }
    let aside = ctx
        .copy_aside(store.path())
        .map_err(|e| crate::context::file::write_failure(store.path(), e))?;
    let mut repaired = Vec::new();
    for (p, lines) in fixes {
        if store.replace_lines(&p.issuer, p.number, &lines)? {
            repaired.push(p.number);
        }
    }
    Ok((repaired, Some(aside)))
}

/// The committed lines of a document whose lines were edited, as this
/// run's inputs give them: the run's document for the same recipient,
/// year and installment (negated for a credit note), whole, or only its
/// labels and accounts, or only its other fields, whichever gives the
/// SHA-256 the document's digest covers.
fn restored(
    store: &Store,
    p: &LinesProblem,
    candidates: &[Candidate],
) -> Result<Option<Vec<StoredLine>>, Failure> {
    let Some(doc) = store.get(&p.issuer, p.number)? else {
        return Ok(None);
    };
    let e = &doc.entry;
    let Some(part) = candidates
        .iter()
        .filter(|c| c.key == e.recipient_code)
        .flat_map(|c| &c.parts)
        .find(|d| {
            (d.entry.year, d.entry.installment, d.entry.installments)
                == (e.year, e.installment, e.installments)
        })
    else {
        return Ok(None);
    };
    let sign = if doc.entry.credits.is_some() {
        rust_decimal::Decimal::NEGATIVE_ONE
    } else {
        rust_decimal::Decimal::ONE
    };
    let theirs: Vec<StoredLine> = part
        .entry
        .lines
        .iter()
        .zip(&part.view.lines)
        .map(|(l, v)| StoredLine {
            activity: l.activity.clone(),
            charge: l.charge.clone(),
            basis: l.basis.clone(),
            label: v.label.clone(),
            account: v.account.clone(),
            amount_ore: ore(l.amount * sign).unwrap_or_default(),
        })
        .collect();
    let mut tries = vec![theirs.clone()];
    if theirs.len() == p.stored.len() {
        let mix = |labels_from_theirs: bool| -> Vec<StoredLine> {
            p.stored
                .iter()
                .zip(&theirs)
                .map(|(ours, t)| match labels_from_theirs {
                    true => StoredLine {
                        label: t.label.clone(),
                        account: t.account.clone(),
                        ..ours.clone()
                    },
                    false => StoredLine {
                        label: ours.label.clone(),
                        account: ours.account.clone(),
                        ..t.clone()
                    },
                })
                .collect()
        };
        tries.push(mix(true));
        tries.push(mix(false));
    }
    Ok(tries
        .into_iter()
        .find(|lines| store::stored_lines_sha256(lines) == p.lines_sha256))
}
