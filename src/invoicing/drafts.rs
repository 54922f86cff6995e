//! Drafts: PDFs marked UTKAST without numbers and the year's CSV with
//! status `draft`, in a folder that holds no final documents, with a
//! manifest of what was written; and, when a batch is finalised in the
//! same folder, the drafts of its recipients removed ([`tidy`]), only
//! those the manifest records and still as written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::document::{self, Document};
use super::plan::Candidate;
use super::{files, import, store, MANIFEST};
use crate::audit::Recipe;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::digest::sha256_hex;
use crate::msg;
use crate::write::pdf;

/// Whether a folder holds final documents: a register (either format), or
/// files named with a number. Drafts are refused there, so that nothing
/// sent is written over.
pub(super) fn final_documents_in(dir: &Path) -> Vec<String> {
    let Ok(names) = files::listing(dir) else {
        return Vec::new();
    };
    names
        .into_iter()
        .filter(|n| {
            n == store::FILE
                || n == import::CSV
                || (n.starts_with("register-") && n.ends_with(".csv"))
                || document::number_in_name(n).is_some()
        })
        .collect()
}

/// Drafts: no numbers, no register, no SIE; a manifest for `verify`.
pub fn drafts(
    ctx: &crate::context::Context,
    dir: &Path,
    candidates: &[Candidate],
    year: i32,
    recipe: &Recipe,
) -> Result<(), Failure> {
    let held = final_documents_in(dir);
    if let Some(first) = held.first() {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("folder-holds-final", file = first)).in_file(dir),
        )
        .into());
    }
    let mut out = Vec::new();
    let mut rows = crate::write::CsvOut::part(crate::write::CsvDialect::Plain);
    let parts: Vec<&Document> = candidates.iter().flat_map(|c| &c.parts).collect();
    for d in &parts {
        out.push((
            files::draft_name(&d.entry),
            pdf::render(&files::pdf_view(d, true)),
        ));
        files::csv_records(&mut rows, &d.entry, "draft", "", "");
    }
    let mut csv = files::csv_head();
    csv.extend(rows.into_bytes());
    out.push((format!("fakturor-{year}.csv"), csv));
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        ctx.write_file(&path, bytes)
            .map_err(|e| crate::context::file::write_failure(&path, e))
    };
    // Every file this run writes may be written, before the first is.
    let paths: Vec<PathBuf> = out
        .iter()
        .map(|(n, _)| dir.join(n))
        .chain([dir.join(MANIFEST)])
        .collect();
    ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
    refuse_non_folder(dir)?;
    make_folder(ctx, dir)?;
    for (name, bytes) in &out {
        write(name, bytes)?;
    }
    let written: BTreeMap<String, String> = out
        .iter()
        .map(|(name, bytes)| (name.clone(), sha256_hex(bytes)))
        .collect();
    let manifest = serde_json::json!({"avgift_manifest": 1, "recipe": recipe.to_json(), "files": written});
    write(MANIFEST, crate::write::json::text(&manifest).as_bytes())?;
    // Announced on standard error, as every command announces its outputs.
    ctx.say(&msg!(
        "invoicing-drafts-written",
        drafts = msg::count(parts.len()),
        files = msg::count(out.len()),
        folder = dir
    ));
    Ok(())
}

/// `-o` names a folder: a file there is refused before anything is written.
pub(super) fn refuse_non_folder(dir: &Path) -> Result<(), Failure> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostics::from(Diagnostic::new(msg!("folder-not-a-folder")).in_file(dir)).into());
    }
    Ok(())
}

/// Makes the invoice folder.
pub(super) fn make_folder(ctx: &crate::context::Context, dir: &Path) -> Result<(), Failure> {
    ctx.make_folder(dir).map_err(|e| {
        let other = msg!("folder-cannot-create", folder = dir, error = e.to_string());
        crate::context::file::folder_failure(dir, e, other)
    })
}

/// The draft files the folder's manifest records, with their SHA-256.
pub(super) fn recorded(dir: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return BTreeMap::new();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return BTreeMap::new();
    };
    v.get("files")
        .and_then(|f| f.as_object())
        .map(|f| {
            f.iter()
                .filter_map(|(n, d)| Some((n.clone(), d.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `name` is a draft's PDF of recipient `key` for `year`
/// (`faktura-2023-1490.pdf`, `faktura-2023-1490-2.pdf`).
fn is_draft_of(name: &str, year: i32, key: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(&format!("faktura-{year}-{key}"))
        .and_then(|r| r.strip_suffix(".pdf"))
    else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix('-')
            .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
}

/// After a batch of `year` was finalised for `keys`: removes the drafts of
/// those recipients that the manifest records and that are still as
/// written, and forgets the draft CSV when the final run has written the
/// year's CSV in its place; the manifest keeps what stays (and goes when
/// nothing does). Returns the files removed.
pub(super) fn tidy(
    ctx: &crate::context::Context,
    dir: &Path,
    year: i32,
    keys: &[String],
    csv_replaced: bool,
) -> Result<Vec<String>, Failure> {
    let mut files = recorded(dir);
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let mut removed = Vec::new();
    let csv = format!("fakturor-{year}.csv");
    let names: Vec<String> = files.keys().cloned().collect();
    for name in names {
        if name == csv && csv_replaced {
            files.remove(&name);
            continue;
        }
        if !keys.iter().any(|k| is_draft_of(&name, year, k)) {
            continue;
        }
        let path = dir.join(&name);
        match std::fs::read(&path) {
            Ok(bytes) if sha256_hex(&bytes) == files[&name] => {
                ctx.remove_file(&path)
                    .map_err(|e| crate::context::file::write_failure(&path, e))?;
                removed.push(name.clone());
                files.remove(&name);
            }
            // Changed by hand: not ours to remove.
            Ok(_) => {}
            Err(_) => {
                files.remove(&name);
            }
        }
    }
    let manifest = dir.join(MANIFEST);
    if files.is_empty() {
        ctx.remove_file(&manifest)
            .map_err(|e| crate::context::file::write_failure(&manifest, e))?;
    } else if let Ok(text) = std::fs::read_to_string(&manifest) {
        if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&text) {
            v["files"] = serde_json::json!(files);
            ctx.write_file(&manifest, crate::write::json::text(&v).as_bytes())
                .map_err(|e| crate::context::file::write_failure(&manifest, e))?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_told_by_their_names() {
        assert!(is_draft_of("faktura-2023-1490.pdf", 2023, "1490"));
        assert!(is_draft_of("faktura-2023-1490-12.pdf", 2023, "1490"));
        assert!(!is_draft_of("faktura-2023-14901.pdf", 2023, "1490"));
        assert!(!is_draft_of("faktura-2023-0008-1490.pdf", 2023, "1490"));
        assert!(!is_draft_of("faktura-2023-1490-.pdf", 2023, "1490"));
        assert!(!is_draft_of("faktura-2024-1490.pdf", 2023, "1490"));
        assert!(is_draft_of("faktura-2023-hsnk.pdf", 2023, "hsnk"));
    }
}
