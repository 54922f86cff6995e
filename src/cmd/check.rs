//! `avgift check`: validates every input and summarises what it found.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::args::Common;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::emit;
use crate::engine::{Kind, Outcome};
use crate::inputs::Inputs;
use crate::{money, sv};

pub fn run(ctx: &Context, c: &Common) -> Result<(), Failure> {
    let inputs = Inputs::load(ctx, &c.given())?;
    let outcome = inputs.compute()?;
    let mut out = String::new();
    tariff_summary(&mut out, &inputs);
    population_summary(&mut out, &inputs);
    actuals_summary(&mut out, &inputs);
    recipients_summary(ctx, &mut out, &inputs)?;
    outcome_summary(&mut out, &outcome);
    let _ = writeln!(out, "ok");
    for warning in inputs.warnings.iter() {
        ctx.say(&crate::msg!("warning", message = warning.render(ctx.lang())));
    }
    emit(ctx, None, &out)
}

/// The tariff's name and year, and how many of each thing it has.
fn tariff_summary(w: &mut String, inputs: &Inputs) {
    let t = &inputs.tariff.tariff;
    let _ = writeln!(
        w,
        "{}: {} {}, format 1",
        inputs.tariff.path.display(),
        t.name,
        t.year
    );
    let counts = [
        ("activities", t.activities.len()),
        ("charges", t.charges.len()),
        ("municipalities", t.municipalities().len()),
        ("groups", t.groups.len()),
        ("external payers", t.payers.len()),
        ("adjustment lines", t.adjustments.len()),
        ("indices", t.indices.len()),
    ];
    let counts: Vec<String> = counts.iter().map(|(what, n)| format!("{what}: {n}")).collect();
    let _ = writeln!(w, "  {}", counts.join(", "));
}

/// The population file: its rows, encoding and the members' inhabitants.
fn population_summary(w: &mut String, inputs: &Inputs) {
    let t = &inputs.tariff.tariff;
    let p = &inputs.population;
    let members: u64 = t
        .municipalities()
        .iter()
        .filter_map(|c| p.population.count(*c))
        .sum();
    let _ = writeln!(
        w,
        "{}: {} rows ({}), {} inhabitants in the association's municipalities",
        inputs.population_path.display(),
        p.population.len(),
        p.encoding.label(),
        sv::int(members)
    );
}

/// The previous year's actuals, with the stated totals that differ from
/// their lines; or that there are none.
fn actuals_summary(w: &mut String, inputs: &Inputs) {
    match (&inputs.actuals_path, &inputs.actuals) {
        (Some(path), Some(a)) => {
            let _ = writeln!(
                w,
                "{}: {} rows for {}, {} {}",
                path.display(),
                a.rows.len(),
                a.year
                    .map_or_else(|| "an unstated year".to_string(), |y| y.to_string()),
                a.activities().len(),
                if a.activities().len() == 1 {
                    "activity"
                } else {
                    "activities"
                }
            );
            // Published totals that differ from the sum of the lines are
            // normal (rounding in the report itself); show them.
            for (_, activity) in a.activities() {
                if let Some(stated) = a.stated_total(activity) {
                    let sum = a.line_sum(activity);
                    if stated != sum {
                        let _ = writeln!(
                            w,
                            "  note: {activity}: stated total {} kr, lines sum to {} kr ({} tkr difference, used as stated)",
                            sv::kr_int(stated),
                            sv::kr_int(sum),
                            sv::num(money::to_tkr(stated - sum))
                        );
                    }
                }
            }
        }
        _ => {
            let _ = writeln!(w, "no previous actuals: the notes show this year only");
        }
    }
}

/// The recipients file, when the tariff names one: read (so every
/// identifier in it is checked) and counted.
fn recipients_summary(ctx: &Context, w: &mut String, inputs: &Inputs) -> Result<(), Failure> {
    let Some(rel) = &inputs.tariff.tariff.invoice.recipients else {
        return Ok(());
    };
    let path = inputs.tariff.resolve(rel);
    let recipients = crate::read::recipients::read_recipients(ctx, &path)?;
    let count =
        |f: fn(&crate::read::recipients::RecipientInfo) -> bool| recipients.values().filter(|r| f(r)).count();
    let _ = writeln!(
        w,
        "{}: {} recipients, {} with an organisation number, {} with a Peppol id, {} with a buyer or order reference",
        path.display(),
        recipients.len(),
        count(|r| !r.org_nr.is_empty()),
        count(|r| !r.peppol_id.is_empty()),
        count(|r| !r.reference.is_empty() || !r.order_reference.is_empty()),
    );
    Ok(())
}

/// The lines computed, and what they invoice and adjust.
fn outcome_summary(w: &mut String, outcome: &Outcome) {
    let invoiced: Decimal = outcome
        .lines
        .iter()
        .filter(|l| l.kind.invoiced())
        .map(|l| l.amount)
        .sum();
    let adjustments: Decimal = outcome
        .lines
        .iter()
        .filter(|l| l.kind == Kind::Adjustment)
        .map(|l| l.amount)
        .sum();
    let _ = writeln!(
        w,
        "computed {} lines: {} kr invoiced, {} kr in adjustments",
        outcome.lines.len(),
        sv::kr_int(invoiced),
        sv::kr_int(adjustments)
    );
}
