//! Documents put into the register: each row with its lines, its digest
//! chained to the one before it.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use super::connection::Store;
use super::schema::COLUMNS;
use crate::diag::Failure;
use crate::invoicing::document::{
    chained_sha256, lines_sha256, ore, Document, DocumentRow, LineRow, GENESIS,
};
use crate::msg;

impl Store {
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
        if let (Some(key), false) = (&self.private_key, docs.is_empty()) {
            self.record_key(&key.public())?;
        }
        Ok(())
    }

    /// A document's lines, before the document itself (whose amount a
    /// trigger holds to their sum).
    pub(super) fn insert_lines<'a>(
        &self,
        issuer: &str,
        number: i64,
        rows: impl Iterator<Item = LineRow<'a>>,
    ) -> Result<(), Failure> {
        let mut line = self.sql(self.conn.prepare_cached(
            "INSERT INTO lines (issuer, number, position, activity, charge, basis, label, account, amount_ore) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        ))?;
        for (i, l) in rows.enumerate() {
            self.sql(line.execute(params![
                issuer,
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
        Ok(())
    }

    /// Adds one document after the one whose SHA-256 is `prev`; returns
    /// its own.
    fn insert_document(&self, d: &Document, prev: &str) -> Result<String, Failure> {
        let e = &d.entry;
        let money = |a| {
            ore(a).ok_or_else(|| {
                Failure::Other(msg!(
                    "register-not-whole-ore",
                    number = e.number,
                    amount = a.to_string()
                ))
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
            return Err(Failure::Other(msg!("register-view-per-line", number = e.number)));
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
        let number =
            i64::try_from(e.number).map_err(|_| Failure::Other(msg!("register-number-too-large")))?;
        self.insert_lines(&e.issuer, number, line_rows())?;
        self.sql(self.conn.execute(
            &format!("INSERT INTO documents ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"),
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
                self.sign(&sha),
            ],
        ))?;
        Ok(sha)
    }
}
