//! An apportionment on `Beräkning`: the quota of each participant split
//! into integer part and remainder without forming large products, the
//! remainders on one common denominator, ranks, the kronor left over.

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;

use super::charges::{ranks, BasisCells};
use super::exact::{
    decimals, floor_div, floor_div_f, pow10, round_half, round_half_f, units, units_f, LIMIT,
};
use super::grid::Fmt;
use super::{absolute_range, max_dec, Allowed, Book};
use crate::engine::model::{Charge, Weights};
use crate::engine::Code;
use crate::sv;
use crate::write::xlsx::{self, cell, ColNum, RowNum};

impl Book<'_> {
    /// An apportionment: whole kronor by largest remainder over the bases
    /// in use, in exact integers (see the module `exact`).
    ///
    /// Long on purpose: it lays out one block of the sheet, the constants
    /// row by row and then the participants' rows, and the cells refer to
    /// each other by the positions the earlier steps chose; kept in one
    /// place, the formulas can be read beside the layout they assume.
    pub(super) fn apportion(
        &mut self,
        id: &str,
        _charge: &Charge,
        total: Decimal,
        weights: &Weights,
        participants: &[Code],
    ) -> Result<Vec<(Code, String, i128)>, XlsxError> {
        let kt = decimals(total).max(2);
        let total_name = self.input(
            "Total att fördela, kr",
            total,
            Fmt::Dec,
            Allowed::dec(kt),
            &format!("avg_{id}_total"),
        )?;
        // The bases in use: (label, share, values per participant, value formulas).
        let data = weights.data_values.as_ref();
        let kd = data.map_or(0, |d| {
            max_dec(participants.iter().filter_map(|c| d.values.get(c).copied()), 0)
        });
        let mut bases: Vec<(&str, Decimal, Vec<i128>, Vec<String>)> = Vec::new();
        let ka = max_dec([weights.population, weights.equal, weights.data], 2);
        // The shares' denominator: whole percents (or the decimals written)
        // when the integers fit, else the smallest that holds the shares as
        // written (25 % and 50 % in quarters).
        let used: Vec<Decimal> = [weights.population, weights.equal, weights.data]
            .into_iter()
            .filter(|s| !s.is_zero())
            .collect();
        let pure: Vec<Vec<i128>> = [(weights.population, 0), (weights.equal, 1), (weights.data, 2)]
            .into_iter()
            .filter(|(s, _)| !s.is_zero())
            .map(|(_, b)| {
                participants
                    .iter()
                    .map(|&code| match b {
                        0 => i128::from(self.m.population.count(code).unwrap_or(0)),
                        1 => 1,
                        _ => data
                            .and_then(|d| d.values.get(&code))
                            .and_then(|v| units(*v, kd))
                            .unwrap_or(0),
                    })
                    .collect()
            })
            .collect();
        let t_kr0 = round_half(units(total, kt).unwrap_or(0), pow10(kt));
        let a_den = choose_denominator(ka, &used, &pure, t_kr0);
        let share_allowed = if a_den == pow10(ka) {
            Allowed::pct(ka)
        } else {
            Allowed {
                text: format!(
                    "i steg om {}",
                    sv::pct(Decimal::ONE / Decimal::from_i128_with_scale(a_den, 0))
                ),
                step: a_den,
            }
        };
        let mut share_names = Vec::new();
        for (label, share) in [
            ("invånare", weights.population),
            ("lika delar", weights.equal),
            ("data", weights.data),
        ] {
            if share.is_zero() {
                continue;
            }
            let basis = match label {
                "invånare" => "population",
                "lika delar" => "equal",
                _ => "data",
            };
            let name = self.input(
                &format!("Andel efter {label}"),
                share,
                Fmt::Pct,
                share_allowed.clone(),
                &format!("avg_{id}_vikt_{basis}"),
            )?;
            share_names.push(name);
            let mut values = Vec::new();
            let mut formulas = Vec::new();
            for &code in participants {
                match basis {
                    "population" => {
                        let n = self.inv.get(&code).cloned().unwrap_or_default();
                        values.push(i128::from(self.m.population.count(code).unwrap_or(0)));
                        formulas.push(n);
                    }
                    "equal" => {
                        values.push(1);
                        formulas.push("1".to_string());
                    }
                    _ => {
                        let v = data
                            .and_then(|d| d.values.get(&code))
                            .copied()
                            .unwrap_or_default();
                        let lbl = data.map_or("data", |d| d.label.as_str());
                        let n = self.input(
                            &format!("{code} {}: {lbl}", self.name_of(code)),
                            v,
                            Fmt::Dec,
                            Allowed::dec(kd),
                            &format!("avg_{id}_data_{code}"),
                        )?;
                        values.push(units(v, kd).unwrap_or(0));
                        formulas.push(units_f(&n, kd));
                    }
                }
            }
            bases.push((label, share, values, formulas));
        }
        let nb = bases.len();
        // Constants, one per row: T, then per basis a_b, X_b, A·X_b, u_b, v_b; L; left.
        self.calc_title(
            &format!("Avgift {id}: fördelning efter största rest"),
            &["Storhet", "", "", "", "", "Värde"],
        )?;
        let tu = units(total, kt).unwrap_or(0);
        let t_kr = round_half(tu, pow10(kt));
        let t_row = self.calc_row;
        self.calc.text(&self.f, t_row, 0, "T: total, hela kr")?;
        self.calc.int(
            &self.f,
            t_row,
            5,
            &round_half_f(&units_f(&total_name, kt), pow10(kt)),
            t_kr,
        )?;
        self.fits(id, 2 * tu.abs() + 2 * pow10(kt));
        self.calc_row += 1;
        let first_p = self.calc_row + (nb as RowNum) * 5 + 3;
        let last_p = first_p + participants.len() as RowNum - 1;
        // Per basis constant cells.
        let mut consts: Vec<BasisCells> = Vec::new();
        let mut sums = Vec::new();
        for (b, (label, share, values, _)) in bases.iter().enumerate() {
            let a_b = share_units(*share, a_den);
            let x_sum: i128 = values.iter().sum();
            sums.push(x_sum);
            let ax = a_den * x_sum;
            let c_b = a_b * t_kr;
            let u_b = if ax > 0 { floor_div(c_b, ax) } else { 0 };
            let v_b = c_b - u_b * ax;
            let r = self.calc_row;
            let col_x = 2 + 3 * b as ColNum;
            self.calc
                .text(&self.f, r, 0, &format!("a: andel {label}, 1/{a_den}"))?;
            self.calc.int(
                &self.f,
                r,
                5,
                &format!("ROUND({}*{a_den},0)", share_names[b]),
                a_b,
            )?;
            self.calc.text(&self.f, r + 1, 0, &format!("X: summa {label}"))?;
            self.calc.int(
                &self.f,
                r + 1,
                5,
                &format!("SUM({})", xlsx::range(col_x, first_p, last_p)),
                x_sum,
            )?;
            self.calc.text(&self.f, r + 2, 0, "A·X")?;
            self.calc
                .int(&self.f, r + 2, 5, &format!("{a_den}*{}", cell(r + 1, 5)), ax)?;
            self.calc.text(&self.f, r + 3, 0, "u = ⌊a·T / A·X⌋")?;
            let ct = format!("({}*{})", cell(r, 5), cell(t_row, 5));
            self.calc
                .int(&self.f, r + 3, 5, &floor_div_f(&ct, &cell(r + 2, 5)), u_b)?;
            self.calc.text(&self.f, r + 4, 0, "v = a·T − u·A·X")?;
            self.calc.int(
                &self.f,
                r + 4,
                5,
                &format!("{ct}-{}*{}", cell(r + 3, 5), cell(r + 2, 5)),
                v_b,
            )?;
            // ⌊a·T / A·X⌋ forms a·T + A·X.
            self.fits(id, c_b + ax);
            let max_x = values.iter().copied().max().unwrap_or(0);
            self.fits(id, ax.saturating_mul(max_x.max(1)) + ax);
            consts.push((
                cell(r, 5),
                cell(r + 1, 5),
                cell(r + 2, 5),
                cell(r + 3, 5),
                cell(r + 4, 5),
                ax,
                u_b,
                v_b,
                x_sum,
            ));
            self.calc_row += 5;
        }
        let l_val: i128 = sums
            .iter()
            .try_fold(a_den, |acc, s| acc.checked_mul(*s))
            .unwrap_or(i128::MAX);
        let l_row = self.calc_row;
        self.calc.text(&self.f, l_row, 0, "L = A·ΠX")?;
        let l_f = std::iter::once(a_den.to_string())
            .chain(consts.iter().map(|c| c.1.clone()))
            .collect::<Vec<_>>()
            .join("*");
        self.calc.int(&self.f, l_row, 5, &l_f, l_val)?;
        // Z < #bases·L, and k compares Z with up to #bases·L.
        self.fits(id, l_val.saturating_mul(nb as i128));
        let left_row = l_row + 1;
        // Participant rows: headers.
        let hdr_row = left_row + 1;
        let mut headers: Vec<String> = vec!["Kod".into(), "Kommun".into()];
        for (label, ..) in &bases {
            headers.push(format!("x ({label})"));
            headers.push("w = ⌊v·x / A·X⌋".into());
            headers.push("z = v·x − w·A·X".into());
        }
        let c_g = 2 + 3 * nb as ColNum;
        for h in [
            "Heltal G",
            "Bråk Z (/L)",
            "k",
            "Golv",
            "Rest",
            "Rang",
            "Andel, kr",
        ] {
            headers.push(h.into());
        }
        let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
        self.calc.header(&self.f, hdr_row, &hdr)?;
        debug_assert_eq!(hdr_row + 1, first_p);
        let (c_z, c_k, c_fl, c_rest, c_rank, c_kr) = (c_g + 1, c_g + 2, c_g + 3, c_g + 4, c_g + 5, c_g + 6);
        let mut floors = Vec::new();
        let mut rests = Vec::new();
        for (i, &code) in participants.iter().enumerate() {
            let r = first_p + i as RowNum;
            self.calc.text(&self.f, r, 0, &code.to_string())?;
            self.calc.text(&self.f, r, 1, &self.name_of(code))?;
            let mut g_terms = Vec::new();
            let mut z_terms = Vec::new();
            let (mut g, mut z) = (0i128, 0i128);
            for (b, (_, _, values, formulas)) in bases.iter().enumerate() {
                let (_, _, ax_c, u_c, v_c, ax, u_b, v_b, _) = &consts[b];
                let cx = 2 + 3 * b as ColNum;
                let x = values[i];
                if formulas[i] == "1" {
                    self.calc.number(&self.f, r, cx, Decimal::ONE, Fmt::Int)?;
                } else {
                    self.calc.int(&self.f, r, cx, &formulas[i], x)?;
                }
                let p = v_b * x;
                self.fits(id, p + ax);
                let w = if *ax > 0 { floor_div(p, *ax) } else { 0 };
                let zb = p - w * ax;
                let vx = format!("({v_c}*{})", cell(r, cx));
                self.calc.int(&self.f, r, cx + 1, &floor_div_f(&vx, ax_c), w)?;
                self.calc.int(
                    &self.f,
                    r,
                    cx + 2,
                    &format!("{vx}-{}*{ax_c}", cell(r, cx + 1)),
                    zb,
                )?;
                g += u_b * x + w;
                g_terms.push(format!("{u_c}*{}+{}", cell(r, cx), cell(r, cx + 1)));
                let others: Vec<&String> = consts
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != b)
                    .map(|(_, c)| &c.1)
                    .collect();
                let prod: i128 = consts
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != b)
                    .map(|(_, c)| c.8)
                    .product();
                z += zb * prod;
                let mut term = cell(r, cx + 2);
                for o in others {
                    term = format!("{term}*{o}");
                }
                z_terms.push(term);
            }
            self.fits(id, z);
            self.calc.int(&self.f, r, c_g, &g_terms.join("+"), g)?;
            self.calc.int(&self.f, r, c_z, &z_terms.join("+"), z)?;
            let lc = cell(l_row, 5);
            let k = (0..nb as i128).filter(|j| z >= (j + 1) * l_val).count() as i128;
            let k_f = (1..=nb)
                .map(|j| format!("({}>={j}*{lc})", cell(r, c_z)))
                .collect::<Vec<_>>()
                .join("+");
            self.calc.int(&self.f, r, c_k, &k_f, k)?;
            self.calc.int(
                &self.f,
                r,
                c_fl,
                &format!("{}+{}", cell(r, c_g), cell(r, c_k)),
                g + k,
            )?;
            let rest = z - k * l_val;
            self.calc.int(
                &self.f,
                r,
                c_rest,
                &format!("{}-{}*{lc}", cell(r, c_z), cell(r, c_k)),
                rest,
            )?;
            floors.push(g + k);
            rests.push(rest);
        }
        let left = t_kr - floors.iter().sum::<i128>();
        self.calc.text(&self.f, left_row, 0, "Kvar att fördela, kr")?;
        self.calc.int(
            &self.f,
            left_row,
            5,
            &format!("{}-SUM({})", cell(t_row, 5), xlsx::range(c_fl, first_p, last_p)),
            left,
        )?;
        let ranks = ranks(&rests);
        let rest_range = absolute_range(c_rest, first_p, last_p);
        let mut out = Vec::new();
        for (i, &code) in participants.iter().enumerate() {
            let r = first_p + i as RowNum;
            let me = cell(r, c_rest);
            self.calc.int(
                &self.f,
                r,
                c_rank,
                &format!(
                    "1+SUMPRODUCT(({rest_range}>{me})+({rest_range}={me})*(ROW({rest_range})<ROW({me})))"
                ),
                ranks[i],
            )?;
            let kr = floors[i] + i128::from(ranks[i] <= left);
            self.calc.int(
                &self.f,
                r,
                c_kr,
                &format!("{}+({}<={})", cell(r, c_fl), cell(r, c_rank), cell(left_row, 5)),
                kr,
            )?;
            out.push((code, cell(r, c_kr), kr));
        }
        self.calc_row = last_p + 1;
        Ok(out)
    }
}

/// A share in units of `1/den` (the denominator holds it exactly).
pub(super) fn share_units(share: Decimal, den: i128) -> i128 {
    let x = share * Decimal::from_i128_with_scale(den, 0);
    units(x, 0).unwrap_or(0)
}

/// The largest integer an apportionment's formulas form with shares in
/// units of `1/den`.
pub(super) fn apportion_bound(den: i128, shares: &[Decimal], values: &[Vec<i128>], t: i128) -> i128 {
    let mut bound = 0i128;
    let mut l = den;
    for (share, xs) in shares.iter().zip(values) {
        let sum: i128 = xs.iter().sum();
        let max_x = xs.iter().copied().max().unwrap_or(0).max(1);
        let ax = den.saturating_mul(sum);
        bound = bound
            .max(share_units(*share, den).saturating_mul(t).saturating_add(ax))
            .max(ax.saturating_mul(max_x).saturating_add(ax));
        l = l.saturating_mul(sum);
    }
    bound.max(l.saturating_mul(shares.len() as i128))
}

/// Whole percents (or the decimals the shares have) when the integers fit;
/// else the smallest denominator of the shares as written.
pub(super) fn choose_denominator(k: u32, shares: &[Decimal], values: &[Vec<i128>], t: i128) -> i128 {
    let full = pow10(k);
    if apportion_bound(full, shares, values, t) <= LIMIT {
        return full;
    }
    let g = shares.iter().map(|s| share_units(*s, full)).fold(full, gcd);
    full / g.max(1)
}

pub(super) fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}
