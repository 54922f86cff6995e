//! A total apportioned over the participants by weight: population share,
//! equal shares, a data column (employees, pupils …), or a mix such as
//! "50 % lika delar, 50 % efter invånarantal". Largest remainder in exact
//! integer arithmetic, ties to the lower municipality code, so the parts sum
//! exactly to the total (rounded to whole kronor, half away from zero).

use rust_decimal::Decimal;

use std::collections::BTreeMap;

use super::interface::{Ctx, Exact};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::apportion::{
    integer_weights, integer_weights_wide, largest_remainder, largest_remainder_wide, ApportionError,
};
use crate::engine::code::Code;
use crate::engine::model::Weights;
use crate::engine::wide::Wide;
use crate::money;
use crate::msg;
use crate::sv;

/// One basis of the weights: its share of the whole, an integer value per
/// participant, and how each participant's weight reads (`114 091/228 306 inv`).
struct Basis<'a> {
    share: Decimal,
    /// The values as integers on one scale; `None` when they do not fit an
    /// `i128` (then only `raw` is used).
    values: Option<Vec<i128>>,
    raw: Vec<Decimal>,
    text: Text<'a>,
}

/// How a participant's weight of one basis reads, from what all
/// participants share.
enum Text<'a> {
    /// `114 091/228 306 inv`: the participant's inhabitants over `sum`.
    Population { sum: String },
    /// `1/12 lika delar`, the same for all.
    Equal(String),
    /// `4 303/96 208 anställda`: the participant's value in `values`.
    Data {
        values: &'a BTreeMap<Code, Decimal>,
        sum: String,
        label: &'a str,
    },
}

/// An apportioned charge made ready: each participant's whole kronor, and
/// what its basis text is made from.
pub struct Prepared<'a> {
    parts: Vec<Decimal>,
    total_text: String,
    /// Each basis's share as text, and how a participant's weight reads.
    texts: Vec<(String, Text<'a>)>,
}

impl Prepared<'_> {
    pub fn exact(&self, i: usize) -> Exact {
        Exact {
            exact: self.parts.get(i).copied().unwrap_or_default(),
            per_inhabitant: None,
        }
    }

    pub fn basis(&self, ctx: &Ctx, code: Code, out: &mut String) {
        out.push_str(&self.total_text);
        match self.texts.as_slice() {
            [(_, only)] => {
                out.push_str(" × ");
                push_weight(ctx, only, code, out);
            }
            many => {
                out.push_str(" × (");
                for (j, (share, text)) in many.iter().enumerate() {
                    if j > 0 {
                        out.push_str(" + ");
                    }
                    out.push_str(share);
                    out.push_str(" × ");
                    push_weight(ctx, text, code, out);
                }
                out.push(')');
            }
        }
    }
}

/// Appends how a participant's weight of one basis reads.
fn push_weight(ctx: &Ctx, text: &Text, code: Code, out: &mut String) {
    match text {
        Text::Population { sum } => {
            sv::push_int(out, ctx.population.count(code).unwrap_or(0));
            out.push('/');
            out.push_str(sum);
            out.push_str(" inv");
        }
        Text::Equal(t) => out.push_str(t),
        Text::Data { values, sum, label } => {
            sv::push_num(out, values.get(&code).copied().unwrap_or_default());
            out.push('/');
            out.push_str(sum);
            out.push(' ');
            out.push_str(label);
        }
    }
}

pub fn prepare<'a>(
    ctx: &Ctx,
    total: Decimal,
    weights: &'a Weights,
    participants: &[Code],
) -> Result<Prepared<'a>, Diagnostics> {
    let total = money::round_kr(total);
    let bases = bases(ctx, weights, participants)?;
    let whole = total.mantissa() / 10i128.pow(total.scale());
    // Exact in i128 where it fits (nearly always), else in wide integers.
    let parts = match numerators(&bases).and_then(|n| largest_remainder(whole, &n)) {
        Err(ApportionError::Overflow) => {
            numerators_wide(&bases).and_then(|n| largest_remainder_wide(whole, &n))
        }
        other => other,
    }
    .map_err(|e| problem(ctx, e))?;
    let parts = parts
        .into_iter()
        .map(|part| Decimal::try_from_i128_with_scale(part, 0))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| problem(ctx, ApportionError::Overflow))?;
    Ok(Prepared {
        parts,
        total_text: sv::kr(total),
        texts: bases.into_iter().map(|b| (sv::pct(b.share), b.text)).collect(),
    })
}

fn problem(ctx: &Ctx, e: ApportionError) -> Diagnostics {
    Diagnostic::new(msg!("rule-cannot-apportion", reason = e.message()))
        .for_key(ctx.key("weights"))
        .into()
}

fn bases<'a>(ctx: &Ctx, w: &'a Weights, participants: &[Code]) -> Result<Vec<Basis<'a>>, Diagnostics> {
    let mut bases = Vec::new();
    let mut problems = Diagnostics::new();
    if !w.population.is_zero() {
        let mut counts = Vec::with_capacity(participants.len());
        for &code in participants {
            match ctx.inhabitants(code) {
                Ok(n) => counts.push(n),
                Err(d) => problems.push(d),
            }
        }
        let sum: u64 = counts.iter().sum();
        bases.push(Basis {
            share: w.population,
            values: Some(counts.iter().map(|n| i128::from(*n)).collect()),
            raw: counts.iter().map(|n| Decimal::from(*n)).collect(),
            text: Text::Population { sum: sv::int(sum) },
        });
    }
    if !w.equal.is_zero() {
        let n = participants.len();
        bases.push(Basis {
            share: w.equal,
            values: Some(vec![1; n]),
            raw: vec![Decimal::ONE; n],
            text: Text::Equal(format!("1/{n} lika delar")),
        });
    }
    if !w.data.is_zero() {
        match &w.data_values {
            None => problems
                .push(Diagnostic::new(msg!("rule-data-weight-needs-file")).for_key(ctx.key("weights"))),
            Some(data) => {
                let mut raw = Vec::with_capacity(participants.len());
                for &code in participants {
                    match data.values.get(&code) {
                        Some(v) => raw.push(*v),
                        None => problems.push(
                            Diagnostic::new(msg!(
                                "rule-weight-missing",
                                code = code.to_string(),
                                name = msg::name(&ctx.name(code)),
                                label = msg::name(&data.label)
                            ))
                            .for_key(ctx.key("weights")),
                        ),
                    }
                }
                let sum: Decimal = raw.iter().sum();
                let values = integer_weights(&raw).ok();
                bases.push(Basis {
                    share: w.data,
                    values,
                    raw,
                    text: Text::Data {
                        values: &data.values,
                        sum: sv::num(sum),
                        label: &data.label,
                    },
                });
            }
        }
    }
    problems.into_result(bases)
}

/// Integer weight numerators on one common denominator:
/// `num_i = Σ_b share_b × x_bi × Π_{b'≠b} X_b'` where `X_b = Σ_i x_bi`.
fn numerators(bases: &[Basis]) -> Result<Vec<i128>, ApportionError> {
    let n = bases.first().map_or(0, |b| b.raw.len());
    let shares = integer_weights(&bases.iter().map(|b| b.share).collect::<Vec<_>>())?;
    let values: Vec<&Vec<i128>> = bases
        .iter()
        .map(|b| b.values.as_ref())
        .collect::<Option<_>>()
        .ok_or(ApportionError::Overflow)?;
    let sums: Vec<i128> = values
        .iter()
        .map(|v| v.iter().try_fold(0i128, |a, v| a.checked_add(*v)))
        .collect::<Option<_>>()
        .ok_or(ApportionError::Overflow)?;
    if sums.contains(&0) {
        return Err(ApportionError::NoWeight);
    }
    let mut out = vec![0i128; n];
    for (b, values) in values.iter().enumerate() {
        let others = sums
            .iter()
            .enumerate()
            .filter(|(o, _)| *o != b)
            .try_fold(1i128, |acc, (_, s)| acc.checked_mul(*s))
            .ok_or(ApportionError::Overflow)?;
        let factor = shares[b].checked_mul(others).ok_or(ApportionError::Overflow)?;
        for (slot, v) in out.iter_mut().zip(values.iter()) {
            let term = v.checked_mul(factor).ok_or(ApportionError::Overflow)?;
            *slot = slot.checked_add(term).ok_or(ApportionError::Overflow)?;
        }
    }
    Ok(out)
}

/// [`numerators`] in wide integers: the same formula, no limit.
fn numerators_wide(bases: &[Basis]) -> Result<Vec<Wide>, ApportionError> {
    let n = bases.first().map_or(0, |b| b.raw.len());
    let shares = integer_weights_wide(&bases.iter().map(|b| b.share).collect::<Vec<_>>())?;
    let values: Vec<Vec<Wide>> = bases
        .iter()
        .map(|b| integer_weights_wide(&b.raw))
        .collect::<Result<_, _>>()?;
    let sums: Vec<Wide> = values
        .iter()
        .map(|v| v.iter().fold(Wide::default(), |a, x| a.add(x)))
        .collect();
    if sums.iter().any(Wide::is_zero) {
        return Err(ApportionError::NoWeight);
    }
    let mut out = vec![Wide::default(); n];
    for (b, values) in values.iter().enumerate() {
        let others = sums
            .iter()
            .enumerate()
            .filter(|(o, _)| *o != b)
            .fold(Wide::from_u128(1), |acc, (_, s)| acc.mul(s));
        let factor = shares[b].mul(&others);
        for (slot, v) in out.iter_mut().zip(values) {
            *slot = slot.add(&v.mul(&factor));
        }
    }
    Ok(out)
}
