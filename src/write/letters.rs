//! Letters to the members in words: each [`Letter`] as the [`LetterDoc`]
//! the PDF draws, every figure formatted in Swedish, the change put into
//! sentences from `compare`'s effects, each fee's basis as the invoice
//! prints it, the association's three totals beside the party's own.

use rust_decimal::Decimal;

use super::pdf::{Bar, InvoiceLine, LetterDoc, LetterTable, Party, Section};
use crate::engine::compare::ComparisonRow;
use crate::engine::letters::{ActivityRow, ColumnKind, Letter, Letters};
use crate::engine::model::Tariff;
use crate::engine::totals::{change_pct, LABELS};
use crate::engine::Kind;
use crate::sv;

/// What every letter of a run says besides its figures.
pub struct Setting<'a> {
    /// The tariff of the basis year: the issuer and the names.
    pub tariff: &'a Tariff,
    /// What the figures come from (the plan and its scenario, or the tariff).
    pub lead: Vec<String>,
    /// What-if lines (the scenario's changes, `--set`); empty for none.
    pub whatif: Vec<String>,
    /// The plan's or tariff's `[letter] text`, paragraph by paragraph.
    pub text: Vec<String>,
    /// The tool and the inputs' digest.
    pub footer: String,
}

/// A column's head: `2022 utfall`, `2024 förslag`.
pub fn column_label((year, kind): (i32, ColumnKind)) -> String {
    let word = match kind {
        ColumnKind::Actual => "utfall",
        ColumnKind::Budget => "budget",
        ColumnKind::Fee => "avgift",
        ColumnKind::Proposal => "förslag",
        ColumnKind::Plan => "plan",
    };
    format!("{year} {word}")
}

/// The heading: `Medlemsavgift 2024 och plan 2025–2026`, `Medlemsavgift
/// 2023` (`Avgift …` to an external payer).
pub fn heading(l: &Letters, kind: Kind) -> String {
    let what = match kind {
        Kind::External => "Avgift",
        _ => "Medlemsavgift",
    };
    let main = l.columns[l.to].0;
    let plan: Vec<i32> = l
        .columns
        .iter()
        .filter(|(_, k)| *k == ColumnKind::Plan)
        .map(|(y, _)| *y)
        .collect();
    match (plan.first(), plan.last()) {
        (Some(a), Some(b)) if a == b => format!("{what} {main} och plan {a}"),
        (Some(a), Some(b)) => format!("{what} {main} och plan {a}–{b}"),
        _ => format!("{what} {main}"),
    }
}

/// A change in per cent, or a dash where the year before was 0.
fn pct(from: Decimal, to: Decimal) -> String {
    change_pct(from, to).map_or_else(|| "–".to_string(), sv::signed_pct)
}

/// Every letter as the PDF draws it, in the letters' order.
pub fn docs(l: &Letters, s: &Setting) -> Vec<LetterDoc> {
    l.letters.iter().map(|letter| doc(l, letter, s)).collect()
}

/// One letter as the PDF draws it.
fn doc(l: &Letters, letter: &Letter, s: &Setting) -> LetterDoc {
    let labels: Vec<String> = l.columns.iter().map(|c| column_label(*c)).collect();
    let (from, to) = (l.from, l.to);
    let heading = heading(l, letter.kind);
    let summary = format!(
        "{} betalar {} kr {} ({}), {} kr ({}) jämfört med {} ({}).",
        letter.party,
        sv::kr_int(letter.totals[to]),
        l.columns[to].0,
        label_word(&labels[to]),
        sv::signed_kr(letter.change.delta()),
        pct(letter.totals[from], letter.totals[to]),
        l.columns[from].0,
        label_word(&labels[from]),
    );
    LetterDoc {
        issuer: issuer(s.tariff),
        recipient: Party {
            name: letter.party.clone(),
            address: vec![match (letter.code, &letter.payer) {
                (Some(c), _) => format!("Kommunkod {c}"),
                _ => "Extern betalare".to_string(),
            }],
            ..Party::default()
        },
        short_title: format!("{heading} – {}", letter.party),
        heading,
        lead: s.lead.clone(),
        whatif: s.whatif.clone(),
        text: s.text.clone(),
        summary,
        fees: fees(l, letter, &labels),
        chart_title: format!("Avgift per år, kr: {}", letter.party),
        chart: chart(l, letter, &labels),
        explained: std::iter::once(explained(l, letter))
            .chain(plan_years(l, letter))
            .collect(),
        basis_title: format!("Underlag {}, som på fakturan", l.columns[l.basis].0),
        basis: basis(letter),
        association: association(l, &labels),
        footer: s.footer.clone(),
    }
}

/// The association as the letter's sender: the invoices' issuer, named
/// as the tariff names the association where the issuer has no name.
fn issuer(t: &Tariff) -> Party {
    let issuer = &t.invoice.issuer;
    Party {
        name: if issuer.name.trim().is_empty() {
            t.name.clone()
        } else {
            issuer.name.clone()
        },
        org_nr: issuer.org_nr.clone(),
        address: issuer.address.clone(),
        bankgiro: String::new(),
        contact: issuer.contact.clone(),
    }
}

/// The party's fees per activity and year, the change in kronor and per
/// cent, and `Avgifter` under them.
fn fees(l: &Letters, letter: &Letter, labels: &[String]) -> LetterTable {
    let (from, to) = (l.from, l.to);
    let mut heads = vec!["Verksamhet".to_string()];
    heads.extend(labels.iter().cloned());
    heads.push("Ändring, kr".to_string());
    heads.push("Ändring, %".to_string());
    let row = |label: &str, amounts: &[Decimal]| {
        let mut r = vec![label.to_string()];
        r.extend(amounts.iter().map(|a| sv::kr_int(*a)));
        r.push(sv::signed_kr(amounts[to] - amounts[from]));
        r.push(pct(amounts[from], amounts[to]));
        r
    };
    LetterTable {
        title: format!(
            "Avgift per verksamhet och år, kr; ändring {}–{}",
            l.columns[from].0, l.columns[to].0
        ),
        heads,
        rows: letter
            .activities
            .iter()
            .map(|a| row(&a.name, &a.amounts))
            .collect(),
        foot: vec![row(LABELS[0], &letter.totals)],
    }
}

/// A bar per year of the party's total, the letter's own year marked.
fn chart(l: &Letters, letter: &Letter, labels: &[String]) -> Vec<Bar> {
    let highest = letter.totals.iter().copied().fold(Decimal::ZERO, Decimal::max);
    letter
        .totals
        .iter()
        .zip(labels)
        .zip(&l.columns)
        .map(|((total, label), (_, kind))| Bar {
            label: label.clone(),
            main: matches!(kind, ColumnKind::Proposal | ColumnKind::Fee),
            value: format!("{} kr", sv::kr_int(*total)),
            height: if highest > Decimal::ZERO {
                (*total).max(Decimal::ZERO) / highest
            } else {
                Decimal::ZERO
            },
        })
        .collect()
}

/// Each line of the basis year, labelled as the invoice labels it: the
/// charge named where the activity has several lines.
fn basis(letter: &Letter) -> Vec<InvoiceLine> {
    letter
        .activities
        .iter()
        .flat_map(|a| {
            let several = a.basis.len() > 1;
            a.basis.iter().map(move |(charge, basis, amount)| InvoiceLine {
                activity: if several {
                    format!("{}: {charge}", a.name)
                } else {
                    a.name.clone()
                },
                basis: basis.clone(),
                amount: format!("{} kr", sv::kr_int(*amount)),
            })
        })
        .collect()
}

/// The association's three totals per year.
fn association(l: &Letters, labels: &[String]) -> LetterTable {
    let row = |k: usize| -> Vec<String> {
        std::iter::once(LABELS[k].to_string())
            .chain(l.association.iter().map(|t| sv::kr_int(t.rows()[k])))
            .collect()
    };
    LetterTable {
        title: "Förbundet totalt, kr".to_string(),
        heads: std::iter::once(String::new())
            .chain(labels.iter().cloned())
            .collect(),
        rows: vec![row(0), row(1)],
        foot: vec![row(2)],
    }
}

/// `utfall` of `2022 utfall`.
fn label_word(label: &str) -> &str {
    label.split_once(' ').map_or(label, |(_, w)| w)
}

/// The change per activity in words, each effect that is not zero on a
/// line of its own with its kronor: they add up to the activity's change.
fn explained(l: &Letters, letter: &Letter) -> Section {
    let (a, b) = (l.columns[l.from].0, l.columns[l.to].0);
    let mut lines = Vec::new();
    if let Some((was, is)) = letter.inhabitants {
        lines.push(format!(
            "Befolkningsunderlag: {} invånare {a}, {} invånare {b}.",
            sv::int(was),
            sv::int(is)
        ));
    }
    let changed: Vec<&ActivityRow> = letter
        .activities
        .iter()
        .filter(|x| !x.change.delta().is_zero())
        .collect();
    if changed.is_empty() {
        lines.push(format!("Avgifterna är desamma {a} och {b}."));
    }
    for x in changed {
        lines.push(format!(
            "{}: {} kr ({})",
            x.name,
            sv::signed_kr(x.change.delta()),
            pct(x.change.a, x.change.b)
        ));
        lines.extend(effects(
            &x.change,
            &x.indices,
            letter.inhabitants,
            l.columns[l.from].1,
        ));
    }
    lines.push(format!(
        "Sammanlagt {} kr ({}).",
        sv::signed_kr(letter.change.delta()),
        pct(letter.change.a, letter.change.b)
    ));
    Section {
        title: format!("Förändringen {a}–{b} förklarad"),
        lines,
    }
}

/// Each later plan year's change from the year before, in all
/// activities, with its effects in words; none without later plan years.
fn plan_years(l: &Letters, letter: &Letter) -> Option<Section> {
    if letter.steps.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    for (&(a, b), (change, inhabitants)) in l.steps.iter().zip(&letter.steps) {
        lines.push(format!(
            "{}–{}: {} kr ({})",
            l.columns[a].0,
            l.columns[b].0,
            sv::signed_kr(change.delta()),
            pct(change.a, change.b)
        ));
        lines.extend(effects(change, &[], *inhabitants, l.columns[a].1));
    }
    Some(Section {
        title: "Planåren förklarade".to_string(),
        lines,
    })
}

/// Each effect of a change that is not zero, in words, led by a dash.
fn effects(
    r: &ComparisonRow,
    indices: &[(String, Decimal)],
    inhabitants: Option<(u64, u64)>,
    from: ColumnKind,
) -> Vec<String> {
    let kr = |d: Decimal| format!("{} kr", sv::signed_kr(d));
    let mut out = Vec::new();
    let mut say = |amount: Decimal, words: String| {
        if !amount.is_zero() {
            out.push(format!("– {words}: {}", kr(amount)));
        }
    };
    let population = match inhabitants {
        Some((was, is)) if is > was => format!("Befolkningen ökade med {} invånare", sv::int(is - was)),
        Some((was, is)) if is < was => format!("Befolkningen minskade med {} invånare", sv::int(was - is)),
        _ => "Ändrad befolkning".to_string(),
    };
    say(r.population_effect, population);
    say(r.rate_effect, "Ändrad avgift per invånare".to_string());
    let participation = if r.a.is_zero() {
        "Ny i verksamheten".to_string()
    } else if r.b.is_zero() {
        "Lämnar verksamheten".to_string()
    } else {
        "Ändrat deltagande i avgifterna".to_string()
    };
    say(r.participation_effect, participation);
    let index = match indices {
        [] => "Indexuppräkning".to_string(),
        list => format!(
            "Indexuppräkning ({})",
            list.iter()
                .map(|(name, v)| format!("{name} {}", sv::pct(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    say(r.index_effect, index);
    say(r.previous_effect, "Föregående års belopp uppräknat".to_string());
    say(r.adjustment_effect, "Justeringar".to_string());
    say(
        r.apportionment_effect,
        "Andel av fördelat belopp och avrundning".to_string(),
    );
    let other = match from {
        ColumnKind::Actual | ColumnKind::Budget => {
            "Förändring mot ett utfall eller en budget utan taxor att förklara med".to_string()
        }
        _ => "Övrigt".to_string(),
    };
    say(r.other_effect, other);
    out
}
