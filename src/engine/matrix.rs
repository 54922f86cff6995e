//! The municipality × activity table that board papers carry: a row per
//! municipality and external payer, a column per activity, and the totals
//! both ways. The rows' totals, the columns' charges and the grand total
//! are sums of the same invoiced lines, so they agree exactly; the
//! adjustments (not invoiced) come per column below, and the net after
//! them ([`super::totals`]).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::code::Code;
use super::model::Tariff;
use super::outcome::{Kind, LineRef, Outcome};
use super::totals::Totals;
use crate::sv;

/// An activity's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixColumn {
    pub id: String,
    pub note: Option<u32>,
    pub name: String,
}

/// A party's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// `Municipality` or `External`.
    pub kind: Kind,
    pub code: Option<Code>,
    /// The payer's id (an external payer).
    pub payer: Option<String>,
    pub party: String,
    /// One amount per column.
    pub cells: Vec<Decimal>,
}

impl MatrixRow {
    /// The row's total over the activities.
    pub fn total(&self) -> Decimal {
        self.cells.iter().sum()
    }
}

/// The table: activities in note order (those with a line), municipalities
/// in Swedish name order, then external payers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub year: i32,
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
    /// Each column's adjustments.
    pub adjustments: Vec<Decimal>,
}

/// Lines gathered into a [`Matrix`], one at a time.
pub struct MatrixBuilder<'t> {
    tariff: &'t Tariff,
    year: i32,
    /// Per activity: the parties' amounts and the adjustments.
    cells: BTreeMap<String, (BTreeMap<RowKey, Decimal>, Decimal)>,
    parties: BTreeMap<RowKey, (Option<Code>, Option<String>, String)>,
}

/// A party: municipalities before payers, each in Swedish name order.
type RowKey = (Kind, Vec<u32>, String);

impl<'t> MatrixBuilder<'t> {
    pub fn new(tariff: &'t Tariff, year: i32) -> Self {
        MatrixBuilder {
            tariff,
            year,
            cells: BTreeMap::new(),
            parties: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, l: &LineRef) {
        let column = self.cells.entry(l.activity.to_string()).or_default();
        match l.kind {
            Kind::Municipality | Kind::External => {
                // A municipality is its code; a payer its id.
                let id = match l.kind {
                    Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                    _ => l.payer.unwrap_or(l.party).to_string(),
                };
                let key = (l.kind, sv::collation_key(l.party), id);
                *column.0.entry(key.clone()).or_default() += l.amount;
                self.parties
                    .entry(key)
                    .or_insert_with(|| (l.code, l.payer.map(String::from), l.party.to_string()));
            }
            Kind::Adjustment => column.1 += l.amount,
            Kind::Total => {}
        }
    }

    pub fn finish(self) -> Matrix {
        let t = self.tariff;
        let mut ids: Vec<&String> = self.cells.keys().collect();
        ids.sort_by_key(|id| t.activity_order(id));
        let columns: Vec<MatrixColumn> = ids
            .iter()
            .map(|id| {
                let a = t.activities.get(id.as_str());
                MatrixColumn {
                    id: id.to_string(),
                    note: a.and_then(|a| a.note),
                    name: a.map_or_else(|| id.to_string(), |a| a.name.clone()),
                }
            })
            .collect();
        let rows = self
            .parties
            .iter()
            .map(|(key, (code, payer, party))| MatrixRow {
                kind: key.0,
                code: *code,
                payer: payer.clone(),
                party: party.clone(),
                cells: ids
                    .iter()
                    .map(|id| self.cells[*id].0.get(key).copied().unwrap_or_default())
                    .collect(),
            })
            .collect();
        let adjustments = ids.iter().map(|id| self.cells[*id].1).collect();
        Matrix {
            year: self.year,
            columns,
            rows,
            adjustments,
        }
    }
}

impl Matrix {
    /// The table of an outcome's lines.
    pub fn of(tariff: &Tariff, outcome: &Outcome) -> Matrix {
        let mut b = MatrixBuilder::new(tariff, outcome.year);
        for l in &outcome.lines {
            b.add(&l.as_ref());
        }
        b.finish()
    }

    /// Column `j`'s charges: the sum of its cells.
    pub fn charges(&self, j: usize) -> Decimal {
        self.rows.iter().map(|r| r.cells[j]).sum()
    }

    /// Column `j`'s totals.
    pub fn column_totals(&self, j: usize) -> Totals {
        Totals {
            charges: self.charges(j),
            adjustments: self.adjustments[j],
        }
    }

    /// The whole table's totals.
    pub fn totals(&self) -> Totals {
        Totals {
            charges: self.rows.iter().map(MatrixRow::total).sum(),
            adjustments: self.adjustments.iter().sum(),
        }
    }
}
