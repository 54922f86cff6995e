//! `plan` output: per scenario, what each party (or activity) pays each
//! year, with the change from the year before and from the base plan;
//! every line in long CSV; JSON; a workbook; an HTML page with charts.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::XlsxError;
use serde_json::json;

use super::line_table;
use super::table::{Align, Table};
use super::xlsx::{self, Num, RowNum, Sheet, Source};
use super::By;
use super::{json, whatif, Cell, CsvDialect, CsvOut};
use crate::audit::{Provenance, Recipe};
use crate::engine::plan::{PlanResult, ScenarioRun, YearResult};
use crate::engine::Kind;
use crate::{money, sv};

/// A row: a party or an activity, in presentation order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowKey {
    /// Activities by note; municipalities before external payers, by name.
    order: (u32, Vec<u32>, String),
    /// The code, payer id or activity id.
    pub id: String,
}

/// A row's label and what it is.
#[derive(Debug, Clone)]
pub struct RowInfo {
    pub label: String,
    pub kind: &'static str,
}

/// Invoiced amounts of a year per row.
pub fn rows(y: &YearResult, by: By) -> BTreeMap<RowKey, (RowInfo, Decimal)> {
    let t = &y.tariff;
    let mut out: BTreeMap<RowKey, (RowInfo, Decimal)> = BTreeMap::new();
    for l in y.outcome.lines.iter().filter(|l| l.kind.invoiced()) {
        let (key, info) = match by {
            By::Municipality => {
                let (rank, id, kind) = match l.kind {
                    Kind::Municipality => (
                        0,
                        l.code.map(|c| c.to_string()).unwrap_or_default(),
                        "municipality",
                    ),
                    _ => (1, l.payer.clone().unwrap_or_default(), "external"),
                };
                let label = line_table::party_label(l.kind, &l.party);
                (
                    RowKey {
                        order: (rank, sv::collation_key(&l.party), id.clone()),
                        id,
                    },
                    RowInfo { label, kind },
                )
            }
            By::Activity => {
                let (note, name) = t.activity_order(&l.activity);
                (
                    RowKey {
                        order: (note, Vec::new(), name),
                        id: l.activity.to_string(),
                    },
                    RowInfo {
                        label: line_table::activity_name(t, &l.activity),
                        kind: "activity",
                    },
                )
            }
        };
        out.entry(key).or_insert((info, Decimal::ZERO)).1 += l.amount;
    }
    out
}

/// Every row of a scenario over its years: label and amount per year.
type Grid = BTreeMap<RowKey, (RowInfo, Vec<Decimal>)>;

fn grid(s: &ScenarioRun, by: By) -> Grid {
    let mut g: Grid = BTreeMap::new();
    let n = s.years.len();
    for (i, y) in s.years.iter().enumerate() {
        for (k, (info, amount)) in rows(y, by) {
            g.entry(k).or_insert_with(|| (info, vec![Decimal::ZERO; n])).1[i] = amount;
        }
    }
    g
}

/// A year's names, for what-ifs: its tariff and municipalities.
fn names(y: &YearResult) -> whatif::Names<'_> {
    whatif::Names {
        tariff: &y.tariff,
        population: &y.population,
    }
}

/// The what-if lines of a scenario: its overrides (as its `from` year's
/// tariff has them) and the values solved.
pub fn marks(s: &ScenarioRun) -> Vec<String> {
    let mut out = Vec::new();
    let from = s.from.and_then(|f| s.years.iter().find(|y| y.year == f));
    if let (Some(from), false) = (from, s.set.is_empty()) {
        let described = whatif::described(&names(from), &s.set);
        if let Some(h) = whatif::heading(&described) {
            out.push(format!("{h} (från {})", from.year));
        }
    }
    for y in &s.years {
        for v in &y.solved {
            out.push(format!(
                "Löst {}: {} så att {} täcker {} (fakturerat {})",
                y.year,
                whatif::describe_key(&names(y), &v.key),
                v.activity,
                sv::kr(v.target),
                sv::kr(v.total)
            ));
        }
    }
    out
}

/// A table per scenario, rows by party (or activity), a column per year
/// with the change from the year before and, for scenarios, from the base plan.
pub fn table(run: &PlanResult, by: By) -> String {
    let mut out = format!("{}\n", run.title);
    let base = grid(&run.scenarios[0], by);
    for s in &run.scenarios {
        let g = grid(s, by);
        out.push('\n');
        if s.is_scenario() {
            out.push_str(&format!("Scenario: {}\n", s.name));
        } else {
            out.push_str(&format!("{}\n", s.name));
        }
        for m in marks(s) {
            out.push_str(&m);
            out.push('\n');
        }
        let first = match by {
            By::Municipality => "Part",
            By::Activity => "Verksamhet",
        };
        let figures = ScenarioTable::new(s, &g, &base, true);
        let mut columns: Vec<(&str, Align)> = vec![(first, Align::Left)];
        columns.extend(figures.heads.iter().map(|h| (h.as_str(), Align::Right)));
        let mut t = Table::new(&columns);
        for (label, cells) in figures.rows {
            let mut row = vec![label];
            row.extend(cells);
            t.row(row);
        }
        t.footer(line_table::summa_row(0, figures.sums));
        out.push_str(&t.render());
    }
    out
}

/// A scenario's table as the text table and the HTML page both show it:
/// a column per year, with the change from the year before and, for a
/// scenario, from the base plan; a row per party (or activity); the sums.
struct ScenarioTable {
    /// The figure columns' heads (`2025`, `± fg år`, `± bas`).
    heads: Vec<String>,
    /// Each row's label and figures, in row order.
    rows: Vec<(String, Vec<String>)>,
    /// The figures of the `Summa` row.
    sums: Vec<String>,
}

impl ScenarioTable {
    /// The table of scenario `s` (grid `g`) against the base plan's grid.
    /// `with_base_only`: also a row (of zeros) for a party only the base
    /// plan has, as the text table shows it.
    fn new(s: &ScenarioRun, g: &Grid, base: &Grid, with_base_only: bool) -> ScenarioTable {
        let n = s.years.len();
        let mut heads = Vec::new();
        for (i, y) in s.years.iter().enumerate() {
            heads.push(y.year.to_string());
            if i > 0 {
                heads.push("± fg år".to_string());
            }
            if s.is_scenario() {
                heads.push("± bas".to_string());
            }
        }
        let cells = |amounts: &[Decimal], base: &[Decimal]| {
            let mut row = Vec::new();
            for (i, a) in amounts.iter().enumerate() {
                row.push(sv::kr_int(*a));
                if i > 0 {
                    row.push(signed(*a - amounts[i - 1]));
                }
                if s.is_scenario() {
                    row.push(signed(*a - base.get(i).copied().unwrap_or_default()));
                }
            }
            row
        };
        let mut base_sums = vec![Decimal::ZERO; n];
        for (_, amounts) in base.values() {
            for (i, a) in amounts.iter().enumerate() {
                base_sums[i] += a;
            }
        }
        let mut keys: Vec<&RowKey> = g.keys().collect();
        if with_base_only {
            keys.extend(base.keys());
            keys.sort();
            keys.dedup();
        }
        let mut sums = vec![Decimal::ZERO; n];
        let mut rows = Vec::new();
        for k in keys {
            let zero = vec![Decimal::ZERO; n];
            let (label, amounts) = match (g.get(k), base.get(k)) {
                (Some((info, a)), _) => (info.label.clone(), a.clone()),
                (None, Some((info, _))) => (info.label.clone(), zero.clone()),
                (None, None) => continue,
            };
            let b = base.get(k).map_or(zero, |(_, a)| a.clone());
            for (i, a) in amounts.iter().enumerate() {
                sums[i] += a;
            }
            rows.push((label, cells(&amounts, &b)));
        }
        ScenarioTable {
            heads,
            rows,
            sums: cells(&sums, &base_sums),
        }
    }
}

/// `+8 095`, `-1 200`, `0`.
fn signed(d: Decimal) -> String {
    sv::signed_kr(d)
}

/// The CSV columns, in order: `calc`'s, after the scenario.
pub const CSV_COLUMNS: [&str; 10] = [
    "scenario", "year", "note", "activity", "kind", "code", "party", "charge", "basis", "amount",
];

/// Every line of every year of every scenario.
pub fn csv(run: &PlanResult, dialect: CsvDialect) -> String {
    let mut out = CsvOut::new(dialect);
    out.record(CSV_COLUMNS.iter().map(|c| Cell::Text(c)));
    for s in &run.scenarios {
        for y in &s.years {
            let t = &y.tariff;
            let year = y.year.to_string();
            for l in &y.outcome.lines {
                let note = t
                    .activities
                    .get(&*l.activity)
                    .and_then(|a| a.note)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                let activity = line_table::activity_name(t, &l.activity);
                let code = l.code.map(|c| c.to_string()).unwrap_or_default();
                let amount = money::plain2(l.amount);
                out.record([
                    Cell::Text(&s.id),
                    Cell::Text(&year),
                    Cell::Text(&note),
                    Cell::Text(&activity),
                    Cell::Text(l.kind.as_str()),
                    Cell::Text(&code),
                    Cell::Text(&l.party),
                    Cell::Text(&l.charge),
                    Cell::Text(&l.basis),
                    Cell::Number(&amount),
                ]);
            }
        }
    }
    out.finish()
}

pub fn json(run: &PlanResult, recipe: &Recipe) -> String {
    let base_party = grid(&run.scenarios[0], By::Municipality);
    let scenarios: Vec<_> = run
        .scenarios
        .iter()
        .map(|s| {
            let years: Vec<_> = s
                .years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    let t = &y.tariff;
                    let previous = i.checked_sub(1).map(|p| rows(&s.years[p], By::Municipality));
                    let parties: Vec<_> = rows(y, By::Municipality)
                        .into_iter()
                        .map(|(k, (info, amount))| {
                            let before = previous.as_ref().map(|p| p.get(&k).map_or(Decimal::ZERO, |v| v.1));
                            let base = base_party.get(&k).map_or(Decimal::ZERO, |v| v.1[i]);
                            json!({
                                "kind": info.kind,
                                "id": k.id,
                                "party": info.label,
                                "amount": json::amount(amount),
                                "change_from_previous_year": before.map(|b| json::amount(amount - b)),
                                "change_from_base": json::amount(amount - base),
                            })
                        })
                        .collect();
                    let activities: Vec<_> = rows(y, By::Activity)
                        .into_iter()
                        .map(|(k, (info, amount))| {
                            json!({"activity_id": k.id, "activity": info.label, "amount": json::amount(amount)})
                        })
                        .collect();
                    let lines: Vec<_> = y
                        .outcome
                        .lines
                        .iter()
                        .map(|l| {
                            json!({
                                "activity_id": &*l.activity,
                                "activity": line_table::activity_name(t, &l.activity),
                                "kind": l.kind.as_str(),
                                "code": l.code.map(|c| c.to_string()),
                                "payer": l.payer,
                                "party": &*l.party,
                                "charge": &*l.charge,
                                "basis": l.basis,
                                "amount": json::amount(l.amount),
                            })
                        })
                        .collect();
                    let solved: Vec<_> = y
                        .solved
                        .iter()
                        .map(|v| {
                            json!({
                                "key": v.key,
                                "value": json::whole(v.value),
                                "activity": v.activity,
                                "target": json::amount(v.target),
                                "total": json::amount(v.total),
                                "surplus": json::amount(v.total - v.target),
                            })
                        })
                        .collect();
                    json!({
                        "year": y.year,
                        "set": y.set,
                        "solved": solved,
                        "indices": t.indices.iter().map(|(k, v)| (k.clone(), json::whole(*v))).collect::<serde_json::Map<_, _>>(),
                        "population": y.population.total(),
                        "total": json::amount(y.outcome.invoiced_total()),
                        "parties": parties,
                        "activities": activities,
                        "lines": lines,
                    })
                })
                .collect();
            json!({
                "id": s.id,
                "name": s.name,
                "what_if": s.is_scenario(),
                "from": s.from,
                "set": s.set,
                "years": years,
            })
        })
        .collect();
    let v = json!({
        "title": run.title,
        "tariff": run.tariff,
        "years": run.years,
        "scenarios": scenarios,
        "provenance": recipe.to_json(),
    });
    json::text(&v)
}

/// A sheet per scenario (party × year, Summa as a formula), a summary
/// (party × scenario for each year), and `Underlag`.
pub fn xlsx(run: &PlanResult, provenance: &Provenance, recipe: &Recipe) -> Result<Vec<u8>, XlsxError> {
    let mut taken = vec!["Underlag".to_string(), "Sammanfattning".to_string()];
    let mut sheets = Vec::new();
    // The summary first.
    let mut sum = Sheet::new("Sammanfattning")?;
    sum.title(0, &run.title)?;
    let mut row: RowNum = 2;
    let grids: Vec<Grid> = run.scenarios.iter().map(|s| grid(s, By::Municipality)).collect();
    let mut keys: Vec<&RowKey> = grids.iter().flat_map(|g| g.keys()).collect();
    keys.sort();
    keys.dedup();
    for (i, year) in run.years.iter().enumerate() {
        sum.title(row, &format!("{year}"))?;
        row += 1;
        let mut titles = vec!["Part".to_string()];
        titles.extend(run.scenarios.iter().map(|s| s.name.clone()));
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        for (c, t) in (0..).zip(&titles) {
            sum.text(row, c, t, true)?;
        }
        row += 1;
        let first = row;
        for k in &keys {
            let label = grids
                .iter()
                .find_map(|g| g.get(*k))
                .map_or("", |(info, _)| info.label.as_str());
            sum.text(row, 0, label, false)?;
            for (c, g) in (1..).zip(&grids) {
                let v = g.get(*k).map_or(Decimal::ZERO, |(_, a)| a[i]);
                sum.number(row, c, v, Num::Kr, false)?;
            }
            row += 1;
        }
        sum.text(row, 0, "Summa", true)?;
        for (c, g) in (1..).zip(&grids) {
            let total: Decimal = g.values().map(|(_, a)| a[i]).sum();
            sum.formula(row, c, &xlsx::sum(c, first, row - 1), Some(total), Num::Kr, true)?;
        }
        row += 2;
    }
    sheets.push(sum.finish()?);
    for s in &run.scenarios {
        let name = xlsx::sheet_name(&s.name, &mut taken);
        let mut sh = Sheet::new(&name)?;
        let mut r: RowNum = 0;
        let title = if s.is_scenario() {
            format!("{} – scenario: {}", run.title, s.name)
        } else {
            format!("{} – {}", run.title, s.name)
        };
        sh.title(r, &title)?;
        r += 1;
        for m in marks(s) {
            sh.title(r, &m)?;
            r += 1;
        }
        r += 1;
        let mut titles = vec!["Part".to_string()];
        titles.extend(s.years.iter().map(|y| y.year.to_string()));
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        sh.header(r, &titles)?;
        r += 1;
        let first = r;
        let g = grid(s, By::Municipality);
        for (info, amounts) in g.values() {
            sh.text(r, 0, &info.label, false)?;
            for (c, a) in (1..).zip(amounts) {
                sh.number(r, c, *a, Num::Kr, false)?;
            }
            r += 1;
        }
        sh.text(r, 0, "Summa", true)?;
        for (c, y) in (1..).zip(&s.years) {
            sh.formula(
                r,
                c,
                &xlsx::sum(c, first, r - 1),
                Some(y.outcome.invoiced_total()),
                Num::Kr,
                true,
            )?;
        }
        sheets.push(sh.finish()?);
    }
    let base = &run.scenarios[0].years[0];
    let sources = [Source {
        side: None,
        tariff: Some(format!("{} {}", base.tariff.name, base.year)),
        provenance,
        indices: None,
    }];
    let mut remarks = Vec::new();
    for s in run.scenarios.iter().filter(|s| s.is_scenario()) {
        remarks.push(format!("Scenario {}: {}", s.name, marks(s).join("; ")));
    }
    sheets.push(xlsx::underlag(&sources, &remarks)?);
    xlsx::workbook(&run.title, run.years[0], sheets, &sources, recipe)
}

/// The HTML page: lines per municipality over the years (base plan),
/// bars per scenario and year, and a table per scenario.
pub fn html(run: &PlanResult, provenance: &Provenance, recipe: &Recipe) -> String {
    use super::html::{escape, figure};
    let mut body = String::new();
    body.push_str("<section id=\"oversikt\">\n<h2>Översikt</h2>\n");
    for (caption, svg) in [
        ("Avgift per kommun och år, basplan (kr)", lines_chart(run)),
        ("Fakturerat totalt per scenario och år (kr)", bars_chart(run)),
    ] {
        body.push_str(&figure(caption, &svg));
    }
    body.push_str("</section>\n");
    let base = grid(&run.scenarios[0], By::Municipality);
    for (i, s) in run.scenarios.iter().enumerate() {
        let g = grid(s, By::Municipality);
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
        super::report::whatif_banner(&mut banner, &marks(s));
        body.push_str(&banner);
        let figures = ScenarioTable::new(s, &g, &base, false);
        let td = |cells: &[String]| -> String {
            cells
                .iter()
                .map(|c| format!("<td class=\"num\">{c}</td>"))
                .collect()
        };
        body.push_str("<table class=\"fees\">\n<thead><tr><th>Kommun / betalare</th>");
        for h in &figures.heads {
            body.push_str(&format!("<th class=\"num\">{h}</th>"));
        }
        body.push_str("</tr></thead>\n<tbody>\n");
        for (label, cells) in &figures.rows {
            body.push_str(&format!("<tr><td>{}</td>{}</tr>\n", escape(label), td(cells)));
        }
        body.push_str(&format!(
            "</tbody>\n<tfoot><tr><td>Summa</td>{}</tr></tfoot>\n</table>\n</section>\n",
            td(&figures.sums)
        ));
    }
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
    let t = &run.scenarios[0].years[0].tariff;
    let years = &run.years;
    let lead = format!(
        "Vad varje medlemskommun och extern betalare betalar {}–{} enligt planen{}. Belopp i kronor.",
        years[0],
        years[years.len() - 1],
        if run.scenarios.len() > 1 {
            ", och i varje scenario"
        } else {
            ""
        }
    );
    super::report::page(t, &run.title, &lead, &banner, &body, provenance, recipe)
}

/// Each municipality's fees over the years in the base plan, a line each.
fn lines_chart(run: &PlanResult) -> String {
    let g = grid(&run.scenarios[0], By::Municipality);
    let series: Vec<(String, Vec<Decimal>)> = g
        .values()
        .filter(|(info, _)| info.kind == "municipality")
        .map(|(info, a)| (info.label.clone(), a.clone()))
        .collect();
    let years: Vec<String> = run.years.iter().map(i32::to_string).collect();
    super::chart_svg::lines(&super::chart_svg::Lines {
        title: "Avgift per kommun och år, basplan (kr)",
        categories: &years,
        series: &series,
    })
}

/// The total of each scenario, side by side, for each year.
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
    super::chart_svg::grouped(&super::chart_svg::Lines {
        title: "Fakturerat totalt per scenario och år (kr)",
        categories: &years,
        series: &series,
    })
}
