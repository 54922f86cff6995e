//! What the register records of the files made from it: the state each
//! year's files were written at, each document file's length and SHA-256
//! as written, and the mark below which every document's files were
//! written (and how many of them have an e-invoice).

use rusqlite::{params, OptionalExtension};

use super::connection::Store;
use crate::diag::Failure;

/// The `exports` row that records up to which number every document's
/// files were written.
const WRITTEN_UP_TO: &str = "#documents";

/// The `exports` row that records how many documents up to that number
/// have an e-invoice.
const EINVOICES_UP_TO: &str = "#einvoices";

impl Store {
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

    /// What the register recorded of a document's file when it wrote it:
    /// (length, SHA-256).
    pub fn file_record(&self, name: &str) -> Result<Option<(u64, String)>, Failure> {
        Ok(self.export_state(name)?.and_then(|text| {
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some((v.get("len")?.as_u64()?, v.get("sha256")?.as_str()?.to_string()))
        }))
    }

    /// Records a document's file as written: its length and SHA-256.
    pub fn set_file_record(&self, name: &str, len: u64, sha256: &str) -> Result<(), Failure> {
        let state = serde_json::json!({ "len": len, "sha256": sha256 }).to_string();
        self.set_export_state(name, &state)
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
}
