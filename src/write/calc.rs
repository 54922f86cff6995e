//! `calc` output: every line, with totals per municipality and per activity.

use rust_decimal::Decimal;
use serde_json::json;

use super::table::{Align, Table};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::{Kind, Outcome, Tariff};
use crate::{money, sv};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "year", "note", "activity", "kind", "code", "party", "charge", "basis", "amount",
];

fn activity_name(t: &Tariff, id: &str) -> String {
    t.activities
        .get(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

fn note(t: &Tariff, id: &str) -> Option<u32> {
    t.activities.get(id).and_then(|a| a.note)
}

pub fn csv(t: &Tariff, o: &Outcome, dialect: CsvDialect) -> String {
    let header = CSV_COLUMNS.iter().map(|c| Field::from(*c)).collect();
    let rows = o.lines.iter().map(|l| {
        vec![
            o.year.to_string().into(),
            note(t, &l.activity)
                .map(|n| n.to_string())
                .unwrap_or_default()
                .into(),
            activity_name(t, &l.activity).into(),
            l.kind.as_str().into(),
            l.code.map(|c| c.to_string()).unwrap_or_default().into(),
            l.party.clone().into(),
            l.charge.clone().into(),
            l.basis.clone().into(),
            Field::number(money::plain2(l.amount)),
        ]
    });
    csv_text(dialect, std::iter::once(header).chain(rows))
}

pub fn json(t: &Tariff, o: &Outcome) -> String {
    let lines: Vec<_> = o
        .lines
        .iter()
        .map(|l| {
            json!({
                "note": note(t, &l.activity),
                "activity_id": l.activity,
                "activity": activity_name(t, &l.activity),
                "kind": l.kind.as_str(),
                "code": l.code.map(|c| c.to_string()),
                "payer": l.payer,
                "party": l.party,
                "charge": l.charge,
                "basis": l.basis,
                "amount": json::amount(l.amount),
                "exact": json::whole(l.exact),
            })
        })
        .collect();
    let municipalities: Vec<_> = o
        .municipality_totals()
        .into_iter()
        .map(|(code, (party, amount))| json!({"code": code.to_string(), "party": party, "amount": json::amount(amount)}))
        .collect();
    let payers: Vec<_> = o
        .payer_totals()
        .into_iter()
        .map(|(id, (party, amount))| json!({"payer": id, "party": party, "amount": json::amount(amount)}))
        .collect();
    let activities: Vec<_> = activity_totals(t, o)
        .into_iter()
        .map(|(id, invoiced, adjustments)| {
            json!({
                "note": note(t, &id),
                "activity_id": id,
                "activity": activity_name(t, &id),
                "invoiced": json::amount(invoiced),
                "adjustments": json::amount(adjustments),
                "net": json::amount(invoiced + adjustments),
            })
        })
        .collect();
    json::text(&json!({
        "tariff": t.name,
        "year": o.year,
        "lines": lines,
        "totals": {
            "municipalities": municipalities,
            "payers": payers,
            "activities": activities,
            "invoiced": json::amount(o.invoiced_total()),
        },
    }))
}

/// (activity id, invoiced, adjustments) in note order.
fn activity_totals(t: &Tariff, o: &Outcome) -> Vec<(String, Decimal, Decimal)> {
    let mut v: Vec<(String, Decimal, Decimal)> = o
        .activity_totals()
        .into_iter()
        .map(|(id, (inv, adj))| (id.to_string(), inv, adj))
        .collect();
    v.sort_by_key(|(id, _, _)| t.activity_order(id));
    v
}

pub fn table(t: &Tariff, o: &Outcome) -> String {
    let mut out = format!("{} – avgifter {}\n", t.name, o.year);
    let mut current: Option<&str> = None;
    let mut section: Option<Table> = None;
    let flush = |out: &mut String, section: &mut Option<Table>| {
        if let Some(s) = section.take() {
            out.push_str(&s.render());
        }
    };
    let mut sum = Decimal::ZERO;
    for l in &o.lines {
        if current != Some(l.activity.as_str()) {
            if let Some(s) = section.as_mut() {
                s.footer(vec![
                    "Summa".into(),
                    String::new(),
                    String::new(),
                    sv::kr_int(sum),
                ]);
            }
            flush(&mut out, &mut section);
            sum = Decimal::ZERO;
            current = Some(&l.activity);
            let heading = match note(t, &l.activity) {
                Some(n) => format!("Not {n}  {}", activity_name(t, &l.activity)),
                None => activity_name(t, &l.activity),
            };
            out.push_str(&format!("\n{heading}\n"));
            section = Some(Table::new(&[
                ("Part", Align::Left),
                ("Avgift", Align::Left),
                ("Underlag", Align::Left),
                ("Belopp, kr", Align::Right),
            ]));
        }
        sum += l.amount;
        let party = match l.kind {
            Kind::External => format!("{} (extern)", l.party),
            _ => l.party.clone(),
        };
        if let Some(s) = section.as_mut() {
            let charge = t
                .charges
                .get(&l.charge)
                .and_then(|c| c.name.clone())
                .unwrap_or_else(|| l.charge.clone());
            s.row(vec![party, charge, l.basis.clone(), sv::kr_int(l.amount)]);
        }
    }
    if let Some(s) = section.as_mut() {
        s.footer(vec![
            "Summa".into(),
            String::new(),
            String::new(),
            sv::kr_int(sum),
        ]);
    }
    flush(&mut out, &mut section);

    out.push_str("\nPer kommun (fakturerat)\n");
    let mut per = Table::new(&[
        ("Kod", Align::Left),
        ("Kommun", Align::Left),
        ("Belopp, kr", Align::Right),
    ]);
    let mut municipalities: Vec<_> = o.municipality_totals().into_iter().collect();
    municipalities.sort_by_cached_key(|(code, (name, _))| (sv::collation_key(name), *code));
    let mut total = Decimal::ZERO;
    for (code, (name, amount)) in municipalities {
        total += amount;
        per.row(vec![code.to_string(), name, sv::kr_int(amount)]);
    }
    for (_, (name, amount)) in o.payer_totals() {
        total += amount;
        per.row(vec![
            String::new(),
            format!("{name} (extern)"),
            sv::kr_int(amount),
        ]);
    }
    per.footer(vec![String::new(), "Summa".into(), sv::kr_int(total)]);
    out.push_str(&per.render());

    out.push_str("\nPer verksamhet\n");
    let mut acts = Table::new(&[
        ("Not", Align::Right),
        ("Verksamhet", Align::Left),
        ("Fakturerat, kr", Align::Right),
        ("Justeringar, kr", Align::Right),
        ("Netto, kr", Align::Right),
    ]);
    let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
    for (id, inv, adj) in activity_totals(t, o) {
        ti += inv;
        ta += adj;
        acts.row(vec![
            note(t, &id).map(|n| n.to_string()).unwrap_or_default(),
            activity_name(t, &id),
            sv::kr_int(inv),
            sv::kr_int(adj),
            sv::kr_int(inv + adj),
        ]);
    }
    acts.footer(vec![
        String::new(),
        "Summa".into(),
        sv::kr_int(ti),
        sv::kr_int(ta),
        sv::kr_int(ti + ta),
    ]);
    out.push_str(&acts.render());
    out
}
