//! Writing an invoice folder's files from what the register committed,
//! under the register's write lock: what stopped runs left removed, every
//! document file that is missing and every year's files whose documents
//! changed since they were written. A run that was stopped half-way is
//! completed by the next.

use std::path::Path;

use super::document::Document;
use super::files::{document_file_names, document_files, write_file, DOCUMENT_FILES};
use super::store::Store;
use super::year_files;
use crate::context::Context;
use crate::diag::Failure;

/// The process that left a temporary file (`.NAME.tmp-PID-N`).
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = &name[name.rfind(".tmp-")? + 5..];
    rest.split('-').next()?.parse().ok()
}

/// Whether a process is still running (where the system says: `/proc`);
/// elsewhere none is taken to be, since files are written under the
/// register's lock.
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
        || (Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes the temporary files in `leftovers` that processes no longer
/// running left (a run killed while it wrote).
pub fn remove_leftovers(ctx: &Context, dir: &Path, leftovers: &[String]) {
    for name in leftovers {
        if temporary_pid(name).is_none_or(|pid| !is_running(pid)) {
            let _ = ctx.remove_file(&dir.join(name));
        }
    }
}

/// Under the write lock: removes what stopped runs left (`leftovers`, the
/// temporary files found under the lock), writes every document file that
/// is missing (recording each one's length and SHA-256) and every year's
/// files whose documents changed since they were written. Documents up to
/// the recorded mark are looked at only when `all` (the caller found fewer
/// numbered files than documents, or moved some aside), so that a run
/// costs the same whatever the register holds. Returns how many files
/// were written.
pub fn sync(
    ctx: &Context,
    store: &Store,
    dir: &Path,
    leftovers: &[String],
    all: bool,
) -> Result<usize, Failure> {
    remove_leftovers(ctx, dir, leftovers);
    let from = match all {
        true => 0,
        false => store.files_written_up_to()?,
    };
    let exists = |name: &str| dir.join(name).exists();
    let mut missing: Vec<(String, u64)> = Vec::new();
    let xml_docs = all && store.einvoice_count()? > 0;
    let mut highest = from;
    for (issuer, key) in store.keys_after(from)? {
        highest = highest.max(key.number);
        // Looking at every document, an e-invoice may be missing too.
        if DOCUMENT_FILES.iter().any(|k| !exists(&k.name(&key)))
            || (xml_docs && !exists(&format!("{}.xml", key.stem())))
        {
            missing.push((issuer, key.number));
        }
    }
    let mut docs: Vec<Document> = Vec::new();
    for (issuer, number) in missing {
        let Some(doc) = store.get(&issuer, number)? else {
            continue;
        };
        // A document without an e-invoice whose PDF is there has nothing
        // missing.
        if !document_file_names(&doc).iter().all(|n| exists(n)) {
            docs.push(doc);
        }
    }
    let mut years = Vec::new();
    for now in year_files::years_to_write(store, dir)? {
        years.extend(year_files::year_update(store, dir, &now)?);
    }
    // Every file this run writes may be written, before the first is.
    let paths: Vec<std::path::PathBuf> = docs
        .iter()
        .flat_map(document_file_names)
        .chain(years.iter().map(|w| w.name.clone()))
        .map(|n| dir.join(n))
        .collect();
    ctx.check_outputs(paths.iter().map(|p| p.as_path()))?;
    // Two documents at a time, each made on a thread of its own and
    // written in order: a document may have many thousand lines, and its
    // files are held only until they are written.
    let mut written = 0;
    for pair in docs.chunks(2) {
        for (name, bytes) in pair_files(pair).into_iter().flatten() {
            if !exists(&name) {
                write_file(ctx, dir, &name, &bytes)?;
                store.set_file_record(&name, bytes.len() as u64, &crate::digest::sha256_hex(&bytes))?;
                written += 1;
            }
        }
    }
    store.set_files_written_up_to(from, highest)?;
    written += year_files::write(ctx, store, dir, &years)?;
    Ok(written)
}

/// The files of one or two documents, in their order: the second made on
/// another thread while the first is made here.
fn pair_files(pair: &[Document]) -> Vec<Vec<(String, Vec<u8>)>> {
    match pair {
        [first, second] => std::thread::scope(|scope| {
            let later = scope.spawn(|| document_files(second));
            let first = document_files(first);
            let second = later.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            vec![first, second]
        }),
        _ => pair.iter().map(document_files).collect(),
    }
}
