//! The reminders' files: each reminder's PDF, made from the register
//! alone (the reminder's row and the document it reminds of).

use std::path::Path;

use super::letter::{self, Basis};
use crate::context::Context;
use crate::diag::{Diagnostic, Failure};
use crate::invoicing::store::Store;
use crate::msg;

/// Every reminder's PDF as the register gives it: (name, bytes), for
/// `verify`, or only those missing from `dir`.
pub fn files(store: &Store, dir: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let issuer = store.terms()?.map(|t| t.issuer).unwrap_or_default();
    let mut out = Vec::new();
    for (date, r) in store.reminder_rows()? {
        let Some(doc) = store.get(&issuer, r.number)? else {
            continue;
        };
        let name = letter::file_name(&doc, &date);
        if dir.is_some_and(|d| d.join(&name).exists()) {
            continue;
        }
        let basis = Basis::from_json(&r.basis).ok_or_else(|| {
            Failure::Input(
                Diagnostic::new(msg!("receivables-reminder-unreadable", number = r.number))
                    .in_file(store.path())
                    .into(),
            )
        })?;
        out.push((
            name,
            crate::write::pdf::render(&letter::view(&doc, &date, &r, &basis)),
        ));
    }
    Ok(out)
}

/// Under the lock: writes every reminder's PDF that is missing. Returns
/// how many were written.
pub fn sync(ctx: &Context, store: &Store, dir: &Path) -> Result<usize, Failure> {
    let missing = files(store, Some(dir))?;
    let paths: Vec<std::path::PathBuf> = missing.iter().map(|(n, _)| dir.join(n)).collect();
    ctx.check_outputs(paths.iter().map(|p| p.as_path()))?;
    for (name, bytes) in &missing {
        crate::invoicing::files::write_file(ctx, dir, name, bytes)?;
    }
    Ok(missing.len())
}
