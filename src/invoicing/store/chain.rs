//! The checks of the register: each issuer's SHA-256 chain and gap-free
//! numbers, on every open ([`Store::check`], in two halves on two
//! connections for a large register), then its signatures
//! (`signatures.rs`); every document's lines are checked by `lines.rs`.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::receivables::Doc;
use crate::invoicing::document::{chained_digest, is_hex_of, kronor, stem, DocumentRow, GENESIS};
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

/// What one pass of the chain check found: the problems, and the first
/// document without a signature (issuer, number), if any.
#[derive(Debug, Default)]
pub(super) struct Pass {
    pub problems: Diagnostics,
    pub first_unsigned: Option<(Vec<u8>, u64)>,
    /// The documents of the issuer the pass gathers, as receivables see
    /// them (their recipients' organisation numbers left empty), in the
    /// order read.
    pub docs: Vec<Doc>,
}

impl Pass {
    /// Two passes over consecutive parts of the rows, as one.
    fn then(mut self, next: Pass) -> Pass {
        self.problems.0.extend(next.problems.0);
        self.docs.extend(next.docs);
        self.first_unsigned = match (self.first_unsigned, next.first_unsigned) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self
    }
}

/// [`Store::check`] over the rows in number order.
pub(super) fn check_sorted(conn: &Connection, path: &Path, gather: Option<&str>) -> Result<Pass, Failure> {
    let sql = format!("SELECT {COLUMNS} FROM documents ORDER BY issuer, number");
    let mut stmt = conn.prepare(&sql).map_err(|e| db_error(path, e))?;
    let rows = stmt.query([]).map_err(|e| db_error(path, e))?;
    check_chain(rows, path, None, false, gather).map(Option::unwrap_or_default)
}

/// [`Store::check`] over the rows in stored order (those whose rowid is in
/// `range`, with the stored row before them as their predecessor); `None`
/// when a document comes before one it follows.
fn check_rows(
    conn: &Connection,
    path: &Path,
    range: Option<(i64, i64)>,
    gather: Option<&str>,
) -> Result<Option<Pass>, Failure> {
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
    check_chain(rows, path, before, true, gather)
}

/// The chain and number checks over `rows` (in the columns of `COLUMNS`),
/// after the document `last` (issuer, number, SHA-256 as hex), gathering
/// the documents of the issuer `gather`; `None` when `in_order` and a
/// document comes before one it follows.
///
/// Long on purpose: one pass over the rows, whose checks (order, gaps,
/// digest, link to the previous row) share the previous row and the
/// messages that name the document.
fn check_chain(
    mut rows: rusqlite::Rows,
    path: &Path,
    mut last: Option<(Vec<u8>, u64, Vec<u8>)>,
    in_order: bool,
    gather: Option<&str>,
) -> Result<Option<Pass>, Failure> {
    let mut problems = Diagnostics::new();
    let mut first_unsigned = None;
    let mut docs = Vec::new();
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
        if first_unsigned.is_none() && text(18)?.is_empty() {
            first_unsigned = Some((issuer.to_vec(), number));
        }
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
        if gather.is_some_and(|g| g.as_bytes() == issuer) {
            match receivable(&row) {
                Ok(doc) => docs.push(doc),
                Err(what) => problems.push(here(msg!("register-unreadable", number = number, what = what))),
            }
        }
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
    Ok(Some(Pass {
        problems,
        first_unsigned,
        docs,
    }))
}

/// A document as receivables see it, from its row (its recipient's
/// organisation number left empty); or which of its fields cannot be read
/// (text that is not UTF-8, a date, a count out of range).
fn receivable(row: &DocumentRow) -> Result<Doc, Message> {
    let fields = || msg!("register-field-row");
    let text = |b: &[u8]| std::str::from_utf8(b).map(String::from).map_err(|_| fields());
    let date = |b: &[u8], what: Message| {
        let parsed = std::str::from_utf8(b).ok().and_then(|t| t.parse().ok());
        parsed.ok_or(what)
    };
    let count = |n: i64| u32::try_from(n).map_err(|_| fields());
    Ok(Doc {
        number: row.number,
        kind: kind_of(std::str::from_utf8(row.kind).map_err(|_| fields())?),
        recipient_code: text(row.recipient_code)?,
        recipient: text(row.recipient)?,
        org_nr: String::new(),
        year: i32::try_from(row.year).map_err(|_| fields())?,
        installment: count(row.installment)?,
        installments: count(row.installments)?,
        invoice_date: date(row.invoice_date, msg!("register-field-invoice-date"))?,
        due_date: date(row.due_date, msg!("register-field-due-date"))?,
        amount: kronor(row.amount_ore),
        credits: row.credits,
        ocr: text(row.ocr)?,
    })
}

fn sql_at<T>(path: &Path, r: rusqlite::Result<T>) -> Result<T, Failure> {
    r.map_err(|e| db_error(path, e))
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
        Ok(self.checked(None, false)?.0)
    }

    /// [`Store::check`], with every signature checked (for `verify`).
    pub fn check_every_signature(&self) -> Result<Diagnostics, Failure> {
        Ok(self.checked(None, true)?.0)
    }

    /// [`Store::check`], and the documents of `issuer` as receivables see
    /// them, by number (read once, for both): their recipients'
    /// organisation numbers left empty ([`Store::recipients_org_nr`]).
    pub fn check_and_gather(&self, issuer: &str) -> Result<(Diagnostics, Vec<Doc>), Failure> {
        let (problems, mut docs) = self.checked(Some(issuer), false)?;
        // In number order as stored: sorting is one pass.
        docs.sort_by_key(|d| d.number);
        Ok((problems, docs))
    }

    /// The chain and numbers, then (when they hold) the signatures, the
    /// last one or `every` one; with the documents of the issuer `gather`.
    fn checked(&self, gather: Option<&str>, every: bool) -> Result<(Diagnostics, Vec<Doc>), Failure> {
        let pass = self.check_pass(gather)?;
        let mut problems = pass.problems;
        if problems.is_empty() {
            problems
                .0
                .extend(self.check_signatures(pass.first_unsigned, every)?.0);
        }
        Ok((problems, pass.docs))
    }

    /// One pass over every document: the chain and numbers, which
    /// document is the first without a signature, and the documents of
    /// the issuer `gather`.
    pub(super) fn check_pass(&self, gather: Option<&str>) -> Result<Pass, Failure> {
        let stored_order = match self.halves()? {
            Some((mid, end)) => {
                let path = &self.path;
                let (first, second) = std::thread::scope(|s| {
                    let second = s.spawn(move || {
                        let reader = open_reader(path)?;
                        check_rows(&reader, path, Some((mid, end)), gather)
                    });
                    (
                        check_rows(&self.conn, path, Some((i64::MIN, mid - 1)), gather),
                        second.join(),
                    )
                });
                let second =
                    second.map_err(|_| Failure::Other(msg!("register-check-stopped", file = path)))?;
                match (first?, second?) {
                    (Some(a), Some(b)) => Some(a.then(b)),
                    _ => None,
                }
            }
            None => check_rows(&self.conn, &self.path, None, gather)?,
        };
        match stored_order {
            Some(problems) => Ok(problems),
            None => check_sorted(&self.conn, &self.path, gather),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(due_date: &'a [u8], recipient: &'a [u8], installments: i64) -> DocumentRow<'a> {
        DocumentRow {
            issuer: b"222222-2222",
            number: 8,
            kind: b"invoice",
            recipient_code: b"1490",
            recipient,
            year: 2023,
            installment: 1,
            installments,
            invoice_date: b"2023-01-16",
            due_date,
            amount_ore: 125_050,
            credits: None,
            inputs_sha256: b"",
            ocr: b"2023000089",
            view: b"{}",
            lines_sha256: b"",
        }
    }

    #[test]
    fn a_row_gives_its_document_or_names_the_field_it_cannot_read() {
        let doc = receivable(&row(b"2023-02-15", "Borås".as_bytes(), 1)).unwrap();
        assert_eq!(
            (
                doc.number,
                doc.recipient.as_str(),
                doc.amount.to_string(),
                doc.due_date.to_string()
            ),
            (8, "Borås", "1250.50".to_string(), "2023-02-15".to_string())
        );
        let why = |r: DocumentRow| receivable(&r).err().map(|m| m.id().to_string());
        assert_eq!(
            why(row(b"2023-02-30", b"B", 1)).as_deref(),
            Some("register-field-due-date")
        );
        assert_eq!(
            why(row(b"2023-02-15", b"\xff", 1)).as_deref(),
            Some("register-field-row")
        );
        assert_eq!(
            why(row(b"2023-02-15", b"B", -1)).as_deref(),
            Some("register-field-row")
        );
    }
}
