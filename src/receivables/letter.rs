//! A reminder as a PDF ("Betalningspåminnelse"), made with the invoice's
//! PDF engine from the reminder's row and the document it reminds of: the
//! same parties, OCR reference and original due date, the amount
//! outstanding, and the interest and fee when the run asked for them.
//! Everything it shows is in the register, so `verify` makes it again.

use rust_decimal::Decimal;

use crate::engine::date::Date;
use crate::engine::receivables::interest::Period;
use crate::invoicing::document::Document;
use crate::invoicing::einvoice;
use crate::invoicing::store::ledger::ReminderRow;
use crate::sv;
use crate::write::pdf;

/// What a reminder shows beyond its amounts, as its row keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Basis {
    /// The invoice on the reminder's date: invoiced, credited, paid.
    pub invoiced: Decimal,
    pub credited: Decimal,
    pub paid: Decimal,
    pub credit_notes: Vec<u64>,
    /// With interest: the reference rate and the yearly rate (fractions),
    /// and the periods it ran over.
    pub interest: Option<(Decimal, Decimal, Vec<Period>)>,
    /// The program that made the reminder.
    pub tool: String,
}

impl Basis {
    pub fn to_json(&self) -> String {
        let money = |d: Decimal| d.to_string();
        let mut v = serde_json::json!({
            "invoiced": money(self.invoiced),
            "credited": money(self.credited),
            "paid": money(self.paid),
            "credit_notes": self.credit_notes,
            "tool": self.tool,
        });
        if let Some((reference, rate, periods)) = &self.interest {
            let periods: Vec<serde_json::Value> = periods
                .iter()
                .map(|p| serde_json::json!([p.from.to_string(), p.to.to_string(), p.days, money(p.base)]))
                .collect();
            v["interest"] = serde_json::json!({
                "reference_rate": money(*reference),
                "rate": money(*rate),
                "periods": periods,
            });
        }
        v.to_string()
    }

    pub fn from_json(text: &str) -> Option<Basis> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        let money = |v: &serde_json::Value| -> Option<Decimal> { v.as_str()?.parse().ok() };
        let date = |v: &serde_json::Value| -> Option<Date> { v.as_str()?.parse().ok() };
        let interest = match v.get("interest") {
            None => None,
            Some(i) => {
                let periods = i["periods"]
                    .as_array()?
                    .iter()
                    .map(|p| {
                        Some(Period {
                            from: date(&p[0])?,
                            to: date(&p[1])?,
                            days: p[2].as_i64()?,
                            base: money(&p[3])?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some((money(&i["reference_rate"])?, money(&i["rate"])?, periods))
            }
        };
        Some(Basis {
            invoiced: money(&v["invoiced"])?,
            credited: money(&v["credited"])?,
            paid: money(&v["paid"])?,
            credit_notes: v["credit_notes"]
                .as_array()?
                .iter()
                .map(|n| n.as_u64())
                .collect::<Option<Vec<_>>>()?,
            interest,
            tool: v["tool"].as_str()?.to_string(),
        })
    }
}

/// A reminder's file name: `paminnelse-2023-0008-1490-2023-03-31.pdf`.
pub fn file_name(doc: &Document, date: &str) -> String {
    format!(
        "paminnelse-{}-{:04}-{}-{date}.pdf",
        doc.entry.year, doc.entry.number, doc.entry.recipient_code
    )
}

/// Kronor as a letter shows them: whole (`480 014 kr`), else with öre
/// (`6 943,70 kr`).
fn kr(amount: Decimal) -> String {
    if amount.fract().is_zero() {
        format!("{} kr", sv::kr_int(amount))
    } else {
        format!("{} kr", sv::num_dp(amount, 2))
    }
}

/// A percentage as a letter shows it: `12 %`, `11,5 %`.
fn percent(fraction: Decimal) -> String {
    sv::pct(fraction.normalize())
}

/// What the reminder's PDF shows.
pub fn view(doc: &Document, date: &str, r: &ReminderRow, basis: &Basis) -> pdf::InvoiceDoc {
    let e = &doc.entry;
    let line = |activity: String, basis: String, amount: Decimal| pdf::InvoiceLine {
        activity,
        basis,
        amount: kr(amount),
    };
    let mut lines = vec![line(
        format!("Faktura {}", e.number),
        format!("Fakturadatum {}, förfallodatum {}", e.invoice_date, e.due_date),
        basis.invoiced,
    )];
    if !basis.credited.is_zero() {
        let notes: Vec<String> = basis.credit_notes.iter().map(u64::to_string).collect();
        lines.push(line(
            "Krediterat".to_string(),
            format!("Kreditfaktura {}", notes.join(", ")),
            -basis.credited,
        ));
    }
    if !basis.paid.is_zero() {
        // Deductions alone (money taken back) add to what is owed.
        let what = if basis.paid > Decimal::ZERO {
            "Inbetalt"
        } else {
            "Avdrag"
        };
        lines.push(line(
            what.to_string(),
            format!("Till och med {date}"),
            -basis.paid,
        ));
    }
    if let Some((reference, rate, periods)) = &basis.interest {
        let spans: Vec<String> = periods
            .iter()
            .map(|p| format!("på {} {}–{} ({} dagar)", kr(p.base), p.from, p.to, p.days))
            .collect();
        lines.push(line(
            "Dröjsmålsränta".to_string(),
            format!(
                "{} per år (referensränta {} + 8 procentenheter, räntelagen 6 §): {}",
                percent(*rate),
                percent(*reference),
                spans.join("; ")
            ),
            r.interest,
        ));
    }
    if !r.fee.is_zero() {
        lines.push(line("Påminnelseavgift".to_string(), String::new(), r.fee));
    }
    let total = r.outstanding + r.interest + r.fee;
    let (payment, payment_box) = payment(doc, r, total);
    let which = match r.ordinal {
        1 => "Betalningspåminnelse".to_string(),
        n => format!("Betalningspåminnelse {n}"),
    };
    pdf::InvoiceDoc {
        // Hyphenated where the heading's column breaks it.
        kind: "Betalnings-påminnelse".to_string(),
        draft: false,
        number: Some(e.number.to_string()),
        issuer: doc.view.issuer.clone(),
        recipient: doc.view.recipient.clone(),
        invoice_date: e.invoice_date.to_string(),
        due_date: e.due_date.to_string(),
        reference_note: Some(format!(
            "{which} {date}: faktura {} förföll till betalning {} och {} återstår att betala.",
            e.number,
            e.due_date,
            kr(r.outstanding)
        )),
        lines,
        total: kr(total),
        // "Summa att betala": what the reminder asks.
        total_label: String::new(),
        payment,
        payment_box,
        vat_statement: doc.view.vat.clone(),
        // Deflated at the level reminders were always made with, so that
        // `verify` makes each one again byte for byte.
        deflate_level: 0,
        footer: format!("{} · påminnelse om faktura {} · {date}", basis.tool, e.number),
    }
}

/// How to pay what a reminder asks: the lines and the payment box (the
/// invoice's, with what the reminder asks and its pay-by date).
fn payment(doc: &Document, r: &ReminderRow, total: Decimal) -> (Vec<String>, Vec<(String, String)>) {
    let mut payment = Vec::new();
    if !doc.view.issuer.bankgiro.is_empty() {
        payment.push(format!("Betalas till bankgiro {}.", doc.view.issuer.bankgiro));
    }
    let label = if doc.view.ocr_label.is_empty() {
        "OCR-nummer"
    } else {
        doc.view.ocr_label.as_str()
    };
    if !doc.ocr.is_empty() {
        payment.push(einvoice::payment_instruction(label, &doc.ocr));
    }
    payment.push(format!("Betala senast {}.", r.pay_by));
    payment.push("Har ni redan betalat kan ni bortse från denna påminnelse.".to_string());
    let mut payment_box = einvoice::payment_box(label, &doc.view.issuer.bankgiro, &doc.ocr, total, r.pay_by);
    for (label, value) in &mut payment_box {
        match label.as_str() {
            "Att betala" => *value = kr(total),
            "Förfallodatum" => *label = "Betala senast".to_string(),
            _ => {}
        }
    }
    (payment, payment_box)
}
