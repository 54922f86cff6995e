//! Rate per inhabitant: one rate, a rate per group of municipalities, or
//! tiers (30 kr for the first 10 000 inhabitants, 20 kr above), plus an
//! optional fixed amount per participant (`135 000 kr + 6,53 kr/inv`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::interface::{collect, Ctx, Exact};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::model::{Rates, Schedule};
use crate::msg;
use crate::sv;

/// A per-inhabitant charge made ready: each participant's schedule (for
/// rates by group, the index of its group's among `schedules`), and the
/// fixed part with its text.
pub struct Prepared<'r> {
    schedules: Vec<&'r Schedule>,
    /// Each schedule's rates as text (`6,53 kr`; one per tier).
    rate_texts: Vec<Vec<String>>,
    /// By participant, for rates by group: its schedule in `schedules`.
    which: Vec<u32>,
    fixed: Decimal,
    fixed_text: Option<String>,
}

pub fn prepare<'r>(
    ctx: &Ctx,
    rates: &'r Rates,
    fixed: Decimal,
    participants: &[Code],
) -> Result<Prepared<'r>, Diagnostics> {
    let rated = RatedGroups::new(ctx, rates);
    let schedules: Vec<&Schedule> = match rates {
        Rates::Uniform(s) => vec![s],
        Rates::ByGroup(by_group) => by_group.values().collect(),
    };
    let which = collect(participants.iter().map(|&code| {
        ctx.inhabitants(code)?;
        let schedule = schedule_for(ctx, rates, &rated, code)?;
        Ok(schedules
            .iter()
            .position(|s| std::ptr::eq(*s, schedule))
            .map_or(0, |i| u32::try_from(i).unwrap_or(0)))
    }))?;
    let rate_texts = schedules
        .iter()
        .map(|s| match s {
            Schedule::Flat(rate) => vec![sv::kr(*rate)],
            Schedule::Tiers(tiers) => tiers.iter().map(|t| sv::kr(t.rate)).collect(),
        })
        .collect();
    Ok(Prepared {
        rate_texts,
        which: if matches!(rates, Rates::ByGroup(_)) {
            which
        } else {
            Vec::new()
        },
        schedules,
        fixed,
        // The fixed part's text, made once for every participant.
        fixed_text: (!fixed.is_zero()).then(|| sv::kr(fixed)),
    })
}

impl Prepared<'_> {
    fn schedule(&self, i: usize) -> &Schedule {
        self.schedules[self.at(i)]
    }

    fn at(&self, i: usize) -> usize {
        self.which.get(i).map_or(0, |w| *w as usize)
    }

    pub fn exact(&self, ctx: &Ctx, i: usize, code: Code) -> Exact {
        let count = ctx.population.count(code).unwrap_or(0);
        let schedule = self.schedule(i);
        let variable = apply_exact(schedule, count);
        let rate = match schedule {
            Schedule::Flat(r) => Some(*r),
            Schedule::Tiers(_) => variable.checked_div(Decimal::from(count)),
        };
        Exact {
            exact: variable + self.fixed,
            per_inhabitant: rate.map(|r| (count, r)),
        }
    }

    pub fn basis(&self, ctx: &Ctx, i: usize, code: Code, out: &mut String) {
        let count = ctx.population.count(code).unwrap_or(0);
        let at = self.at(i);
        push_text_with(self.schedules[at], &self.rate_texts[at], count, out);
        if let Some(f) = &self.fixed_text {
            out.push_str(" + ");
            out.push_str(f);
        }
    }
}

/// For rates by group: each municipality's groups with a rate, in group
/// order, found once per charge rather than by searching every group for
/// every participant.
struct RatedGroups<'r>(BTreeMap<Code, Vec<(&'r String, &'r Schedule)>>);

impl<'r> RatedGroups<'r> {
    fn new(ctx: &Ctx, rates: &'r Rates) -> Self {
        let mut by_code: BTreeMap<Code, Vec<(&'r String, &'r Schedule)>> = BTreeMap::new();
        if let Rates::ByGroup(by_group) = rates {
            for (g, schedule) in by_group {
                let mut members = ctx.tariff.groups.get(g).cloned().unwrap_or_default();
                // A code listed twice in a group is a validation problem; it
                // still makes one membership.
                members.sort_unstable();
                members.dedup();
                for code in members {
                    by_code.entry(code).or_default().push((g, schedule));
                }
            }
        }
        RatedGroups(by_code)
    }
}

/// The schedule that applies to a municipality: the uniform one, or that of
/// the one group with a rate that it belongs to.
fn schedule_for<'r>(
    ctx: &Ctx,
    rates: &'r Rates,
    rated: &RatedGroups<'r>,
    code: Code,
) -> Result<&'r Schedule, Diagnostic> {
    match rates {
        Rates::Uniform(s) => Ok(s),
        Rates::ByGroup(by_group) => {
            let hits: &[(&String, &Schedule)] = rated.0.get(&code).map_or(&[], Vec::as_slice);
            match hits {
                [(_, s)] => Ok(s),
                [] => Err(Diagnostic::new(msg!(
                    "rule-in-no-rated-group",
                    code = code.to_string(),
                    name = msg::name(&ctx.name(code)),
                    groups = by_group.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
                .for_key(ctx.key("rates"))),
                many => Err(Diagnostic::new(msg!(
                    "rule-in-several-rated-groups",
                    code = code.to_string(),
                    name = msg::name(&ctx.name(code)),
                    groups = many
                        .iter()
                        .map(|(g, _)| g.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .for_key(ctx.key("rates"))),
            }
        }
    }
}

/// The amount a schedule gives for a population, with its basis text.
pub fn apply(schedule: &Schedule, count: u64) -> (Decimal, String) {
    let mut text = String::new();
    push_text(schedule, count, &mut text);
    (apply_exact(schedule, count), text)
}

/// The amount a schedule gives for a population.
pub fn apply_exact(schedule: &Schedule, count: u64) -> Decimal {
    match schedule {
        Schedule::Flat(rate) => Decimal::from(count) * rate,
        Schedule::Tiers(tiers) => {
            let mut exact = Decimal::ZERO;
            let mut below = 0u64;
            for tier in tiers {
                if count <= below {
                    break;
                }
                let top = tier.up_to.map_or(count, |u| u.min(count));
                let n = top.saturating_sub(below);
                exact += Decimal::from(n) * tier.rate;
                below = top;
            }
            exact
        }
    }
}

/// Appends the basis text of [`apply`] (`114 091 inv × 6,53 kr`; tiers
/// joined by ` + `).
pub fn push_text(schedule: &Schedule, count: u64, out: &mut String) {
    let texts: Vec<String> = match schedule {
        Schedule::Flat(rate) => vec![sv::kr(*rate)],
        Schedule::Tiers(tiers) => tiers.iter().map(|t| sv::kr(t.rate)).collect(),
    };
    push_text_with(schedule, &texts, count, out);
}

/// [`push_text`] with the schedule's rates as text (one per tier).
fn push_text_with(schedule: &Schedule, rates: &[String], count: u64, out: &mut String) {
    let rate = |i: usize| rates.get(i).map_or("", String::as_str);
    match schedule {
        Schedule::Flat(_) => push_term(out, count, rate(0)),
        Schedule::Tiers(tiers) => {
            let mut below = 0u64;
            let mut any = false;
            for (i, tier) in tiers.iter().enumerate() {
                if count <= below {
                    break;
                }
                let top = tier.up_to.map_or(count, |u| u.min(count));
                let n = top.saturating_sub(below);
                if any {
                    out.push_str(" + ");
                }
                push_term(out, n, rate(i));
                any = true;
                below = top;
            }
            if !any {
                if tiers.is_empty() {
                    push_term(out, 0, &sv::kr(Decimal::ZERO));
                } else {
                    push_term(out, 0, rate(0));
                }
            }
        }
    }
}

/// `114 091 inv × 6,53 kr`, the rate as text.
fn push_term(out: &mut String, count: u64, rate: &str) {
    sv::push_int(out, count);
    out.push_str(" inv × ");
    out.push_str(rate);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Tier;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn flat_rate() {
        let (amount, basis) = apply(&Schedule::Flat(d("6.53")), 114_091);
        assert_eq!(amount, d("745014.23"));
        assert_eq!(basis, "114 091 inv × 6,53 kr");
    }

    #[test]
    fn tiers_charge_each_band_at_its_rate() {
        let tiers = Schedule::Tiers(vec![
            Tier {
                up_to: Some(10_000),
                rate: d("30"),
            },
            Tier {
                up_to: Some(50_000),
                rate: d("25"),
            },
            Tier {
                up_to: None,
                rate: d("20"),
            },
        ]);
        // 10 000 × 30 + 40 000 × 25 + 64 091 × 20 = 300 000 + 1 000 000 + 1 281 820
        let (amount, basis) = apply(&tiers, 114_091);
        assert_eq!(amount, d("2581820"));
        assert_eq!(
            basis,
            "10 000 inv × 30 kr + 40 000 inv × 25 kr + 64 091 inv × 20 kr"
        );
        // A small municipality stays in the first band.
        assert_eq!(apply(&tiers, 9_634).0, d("289020"));
        // Exactly on a boundary.
        assert_eq!(apply(&tiers, 10_000).0, d("300000"));
        assert_eq!(apply(&tiers, 0).0, d("0"));
    }
}
