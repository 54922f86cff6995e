//! What a tariff computes to: every line, and the totals derived from them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::code::Code;

/// The kind of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Charged to a member municipality; invoiced.
    Municipality,
    /// Charged to an external payer; invoiced.
    External,
    /// Shown in the notes, never invoiced.
    Adjustment,
    /// A note's "Summa" (only in notes and stated actuals).
    Total,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Municipality => "municipality",
            Kind::External => "external",
            Kind::Adjustment => "adjustment",
            Kind::Total => "total",
        }
    }

    /// The Swedish word people read (`kommun`), in tables, workbooks and
    /// the `excel-sv` CSV.
    pub fn label_sv(self) -> &'static str {
        match self {
            Kind::Municipality => "kommun",
            Kind::External => "extern",
            Kind::Adjustment => "justering",
            Kind::Total => "summa",
        }
    }

    /// A kind from its English or Swedish word, in any case.
    pub fn parse(s: &str) -> Option<Kind> {
        [Kind::Municipality, Kind::External, Kind::Adjustment, Kind::Total]
            .into_iter()
            .find(|k| s.eq_ignore_ascii_case(k.as_str()) || s.eq_ignore_ascii_case(k.label_sv()))
    }

    /// Whether lines of this kind go on invoices.
    pub fn invoiced(self) -> bool {
        matches!(self, Kind::Municipality | Kind::External)
    }
}

/// One computed line: a party's amount of one charge in one activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Activity id. (The texts that many lines repeat are shared, not
    /// copied: a large tariff has millions of lines.)
    pub activity: Arc<str>,
    pub kind: Kind,
    /// The municipality (kind `Municipality`).
    pub code: Option<Code>,
    /// Payer id (kind `External`).
    pub payer: Option<String>,
    /// Municipality name, payer name or adjustment label.
    pub party: Arc<str>,
    /// Charge id (empty for adjustments).
    pub charge: Arc<str>,
    /// How the amount was computed, in Swedish (`114 091 inv × 6,53 kr + 135 000 kr`).
    pub basis: String,
    /// Kronor. Invoiced lines are whole kronor (rounded half away from
    /// zero); adjustments are as written in the tariff.
    pub amount: Decimal,
    /// The amount before rounding to whole kronor.
    pub exact: Decimal,
    /// For lines from per-inhabitant rates: the inhabitants and this line's
    /// rate per inhabitant (its share of the rate, for a split charge; the
    /// average over tiers). Fixed parts are not in the rate.
    pub per_inhabitant: Option<(u64, Decimal)>,
}

/// A line's fields, borrowed: from a [`Line`], or made as it is read from
/// the compact lines of [`crate::engine::compute::Lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef<'a> {
    pub activity: &'a str,
    pub kind: Kind,
    pub code: Option<Code>,
    pub payer: Option<&'a str>,
    pub party: &'a str,
    pub charge: &'a str,
    pub basis: &'a str,
    pub amount: Decimal,
    pub exact: Decimal,
    pub per_inhabitant: Option<(u64, Decimal)>,
}

impl Line {
    /// The line's fields, borrowed.
    pub fn as_ref(&self) -> LineRef<'_> {
        LineRef {
            activity: &self.activity,
            kind: self.kind,
            code: self.code,
            payer: self.payer.as_deref(),
            party: &self.party,
            charge: &self.charge,
            basis: &self.basis,
            amount: self.amount,
            exact: self.exact,
            per_inhabitant: self.per_inhabitant,
        }
    }
}

/// All lines of a tariff's year, in presentation order (activity by note,
/// then municipalities, external payers, adjustments; parties by Swedish
/// name order; charges by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub year: i32,
    pub lines: Vec<Line>,
}

/// A total over some lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub key: String,
    pub label: String,
    pub amount: Decimal,
}

impl Outcome {
    /// Invoiced total per municipality, in code order.
    pub fn municipality_totals(&self) -> BTreeMap<Code, (String, Decimal)> {
        let mut totals: BTreeMap<Code, (String, Decimal)> = BTreeMap::new();
        for l in &self.lines {
            if let (Kind::Municipality, Some(code)) = (l.kind, l.code) {
                let e = totals
                    .entry(code)
                    .or_insert_with(|| (l.party.to_string(), Decimal::ZERO));
                e.1 += l.amount;
            }
        }
        totals
    }

    /// Invoiced total per external payer id.
    pub fn payer_totals(&self) -> BTreeMap<String, (String, Decimal)> {
        let mut totals: BTreeMap<String, (String, Decimal)> = BTreeMap::new();
        for l in &self.lines {
            if let (Kind::External, Some(p)) = (l.kind, &l.payer) {
                let e = totals
                    .entry(p.clone())
                    .or_insert_with(|| (l.party.to_string(), Decimal::ZERO));
                e.1 += l.amount;
            }
        }
        totals
    }

    /// Per activity id: (invoiced, adjustments) in kronor.
    pub fn activity_totals(&self) -> BTreeMap<&str, (Decimal, Decimal)> {
        let mut totals: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
        for l in &self.lines {
            let e = totals.entry(&*l.activity).or_default();
            if l.kind.invoiced() {
                e.0 += l.amount;
            } else {
                e.1 += l.amount;
            }
        }
        totals
    }

    /// Sum of every invoiced line.
    pub fn invoiced_total(&self) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.kind.invoiced())
            .map(|l| l.amount)
            .sum()
    }
}
