//! `report` output: one self-contained HTML page (inline CSS and SVG, no
//! scripts, no fonts or images to fetch) that can be sent to a
//! municipality: what each party pays per activity this year and last, two
//! charts, the notes as `notes` computes them, and the inputs used.
//!
//! Every text from an input file is escaped; nothing depends on the clock,
//! so the same inputs give the same bytes.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::chart_svg::{self, Diverging, DivergingRow, Stacked, StackedRow};
use super::html::{escape, figure};
use crate::audit::{Provenance, Recipe, TOOL};
use crate::engine::matrix::Matrix;
use crate::engine::notes::{self, Fees, Notes, PartyFees};
use crate::engine::totals::LABELS;
use crate::engine::{Kind, Population, Tariff};
use crate::{money, sv};

/// What the report is made from.
pub struct Report<'a> {
    pub tariff: &'a Tariff,
    pub notes: &'a Notes,
    /// This year's municipality × activity table.
    pub matrix: &'a Matrix,
    /// This year's population basis (shown per municipality).
    pub population: &'a Population,
    pub provenance: &'a Provenance,
    /// What made the report, recorded in its head for `avgift verify`.
    pub recipe: &'a Recipe,
}

const STYLE: &str = r#"
@page {
  size: A4;
  margin: 16mm 15mm 18mm;
  @bottom-right {
    content: "Sida " counter(page) " av " counter(pages);
    font-family: "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif; font-size: 8pt; color: #5F6368;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; padding: 12mm 8mm 16mm; max-width: 196mm;
  font-family: "Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif;
  font-size: 9.5pt; line-height: 1.35; color: #1A1A1A; background: #FFFFFF;
}
@media print { body { padding: 0; max-width: none; } }
header { border-bottom: 3px solid #1F4E79; padding-bottom: 4mm; margin-bottom: 6mm; }
.assoc { margin: 0; font-size: 9.5pt; letter-spacing: .06em; text-transform: uppercase; color: #5F6368; }
h1 { margin: 1mm 0 2mm; font-size: 22pt; line-height: 1.15; color: #1F4E79; }
.lead { margin: 0 0 2mm; font-size: 10.5pt; max-width: 160mm; }
nav { font-size: 8.5pt; color: #5F6368; }
nav a { color: #1F4E79; text-decoration: none; margin-right: 4mm; }
section + section { break-before: page; }
@media screen { section + section { margin-top: 12mm; } }
h2 {
  margin: 0 0 3mm; padding-bottom: 1.5mm; border-bottom: 1px solid #C8CCD0;
  font-size: 14pt; color: #1F4E79; break-after: avoid;
}
h3 { margin: 5mm 0 1.5mm; font-size: 11pt; break-after: avoid; }
p { margin: 0 0 2mm; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0 0 4mm; }
th, td { padding: 0.7mm 1.6mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th {
  font-size: 8.5pt; color: #3C4043; vertical-align: bottom;
  border-bottom: 1.5px solid #1A1A1A;
}
tbody td { border-bottom: 0.5px solid #E3E6E9; }
tbody tr:nth-child(even) td { background: #F3F5F7; }
tfoot td { font-weight: bold; border-top: 1.5px solid #1A1A1A; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; width: 19mm; }
thead th.num { white-space: normal; }
.code { color: #5F6368; font-weight: normal; }
.muted { color: #5F6368; }
figure { margin: 5mm 0 6mm; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 10pt; margin-bottom: 2mm; }
svg.chart { display: block; width: 100%; height: auto; }
.party { break-inside: avoid; }
.party h3 { margin-top: 5mm; }
.party table, .note table { font-size: 9pt; }
.party .meta { font-size: 8.5pt; color: #5F6368; margin: 0 0 1mm; }
.notes { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8mm; }
.note { break-inside: avoid; }
.note h3 { font-size: 9.5pt; margin: 3mm 0 1mm; }
.note .no { color: #1F4E79; }
.note .num { width: 14mm; }
code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; }
.files td:first-child { width: 38mm; }
table.indices { width: auto; min-width: 70mm; }
.whatif { border: 2px solid #D55E00; background: #FFF4EC; padding: 2mm 3mm; margin: 0 0 5mm; }
.whatif p { margin: 0; }
table.matrix { font-size: 7.5pt; }
table.matrix caption { text-align: left; font-weight: bold; font-size: 10pt; margin-bottom: 2mm; }
table.matrix .num { width: auto; }
"#;

/// A party's name as the tables and charts show it: a payer's name as in
/// `calc`, `compare` and the workbooks.
fn party_name(p: &PartyFees) -> String {
    p.name.clone()
}

/// A change with its sign: `+1 234`, `-56`, `0`.
fn signed(d: Decimal) -> String {
    sv::signed_kr(d)
}

/// A change in per cent, one decimal: `+1,3 %`; a dash where last year was 0.
fn signed_pct(p: Option<Decimal>) -> String {
    p.map_or_else(|| "–".to_string(), sv::signed_pct)
}

/// Kronor as exact tkr, for chart coordinates.
fn tkr(kr: Decimal) -> Decimal {
    kr / Decimal::ONE_THOUSAND
}

/// The header cells of a fee table after its label columns.
fn fee_heads(out: &mut String, year: i32, previous: Option<i32>) {
    let _ = write!(out, "<th class=\"num\">{year}, kr</th>");
    if let Some(p) = previous {
        let _ = write!(
            out,
            "<th class=\"num\">{p}, kr</th><th class=\"num\">Förändring, kr</th><th class=\"num\">Förändring, %</th>"
        );
    }
}

/// A fee's cells: this year, and with last year the change in kr and %.
fn fee_cells(out: &mut String, f: &Fees) {
    let _ = write!(out, "<td class=\"num\">{}</td>", sv::kr_int(f.current));
    if let (Some(p), Some(c)) = (f.previous, f.change()) {
        let _ = write!(
            out,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            sv::kr_int(p),
            signed(c),
            signed_pct(f.change_pct())
        );
    }
}

/// The three totals as rows of a table's foot: `Avgifter`, `Justeringar`,
/// `Netto`, each label in the first cell and `blank` empty cells after it.
fn totals_rows(out: &mut String, charges: &Fees, adjustments: &Fees, blank: usize) {
    let net = notes::sum([*charges, *adjustments]);
    for (label, fees) in LABELS.iter().zip([charges, adjustments, &net]) {
        let _ = write!(out, "<tr><td>{label}</td>{}", "<td></td>".repeat(blank));
        fee_cells(out, fees);
        out.push_str("</tr>\n");
    }
}

/// "Noter 3–12", "Not 8" or "Noter".
fn notes_heading(n: &Notes) -> String {
    let numbers: Vec<u32> = n.notes.iter().filter_map(|x| x.number).collect();
    match (numbers.iter().min(), numbers.iter().max()) {
        (Some(a), Some(b)) if a == b => format!("Not {a}"),
        (Some(a), Some(b)) => format!("Noter {a}–{b}"),
        _ => "Noter".to_string(),
    }
}

/// The mark before the recipe in the page's head comment, where `avgift
/// verify` finds it.
pub const RECIPE_MARK: &str = "avgift-recipe";

pub fn html(r: &Report) -> String {
    let t = r.tariff;
    let n = r.notes;
    let year = n.year;
    let previous = n.previous_year;
    let parties = notes::by_party(n);
    // Per note: the sum over the parties (what is invoiced in the activity).
    let per_note: Vec<Fees> = (0..n.notes.len())
        .map(|i| notes::sum(parties.iter().map(|p| p.fees[i])))
        .collect();
    let total = notes::sum(per_note.iter().copied());
    // Per note: its adjustments, which nobody is invoiced.
    let adjustments_per_note: Vec<Fees> = n
        .notes
        .iter()
        .map(|note| {
            notes::sum(
                note.lines
                    .iter()
                    .filter(|l| l.kind == Kind::Adjustment)
                    .map(|l| Fees {
                        current: l.current,
                        previous: l.previous.or(previous.map(|_| Decimal::ZERO)),
                    }),
            )
        })
        .collect();
    let adjustments = notes::sum(adjustments_per_note.iter().copied());
    let name = escape(&t.name);
    let recipe = r.recipe.to_line();

    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{TOOL}\">\n<!-- {RECIPE_MARK} {recipe} -->\n<title>Medlemsavgifter {year} – {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );

    let page = Page {
        r,
        parties: &parties,
        per_note: &per_note,
        total: &total,
        adjustments: &adjustments,
    };
    page.heading(&mut out, &name);
    page.overview(&mut out);
    if let Some(p_year) = previous {
        page.change(&mut out, p_year);
    }
    page.per_party(&mut out);
    page.notes(&mut out);

    // The inputs.
    provenance(&mut out, t, r.provenance);
    out.push_str("</body>\n</html>\n");
    out
}

/// The page's parts, each a section of [`html`].
struct Page<'r> {
    r: &'r Report<'r>,
    /// Each party's fees per note.
    parties: &'r [PartyFees],
    /// Per note: the sum over the parties (what is invoiced in the activity).
    per_note: &'r [Fees],
    total: &'r Fees,
    /// Every note's adjustments.
    adjustments: &'r Fees,
}

impl Page<'_> {
    /// The heading, the lead, the links to the sections and any what-if banner.
    fn heading(&self, out: &mut String, name: &str) {
        let r = self.r;
        let n = r.notes;
        let (year, previous) = (n.year, n.previous_year);
        let _ = writeln!(
            out,
            "<header>\n<p class=\"assoc\">{name}</p>\n<h1>Medlemsavgifter {year}</h1>"
        );
        let _ = match previous {
            Some(p) => writeln!(
                out,
                "<p class=\"lead\">Vad varje medlemskommun och extern betalare betalar {year} per verksamhet, jämfört med {p}. Belopp i kronor; noterna i tusental kronor (tkr).</p>"
            ),
            None => writeln!(
                out,
                "<p class=\"lead\">Vad varje medlemskommun och extern betalare betalar {year} per verksamhet. Belopp i kronor; noterna i tusental kronor (tkr).</p>"
            ),
        };
        out.push_str("<nav><a href=\"#oversikt\">Översikt</a>");
        if let Some(p) = previous {
            let _ = write!(out, "<a href=\"#forandring\">Förändring från {p}</a>");
        }
        let _ = writeln!(
            out,
            "<a href=\"#per-kommun\">Per kommun och verksamhet</a><a href=\"#noter\">{}</a><a href=\"#underlag\">Underlag</a></nav>\n</header>",
            notes_heading(n)
        );

        // A what-if says so before anything else.
        whatif_banner(
            out,
            &super::whatif::heading(&r.provenance.described)
                .map(|h| format!("{h}. Ett tänkt alternativ, inte taxan som den är skriven."))
                .into_iter()
                .collect::<Vec<_>>(),
        );
    }

    /// The totals per party and the stacked chart.
    fn overview(&self, out: &mut String) {
        let parties = self.parties;
        let total = self.total;
        let n = self.r.notes;
        let (year, previous) = (n.year, n.previous_year);
        out.push_str("<section id=\"oversikt\">\n<h2>Avgift per kommun</h2>\n");
        out.push_str("<table class=\"fees\">\n<thead><tr><th>Kommun / betalare</th><th>Kod</th>");
        fee_heads(out, year, previous);
        out.push_str("</tr></thead>\n<tbody>\n");
        for p in parties {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"code\">{}</td>",
                escape(&party_name(p)),
                p.code.map(|c| c.to_string()).unwrap_or_default()
            );
            fee_cells(out, &p.total());
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n<tfoot>");
        totals_rows(out, total, self.adjustments, 1);
        out.push_str("</tfoot>\n</table>\n");

        // The activities anyone pays for this year are the chart's series.
        let charged: Vec<usize> = (0..n.notes.len())
            .filter(|&i| parties.iter().any(|p| !p.fees[i].current.is_zero()))
            .collect();
        let series: Vec<String> = charged.iter().map(|&i| n.notes[i].activity.clone()).collect();
        let rows: Vec<StackedRow> = parties
            .iter()
            .map(|p| StackedRow {
                label: party_name(p),
                values: charged.iter().map(|&i| tkr(p.fees[i].current)).collect(),
                total_label: sv::num(money::to_tkr(p.total().current)),
            })
            .collect();
        let title = format!("Avgift {year} per kommun och verksamhet, tkr");
        let svg = chart_svg::stacked(&Stacked {
            title: &title,
            unit: "tkr",
            series: &series,
            rows: &rows,
        });
        out.push_str(&figure(&title, &svg));
        out.push_str("</section>\n");
    }

    /// The change from last year (`p_year`): the diverging chart and the table per activity.
    fn change(&self, out: &mut String, p_year: i32) {
        let parties = self.parties;
        let per_note = self.per_note;
        let total = self.total;
        let n = self.r.notes;
        let (year, previous) = (n.year, n.previous_year);
        let _ = writeln!(
            out,
            "<section id=\"forandring\">\n<h2>Förändring från {p_year}</h2>\n<p>Skillnaden mellan vad varje part betalar {year} och {p_year}, i kronor och i procent av {p_year}. Raderna är avgifterna; justeringsposterna (överskott, interna projekt), som inte faktureras, står under dem, och nettot efter dem.</p>"
        );
        let rows: Vec<DivergingRow> = parties
            .iter()
            .map(|p| {
                let f = p.total();
                let change = f.change().unwrap_or_default();
                let label = match f.change_pct() {
                    Some(_) => format!("{} kr ({})", signed(change), signed_pct(f.change_pct())),
                    None => format!("{} kr", signed(change)),
                };
                DivergingRow {
                    label: party_name(p),
                    value: tkr(change),
                    value_label: label,
                }
            })
            .collect();
        let title = format!("Förändring {p_year}–{year} per kommun, tkr");
        let svg = chart_svg::diverging(&Diverging {
            title: &title,
            unit: "tkr",
            rows: &rows,
            increase: "Ökning",
            decrease: "Minskning",
        });
        out.push_str(&figure(&title, &svg));
        out.push_str(
            "<h3>Per verksamhet</h3>\n<table class=\"fees\">\n<thead><tr><th>Not</th><th>Verksamhet</th>",
        );
        fee_heads(out, year, previous);
        out.push_str("</tr></thead>\n<tbody>\n");
        for (i, note) in n.notes.iter().enumerate() {
            let f = &per_note[i];
            if f.current.is_zero() && f.previous.is_none_or(|p| p.is_zero()) {
                continue;
            }
            let _ = write!(
                out,
                "<tr><td class=\"code\">{}</td><td>{}</td>",
                note.number.map(|x| x.to_string()).unwrap_or_default(),
                escape(&note.activity)
            );
            fee_cells(out, f);
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n<tfoot>");
        totals_rows(out, total, self.adjustments, 1);
        out.push_str("</tfoot>\n</table>\n</section>\n");
    }

    /// Each party's activities.
    fn per_party(&self, out: &mut String) {
        let parties = self.parties;
        let r = self.r;
        let n = r.notes;
        let (year, previous) = (n.year, n.previous_year);
        out.push_str("<section id=\"per-kommun\">\n<h2>Per kommun och verksamhet</h2>\n");
        let caption = format!("Avgifter {year} per kommun och verksamhet (kr)");
        out.push_str(&super::matrix::html(r.matrix, &caption));
        for p in parties {
            out.push_str("<div class=\"party\">\n");
            let _ = write!(out, "<h3>{}", escape(&party_name(p)));
            if let Some(code) = p.code {
                let _ = write!(out, " <span class=\"code\">{code}</span>");
            }
            out.push_str("</h3>\n");
            if let Some(count) = p.code.and_then(|c| r.population.count(c)) {
                let _ = writeln!(
                    out,
                    "<p class=\"meta\">Befolkningsunderlag {year}: {} invånare</p>",
                    sv::int(count)
                );
            }
            out.push_str("<table class=\"fees\">\n<thead><tr><th>Verksamhet</th><th class=\"code\">Not</th>");
            fee_heads(out, year, previous);
            out.push_str("</tr></thead>\n<tbody>\n");
            for (i, note) in n.notes.iter().enumerate() {
                let f = &p.fees[i];
                if f.current.is_zero() && f.previous.is_none_or(|p| p.is_zero()) {
                    continue;
                }
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td class=\"code\">{}</td>",
                    escape(&note.activity),
                    note.number.map(|x| x.to_string()).unwrap_or_default()
                );
                fee_cells(out, f);
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n<tfoot><tr><td>Avgifter</td><td></td>");
            fee_cells(out, &p.total());
            out.push_str("</tr></tfoot>\n</table>\n</div>\n");
        }
        out.push_str("</section>\n");
    }

    /// The notes, as `avgift notes` shows them.
    fn notes(&self, out: &mut String) {
        let n = self.r.notes;
        let (year, previous) = (n.year, n.previous_year);
        let _ = writeln!(
            out,
            "<section id=\"noter\">\n<h2>{}</h2>\n<p>Som i årsredovisningen: tusental kronor (tkr), varje rad avrundad från kronor och varje summa från den exakta summan. Justeringsposter ingår men faktureras inte.</p>\n<div class=\"notes\">",
            notes_heading(n)
        );
        for note in &n.notes {
            out.push_str("<div class=\"note\">\n<h3>");
            if let Some(no) = note.number {
                let _ = write!(out, "<span class=\"no\">Not {no}</span> ");
            }
            let _ = write!(
                out,
                "{}</h3>\n<table>\n<thead><tr><th>Tkr</th><th class=\"num\">{year}</th>",
                escape(&note.activity)
            );
            if let Some(p) = previous {
                let _ = write!(out, "<th class=\"num\">{p}</th>");
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for l in &note.lines {
                let mut row = format!(
                    "<td>{}</td><td class=\"num\">{}</td>",
                    escape(&l.label),
                    sv::num(l.current_tkr())
                );
                if previous.is_some() {
                    let _ = write!(
                        row,
                        "<td class=\"num\">{}</td>",
                        l.previous_tkr().map(sv::num).unwrap_or_default()
                    );
                }
                if l.kind == Kind::Total {
                    let _ = writeln!(out, "</tbody>\n<tfoot><tr>{row}</tr></tfoot>");
                } else {
                    let _ = writeln!(out, "<tr>{row}</tr>");
                }
            }
            out.push_str("</table>\n</div>\n");
        }
        out.push_str("</div>\n</section>\n");
    }
}

/// The inputs used: the tool, every file with its SHA-256, the indices and
/// the `--set` overrides.
fn provenance(out: &mut String, t: &Tariff, p: &Provenance) {
    let _ = writeln!(
        out,
        "<section id=\"underlag\">\n<h2>Underlag</h2>\n<p>Rapporten är framställd med {} ur filerna nedan. Samma filer och ändringar ger samma rapport, byte för byte.</p>",
        escape(TOOL)
    );
    out.push_str("<table class=\"files\">\n<thead><tr><th>Underlag</th><th>Fil och SHA-256</th></tr></thead>\n<tbody>\n");
    for f in &p.inputs {
        let role = crate::audit::role_sv(f.role);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}<br><code>{}</code></td></tr>",
            escape(role),
            escape(&f.path.display().to_string()),
            escape(&f.sha256)
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p>Kontrollsumma över alla underlag och ändringar: <code>{}</code></p>",
        p.digest()
    );
    out.push_str("<h3>Index</h3>\n");
    if t.indices.is_empty() {
        out.push_str("<p>Inga.</p>\n");
    } else {
        out.push_str("<table class=\"indices\">\n<thead><tr><th>Index</th><th class=\"num\">Värde</th></tr></thead>\n<tbody>\n");
        for (name, value) in &t.indices {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(name),
                sv::pct(*value)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h3>Ändringar för denna körning</h3>\n");
    if p.described.is_empty() {
        out.push_str("<p>Inga: taxan används som den är skriven.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for o in &p.described {
            let _ = writeln!(out, "<li>{}</li>", escape(o));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// A page of another kind (a plan), in the report's style: a heading, a
/// what-if banner when `banner` has lines, the body, and the inputs.
pub fn page(
    t: &Tariff,
    title: &str,
    lead: &str,
    banner: &[String],
    body: &str,
    provenance: &Provenance,
    recipe: &crate::audit::Recipe,
) -> String {
    let name = escape(&t.name);
    let recipe = recipe.to_line();
    let title = escape(title);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{TOOL}\">\n<!-- {RECIPE_MARK} {recipe} -->\n<title>{title} – {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(
        out,
        "<header>\n<p class=\"assoc\">{name}</p>\n<h1>{title}</h1>\n<p class=\"lead\">{}</p>\n</header>",
        escape(lead)
    );
    whatif_banner(&mut out, banner);
    out.push_str(body);
    provenance_section(&mut out, t, provenance);
    out.push_str("</body>\n</html>\n");
    out
}

/// A banner that says the page shows what-ifs, one line each.
pub fn whatif_banner(out: &mut String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    out.push_str("<div class=\"whatif\" role=\"note\">\n");
    for l in lines {
        let _ = writeln!(out, "<p>{}</p>", escape(l));
    }
    out.push_str("</div>\n");
}

fn provenance_section(out: &mut String, t: &Tariff, p: &Provenance) {
    provenance(out, t, p);
}
