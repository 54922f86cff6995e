//! Every document's lines against the document: they must give its
//! recorded lines' SHA-256 (which its chained digest covers) and sum to
//! its amount. Checked by every run before it commits and by `verify`;
//! `--repair` puts back lines whose committed form it can make again
//! ([`Store::replace_lines`]).

use rusqlite::params;

use super::connection::Store;
use super::queries::kind_of;
use super::schema::SCHEMA;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::invoicing::document::{kronor, lines_sha256, stem, LineRow};
use crate::msg;
use crate::msg::Message;

/// A line as the register stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub activity: String,
    pub charge: String,
    pub basis: String,
    pub label: String,
    pub account: String,
    pub amount_ore: i64,
}

impl StoredLine {
    fn row(&self) -> LineRow<'_> {
        LineRow {
            activity: &self.activity,
            charge: &self.charge,
            basis: &self.basis,
            label: &self.label,
            account: &self.account,
            amount_ore: self.amount_ore,
        }
    }
}

/// The SHA-256 of lines as the register stores them.
pub fn stored_lines_sha256(lines: &[StoredLine]) -> String {
    lines_sha256(lines.iter().map(StoredLine::row))
}

/// A document whose lines are not as committed.
#[derive(Debug, Clone)]
pub struct LinesProblem {
    pub issuer: String,
    pub number: u64,
    /// The lines' SHA-256 its digest covers.
    pub lines_sha256: String,
    /// The lines as they are now.
    pub stored: Vec<StoredLine>,
    /// The lines were edited (rather than summing to another amount, or
    /// left without their document).
    pub edited: bool,
    pub message: Message,
}

/// A document's lines as read: issuer, number, file name, amount in öre,
/// lines' SHA-256, lines.
struct DocumentLines {
    issuer: String,
    number: u64,
    file: String,
    amount_ore: i64,
    lines_sha256: String,
    lines: Vec<StoredLine>,
}

/// What is wrong with a document's lines, if anything.
fn problem(d: DocumentLines) -> Option<LinesProblem> {
    let sum: i64 = d.lines.iter().map(|l| l.amount_ore).sum();
    let (edited, message) = if stored_lines_sha256(&d.lines) != d.lines_sha256 {
        let m = msg!(
            "register-lines-edited",
            issuer = &d.issuer,
            number = d.number,
            file = &d.file
        );
        (true, m)
    } else if sum != d.amount_ore {
        let m = msg!(
            "register-lines-sum",
            issuer = &d.issuer,
            number = d.number,
            file = &d.file,
            sum = kronor(sum).to_string(),
            amount = kronor(d.amount_ore).to_string()
        );
        (false, m)
    } else {
        return None;
    };
    Some(LinesProblem {
        issuer: d.issuer,
        number: d.number,
        lines_sha256: d.lines_sha256,
        stored: d.lines,
        edited,
        message,
    })
}

impl Store {
    /// Checks every document's lines: they still give its lines' SHA-256
    /// and sum to its amount. Every problem names the document.
    pub fn check_lines(&self) -> Result<Diagnostics, Failure> {
        Ok(Diagnostics(
            self.lines_problems()?
                .into_iter()
                .map(|p| Diagnostic::new(p.message).in_file(&self.path))
                .collect(),
        ))
    }

    /// [`Store::check_lines`], each problem with what `--repair` needs.
    ///
    /// The lines are read in one pass in document order (the primary
    /// key's), each document's hashed when the next begins.
    pub fn lines_problems(&self) -> Result<Vec<LinesProblem>, Failure> {
        let mut problems = Vec::new();
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT d.issuer, d.number, d.kind, d.year, d.recipient_code, d.amount_ore, d.lines_sha256, \
             l.activity, l.charge, l.basis, l.label, l.account, l.amount_ore \
             FROM documents d LEFT JOIN lines l ON l.issuer = d.issuer AND l.number = d.number \
             ORDER BY d.issuer, d.number, l.position",
        ))?;
        let mut current: Option<DocumentLines> = None;
        let mut rows = self.sql(stmt.query([]))?;
        while let Some(r) = self.sql(rows.next())? {
            let issuer: String = self.sql(r.get(0))?;
            let number = self.sql(r.get::<_, i64>(1))? as u64;
            let same = matches!(&current, Some(c) if c.issuer == issuer && c.number == number);
            if !same {
                problems.extend(current.take().and_then(problem));
                let kind: String = self.sql(r.get(2))?;
                let file = format!(
                    "{}.pdf",
                    stem(
                        kind_of(&kind),
                        self.sql(r.get::<_, i64>(3))? as i32,
                        number,
                        &self.sql(r.get::<_, String>(4))?,
                    )
                );
                current = Some(DocumentLines {
                    issuer,
                    number,
                    file,
                    amount_ore: self.sql(r.get(5))?,
                    lines_sha256: self.sql(r.get(6))?,
                    lines: Vec::new(),
                });
            }
            if let Some(activity) = self.sql(r.get::<_, Option<String>>(7))? {
                let line = StoredLine {
                    activity,
                    charge: self.sql(r.get(8))?,
                    basis: self.sql(r.get(9))?,
                    label: self.sql(r.get(10))?,
                    account: self.sql(r.get(11))?,
                    amount_ore: self.sql(r.get(12))?,
                };
                if let Some(c) = current.as_mut() {
                    c.lines.push(line);
                }
            }
        }
        problems.extend(current.take().and_then(problem));
        // Lines without their document cannot be committed (a deferred
        // foreign key), unless the keys were switched off by hand.
        let orphans: Vec<(String, i64)> = {
            let mut stmt = self.sql(self.conn.prepare(
                "SELECT DISTINCT issuer, number FROM lines l WHERE NOT EXISTS \
                 (SELECT 1 FROM documents d WHERE d.issuer = l.issuer AND d.number = l.number)",
            ))?;
            let rows = self.sql(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))))?;
            self.sql(rows.collect())?
        };
        for (issuer, number) in orphans {
            problems.push(LinesProblem {
                message: msg!("register-orphan-lines", issuer = &issuer, number = number),
                issuer,
                number: number as u64,
                lines_sha256: String::new(),
                stored: Vec::new(),
                edited: false,
            });
        }
        Ok(problems)
    }

    /// Puts back a document's lines as committed (`--repair`): `lines`
    /// must give the SHA-256 its digest covers, or nothing is changed.
    /// The guards that keep lines fixed are lifted for this and restored
    /// in the same transaction.
    pub fn replace_lines(&self, issuer: &str, number: u64, lines: &[StoredLine]) -> Result<bool, Failure> {
        let recorded: String = self.sql(self.conn.query_row(
            "SELECT lines_sha256 FROM documents WHERE issuer = ?1 AND number = ?2",
            params![issuer, number as i64],
            |r| r.get(0),
        ))?;
        if stored_lines_sha256(lines) != recorded {
            return Ok(false);
        }
        self.sql(self.conn.execute_batch(
            "DROP TRIGGER IF EXISTS lines_are_never_changed; DROP TRIGGER IF EXISTS lines_are_never_deleted;
             DROP TRIGGER IF EXISTS lines_are_fixed;",
        ))?;
        self.sql(self.conn.execute(
            "DELETE FROM lines WHERE issuer = ?1 AND number = ?2",
            params![issuer, number as i64],
        ))?;
        self.insert_lines(issuer, number as i64, lines.iter().map(StoredLine::row))?;
        self.sql(self.conn.execute_batch(SCHEMA))?;
        Ok(true)
    }
}
