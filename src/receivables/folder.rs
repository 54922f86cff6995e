//! An invoice folder's register as the receivables commands open it:
//! under its write lock, checked, with the terms an invoicing run
//! recorded and the receivables' events read.

use std::path::Path;

use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::receivables::{Doc, Terms};
use crate::invoicing::files;
use crate::invoicing::store::ledger::Ledger;
use crate::invoicing::store::{self, Store};
use crate::msg;
use crate::signing::{PrivateKey, PublicKey};

use super::files as reminders;

/// An invoice folder's register, opened under its write lock and checked:
/// the documents' chains and numbers, the receivables' chain and details,
/// and the terms an invoicing run recorded.
pub struct Folder {
    pub store: Store,
    pub terms: Terms,
    pub ledger: Ledger,
    /// The issuer's documents as receivables see them, by number.
    pub docs: Vec<Doc>,
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

/// The keys of a receivables run, which reads no tariff: the public key
/// the last invoicing run recorded from its tariff (with the terms), else
/// the one the register records it is signed with; and the private key in
/// `signing_key`, which must pair with it.
fn keys(
    ctx: &Context,
    dir: &Path,
    store: &Store,
    signing_key: Option<&Path>,
) -> Result<(Option<PublicKey>, Option<PrivateKey>), Failure> {
    let from_terms = store.terms()?.map(|t| t.public_key).filter(|k| !k.is_empty());
    let text = match from_terms {
        Some(k) => Some(k),
        None => store.recorded_key()?,
    };
    let public = match text {
        Some(t) => Some(
            PublicKey::parse(&t).map_err(|m| Diagnostics::from(Diagnostic::new(m).in_file(store.path())))?,
        ),
        None => None,
    };
    let private = match signing_key {
        Some(path) => Some(crate::invoicing::private_key(ctx, path, dir, public.as_ref())?),
        None => None,
    };
    Ok((public, private))
}

/// What [`Folder::check`] reads: the terms, the receivables' events, the
/// documents, and the leftovers of stopped runs.
type Read = (Terms, Ledger, Vec<Doc>, Vec<String>);

impl Folder {
    /// Opens `dir`'s register and takes its lock; then checks it. The
    /// lock is held (a transaction is open) until [`Folder::commit`] or
    /// [`Folder::rollback`]. In a signed register, what the run commits is
    /// signed with the private key in `signing_key`, and committing
    /// without it is refused.
    pub fn open(ctx: &Context, dir: &Path, signing_key: Option<&Path>) -> Result<Folder, Failure> {
        Folder::open_to(ctx, dir, true, signing_key)
    }

    /// [`Folder::open`] to read only: the folder's files are not looked
    /// at (nothing will be written).
    pub fn open_to_read(ctx: &Context, dir: &Path) -> Result<Folder, Failure> {
        Folder::open_to(ctx, dir, false, None)
    }

    fn open_to(
        ctx: &Context,
        dir: &Path,
        write: bool,
        signing_key: Option<&Path>,
    ) -> Result<Folder, Failure> {
        let mut store = open(dir)?;
        store.begin(ctx)?;
        let keys = keys(ctx, dir, &store, signing_key);
        let checked = keys.and_then(|(public, private)| {
            store.set_keys(public, private);
            Folder::check(&store, dir, write)
        });
        match checked {
            Ok((terms, ledger, docs, leftovers)) => Ok(Folder {
                store,
                terms,
                ledger,
                docs,
                leftovers,
            }),
            Err(e) => {
                store.rollback();
                Err(e)
            }
        }
    }

    /// The checks of [`Folder::open`], and what the receivables read: the
    /// documents' chains checked (and the issuer's documents gathered as
    /// they are read for it) while two more connections read the
    /// receivables' events and the recipients' organisation numbers, and
    /// (for a run that writes) the folder's files are looked at (the
    /// leftovers of stopped runs kept).
    fn check(store: &Store, dir: &Path, write: bool) -> Result<Read, Failure> {
        let Some(terms) = store.terms()? else {
            let e = Diagnostics::from(Diagnostic::new(msg!("receivables-no-terms")).in_file(store.path()));
            return Err(e.into());
        };
        let held = store.number_range()?;
        let readers = store.reader()?.zip(store.reader()?);
        let stopped = || Failure::Other(msg!("folder-cannot-read", folder = dir));
        let issuer = terms.issuer.as_str();
        let (checked, scan, ledger, orgs) = std::thread::scope(|s| {
            let scan = s.spawn(|| match write {
                true => files::scan(dir, held),
                false => Ok(files::FolderScan::default()),
            });
            let reading = readers.map(|(for_ledger, for_orgs)| {
                (
                    s.spawn(move || for_ledger.ledger()),
                    s.spawn(move || for_orgs.recipients_org_nr(issuer)),
                )
            });
            let checked = store.check_and_gather(issuer);
            // Without readers (the schema changed in this transaction),
            // on this connection after the check.
            let (ledger, orgs) = match reading {
                Some((ledger, orgs)) => (
                    ledger.join().unwrap_or_else(|_| Err(stopped())),
                    orgs.join().unwrap_or_else(|_| Err(stopped())),
                ),
                None => (store.ledger(), store.recipients_org_nr(issuer)),
            };
            (checked, scan.join(), ledger, orgs)
        });
        let (problems, mut docs) = checked?;
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let orgs = orgs?;
        for d in &mut docs {
            if let Some(org) = orgs.get(&d.recipient_code) {
                d.org_nr.clone_from(org);
            }
        }
        let scan = scan.unwrap_or_else(|_| Err(stopped()))?;
        Ok((terms, ledger?, docs, scan.leftovers))
    }

    /// Says the receivables' head after a commit (the last event's
    /// SHA-256): an anchor to keep outside the folder, which `verify
    /// --head` takes back.
    pub fn say_head(&self, ctx: &Context) -> Result<(), Failure> {
        if let Some((seq, sha)) = self.store.receivables_head()? {
            ctx.say(&msg!("receivables-head", sha = sha, seq = seq));
        }
        Ok(())
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
    pub fn write_files(&mut self, ctx: &Context, dir: &Path) -> Result<usize, Failure> {
        self.store.begin(ctx)?;
        let leftovers = std::mem::take(&mut self.leftovers);
        let written = crate::invoicing::sync::sync(ctx, &self.store, dir, &leftovers, false)
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
