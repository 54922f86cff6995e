//! A final, credit or correction run: the keys, then one transaction
//! (the register's write lock; the checks of everything the run relies
//! on: the chains and their signatures, every document's lines, the files
//! it extends or leaves in place; the plan; the insert; the commit), then
//! the files under the lock again, and what the run says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::drafts::{self, refuse_non_folder};
use super::fail::fail_point;
use super::integrity::{self, Altered};
use super::plan::{self, Candidate, CreditState, FinalState};
use super::request::{Mode, Request};
use super::settled::Context;
use super::store::{self, Store};
use super::{files, import};
use crate::audit::TOOL;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::date::Date;
use crate::engine::invoice::Invoice;
use crate::msg;
use crate::msg::Message;
use crate::signing::{PrivateKey, PublicKey};

/// A final, credit or correction run, in one transaction; then the files.
pub(super) fn numbered(
    ctx: &crate::context::Context,
    req: &Request,
    cx: &Context,
    batch: Vec<Invoice>,
    candidates: Vec<Candidate>,
    date: Date,
) -> Result<(), Failure> {
    let dir = req.dir;
    // The register is a database updated in place, which no sink in
    // memory can hold.
    if !ctx.writes_to_disk() {
        return Err(Failure::Other(msg!("invoicing-final-not-replayed")));
    }
    let db = dir.join(store::FILE);
    if !db.is_file() {
        refuse_without_register(dir, &db)?;
    }
    // A CSV register of the earlier format goes into a register that is
    // still empty (a refused import may have left an empty file).
    let importing = dir.join(import::CSV).is_file();
    if importing && !db.is_file() {
        import::read(ctx, dir, |e, p| cx.view(e, true, p), |e| cx.ocr(e)).map_err(|f| cx.place(f))?;
    }
    let (public, private) = keys(ctx, req, cx)?;
    // The register and the year's files may be written, before the first
    // is (each document's files are checked again before they are written).
    let mut paths: Vec<PathBuf> = vec![db.clone()];
    paths.extend(files::year_file_names(cx.tariff.year).iter().map(|n| dir.join(n)));
    ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
    refuse_non_folder(dir)?;
    drafts::make_folder(ctx, dir)?;
    let mut store = Store::open(dir, true)?.ok_or_else(|| Failure::Other(msg!("register-none")))?;
    store.set_keys(public, private);
    store.begin(ctx)?;
    let result = transaction(ctx, req, cx, &store, &batch, &candidates, date);
    // What the run compared and planned with is committed or refused: the
    // files are made from the register.
    drop((batch, candidates));
    let done = match result {
        Ok(r) => r,
        Err(e) => {
            store.rollback();
            return Err(e);
        }
    };
    store.commit()?;
    fail_point();
    after_commit(ctx, req, cx, &mut store, done)
}

/// What the transaction did, for the files and the summary.
struct Done {
    plan: plan::Plan,
    folder: FolderState,
    altered: Altered,
    /// Documents imported from a CSV register of the earlier format.
    imported: Option<usize>,
    /// Documents signed by `--sign-existing`.
    signed: usize,
    /// Documents whose lines `--repair` restored, and where the register
    /// as it was is kept.
    repaired_lines: Vec<u64>,
    register_aside: Option<PathBuf>,
}

/// The run's transaction, under the write lock: everything the run relies
/// on checked, the plan, the insert. The caller commits or rolls back.
fn transaction(
    ctx: &crate::context::Context,
    req: &Request,
    cx: &Context,
    store: &Store,
    batch: &[Invoice],
    candidates: &[Candidate],
    date: Date,
) -> Result<Done, Failure> {
    let dir = req.dir;
    fail_point();
    let mut imported = None;
    if importing(dir) && store.is_empty()? {
        imported = Some(
            import::import(ctx, store, dir, |e, p| cx.view(e, true, p), |e| cx.ocr(e))
                .map_err(|f| cx.place(f))?,
        );
    }
    let folder = check_register(store, cx, req)?;
    // Every document's lines, as committed; with --repair, lines that the
    // run's inputs give back exactly are restored (the register as it was
    // kept beside it).
    let (repaired_lines, register_aside) = integrity::check_lines(ctx, store, candidates, req.repair)?;
    let signed = match req.sign_existing {
        true if !store.can_sign() => {
            return Err(Diagnostics::from(
                Diagnostic::new(msg!("ledger-needs-private-key")).for_key("invoice.issuer.public_key"),
            )
            .into())
        }
        true => store.sign_unsigned()?,
        false => 0,
    };
    let plan = plan_documents(req, cx, store, batch, candidates, date)?;
    // The files the run extends or leaves in place, against the register:
    // one that differs is refused, or with --repair made again.
    let scope = integrity::scope(store, cx, req, &plan)?;
    let altered = integrity::altered(store, dir, &scope)?;
    if !altered.is_empty() && !req.repair {
        return Err(altered.refusal(dir).into());
    }
    // The new documents' files may be written, before anything is
    // committed.
    let paths: Vec<PathBuf> = plan
        .new
        .iter()
        .flat_map(files::document_file_names)
        .map(|n| dir.join(n))
        .collect();
    ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
    if !plan.new.is_empty() && store.is_signed() && !store.can_sign() {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("ledger-needs-private-key")).for_key("invoice.issuer.public_key"),
        )
        .into());
    }
    fail_point();
    store.insert(&plan.new)?;
    // What the receivables work by: the tariff's terms as of this run.
    store.set_terms(&cx.terms())?;
    fail_point();
    let mut plan = plan;
    plan.lighten();
    Ok(Done {
        plan,
        folder,
        altered,
        imported,
        signed,
        repaired_lines,
        register_aside,
    })
}

/// After the commit: altered files kept aside (`--repair`), every file
/// written that is missing or stale, drafts of a finalised batch removed,
/// and what the run did said.
fn after_commit(
    ctx: &crate::context::Context,
    req: &Request,
    cx: &Context,
    store: &mut Store,
    done: Done,
) -> Result<(), Failure> {
    let dir = req.dir;
    if let Some(n) = done.imported {
        ctx.say(&msg!(
            "invoicing-imported",
            n = msg::count(n),
            csv = import::CSV,
            lines = import::LINES_CSV,
            register = store::FILE
        ));
    }
    let kept_aside = done.altered.keep_aside(ctx, dir)?;
    let all = done.folder.all_files || !kept_aside.is_empty();
    let written = write_files(ctx, store, dir, &done.folder.leftovers, all)?;
    let mut removed = Vec::new();
    if matches!(req.mode, Mode::Final | Mode::Correct(_)) {
        let keys: Vec<String> = done
            .plan
            .new
            .iter()
            .chain(&done.plan.kept)
            .map(|d| d.entry.recipient_code.clone())
            .collect();
        removed = drafts::tidy(ctx, dir, cx.tariff.year, &keys, true)?;
    }
    let heads = store.heads()?;
    let said = Said {
        written,
        kept_aside,
        removed,
        heads,
    };
    announce(ctx, req, cx, &done, &said);
    Ok(())
}

/// Whether the folder holds a CSV register of the earlier format.
fn importing(dir: &Path) -> bool {
    dir.join(import::CSV).is_file()
}

/// The run's keys: the tariff's public key, and the private key given
/// (`--signing-key`, `AVGIFT_SIGNING_KEY`), which must be its pair and
/// must not lie in the invoice folder.
fn keys(
    ctx: &crate::context::Context,
    req: &Request,
    cx: &Context,
) -> Result<(Option<PublicKey>, Option<PrivateKey>), Failure> {
    let text = &cx.tariff.invoice.issuer.public_key;
    // The reader has checked the key: it parses.
    let public = (!text.is_empty()).then(|| PublicKey::parse(text).ok()).flatten();
    let Some(path) = req.signing_key else {
        return Ok((public, None));
    };
    let private = private_key(ctx, path, req.dir, public.as_ref())?;
    Ok((public, Some(private)))
}

/// The private key in the file `path` (kept outside the folder `dir`),
/// which must pair with `public`, the key the register is checked
/// against.
pub fn private_key(
    ctx: &crate::context::Context,
    path: &Path,
    dir: &Path,
    public: Option<&PublicKey>,
) -> Result<PrivateKey, Failure> {
    let refuse = |m: Message| -> Failure { Diagnostics::from(Diagnostic::new(m).in_file(path)).into() };
    if is_inside(path, dir) {
        return Err(refuse(msg!("ledger-key-in-folder", folder = dir)));
    }
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::SigningKey)
        .map_err(|d| Failure::from(Diagnostics::from(d)))?;
    let private = std::str::from_utf8(&bytes)
        .map_err(|_| msg!("ledger-expected-private-key"))
        .and_then(PrivateKey::from_pem)
        .map_err(refuse)?;
    let paired = private.public();
    match public {
        None => Err(refuse(msg!("ledger-key-without-public", key = paired.to_hex()))),
        Some(p) if *p != paired => Err(refuse(msg!(
            "ledger-key-mismatch",
            key = paired.to_hex(),
            public = p.to_hex()
        ))),
        Some(_) => Ok(private),
    }
}

/// Whether `file` lies in `dir` or a folder under it.
fn is_inside(file: &Path, dir: &Path) -> bool {
    let (Ok(dir), Some(parent)) = (dir.canonicalize(), std::path::absolute(file).ok()) else {
        return false;
    };
    let parent = parent.parent().and_then(|p| p.canonicalize().ok());
    parent.is_some_and(|p| p.starts_with(&dir))
}

/// The files, from what is committed, under the lock again so that two
/// runs never write the same file at once. Returns how many were written.
fn write_files(
    ctx: &crate::context::Context,
    store: &mut Store,
    dir: &Path,
    leftovers: &[String],
    all: bool,
) -> Result<usize, Failure> {
    store.begin(ctx)?;
    let written = match super::sync::sync(ctx, store, dir, leftovers, all) {
        Ok(n) => n,
        Err(e) => {
            store.rollback();
            return Err(e);
        }
    };
    fail_point();
    store.commit()?;
    Ok(written)
}

/// What the files made of the commit, for the summary.
struct Said {
    written: usize,
    kept_aside: Vec<(String, String)>,
    removed: Vec<String>,
    heads: Vec<(String, u64, String)>,
}

/// What a final, credit or correction run did, on standard error, as
/// every command announces its outputs: the documents, each changed
/// invoice with the command that corrects it, who gets what, what was
/// repaired or signed, the drafts removed, and the register's head.
fn announce(ctx: &crate::context::Context, req: &Request, cx: &Context, done: &Done, said: &Said) {
    let plan = &done.plan;
    let files = msg::count(said.written);
    let summary = match (req.mode, &plan.already) {
        (_, Some(already)) => match said.written {
            0 => msg!("ledger-files-complete", what = already.clone()),
            _ => msg!("ledger-files-completed", what = already.clone(), files = files),
        },
        (Mode::Credit(number), None) => msg!(
            "invoicing-credit-written",
            credit = plan.new.first().map_or(0, |d| d.entry.number),
            number = number,
            files = files,
            folder = req.dir
        ),
        (Mode::Correct(number), None) => match plan.new.as_slice() {
            [credit, replacement] => msg!(
                "correct-replaced",
                number = number,
                credit = credit.entry.number,
                replacement = replacement.entry.number,
                files = files,
                folder = req.dir
            ),
            [difference, ..] => msg!(
                "correct-difference",
                number = number,
                difference = difference.entry.number,
                amount = crate::sv::kr_int(difference.entry.amount),
                files = files,
                folder = req.dir
            ),
            [] => msg!("correct-nothing"),
        },
        _ => msg!(
            "invoicing-final-written",
            total = msg::count(plan.new.len() + plan.kept.len()),
            new = msg::count(plan.new.len()),
            unchanged = msg::count(plan.kept.len()),
            files = files,
            folder = req.dir
        ),
    };
    ctx.say(&summary);
    for changed in &plan.changed {
        ctx.say(&msg!("warning", message = ctx.text(changed)));
    }
    if let Some(channels) = cx.channels_said(&plan.new, &plan.kept) {
        ctx.say(&channels);
    }
    for number in &done.repaired_lines {
        ctx.say(&msg!("repair-lines", number = *number));
    }
    if let Some(aside) = &done.register_aside {
        ctx.say(&msg!("repair-register-kept", file = aside));
    }
    for (name, aside) in &said.kept_aside {
        ctx.say(&msg!(
            "repair-file",
            file = req.dir.join(name).as_path(),
            aside = req.dir.join(aside).as_path()
        ));
    }
    if done.signed > 0 {
        ctx.say(&msg!("ledger-signed-existing", n = msg::count(done.signed)));
    }
    if !said.removed.is_empty() {
        ctx.say(&msg!(
            "ledger-drafts-removed",
            n = msg::count(said.removed.len()),
            files = said.removed.join(", ")
        ));
    }
    for (_, number, sha) in &said.heads {
        ctx.say(&msg!("ledger-head", sha = sha, number = *number));
    }
}

/// What the folder's listing found, for writing the files.
struct FolderState {
    /// Temporary files that stopped runs left.
    leftovers: Vec<String>,
    /// Fewer numbered files than the documents have: look at them all.
    all_files: bool,
}

/// No register, but numbered files: the register was deleted (or never
/// copied with the folder), and numbering anew would reuse numbers.
fn refuse_without_register(dir: &Path, db: &Path) -> Result<(), Failure> {
    let held: Vec<String> = drafts::final_documents_in(dir)
        .into_iter()
        .filter(|n| n != import::CSV && n != import::LINES_CSV)
        .collect();
    if held.is_empty() {
        return Ok(());
    }
    Err(Diagnostics::from(
        Diagnostic::new(msg!(
            "folder-register-missing",
            files = format!(
                "{}{}",
                held.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                if held.len() > 3 { ", …" } else { "" }
            ),
            register = store::FILE
        ))
        .in_file(db),
    )
    .into())
}

/// Under the lock: the register's chains, numbers and signatures, its
/// issuer, and the folder against it (a numbered file the register does
/// not hold is a document deleted from it, or a register replaced).
fn check_register(store: &Store, cx: &Context, req: &Request) -> Result<FolderState, Failure> {
    let dir = req.dir;
    // The folder is looked at on another thread while the chains are
    // checked: both look at every document. The numbers held are those
    // from the register's first to its last (gap-free, as the check shows).
    let held = store.number_range()?;
    let (problems, scan) = std::thread::scope(|s| {
        let scan = s.spawn(|| files::scan(dir, held));
        let problems = store.check();
        (problems, scan.join())
    });
    let mut problems = problems?;
    // Documents committed unsigned are what --sign-existing signs.
    if req.sign_existing {
        problems.0.retain(|d| d.message.id() != "ledger-unsigned");
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let scan = scan.map_err(|_| Failure::Other(msg!("folder-cannot-read", folder = dir)))??;
    if let Some(other) = store.issuers()?.iter().find(|i| **i != cx.series) {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("register-other-issuer", other = other, series = &cx.series))
                .in_file(store.path()),
        )
        .into());
    }
    // A numbered file whose document the register does not hold: the
    // document was deleted from it (or the register replaced).
    if !scan.unknown.is_empty() {
        let mut unknown: Vec<Diagnostic> = scan
            .unknown
            .iter()
            .map(|(x, n)| {
                Diagnostic::new(msg!("folder-unknown-document", number = *x, file = n)).in_file(store.path())
            })
            .collect();
        unknown.sort_by_key(|d| d.message.to_string());
        unknown.truncate(20);
        return Err(Diagnostics(unknown).into());
    }
    let (numbered, xml, leftovers) = (scan.numbered, scan.xml, scan.leftovers);
    let documents = held.map_or(0, |(lo, hi)| hi - lo + 1) as usize;
    let all_files = numbered < documents * files::DOCUMENT_FILES.len()
        || ((xml > 0 || cx.einvoice.is_some()) && (xml as u64) < store.einvoice_count()?);
    Ok(FolderState { leftovers, all_files })
}

/// The run's plan from the register's state: a credit note, a
/// correction, or the final invoices to number; each new document with
/// its payment reference.
fn plan_documents(
    req: &Request,
    cx: &Context,
    store: &Store,
    batch: &[Invoice],
    candidates: &[Candidate],
    date: Date,
) -> Result<plan::Plan, Failure> {
    let next = store.next_number(&cx.series, cx.tariff.invoice.first_number)?;
    let mut plan = match req.mode {
        Mode::Credit(number) | Mode::Correct(number) => {
            let state = CreditState {
                next,
                original: store.get(&cx.series, number)?,
                credited_by: store.credited_by(&cx.series, number)?,
                corrections: store.corrections_of(&cx.series, number)?,
            };
            match req.mode {
                Mode::Correct(_) => {
                    let now = state
                        .original
                        .as_ref()
                        .and_then(|o| cx.part(batch, &o.entry, date));
                    let mode = match cx.tariff.invoice.corrections {
                        crate::engine::model::CorrectionMode::Replace => plan::CorrectionMode::Replace,
                        crate::engine::model::CorrectionMode::Difference => plan::CorrectionMode::Difference,
                    };
                    plan::correct(&state, number, now.as_ref(), mode, date, TOOL)?
                }
                _ => plan::credit(&state, number, date, TOOL)?,
            }
        }
        _ => {
            let mut state = FinalState {
                next,
                active: BTreeMap::new(),
            };
            for c in candidates {
                if let Some(year) = c.parts.first().map(|p| p.entry.year) {
                    state
                        .active
                        .insert(c.key.clone(), store.active(&cx.series, &c.key, year)?);
                }
            }
            plan::finalise(&state, candidates, &cx.command(req))
        }
    };
    // Each new document's payment reference (OCR), kept in the register;
    // an e-invoice refers to the invoice it credits or corrects by its
    // date as the register has it.
    for d in &mut plan.new {
        d.ocr = cx.ocr(&d.entry);
        let referred = d.entry.credits.or(d.view.correction.map(|c| c.number()));
        if let (Some(n), Some(ev)) = (referred, d.view.einvoice.as_mut()) {
            ev.credited_date = store
                .get(&cx.series, n)?
                .map(|o| o.entry.invoice_date.to_string());
        }
    }
    if matches!(req.mode, Mode::Credit(_) | Mode::Correct(_)) {
        let documents: Vec<(String, String, &[crate::engine::invoice::InvoiceLine])> = plan
            .new
            .iter()
            .filter(|d| d.view.einvoice.is_some())
            .map(|d| {
                (
                    d.entry.recipient_code.clone(),
                    d.entry.recipient.clone(),
                    &d.entry.lines[..],
                )
            })
            .collect();
        cx.check_einvoices(&documents)?;
    }
    Ok(plan)
}
