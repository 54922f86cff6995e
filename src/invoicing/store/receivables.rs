//! What the receivables ask the register besides their events: the terms
//! the last invoicing run recorded, the recipients' organisation numbers,
//! and the payments each year's SIE file books.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use rust_decimal::Decimal;

use super::connection::Store;
use crate::diag::{Diagnostic, Failure};
use crate::engine::date::Date;
use crate::engine::ident::OcrMethod;
use crate::engine::payment::PaymentKind;
use crate::engine::receivables::Terms;
use crate::invoicing::document::kronor;
use crate::msg;

/// A payment as a SIE voucher books it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub id: u64,
    pub kind: PaymentKind,
    pub date: Date,
    pub amount: Decimal,
    pub reference: String,
    pub payer: String,
    /// The accounts its import booked to: debited, credited.
    pub bank: String,
    pub receivables: String,
}

/// The names of the terms' rows.
const TERMS: [&str; 8] = [
    "issuer",
    "issuer_name",
    "org_nr",
    "bankgiro",
    "receivables",
    "bank",
    "ocr",
    "public_key",
];

fn ocr_name(m: OcrMethod) -> &'static str {
    match m {
        OcrMethod::None => "none",
        OcrMethod::Luhn => "luhn",
        OcrMethod::LuhnLength => "luhn-length",
    }
}

impl Store {
    /// Records the terms the receivables work by (an invoicing run's,
    /// from its tariff), replacing what an earlier run recorded.
    pub fn set_terms(&self, t: &Terms) -> Result<(), Failure> {
        let values = [
            t.issuer.as_str(),
            &t.issuer_name,
            &t.org_nr,
            &t.bankgiro,
            &t.receivables,
            &t.bank,
            ocr_name(t.ocr),
            &t.public_key,
        ];
        let mut stmt = self.sql(self.conn.prepare_cached(
            "INSERT INTO terms (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ))?;
        for (k, v) in TERMS.iter().zip(values) {
            self.sql(stmt.execute([k, v]))?;
        }
        Ok(())
    }

    /// The terms an invoicing run recorded, if one has.
    pub fn terms(&self) -> Result<Option<Terms>, Failure> {
        let mut stmt = self.sql(self.conn.prepare_cached("SELECT value FROM terms WHERE key = ?1"))?;
        let mut values = Vec::new();
        for k in TERMS {
            let v: Option<String> = self.sql(stmt.query_row([k], |r| r.get(0)).optional())?;
            match v {
                Some(v) => values.push(v),
                None => return Ok(None),
            }
        }
        let ocr = OcrMethod::parse(&values[6]).ok_or_else(|| {
            Failure::Input(
                Diagnostic::new(msg!("receivables-terms-unreadable", key = "ocr"))
                    .in_file(&self.path)
                    .into(),
            )
        })?;
        let [issuer, issuer_name, org_nr, bankgiro, receivables, bank, _, public_key]: [String; 8] =
            values.try_into().unwrap_or_default();
        Ok(Some(Terms {
            issuer,
            issuer_name,
            org_nr,
            bankgiro,
            receivables,
            bank,
            ocr,
            public_key,
        }))
    }

    /// The organisation numbers of an issuer's recipients as their latest
    /// documents show them, by recipient code: one step along the index
    /// per recipient, one view read. What [`Store::check_and_gather`]
    /// leaves empty.
    pub fn recipients_org_nr(&self, issuer: &str) -> Result<BTreeMap<String, String>, Failure> {
        let mut stmt = self.sql(self.conn.prepare(
            "SELECT recipient_code, COALESCE(json_extract(view, '$.recipient.org_nr'), '') FROM documents \
             WHERE rowid IN (SELECT MAX(rowid) FROM documents WHERE issuer = ?1 GROUP BY recipient_code)",
        ))?;
        let rows = self.sql(stmt.query_map([issuer], |r| Ok((r.get(0)?, r.get(1)?))))?;
        self.sql(rows.collect())
    }

    /// Per year that payments were booked in: the year, how many, the
    /// highest id. In year order.
    pub fn payment_years(&self) -> Result<Vec<(i32, u64, u64)>, Failure> {
        let mut stmt = self.sql(self.conn.prepare_cached(
            "SELECT CAST(substr(date, 1, 4) AS INTEGER) AS y, COUNT(*), MAX(id) FROM payments GROUP BY y ORDER BY y",
        ))?;
        let rows = self.sql(stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)? as i32,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        }))?;
        self.sql(rows.collect())
    }

    /// The payments booked in `year` with an id above `after`, by id, as
    /// the year's SIE file books them.
    pub fn booked(&self, year: i32, after: u64) -> Result<Vec<Booked>, Failure> {
        let mut stmt = self.sql(self.conn.prepare_cached(
            "SELECT p.id, p.kind, p.date, p.amount_ore, p.reference, p.payer_name, e.bank, e.receivables \
             FROM payments p JOIN events e ON e.seq = p.event \
             WHERE p.date BETWEEN ?1 AND ?2 AND p.id > ?3 ORDER BY p.id",
        ))?;
        let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
        let mut rows = self.sql(stmt.query(params![from, to, i64::try_from(after).unwrap_or(i64::MAX)]))?;
        let mut out = Vec::new();
        while let Some(r) = self.sql(rows.next())? {
            let id: i64 = self.sql(r.get(0))?;
            let kind: String = self.sql(r.get(1))?;
            let date: String = self.sql(r.get(2))?;
            let date = date.parse().map_err(|_| {
                Failure::Input(
                    Diagnostic::new(msg!("receivables-payment-unreadable", id = id))
                        .in_file(&self.path)
                        .into(),
                )
            })?;
            out.push(Booked {
                id: id as u64,
                kind: if kind == "deduction" {
                    PaymentKind::Deduction
                } else {
                    PaymentKind::Payment
                },
                date,
                amount: kronor(self.sql(r.get(3))?),
                reference: self.sql(r.get(4))?,
                payer: self.sql(r.get(5))?,
                bank: self.sql(r.get(6))?,
                receivables: self.sql(r.get(7))?,
            });
        }
        Ok(out)
    }
}
