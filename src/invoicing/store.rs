//! The register: `register.sqlite` in the invoice folder, an embedded
//! SQLite database, the one source of truth for numbered documents.
//!
//! Its constraints make the bad states impossible: `(issuer, number)` is
//! the primary key; lines refer to their document by a foreign key; a
//! trigger refuses a document whose amount is not the sum of its lines
//! (written first, and fixed once the document is); an invoice is credited
//! at most once; documents and lines are never updated or deleted. Each
//! document's SHA-256 is chained to the previous document's of its issuer,
//! and [`Store::check`] walks the chains and the numbers on every open.
//!
//! A run holds the write lock (`BEGIN IMMEDIATE`) from reading the state to
//! committing; another run waits for it, and says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use super::document::{
    chained_digest, chained_sha256, is_hex_of, kronor, lines_sha256, ore, stem, Document, DocumentRow,
    LineRow, LineView, View, GENESIS,
};
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::invoice::InvoiceLine;
use crate::engine::register::{EntryKind, RegisterEntry};

/// The register's file in an invoice folder.
pub const FILE: &str = "register.sqlite";

/// How long a run waits for another to release the register.
const WAIT: Duration = Duration::from_secs(60);

const SCHEMA_VERSION: &str = "1";

/// The `exports` row that records up to which number every document's
/// files were written.
const WRITTEN_UP_TO: &str = "#documents";

/// The `exports` row that records how many documents up to that number
/// have an e-invoice.
const EINVOICES_UP_TO: &str = "#einvoices";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '1');
CREATE TABLE IF NOT EXISTS documents (
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999999999999),
    kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit')),
    recipient_code TEXT NOT NULL,
    recipient TEXT NOT NULL,
    year INTEGER NOT NULL,
    installment INTEGER NOT NULL CHECK (installment BETWEEN 1 AND installments),
    installments INTEGER NOT NULL,
    invoice_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    credits INTEGER CHECK ((kind = 'credit') = (credits IS NOT NULL)),
    inputs_sha256 TEXT NOT NULL,
    ocr TEXT NOT NULL DEFAULT '',
    view TEXT NOT NULL,
    lines_sha256 TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (issuer, number),
    FOREIGN KEY (issuer, credits) REFERENCES documents (issuer, number)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS credited_once ON documents (issuer, credits) WHERE credits IS NOT NULL;
CREATE INDEX IF NOT EXISTS by_recipient ON documents (issuer, recipient_code, year);
CREATE INDEX IF NOT EXISTS by_year ON documents (issuer, year, number);
CREATE TABLE IF NOT EXISTS lines (
    issuer TEXT NOT NULL,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    activity TEXT NOT NULL,
    charge TEXT NOT NULL,
    basis TEXT NOT NULL,
    label TEXT NOT NULL,
    account TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (issuer, number, position),
    FOREIGN KEY (issuer, number) REFERENCES documents (issuer, number) DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE TABLE IF NOT EXISTS exports (name TEXT PRIMARY KEY, state TEXT NOT NULL) STRICT;
CREATE TRIGGER IF NOT EXISTS amount_is_the_sum_of_the_lines BEFORE INSERT ON documents
WHEN NEW.amount_ore IS NOT
    (SELECT COALESCE(SUM(amount_ore), 0) FROM lines WHERE issuer = NEW.issuer AND number = NEW.number)
BEGIN SELECT RAISE(ABORT, 'a document''s amount must be the sum of its lines'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_fixed BEFORE INSERT ON lines
WHEN EXISTS (SELECT 1 FROM documents WHERE issuer = NEW.issuer AND number = NEW.number)
BEGIN SELECT RAISE(ABORT, 'a registered document''s lines are fixed'); END;
CREATE TRIGGER IF NOT EXISTS documents_are_never_changed BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'registered documents are never changed'); END;
CREATE TRIGGER IF NOT EXISTS documents_are_never_deleted BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'registered documents are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_never_changed BEFORE UPDATE ON lines
BEGIN SELECT RAISE(ABORT, 'registered lines are never changed'); END;
CREATE TRIGGER IF NOT EXISTS lines_are_never_deleted BEFORE DELETE ON lines
BEGIN SELECT RAISE(ABORT, 'registered lines are never deleted'); END;
";

const COLUMNS: &str = "issuer, number, kind, recipient_code, recipient, year, installment, installments, \
     invoice_date, due_date, amount_ore, credits, inputs_sha256, ocr, view, lines_sha256, prev_sha256, sha256";

/// An open register.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// From how many documents [`Store::check`] splits the work in two.
    split_from: i64,
    /// The connection's count of changed rows when the transaction began.
    changes_at_begin: u64,
}

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

fn db_error(path: &Path, e: rusqlite::Error) -> Failure {
    Failure::Other(format!("{}: {e}", path.display()))
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn kind_of(s: &str) -> EntryKind {
    if s == "credit" {
        EntryKind::Credit
    } else {
        EntryKind::Invoice
    }
}

impl Store {
    /// Opens (and creates, when `create`) the register in `dir`.
    pub fn open(dir: &Path, create: bool) -> Result<Option<Store>, Failure> {
        let path = dir.join(FILE);
        if !create && !path.is_file() {
            return Ok(None);
        }
        // One thread uses the connection: no mutexes.
        let mut flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| db_error(&path, e))?;
        // Memory-mapped reads: a run reads every document's row once (the
        // chain), which through read() would copy the whole table.
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA mmap_size = 4294967296;")
            .map_err(|e| db_error(&path, e))?;
        Ok(Some(Store {
            conn,
            path,
            split_from: 4096,
            changes_at_begin: 0,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the write lock: waits (and says so) while another run holds
    /// it, refuses (exit 2) when it is not released in time. Then makes
    /// sure the tables exist.
    pub fn begin(&mut self, ctx: &crate::context::Context) -> Result<(), Failure> {
        let path = self.path.clone();
        let journal = self.path.with_file_name(format!("{FILE}-journal"));
        let stale = journal.exists();
        let _ = self.conn.busy_timeout(Duration::ZERO);
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            if !is_busy(&e) {
                return Err(self.not_a_register(e));
            }
            ctx.stderr(&format!(
                "waiting: another run is writing to {}; this one goes on when it has finished\n",
                path.display()
            ));
            let _ = self.conn.busy_timeout(WAIT);
            if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
                if is_busy(&e) {
                    return Err(Diagnostics::from(
                        Diagnostic::new(format!(
                            "another run has held the register for {} s: nothing was written; try again when it has finished",
                            WAIT.as_secs()
                        ))
                        .in_file(&path),
                    )
                    .into());
                }
                return Err(self.not_a_register(e));
            }
        }
        // Holding the lock, the commit may still wait a moment for another
        // run that is only trying to take it (its shared lock): without a
        // timeout that moment fails the commit with "database is locked".
        let _ = self.conn.busy_timeout(WAIT);
        self.conn
            .execute_batch(SCHEMA)
            .map_err(|e| self.not_a_register(e))?;
        // Taking the lock rolled back what a stopped run left half-done (a
        // hot journal). A journal that was there before and still is, is
        // one SQLite ignores (a run stopped before it wrote a page): a
        // write makes SQLite take it over, and delete it at the commit.
        if stale && journal.exists() {
            self.conn
                .execute_batch(
                    "INSERT INTO meta (key, value) VALUES ('recovered', ''); DELETE FROM meta WHERE key = 'recovered';",
                )
                .map_err(|e| db_error(&path, e))?;
        }
        let version: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.not_a_register(e))?;
        if version.as_deref() != Some(SCHEMA_VERSION) {
            return Err(Diagnostics::from(
                Diagnostic::new(format!(
                    "a register of another version ({}): this program reads version {SCHEMA_VERSION}",
                    version.unwrap_or_default()
                ))
                .in_file(&path),
            )
            .into());
        }
        self.changes_at_begin = self.conn.total_changes();
        Ok(())
    }

    fn not_a_register(&self, e: rusqlite::Error) -> Failure {
        if is_busy(&e) {
            return db_error(&self.path, e);
        }
        Diagnostics::from(Diagnostic::new(format!("cannot open the register: {e}")).in_file(&self.path))
            .into()
    }

    pub fn commit(&mut self) -> Result<(), Failure> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| db_error(&self.path, e))
    }

    pub fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, Failure> {
        r.map_err(|e| db_error(&self.path, e))
    }

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

    /// Checks every issuer's chain and numbers: each document still gives
    /// its recorded SHA-256, is chained to the one before it, and no
    /// number is missing. Every problem names the document.
    ///
    /// The rows are read in the order they were stored, which is number
    /// order in a register this program wrote (a table scan, no index);
    /// when they are not (a row put in by hand), the check starts again in
    /// number order.
    pub fn check(&self) -> Result<Diagnostics, Failure> {
        let stored_order = match self.halves()? {
            Some((mid, end)) => {
                let path = &self.path;
                let (first, second) = std::thread::scope(|s| {
                    let second = s.spawn(move || {
                        let reader = open_reader(path)?;
                        check_rows(&reader, path, Some((mid, end)))
                    });
                    (
                        check_rows(&self.conn, path, Some((i64::MIN, mid - 1))),
                        second.join(),
                    )
                });
                let second =
                    second.map_err(|_| Failure::Other(format!("{}: the check stopped", path.display())))?;
                match (first?, second?) {
                    (Some(mut a), Some(b)) => {
                        a.0.extend(b.0);
                        Some(a)
                    }
                    _ => None,
                }
            }
            None => check_rows(&self.conn, &self.path, None)?,
        };
        match stored_order {
            Some(problems) => Ok(problems),
            None => check_sorted(&self.conn, &self.path),
        }
    }

    /// The register's rows split in two by their stored order, to be
    /// checked at once by two connections: only when this transaction has
    /// written nothing (another connection sees what is committed) and the
    /// register is large enough for a second thread to pay.
    fn halves(&self) -> Result<Option<(i64, i64)>, Failure> {
        if self.conn.total_changes() != self.changes_at_begin {
            return Ok(None);
        }
        let (lo, hi): (Option<i64>, Option<i64>) = self.sql(self.conn.query_row(
            "SELECT MIN(rowid), MAX(rowid) FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        Ok(match lo.zip(hi) {
            Some((lo, hi)) if hi - lo >= self.split_from => Some((lo + (hi - lo) / 2, hi)),
            _ => None,
        })
    }

    /// Checks what [`Store::check`] leaves to `verify`: every document's
    /// lines still give its lines' SHA-256 and sum to its amount.
    pub fn check_lines(&self) -> Result<Diagnostics, Failure> {
        let mut problems = Diagnostics::new();
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT d.issuer, d.number, d.kind, d.year, d.recipient_code, d.amount_ore, d.lines_sha256, \
             l.activity, l.charge, l.basis, l.label, l.account, l.amount_ore \
             FROM documents d LEFT JOIN lines l ON l.issuer = d.issuer AND l.number = d.number \
             ORDER BY d.issuer, d.number, l.position",
        ))?;
        type Line = (String, String, String, String, String, i64);
        let mut current: Option<(String, u64, String, i64, String, Vec<Line>)> = None;
        let finish = |c: Option<(String, u64, String, i64, String, Vec<Line>)>,
                      problems: &mut Diagnostics| {
            if let Some((issuer, number, name, amount, sha, lines)) = c {
                let sum: i64 = lines.iter().map(|l| l.5).sum();
                let rows = lines.iter().map(|l| LineRow {
                    activity: &l.0,
                    charge: &l.1,
                    basis: &l.2,
                    label: &l.3,
                    account: &l.4,
                    amount_ore: l.5,
                });
                if lines_sha256(rows) != sha {
                    problems.push(Diagnostic::new(format!(
                        "{issuer}: document {number} ({name}): its lines were edited: they do not give its recorded SHA-256"
                    )).in_file(&self.path));
                } else if sum != amount {
                    problems.push(
                        Diagnostic::new(format!(
                            "{issuer}: document {number} ({name}): its lines sum to {}, its amount is {}",
                            kronor(sum),
                            kronor(amount)
                        ))
                        .in_file(&self.path),
                    );
                }
            }
        };
        let mut rows = self.sql(stmt.query([]))?;
        while let Some(r) = self.sql(rows.next())? {
            let issuer: String = self.sql(r.get(0))?;
            let number = self.sql(r.get::<_, i64>(1))? as u64;
            let same = matches!(&current, Some((i, n, ..)) if *i == issuer && *n == number);
            if !same {
                finish(current.take(), &mut problems);
                let kind: String = self.sql(r.get(2))?;
                let name = format!(
                    "{}.pdf",
                    stem(
                        kind_of(&kind),
                        self.sql(r.get::<_, i64>(3))? as i32,
                        number,
                        &self.sql(r.get::<_, String>(4))?,
                    )
                );
                current = Some((
                    issuer,
                    number,
                    name,
                    self.sql(r.get(5))?,
                    self.sql(r.get(6))?,
                    Vec::new(),
                ));
            }
            if let Some(activity) = self.sql(r.get::<_, Option<String>>(7))? {
                let line = (
                    activity,
                    self.sql(r.get(8))?,
                    self.sql(r.get(9))?,
                    self.sql(r.get(10))?,
                    self.sql(r.get(11))?,
                    self.sql(r.get(12))?,
                );
                if let Some(c) = current.as_mut() {
                    c.5.push(line);
                }
            }
        }
        finish(current.take(), &mut problems);
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
            problems.push(
                Diagnostic::new(format!(
                    "{issuer}: lines of document {number}, which the register does not hold (deleted?)"
                ))
                .in_file(&self.path),
            );
        }
        Ok(problems)
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

    /// How many documents have an e-invoice (a UBL file beside the PDF).
    /// Up to the mark below which every document's files were written, the
    /// count recorded with the mark; above it, counted.
    pub fn einvoice_count(&self) -> Result<u64, Failure> {
        let mark = |name: &str| -> Result<Option<u64>, Failure> {
            Ok(self.export_state(name)?.and_then(|s| s.parse::<u64>().ok()))
        };
        match (mark(WRITTEN_UP_TO)?, mark(EINVOICES_UP_TO)?) {
            (Some(up_to), Some(count)) => Ok(count + self.einvoice_count_above(up_to, u64::MAX)?),
            _ => self.einvoice_count_above(0, u64::MAX),
        }
    }

    /// How many documents numbered above `from`, up to `to`, have an e-invoice.
    pub fn einvoice_count_above(&self, from: u64, to: u64) -> Result<u64, Failure> {
        let mut count = 0;
        for issuer in self.issuers()? {
            let n: i64 = self.sql(self.conn.query_row(
                "SELECT COUNT(*) FROM documents WHERE issuer = ?1 AND number > ?2 AND number <= ?3 \
                 AND view LIKE '%\"einvoice\":{%'",
                params![
                    issuer,
                    i64::try_from(from).unwrap_or(i64::MAX),
                    i64::try_from(to).unwrap_or(i64::MAX)
                ],
                |r| r.get(0),
            ))?;
            count += n as u64;
        }
        Ok(count)
    }

    /// Records that every document up to `up_to` has its files: the mark
    /// below which a run does not look for them, and how many of those
    /// documents have an e-invoice.
    pub fn set_files_written_up_to(&self, from: u64, up_to: u64) -> Result<(), Failure> {
        let below = match from {
            0 => 0,
            _ => match self
                .export_state(EINVOICES_UP_TO)?
                .and_then(|s| s.parse::<u64>().ok())
            {
                Some(n) => n,
                None => self.einvoice_count_above(0, from)?,
            },
        };
        let count = below + self.einvoice_count_above(from, up_to)?;
        self.set_export_state(WRITTEN_UP_TO, &up_to.to_string())?;
        self.set_export_state(EINVOICES_UP_TO, &count.to_string())
    }

    /// The mark of [`Store::set_files_written_up_to`].
    pub fn files_written_up_to(&self) -> Result<u64, Failure> {
        Ok(self
            .export_state(WRITTEN_UP_TO)?
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0))
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

    /// The state an export file was last written at.
    pub fn export_state(&self, name: &str) -> Result<Option<String>, Failure> {
        self.sql(
            self.conn
                .query_row("SELECT state FROM exports WHERE name = ?1", [name], |r| r.get(0))
                .optional(),
        )
    }

    pub fn set_export_state(&self, name: &str, state: &str) -> Result<(), Failure> {
        self.sql(self.conn.execute(
            "INSERT INTO exports (name, state) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET state = excluded.state",
            [name, state],
        ))
        .map(|_| ())
    }

    /// Adds documents at the end of their issuers' chains. The numbers
    /// are the caller's: the primary key refuses one taken twice.
    pub fn insert(&self, docs: &[Document]) -> Result<(), Failure> {
        let mut heads: BTreeMap<String, String> = BTreeMap::new();
        for d in docs {
            let e = &d.entry;
            let prev = match heads.get(&e.issuer) {
                Some(h) => h.clone(),
                None => self
                    .sql(
                        self.conn
                            .query_row(
                                "SELECT sha256 FROM documents WHERE issuer = ?1 ORDER BY number DESC LIMIT 1",
                                [&e.issuer],
                                |r| r.get::<_, String>(0),
                            )
                            .optional(),
                    )?
                    .unwrap_or_else(|| GENESIS.to_string()),
            };
            let sha = self.insert_document(d, &prev)?;
            heads.insert(e.issuer.clone(), sha);
        }
        Ok(())
    }

    /// Adds one document after the one whose SHA-256 is `prev`; returns
    /// its own.
    fn insert_document(&self, d: &Document, prev: &str) -> Result<String, Failure> {
        let e = &d.entry;
        let money = |a| {
            ore(a).ok_or_else(|| {
                Failure::Other(format!("document {}: the amount {a} is not whole öre", e.number))
            })
        };
        let amounts: Vec<i64> = e
            .lines
            .iter()
            .map(|l| money(l.amount))
            .collect::<Result<_, _>>()?;
        let line_rows = || {
            e.lines
                .iter()
                .zip(&d.view.lines)
                .zip(&amounts)
                .map(|((l, v), a)| LineRow {
                    activity: &l.activity,
                    charge: &l.charge,
                    basis: &l.basis,
                    label: &v.label,
                    account: &v.account,
                    amount_ore: *a,
                })
        };
        if d.view.lines.len() != e.lines.len() {
            return Err(Failure::Other(format!(
                "document {}: a view for every line",
                e.number
            )));
        }
        let lines_sha = lines_sha256(line_rows());
        let view = d.view.to_json();
        let (invoice_date, due_date) = (e.invoice_date.to_string(), e.due_date.to_string());
        let amount_ore = money(e.amount)?;
        let row = DocumentRow {
            issuer: e.issuer.as_bytes(),
            number: e.number,
            kind: e.kind.as_str().as_bytes(),
            recipient_code: e.recipient_code.as_bytes(),
            recipient: e.recipient.as_bytes(),
            year: i64::from(e.year),
            installment: i64::from(e.installment),
            installments: i64::from(e.installments),
            invoice_date: invoice_date.as_bytes(),
            due_date: due_date.as_bytes(),
            amount_ore,
            credits: e.credits,
            inputs_sha256: e.inputs_sha256.as_bytes(),
            ocr: d.ocr.as_bytes(),
            view: view.as_bytes(),
            lines_sha256: lines_sha.as_bytes(),
        };
        let sha = chained_sha256(prev.as_bytes(), &row);
        let number = i64::try_from(e.number).map_err(|_| Failure::Other("a number too large".into()))?;
        let mut line = self.sql(self.conn.prepare_cached(
            "INSERT INTO lines (issuer, number, position, activity, charge, basis, label, account, amount_ore) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        ))?;
        for (i, l) in line_rows().enumerate() {
            self.sql(line.execute(params![
                e.issuer,
                number,
                i as i64,
                l.activity,
                l.charge,
                l.basis,
                l.label,
                l.account,
                l.amount_ore
            ]))?;
        }
        self.sql(self.conn.execute(
            &format!("INSERT INTO documents ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"),
            params![
                e.issuer,
                number,
                e.kind.as_str(),
                e.recipient_code,
                e.recipient,
                row.year,
                row.installment,
                row.installments,
                invoice_date,
                due_date,
                amount_ore,
                row.credits.map(|c| c as i64),
                e.inputs_sha256,
                d.ocr,
                view,
                lines_sha,
                prev,
                sha,
            ],
        ))?;
        Ok(sha)
    }

    /// Documents matching a `WHERE` clause, with their lines, by issuer and number.
    fn documents(&self, filter: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<Document>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM documents {filter} ORDER BY issuer, number"
        )))?;
        let mut out: Vec<(Document, String)> = Vec::new();
        let mut rows = self.sql(stmt.query(params))?;
        while let Some(r) = self.sql(rows.next())? {
            let bad = |what: &str| {
                Failure::Input(
                    Diagnostic::new(format!(
                        "document {}: cannot read its {what}",
                        r.get::<_, i64>(1).unwrap_or_default()
                    ))
                    .in_file(&self.path)
                    .into(),
                )
            };
            let kind: String = self.sql(r.get(2))?;
            let date = |i: usize, what: &str| -> Result<crate::engine::date::Date, Failure> {
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
                invoice_date: date(8, "invoice date")?,
                due_date: date(9, "due date")?,
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
                    Diagnostic::new(format!(
                        "document {}: cannot read what its files show",
                        d.entry.number
                    ))
                    .in_file(&self.path)
                    .into(),
                )
            })?;
            docs.push(d);
        }
        Ok(docs)
    }

    /// The connection, for tests and tools that inspect the register.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Opens a second, read-only connection to a register.
fn open_reader(path: &Path) -> Result<Connection, Failure> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| db_error(path, e))?;
    conn.execute_batch("PRAGMA mmap_size = 4294967296;")
        .map_err(|e| db_error(path, e))?;
    let _ = conn.busy_timeout(WAIT);
    Ok(conn)
}

/// [`Store::check`] over the rows in number order.
fn check_sorted(conn: &Connection, path: &Path) -> Result<Diagnostics, Failure> {
    let sql = format!("SELECT {COLUMNS} FROM documents ORDER BY issuer, number");
    let mut stmt = conn.prepare(&sql).map_err(|e| db_error(path, e))?;
    let rows = stmt.query([]).map_err(|e| db_error(path, e))?;
    check_chain(rows, path, None, false).map(Option::unwrap_or_default)
}

/// [`Store::check`] over the rows in stored order (those whose rowid is in
/// `range`, with the stored row before them as their predecessor); `None`
/// when a document comes before one it follows.
fn check_rows(
    conn: &Connection,
    path: &Path,
    range: Option<(i64, i64)>,
) -> Result<Option<Diagnostics>, Failure> {
    let sql = |e| db_error(path, e);
    let (lo, hi) = range.unwrap_or((i64::MIN, i64::MAX));
    let before: Option<(Vec<u8>, u64, Vec<u8>)> = conn
        .query_row(
            "SELECT issuer, number, sha256 FROM documents WHERE rowid < ?1 ORDER BY rowid DESC LIMIT 1",
            [lo],
            |r| {
                Ok((
                    r.get_ref(0)?.as_bytes()?.to_vec(),
                    r.get::<_, i64>(1)? as u64,
                    r.get_ref(2)?.as_bytes()?.to_vec(),
                ))
            },
        )
        .optional()
        .map_err(sql)?;
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM documents WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid"
        ))
        .map_err(sql)?;
    let rows = stmt.query([lo, hi]).map_err(sql)?;
    check_chain(rows, path, before, true)
}

/// The chain and number checks over `rows` (in the columns of `COLUMNS`),
/// after the document `last` (issuer, number, SHA-256 as hex); `None` when
/// `in_order` and a document comes before one it follows.
///
/// Long on purpose: one pass over the rows, whose checks (order, gaps,
/// digest, link to the previous row) share the previous row and the
/// messages that name the document.
fn check_chain(
    mut rows: rusqlite::Rows,
    path: &Path,
    mut last: Option<(Vec<u8>, u64, Vec<u8>)>,
    in_order: bool,
) -> Result<Option<Diagnostics>, Failure> {
    let mut problems = Diagnostics::new();
    let mut buf = Vec::new();
    let here = |m: String| Diagnostic::new(m).in_file(path);
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    while let Some(r) = sql_at(path, rows.next())? {
        // Text as stored, unchecked: its bytes are what is hashed.
        let text = |i: usize| -> Result<&[u8], Failure> {
            sql_at(
                path,
                r.get_ref(i)
                    .and_then(|v| v.as_bytes().map_err(rusqlite::Error::from)),
            )
        };
        let issuer = text(0)?;
        let number = sql_at(path, r.get::<_, i64>(1))? as u64;
        if in_order
            && last
                .as_ref()
                .is_some_and(|(i, n, _)| (i.as_slice(), *n) >= (issuer, number))
        {
            return Ok(None);
        }
        let kind = text(2)?;
        let year: i64 = sql_at(path, r.get(5))?;
        let recipient_code = text(3)?;
        let issuer_text = || lossy(issuer);
        let what = || {
            let name = stem(kind_of(&lossy(kind)), year as i32, number, &lossy(recipient_code));
            format!("{}: document {number} ({name}.pdf)", issuer_text())
        };
        let prev = text(16)?;
        let sha = text(17)?;
        let row = DocumentRow {
            issuer,
            number,
            kind,
            recipient_code,
            recipient: text(4)?,
            year,
            installment: sql_at(path, r.get(6))?,
            installments: sql_at(path, r.get(7))?,
            invoice_date: text(8)?,
            due_date: text(9)?,
            amount_ore: sql_at(path, r.get(10))?,
            credits: sql_at(path, r.get::<_, Option<i64>>(11))?.map(|c| c as u64),
            inputs_sha256: text(12)?,
            ocr: text(13)?,
            view: text(14)?,
            lines_sha256: text(15)?,
        };
        let (expected_prev, previous) = match &last {
            Some((i, n, s)) if i.as_slice() == issuer => (s.as_slice(), Some(*n)),
            _ => (GENESIS.as_bytes(), None),
        };
        match previous {
                Some(p) if number != p + 1 => problems.push(here(format!(
                    "{}: {} missing from the register (deleted): the numbers jump from {p} to {number}",
                    issuer_text(),
                    if number == p + 2 {
                        format!("document {} is", p + 1)
                    } else {
                        format!("documents {} to {} are", p + 1, number - 1)
                    }
                ))),
                None if prev != GENESIS.as_bytes() => problems.push(here(format!(
                    "{}: the documents before {number} are missing from the register (deleted): {number} is chained to another",
                    issuer_text()
                ))),
                _ => {}
            }
        if !is_hex_of(&chained_digest(&mut buf, prev, &row), sha) {
            problems.push(here(format!(
                "{} was edited or inserted by hand: its content does not give its recorded SHA-256",
                what()
            )));
        } else if previous == Some(number.wrapping_sub(1)) && prev != expected_prev {
            problems.push(here(format!(
                    "{}: document {} was replaced, or {number} inserted: {number} is chained to another version of {}",
                    issuer_text(),
                    number - 1,
                    number - 1
                )));
        }
        match &mut last {
            Some((i, n, s)) => {
                if i.as_slice() != issuer {
                    *i = issuer.to_vec();
                }
                *n = number;
                s.clear();
                s.extend_from_slice(sha);
            }
            None => last = Some((issuer.to_vec(), number, sha.to_vec())),
        }
    }
    Ok(Some(problems))
}

fn sql_at<T>(path: &Path, r: rusqlite::Result<T>) -> Result<T, Failure> {
    r.map_err(|e| db_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invoicing::plan::tests::doc;

    /// A register of `n` documents in a fresh folder.
    fn register(name: &str, n: u64) -> (PathBuf, Store) {
        let dir = std::env::temp_dir().join(format!("avgift-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut store = Store::open(&dir, true).unwrap().unwrap();
        store
            .begin(&crate::context::Context::in_memory(Vec::new()))
            .unwrap();
        let docs: Vec<Document> = (1..=n)
            .map(|k| doc(&format!("{}", 1000 + k % 7), k, 100 + k as i64, 1, 1, "d"))
            .collect();
        store.insert(&docs).unwrap();
        store.commit().unwrap();
        (dir, store)
    }

    /// Checked in two halves at once, a register gives the problems that
    /// one pass in number order gives, whatever was done to it.
    #[test]
    fn the_check_in_two_halves_finds_what_one_pass_finds() {
        let cases = [
            "",
            "UPDATE documents SET recipient = 'x' WHERE number = 3",
            "UPDATE documents SET amount_ore = 1 WHERE number = 15",
            "DELETE FROM documents WHERE number = 10",
            "DELETE FROM documents WHERE number = 11",
            "DELETE FROM documents WHERE number = 1",
            "DELETE FROM documents WHERE number = 20",
            "CREATE TEMP TABLE d AS SELECT * FROM documents WHERE number = 12;
             DELETE FROM documents WHERE number = 12; INSERT INTO documents SELECT * FROM d;",
            "INSERT INTO lines SELECT issuer, 21, position, activity, charge, basis, label, account,
                 amount_ore FROM lines WHERE number = 5;
             INSERT INTO documents SELECT issuer, 21, kind, recipient_code, recipient, year, installment,
                 installments, invoice_date, due_date, amount_ore, credits, inputs_sha256, ocr, view,
                 lines_sha256, sha256, sha256 FROM documents WHERE number = 5",
        ];
        for (i, sql) in cases.iter().enumerate() {
            let (dir, mut store) = register(&format!("halves-{i}"), 20);
            store
                .connection()
                .execute_batch(&format!(
                    "PRAGMA foreign_keys = OFF; DROP TRIGGER documents_are_never_changed;
                     DROP TRIGGER documents_are_never_deleted; {sql}"
                ))
                .unwrap();
            store.split_from = 1;
            store
                .begin(&crate::context::Context::in_memory(Vec::new()))
                .unwrap();
            assert!(store.halves().unwrap().is_some(), "{sql}: split");
            let messages = |d: Diagnostics| d.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
            let halves = messages(store.check().unwrap());
            let sorted = messages(check_sorted(&store.conn, &store.path).unwrap());
            assert_eq!(halves, sorted, "{sql}");
            // Unchanged, the last document deleted (found by its file, not
            // by the chain), a row put back: nothing; else a problem.
            assert_eq!(halves.is_empty(), [0, 6, 7].contains(&i), "{sql}: {halves:?}");
            store.rollback();
            drop(store);
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
