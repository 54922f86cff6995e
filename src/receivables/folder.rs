//! An invoice folder's register as the receivables commands open it:
//! under its write lock, checked, with the terms an invoicing run
//! recorded and the receivables' events read.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::receivables::Terms;
use crate::invoicing::files;
use crate::invoicing::store::ledger::Ledger;
use crate::invoicing::store::{self, Store};
use crate::msg;

use super::files as reminders;

/// An invoice folder's register, opened under its write lock and checked:
/// the documents' chains and numbers, the receivables' chain and details,
/// and the terms an invoicing run recorded.
pub struct Folder {
    pub store: Store,
    pub terms: Terms,
    pub ledger: Ledger,
    /// Temporary files that stopped runs left.
    pub leftovers: Vec<String>,
}

/// The register of `dir`, or why there is none to work on (exit 2).
fn open(dir: &Path) -> Result<Store, Failure> {
    let db = dir.join(store::FILE);
    if !db.is_file() {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("receivables-no-register", register = store::FILE)).in_file(dir),
        )
        .into());
    }
    Store::open(dir, false)?.ok_or_else(|| Failure::Other(msg!("register-none")))
}

impl Folder {
    /// Opens `dir`'s register and takes its lock; then checks it. The
    /// lock is held (a transaction is open) until [`Folder::commit`] or
    /// [`Folder::rollback`].
    pub fn open(ctx: &crate::context::Context, dir: &Path) -> Result<Folder, Failure> {
        let mut store = open(dir)?;
        store.begin(ctx)?;
        match Folder::check(store, dir) {
            Ok(f) => Ok(f),
            Err((mut store, e)) => {
                store.rollback();
                Err(e)
            }
        }
    }

    /// The checks of [`Folder::open`]; the store back on failure, to be
    /// rolled back.
    fn check(store: Store, dir: &Path) -> Result<Folder, (Store, Failure)> {
        let held = match store.number_range() {
            Ok(h) => h,
            Err(e) => return Err((store, e)),
        };
        let (problems, scan) = std::thread::scope(|s| {
            let scan = s.spawn(|| files::scan(dir, held));
            (store.check(), scan.join())
        });
        let problems = match problems {
            Ok(p) => p,
            Err(e) => return Err((store, e)),
        };
        if !problems.is_empty() {
            return Err((store, problems.into()));
        }
        let scan = match scan {
            Ok(Ok(scan)) => scan,
            Ok(Err(e)) => return Err((store, e)),
            Err(_) => return Err((store, Failure::Other(msg!("folder-cannot-read", folder = dir)))),
        };
        let terms = match store.terms() {
            Ok(Some(t)) => t,
            Ok(None) => {
                let e = Diagnostics::from(
                    Diagnostic::new(msg!("receivables-no-terms")).in_file(store.path()),
                );
                return Err((store, e.into()));
            }
            Err(e) => return Err((store, e)),
        };
        let ledger = match store.ledger() {
            Ok(l) => l,
            Err(e) => return Err((store, e)),
        };
        Ok(Folder {
            store,
            terms,
            ledger,
            leftovers: scan.leftovers,
        })
    }

    pub fn commit(&mut self) -> Result<(), Failure> {
        self.store.commit()
    }

    pub fn rollback(&mut self) {
        self.store.rollback();
    }

    /// Under the lock again: every file of the folder that is missing or
    /// stale, the documents' (their PDFs, the year files with their
    /// payments) and the reminders'. Returns how many were written.
    pub fn write_files(&mut self, ctx: &crate::context::Context, dir: &Path) -> Result<usize, Failure> {
        self.store.begin(ctx)?;
        let leftovers = std::mem::take(&mut self.leftovers);
        let written = files::sync(ctx, &self.store, dir, &leftovers, false)
            .and_then(|n| Ok(n + reminders::sync(ctx, &self.store, dir)?));
        match written {
            Ok(n) => {
                crate::invoicing::fail::fail_point();
                self.store.commit()?;
                Ok(n)
            }
            Err(e) => {
                self.store.rollback();
                Err(e)
            }
        }
    }
}
