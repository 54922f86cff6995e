//! `avgift invoice`: one invoice per municipality and external payer, as
//! drafts or numbered from the register; credit notes; the accounting
//! system's SIE file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use rust_decimal::Decimal;

use super::einvoice::{self, EInvoicing};
use super::inputs::Inputs;
use super::{Common, Failure};
use crate::audit::{sha256_hex, Recipe, TOOL};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::invoice::{self, Invoice, InvoiceLine};
use crate::engine::model::Tariff;
use crate::read::recipients::{read_recipients, RecipientInfo};
use crate::read::register::{read_register, Entry, EntryKind, Register};
use crate::sv;
use crate::write::file::write_atomic;
use crate::write::{csv_text, money_csv, pdf, register, sie, CsvDialect};

#[derive(Debug, Args)]
pub struct InvoiceArgs {
    #[command(flatten)]
    pub common: Common,
    /// The folder to write invoices, the CSV, the SIE file and the register to.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Only these recipients (municipality code or payer id; repeatable).
    #[arg(long, value_name = "CODE")]
    pub only: Vec<String>,
    /// Invoice date [default: the tariff's invoice.date, else 1 January of
    /// its year]; `today` takes the machine's date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Split every invoice into 1, 2, 4 or 12 installments.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub installments: u32,
    /// Number the invoices from the register and write the SIE file (with
    /// invoice.einvoice, a Peppol BIS 3.0 e-invoice beside each PDF).
    #[arg(long = "final", conflicts_with = "credit")]
    pub finalise: bool,
    /// Issue a credit note for this final invoice number.
    #[arg(long, value_name = "NUMBER")]
    pub credit: Option<u64>,
}

/// What the run has settled before anything is written.
struct Run<'a> {
    tariff: &'a Tariff,
    /// The tariff as read, to place problems at its lines.
    source: &'a crate::read::tariff::LoadedTariff,
    series: String,
    issuer: pdf::Party,
    recipients: BTreeMap<String, RecipientInfo>,
    digest: String,
    recipe: Recipe,
    dir: &'a Path,
    /// With e-invoices on: what writes a UBL file beside each final PDF.
    einvoice: Option<EInvoicing<'a>>,
    recipients_file: Option<PathBuf>,
}

pub fn run(args: &InvoiceArgs) -> Result<(), Failure> {
    let inputs = Inputs::load(&args.common)?;
    let outcome = inputs.compute()?;
    let tariff = &inputs.tariff.tariff;
    let settings = &tariff.invoice;
    let mut provenance = inputs.provenance()?;
    let recipients = match &settings.recipients {
        Some(rel) => {
            let path = inputs.tariff.resolve(rel);
            let read = read_recipients(&path)?;
            provenance.add("recipients", &path).map_err(|e| {
                Diagnostics::from(Diagnostic::new(format!("cannot read: {e}")).in_file(&path))
            })?;
            read
        }
        None => BTreeMap::new(),
    };
    let digest = provenance.digest();
    let recipe = Recipe::of(&[&provenance]);
    let name = if settings.issuer.name.is_empty() {
        tariff.name.clone()
    } else {
        settings.issuer.name.clone()
    };
    let issuer = pdf::Party {
        name: name.clone(),
        org_nr: settings.issuer.org_nr.clone(),
        address: settings.issuer.address.clone(),
        bankgiro: settings.issuer.bankgiro.clone(),
        contact: settings.issuer.contact.clone(),
    };
    let series = if settings.issuer.org_nr.is_empty() {
        name
    } else {
        settings.issuer.org_nr.clone()
    };

    let mut problems = Diagnostics::new();
    let option = |o: &str| PathBuf::from(o);
    let date = match args.date.as_deref() {
        Some("today") => today(),
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| problems.push(Diagnostic::new(e).in_file(&option("--date"))))
            .ok(),
        None => settings.date.or(Date::new(tariff.year, 1, 1)),
    };
    if ![1, 2, 4, 12].contains(&args.installments) {
        problems.push(
            Diagnostic::new(format!(
                "expected 1, 2, 4 or 12 installments, found {}",
                args.installments
            ))
            .in_file(&option("--installments")),
        );
    }
    let mut batch = invoice::invoices(tariff, &outcome);
    // A recipients file names every recipient, and only recipients: a
    // missing one would be invoiced without its name and address, an extra
    // one is a typo.
    if let Some(rel) = &settings.recipients {
        let path = inputs.tariff.resolve(rel);
        for inv in &batch {
            if !recipients.contains_key(&inv.recipient.key()) {
                problems.push(
                    Diagnostic::new(format!(
                        "no row for {} ({}): every recipient needs one",
                        inv.recipient.key(),
                        inv.name
                    ))
                    .in_file(&path),
                );
            }
        }
        for key in recipients.keys() {
            if !batch.iter().any(|i| &i.recipient.key() == key) {
                problems.push(
                    Diagnostic::new(format!(
                        "{key} is not invoiced by this tariff (a municipality code or payer id?)"
                    ))
                    .in_file(&path),
                );
            }
        }
    }
    for key in &args.only {
        let key = key
            .parse::<crate::engine::Code>()
            .map(|c| c.to_string())
            .unwrap_or_else(|_| key.clone());
        if !batch.iter().any(|i| i.recipient.key() == key) {
            problems.push(Diagnostic::new(format!("no invoice goes to {key:?}")).in_file(&option("--only")));
        }
    }
    if !args.only.is_empty() {
        let keys: Vec<String> = args
            .only
            .iter()
            .map(|k| {
                k.parse::<crate::engine::Code>()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|_| k.clone())
            })
            .collect();
        batch.retain(|i| keys.contains(&i.recipient.key()));
    }
    let Some(date) = date else {
        return Err(problems.into());
    };
    if !problems.is_empty() {
        return Err(problems.into());
    }
    // Final invoices are dated in or next to their year: 2019 on a 2023
    // invoice is a slip of the keyboard.
    if args.finalise && (date.year - tariff.year).abs() > 1 {
        return Err(Diagnostics::from(
            Diagnostic::new(format!("a final {} invoice cannot be dated {date}", tariff.year))
                .in_file(&option("--date")),
        )
        .into());
    }
    // Drafts beside numbered invoices would overwrite what was sent.
    if !args.finalise && args.credit.is_none() && args.output.join("register.csv").exists() {
        return Err(Diagnostics::from(
            Diagnostic::new(
                "this folder holds final invoices (register.csv): write drafts to another folder",
            )
            .in_file(&args.output),
        )
        .into());
    }
    let run = Run {
        tariff,
        source: &inputs.tariff,
        series,
        einvoice: EInvoicing::new(tariff, &issuer.name),
        issuer,
        recipients,
        digest,
        recipe,
        dir: &args.output,
        recipients_file: settings.recipients.as_ref().map(|r| inputs.tariff.resolve(r)),
    };

    let planned: Vec<Invoice> = batch
        .iter()
        .flat_map(|i| invoice::installments(i, args.installments))
        .collect();
    let due = |k: u32, n: u32| {
        date.add_days(i64::from(settings.payment_days))
            .add_months(12 / n.max(1) * (k - 1))
    };

    if let Some(number) = args.credit {
        return credit(&run, number, date);
    }
    if !args.finalise {
        // Drafts: no numbers, no register, no SIE.
        let mut files = Vec::new();
        let mut rows = Vec::new();
        for inv in &planned {
            let (k, n) = inv.installment;
            let entry = entry_of(&run, inv, 0, EntryKind::Invoice, date, due(k, n), None);
            files.push((file_name(&entry), pdf::render(&run.document(&entry, true))));
            rows.extend(csv_rows(&entry, "draft", "", ""));
        }
        files.push((
            format!("fakturor-{}.csv", tariff.year),
            csv_file(rows).into_bytes(),
        ));
        return write_files(&run, files, None, &format!("{} drafts", planned.len()));
    }

    // Final: numbers from the register, the same ones again for the same inputs.
    let documents: Vec<_> = planned
        .iter()
        .map(|i| (i.recipient.key(), i.name.clone(), &i.lines[..]))
        .collect();
    run.check_einvoices(&documents)?;
    let mut register = read_register(run.dir)?;
    let mut conflicts = Diagnostics::new();
    let mut batch_entries: Vec<Entry> = Vec::new();
    let mut next = register.next_number(&run.series, settings.first_number);
    for inv in &batch {
        let key = inv.recipient.key();
        let parts: Vec<&Invoice> = planned.iter().filter(|p| p.recipient == inv.recipient).collect();
        let active: Vec<&Entry> = register.active(&run.series, &key, inv.year).collect();
        if active.is_empty() {
            for p in parts {
                let (k, n) = p.installment;
                batch_entries.push(entry_of(&run, p, next, EntryKind::Invoice, date, due(k, n), None));
                next += 1;
            }
            continue;
        }
        let same = active.len() == parts.len()
            && parts.iter().all(|p| {
                active.iter().any(|e| {
                    (e.installment, e.installments) == p.installment
                        && e.inputs_sha256 == run.digest
                        && e.lines == p.lines
                })
            });
        if same {
            batch_entries.extend(active.into_iter().cloned());
            continue;
        }
        for e in active {
            let part = parts
                .iter()
                .find(|p| p.installment == (e.installment, e.installments));
            let what = match part {
                Some(p) if p.lines == e.lines => format!(
                    "is unchanged but was made from other inputs; leave it out with --only, or credit it with --credit {}",
                    e.number
                ),
                Some(p) => format!(
                    "would change from {} kr to {} kr; credit it with --credit {}, then finalise it again with --only {key}",
                    sv::kr_int(e.amount),
                    sv::kr_int(p.total()),
                    e.number
                ),
                None => format!(
                    "was issued as installment {} of {}; credit it with --credit {} before invoicing in {} installment(s)",
                    e.installment,
                    e.installments,
                    e.number,
                    args.installments
                ),
            };
            conflicts.push(
                Diagnostic::new(format!(
                    "final invoice {} to {} for {} {what}",
                    e.number, e.recipient, e.year
                ))
                .in_file(&run.dir.join("register.csv")),
            );
        }
    }
    if !conflicts.is_empty() {
        return Err(conflicts.into());
    }
    let new: Vec<Entry> = batch_entries
        .iter()
        .filter(|e| register.get(&run.series, e.number).is_none())
        .cloned()
        .collect();
    register.entries.extend(new.iter().cloned());
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for e in &batch_entries {
        let pdf = pdf::render(&run.document(e, false));
        files.extend(run.einvoice_file(e, &register, &pdf)?);
        files.push((file_name(e), pdf));
    }
    let summary = format!(
        "{} final invoices ({} newly numbered)",
        batch_entries.len(),
        new.len()
    );
    finish(&run, files, register, &summary)
}

/// A credit note for a final invoice.
fn credit(run: &Run, number: u64, date: Date) -> Result<(), Failure> {
    let mut register = read_register(run.dir)?;
    let place = || PathBuf::from(format!("--credit {number}"));
    let original = match register.get(&run.series, number) {
        None => {
            return Err(Diagnostics::from(
                Diagnostic::new("no such final invoice in the register").in_file(&place()),
            )
            .into())
        }
        Some(e) if e.kind == EntryKind::Credit => {
            return Err(Diagnostics::from(
                Diagnostic::new("this is a credit note, not an invoice").in_file(&place()),
            )
            .into())
        }
        Some(e) if register.is_credited(&run.series, number) => {
            let by = register
                .entries
                .iter()
                .find(|c| c.credits == Some(e.number))
                .map_or(0, |c| c.number);
            return Err(Diagnostics::from(
                Diagnostic::new(format!("already credited by {by}")).in_file(&place()),
            )
            .into());
        }
        Some(e) => e.clone(),
    };
    let next = register.next_number(&run.series, run.tariff.invoice.first_number);
    let lines = invoice::credit(&Invoice {
        recipient: invoice::Recipient::Payer(original.recipient_code.clone()),
        name: original.recipient.clone(),
        year: original.year,
        installment: (original.installment, original.installments),
        lines: original.lines.clone(),
    })
    .lines;
    let entry = Entry {
        number: next,
        kind: EntryKind::Credit,
        invoice_date: date,
        due_date: date,
        amount: -original.amount,
        credits: Some(number),
        lines,
        ..original.clone()
    };
    run.check_einvoices(&[(
        entry.recipient_code.clone(),
        entry.recipient.clone(),
        &entry.lines[..],
    )])?;
    let pdf = pdf::render(&run.document(&entry, false));
    let mut files: Vec<(String, Vec<u8>)> = run.einvoice_file(&entry, &register, &pdf)?.into_iter().collect();
    files.push((file_name(&entry), pdf));
    register.entries.push(entry);
    finish(
        run,
        files,
        register,
        &format!("credit note {next} for invoice {number}"),
    )
}

impl Run<'_> {
    /// With e-invoices on, refuses (before anything is written) what a
    /// Peppol file could not carry.
    fn check_einvoices(&self, documents: &[(String, String, &[InvoiceLine])]) -> Result<(), Failure> {
        let Some(ei) = &self.einvoice else { return Ok(()) };
        let problems = ei.check(self.recipients_file.as_deref(), &self.recipients, documents);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(self.source.place(problems).into())
        }
    }

    /// The UBL file beside a final document's PDF, with e-invoices on.
    fn einvoice_file(
        &self,
        e: &Entry,
        register: &Register,
        pdf: &[u8],
    ) -> Result<Option<(String, Vec<u8>)>, Failure> {
        let Some(ei) = &self.einvoice else { return Ok(None) };
        // A credit note refers to its invoice as the register has it; one
        // the register has lost is refused before anything is written.
        let credited = e
            .credits
            .and_then(|n| register.get(&self.series, n).map(|o| (n, o.invoice_date)));
        let doc = einvoice::Final {
            credit: e.kind == EntryKind::Credit,
            number: e.number,
            year: e.year,
            issue_date: e.invoice_date,
            due_date: e.due_date,
            installment: (e.installment, e.installments),
            credits: credited,
            recipient: (&e.recipient_code, &e.recipient),
            lines: &e.lines,
        };
        let info = self
            .recipients
            .get(&e.recipient_code)
            .cloned()
            .unwrap_or_default();
        let name = file_name(e);
        let xml = ei.write(&doc, &info, (&name, pdf)).map_err(Diagnostics::from)?;
        Ok(Some((name.replace(".pdf", ".xml"), xml)))
    }

    /// The PDF's content for an entry.
    fn document(&self, e: &Entry, draft: bool) -> pdf::InvoiceDoc {
        let info = self
            .recipients
            .get(&e.recipient_code)
            .cloned()
            .unwrap_or_default();
        let recipient = pdf::Party {
            name: if info.name.is_empty() {
                e.recipient.clone()
            } else {
                info.name.clone()
            },
            org_nr: crate::engine::ident::OrgNr::parse(&info.org_nr)
                .map(|o| o.display())
                .unwrap_or_default(),
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
        let several: BTreeMap<&str, usize> = e.lines.iter().fold(BTreeMap::new(), |mut m, l| {
            *m.entry(l.activity.as_str()).or_default() += 1;
            m
        });
        let lines = e
            .lines
            .iter()
            .map(|l| {
                let charge = self
                    .tariff
                    .charges
                    .get(&l.charge)
                    .and_then(|c| c.name.clone())
                    .unwrap_or_else(|| l.charge.clone());
                pdf::InvoiceLine {
                    activity: if several[l.activity.as_str()] > 1 {
                        format!("{}: {charge}", l.activity)
                    } else {
                        l.activity.clone()
                    },
                    basis: l.basis.clone(),
                    amount: format!("{} kr", sv::kr_int(l.amount)),
                }
            })
            .collect();
        let number = (!draft).then(|| e.number.to_string());
        let mut payment = Vec::new();
        let mut payment_box = Vec::new();
        match (e.kind, &number) {
            (EntryKind::Credit, _) => payment.push("Beloppet krediteras: ingen betalning.".to_string()),
            (_, Some(_)) => {
                let ocr = einvoice::ocr(self.tariff, e.year, e.number);
                if !self.issuer.bankgiro.is_empty() {
                    payment.push(format!("Betalas till bankgiro {}.", self.issuer.bankgiro));
                }
                payment.push(einvoice::payment_instruction(self.tariff, &ocr));
                payment_box =
                    einvoice::payment_box(self.tariff, &self.issuer.bankgiro, &ocr, e.amount, e.due_date);
            }
            (_, None) => payment
                .push("Utkast: fakturanummer och betalningsreferens sätts när fakturan fastställs.".into()),
        }
        let reference_note = match (e.credits, e.installments) {
            (Some(c), _) => Some(format!("Kreditering av faktura {c}")),
            (None, n) if n > 1 => Some(format!("Delbetalning {} av {n} för {}", e.installment, e.year)),
            _ => Some(format!("Avgifter {}", e.year)),
        };
        pdf::InvoiceDoc {
            kind: if e.kind == EntryKind::Credit {
                "Kreditfaktura"
            } else {
                "Faktura"
            }
            .to_string(),
            draft,
            number,
            issuer: self.issuer.clone(),
            recipient,
            invoice_date: e.invoice_date.to_string(),
            due_date: e.due_date.to_string(),
            reference_note,
            lines,
            total: format!("{} kr", sv::kr_int(e.amount)),
            payment,
            payment_box,
            vat_statement: self.tariff.invoice.vat.clone(),
            footer: format!("{TOOL} · underlag SHA-256 {}", e.inputs_sha256),
        }
    }
}

fn entry_of(
    run: &Run,
    inv: &Invoice,
    number: u64,
    kind: EntryKind,
    date: Date,
    due: Date,
    credits: Option<u64>,
) -> Entry {
    Entry {
        number,
        issuer: run.series.clone(),
        kind,
        recipient_code: inv.recipient.key(),
        recipient: inv.name.clone(),
        year: inv.year,
        installment: inv.installment.0,
        installments: inv.installment.1,
        invoice_date: date,
        due_date: due,
        amount: inv.total(),
        credits,
        inputs_sha256: run.digest.clone(),
        lines: inv.lines.clone(),
    }
}

/// `faktura-2023-1490.pdf`, `faktura-2023-1490-2.pdf` (installment 2),
/// `kreditfaktura-2023-1490-1012.pdf`.
fn file_name(e: &Entry) -> String {
    match (e.kind, e.installments) {
        (EntryKind::Credit, _) => format!("kreditfaktura-{}-{}-{}.pdf", e.year, e.recipient_code, e.number),
        (_, 1) => format!("faktura-{}-{}.pdf", e.year, e.recipient_code),
        _ => format!("faktura-{}-{}-{}.pdf", e.year, e.recipient_code, e.installment),
    }
}

/// The CSV columns of `fakturor-<year>.csv`.
pub const CSV_COLUMNS: [&str; 12] = [
    "number",
    "status",
    "recipient_code",
    "recipient",
    "installment",
    "invoice_date",
    "due_date",
    "activity",
    "charge",
    "basis",
    "amount",
    "ocr",
];

fn csv_rows(e: &Entry, status: &str, number: &str, ocr: &str) -> Vec<Vec<String>> {
    e.lines
        .iter()
        .map(|l: &InvoiceLine| {
            vec![
                number.to_string(),
                status.to_string(),
                e.recipient_code.clone(),
                e.recipient.clone(),
                e.installment.to_string(),
                e.invoice_date.to_string(),
                e.due_date.to_string(),
                l.activity.clone(),
                l.charge.clone(),
                l.basis.clone(),
                money_csv(l.amount),
                ocr.to_string(),
            ]
        })
        .collect()
}

fn csv_file(rows: Vec<Vec<String>>) -> String {
    let header = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    csv_text(CsvDialect::Plain, std::iter::once(header).chain(rows))
}

/// The year's CSV and SIE from the register, then the register itself.
fn finish(
    run: &Run,
    mut files: Vec<(String, Vec<u8>)>,
    register: Register,
    summary: &str,
) -> Result<(), Failure> {
    let year = run.tariff.year;
    let mut entries: Vec<&Entry> = register
        .entries
        .iter()
        .filter(|e| e.issuer == run.series && e.year == year)
        .collect();
    entries.sort_by_key(|e| e.number);
    let rows = entries
        .iter()
        .flat_map(|e| {
            let status = if e.kind == EntryKind::Credit {
                "credit"
            } else {
                "final"
            };
            csv_rows(
                e,
                status,
                &e.number.to_string(),
                &einvoice::ocr(run.tariff, e.year, e.number),
            )
        })
        .collect();
    files.push((format!("fakturor-{year}.csv"), csv_file(rows).into_bytes()));
    files.push((format!("fakturor-{year}.si"), sie_file(run, &entries)?));
    write_files(run, files, Some(&register), summary)
}

/// One voucher per invoice: receivables debited, a revenue account per
/// activity credited (reversed for credit notes).
fn sie_file(run: &Run, entries: &[&Entry]) -> Result<Vec<u8>, Failure> {
    let settings = &run.tariff.invoice;
    let by_name: BTreeMap<&str, &str> = run
        .tariff
        .activities
        .iter()
        .map(|(id, a)| (a.name.as_str(), id.as_str()))
        .collect();
    let mut problems = Diagnostics::new();
    let receivables = settings.receivables.clone().unwrap_or_else(|| {
        problems.push(
            Diagnostic::new("the SIE file needs a receivables account: set invoice.accounts.receivables")
                .for_key("invoice.accounts"),
        );
        String::new()
    });
    let mut accounts: BTreeMap<String, String> = BTreeMap::new();
    accounts.insert(receivables.clone(), "Kundfordringar".to_string());
    let mut vouchers = Vec::new();
    for e in entries {
        let mut per_account: BTreeMap<String, Decimal> = BTreeMap::new();
        for l in &e.lines {
            let account = by_name
                .get(l.activity.as_str())
                .and_then(|id| settings.revenue.get(*id));
            match account {
                Some(a) => {
                    accounts.insert(a.clone(), l.activity.clone());
                    *per_account.entry(a.clone()).or_default() -= l.amount;
                }
                None => problems.push(
                    Diagnostic::new(format!(
                        "activity {:?} has no revenue account: set invoice.accounts.revenue.{}",
                        l.activity,
                        by_name.get(l.activity.as_str()).unwrap_or(&"ID")
                    ))
                    .for_key("invoice.accounts.revenue"),
                ),
            }
        }
        let mut transactions = vec![(receivables.clone(), e.amount)];
        transactions.extend(per_account);
        let what = if e.kind == EntryKind::Credit {
            "Kreditfaktura"
        } else {
            "Faktura"
        };
        let mut text = format!("{what} {} {}", e.number, e.recipient);
        if e.installments > 1 {
            text.push_str(&format!(", delbetalning {} av {}", e.installment, e.installments));
        }
        vouchers.push(sie::Voucher {
            date: e.invoice_date,
            text,
            transactions,
        });
    }
    if !problems.is_empty() {
        problems.0.dedup();
        return Err(run.source.place(problems).into());
    }
    let generated = entries.iter().map(|e| e.invoice_date).max().unwrap_or(Date {
        year: run.tariff.year,
        month: 1,
        day: 1,
    });
    let header = sie::Header {
        program: "avgift",
        version: env!("CARGO_PKG_VERSION"),
        generated,
        company: &run.issuer.name,
        org_nr: &run.issuer.org_nr,
        accounts: &accounts,
        note: &format!("{TOOL}, underlag SHA-256 {}", run.digest),
    };
    Ok(sie::write(&header, &vouchers))
}

/// Writes every file atomically, the register last: a failure half-way
/// leaves whole files and a register that does not yet know this run.
fn write_files(
    run: &Run,
    files: Vec<(String, Vec<u8>)>,
    register: Option<&Register>,
    summary: &str,
) -> Result<(), Failure> {
    let write = |name: &str, bytes: &[u8]| {
        let path = run.dir.join(name);
        write_atomic(&path, bytes)
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", path.display())))
    };
    if !crate::write::file::capturing() {
        std::fs::create_dir_all(run.dir)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", run.dir.display())))?;
    }
    for (name, bytes) in &files {
        write(name, bytes)?;
    }
    // The manifest keeps every document the folder holds: what earlier runs
    // wrote stays listed (with its digest) beside what this run wrote.
    let mut written: BTreeMap<String, String> = std::fs::read(run.dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["files"].as_object().cloned())
        .map(|files| {
            files
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    written.extend(
        files
            .iter()
            .map(|(name, bytes)| (name.clone(), sha256_hex(bytes))),
    );
    if let Some(r) = register {
        let (entries, lines) = register::write(r);
        write("register-lines.csv", lines.as_bytes())?;
        write("register.csv", entries.as_bytes())?;
        written.insert("register-lines.csv".into(), sha256_hex(lines.as_bytes()));
        written.insert("register.csv".into(), sha256_hex(entries.as_bytes()));
    }
    // What made this run's files, for `avgift verify DIR`.
    let manifest =
        serde_json::json!({"avgift_manifest": 1, "recipe": run.recipe.to_json(), "files": written});
    write(MANIFEST, crate::write::json::text(&manifest).as_bytes())?;
    super::emit(
        None,
        &format!(
            "{summary}: wrote {} files to {}\n",
            files.len() + 2 * usize::from(register.is_some()),
            run.dir.display()
        ),
    )
}

/// The manifest an invoice run leaves in its folder.
pub const MANIFEST: &str = "avgift-manifest.json";

/// The machine's date, only when asked for with `--date today`.
fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::new(1970, 1, 1).map(|epoch| epoch.add_days((secs / 86_400) as i64))
}
