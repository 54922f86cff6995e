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
pub mod drafts;
pub mod einvoice;
pub mod fail;
pub mod files;
pub mod import;
mod integrity;
mod numbered;
pub mod plan;
pub mod store;
pub mod verify;
pub mod year_files;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::audit::{Recipe, TOOL};
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::invoice::{self, Invoice};
use crate::engine::model::{EInvoiceMode, Tariff};
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::inputs::Given;
use crate::inputs::Inputs;
use crate::msg;
use crate::read::recipients::{read_recipients, RecipientInfo};
use crate::write::pdf;
use document::{Document, LineView, View};
use einvoice::EInvoicing;
use plan::Candidate;

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Drafts,
    Final,
    Credit(u64),
    /// `--final --correct N`.
    Correct(u64),
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
    /// The private key that signs what the run commits (`--signing-key`,
    /// `AVGIFT_SIGNING_KEY`).
    pub signing_key: Option<&'a Path>,
    /// `--repair`: files and register lines that differ from what the
    /// register committed are made again, each altered copy kept.
    pub repair: bool,
    /// `--sign-existing`: documents committed before the register was
    /// signed are signed.
    pub sign_existing: bool,
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
        check_recipients(&batch, &recipients, &path, settings.einvoice, &mut problems);
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
    if matches!(req.mode, Mode::Final | Mode::Correct(_)) {
        payable(tariff).map_err(|d| Failure::Input(inputs.tariff.place(d)))?;
    }
    let candidates = cx.candidates(&batch, req, date)?;

    match req.mode {
        Mode::Drafts => drafts::drafts(ctx, req.dir, &candidates, tariff.year, &recipe),
        Mode::Final | Mode::Credit(_) | Mode::Correct(_) => {
            numbered::numbered(ctx, req, &cx, &batch, &candidates, date)
        }
    }
}

/// A final invoice must be payable: the issuer's organisation number,
/// postal address and bankgiro, each missing key named.
fn payable(tariff: &Tariff) -> Result<(), Diagnostics> {
    let issuer = &tariff.invoice.issuer;
    let mut problems = Diagnostics::new();
    let missing: [(&str, bool, crate::msg::Message); 3] = [
        (
            "invoice.issuer.org_nr",
            issuer.org_nr.is_empty(),
            msg!("ledger-payable-org-nr"),
        ),
        (
            "invoice.issuer.address",
            issuer.address.iter().all(|l| l.trim().is_empty()),
            msg!("ledger-payable-address"),
        ),
        (
            "invoice.issuer.bankgiro",
            issuer.bankgiro.is_empty(),
            msg!("ledger-payable-bankgiro"),
        ),
    ];
    for (key, is_missing, what) in missing {
        if is_missing {
            problems.push(Diagnostic::new(msg!("ledger-not-payable", what = what)).for_key(key));
        }
    }
    problems.into_result(())
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
    einvoice: EInvoiceMode,
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
                    name = msg::name(&inv.name)
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
        // Asked for Peppol, with e-invoices off: it would get none.
        if info.channel == "peppol" && einvoice == EInvoiceMode::Off {
            problems.push(
                Diagnostic::new(msg!("channel-peppol-off", key = key))
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
                .filter(|i| self.peppol(&i.recipient.key()))
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

    /// Whether a recipient gets a Peppol e-invoice: as its row in the
    /// recipients file says (`channel`), else every recipient with
    /// `einvoice = "required"` and each with an electronic address with
    /// `"when-possible"`.
    fn peppol(&self, key: &str) -> bool {
        if self.einvoice.is_none() {
            return false;
        }
        let info = self.recipients.get(key);
        match info.map(|i| i.channel.as_str()) {
            Some("pdf") => false,
            Some("peppol") => true,
            _ => match self.tariff.invoice.einvoice {
                EInvoiceMode::Required => true,
                EInvoiceMode::WhenPossible => {
                    info.is_some_and(|i| !i.peppol_id.is_empty() || !i.org_nr.is_empty())
                }
                EInvoiceMode::Off => false,
            },
        }
    }

    /// Who gets what, when e-invoices are on: the recipients of the run's
    /// documents by channel.
    fn channels_said(&self, new: &[Document], kept: &[Document]) -> Option<crate::msg::Message> {
        self.einvoice.as_ref()?;
        let (mut peppol, mut pdf): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for d in new.iter().chain(kept) {
            let list = if d.view.einvoice.is_some() {
                &mut peppol
            } else {
                &mut pdf
            };
            list.push(d.entry.recipient_code.clone());
        }
        if peppol.is_empty() && pdf.is_empty() {
            return None;
        }
        for l in [&mut peppol, &mut pdf] {
            l.sort();
            l.dedup();
        }
        let none = || "–".to_string();
        Some(msg!(
            "channel-summary",
            peppol = if peppol.is_empty() {
                none()
            } else {
                peppol.join(", ")
            },
            pdf = if pdf.is_empty() { none() } else { pdf.join(", ") }
        ))
    }

    /// The run's command as a person types it again, for the messages that
    /// say what to run next: `avgift invoice TARIFF -o DIR`.
    fn command(&self, req: &Request) -> String {
        format!(
            "avgift invoice {} -o {}",
            req.given.tariff.display(),
            req.dir.display()
        )
    }

    /// The document this run's inputs give for the recipient, year and
    /// installment of `e` (split as `e` was), unnumbered: what a
    /// correction compares it with.
    fn part(&self, batch: &[Invoice], e: &RegisterEntry, date: Date) -> Option<Document> {
        let inv = batch
            .iter()
            .find(|i| i.recipient.key() == e.recipient_code && i.year == e.year)?;
        let parts = invoice::installments(inv, e.installments);
        let p = parts.iter().find(|p| p.installment.0 == e.installment)?;
        let payment_days = i64::from(self.tariff.invoice.payment_days);
        let due = date
            .add_days(payment_days)
            .add_months(12 / e.installments.max(1) * (e.installment - 1));
        let mut problems = Diagnostics::new();
        Some(self.candidate(p, date, due, true, &mut problems))
    }

    /// An input problem placed at its tariff line.
    fn place(&self, f: Failure) -> Failure {
        match f {
            Failure::Input(d) => Failure::Input(self.source.place(d)),
            other => other,
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
            sha256: String::new(),
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
        let prepared = match (&self.einvoice, need_accounts && self.peppol(&e.recipient_code)) {
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
            correction: None,
            layout: document::LAYOUT,
        }
    }
}

/// The machine's date, only when asked for with `--date today`.
fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::new(1970, 1, 1).map(|epoch| epoch.add_days((secs / 86_400) as i64))
}
