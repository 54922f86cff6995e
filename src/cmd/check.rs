//! `avgift check`: validates every input and summarises what it found.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::args::Common;
use crate::context::Context;
use crate::diag::Failure;
use crate::emit::emit;
use crate::engine::{Kind, Outcome};
use crate::inputs::Inputs;
use crate::msg;
use crate::msg::{count, Message};
use crate::{money, sv};

pub fn run(ctx: &Context, c: &Common) -> Result<(), Failure> {
    let inputs = Inputs::load(ctx, &c.given())?;
    let outcome = inputs.compute()?;
    let mut out = String::new();
    let mut line = |indent: &str, m: Message| {
        let _ = writeln!(out, "{indent}{}", ctx.text(&m));
    };
    tariff_summary(&mut line, &inputs);
    population_summary(&mut line, &inputs);
    actuals_summary(&mut line, &inputs);
    recipients_summary(ctx, &mut line, &inputs)?;
    // Whether the invoice register is signed, as the tariff configures it
    // (said only of a tariff that invoices).
    let key = &inputs.tariff.tariff.invoice.issuer.public_key;
    if !key.is_empty() || inputs.tariff.map.mentions("invoice") {
        line(
            "",
            match key.is_empty() {
                true => msg!("ledger-check-unsigned"),
                false => msg!("ledger-check-signed", key = key),
            },
        );
    }
    outcome_summary(&mut line, &outcome);
    line("", msg!("check-ok"));
    for warning in inputs.warnings.iter() {
        ctx.say(&msg!("warning", message = warning.render(ctx.lang())));
    }
    emit(ctx, None, &out)
}

/// Where the summary goes: a line, indented by the text given, in the run's
/// language.
type Line<'a> = dyn FnMut(&str, Message) + 'a;

/// The tariff's name and year, and how many of each thing it has.
fn tariff_summary(line: &mut Line, inputs: &Inputs) {
    let t = &inputs.tariff.tariff;
    line(
        "",
        msg!(
            "check-tariff",
            file = inputs.tariff.path.as_path(),
            name = t.name.as_str(),
            year = t.year
        ),
    );
    line(
        "  ",
        msg!(
            "check-tariff-counts",
            activities = count(t.activities.len()),
            charges = count(t.charges.len()),
            municipalities = count(t.municipalities().len()),
            groups = count(t.groups.len()),
            payers = count(t.payers.len()),
            adjustments = count(t.adjustments.len()),
            indices = count(t.indices.len())
        ),
    );
}

/// The population file: its rows, encoding and the members' inhabitants.
fn population_summary(line: &mut Line, inputs: &Inputs) {
    let t = &inputs.tariff.tariff;
    let p = &inputs.population;
    let members: u64 = t
        .municipalities()
        .iter()
        .filter_map(|c| p.population.count(*c))
        .sum();
    line(
        "",
        msg!(
            "check-population",
            file = inputs.population_path.as_path(),
            rows = count(p.population.len()),
            encoding = p.encoding.label(),
            inhabitants = sv::int(members)
        ),
    );
}

/// The previous year's actuals, with the stated totals that differ from
/// their lines; or that there are none.
fn actuals_summary(line: &mut Line, inputs: &Inputs) {
    match (&inputs.actuals_path, &inputs.actuals) {
        (Some(path), Some(a)) => {
            let (rows, activities) = (count(a.rows.len()), count(a.activities().len()));
            line(
                "",
                match a.year {
                    Some(year) => msg!(
                        "check-actuals",
                        file = path.as_path(),
                        rows = rows,
                        year = year,
                        activities = activities
                    ),
                    None => msg!(
                        "check-actuals-no-year",
                        file = path.as_path(),
                        rows = rows,
                        activities = activities
                    ),
                },
            );
            // What the reader made of the file: amounts in tkr, the year's column read.
            for note in &a.read_notes {
                line("  ", note.clone());
            }
            // Published totals that differ from the sum of the lines are
            // normal (rounding in the report itself); show them.
            for (_, activity) in a.activities() {
                if let Some(stated) = a.stated_total(activity) {
                    let sum = a.line_sum(activity);
                    if stated != sum {
                        line(
                            "  ",
                            msg!(
                                "check-actuals-stated-total",
                                activity = activity.to_string(),
                                stated = sv::kr_int(stated),
                                sum = sv::kr_int(sum),
                                difference = sv::num(money::to_tkr(stated - sum))
                            ),
                        );
                    }
                }
            }
        }
        _ => line("", msg!("check-no-actuals")),
    }
}

/// The recipients file, when the tariff names one: read (so every
/// identifier in it is checked) and counted.
fn recipients_summary(ctx: &Context, line: &mut Line, inputs: &Inputs) -> Result<(), Failure> {
    let Some(rel) = &inputs.tariff.tariff.invoice.recipients else {
        return Ok(());
    };
    let path = inputs.tariff.resolve(rel);
    let recipients = crate::read::recipients::read_recipients(ctx, &path)?;
    let with = |f: fn(&crate::read::recipients::RecipientInfo) -> bool| {
        count(recipients.values().filter(|r| f(r)).count())
    };
    line(
        "",
        msg!(
            "check-recipients",
            file = path.as_path(),
            recipients = count(recipients.len()),
            org_nr = with(|r| !r.org_nr.is_empty()),
            peppol = with(|r| !r.peppol_id.is_empty()),
            reference = with(|r| !r.reference.is_empty() || !r.order_reference.is_empty())
        ),
    );
    Ok(())
}

/// The lines computed, and what they invoice and adjust.
fn outcome_summary(line: &mut Line, outcome: &Outcome) {
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
    line(
        "",
        msg!(
            "check-computed",
            lines = count(outcome.lines.len()),
            invoiced = sv::kr_int(invoiced),
            adjustments = sv::kr_int(adjustments)
        ),
    );
}
