//! An open register: the connection, the write lock and the transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

use super::schema::{MIGRATIONS, RECEIVABLES, SCHEMA, SCHEMA_VERSION};

/// The register's file in an invoice folder.
pub const FILE: &str = "register.sqlite";

/// How long a run waits for another to release the register.
pub(super) const WAIT: Duration = Duration::from_secs(60);

/// An open register.
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// From how many documents [`Store::check`] splits the work in two.
    pub(super) split_from: i64,
    /// The connection's count of changed rows when the transaction began.
    pub(super) changes_at_begin: u64,
    /// The public key the register's signatures are checked against
    /// (the tariff's `issuer.public_key`, or `verify --public-key`).
    pub(super) public_key: Option<crate::signing::PublicKey>,
    /// The private key that signs what this run commits.
    pub(super) private_key: Option<crate::signing::PrivateKey>,
}

pub(super) fn db_error(path: &Path, e: rusqlite::Error) -> Failure {
    Failure::Other(msg!(
        "register-database-error",
        file = path,
        error = e.to_string()
    ))
}

pub(super) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
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
            public_key: None,
            private_key: None,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A second connection to the register, read-only, for reading on
    /// another thread while this one holds the write lock: it sees what is
    /// committed, which nothing else can change meanwhile. `None` when
    /// this connection's transaction has changed the schema (tables made
    /// or brought up to date on taking the lock): a reader would not see
    /// them yet.
    pub fn reader(&self) -> Result<Option<Store>, Failure> {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| db_error(&self.path, e))?;
        conn.execute_batch("PRAGMA mmap_size = 4294967296;")
            .map_err(|e| db_error(&self.path, e))?;
        let _ = conn.busy_timeout(WAIT);
        let cookie = |c: &Connection| -> Result<i64, Failure> {
            c.query_row("PRAGMA schema_version", [], |r| r.get(0))
                .map_err(|e| db_error(&self.path, e))
        };
        if cookie(&conn)? != cookie(&self.conn)? {
            return Ok(None);
        }
        Ok(Some(Store {
            conn,
            path: self.path.clone(),
            split_from: self.split_from,
            changes_at_begin: 0,
            public_key: self.public_key.clone(),
            private_key: None,
        }))
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
            ctx.say(&msg!("register-waiting", file = &path));
            let _ = self.conn.busy_timeout(WAIT);
            if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
                if is_busy(&e) {
                    return Err(Diagnostics::from(
                        Diagnostic::new(msg!("register-busy", seconds = WAIT.as_secs())).in_file(&path),
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
        self.migrate()?;
        self.conn
            .execute_batch(SCHEMA)
            .and_then(|()| self.conn.execute_batch(RECEIVABLES))
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
                Diagnostic::new(msg!(
                    "register-other-version",
                    found = version.unwrap_or_default(),
                    version = SCHEMA_VERSION
                ))
                .in_file(&path),
            )
            .into());
        }
        self.changes_at_begin = self.conn.total_changes();
        Ok(())
    }

    /// Brings a register of an earlier version up to this one, step by
    /// step, in the transaction just begun; a version this program does
    /// not know is left as it is (and refused by the caller).
    fn migrate(&self) -> Result<(), Failure> {
        let has_meta: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.not_a_register(e))?;
        if !has_meta {
            return Ok(());
        }
        loop {
            let version: Option<String> = self
                .conn
                .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0))
                .optional()
                .map_err(|e| self.not_a_register(e))?;
            let Some(step) = MIGRATIONS
                .iter()
                .find(|(from, _)| Some(*from) == version.as_deref())
            else {
                return Ok(());
            };
            self.conn
                .execute_batch(step.1)
                .map_err(|e| self.not_a_register(e))?;
        }
    }

    pub(super) fn not_a_register(&self, e: rusqlite::Error) -> Failure {
        if is_busy(&e) {
            return db_error(&self.path, e);
        }
        Diagnostics::from(
            Diagnostic::new(msg!("register-cannot-open", error = e.to_string())).in_file(&self.path),
        )
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

    pub(super) fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, Failure> {
        r.map_err(|e| db_error(&self.path, e))
    }

    /// The connection, for tests and tools that inspect the register.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
