//! E-invoices for `avgift invoice --final`: what a Peppol BIS Billing 3.0
//! file needs is checked before anything is written, and each final
//! document (invoice, installment, credit note) becomes a UBL file beside
//! its PDF. The invoicing workflow calls [`EInvoicing::check`] once and
//! [`EInvoicing::write`] per document; nothing here reads or writes files.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::date::Date;
use crate::engine::ident::{ocr_reference, Bankgiro, OcrMethod, OrgNr, PeppolId};
use crate::engine::invoice::InvoiceLine;
use crate::engine::model::Tariff;
use crate::msg;
use crate::read::recipients::RecipientInfo;
use crate::sv;
use crate::write::ubl;

/// A final document as the register holds it.
pub struct Final<'a> {
    pub credit: bool,
    pub number: u64,
    pub year: i32,
    pub issue_date: Date,
    pub due_date: Date,
    /// (k, n): installment k of n.
    pub installment: (u32, u32),
    /// For a credit note: the credited invoice's number and date.
    pub credits: Option<(u64, Date)>,
    /// For a replacement or a difference invoice: the corrected invoice's
    /// number and date, and whether it replaces it (else it is the
    /// difference to it).
    pub corrects: Option<(u64, Date, bool)>,
    /// The document's layout (`View::layout`): 0 keeps the wording its
    /// file was made with.
    pub layout: u32,
    /// Municipality code or payer id, and the name the register has.
    pub recipient: (&'a str, &'a str),
    /// As invoiced (negative on a credit note).
    pub lines: &'a [InvoiceLine],
}

/// The OCR reference of a final document.
pub fn ocr(tariff: &Tariff, year: i32, number: u64) -> String {
    ocr_reference(tariff.invoice.ocr, year, number)
}

/// The payment reference's label on the PDF.
pub fn ocr_label(tariff: &Tariff) -> &'static str {
    if tariff.invoice.ocr == OcrMethod::None {
        "Referens"
    } else {
        "OCR-nummer"
    }
}

/// The PDF's payment instruction: `Ange OCR-nummer R vid betalning.`
/// (`Ange referens R vid betalning.` without a check digit).
pub fn payment_instruction(label: &str, ocr: &str) -> String {
    if label == "Referens" {
        format!("Ange referens {ocr} vid betalning.")
    } else {
        format!("Ange OCR-nummer {ocr} vid betalning.")
    }
}

/// What a document's e-invoice holds beyond the register entry, settled
/// when the document is made and kept with it in the register, so that its
/// UBL file is made again from the register alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub seller: ubl::Party,
    pub buyer: ubl::Party,
    pub buyer_reference: String,
    pub order_reference: String,
    /// Each line's item name, in the entry's order.
    pub line_names: Vec<String>,
    pub vat: ubl::VatCategory,
    pub vat_reason: String,
    /// Bankgiro digits.
    pub bankgiro: String,
    /// `OCR-nummer` or `Referens`.
    pub ocr_label: String,
    pub embed_pdf: bool,
    /// For a credit note: the credited invoice's issue date.
    pub credited_date: Option<String>,
}

impl Prepared {
    /// The UBL file of a numbered document from what the register holds.
    pub fn write(&self, d: &Final, ocr: &str, pdf: (&str, &[u8])) -> Vec<u8> {
        let sign = if d.credit { -Decimal::ONE } else { Decimal::ONE };
        let lines = d
            .lines
            .iter()
            .zip(&self.line_names)
            .map(|(l, name)| ubl::Line {
                name: name.clone(),
                description: l.basis.clone(),
                amount: l.amount * sign,
            })
            .collect();
        let note = match (d.credits, d.corrects, d.installment) {
            (Some((n, _)), _, _) if d.layout == 0 => format!("Kreditering av faktura {n}"),
            (Some((n, _)), _, _) => format!("Kreditering av faktura nr {n}"),
            (None, Some((n, _, true)), _) => format!("Ersätter faktura nr {n}"),
            (None, Some((n, _, false)), _) => format!("Rättelse av faktura nr {n}: mellanskillnad"),
            (None, None, (k, n)) if n > 1 => format!("Delbetalning {k} av {n} för {}", d.year),
            _ => format!("Avgifter {}", d.year),
        };
        let total: Decimal = d.lines.iter().map(|l| l.amount).sum();
        // Nothing to pay on a credit note, nor on an invoice that lowers
        // another (a negative difference): it is offset.
        let payment_terms = if d.credit || total < Decimal::ZERO {
            String::new()
        } else {
            format!(
                "Betalas senast {} till bankgiro {} med {} {ocr}.",
                d.due_date,
                Bankgiro::parse(&self.bankgiro)
                    .map(|b| b.display())
                    .unwrap_or_default(),
                self.ocr_label
            )
        };
        let doc = ubl::Document {
            kind: if d.credit {
                ubl::Kind::CreditNote
            } else {
                ubl::Kind::Invoice
            },
            number: d.number.to_string(),
            issue_date: d.issue_date.to_string(),
            due_date: d.due_date.to_string(),
            note,
            buyer_reference: self.buyer_reference.clone(),
            order_reference: self.order_reference.clone(),
            billing_reference: d
                .credits
                .or(d.corrects.map(|(n, date, _)| (n, date)))
                .map(|(n, date)| (n.to_string(), date.to_string())),
            seller: self.seller.clone(),
            buyer: self.buyer.clone(),
            lines,
            vat: self.vat,
            vat_reason: self.vat_reason.clone(),
            // No payment means where nothing is to be paid.
            bankgiro: match total < Decimal::ZERO {
                true => String::new(),
                false => self.bankgiro.clone(),
            },
            ocr: ocr.to_string(),
            payment_terms,
            pdf: self.embed_pdf.then(|| (pdf.0.to_string(), pdf.1.to_vec())),
        };
        ubl::write(&doc)
    }
}

/// The e-invoice settings of a tariff, ready to write documents.
pub struct EInvoicing<'a> {
    tariff: &'a Tariff,
    seller: ubl::Party,
    bankgiro: String,
    /// Activity name → id, to find a line's VAT category.
    activity_ids: BTreeMap<&'a str, &'a str>,
}

impl<'a> EInvoicing<'a> {
    /// `None` when the tariff has e-invoices off.
    pub fn new(tariff: &'a Tariff, issuer_name: &str) -> Option<EInvoicing<'a>> {
        let s = &tariff.invoice;
        if s.einvoice == crate::engine::model::EInvoiceMode::Off {
            return None;
        }
        // The reader has checked every identifier: these parse.
        let org_nr = OrgNr::parse(&s.issuer.org_nr)
            .map(|o| o.digits().to_string())
            .unwrap_or_default();
        Some(EInvoicing {
            tariff,
            seller: ubl::Party {
                name: issuer_name.to_string(),
                endpoint: endpoint(&s.issuer.peppol_id, &org_nr),
                org_nr,
                address: s.issuer.address.clone(),
                vat_id: s.issuer.vat_id.clone(),
            },
            bankgiro: Bankgiro::parse(&s.issuer.bankgiro)
                .map(|b| b.digits().to_string())
                .unwrap_or_default(),
            activity_ids: tariff
                .activities
                .iter()
                .map(|(id, a)| (a.name.as_str(), id.as_str()))
                .collect(),
        })
    }

    /// Everything that would stop an e-invoice to these recipients
    /// ((key, name, lines) each), every problem at once: the issuer's
    /// electronic address and bankgiro (tariff keys), each recipient's
    /// electronic address and reference (its row of the recipients file),
    /// and a document that would mix VAT categories.
    pub fn check(
        &self,
        recipients_file: Option<&Path>,
        recipients: &BTreeMap<String, RecipientInfo>,
        documents: &[(String, String, &[InvoiceLine])],
    ) -> Diagnostics {
        let mut problems = Diagnostics::new();
        if self.seller.endpoint.1.is_empty() {
            problems.push(Diagnostic::new(msg!("einvoice-issuer-address")).for_key("invoice.issuer"));
        }
        if self.bankgiro.is_empty() {
            problems.push(Diagnostic::new(msg!("einvoice-issuer-bankgiro")).for_key("invoice.issuer"));
        }
        let Some(file) = recipients_file else {
            problems.push(Diagnostic::new(msg!("einvoice-no-recipients-file")).for_key("invoice.einvoice"));
            return problems;
        };
        let mut seen = Vec::new();
        for (key, name, lines) in documents {
            if self.category(lines).is_none() {
                problems.push(mixed_vat(key, name).for_key("invoice.vat_category"));
            }
            if seen.contains(key) {
                continue;
            }
            seen.push(key.clone());
            // A recipient without a row is reported where the file is checked.
            let Some(info) = recipients.get(key) else { continue };
            let name = if info.name.is_empty() { name } else { &info.name };
            let at = |m: msg::Message| Diagnostic::new(m).in_file(file).at_line(info.line);
            if info.peppol_id.is_empty() && info.org_nr.is_empty() {
                problems.push(at(msg!(
                    "einvoice-recipient-address",
                    key = key,
                    name = msg::name(name)
                )));
            }
            if info.reference.is_empty() && info.order_reference.is_empty() {
                problems.push(at(msg!(
                    "einvoice-buyer-reference",
                    key = key,
                    name = msg::name(name)
                )));
            }
        }
        problems
    }

    /// O, or E when every line's activity is exempt; `None` when they would
    /// mix, which is an error (Peppol allows no other category beside O in
    /// one document).
    fn category(&self, lines: &[InvoiceLine]) -> Option<ubl::VatCategory> {
        let exempt = |l: &InvoiceLine| {
            self.activity_ids
                .get(l.activity.as_str())
                .is_some_and(|id| self.tariff.invoice.vat_exempt.iter().any(|e| e == id))
        };
        match (lines.iter().filter(|l| exempt(l)).count(), lines.len()) {
            (0, _) => Some(ubl::VatCategory::O),
            (e, n) if e == n => Some(ubl::VatCategory::E),
            _ => None,
        }
    }

    /// What the e-invoice of a document to `info` with these lines holds
    /// beyond the register entry; refused when its lines would mix VAT
    /// categories.
    pub fn prepare(
        &self,
        recipient: (&str, &str),
        lines: &[InvoiceLine],
        info: &RecipientInfo,
    ) -> Result<Prepared, Diagnostic> {
        let s = &self.tariff.invoice;
        let (key, name) = recipient;
        let vat = self.category(lines).ok_or_else(|| mixed_vat(key, name))?;
        // Each activity's count of lines, counted once: a document may
        // have a line per charge, many thousands.
        let mut per_activity: BTreeMap<&str, usize> = BTreeMap::new();
        for l in lines {
            *per_activity.entry(l.activity.as_str()).or_default() += 1;
        }
        let repeated = |activity: &str| per_activity.get(activity).is_some_and(|n| *n > 1);
        let line_names = lines
            .iter()
            .map(|l| {
                let charge = match self.tariff.charges.get(&l.charge).and_then(|c| c.name.clone()) {
                    Some(name) if name != l.activity => Some(name),
                    Some(_) => None,
                    None => repeated(&l.activity).then(|| l.charge.clone()),
                };
                match charge {
                    Some(c) => format!("{}: {c}", l.activity),
                    None => l.activity.clone(),
                }
            })
            .collect();
        Ok(Prepared {
            seller: self.seller.clone(),
            buyer: ubl::Party {
                name: if info.name.is_empty() {
                    name.to_string()
                } else {
                    info.name.clone()
                },
                org_nr: info.org_nr.clone(),
                endpoint: endpoint(&info.peppol_id, &info.org_nr),
                address: [info.address.clone(), info.postal_address.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect(),
                vat_id: String::new(),
            },
            buyer_reference: info.reference.clone(),
            order_reference: info.order_reference.clone(),
            line_names,
            vat,
            vat_reason: match vat {
                ubl::VatCategory::O => s.vat_exemption.clone(),
                ubl::VatCategory::E => s.vat_exempt_reason.clone(),
            },
            bankgiro: self.bankgiro.clone(),
            ocr_label: ocr_label(self.tariff).to_string(),
            embed_pdf: s.embed_pdf,
            credited_date: None,
        })
    }

    /// The UBL file of a final document; `pdf` is its PDF (file name,
    /// bytes), embedded when the tariff asks for it. The same as
    /// [`EInvoicing::prepare`] then [`Prepared::write`], which the register
    /// uses; a credit note without the invoice it credits is refused.
    pub fn write(&self, d: &Final, info: &RecipientInfo, pdf: (&str, &[u8])) -> Result<Vec<u8>, Diagnostic> {
        let (key, _) = d.recipient;
        if d.credit && d.credits.is_none() {
            return Err(Diagnostic::new(msg!(
                "einvoice-credit-without-invoice",
                number = d.number,
                key = key
            )));
        }
        let prepared = self.prepare(d.recipient, d.lines, info)?;
        Ok(prepared.write(d, &ocr(self.tariff, d.year, d.number), pdf))
    }
}

/// An e-invoice whose lines would mix VAT categories, refused.
fn mixed_vat(key: &str, name: &str) -> Diagnostic {
    Diagnostic::new(msg!("einvoice-mixed-vat", key = key, name = msg::name(name)))
}

/// The electronic address: the Peppol id, else the organisation number
/// under scheme 0007; empty without either.
fn endpoint(peppol_id: &str, org_nr: &str) -> (String, String) {
    match PeppolId::parse(peppol_id) {
        Ok(p) => (p.scheme, p.value),
        Err(_) if !org_nr.is_empty() => ("0007".to_string(), org_nr.to_string()),
        Err(_) => (String::new(), String::new()),
    }
}

/// The payment box of a final invoice's PDF: bankgiro, OCR, amount, due
/// date; `label` is [`ocr_label`]'s.
pub fn payment_box(
    label: &str,
    bankgiro: &str,
    ocr: &str,
    amount: Decimal,
    due: Date,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(b) = Bankgiro::parse(bankgiro) {
        out.push(("Bankgiro".to_string(), b.display()));
    }
    out.push((label.to_string(), ocr.to_string()));
    out.push(("Att betala".to_string(), format!("{} kr", sv::kr_int(amount))));
    out.push(("Förfallodatum".to_string(), due.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            endpoint("0088:7381039000012", "2120001504"),
            ("0088".into(), "7381039000012".into())
        );
        assert_eq!(endpoint("", "2120001504"), ("0007".into(), "2120001504".into()));
        assert_eq!(endpoint("", ""), (String::new(), String::new()));
    }

    #[test]
    fn credit_note_without_its_invoice_is_refused() {
        let mut tariff = Tariff {
            name: "T".into(),
            year: 2023,
            inputs: Default::default(),
            indices: Default::default(),
            groups: Default::default(),
            activities: Default::default(),
            payers: Default::default(),
            charges: Default::default(),
            adjustments: Vec::new(),
            projection: Default::default(),
            invoice: Default::default(),
            letter: Vec::new(),
        };
        tariff.invoice.einvoice = crate::engine::model::EInvoiceMode::Required;
        tariff.invoice.issuer.org_nr = "2120001561".into();
        tariff.invoice.issuer.bankgiro = "5050-1055".into();
        let ei = EInvoicing::new(&tariff, "T").unwrap();
        let date = Date::new(2023, 1, 16).unwrap();
        let lines = [InvoiceLine {
            activity: "A".into(),
            charge: "c".into(),
            basis: "b".into(),
            amount: Decimal::new(-5, 0),
        }];
        let mut d = Final {
            credit: true,
            number: 9,
            year: 2023,
            issue_date: date,
            due_date: date,
            installment: (1, 1),
            credits: None,
            corrects: None,
            layout: 1,
            recipient: ("1490", "Borås"),
            lines: &lines,
        };
        let info = RecipientInfo::default();
        let e = ei.write(&d, &info, ("x.pdf", b"")).unwrap_err();
        assert!(
            e.message.to_string().contains("names no invoice it credits"),
            "{}",
            e.message
        );
        d.credits = Some((8, date));
        let xml = String::from_utf8(ei.write(&d, &info, ("x.pdf", b"")).unwrap()).unwrap();
        assert!(xml.contains("<cbc:ID>8</cbc:ID>"));
        // Credited amounts are positive in a credit note.
        assert!(xml.contains("<cbc:PayableAmount currencyID=\"SEK\">5.00</cbc:PayableAmount>"));
    }
}
