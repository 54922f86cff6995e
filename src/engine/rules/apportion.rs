//! A total apportioned over the participants by weight: population share,
//! equal shares, a data column (employees, pupils …), or a mix such as
//! "50 % lika delar, 50 % efter invånarantal". Largest remainder in exact
//! integer arithmetic, ties to the lower municipality code, so the parts sum
//! exactly to the total (rounded to whole kronor, half away from zero).

use rust_decimal::Decimal;

use super::{Assessed, Ctx};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::apportion::{
    integer_weights, integer_weights_wide, largest_remainder, largest_remainder_wide, ApportionError,
};
use crate::engine::code::Code;
use crate::engine::model::Weights;
use crate::engine::wide::Wide;
use crate::money;
use crate::sv;

/// One basis of the weights: its share of the whole, an integer value per
/// participant, and how each participant's weight reads (`114 091/228 306 inv`).
struct Basis {
    share: Decimal,
    /// The values as integers on one scale; `None` when they do not fit an
    /// `i128` (then only `raw` is used).
    values: Option<Vec<i128>>,
    raw: Vec<Decimal>,
    texts: Vec<String>,
}

pub fn assess(
    ctx: &Ctx,
    total: Decimal,
    weights: &Weights,
    participants: &[Code],
) -> Result<Vec<Assessed>, Diagnostics> {
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

    let total_text = sv::kr(total);
    let mut out = Vec::with_capacity(participants.len());
    for (i, (&code, part)) in participants.iter().zip(parts).enumerate() {
        let weight = match bases.as_slice() {
            [only] => sv::concat(&[&total_text, " × ", &only.texts[i]]),
            many => {
                let terms: Vec<String> = many
                    .iter()
                    .map(|b| format!("{} × {}", sv::pct(b.share), b.texts[i]))
                    .collect();
                sv::concat(&[&total_text, " × (", &terms.join(" + "), ")"])
            }
        };
        let exact =
            Decimal::try_from_i128_with_scale(part, 0).map_err(|_| problem(ctx, ApportionError::Overflow))?;
        out.push(Assessed {
            code,
            exact,
            basis: weight,
            per_inhabitant: None,
        });
    }
    Ok(out)
}

fn problem(ctx: &Ctx, e: ApportionError) -> Diagnostics {
    Diagnostic::new(format!("cannot apportion: {e}"))
        .for_key(ctx.key("weights"))
        .into()
}

fn bases(ctx: &Ctx, w: &Weights, participants: &[Code]) -> Result<Vec<Basis>, Diagnostics> {
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
            texts: counts
                .iter()
                .map(|n| format!("{}/{} inv", sv::int(*n), sv::int(sum)))
                .collect(),
        });
    }
    if !w.equal.is_zero() {
        let n = participants.len();
        bases.push(Basis {
            share: w.equal,
            values: Some(vec![1; n]),
            raw: vec![Decimal::ONE; n],
            texts: vec![format!("1/{n} lika delar"); n],
        });
    }
    if !w.data.is_zero() {
        match &w.data_values {
            None => problems
                .push(Diagnostic::new("a data weight needs a weight file").for_key(ctx.key("weights"))),
            Some(data) => {
                let mut raw = Vec::with_capacity(participants.len());
                for &code in participants {
                    match data.values.get(&code) {
                        Some(v) => raw.push(*v),
                        None => problems.push(
                            Diagnostic::new(format!(
                                "municipality {code} ({}) takes part but the weight file has no {} for it",
                                ctx.name(code),
                                data.label
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
                    raw: raw.clone(),
                    texts: raw
                        .iter()
                        .map(|v| format!("{}/{} {}", sv::num(*v), sv::num(sum), data.label))
                        .collect(),
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
