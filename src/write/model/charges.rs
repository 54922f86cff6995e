//! Each charge on `Indata` and `Beräkning`: per inhabitant, fixed,
//! agreement and previous in whole units, floor then cap, rounding to
//! kronor; external payers; splits across activities by largest remainder.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;

use super::exact::{decimals, floor_div, floor_div_f, pow10, round_half, round_half_f, units, units_f};
use super::grid::Fmt;
use super::{absolute_range, max_dec, Allowed, Book};
use crate::engine::model::{Charge, External, Rates, Rule, Schedule, Target};
use crate::engine::{Code, Kind};
use crate::sv;
use crate::write::xlsx::{cell, RowNum};

/// A tier's limit (defined name, value), if any, and its rate's name and value.
pub(super) type TierInputs = (Option<(String, u64)>, String, Decimal);

/// A participant's row: code, amount formula and value in units, and the
/// population cell's formula and value.
pub(super) type AssessedRow = (Code, String, i128, Option<(String, i128)>);

/// An apportionment basis's constant cells (a, X, A·X, u, v) and the values
/// of A·X, u, v and X.
pub(super) type BasisCells = (String, String, String, String, String, i128, i128, i128, i128);

/// A per-inhabitant schedule's inputs: defined names and values.
pub(super) enum Sched {
    Flat(String, Decimal),
    /// Each tier's limit (name, value) and rate (name, value).
    Tiers(Vec<TierInputs>),
}

impl Book<'_> {
    /// One charge: its inputs on `Indata`, its computation on `Beräkning`.
    pub(super) fn charge(&mut self, id: &str, charge: &Charge) -> Result<(), XlsxError> {
        let t = self.m.tariff;
        let title = match &charge.name {
            Some(n) => format!("Avgift {id}: {n}"),
            None => format!("Avgift {id}"),
        };
        self.in_title(&title)?;
        let participants = t.participants(charge);
        let hint = |f: &str| format!("avg_{id}_{f}");

        // Municipalities' whole kronor: (code, cell, kr).
        let wholes: Vec<(Code, String, i128)> = match &charge.rule {
            Rule::Apportion { total, weights } => {
                self.apportion(id, charge, *total, weights, &participants)?
            }
            rule => self.assessed(id, charge, rule, &participants, hint)?,
        };
        // External payers.
        let mut parties: Vec<(Kind, String, String, String, i128)> = wholes
            .iter()
            .map(|(c, cell, kr)| {
                (
                    Kind::Municipality,
                    c.to_string(),
                    self.name_of(*c),
                    cell.clone(),
                    *kr,
                )
            })
            .collect();
        if !charge.external.is_empty() {
            let first = wholes.first().map(|w| w.1.clone()).unwrap_or_default();
            let last = wholes.last().map(|w| w.1.clone()).unwrap_or_default();
            let sum_f = format!("SUM({first}:{last})");
            let m_total: i128 = wholes.iter().map(|w| w.2).sum();
            for (payer, ext) in &charge.external {
                let pname = t.payers.get(payer).map_or(payer.clone(), |p| p.name.clone());
                let r = self.calc_row;
                self.calc.text(&self.f, r, 0, payer)?;
                self.calc.text(&self.f, r, 1, &format!("{pname} (extern)"))?;
                let (n_f, n, d) = match ext {
                    External::Amount(a) => {
                        let k = decimals(*a).max(2);
                        let name = self.input(
                            &format!("{pname}: fast belopp"),
                            *a,
                            Fmt::Dec,
                            Allowed::dec(k),
                            &format!("avg_{id}_ext_{payer}"),
                        )?;
                        (units_f(&name, k), units(*a, k).unwrap_or(0), pow10(k))
                    }
                    External::Share(s) => {
                        let k = decimals(*s).max(4);
                        let name = self.input(
                            &format!("{pname}: andel av kommunernas summa"),
                            *s,
                            Fmt::Pct,
                            Allowed::pct(k),
                            &format!("avg_{id}_ext_{payer}"),
                        )?;
                        self.calc.int(&self.f, r, 2, &sum_f, m_total)?;
                        let su = units(*s, k).unwrap_or(0);
                        (
                            format!("{}*{}", cell(r, 2), units_f(&name, k)),
                            m_total * su,
                            pow10(k),
                        )
                    }
                };
                self.fits(id, 2 * n.abs() + 2 * d);
                self.calc.int(&self.f, r, 3, &n_f, n)?;
                let kr = round_half(n, d);
                self.calc.int(&self.f, r, 5, &round_half_f(&cell(r, 3), d), kr)?;
                parties.push((Kind::External, payer.clone(), pname, cell(r, 5), kr));
                self.calc_row += 1;
            }
        }
        match &charge.target {
            Target::Activity(a) => {
                for (kind, k, _, cellref, kr) in parties {
                    self.cells
                        .insert((id.to_string(), kind, k, a.clone()), (cellref, kr));
                }
            }
            Target::Split(shares) => self.split(id, shares, &parties)?,
        }
        Ok(())
    }

    /// Rules that give each participant an exact amount: per inhabitant,
    /// fixed, agreement, previous. Floor, cap and rounding follow.
    ///
    /// Long on purpose: one block of the sheet per rule kind, then floor,
    /// cap and rounding on the same rows; the cells refer to each other by
    /// the positions chosen above them, which one function keeps in view.
    pub(super) fn assessed(
        &mut self,
        id: &str,
        charge: &Charge,
        rule: &Rule,
        participants: &[Code],
        hint: impl Fn(&str) -> String,
    ) -> Result<Vec<(Code, String, i128)>, XlsxError> {
        let t = self.m.tariff;
        let limits: Vec<Decimal> = charge.floor.iter().chain(charge.cap.iter()).copied().collect();
        // Per participant: the formula and value of the amount in units.
        let mut rows: Vec<AssessedRow> = Vec::new();
        let d: i128;
        match rule {
            Rule::PerInhabitant { rates, fixed } => {
                let all_rates: Vec<Decimal> = match rates {
                    Rates::Uniform(s) => sched_rates(s),
                    Rates::ByGroup(by) => by.values().flat_map(sched_rates).collect(),
                };
                let k = max_dec(
                    all_rates
                        .into_iter()
                        .chain([*fixed])
                        .chain(limits.iter().copied()),
                    2,
                );
                d = pow10(k);
                let note = Allowed::dec(k);
                let scheds: BTreeMap<Option<String>, (Sched, &Schedule)> = match rates {
                    Rates::Uniform(s) => {
                        let sc = self.schedule(s, "", &hint("rate"), &note)?;
                        [(None, (sc, s))].into_iter().collect()
                    }
                    Rates::ByGroup(by) => {
                        let mut out = BTreeMap::new();
                        for (g, s) in by {
                            let sc = self.schedule(
                                s,
                                &format!("{}: ", self.group_label(g)),
                                &hint(&format!("rate_{g}")),
                                &note,
                            )?;
                            out.insert(Some(g.clone()), (sc, s));
                        }
                        out
                    }
                };
                let fixed_name = self.input(
                    "Fast del per kommun, kr",
                    *fixed,
                    Fmt::Dec,
                    note.clone(),
                    &hint("fixed"),
                )?;
                let fixed_u = units(*fixed, k).unwrap_or(0);
                for &code in participants {
                    let group = match rates {
                        Rates::Uniform(_) => None,
                        Rates::ByGroup(by) => by
                            .keys()
                            .find(|g| t.groups.get(*g).is_some_and(|m| m.contains(&code)))
                            .cloned(),
                    };
                    let Some((sched, _)) = scheds.get(&group) else {
                        continue;
                    };
                    let Some(inv) = self.inv.get(&code).cloned() else {
                        continue;
                    };
                    let count = i128::from(self.m.population.count(code).unwrap_or(0));
                    // Rows start below the block's blank, title and header rows.
                    let r = self.calc_row + 3 + rows.len() as RowNum;
                    let c = cell(r, 2);
                    let (f, v) = match sched {
                        Sched::Flat(name, rate) => (
                            format!("{c}*{}+{}", units_f(name, k), units_f(&fixed_name, k)),
                            count * units(*rate, k).unwrap_or(0) + fixed_u,
                        ),
                        Sched::Tiers(tiers) => {
                            let mut terms = Vec::new();
                            let mut v = fixed_u;
                            let (mut lower_f, mut lower_v) = ("0".to_string(), 0i128);
                            for (up, rate_name, rate) in tiers {
                                let ru = units(*rate, k).unwrap_or(0);
                                match up {
                                    Some((up_name, up_v)) => {
                                        terms.push(format!(
                                            "MAX(0,MIN({c},{up_name})-{lower_f})*{}",
                                            units_f(rate_name, k)
                                        ));
                                        let up_v = i128::from(*up_v);
                                        v += (count.min(up_v) - lower_v).max(0) * ru;
                                        lower_f = up_name.clone();
                                        lower_v = up_v;
                                    }
                                    None => {
                                        terms.push(format!("MAX(0,{c}-{lower_f})*{}", units_f(rate_name, k)));
                                        v += (count - lower_v).max(0) * ru;
                                    }
                                }
                            }
                            terms.push(units_f(&fixed_name, k));
                            (terms.join("+"), v)
                        }
                    };
                    rows.push((code, f, v, Some((format!("={inv}"), count))));
                }
            }
            Rule::Fixed { amount } => {
                let k = max_dec([*amount].into_iter().chain(limits.iter().copied()), 2);
                d = pow10(k);
                let name = self.input(
                    "Belopp per kommun, kr",
                    *amount,
                    Fmt::Dec,
                    Allowed::dec(k),
                    &hint("amount"),
                )?;
                let u = units(*amount, k).unwrap_or(0);
                for &code in participants {
                    rows.push((code, units_f(&name, k), u, None));
                }
            }
            Rule::Agreement { amounts } => {
                let k = max_dec(amounts.values().copied().chain(limits.iter().copied()), 2);
                d = pow10(k);
                let note = Allowed::dec(k);
                for &code in participants {
                    let a = amounts.get(&code).copied().unwrap_or_default();
                    let name = self.input(
                        &format!("Avtal {code} {}, kr", self.name_of(code)),
                        a,
                        Fmt::Dec,
                        note.clone(),
                        &hint(&format!("avtal_{code}")),
                    )?;
                    rows.push((code, units_f(&name, k), units(a, k).unwrap_or(0), None));
                }
            }
            Rule::Previous { activity, index } => {
                let from = activity.clone().or_else(|| match &charge.target {
                    Target::Activity(a) => Some(a.clone()),
                    Target::Split(_) => None,
                });
                let from_name = from
                    .as_ref()
                    .and_then(|a| t.activities.get(a))
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                let last = self
                    .m
                    .actuals
                    .map(|a| a.municipality_amounts(&from_name))
                    .unwrap_or_default();
                let idx = t.indices.get(index).copied().unwrap_or_default();
                let b = decimals(idx).max(4);
                let mut a = max_dec(participants.iter().filter_map(|c| last.get(c).copied()), 2);
                for l in &limits {
                    a = a.max(decimals(*l).saturating_sub(b));
                }
                d = pow10(a + b);
                let idx_name = self.index.get(index).cloned().unwrap_or_default();
                let factor_f = format!("({}+{})", pow10(b), units_f(&idx_name, b));
                let factor = pow10(b) + units(idx, b).unwrap_or(0);
                let year = self.m.actuals.and_then(|x| x.year).unwrap_or(t.year - 1);
                let note = Allowed::dec(a);
                for &code in participants {
                    let l = last.get(&code).copied().unwrap_or_default();
                    let name = self.input(
                        &format!("{code} {} {year}, kr", self.name_of(code)),
                        l,
                        Fmt::Dec,
                        note.clone(),
                        &hint(&format!("fjol_{code}")),
                    )?;
                    rows.push((
                        code,
                        format!("{}*{factor_f}", units_f(&name, a)),
                        units(l, a).unwrap_or(0) * factor,
                        None,
                    ));
                }
            }
            Rule::Apportion { .. } => unreachable!("apportion has its own layout"),
        }
        let k_lim = d.ilog10();
        let note = Allowed::dec(k_lim);
        let floor = match charge.floor {
            Some(v) => Some((
                self.input("Golv per kommun, kr", v, Fmt::Dec, note.clone(), &hint("floor"))?,
                units(v, k_lim).unwrap_or(0),
            )),
            None => None,
        };
        let cap = match charge.cap {
            Some(v) => Some((
                self.input("Tak per kommun, kr", v, Fmt::Dec, note.clone(), &hint("cap"))?,
                units(v, k_lim).unwrap_or(0),
            )),
            None => None,
        };
        self.calc_title(
            &format!("Avgift {id} (enhet 1/{} kr)", sv::int(d as u64)),
            &[
                "Kod",
                "Kommun",
                "Invånare",
                "Belopp, enheter",
                "Efter golv/tak",
                "Avgift, kr",
            ],
        )?;
        let mut out = Vec::new();
        for (code, f, v, inv) in rows {
            let r = self.calc_row;
            self.calc.text(&self.f, r, 0, &code.to_string())?;
            self.calc.text(&self.f, r, 1, &self.name_of(code))?;
            if let Some((inv_f, count)) = inv {
                self.calc.int(&self.f, r, 2, &inv_f, count)?;
            }
            self.calc.int(&self.f, r, 3, &f, v)?;
            let mut lim_f = cell(r, 3);
            let mut lim = v;
            if let Some((name, u)) = &floor {
                lim_f = format!("MAX({lim_f},{})", units_f(name, k_lim));
                lim = lim.max(*u);
            }
            if let Some((name, u)) = &cap {
                lim_f = format!("MIN({lim_f},{})", units_f(name, k_lim));
                lim = lim.min(*u);
            }
            self.calc.int(&self.f, r, 4, &lim_f, lim)?;
            self.fits(id, 2 * v.abs() + 2 * d);
            self.fits(id, 2 * lim.abs() + 2 * d);
            let kr = round_half(lim, d);
            self.calc.int(&self.f, r, 5, &round_half_f(&cell(r, 4), d), kr)?;
            out.push((code, cell(r, 5), kr));
            self.calc_row += 1;
        }
        Ok(out)
    }

    /// A schedule's inputs: a flat rate, or each tier's limit and rate.
    pub(super) fn schedule(
        &mut self,
        s: &Schedule,
        label: &str,
        hint: &str,
        note: &Allowed,
    ) -> Result<Sched, XlsxError> {
        Ok(match s {
            Schedule::Flat(r) => Sched::Flat(
                self.input(
                    &format!("{label}kr per invånare"),
                    *r,
                    Fmt::Dec,
                    note.clone(),
                    hint,
                )?,
                *r,
            ),
            Schedule::Tiers(tiers) => {
                let mut out = Vec::new();
                for (i, tier) in tiers.iter().enumerate() {
                    let up = match tier.up_to {
                        Some(u) => Some((
                            self.input(
                                &format!("{label}steg {}: upp till, invånare", i + 1),
                                Decimal::from(u),
                                Fmt::Int,
                                Allowed {
                                    text: "heltal, stigande".into(),
                                    step: 1,
                                },
                                &format!("{hint}_steg{}_upp_till", i + 1),
                            )?,
                            u,
                        )),
                        None => None,
                    };
                    let rate = self.input(
                        &format!("{label}steg {}: kr per invånare", i + 1),
                        tier.rate,
                        Fmt::Dec,
                        note.clone(),
                        &format!("{hint}_steg{}", i + 1),
                    )?;
                    out.push((up, rate, tier.rate));
                }
                Sched::Tiers(out)
            }
        })
    }

    /// Each party's whole split across the activities by largest remainder.
    ///
    /// Long on purpose: the shares' inputs, then per party the largest
    /// remainder in formulas, cells referring to the rows above them.
    pub(super) fn split(
        &mut self,
        id: &str,
        shares: &BTreeMap<String, Decimal>,
        parties: &[(Kind, String, String, String, i128)],
    ) -> Result<(), XlsxError> {
        let k = max_dec(shares.values().copied(), 4);
        let den = pow10(k);
        let mut names = Vec::new();
        for (a, s) in shares {
            names.push(self.input(
                &format!(
                    "Andel till {}",
                    crate::write::line_table::activity_name(self.m.tariff, a)
                ),
                *s,
                Fmt::Pct,
                Allowed::pct(k),
                &format!("avg_{id}_andel_{a}"),
            )?);
        }
        self.calc_title(
            &format!("Avgift {id}: delning på verksamheter (andelar i 1/{den})"),
            &[
                "Kod",
                "Part",
                "Verksamhet",
                "Helt belopp, kr",
                "Andel",
                "Golv",
                "Rest",
                "Kvar",
                "Rang",
                "Belopp, kr",
            ],
        )?;
        let units_s: Vec<i128> = shares.values().map(|s| units(*s, k).unwrap_or(0)).collect();
        for (kind, key, party, whole_cell, whole) in parties {
            let first = self.calc_row;
            let last = first + shares.len() as RowNum - 1;
            let mag = whole.abs();
            let floors: Vec<i128> = units_s.iter().map(|a| floor_div(mag * a, den)).collect();
            let rests: Vec<i128> = units_s
                .iter()
                .zip(&floors)
                .map(|(a, f)| mag * a - f * den)
                .collect();
            let left = mag - floors.iter().sum::<i128>();
            let ranks = ranks(&rests);
            let rest_range = absolute_range(6, first, last);
            for (j, (activity, _)) in shares.iter().enumerate() {
                let r = first + j as RowNum;
                self.fits(id, mag * units_s[j] + den);
                self.calc.text(&self.f, r, 0, key)?;
                self.calc.text(&self.f, r, 1, party)?;
                self.calc.text(&self.f, r, 2, activity)?;
                self.calc.int(&self.f, r, 3, whole_cell, *whole)?;
                self.calc.int(&self.f, r, 4, &units_f(&names[j], k), units_s[j])?;
                let prod = format!("(ABS({})*{})", cell(r, 3), cell(r, 4));
                self.calc
                    .int(&self.f, r, 5, &floor_div_f(&prod, &den.to_string()), floors[j])?;
                self.calc
                    .int(&self.f, r, 6, &format!("{prod}-{}*{den}", cell(r, 5)), rests[j])?;
                self.calc.int(
                    &self.f,
                    r,
                    7,
                    &format!("ABS({})-SUM({})", cell(r, 3), absolute_range(5, first, last)),
                    left,
                )?;
                let me = cell(r, 6);
                self.calc.int(
                    &self.f,
                    r,
                    8,
                    &format!(
                        "1+SUMPRODUCT(({rest_range}>{me})+({rest_range}={me})*(ROW({rest_range})<ROW({me})))"
                    ),
                    ranks[j],
                )?;
                let kr = whole.signum() * (floors[j] + i128::from(ranks[j] <= left));
                self.calc.int(
                    &self.f,
                    r,
                    9,
                    &format!(
                        "SIGN({})*({}+({}<={}))",
                        cell(r, 3),
                        cell(r, 5),
                        cell(r, 8),
                        cell(r, 7)
                    ),
                    kr,
                )?;
                self.cells.insert(
                    (id.to_string(), *kind, key.clone(), activity.clone()),
                    (cell(r, 9), kr),
                );
            }
            self.calc_row = last + 1;
        }
        Ok(())
    }
}

/// The rates of a schedule.
pub(super) fn sched_rates(s: &Schedule) -> Vec<Decimal> {
    match s {
        Schedule::Flat(r) => vec![*r],
        Schedule::Tiers(t) => t.iter().map(|x| x.rate).collect(),
    }
}

/// Each remainder's rank: larger first, equal ones by position.
pub(super) fn ranks(rests: &[i128]) -> Vec<i128> {
    rests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            1 + rests
                .iter()
                .enumerate()
                .filter(|(j, o)| *o > r || (*o == r && *j < i))
                .count() as i128
        })
        .collect()
}
