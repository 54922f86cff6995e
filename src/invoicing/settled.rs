//! What an invoicing run has settled before it plans: the tariff, the
//! issuer and its series, the recipients, the inputs' digest, e-invoicing;
//! and the documents it makes from them: each recipient's candidates
//! (unnumbered), their parties, labels and accounts, and who gets a Peppol
//! e-invoice.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::document::{self, Document, LineView, View};
use super::einvoice::{self, EInvoicing};
use super::plan::Candidate;
use super::request::{Mode, Request};
use crate::audit::TOOL;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::engine::date::Date;
use crate::engine::invoice::{self, Invoice};
use crate::engine::model::{EInvoiceMode, Tariff};
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::msg;
use crate::read::recipients::RecipientInfo;
use crate::write::pdf;

/// What the run has settled before it plans.
pub(super) struct Context<'a> {
    pub(super) tariff: &'a Tariff,
    pub(super) source: &'a crate::read::tariff::LoadedTariff,
    pub(super) series: String,
    pub(super) issuer: pdf::Party,
    pub(super) recipients: BTreeMap<String, RecipientInfo>,
    pub(super) digest: String,
    /// With e-invoices on: what prepares each final document's UBL file.
    pub(super) einvoice: Option<EInvoicing<'a>>,
    /// The run's overrides as people read them, which mark each document.
    pub(super) whatif: Vec<String>,
    pub(super) recipients_file: Option<PathBuf>,
}

impl Context<'_> {
    /// The run's documents, unnumbered: an invoice per recipient and
    /// installment. A final run needs every account and, with e-invoices
    /// on, what a Peppol file can carry: refused here, before anything is
    /// written (a credit note's, in its transaction).
    pub(super) fn candidates(
        &self,
        batch: &[Invoice],
        req: &Request,
        date: Date,
    ) -> Result<Vec<Candidate>, Failure> {
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
    pub(super) fn peppol(&self, key: &str) -> bool {
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
    pub(super) fn channels_said(&self, new: &[Document], kept: &[Document]) -> Option<crate::msg::Message> {
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
    pub(super) fn command(&self, req: &Request) -> String {
        format!(
            "avgift invoice {} -o {}",
            req.given.tariff.display(),
            req.dir.display()
        )
    }

    /// The document this run's inputs give for the recipient, year and
    /// installment of `e` (split as `e` was), unnumbered: what a
    /// correction compares it with.
    pub(super) fn part(&self, batch: &[Invoice], e: &RegisterEntry, date: Date) -> Option<Document> {
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
    pub(super) fn place(&self, f: Failure) -> Failure {
        match f {
            Failure::Input(d) => Failure::Input(self.source.place(d)),
            other => other,
        }
    }

    /// The terms payments are matched and booked by, from the tariff.
    pub(super) fn terms(&self) -> crate::engine::receivables::Terms {
        let settings = &self.tariff.invoice;
        crate::engine::receivables::Terms {
            issuer: self.series.clone(),
            issuer_name: self.issuer.name.clone(),
            org_nr: settings.issuer.org_nr.clone(),
            bankgiro: settings.issuer.bankgiro.clone(),
            receivables: settings.receivables.clone().unwrap_or_default(),
            bank: settings.bank.clone().unwrap_or_default(),
            ocr: settings.ocr,
            public_key: settings.issuer.public_key.clone(),
        }
    }

    /// A numbered document's payment reference, as the tariff makes it.
    pub(super) fn ocr(&self, e: &RegisterEntry) -> String {
        einvoice::ocr(self.tariff, e.year, e.number)
    }

    /// With e-invoices on, refuses (before anything is written) what a
    /// Peppol file could not carry.
    pub(super) fn check_einvoices(
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
    pub(super) fn candidate(
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
    pub(super) fn line_views(
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
    pub(super) fn view(&self, e: &RegisterEntry, need_accounts: bool, problems: &mut Diagnostics) -> View {
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
        View {
            issuer: self.issuer.clone(),
            recipient,
            vat: settings.vat.clone(),
            whatif: crate::write::whatif::heading(&self.whatif).unwrap_or_default(),
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
