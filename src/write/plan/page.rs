//! The plan's HTML page: each municipality's fees over the years (last
//! year's actuals and this year's fees first), the scenarios' charges side
//! by side, a table per scenario with the three totals, and the budget
//! year's municipality × activity table of the base plan.

use rust_decimal::Decimal;

use super::grid::{columns, grid, marks, ScenarioTable};
use crate::audit::{Provenance, Recipe};
use crate::engine::matrix::Matrix;
use crate::engine::plan::PlanResult;
use crate::write::html::{escape, figure};
use crate::write::{chart_svg, matrix, report, By};

/// The HTML page: lines per municipality over the years (base plan),
/// bars per scenario and year, a table per scenario, the matrix.
pub fn html(run: &PlanResult, provenance: &Provenance, recipe: &Recipe) -> String {
    let mut body = String::new();
    body.push_str("<section id=\"oversikt\">\n<h2>Översikt</h2>\n");
    for (caption, svg) in [
        ("Avgift per kommun och år, basplan (kr)", lines_chart(run)),
        ("Avgifter per scenario och år (kr)", bars_chart(run)),
    ] {
        body.push_str(&figure(caption, &svg));
    }
    body.push_str("</section>\n");
    let base = grid(run, &run.scenarios[0], By::Municipality);
    for (i, s) in run.scenarios.iter().enumerate() {
        let g = grid(run, s, By::Municipality);
        let heading = if s.is_scenario() {
            format!("Scenario: {}", s.name)
        } else {
            s.name.clone()
        };
        body.push_str(&format!(
            "<section id=\"scenario-{i}\">\n<h2>{}</h2>\n",
            escape(&heading)
        ));
        let mut banner = String::new();
        report::whatif_banner(&mut banner, &marks(s));
        body.push_str(&banner);
        let figures = ScenarioTable::new(run, s, &g, &base, false);
        let td = |cells: &[String]| -> String {
            cells
                .iter()
                .map(|c| format!("<td class=\"num\">{c}</td>"))
                .collect()
        };
        body.push_str("<table class=\"fees\">\n<thead><tr><th>Kommun / betalare</th>");
        for h in &figures.heads {
            body.push_str(&format!("<th class=\"num\">{}</th>", escape(h)));
        }
        body.push_str("</tr></thead>\n<tbody>\n");
        for (label, cells) in &figures.rows {
            body.push_str(&format!("<tr><td>{}</td>{}</tr>\n", escape(label), td(cells)));
        }
        body.push_str("</tbody>\n<tfoot>\n");
        for (label, cells) in &figures.totals {
            body.push_str(&format!("<tr><td>{}</td>{}</tr>\n", escape(label), td(cells)));
        }
        body.push_str("</tfoot>\n</table>\n</section>\n");
    }
    let budget = &run.scenarios[0].years[0];
    body.push_str(&format!(
        "<section id=\"kommun-verksamhet\">\n<h2>Kommun × verksamhet {}</h2>\n",
        budget.year
    ));
    let caption = format!(
        "Avgifter {} per kommun och verksamhet, {} (kr)",
        budget.year, run.scenarios[0].name
    );
    body.push_str(&matrix::html(
        &Matrix::of(&budget.tariff, &budget.outcome),
        &caption,
    ));
    body.push_str("</section>\n");
    let banner: Vec<String> = run
        .scenarios
        .iter()
        .filter(|s| s.is_scenario())
        .map(|s| {
            format!(
                "Scenario \u{201c}{}\u{201d} är ett tänkt alternativ, inte beslutad taxa. {}",
                s.name,
                marks(s).join("; ")
            )
        })
        .collect();
    let t = &budget.tariff;
    let years = &run.years;
    let before = match run.earlier.as_slice() {
        [] => String::new(),
        earlier => format!(
            ", bredvid {}",
            earlier
                .iter()
                .map(super::grid::earlier_head)
                .collect::<Vec<_>>()
                .join(" och ")
        ),
    };
    let lead = format!(
        "Vad varje medlemskommun och extern betalare betalar {}–{} enligt planen{}{before}. Belopp i kronor.",
        years[0],
        years[years.len() - 1],
        if run.scenarios.len() > 1 {
            ", och i varje scenario"
        } else {
            ""
        }
    );
    report::page(t, &run.title, &lead, &banner, &body, provenance, recipe)
}

/// Each municipality's fees over the years in the base plan, a line each.
fn lines_chart(run: &PlanResult) -> String {
    let g = grid(run, &run.scenarios[0], By::Municipality);
    let series: Vec<(String, Vec<Decimal>)> = g
        .values()
        .filter(|(info, _)| info.kind == "municipality")
        .map(|(info, a)| (info.label.clone(), a.clone()))
        .collect();
    let heads: Vec<String> = columns(run, &run.scenarios[0])
        .iter()
        .map(|c| c.head.clone())
        .collect();
    chart_svg::lines(&chart_svg::Lines {
        title: "Avgift per kommun och år, basplan (kr)",
        categories: &heads,
        series: &series,
    })
}

/// The charges of each scenario, side by side, for each plan year.
fn bars_chart(run: &PlanResult) -> String {
    let years: Vec<String> = run.years.iter().map(i32::to_string).collect();
    let series: Vec<(String, Vec<Decimal>)> = run
        .scenarios
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.years.iter().map(|y| y.outcome.invoiced_total()).collect(),
            )
        })
        .collect();
    chart_svg::grouped(&chart_svg::Lines {
        title: "Avgifter per scenario och år (kr)",
        categories: &years,
        series: &series,
    })
}
