//! `notes` output: the annual report's notes, this year and last in tkr.

use serde_json::json;

use super::table::{Align, Table};
use super::{csv_text, json, CsvDialect, Field};
use crate::engine::notes::Notes;
use crate::sv;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 7] = ["note", "activity", "line", "kind", "code", "tkr", "previous_tkr"];

pub fn csv(n: &Notes, dialect: CsvDialect) -> String {
    let header = CSV_COLUMNS.iter().map(|c| Field::from(*c)).collect();
    let rows = n.notes.iter().flat_map(|note| {
        note.lines.iter().map(move |l| {
            vec![
                note.number.map(|x| x.to_string()).unwrap_or_default().into(),
                note.activity.clone().into(),
                l.label.clone().into(),
                l.kind.as_str().into(),
                l.code.map(|c| c.to_string()).unwrap_or_default().into(),
                Field::number(l.current_tkr().to_string()),
                Field::number(l.previous_tkr().map(|p| p.to_string()).unwrap_or_default()),
            ]
        })
    });
    csv_text(dialect, std::iter::once(header).chain(rows))
}

pub fn json(n: &Notes) -> String {
    let notes: Vec<_> = n
        .notes
        .iter()
        .map(|note| {
            let lines: Vec<_> = note
                .lines
                .iter()
                .map(|l| {
                    json!({
                        "line": l.label,
                        "kind": l.kind.as_str(),
                        "code": l.code.map(|c| c.to_string()),
                        "tkr": json::whole(l.current_tkr()),
                        "previous_tkr": l.previous_tkr().map(json::whole),
                        "kr": json::amount(l.current),
                        "previous_kr": l.previous.map(json::amount),
                    })
                })
                .collect();
            json!({"note": note.number, "activity": note.activity, "lines": lines})
        })
        .collect();
    json::text(&json!({"year": n.year, "previous_year": n.previous_year, "notes": notes}))
}

pub fn table(n: &Notes) -> String {
    let mut out = String::new();
    let this = n.year.to_string();
    let last = n.previous_year.map(|y| y.to_string());
    for (i, note) in n.notes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match note.number {
            Some(num) => out.push_str(&format!("{num} {}\n", note.activity)),
            None => out.push_str(&format!("{}\n", note.activity)),
        }
        let mut columns = vec![("Tkr", Align::Left), (this.as_str(), Align::Right)];
        if let Some(last) = &last {
            columns.push((last.as_str(), Align::Right));
        }
        let mut t = Table::new(&columns);
        for l in &note.lines {
            let mut cells = vec![l.label.clone(), sv::num(l.current_tkr())];
            if last.is_some() {
                cells.push(l.previous_tkr().map(sv::num).unwrap_or_default());
            }
            if l.kind == crate::engine::Kind::Total {
                t.footer(cells);
            } else {
                t.row(cells);
            }
        }
        out.push_str(&t.render());
    }
    out
}
