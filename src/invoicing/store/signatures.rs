//! The register's signatures: every document of a signed register carries
//! an Ed25519 signature over its chained digest (`src/signing.rs`, the
//! chain [`CHAIN`]), made when it is committed with the private key; the
//! register records in `meta` which public key it is signed with.
//!
//! A run checks, after the chain: that the key the tariff names is the
//! register's, that every document carries a signature, and each chain's
//! last signature. That last one suffices for the content: each digest
//! covers the row and the digest before it, so a valid signature of the
//! last digest stands for every document before it, and a register edited
//! without the private key (its digests recomputed) fails there. Then,
//! and always for `verify`, every signature is checked in number order, to
//! name the first document whose signature does not hold: the first one
//! forged (the ones after it were re-chained with it).
//!
//! The receivables' events (an import of payments, an allocation by hand,
//! a run of reminders) are a chain of their own ([`RECEIVABLES_CHAIN`]),
//! each event's digest covering its payments, allocations and reminders:
//! each event is signed and checked the same way, after the documents, and
//! a forged one is named with the payments it holds.

use rusqlite::{params, OptionalExtension};

use super::connection::Store;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::msg;
use crate::signing::{check_chained, sign_chained, PrivateKey, PublicKey};

/// The name of the documents' chain in what is signed.
pub const CHAIN: &str = "documents";

/// The name of the receivables' chain (their events) in what is signed.
pub const RECEIVABLES_CHAIN: &str = "receivables";

/// The `meta` row that names the key the register is signed with.
const KEY_ROW: &str = "public_key";

impl Store {
    /// The keys of this run: the public key signatures are checked
    /// against, and the private key that signs what it commits.
    pub fn set_keys(&mut self, public: Option<PublicKey>, private: Option<PrivateKey>) {
        self.public_key = public;
        self.private_key = private;
    }

    /// Whether this run can sign what it commits.
    pub fn can_sign(&self) -> bool {
        self.private_key.is_some()
    }

    /// Whether signatures are checked (a public key is given).
    pub fn is_signed(&self) -> bool {
        self.public_key.is_some()
    }

    /// The public key the register records it is signed with (hex).
    pub fn recorded_key(&self) -> Result<Option<String>, Failure> {
        self.sql(
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [KEY_ROW], |r| r.get(0))
                .optional(),
        )
    }

    /// Records that the register is signed with `key`.
    pub(super) fn record_key(&self, key: &PublicKey) -> Result<(), Failure> {
        self.sql(self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY_ROW, key.to_hex()],
        ))
        .map(|_| ())
    }

    /// The signature of a document committed now (empty when unsigned).
    pub(super) fn sign(&self, sha256: &str) -> String {
        self.sign_in(CHAIN, sha256)
    }

    /// The signature of a row of `chain` committed now (empty when
    /// unsigned).
    pub(super) fn sign_in(&self, chain: &str, sha256: &str) -> String {
        match &self.private_key {
            Some(k) => sign_chained(k, chain, sha256.as_bytes()),
            None => String::new(),
        }
    }

    /// The refusal of a commit to a signed register without the private
    /// key at hand.
    pub(super) fn refuse_unsigned_commit(&self) -> Result<(), Failure> {
        if self.is_signed() && !self.can_sign() {
            return Err(Diagnostics::from(
                Diagnostic::new(msg!("ledger-needs-private-key")).in_file(&self.path),
            )
            .into());
        }
        Ok(())
    }

    /// The checks of the signatures after the chain (see the module):
    /// `first_unsigned` is the first document without one, as the chain's
    /// pass found it; `every`: check every signature (`verify`), not only
    /// the last of each chain.
    pub(super) fn check_signatures(
        &self,
        first_unsigned: Option<(Vec<u8>, u64)>,
        every: bool,
    ) -> Result<Diagnostics, Failure> {
        let documents = self.check_document_signatures(first_unsigned, every)?;
        match &self.public_key {
            Some(key) if documents.is_empty() => self.check_event_signatures(key, every),
            _ => Ok(documents),
        }
    }

    /// The documents' part of [`Store::check_signatures`].
    fn check_document_signatures(
        &self,
        first_unsigned: Option<(Vec<u8>, u64)>,
        every: bool,
    ) -> Result<Diagnostics, Failure> {
        let here = |m| Diagnostic::new(m).in_file(&self.path);
        let recorded = self.recorded_key()?;
        let Some(key) = &self.public_key else {
            // Unsigned by the tariff: a register that says it is signed
            // is refused rather than read without its signatures.
            return Ok(match recorded {
                Some(r) => here(msg!("ledger-signed-no-key", key = r)).into(),
                None => Diagnostics::new(),
            });
        };
        let hex = key.to_hex();
        if let Some(r) = recorded.filter(|r| *r != hex) {
            return Ok(here(msg!("ledger-other-key", recorded = r, key = hex)).into());
        }
        if let Some((issuer, number)) = first_unsigned {
            return Ok(here(msg!(
                "ledger-unsigned",
                issuer = String::from_utf8_lossy(&issuer).into_owned(),
                number = number
            ))
            .into());
        }
        let mut heads_hold = true;
        for issuer in self.issuers()? {
            let head: Option<(String, String)> = self.sql(
                self.conn
                    .query_row(
                        "SELECT sha256, signature FROM documents WHERE issuer = ?1 ORDER BY number DESC LIMIT 1",
                        [&issuer],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional(),
            )?;
            if let Some((sha, sig)) = head {
                heads_hold &= check_chained(key, CHAIN, sha.as_bytes(), sig.as_bytes());
            }
        }
        if heads_hold && !every {
            return Ok(Diagnostics::new());
        }
        self.first_forged(key)
    }

    /// Every signature in number order: the first that does not hold, and
    /// how many after it do not either.
    fn first_forged(&self, key: &PublicKey) -> Result<Diagnostics, Failure> {
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT issuer, number, kind, year, recipient_code, sha256, signature FROM documents ORDER BY issuer, number",
        ))?;
        let mut rows = self.sql(stmt.query([]))?;
        let mut first: Option<(String, u64, String)> = None;
        let mut after = 0u64;
        while let Some(r) = self.sql(rows.next())? {
            let sha: String = self.sql(r.get(5))?;
            let sig: String = self.sql(r.get(6))?;
            if check_chained(key, CHAIN, sha.as_bytes(), sig.as_bytes()) {
                continue;
            }
            if first.is_some() {
                after += 1;
                continue;
            }
            let kind: String = self.sql(r.get(2))?;
            let number = self.sql(r.get::<_, i64>(1))? as u64;
            let file = format!(
                "{}.pdf",
                crate::invoicing::document::stem(
                    super::queries::kind_of(&kind),
                    self.sql(r.get::<_, i64>(3))? as i32,
                    number,
                    &self.sql(r.get::<_, String>(4))?,
                )
            );
            first = Some((self.sql(r.get(0))?, number, file));
        }
        Ok(match first {
            None => Diagnostics::new(),
            Some((issuer, number, file)) => Diagnostic::new(msg!(
                "ledger-forged",
                issuer = issuer,
                number = number,
                file = file,
                after = msg::count(after as usize)
            ))
            .in_file(&self.path)
            .into(),
        })
    }

    /// The receivables' events, as the documents: every one signed, the
    /// last one's signature holding (which, the chain checked, stands for
    /// every event before it); else, and always when `every`, each in
    /// order, to name the first forged with the payments it holds.
    fn check_event_signatures(&self, key: &PublicKey, every: bool) -> Result<Diagnostics, Failure> {
        let here = |m| -> Diagnostics { Diagnostic::new(m).in_file(&self.path).into() };
        let unsigned: Option<i64> = self.sql(self.conn.query_row(
            "SELECT MIN(seq) FROM events WHERE signature = ''",
            [],
            |r| r.get(0),
        ))?;
        if let Some(seq) = unsigned {
            return Ok(here(msg!("receivables-unsigned", seq = seq)));
        }
        let head: Option<(String, String)> = self.sql(
            self.conn
                .query_row(
                    "SELECT sha256, signature FROM events ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional(),
        )?;
        let head_holds = head
            .is_none_or(|(sha, sig)| check_chained(key, RECEIVABLES_CHAIN, sha.as_bytes(), sig.as_bytes()));
        if head_holds && !every {
            return Ok(Diagnostics::new());
        }
        let mut stmt = self.sql(
            self.conn
                .prepare("SELECT seq, source, sha256, signature FROM events ORDER BY seq"),
        )?;
        let mut rows = self.sql(stmt.query([]))?;
        let mut first: Option<(i64, String)> = None;
        let mut after = 0u64;
        while let Some(r) = self.sql(rows.next())? {
            let sha: String = self.sql(r.get(2))?;
            let sig: String = self.sql(r.get(3))?;
            if check_chained(key, RECEIVABLES_CHAIN, sha.as_bytes(), sig.as_bytes()) {
                continue;
            }
            match first {
                Some(_) => after += 1,
                None => first = Some((self.sql(r.get(0))?, self.sql(r.get(1))?)),
            }
        }
        let Some((seq, source)) = first else {
            return Ok(Diagnostics::new());
        };
        Ok(here(self.forged_event(seq, &source, after)?))
    }

    /// What a forged event is named by: the payments it imported or
    /// allocated (their ids), else the documents it reminded of.
    fn forged_event(&self, seq: i64, source: &str, after: u64) -> Result<crate::msg::Message, Failure> {
        let span = |sql: &str| -> Result<Option<(i64, i64)>, Failure> {
            let (lo, hi): (Option<i64>, Option<i64>) =
                self.sql(self.conn.query_row(sql, [seq], |r| Ok((r.get(0)?, r.get(1)?))))?;
            Ok(lo.zip(hi))
        };
        let ids = |(lo, hi): (i64, i64)| match lo == hi {
            true => lo.to_string(),
            false => format!("{lo}–{hi}"),
        };
        let after = msg::count(after as usize);
        let payments = match span("SELECT MIN(id), MAX(id) FROM payments WHERE event = ?1")? {
            Some(s) => Some(s),
            None => span("SELECT MIN(payment), MAX(payment) FROM allocations WHERE event = ?1")?,
        };
        Ok(match payments {
            Some(s) => msg!(
                "receivables-forged",
                seq = seq,
                source = source,
                payments = ids(s),
                after = after
            ),
            None => msg!(
                "receivables-forged-reminders",
                seq = seq,
                documents = span("SELECT MIN(number), MAX(number) FROM reminders WHERE event = ?1")?
                    .map_or(String::new(), ids),
                after = after
            ),
        })
    }

    /// The receivables' head: the last event's number and SHA-256, which
    /// `verify` prints and `verify --head` takes back.
    pub fn receivables_head(&self) -> Result<Option<(u64, String)>, Failure> {
        let head: Option<(i64, String)> = self.sql(
            self.conn
                .query_row(
                    "SELECT seq, sha256 FROM events ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional(),
        )?;
        Ok(head.map(|(n, sha)| (n as u64, sha)))
    }

    /// The receivables' event whose SHA-256 is `head` (hex), if their
    /// chain holds it: with the chain checked, nothing before it changed.
    pub fn find_receivables_head(&self, head: &str) -> Result<Option<u64>, Failure> {
        let found: Option<i64> = self.sql(
            self.conn
                .query_row(
                    "SELECT seq FROM events WHERE sha256 = ?1",
                    [head.trim().to_ascii_lowercase()],
                    |r| r.get(0),
                )
                .optional(),
        )?;
        Ok(found.map(|n| n as u64))
    }

    /// Signs every document committed unsigned (`--sign-existing`), after
    /// the chain was checked: the private key holder vouches for the
    /// register as it is. Returns how many were signed.
    pub fn sign_unsigned(&self) -> Result<usize, Failure> {
        let Some(key) = &self.private_key else {
            return Ok(0);
        };
        let unsigned: Vec<(String, i64, String)> = {
            let mut stmt = self.sql(self.conn.prepare(
                "SELECT issuer, number, sha256 FROM documents WHERE signature = '' ORDER BY issuer, number",
            ))?;
            let rows = self.sql(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))?;
            self.sql(rows.collect())?
        };
        let mut update = self.sql(self.conn.prepare(
            "UPDATE documents SET signature = ?3 WHERE issuer = ?1 AND number = ?2 AND signature = ''",
        ))?;
        for (issuer, number, sha) in &unsigned {
            self.sql(update.execute(params![issuer, number, sign_chained(key, CHAIN, sha.as_bytes())]))?;
        }
        // The receivables' events committed unsigned, the same way.
        let events: Vec<(i64, String)> = {
            let mut stmt = self.sql(
                self.conn
                    .prepare("SELECT seq, sha256 FROM events WHERE signature = '' ORDER BY seq"),
            )?;
            let rows = self.sql(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))))?;
            self.sql(rows.collect())?
        };
        let mut sign_event = self.sql(
            self.conn
                .prepare("UPDATE events SET signature = ?2 WHERE seq = ?1 AND signature = ''"),
        )?;
        for (seq, sha) in &events {
            self.sql(sign_event.execute(params![seq, sign_chained(key, RECEIVABLES_CHAIN, sha.as_bytes())]))?;
        }
        self.record_key(&key.public())?;
        Ok(unsigned.len())
    }

    /// Each issuer's last document: (number, SHA-256), the head of its
    /// chain, which every run prints and `verify --head` takes back.
    pub fn heads(&self) -> Result<Vec<(String, u64, String)>, Failure> {
        let mut out = Vec::new();
        for issuer in self.issuers()? {
            let head: Option<(i64, String)> = self.sql(
                self.conn
                    .query_row(
                        "SELECT number, sha256 FROM documents WHERE issuer = ?1 ORDER BY number DESC LIMIT 1",
                        [&issuer],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional(),
            )?;
            if let Some((n, sha)) = head {
                out.push((issuer, n as u64, sha));
            }
        }
        Ok(out)
    }

    /// The document whose SHA-256 is `head` (hex), if the chain holds it:
    /// (issuer, number). With the chain checked, such a document means
    /// that nothing before it changed since its digest was seen.
    pub fn find_head(&self, head: &str) -> Result<Option<(String, u64)>, Failure> {
        let found: Option<(String, i64)> = self.sql(
            self.conn
                .query_row(
                    "SELECT issuer, number FROM documents WHERE sha256 = ?1",
                    [head.trim().to_ascii_lowercase()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional(),
        )?;
        Ok(found.map(|(i, n)| (i, n as u64)))
    }
}
