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
    chained_sha256, kronor, lines_sha256, ore, stem, Document, LineRow, LineView, Row, View, GENESIS,
};
use crate::cmd::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::invoice::InvoiceLine;
use crate::engine::register::{Entry, EntryKind};

/// The register's file in an invoice folder.
pub const FILE: &str = "register.sqlite";

/// How long a run waits for another to release the register.
const WAIT: Duration = Duration::from_secs(60);

const SCHEMA_VERSION: &str = "1";

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
        Ok(Some(Store { conn, path }))
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

    /// The issuers whose documents the register holds.
    pub fn issuers(&self) -> Result<Vec<String>, Failure> {
        let mut stmt = self.sql(
            self.conn
                .prepare("SELECT DISTINCT issuer FROM documents ORDER BY issuer"),
        )?;
        let rows = self.sql(stmt.query_map([], |r| r.get(0)))?;
        self.sql(rows.collect())
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
    pub fn check(&self) -> Result<Diagnostics, Failure> {
        let mut problems = Diagnostics::new();
        let mut stmt = self.sql(self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM documents ORDER BY issuer, number"
        )))?;
        let mut rows = self.sql(stmt.query([]))?;
        let mut last: Option<(String, u64, String)> = None;
        let here = |m: String| Diagnostic::new(m).in_file(&self.path);
        while let Some(r) = self.sql(rows.next())? {
            let text = |i: usize| -> Result<&str, Failure> {
                self.sql(
                    r.get_ref(i)
                        .and_then(|v| v.as_str().map_err(rusqlite::Error::from)),
                )
            };
            let issuer = text(0)?;
            let number = self.sql(r.get::<_, i64>(1))? as u64;
            let kind = text(2)?;
            let year: i64 = self.sql(r.get(5))?;
            let recipient_code = text(3)?;
            let what = || {
                let name = stem(kind_of(kind), year as i32, number, recipient_code);
                format!("{issuer}: document {number} ({name}.pdf)")
            };
            let prev = text(16)?;
            let sha = text(17)?;
            let row = Row {
                issuer,
                number,
                kind,
                recipient_code,
                recipient: text(4)?,
                year,
                installment: self.sql(r.get(6))?,
                installments: self.sql(r.get(7))?,
                invoice_date: text(8)?,
                due_date: text(9)?,
                amount_ore: self.sql(r.get(10))?,
                credits: self.sql(r.get::<_, Option<i64>>(11))?.map(|c| c as u64),
                inputs_sha256: text(12)?,
                ocr: text(13)?,
                view: text(14)?,
                lines_sha256: text(15)?,
            };
            let (expected_prev, previous) = match &last {
                Some((i, n, s)) if i == issuer => (s.as_str(), Some(*n)),
                _ => (GENESIS, None),
            };
            match previous {
                Some(p) if number != p + 1 => problems.push(here(format!(
                    "{issuer}: {} missing from the register (deleted): the numbers jump from {p} to {number}",
                    if number == p + 2 {
                        format!("document {} is", p + 1)
                    } else {
                        format!("documents {} to {} are", p + 1, number - 1)
                    }
                ))),
                None if prev != GENESIS => problems.push(here(format!(
                    "{issuer}: the documents before {number} are missing from the register (deleted): {number} is chained to another"
                ))),
                _ => {}
            }
            if chained_sha256(prev, &row) != sha {
                problems.push(here(format!(
                    "{} was edited or inserted by hand: its content does not give its recorded SHA-256",
                    what()
                )));
            } else if previous == Some(number.wrapping_sub(1)) && prev != expected_prev {
                problems.push(here(format!(
                    "{issuer}: document {} was replaced, or {number} inserted: {number} is chained to another version of {}",
                    number - 1,
                    number - 1
                )));
            }
            match &mut last {
                Some((i, n, s)) => {
                    if i != issuer {
                        *i = issuer.to_string();
                    }
                    *n = number;
                    s.clear();
                    s.push_str(sha);
                }
                None => last = Some((issuer.to_string(), number, sha.to_string())),
            }
        }
        Ok(problems)
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
        let (lo, hi): (Option<i64>, Option<i64>) = self.sql(self.conn.query_row(
            "SELECT MIN(number), MAX(number) FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        Ok(lo.zip(hi).map(|(lo, hi)| (lo as u64, hi as u64)))
    }

    /// How many documents have an e-invoice (a UBL file beside the PDF).
    pub fn einvoice_count(&self) -> Result<u64, Failure> {
        let n: i64 = self.sql(self.conn.query_row(
            "SELECT COUNT(*) FROM documents WHERE view LIKE '%\"einvoice\":{%'",
            [],
            |r| r.get(0),
        ))?;
        Ok(n as u64)
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
            "SELECT issuer, kind, year, number, recipient_code FROM documents WHERE number > ?1 ORDER BY issuer, number",
        ))?;
        let rows = self.sql(stmt.query_map([from as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                DocKey {
                    kind: kind_of(&r.get::<_, String>(1)?),
                    year: r.get(2)?,
                    number: r.get::<_, i64>(3)? as u64,
                    recipient_code: r.get(4)?,
                },
            ))
        }))?;
        self.sql(rows.collect())
    }

    /// Per issuer and year: how many documents and the highest number.
    /// Documents are only ever added, so this names the year's state.
    pub fn years(&self) -> Result<Vec<(String, i32, u64, u64)>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT issuer, year, COUNT(*), MAX(number) FROM documents GROUP BY issuer, year ORDER BY issuer, year",
        ))?;
        let rows = self.sql(stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, i64>(3)? as u64,
            ))
        }))?;
        self.sql(rows.collect())
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
            let row = Row {
                issuer: &e.issuer,
                number: e.number,
                kind: e.kind.as_str(),
                recipient_code: &e.recipient_code,
                recipient: &e.recipient,
                year: i64::from(e.year),
                installment: i64::from(e.installment),
                installments: i64::from(e.installments),
                invoice_date: &invoice_date,
                due_date: &due_date,
                amount_ore: money(e.amount)?,
                credits: e.credits,
                inputs_sha256: &e.inputs_sha256,
                ocr: &d.ocr,
                view: &view,
                lines_sha256: &lines_sha,
            };
            let sha = chained_sha256(&prev, &row);
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
                    row.issuer,
                    number,
                    row.kind,
                    row.recipient_code,
                    row.recipient,
                    row.year,
                    row.installment,
                    row.installments,
                    row.invoice_date,
                    row.due_date,
                    row.amount_ore,
                    row.credits.map(|c| c as i64),
                    row.inputs_sha256,
                    row.ocr,
                    row.view,
                    row.lines_sha256,
                    prev,
                    sha,
                ],
            ))?;
            heads.insert(e.issuer.clone(), sha);
        }
        Ok(())
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
            let entry = Entry {
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
