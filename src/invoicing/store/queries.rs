//! What a run asks the register: issuers, numbers, a recipient's active
//! invoices, a year's documents, what names their files, and the rows read
//! back into documents.

use rusqlite::{params, OptionalExtension};

use super::connection::Store;
use super::schema::COLUMNS;
use crate::diag::Diagnostic;
use crate::diag::Failure;
use crate::engine::invoice::InvoiceLine;
use crate::engine::register::{EntryKind, RegisterEntry};
use crate::invoicing::document::{kronor, stem, Document, LineView, View};
use crate::msg;
use crate::msg::Message;

/// What names a numbered document's files: its kind, year, number and recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocKey {
    pub kind: EntryKind,
    pub year: i32,
    pub number: u64,
    pub recipient_code: String,
}

impl DocKey {
    pub fn stem(&self) -> String {
        stem(self.kind, self.year, self.number, &self.recipient_code)
    }
}

pub(super) fn kind_of(s: &str) -> EntryKind {
    if s == "credit" {
        EntryKind::Credit
    } else {
        EntryKind::Invoice
    }
}

impl Store {
    /// The issuers whose documents the register holds, in order: each
    /// found by one step along the primary key (a register holds one or
    /// few issuers, and many documents).
    pub fn issuers(&self) -> Result<Vec<String>, Failure> {
        let mut out: Vec<String> = Vec::new();
        let mut next = self.sql(
            self.conn
                .prepare_cached("SELECT issuer FROM documents WHERE issuer > ?1 ORDER BY issuer LIMIT 1"),
        )?;
        loop {
            let after = out.last().map_or("", String::as_str);
            let issuer: Option<String> = self.sql(next.query_row([after], |r| r.get(0)).optional())?;
            match issuer {
                Some(i) => out.push(i),
                None => return Ok(out),
            }
        }
    }

    pub fn is_empty(&self) -> Result<bool, Failure> {
        let n: i64 = self.sql(
            self.conn
                .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0)),
        )?;
        Ok(n == 0)
    }

    /// The lowest and highest number the register holds.
    pub fn number_range(&self) -> Result<Option<(u64, u64)>, Failure> {
        let mut range: Option<(u64, u64)> = None;
        for issuer in self.issuers()? {
            // Each end by its own step along the primary key (a query with
            // both MIN and MAX would read every row).
            let end = |order: &str| -> Result<Option<i64>, Failure> {
                self.sql(
                    self.conn
                        .query_row(
                            &format!("SELECT number FROM documents WHERE issuer = ?1 ORDER BY number {order} LIMIT 1"),
                            [&issuer],
                            |r| r.get(0),
                        )
                        .optional(),
                )
            };
            let (lo, hi) = (end("ASC")?, end("DESC")?);
            if let Some((lo, hi)) = lo.zip(hi) {
                let (lo, hi) = (lo as u64, hi as u64);
                range = Some(range.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            }
        }
        Ok(range)
    }

    /// The next number of an issuer's series.
    pub fn next_number(&self, issuer: &str, first: u64) -> Result<u64, Failure> {
        let max: Option<i64> = self.sql(self.conn.query_row(
            "SELECT MAX(number) FROM documents WHERE issuer = ?1",
            [issuer],
            |r| r.get(0),
        ))?;
        Ok(max.map_or(first, |m| (m as u64 + 1).max(first)))
    }

    /// The invoices of an issuer to a recipient for a year that no credit
    /// note has cancelled, in number order.
    pub fn active(&self, issuer: &str, recipient: &str, year: i32) -> Result<Vec<Document>, Failure> {
        self.documents(
            "WHERE issuer = ?1 AND recipient_code = ?2 AND year = ?3 AND kind = 'invoice' \
             AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.issuer = documents.issuer AND c.credits = documents.number)",
            params![issuer, recipient, year],
        )
    }

    pub fn get(&self, issuer: &str, number: u64) -> Result<Option<Document>, Failure> {
        let Ok(n) = i64::try_from(number) else {
            return Ok(None);
        };
        Ok(self
            .documents("WHERE issuer = ?1 AND number = ?2", params![issuer, n])?
            .pop())
    }

    /// The documents that refer to invoice `number` by a correction (a
    /// credit note offset against a replacement, the replacement,
    /// difference invoices), each with whether a credit note has
    /// cancelled it, by number.
    pub fn corrections_of(&self, issuer: &str, number: u64) -> Result<Vec<(Document, bool)>, Failure> {
        let Ok(n) = i64::try_from(number) else {
            return Ok(Vec::new());
        };
        let docs = self.documents(
            "WHERE issuer = ?1 AND json_extract(view, '$.correction.number') = ?2",
            params![issuer, n],
        )?;
        let mut out = Vec::with_capacity(docs.len());
        for d in docs {
            let credited = self.credited_by(issuer, d.entry.number)?.is_some();
            out.push((d, credited));
        }
        Ok(out)
    }

    /// An issuer's documents to a recipient for a year, every kind, by
    /// number: the documents a run for that recipient stands on.
    pub fn recipient_documents(
        &self,
        issuer: &str,
        recipient: &str,
        year: i32,
    ) -> Result<Vec<Document>, Failure> {
        self.documents(
            "WHERE issuer = ?1 AND recipient_code = ?2 AND year = ?3",
            params![issuer, recipient, year],
        )
    }

    /// The credit note that credits an invoice, if any.
    pub fn credited_by(&self, issuer: &str, number: u64) -> Result<Option<u64>, Failure> {
        let n: Option<i64> = self.sql(
            self.conn
                .query_row(
                    "SELECT number FROM documents WHERE issuer = ?1 AND credits = ?2",
                    params![issuer, number as i64],
                    |r| r.get(0),
                )
                .optional(),
        )?;
        Ok(n.map(|n| n as u64))
    }

    /// An issuer's documents of a year, in number order.
    pub fn year_documents(&self, issuer: &str, year: i32) -> Result<Vec<Document>, Failure> {
        self.documents("WHERE issuer = ?1 AND year = ?2", params![issuer, year])
    }

    /// An issuer's documents of a year numbered above `after`, in number order.
    pub fn year_documents_after(
        &self,
        issuer: &str,
        year: i32,
        after: u64,
    ) -> Result<Vec<Document>, Failure> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        self.documents(
            "WHERE issuer = ?1 AND year = ?2 AND number > ?3",
            params![issuer, year, after],
        )
    }

    /// Every document of the register, by issuer and number.
    pub fn all_documents(&self) -> Result<Vec<Document>, Failure> {
        self.documents("", params![])
    }

    /// What names every document's files, by issuer and number.
    pub fn keys(&self) -> Result<Vec<(String, DocKey)>, Failure> {
        self.keys_after(0)
    }

    /// What names the files of the documents numbered above `from`.
    pub fn keys_after(&self, from: u64) -> Result<Vec<(String, DocKey)>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT kind, year, number, recipient_code FROM documents WHERE issuer = ?1 AND number > ?2 ORDER BY number",
        ))?;
        let mut out = Vec::new();
        for issuer in self.issuers()? {
            let rows = self.sql(stmt.query_map(params![issuer, from as i64], |r| {
                Ok(DocKey {
                    kind: kind_of(&r.get::<_, String>(0)?),
                    year: r.get(1)?,
                    number: r.get::<_, i64>(2)? as u64,
                    recipient_code: r.get(3)?,
                })
            }))?;
            for key in rows {
                out.push((issuer.clone(), self.sql(key)?));
            }
        }
        Ok(out)
    }

    /// Per issuer and year: the highest number. Documents are only ever
    /// added, with higher numbers than any before, so this names the year's
    /// state. Each found by one step along the index `by_year`.
    pub fn year_heads(&self) -> Result<Vec<(String, i32, u64)>, Failure> {
        let mut next = self.sql(self.conn.prepare_cached(
            "SELECT year, number FROM documents WHERE issuer = ?1 AND year = \
             (SELECT year FROM documents WHERE issuer = ?1 AND year > ?2 ORDER BY year LIMIT 1) \
             ORDER BY number DESC LIMIT 1",
        ))?;
        let mut out = Vec::new();
        for issuer in self.issuers()? {
            let mut after = i64::MIN;
            loop {
                let head: Option<(Option<i64>, Option<i64>)> = self.sql(
                    next.query_row(params![issuer, after], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional(),
                )?;
                let Some((Some(year), Some(max))) = head else {
                    break;
                };
                out.push((issuer.clone(), year as i32, max as u64));
                after = year;
            }
        }
        Ok(out)
    }

    /// How many documents an issuer has of a year.
    pub fn year_count(&self, issuer: &str, year: i32) -> Result<u64, Failure> {
        let n: i64 = self.sql(self.conn.query_row(
            "SELECT COUNT(*) FROM documents WHERE issuer = ?1 AND year = ?2",
            params![issuer, year],
            |r| r.get(0),
        ))?;
        Ok(n as u64)
    }

    /// Documents matching a `WHERE` clause, with their lines, by issuer and number.
    fn documents(&self, filter: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Document>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM documents {filter} ORDER BY issuer, number"
        )))?;
        let mut out: Vec<(Document, String)> = Vec::new();
        let mut rows = self.sql(stmt.query(params))?;
        while let Some(r) = self.sql(rows.next())? {
            let bad = |what: Message| {
                Failure::Input(
                    Diagnostic::new(msg!(
                        "register-unreadable",
                        number = r.get::<_, i64>(1).unwrap_or_default(),
                        what = what
                    ))
                    .in_file(&self.path)
                    .into(),
                )
            };
            let kind: String = self.sql(r.get(2))?;
            let date = |i: usize, what: Message| -> Result<crate::engine::date::Date, Failure> {
                self.sql(r.get::<_, String>(i))?.parse().map_err(|_| bad(what))
            };
            let entry = RegisterEntry {
                number: self.sql(r.get::<_, i64>(1))? as u64,
                issuer: self.sql(r.get(0))?,
                kind: kind_of(&kind),
                recipient_code: self.sql(r.get(3))?,
                recipient: self.sql(r.get(4))?,
                year: self.sql(r.get(5))?,
                installment: self.sql(r.get(6))?,
                installments: self.sql(r.get(7))?,
                invoice_date: date(8, msg!("register-field-invoice-date"))?,
                due_date: date(9, msg!("register-field-due-date"))?,
                amount: kronor(self.sql(r.get(10))?),
                credits: self.sql(r.get::<_, Option<i64>>(11))?.map(|c| c as u64),
                inputs_sha256: self.sql(r.get(12))?,
                lines: Vec::new(),
            };
            let view_json: String = self.sql(r.get(14))?;
            out.push((
                Document {
                    entry,
                    ocr: self.sql(r.get(13))?,
                    view: View::default(),
                    sha256: self.sql(r.get(17))?,
                },
                view_json,
            ));
        }
        drop(rows);
        let mut lines = self.sql(self.conn.prepare_cached(
            "SELECT activity, charge, basis, label, account, amount_ore FROM lines \
             WHERE issuer = ?1 AND number = ?2 ORDER BY position",
        ))?;
        let mut docs = Vec::with_capacity(out.len());
        for (mut d, view_json) in out {
            let rows = self.sql(
                lines.query_map(params![d.entry.issuer, d.entry.number as i64], |r| {
                    Ok((
                        InvoiceLine {
                            activity: r.get(0)?,
                            charge: r.get(1)?,
                            basis: r.get(2)?,
                            amount: kronor(r.get(5)?),
                        },
                        LineView {
                            label: r.get(3)?,
                            account: r.get(4)?,
                        },
                    ))
                }),
            )?;
            let (entry_lines, views): (Vec<InvoiceLine>, Vec<LineView>) = self
                .sql(rows.collect::<rusqlite::Result<Vec<_>>>())?
                .into_iter()
                .unzip();
            d.entry.lines = entry_lines;
            d.view = View::from_json(&view_json, views).ok_or_else(|| {
                Failure::Input(
                    Diagnostic::new(msg!("register-unreadable-view", number = d.entry.number))
                        .in_file(&self.path)
                        .into(),
                )
            })?;
            docs.push(d);
        }
        Ok(docs)
    }
}
