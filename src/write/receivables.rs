//! `receivables` output: what is owed on a date, per invoice and per
//! party with ageing, and the payments not settled against a document.
//! A Swedish table; CSV of the invoices (plain, or `excel-sv`); JSON of
//! everything; a workbook with a sheet each and SUM totals.

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use serde_json::json;

use super::table::{truncate, Align, Table};
use super::xlsx::{self, Num, Sheet, Source};
use super::{json, Cell, CsvDialect, CsvOut};
use crate::audit::{Provenance, Recipe};
use crate::engine::receivables::statement::{
    Line, Open, Party, Statement, BUCKETS, BUCKET_LABELS, BUCKET_NAMES,
};
use crate::{money, sv};

/// What the statement is of.
pub struct Heading {
    /// The issuer's name.
    pub issuer: String,
    /// The register's folder, as named.
    pub folder: String,
}

/// The CSV columns, one row per invoice.
pub const CSV_COLUMNS: [&str; 16] = [
    "number",
    "recipient_code",
    "recipient",
    "year",
    "installment",
    "invoice_date",
    "due_date",
    "invoiced",
    "credited",
    "paid",
    "outstanding",
    "status",
    "days_overdue",
    "ageing",
    "credit_notes",
    "ocr",
];

/// The same columns in Swedish, for the `excel-sv` CSV and the workbook.
pub const SV_COLUMNS: [&str; 16] = [
    "Nummer",
    "Kod",
    "Mottagare",
    "År",
    "Delbetalning",
    "Fakturadatum",
    "Förfallodatum",
    "Fakturerat",
    "Krediterat",
    "Betalt",
    "Kvar att betala",
    "Status",
    "Dagar efter förfallodagen",
    "Åldersgrupp",
    "Kreditfakturor",
    "OCR-nummer",
];

/// Kronor and öre as a Swedish table shows them: `1 250,00`.
fn kr(d: Decimal) -> String {
    sv::num_dp(d, 2)
}

/// A document's installment: `2/4`, or empty for a whole invoice.
fn installment(l: &Line) -> String {
    let mut out = String::new();
    push_installment(&mut out, l);
    out
}

/// Appends a document's installment (`2/4`, nothing for a whole invoice).
fn push_installment(out: &mut String, l: &Line) {
    use std::fmt::Write as _;
    if l.doc.installments != 1 {
        let _ = write!(out, "{}/{}", l.doc.installment, l.doc.installments);
    }
}

/// Appends an invoice's credit notes, their numbers apart by spaces.
fn push_credit_notes(out: &mut String, l: &Line) {
    use std::fmt::Write as _;
    for (i, n) in l.credit_notes.iter().enumerate() {
        let _ = write!(out, "{}{n}", if i == 0 { "" } else { " " });
    }
}

fn credit_notes(l: &Line) -> String {
    let mut out = String::new();
    push_credit_notes(&mut out, l);
    out
}

/// From this many invoices on, the second half of the CSV is made on a
/// second thread while the first is made.
const CSV_IN_TWO_FROM: usize = 20_000;

/// The invoices as CSV, one record each (text as it is: an `excel-sv`
/// [`CsvOut`] makes it safe for spreadsheets).
pub fn csv(s: &Statement, dialect: CsvDialect) -> String {
    let mut out = csv_head(dialect);
    let half = match s.lines.len() {
        n if n >= CSV_IN_TWO_FROM => n / 2,
        n => n,
    };
    let (first, second) = s.lines.split_at(half);
    let second = std::thread::scope(|scope| {
        let made = (!second.is_empty()).then(|| {
            scope.spawn(move || {
                let mut part = CsvOut::part(dialect);
                csv_records(&mut part, second, dialect);
                part.into_bytes()
            })
        });
        csv_records(&mut out, first, dialect);
        made.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    if let Some(bytes) = second {
        out.append(&bytes);
    }
    out.finish()
}

/// The CSV's header record, in memory.
fn csv_head(dialect: CsvDialect) -> CsvOut {
    let mut out = CsvOut::new(dialect);
    let header = dialect.header(&CSV_COLUMNS, &SV_COLUMNS);
    out.record(header.iter().map(|c| Cell::Text(c)));
    out
}

/// One record per invoice, after those already in `out`: each record's
/// numbers and dates made in one buffer, and written from it borrowed.
fn csv_records(out: &mut CsvOut, lines: &[Line], dialect: CsvDialect) {
    use std::fmt::Write as _;
    let sv = dialect == CsvDialect::ExcelSv;
    let mut b = String::with_capacity(128);
    for l in lines {
        b.clear();
        // Where each made field ends in `b`.
        let mut ends = [0usize; 11];
        let mut mark = |b: &String, i: usize| ends[i] = b.len();
        let _ = write!(b, "{}", l.doc.number);
        mark(&b, 0);
        let _ = write!(b, "{}", l.doc.year);
        mark(&b, 1);
        push_installment(&mut b, l);
        mark(&b, 2);
        let _ = write!(b, "{}", l.doc.invoice_date);
        mark(&b, 3);
        let _ = write!(b, "{}", l.doc.due_date);
        mark(&b, 4);
        for (i, d) in [l.invoiced, l.credited, l.paid, l.outstanding]
            .into_iter()
            .enumerate()
        {
            money::push_plain2(&mut b, d);
            mark(&b, 5 + i);
        }
        let _ = write!(b, "{}", l.days_overdue);
        mark(&b, 9);
        push_credit_notes(&mut b, l);
        mark(&b, 10);
        let made = |i: usize| &b[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let status = if sv {
            l.status.label_sv()
        } else {
            l.status.as_str()
        };
        let ageing = l
            .bucket
            .map_or("", |b| if sv { BUCKET_LABELS[b] } else { BUCKET_NAMES[b] });
        out.record([
            Cell::Text(made(0)),
            Cell::Text(&l.doc.recipient_code),
            Cell::Text(&l.doc.recipient),
            Cell::Text(made(1)),
            Cell::Text(made(2)),
            Cell::Text(made(3)),
            Cell::Text(made(4)),
            Cell::Number(made(5)),
            Cell::Number(made(6)),
            Cell::Number(made(7)),
            Cell::Number(made(8)),
            Cell::Text(status),
            Cell::Number(made(9)),
            Cell::Text(ageing),
            Cell::Text(made(10)),
            Cell::Text(&l.doc.ocr),
        ]);
    }
}

fn open_json(o: &Open) -> serde_json::Value {
    let p = &o.payment;
    json!({
        "id": p.id,
        "kind": match p.kind {
            crate::engine::payment::PaymentKind::Payment => "payment",
            crate::engine::payment::PaymentKind::Deduction => "deduction",
        },
        "date": p.date.to_string(),
        "amount": json::amount(p.amount),
        "unallocated": json::amount(o.unallocated),
        "reference": p.reference,
        "payer": p.payer.name,
        "payer_org_nr": p.payer.org_nr,
        "payer_account": p.payer.account,
        "why": o.why.map(|w| w.as_str()).unwrap_or("remainder"),
        "suggestions": o.suggestions.iter().map(|s| json!({
            "document": s.document,
            "reasons": s.reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn ageing_json(a: &[Decimal; BUCKETS]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for (name, v) in BUCKET_NAMES.iter().zip(a) {
        m.insert(name.to_string(), json::amount(*v));
    }
    serde_json::Value::Object(m)
}

fn party_json(p: &Party) -> serde_json::Value {
    json!({
        "code": p.code,
        "name": p.name,
        "invoiced": json::amount(p.invoiced),
        "credited": json::amount(p.credited),
        "paid": json::amount(p.paid),
        "outstanding": json::amount(p.outstanding),
        "ageing": ageing_json(&p.ageing),
    })
}

/// Everything, with the recipe that made it.
pub fn json(s: &Statement, h: &Heading, recipe: &Recipe) -> String {
    let lines: Vec<_> = s
        .lines
        .iter()
        .map(|l| {
            json!({
                "number": l.doc.number,
                "recipient_code": l.doc.recipient_code,
                "recipient": l.doc.recipient,
                "year": l.doc.year,
                "installment": l.doc.installment,
                "installments": l.doc.installments,
                "invoice_date": l.doc.invoice_date.to_string(),
                "due_date": l.doc.due_date.to_string(),
                "invoiced": json::amount(l.invoiced),
                "credited": json::amount(l.credited),
                "paid": json::amount(l.paid),
                "outstanding": json::amount(l.outstanding),
                "status": l.status.as_str(),
                "days_overdue": l.days_overdue,
                "ageing": l.bucket.map(|b| BUCKET_NAMES[b]),
                "credit_notes": l.credit_notes,
                "ocr": l.doc.ocr,
            })
        })
        .collect();
    let t = &s.totals;
    json::text(&json!({
        "provenance": recipe.to_json(),
        "issuer": h.issuer,
        "date": s.date.to_string(),
        "documents": lines,
        "parties": s.parties.iter().map(party_json).collect::<Vec<_>>(),
        "unmatched": s.open.iter().map(open_json).collect::<Vec<_>>(),
        "totals": {
            "invoiced": json::amount(t.invoiced),
            "credited": json::amount(t.credited),
            "paid": json::amount(t.paid),
            "outstanding": json::amount(t.outstanding),
            "ageing": ageing_json(&t.ageing),
            "received": json::amount(t.received),
            "unallocated": json::amount(t.unallocated),
        },
    }))
}

/// What an unmatched payment's suggestions say, in Swedish.
fn suggestions_sv(o: &Open) -> String {
    o.suggestions
        .iter()
        .map(|s| {
            let why: Vec<&str> = s.reasons.iter().map(|r| r.label_sv()).collect();
            format!("{} ({})", s.document, why.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn why_sv(o: &Open) -> &'static str {
    o.why.map_or("del kvar", |w| w.label_sv())
}

/// The Swedish table: invoices, parties with ageing, unmatched payments.
///
/// Long on purpose: three tables one after the other, each a few rows of
/// columns.
pub fn table(s: &Statement, h: &Heading) -> String {
    let mut out = format!("Kundfordringar {}\n{}\n{}\n\n", s.date, h.issuer, h.folder);
    out.push_str("Fakturor\n");
    let r = Align::Right;
    let l = Align::Left;
    let mut t = Table::new(&[
        ("Nr", r),
        ("Part", l),
        ("Delbet.", r),
        ("Förfallodatum", l),
        ("Fakturerat", r),
        ("Krediterat", r),
        ("Betalt", r),
        ("Kvar att betala", r),
        ("Dagar", r),
        ("Status", l),
    ]);
    for line in &s.lines {
        t.row(vec![
            line.doc.number.to_string(),
            truncate(&line.doc.recipient, 30),
            installment(line),
            line.doc.due_date.to_string(),
            kr(line.invoiced),
            kr(line.credited),
            kr(line.paid),
            kr(line.outstanding),
            if line.days_overdue > 0 {
                line.days_overdue.to_string()
            } else {
                String::new()
            },
            line.status.label_sv().to_string(),
        ]);
    }
    let tt = &s.totals;
    t.footer(vec![
        String::new(),
        "Summa".into(),
        String::new(),
        String::new(),
        kr(tt.invoiced),
        kr(tt.credited),
        kr(tt.paid),
        kr(tt.outstanding),
    ]);
    out.push_str(&t.render());
    out.push_str("\nPer part\n");
    let mut cols: Vec<(&str, Align)> = vec![
        ("Part", l),
        ("Fakturerat", r),
        ("Krediterat", r),
        ("Betalt", r),
        ("Saldo", r),
    ];
    cols.extend(BUCKET_LABELS.iter().map(|b| (*b, r)));
    let mut t = Table::new(&cols);
    for p in &s.parties {
        let mut row = vec![
            truncate(&p.name, 30),
            kr(p.invoiced),
            kr(p.credited),
            kr(p.paid),
            kr(p.outstanding),
        ];
        row.extend(p.ageing.iter().map(|a| kr(*a)));
        t.row(row);
    }
    let mut sum = vec![
        "Summa".to_string(),
        kr(tt.invoiced),
        kr(tt.credited),
        kr(tt.paid),
        kr(tt.outstanding),
    ];
    sum.extend(tt.ageing.iter().map(|a| kr(*a)));
    t.footer(sum);
    out.push_str(&t.render());
    out.push_str(&format!(
        "\nInbetalt {} kr, varav {} kr ej fördelat på någon faktura.\n",
        kr(tt.received),
        kr(tt.unallocated)
    ));
    if !s.open.is_empty() {
        out.push_str("\nEj avstämda inbetalningar\n");
        let mut t = Table::new(&[
            ("Id", r),
            ("Datum", l),
            ("Ej fördelat", r),
            ("Referens", l),
            ("Betalare", l),
            ("Orsak", l),
            ("Förslag", l),
        ]);
        for o in &s.open {
            t.row(vec![
                o.payment.id.to_string(),
                o.payment.date.to_string(),
                kr(o.unallocated),
                truncate(&o.payment.reference, 25),
                truncate(&o.payment.payer.name, 30),
                why_sv(o).to_string(),
                suggestions_sv(o),
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

/// The workbook: `Fakturor` (the CSV's columns, a Summa row of SUMs),
/// `Per part` (balances and ageing, SUMs), `Ej avstämda` (payments not
/// settled), `Underlag`.
pub fn xlsx(s: &Statement, h: &Heading, recipe: &Recipe) -> Result<Vec<u8>, XlsxError> {
    let provenance = Provenance::default();
    let sources = [Source {
        side: None,
        tariff: None,
        provenance: &provenance,
        indices: None,
    }];
    let intro = vec![
        format!("Kundfordringar {}", s.date),
        h.issuer.clone(),
        format!("Fakturaregistret i {}", h.folder),
    ];
    let sheets = vec![
        invoices_sheet(s)?.finish()?,
        parties_sheet(s)?.finish()?,
        unmatched_sheet(s)?.finish()?,
        xlsx::underlag_with_intro(&sources, &intro, &[])?,
    ];
    xlsx::workbook(
        &format!("Kundfordringar {}", s.date),
        s.date.year,
        sheets,
        &sources,
        recipe,
    )
}

/// `Fakturor`: the CSV's columns, a Summa row of SUMs.
fn invoices_sheet(s: &Statement) -> Result<Sheet, XlsxError> {
    let mut f = Sheet::new("Fakturor")?;
    f.header(0, &SV_COLUMNS)?;
    let mut row = 0;
    for l in &s.lines {
        row += 1;
        f.number(row, 0, Decimal::from(l.doc.number), Num::Int, false)?;
        f.text(row, 1, &l.doc.recipient_code, false)?;
        f.text(row, 2, &l.doc.recipient, false)?;
        f.number(row, 3, Decimal::from(l.doc.year), Num::Int, false)?;
        f.text(row, 4, &installment(l), false)?;
        f.text(row, 5, &l.doc.invoice_date.to_string(), false)?;
        f.text(row, 6, &l.doc.due_date.to_string(), false)?;
        for (col, v) in [(7, l.invoiced), (8, l.credited), (9, l.paid)] {
            f.number(row, col, v, Num::KrOre, false)?;
        }
        let (i, c, p) = (xlsx::cell(row, 7), xlsx::cell(row, 8), xlsx::cell(row, 9));
        f.formula(
            row,
            10,
            &format!("{i}-{c}-{p}"),
            Some(l.outstanding),
            Num::KrOre,
            false,
        )?;
        f.text(row, 11, l.status.label_sv(), false)?;
        f.number(row, 12, Decimal::from(l.days_overdue), Num::Int, false)?;
        f.text(row, 13, l.bucket.map_or("", |b| BUCKET_LABELS[b]), false)?;
        f.text(row, 14, &credit_notes(l), false)?;
        f.text(row, 15, &l.doc.ocr, false)?;
    }
    let t = &s.totals;
    let summa = row + 1;
    f.text(summa, 2, "Summa", true)?;
    for (col, v) in [(7, t.invoiced), (8, t.credited), (9, t.paid), (10, t.outstanding)] {
        f.formula(summa, col, &xlsx::sum(col, 1, row), Some(v), Num::KrOre, true)?;
    }
    f.filter(0, row, 15)?;
    Ok(f)
}

/// `Per part`: balances and ageing, SUMs.
fn parties_sheet(s: &Statement) -> Result<Sheet, XlsxError> {
    let t = &s.totals;
    let mut p = Sheet::new("Per part")?;
    let mut titles = vec!["Kod", "Part", "Fakturerat", "Krediterat", "Betalt", "Saldo"];
    titles.extend(BUCKET_LABELS);
    p.header(0, &titles)?;
    let mut row = 0;
    for party in &s.parties {
        row += 1;
        p.text(row, 0, &party.code, false)?;
        p.text(row, 1, &party.name, false)?;
        for (col, v) in [(2, party.invoiced), (3, party.credited), (4, party.paid)] {
            p.number(row, col, v, Num::KrOre, false)?;
        }
        let (i, c, pd) = (xlsx::cell(row, 2), xlsx::cell(row, 3), xlsx::cell(row, 4));
        p.formula(
            row,
            5,
            &format!("{i}-{c}-{pd}"),
            Some(party.outstanding),
            Num::KrOre,
            false,
        )?;
        for (col, v) in (6..).zip(party.ageing) {
            p.number(row, col, v, Num::KrOre, false)?;
        }
    }
    let summa = row + 1;
    p.text(summa, 1, "Summa", true)?;
    let sums = [(2, t.invoiced), (3, t.credited), (4, t.paid), (5, t.outstanding)];
    for (col, v) in sums.into_iter().chain((6..).zip(t.ageing)) {
        p.formula(summa, col, &xlsx::sum(col, 1, row), Some(v), Num::KrOre, true)?;
    }
    Ok(p)
}

/// `Ej avstämda`: the payments not settled, and what is unallocated.
fn unmatched_sheet(s: &Statement) -> Result<Sheet, XlsxError> {
    let t = &s.totals;
    let mut u = Sheet::new("Ej avstämda")?;
    u.header(
        0,
        &[
            "Id",
            "Datum",
            "Belopp",
            "Ej fördelat",
            "Referens",
            "Betalare",
            "Orsak",
            "Förslag",
        ],
    )?;
    let mut row = 0;
    for o in &s.open {
        row += 1;
        u.number(row, 0, Decimal::from(o.payment.id), Num::Int, false)?;
        u.text(row, 1, &o.payment.date.to_string(), false)?;
        u.number(row, 2, o.payment.amount, Num::KrOre, false)?;
        u.number(row, 3, o.unallocated, Num::KrOre, false)?;
        u.text(row, 4, &o.payment.reference, false)?;
        u.text(row, 5, &o.payment.payer.name, false)?;
        u.text(row, 6, why_sv(o), false)?;
        u.text(row, 7, &suggestions_sv(o), false)?;
    }
    let summa = row + 1;
    u.text(summa, 1, "Summa", true)?;
    u.formula(
        summa,
        3,
        &xlsx::sum(3, 1, row),
        Some(t.unallocated),
        Num::KrOre,
        true,
    )?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::date::Date;
    use crate::engine::ident::OcrMethod;
    use crate::engine::receivables::statement::{statement, Texts};
    use crate::engine::receivables::Doc;
    use crate::engine::register::EntryKind;

    fn doc(number: u64, recipient: &str) -> Doc {
        let date = |s: &str| s.parse::<Date>().unwrap();
        Doc {
            number,
            kind: EntryKind::Invoice,
            recipient_code: "=1+1".into(),
            recipient: recipient.into(),
            org_nr: String::new(),
            year: 2023,
            installment: 2,
            installments: 4,
            invoice_date: date("2023-01-16"),
            due_date: date("2023-02-15"),
            amount: Decimal::new(125_050, 2),
            credits: None,
            ocr: String::new(),
        }
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_made_safe_once() {
        let docs = [doc(7, "@Kommun")];
        let on = "2023-03-01".parse().unwrap();
        let s = statement(&docs, &[], &[], on, OcrMethod::Luhn, &Texts::new());
        let sv = csv(&s, CsvDialect::ExcelSv);
        let record = sv.lines().nth(1).unwrap();
        assert_eq!(
            record,
            "7;'=1+1;'@Kommun;2023;2/4;2023-01-16;2023-02-15;1250,50;0,00;0,00;1250,50;obetald;14;1–30 dagar;;"
        );
        let plain = csv(&s, CsvDialect::Plain);
        assert_eq!(
            plain.lines().nth(1).unwrap(),
            "7,=1+1,@Kommun,2023,2/4,2023-01-16,2023-02-15,1250.50,0.00,0.00,1250.50,unpaid,14,days_1_30,,"
        );
    }

    #[test]
    fn a_large_statement_made_in_two_halves_is_the_one_made_whole() {
        let docs: Vec<Doc> = (1..=CSV_IN_TWO_FROM as u64 + 1)
            .map(|n| doc(n, "Kommun"))
            .collect();
        let on = "2023-03-01".parse().unwrap();
        let s = statement(&docs, &[], &[], on, OcrMethod::Luhn, &Texts::new());
        for dialect in [CsvDialect::Plain, CsvDialect::ExcelSv] {
            let whole = csv(&s, dialect);
            let mut by_one = csv_head(dialect);
            csv_records(&mut by_one, &s.lines, dialect);
            assert_eq!(whole, by_one.finish());
            assert_eq!(whole.lines().count(), docs.len() + 1);
        }
    }
}
