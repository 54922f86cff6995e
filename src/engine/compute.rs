//! From tariff, population and last year's actuals to every line of the year.

use rust_decimal::Decimal;

use super::actuals::Actuals;
use super::model::{Target, Tariff};
use super::outcome::{Kind, Line, Outcome};
use super::population::Population;
use super::rules::{self, external, limit, split, Ctx};
use super::validate::validate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::money;
use crate::sv;

/// Computes every line of a tariff's year. Fails only with validation
/// problems (all of them that can be found), never partially.
pub fn compute(
    tariff: &Tariff,
    population: &Population,
    previous: Option<&Actuals>,
) -> Result<Outcome, Diagnostics> {
    let problems = validate(tariff);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut lines = Vec::new();
    let mut problems = Diagnostics::new();
    for (id, charge) in &tariff.charges {
        let ctx = Ctx {
            tariff,
            population,
            previous,
            charge_id: id,
        };
        let participants = tariff.participants(charge);
        let mut assessed = match rules::assess(&ctx, charge, &participants) {
            Ok(a) => a,
            Err(d) => {
                problems.extend(d);
                continue;
            }
        };
        limit::apply(&mut assessed, charge.floor, charge.cap);

        // Every invoiced amount is whole kronor, half away from zero.
        let mut wholes = Vec::with_capacity(assessed.len() + charge.external.len());
        for a in assessed {
            wholes.push(Whole {
                kind: Kind::Municipality,
                code: Some(a.code),
                payer: None,
                party: ctx.name(a.code),
                amount: money::round_kr(a.exact),
                exact: a.exact,
                basis: a.basis,
                per_inhabitant: a.per_inhabitant,
            });
        }
        let municipalities_total: Decimal = wholes.iter().map(|w| w.amount).sum();
        for (payer_id, ext) in &charge.external {
            let (exact, basis) = external::assess(ext, municipalities_total);
            let party = tariff
                .payers
                .get(payer_id)
                .map_or_else(|| payer_id.clone(), |p| p.name.clone());
            wholes.push(Whole {
                kind: Kind::External,
                code: None,
                payer: Some(payer_id.clone()),
                party,
                amount: money::round_kr(exact),
                exact,
                basis,
                per_inhabitant: None,
            });
        }

        for w in wholes {
            match &charge.target {
                Target::Activity(activity) => {
                    lines.push(w.line(activity, id, w.amount, w.exact, w.basis.clone(), Decimal::ONE))
                }
                Target::Split(shares) => match split::split(w.amount, shares, &w.basis) {
                    Ok(parts) => {
                        for p in parts {
                            let share = shares.get(&p.activity).copied().unwrap_or_default();
                            lines.push(w.line(&p.activity, id, p.amount, p.amount, p.basis, share));
                        }
                    }
                    Err(e) => problems.push(
                        Diagnostic::new(format!("cannot split {}'s amount: {e}", w.party))
                            .for_key(ctx.key("split")),
                    ),
                },
            }
        }
    }
    for adj in &tariff.adjustments {
        lines.push(Line {
            activity: adj.activity.clone(),
            kind: Kind::Adjustment,
            code: None,
            payer: None,
            party: adj.label.clone(),
            charge: String::new(),
            basis: format!("justering {}, faktureras ej", sv::kr(adj.amount)),
            amount: adj.amount,
            exact: adj.amount,
            per_inhabitant: None,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    sort_lines(tariff, &mut lines);
    Ok(Outcome {
        year: tariff.year,
        lines,
    })
}

/// A party's whole amount of a charge, before any split.
struct Whole {
    kind: Kind,
    code: Option<super::code::Code>,
    payer: Option<String>,
    party: String,
    amount: Decimal,
    exact: Decimal,
    basis: String,
    per_inhabitant: Option<(u64, Decimal)>,
}

impl Whole {
    /// A line of this whole; `share` is the activity's share of a split (1 without).
    fn line(
        &self,
        activity: &str,
        charge: &str,
        amount: Decimal,
        exact: Decimal,
        basis: String,
        share: Decimal,
    ) -> Line {
        Line {
            activity: activity.to_string(),
            kind: self.kind,
            code: self.code,
            payer: self.payer.clone(),
            party: self.party.clone(),
            charge: charge.to_string(),
            basis,
            amount,
            exact,
            per_inhabitant: self.per_inhabitant.map(|(n, rate)| (n, rate * share)),
        }
    }
}

/// Presentation order: activity (note, id), kind, party (Swedish name order,
/// then code or payer id; adjustments as written), charge id.
fn sort_lines(tariff: &Tariff, lines: &mut [Line]) {
    let adjustment_pos = |l: &Line| {
        tariff
            .adjustments
            .iter()
            .position(|a| a.activity == l.activity && a.label == l.party)
            .unwrap_or(usize::MAX)
    };
    lines.sort_by_cached_key(|l| {
        let party = match l.kind {
            Kind::Adjustment => (Vec::new(), adjustment_pos(l), String::new()),
            _ => (
                sv::collation_key(&l.party),
                l.code.map_or(0, |c| usize::from(c.get())),
                l.payer.clone().unwrap_or_default(),
            ),
        };
        (
            tariff.activity_order(&l.activity),
            l.kind,
            party,
            l.charge.clone(),
        )
    });
}
