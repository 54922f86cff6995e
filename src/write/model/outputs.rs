//! The sheets driven by `Beräkning`: `Rader` (checked line by line against
//! the engine), `Per kommun`, `Per verksamhet` and `Noter`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::exact::{pow10, round_half_f, units, units_f, LIMIT};
use super::grid::{Fmt, Grid};
use super::{max_dec, Book, CALC, LINES, LINE_AMOUNT};
use crate::engine::matrix::{Matrix, MatrixColumn, MatrixRow};
use crate::engine::totals::LABELS;
use crate::engine::Kind;
use crate::msg;
use crate::sv;
use crate::write::matrix;
use crate::write::xlsx::{self, cell, quote_sheet, RowNum};

impl Book<'_> {
    /// `Rader`: every line of the outcome, its amount a reference to
    /// `Beräkning` (or to an adjustment on `Indata`). Checks each against
    /// the engine. Returns the sheet and each line's row.
    pub(super) fn lines_sheet(&mut self) -> Result<(Worksheet, Vec<RowNum>), XlsxError> {
        let t = self.m.tariff;
        let mut g = Grid::new(LINES, &[6.0, 5.0, 40.0, 11.0, 6.0, 26.0, 14.0, 60.0, 16.0])?;
        g.header(
            &self.f,
            0,
            &[
                "År",
                "Not",
                "Verksamhet",
                "Typ",
                "Kod",
                "Part",
                "Avgift",
                "Underlag (taxans värden)",
                "Belopp, kr",
            ],
        )?;
        g.ws.set_freeze_panes(1, 0)?;
        let calc = quote_sheet(CALC);
        let mut rows = Vec::new();
        for (i, l) in self.m.outcome.lines.iter().enumerate() {
            let r = (i + 1) as RowNum;
            rows.push(r);
            let activity = t.activities.get(&*l.activity);
            g.number(&self.f, r, 0, Decimal::from(self.m.outcome.year), Fmt::Label)?;
            if let Some(n) = activity.and_then(|a| a.note) {
                g.number(&self.f, r, 1, Decimal::from(n), Fmt::Label)?;
            }
            g.text(&self.f, r, 2, activity.map_or(&*l.activity, |a| a.name.as_str()))?;
            g.text(&self.f, r, 3, kind_word(l.kind))?;
            if let Some(c) = l.code {
                g.text(&self.f, r, 4, &c.to_string())?;
            }
            g.text(&self.f, r, 5, &l.party)?;
            g.text(&self.f, r, 6, &l.charge)?;
            g.text(&self.f, r, 7, &l.basis)?;
            let (formula, value) = match l.kind {
                Kind::Adjustment => {
                    let name = self
                        .adjustments
                        .get(&(l.activity.to_string(), l.party.to_string()))
                        .cloned();
                    match name {
                        Some(n) => (n, l.amount),
                        None => {
                            self.refuse(
                                "adjustments".into(),
                                msg!("model-no-adjustment-cell", adjustment = msg::quoted(&l.party)),
                            );
                            continue;
                        }
                    }
                }
                kind => {
                    let who = match kind {
                        Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                        _ => l.payer.clone().unwrap_or_default(),
                    };
                    let key = (l.charge.to_string(), kind, who, l.activity.to_string());
                    match self.cells.get(&key).cloned() {
                        Some((c, v)) => {
                            if Decimal::from_i128_with_scale(v, 0) != l.amount {
                                self.refuse(
                                    format!("charges.{}", l.charge),
                                    msg!(
                                        "model-formulas-differ",
                                        model = sv::kr(Decimal::from_i128_with_scale(v, 0)),
                                        party = &*l.party,
                                        amount = sv::kr(l.amount)
                                    ),
                                );
                            }
                            (format!("{calc}!{c}"), l.amount)
                        }
                        None => {
                            self.refuse(
                                format!("charges.{}", l.charge),
                                msg!("model-no-line-cell", party = &*l.party, activity = &*l.activity),
                            );
                            continue;
                        }
                    }
                }
            };
            g.formula(&self.f, r, LINE_AMOUNT, &formula, value, Fmt::Kr)?;
        }
        let last = rows.last().copied().unwrap_or(0);
        g.ws.autofilter(0, 0, last, LINE_AMOUNT)?;
        Ok((g.ws, rows))
    }

    /// The notes' tkr are rounded from kronor in the units of the finest
    /// adjustment (or of last year's amounts): those integers must fit too.
    pub(super) fn check_notes(&mut self) {
        let k = max_dec(self.m.tariff.adjustments.iter().map(|a| a.amount), 0);
        let k_prev = self
            .m
            .actuals
            .map_or(0, |a| max_dec(a.rows.iter().map(|r| r.amount), 0));
        let mut worst: Option<(String, Decimal)> = None;
        for note in &self.m.notes.notes {
            for l in &note.lines {
                for (v, k) in [(Some(l.current), k), (l.previous, k_prev)] {
                    let Some(v) = v else { continue };
                    let fits = units(v, k)
                        .and_then(|u| u.checked_abs()?.checked_mul(2)?.checked_add(2 * pow10(k + 3)))
                        .is_some_and(|n| n <= LIMIT);
                    if !fits && worst.is_none() {
                        worst = Some((note.activity.clone(), v));
                    }
                }
            }
        }
        if let Some((activity, v)) = worst {
            self.refuse(
                "adjustments".into(),
                msg!(
                    "model-note-not-exact",
                    note = msg::quoted(&activity),
                    amount = sv::kr(v),
                    units = pow10(k.max(k_prev)).to_string(),
                    limit = LIMIT.to_string()
                ),
            );
        }
    }

    /// `Per kommun`: each municipality's and payer's total, a sum of its
    /// lines on `Rader`.
    pub(super) fn parties_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let mut g = Grid::new("Per kommun", &[6.0, 28.0, 11.0, 16.0])?;
        g.header(&self.f, 0, &["Kod", "Part", "Typ", "Belopp, kr"])?;
        let lines = &self.m.outcome.lines;
        let mut by_party: BTreeMap<(Kind, String, String), (Vec<RowNum>, Decimal)> = BTreeMap::new();
        for (l, r) in lines.iter().zip(rows) {
            let key = match l.kind {
                Kind::Municipality => (
                    l.kind,
                    l.code.map(|c| c.to_string()).unwrap_or_default(),
                    l.party.to_string(),
                ),
                Kind::External => (l.kind, String::new(), l.party.to_string()),
                _ => continue,
            };
            let e = by_party.entry(key).or_insert((Vec::new(), Decimal::ZERO));
            e.0.push(*r);
            e.1 += l.amount;
        }
        let mut parties: Vec<_> = by_party.into_iter().collect();
        parties.sort_by_cached_key(|((kind, code, name), _)| (*kind, sv::collation_key(name), code.clone()));
        let mut r = 0;
        let mut total = Decimal::ZERO;
        for ((kind, code, name), (rs, amount)) in &parties {
            r += 1;
            total += amount;
            g.text(&self.f, r, 0, code)?;
            g.text(&self.f, r, 1, name)?;
            g.text(&self.f, r, 2, kind_word(*kind))?;
            g.formula(&self.f, r, 3, &sum_rows(rs), *amount, Fmt::Kr)?;
        }
        // Avgifter over the parties, Justeringar the lines not invoiced,
        // Netto both.
        let adjustments: Vec<RowNum> = lines
            .iter()
            .zip(rows)
            .filter(|(l, _)| l.kind == Kind::Adjustment)
            .map(|(_, r)| *r)
            .collect();
        let adjusted: Decimal = lines
            .iter()
            .filter(|l| l.kind == Kind::Adjustment)
            .map(|l| l.amount)
            .sum();
        let net = format!("{}+{}", cell(r + 1, 3), cell(r + 2, 3));
        let totals = [
            (xlsx::sum(3, 1, r), total),
            (sum_rows(&adjustments), adjusted),
            (net, total + adjusted),
        ];
        for (k, (label, (f, v))) in LABELS.iter().zip(totals).enumerate() {
            let at = r + 1 + k as RowNum;
            g.bold(&self.f, at, 1, label)?;
            g.formula(&self.f, at, 3, &f, v, Fmt::Kr)?;
        }
        Ok(g.ws)
    }

    /// `Kommun × verksamhet`: each party's lines in each activity summed
    /// from `Rader`, each activity's adjustments likewise; the totals
    /// formulas over the sheet.
    pub(super) fn matrix_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let t = self.m.tariff;
        let o = self.m.outcome;
        let m = Matrix::of(t, o);
        // The rows on `Rader` of each (activity, party) and of each
        // activity's adjustments.
        let mut cells: BTreeMap<(String, Kind, String), Vec<RowNum>> = BTreeMap::new();
        for (l, r) in o.lines.iter().zip(rows) {
            let party = match l.kind {
                Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                Kind::External => l.payer.clone().unwrap_or_default(),
                _ => String::new(),
            };
            cells
                .entry((l.activity.to_string(), l.kind, party))
                .or_default()
                .push(*r);
        }
        let rows_of = |activity: &str, kind: Kind, party: String| {
            cells
                .get(&(activity.to_string(), kind, party))
                .map_or_else(Vec::new, Clone::clone)
        };
        let cell_of = |r: &MatrixRow, c: &MatrixColumn, _: RowNum, _: xlsx::ColNum, v: Decimal| {
            let party = match r.kind {
                Kind::Municipality => r.code.map(|c| c.to_string()).unwrap_or_default(),
                _ => r.payer.clone().unwrap_or_default(),
            };
            (Some(sum_rows(&rows_of(&c.id, r.kind, party))), v)
        };
        let adjustments = |c: &MatrixColumn, _: xlsx::ColNum, v: Decimal| {
            (
                Some(sum_rows(&rows_of(&c.id, Kind::Adjustment, String::new()))),
                v,
            )
        };
        let title = format!("{} – avgifter {} per kommun och verksamhet", t.name, o.year);
        matrix::sheet(&m, &title, &cell_of, &adjustments)
    }

    /// `Per verksamhet`: invoiced, adjustments and net per activity.
    pub(super) fn activities_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let t = self.m.tariff;
        let mut g = Grid::new("Per verksamhet", &[5.0, 44.0, 16.0, 16.0, 16.0])?;
        g.header(
            &self.f,
            0,
            &[
                "Not",
                "Verksamhet",
                "Avgifter, kr",
                "Justeringar, kr",
                "Netto, kr",
            ],
        )?;
        let mut order: Vec<String> = Vec::new();
        let mut sums: BTreeMap<String, (Vec<RowNum>, Decimal, Vec<RowNum>, Decimal)> = BTreeMap::new();
        for (l, r) in self.m.outcome.lines.iter().zip(rows) {
            if !sums.contains_key(&*l.activity) {
                order.push(l.activity.to_string());
            }
            let e = sums.entry(l.activity.to_string()).or_default();
            if l.kind == Kind::Adjustment {
                e.2.push(*r);
                e.3 += l.amount;
            } else {
                e.0.push(*r);
                e.1 += l.amount;
            }
        }
        let mut r = 0;
        let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
        for id in &order {
            let (inv_rows, inv, adj_rows, adj) = &sums[id];
            r += 1;
            ti += inv;
            ta += adj;
            let activity = t.activities.get(id);
            if let Some(n) = activity.and_then(|a| a.note) {
                g.number(&self.f, r, 0, Decimal::from(n), Fmt::Label)?;
            }
            g.text(&self.f, r, 1, activity.map_or(id.as_str(), |a| a.name.as_str()))?;
            g.formula(&self.f, r, 2, &sum_rows(inv_rows), *inv, Fmt::Kr)?;
            g.formula(&self.f, r, 3, &sum_rows(adj_rows), *adj, Fmt::Kr)?;
            g.formula(
                &self.f,
                r,
                4,
                &format!("{}+{}", cell(r, 2), cell(r, 3)),
                inv + adj,
                Fmt::Kr,
            )?;
        }
        g.bold(&self.f, r + 1, 1, "Summa")?;
        for (c, v) in [(2, ti), (3, ta), (4, ti + ta)] {
            g.formula(&self.f, r + 1, c, &xlsx::sum(c, 1, r), v, Fmt::Kr)?;
        }
        Ok(g.ws)
    }

    /// `Noter`: every note line this year (a sum of its lines on `Rader`)
    /// and last year, in kronor and in tkr (each line rounded from its
    /// kronor, the Summa from the exact sum).
    pub(super) fn notes_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let n = self.m.notes;
        let this = n.year.to_string();
        let last = n.previous_year.map(|y| y.to_string()).unwrap_or_default();
        let mut g = Grid::new("Noter", &[5.0, 40.0, 28.0, 11.0, 6.0, 14.0, 10.0, 14.0, 10.0])?;
        let h = [
            "Not".to_string(),
            "Verksamhet".into(),
            "Rad".into(),
            "Typ".into(),
            "Kod".into(),
            format!("{this}, kr"),
            format!("{this}, tkr"),
            format!("{last}, kr"),
            format!("{last}, tkr"),
        ];
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        g.header(&self.f, 0, &h)?;
        g.ws.set_freeze_panes(1, 0)?;
        // Lines of `Rader` by (activity name, kind, code or party).
        let mut by: BTreeMap<(String, Kind, String), Vec<RowNum>> = BTreeMap::new();
        for (l, r) in self.m.outcome.lines.iter().zip(rows) {
            let name = self
                .m
                .tariff
                .activities
                .get(&*l.activity)
                .map_or(l.activity.to_string(), |a| a.name.clone());
            let who = match l.kind {
                Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                _ => l.party.to_string(),
            };
            by.entry((name, l.kind, who)).or_default().push(*r);
        }
        // Adjustment decimals decide the units of the tkr rounding.
        let k = max_dec(self.m.tariff.adjustments.iter().map(|a| a.amount), 0);
        let k_prev = self
            .m
            .actuals
            .map_or(0, |a| max_dec(a.rows.iter().map(|r| r.amount), 0));
        let tkr_f = |c: &str, k: u32| round_half_f(&units_f(c, k), pow10(k + 3));
        let mut r: RowNum = 0;
        for note in &n.notes {
            let first = r + 1;
            for l in &note.lines {
                r += 1;
                if let Some(num) = note.number {
                    g.number(&self.f, r, 0, Decimal::from(num), Fmt::Label)?;
                }
                g.text(&self.f, r, 1, &note.activity)?;
                let total = l.kind == Kind::Total;
                if total {
                    g.bold(&self.f, r, 2, &l.label)?;
                } else {
                    g.text(&self.f, r, 2, &l.label)?;
                }
                g.text(&self.f, r, 3, kind_word(l.kind))?;
                if let Some(c) = l.code {
                    g.text(&self.f, r, 4, &c.to_string())?;
                }
                let who = match l.kind {
                    Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                    _ => l.party.clone(),
                };
                let f = if total {
                    xlsx::sum(5, first, r - 1)
                } else {
                    match by.get(&(note.activity.clone(), l.kind, who)) {
                        Some(rs) => sum_rows(rs),
                        None => "0".to_string(),
                    }
                };
                g.formula(&self.f, r, 5, &f, l.current, Fmt::Kr)?;
                g.formula(&self.f, r, 6, &tkr_f(&cell(r, 5), k), l.current_tkr(), Fmt::Int)?;
                if let Some(p) = l.previous {
                    g.number(&self.f, r, 7, p, Fmt::Kr)?;
                    g.formula(
                        &self.f,
                        r,
                        8,
                        &tkr_f(&cell(r, 7), k_prev),
                        l.previous_tkr().unwrap_or_default(),
                        Fmt::Int,
                    )?;
                }
            }
            r += 1;
        }
        Ok(g.ws)
    }
}

/// The kind of a line in Swedish.
pub(super) fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Municipality => "kommun",
        Kind::External => "extern",
        Kind::Adjustment => "justering",
        Kind::Total => "summa",
    }
}

/// `SUM` of the amounts on `Rader` at these rows, as ranges of runs.
pub(super) fn sum_rows(rows: &[RowNum]) -> String {
    xlsx::sum_rows_of(LINES, LINE_AMOUNT, rows)
}
