//! The checks of the register: each issuer's SHA-256 chain and gap-free
//! numbers, on every open ([`Store::check`], in two halves on two
//! connections for a large register), and every document's lines
//! ([`Store::check_lines`], for `verify`).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::invoicing::document::{
    chained_digest, is_hex_of, kronor, lines_sha256, stem, DocumentRow, LineRow, GENESIS,
};
use crate::msg;
use crate::msg::Message;

use super::connection::{db_error, Store, WAIT};
use super::queries::kind_of;
use super::schema::COLUMNS;

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
pub(super) fn check_sorted(conn: &Connection, path: &Path) -> Result<Diagnostics, Failure> {
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
    let here = |m: Message| Diagnostic::new(m).in_file(path);
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
        let file = || {
            let name = stem(kind_of(&lossy(kind)), year as i32, number, &lossy(recipient_code));
            format!("{name}.pdf")
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
            Some(p) if number == p + 2 => problems.push(here(msg!(
                "register-gap-one",
                issuer = issuer_text(),
                missing = p + 1,
                from = p,
                to = number
            ))),
            Some(p) if number != p + 1 => problems.push(here(msg!(
                "register-gap",
                issuer = issuer_text(),
                first = p + 1,
                last = number - 1,
                from = p,
                to = number
            ))),
            None if prev != GENESIS.as_bytes() => problems.push(here(msg!(
                "register-before-missing",
                issuer = issuer_text(),
                number = number
            ))),
            _ => {}
        }
        if !is_hex_of(&chained_digest(&mut buf, prev, &row), sha) {
            problems.push(here(msg!(
                "register-edited",
                issuer = issuer_text(),
                number = number,
                file = file()
            )));
        } else if previous == Some(number.wrapping_sub(1)) && prev != expected_prev {
            problems.push(here(msg!(
                "register-replaced",
                issuer = issuer_text(),
                previous = number - 1,
                number = number
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

/// A line as [`Store::check_lines`] reads it: activity, charge, basis,
/// label, account, amount in öre.
type Line = (String, String, String, String, String, i64);

/// A document's lines as [`Store::check_lines`] reads them: issuer,
/// number, file name, amount in öre, lines' SHA-256, lines.
type DocumentLines = (String, u64, String, i64, String, Vec<Line>);

/// What is wrong with a document's lines: they do not give their recorded
/// SHA-256, or do not sum to its amount.
fn lines_problem(d: &DocumentLines) -> Option<Message> {
    let (issuer, number, name, amount, sha, lines) = d;
    let rows = lines.iter().map(|l| LineRow {
        activity: &l.0,
        charge: &l.1,
        basis: &l.2,
        label: &l.3,
        account: &l.4,
        amount_ore: l.5,
    });
    let sum: i64 = lines.iter().map(|l| l.5).sum();
    if lines_sha256(rows) != *sha {
        Some(msg!(
            "register-lines-edited",
            issuer = issuer,
            number = *number,
            file = name
        ))
    } else if sum != *amount {
        Some(msg!(
            "register-lines-sum",
            issuer = issuer,
            number = *number,
            file = name,
            sum = kronor(sum).to_string(),
            amount = kronor(*amount).to_string()
        ))
    } else {
        None
    }
}

impl Store {
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
                    second.map_err(|_| Failure::Other(msg!("register-check-stopped", file = path)))?;
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
    pub(super) fn halves(&self) -> Result<Option<(i64, i64)>, Failure> {
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
        let mut current: Option<DocumentLines> = None;
        let finish = |c: Option<DocumentLines>, problems: &mut Diagnostics| {
            if let Some(m) = c.as_ref().and_then(lines_problem) {
                problems.push(Diagnostic::new(m).in_file(&self.path));
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
                Diagnostic::new(msg!("register-orphan-lines", issuer = issuer, number = number))
                    .in_file(&self.path),
            );
        }
        Ok(problems)
    }
}
