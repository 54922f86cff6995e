//! The invoicing workflow: drafts, final invoices numbered from the
//! register, credit notes. `plan` decides (pure), `store` is the register
//! (SQLite), `files` makes and writes the files of what was committed,
//! `import` brings a CSV register of the earlier format into the database
//! once, `verify` checks a folder.
//!
//! A final or credit run: take the register's write lock, check its chains
//! and numbers, read the state, plan, insert, commit; then, under the lock
//! again, write every file that is missing or stale. A run stopped anywhere
//! leaves either nothing or everything committed, and the next run
//! completes the files.

pub mod document;
pub mod einvoice;
pub mod fail;
pub mod files;
pub mod import;
pub mod plan;
pub mod store;
pub mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::{Recipe, TOOL};
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::sha256_hex;
use crate::engine::date::Date;
use crate::engine::invoice::{self, Invoice};
use crate::engine::model::Tariff;
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::inputs::Given;
use crate::inputs::Inputs;
use crate::msg;
use crate::read::recipients::{read_recipients, RecipientInfo};
use crate::write::pdf;
use document::{Document, LineView, View};
use einvoice::EInvoicing;
use fail::fail_point;
use plan::{Candidate, CreditState, FinalState};
use store::Store;

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Drafts,
    Final,
    Credit(u64),
}

/// An invoicing run as the command line asks for it.
pub struct Request<'a> {
    pub given: &'a Given,
    pub dir: &'a Path,
    pub only: &'a [String],
    /// `YYYY-MM-DD` or `today`.
    pub date: Option<&'a str>,
    pub installments: u32,
    pub mode: Mode,
}

/// The manifest a draft run leaves in its folder.
pub use crate::emit::MANIFEST;

/// What the run has settled before it plans.
struct Context<'a> {
    tariff: &'a Tariff,
    source: &'a crate::read::tariff::LoadedTariff,
    series: String,
    issuer: pdf::Party,
    recipients: BTreeMap<String, RecipientInfo>,
    digest: String,
    /// With e-invoices on: what prepares each final document's UBL file.
    einvoice: Option<EInvoicing<'a>>,
    recipients_file: Option<PathBuf>,
}

pub fn run(ctx: &crate::context::Context, req: &Request) -> Result<(), Failure> {
    if req.dir.as_os_str() == "-" {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!("invoicing-not-stdout")).in_file(Path::new("-o -")),
        )
        .into());
    }
    let inputs = Inputs::load(ctx, req.given)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;
    let settings = &tariff.invoice;
    let mut provenance = inputs.provenance(ctx)?;
    let recipients = match &settings.recipients {
        Some(rel) => {
            let path = inputs.tariff.resolve(rel);
            let read = read_recipients(ctx, &path)
                .map_err(|d| inputs.tariff.place_file("invoice.recipients", &path, d))?;
            provenance
                .add(ctx, "recipients", &path)
                .map_err(crate::diag::Diagnostics::from)?;
            read
        }
        None => BTreeMap::new(),
    };
    let digest = provenance.digest();
    let recipe = Recipe::of(ctx, &[&provenance]);
    let (issuer, series) = issuer_of(tariff);

    let mut problems = Diagnostics::new();
    let option = |o: &str| PathBuf::from(o);
    let date = run_date(req.date, settings.date, tariff.year, &mut problems);
    if ![1, 2, 4, 12].contains(&req.installments) {
        problems.push(
            Diagnostic::new(msg!("invoicing-installments", found = req.installments))
                .in_file(&option("--installments")),
        );
    }
    let mut batch = invoice::invoices(tariff, &outcome);
    if let Some(rel) = &settings.recipients {
        let path = inputs.tariff.resolve(rel);
        check_recipients(&batch, &recipients, &path, &mut problems);
    }
    select_only(&mut batch, req.only, &mut problems);
    let Some(date) = date else {
        return Err(problems.into());
    };
    if !problems.is_empty() {
        return Err(problems.into());
    }
    // Final invoices are dated in or next to their year: 2019 on a 2023
    // invoice is a slip of the keyboard.
    if req.mode == Mode::Final && (date.year - tariff.year).abs() > 1 {
        return Err(Diagnostics::from(
            Diagnostic::new(msg!(
                "invoicing-final-date",
                year = tariff.year,
                date = date.to_string()
            ))
            .in_file(&option("--date")),
        )
        .into());
    }
    let cx = Context {
        tariff,
        source: &inputs.tariff,
        series,
        einvoice: EInvoicing::new(tariff, &issuer.name),
        issuer,
        recipients,
        digest,
        recipients_file: settings.recipients.as_ref().map(|r| inputs.tariff.resolve(r)),
    };
    let candidates = cx.candidates(&batch, req, date)?;

    match req.mode {
        Mode::Drafts => drafts(ctx, req.dir, &candidates, tariff.year, &recipe),
        Mode::Final | Mode::Credit(_) => numbered(ctx, req, &cx, &candidates, date),
    }
}

/// The issuer's party on the documents, and the series it numbers them
/// in (its organisation number, or its name without one).
fn issuer_of(tariff: &Tariff) -> (pdf::Party, String) {
    let settings = &tariff.invoice;
    let name = if settings.issuer.name.is_empty() {
        tariff.name.clone()
    } else {
        settings.issuer.name.clone()
    };
    let series = if settings.issuer.org_nr.is_empty() {
        name.clone()
    } else {
        settings.issuer.org_nr.clone()
    };
    let issuer = pdf::Party {
        name,
        org_nr: settings.issuer.org_nr.clone(),
        address: settings.issuer.address.clone(),
        bankgiro: settings.issuer.bankgiro.clone(),
        contact: settings.issuer.contact.clone(),
    };
    (issuer, series)
}

/// The invoice date: `--date` (a date or `today`), else the tariff's, else
/// 1 January of the year.
fn run_date(
    option: Option<&str>,
    tariff_date: Option<Date>,
    year: i32,
    problems: &mut Diagnostics,
) -> Option<Date> {
    match option {
        Some("today") => today(),
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| {
                let message = msg!("invoicing-date-option", why = e);
                problems.push(Diagnostic::new(message).in_file(Path::new("--date")))
            })
            .ok(),
        None => tariff_date.or(Date::new(year, 1, 1)),
    }
}

/// A recipients file names every recipient, and only recipients: a missing
/// one would be invoiced without its name and address, an extra one is a
/// typo.
fn check_recipients(
    batch: &[Invoice],
    recipients: &BTreeMap<String, RecipientInfo>,
    path: &Path,
    problems: &mut Diagnostics,
) {
    // A missing row belongs after the last one.
    let end = recipients.values().map(|r| r.line).max().unwrap_or(1) + 1;
    for inv in batch {
        if !recipients.contains_key(&inv.recipient.key()) {
            problems.push(
                Diagnostic::new(msg!(
                    "invoicing-recipient-no-row",
                    key = inv.recipient.key(),
                    name = &inv.name
                ))
                .in_file(path)
                .at_line(end),
            );
        }
    }
    for (key, info) in recipients {
        if !batch.iter().any(|i| &i.recipient.key() == key) {
            problems.push(
                Diagnostic::new(msg!("invoicing-recipient-not-invoiced", key = key))
                    .in_file(path)
                    .at_line(info.line),
            );
        }
    }
}

/// `--only`: the batch narrowed to the named recipients (municipality
/// codes as `0180` or `180`, payer ids as written); a name that no invoice
/// goes to is a problem that lists those that do.
fn select_only(batch: &mut Vec<Invoice>, only: &[String], problems: &mut Diagnostics) {
    let keys: Vec<String> = only
        .iter()
        .map(|k| {
            k.parse::<crate::engine::Code>()
                .map(|c| c.to_string())
                .unwrap_or_else(|_| k.clone())
        })
        .collect();
    for key in &keys {
        if !batch.iter().any(|i| &i.recipient.key() == key) {
            let mut known: Vec<String> = batch.iter().map(|i| i.recipient.key()).collect();
            known.sort();
            known.dedup();
            let message = msg!(
                "invoicing-only-unknown",
                key = msg::quoted(key),
                known = known.join(", ")
            );
            problems.push(Diagnostic::new(message).in_file(Path::new("--only")));
        }
    }
    if !keys.is_empty() {
        batch.retain(|i| keys.contains(&i.recipient.key()));
    }
}

impl Context<'_> {
    /// The run's documents, unnumbered: an invoice per recipient and
    /// installment. A final run needs every account and, with e-invoices
    /// on, what a Peppol file can carry: refused here, before anything is
    /// written (a credit note's, in its transaction).
    fn candidates(&self, batch: &[Invoice], req: &Request, date: Date) -> Result<Vec<Candidate>, Failure> {
        let payment_days = i64::from(self.tariff.invoice.payment_days);
        let due = |k: u32, n: u32| date.add_days(payment_days).add_months(12 / n.max(1) * (k - 1));
        let final_run = req.mode != Mode::Drafts;
        let mut account_problems = Diagnostics::new();
        let candidates: Vec<Candidate> = batch
            .iter()
            .map(|inv| Candidate {
                key: inv.recipient.key(),
                parts: invoice::installments(inv, req.installments)
                    .iter()
                    .map(|p| {
                        let (k, n) = p.installment;
                        self.candidate(p, date, due(k, n), final_run, &mut account_problems)
                    })
                    .collect(),
            })
            .collect();
        if req.mode == Mode::Final {
            let documents: Vec<(String, String, &[crate::engine::invoice::InvoiceLine])> = batch
                .iter()
                .map(|i| (i.recipient.key(), i.name.clone(), &i.lines[..]))
                .collect();
            self.check_einvoices(&documents)?;
        }
        if final_run && !account_problems.is_empty() {
            account_problems.0.dedup();
            return Err(self.source.place(account_problems).into());
        }
        Ok(candidates)
    }

    /// An input problem placed at its tariff line.
    fn place(&self, f: Failure) -> Failure {
        match f {
            Failure::Input(d) => Failure::Input(self.source.place(d)),
            other => other,
        }
    }

    /// The terms payments are matched and booked by, from the tariff.
    fn terms(&self) -> crate::engine::receivables::Terms {
        let settings = &self.tariff.invoice;
        crate::engine::receivables::Terms {
            issuer: self.series.clone(),
            issuer_name: self.issuer.name.clone(),
            org_nr: settings.issuer.org_nr.clone(),
            bankgiro: settings.issuer.bankgiro.clone(),
            receivables: settings.receivables.clone().unwrap_or_default(),
            bank: settings.bank.clone().unwrap_or_default(),
            ocr: settings.ocr,
        }
    }

    /// A numbered document's payment reference, as the tariff makes it.
    fn ocr(&self, e: &RegisterEntry) -> String {
        einvoice::ocr(self.tariff, e.year, e.number)
    }

    /// With e-invoices on, refuses (before anything is written) what a
    /// Peppol file could not carry.
    fn check_einvoices(
        &self,
        documents: &[(String, String, &[crate::engine::invoice::InvoiceLine])],
    ) -> Result<(), Failure> {
        let Some(ei) = &self.einvoice else { return Ok(()) };
        let problems = ei.check(self.recipients_file.as_deref(), &self.recipients, documents);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(self.source.place(problems).into())
        }
    }

    /// A document as this run would make it, unnumbered.
    fn candidate(
        &self,
        inv: &Invoice,
        date: Date,
        due: Date,
        need_accounts: bool,
        problems: &mut Diagnostics,
    ) -> Document {
        let entry = RegisterEntry {
            number: 0,
            issuer: self.series.clone(),
            kind: EntryKind::Invoice,
            recipient_code: inv.recipient.key(),
            recipient: inv.name.clone(),
            year: inv.year,
            installment: inv.installment.0,
            installments: inv.installment.1,
            invoice_date: date,
            due_date: due,
            amount: inv.total(),
            credits: None,
            inputs_sha256: self.digest.clone(),
            lines: inv.lines.clone(),
        };
        let view = self.view(&entry, need_accounts, problems);
        Document {
            entry,
            ocr: String::new(),
            view,
        }
    }

    /// Each line's label (the activity, with the charge when the activity
    /// has several lines) and revenue account.
    fn line_views(
        &self,
        e: &RegisterEntry,
        need_accounts: bool,
        problems: &mut Diagnostics,
    ) -> Vec<LineView> {
        let settings = &self.tariff.invoice;
        let several: BTreeMap<&str, usize> = e.lines.iter().fold(BTreeMap::new(), |mut m, l| {
            *m.entry(l.activity.as_str()).or_default() += 1;
            m
        });
        let by_name: BTreeMap<&str, &str> = self
            .tariff
            .activities
            .iter()
            .map(|(id, a)| (a.name.as_str(), id.as_str()))
            .collect();
        e.lines
            .iter()
            .map(|l| {
                let charge = self
                    .tariff
                    .charges
                    .get(&l.charge)
                    .and_then(|c| c.name.clone())
                    .unwrap_or_else(|| l.charge.clone());
                let label = if several[l.activity.as_str()] > 1 {
                    format!("{}: {charge}", l.activity)
                } else {
                    l.activity.clone()
                };
                let account = by_name
                    .get(l.activity.as_str())
                    .and_then(|id| settings.revenue.get(*id))
                    .cloned()
                    .unwrap_or_else(|| {
                        if need_accounts {
                            problems.push(
                                Diagnostic::new(msg!(
                                    "invoicing-no-revenue-account",
                                    activity = msg::quoted(&l.activity),
                                    id = *by_name.get(l.activity.as_str()).unwrap_or(&"ID")
                                ))
                                .for_key("invoice.accounts.revenue"),
                            );
                        }
                        String::new()
                    });
                LineView { label, account }
            })
            .collect()
    }

    /// The parties, labels and accounts of an entry, from the tariff and
    /// the recipients file.
    fn view(&self, e: &RegisterEntry, need_accounts: bool, problems: &mut Diagnostics) -> View {
        let settings = &self.tariff.invoice;
        let info = self
            .recipients
            .get(&e.recipient_code)
            .cloned()
            .unwrap_or_default();
        let prepared = match (&self.einvoice, need_accounts) {
            (Some(ei), true) => match ei.prepare((&e.recipient_code, &e.recipient), &e.lines, &info) {
                Ok(p) => Some(p),
                Err(d) => {
                    problems.push(d.for_key("invoice.vat_category"));
                    None
                }
            },
            _ => None,
        };
        let org_nr = crate::engine::ident::OrgNr::parse(&info.org_nr)
            .map(|o| o.display())
            .unwrap_or_default();
        let recipient = pdf::Party {
            name: if info.name.is_empty() {
                e.recipient.clone()
            } else {
                info.name.clone()
            },
            org_nr,
            address: [info.address, info.postal_address]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
            bankgiro: String::new(),
            contact: (!info.reference.is_empty())
                .then(|| format!("Er referens: {}", info.reference))
                .into_iter()
                .collect(),
        };
        let receivables = settings.receivables.clone().unwrap_or_else(|| {
            if need_accounts {
                problems.push(
                    Diagnostic::new(msg!("invoicing-no-receivables-account")).for_key("invoice.accounts"),
                );
            }
            String::new()
        });
        let lines = self.line_views(e, need_accounts, problems);
        // A what-if says so on the invoice itself, draft or final.
        let overrides: Vec<String> = self.source.overrides.iter().map(|o| o.text.clone()).collect();
        View {
            issuer: self.issuer.clone(),
            recipient,
            vat: settings.vat.clone(),
            whatif: crate::write::whatif::heading(&overrides).unwrap_or_default(),
            ocr_label: einvoice::ocr_label(self.tariff).to_string(),
            einvoice: prepared,
            tool: TOOL.to_string(),
            receivables,
            lines,
        }
    }
}

/// Whether a folder holds final documents: a register (either format), or
/// files named with a number. Drafts are refused there, so that nothing
/// sent is written over.
fn final_documents_in(dir: &Path) -> Vec<String> {
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
fn drafts(
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
    let mut rows = Vec::new();
    let parts: Vec<&Document> = candidates.iter().flat_map(|c| &c.parts).collect();
    for d in &parts {
        out.push((
            files::draft_name(&d.entry),
            pdf::render(&files::pdf_view(d, true)),
        ));
        rows.extend(files::csv_rows(&d.entry, "draft", "", ""));
    }
    out.push((format!("fakturor-{year}.csv"), files::csv_file(rows).into_bytes()));
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
    ctx.make_folder(dir)
        .map_err(|e| Failure::Other(msg!("folder-cannot-create", folder = dir, error = e.to_string())))?;
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
fn refuse_non_folder(dir: &Path) -> Result<(), Failure> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(Diagnostics::from(Diagnostic::new(msg!("folder-not-a-folder")).in_file(dir)).into());
    }
    Ok(())
}

/// A final or credit run, in one transaction; then the files.
fn numbered(
    ctx: &crate::context::Context,
    req: &Request,
    cx: &Context,
    candidates: &[Candidate],
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
    // The register and the year's files may be written, before the first
    // is (each document's files are checked again before they are written).
    let mut paths: Vec<PathBuf> = vec![db.clone()];
    paths.extend(files::year_file_names(cx.tariff.year).iter().map(|n| dir.join(n)));
    ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
    refuse_non_folder(dir)?;
    ctx.make_folder(dir)
        .map_err(|e| Failure::Other(msg!("folder-cannot-create", folder = dir, error = e.to_string())))?;
    let mut store = Store::open(dir, true)?.ok_or_else(|| Failure::Other(msg!("register-none")))?;
    store.begin(ctx)?;
    let result = (|| -> Result<(Committed, FolderState), Failure> {
        fail_point();
        let mut imported = None;
        if importing && store.is_empty()? {
            imported = Some(
                import::import(ctx, &store, dir, |e, p| cx.view(e, true, p), |e| cx.ocr(e))
                    .map_err(|f| cx.place(f))?,
            );
        }
        let folder = check_register(&store, cx, dir)?;
        let plan = plan_documents(req, cx, &store, candidates, date)?;
        // The new documents' files may be written, before anything is
        // committed.
        let paths: Vec<PathBuf> = plan
            .new
            .iter()
            .flat_map(files::document_file_names)
            .map(|n| dir.join(n))
            .collect();
        ctx.check_outputs(paths.iter().map(PathBuf::as_path))?;
        fail_point();
        store.insert(&plan.new)?;
        // What the receivables work by: the tariff's terms as of this run.
        store.set_terms(&cx.terms())?;
        fail_point();
        let committed = Committed {
            total: plan.new.len() + plan.kept.len(),
            new: plan.new.len(),
            imported,
            first_new: plan.new.first().map(|d| d.entry.number),
        };
        Ok((committed, folder))
    })();
    let (committed, folder) = match result {
        Ok(r) => r,
        Err(e) => {
            store.rollback();
            return Err(e);
        }
    };
    store.commit()?;
    fail_point();
    if let Some(n) = committed.imported {
        ctx.say(&msg!(
            "invoicing-imported",
            n = msg::count(n),
            csv = import::CSV,
            lines = import::LINES_CSV,
            register = store::FILE
        ));
    }
    let written = write_files(ctx, &mut store, dir, &folder)?;
    announce_numbered(ctx, req, &committed, written);
    Ok(())
}

/// What a final or credit run numbered and wrote, on standard error, as
/// every command announces its outputs.
fn announce_numbered(ctx: &crate::context::Context, req: &Request, committed: &Committed, written: usize) {
    let summary = match req.mode {
        Mode::Credit(number) => msg!(
            "invoicing-credit-written",
            credit = committed.first_new.unwrap_or_default(),
            number = number,
            files = msg::count(written),
            folder = req.dir
        ),
        _ => msg!(
            "invoicing-final-written",
            total = msg::count(committed.total),
            new = msg::count(committed.new),
            files = msg::count(written),
            folder = req.dir
        ),
    };
    ctx.say(&summary);
}

/// The files, from what is committed, under the lock again so that two
/// runs never write the same file at once. Returns how many were written.
fn write_files(
    ctx: &crate::context::Context,
    store: &mut Store,
    dir: &Path,
    folder: &FolderState,
) -> Result<usize, Failure> {
    store.begin(ctx)?;
    let written = match files::sync(ctx, store, dir, &folder.leftovers, folder.all_files) {
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

/// What a run's transaction committed.
struct Committed {
    /// Documents the run stands for: newly numbered and kept.
    total: usize,
    new: usize,
    /// Documents imported from a CSV register of the earlier format.
    imported: Option<usize>,
    first_new: Option<u64>,
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
    let held: Vec<String> = final_documents_in(dir)
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

/// Under the lock: the register's chains and numbers, its issuer, and the
/// folder against it (a numbered file the register does not hold is a
/// document deleted from it, or a register replaced).
fn check_register(store: &Store, cx: &Context, dir: &Path) -> Result<FolderState, Failure> {
    // The folder is looked at on another thread while the chains are
    // checked: both look at every document. The numbers held are those
    // from the register's first to its last (gap-free, as the check shows).
    let held = store.number_range()?;
    let (problems, scan) = std::thread::scope(|s| {
        let scan = s.spawn(|| files::scan(dir, held));
        let problems = store.check();
        (problems, scan.join())
    });
    let problems = problems?;
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

/// The run's plan from the register's state: a credit note, or the final
/// invoices to number; each new document with its payment reference.
fn plan_documents(
    req: &Request,
    cx: &Context,
    store: &Store,
    candidates: &[Candidate],
    date: Date,
) -> Result<plan::Plan, Failure> {
    let next = store.next_number(&cx.series, cx.tariff.invoice.first_number)?;
    let mut plan = match req.mode {
        Mode::Credit(number) => {
            let state = CreditState {
                next,
                original: store.get(&cx.series, number)?,
                credited_by: store.credited_by(&cx.series, number)?,
            };
            plan::credit(&state, number, date, TOOL)?
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
            plan::finalise(&state, candidates, &cx.digest, req.installments, store.path())?
        }
    };
    // Each new document's payment reference (OCR), kept in the register;
    // a credit note's e-invoice refers to its invoice as the register
    // has it.
    for d in &mut plan.new {
        d.ocr = cx.ocr(&d.entry);
        if let (Some(n), Some(ev)) = (d.entry.credits, d.view.einvoice.as_mut()) {
            ev.credited_date = store
                .get(&cx.series, n)?
                .map(|o| o.entry.invoice_date.to_string());
        }
    }
    if let Mode::Credit(_) = req.mode {
        let documents: Vec<(String, String, &[crate::engine::invoice::InvoiceLine])> = plan
            .new
            .iter()
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

/// The machine's date, only when asked for with `--date today`.
pub fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::new(1970, 1, 1).map(|epoch| epoch.add_days((secs / 86_400) as i64))
}
