//! `avgift model`: the tariff as a live workbook. Every input is a yellow
//! cell with a defined name on `Indata`; `Beräkning` computes each charge
//! with formulas that follow docs/tariff-format.md step by step; `Rader`,
//! `Per kommun`, `Per verksamhet` and `Noter` are formulas over it. Each
//! formula's stored result is what the same arithmetic gives in exact
//! integers here, and the generator checks that every line equals the
//! engine's before it writes anything: a tariff the formulas cannot follow
//! exactly is refused, never written.
//!
//! Doubles: see [`exact`] for why the formulas give the engine's result to
//! the krona, half kronor included. In short, every tariff value becomes a
//! whole number of small units (öre, or finer when a value has more
//! decimals), every step is integer arithmetic below 2·10^14, floor division
//! is corrected by exact comparisons, and halves are decided on integers.
//!
//! What the planner may change: every yellow value (rates, tier limits,
//! fixed amounts, floors, caps, totals, weight shares, data weights,
//! agreements, last year's amounts, external amounts and shares, split
//! shares, indices, populations, adjustments), keeping at most the decimals
//! `Indata` states for each. The structure (who takes part, which groups,
//! which rule, which bases and activities) is the tariff's: change it there
//! and run `avgift model` again.

pub mod exact;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, Formula, Worksheet, XlsxError};

use self::exact::{decimals, floor_div, floor_div_f, pow10, round_half, round_half_f, units, units_f, LIMIT};
use super::xlsx::{self, cell, quote_sheet, ColNum, RowNum, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::model::{Charge, External, Rates, Rule, Schedule, Target};
use crate::engine::notes::Notes;
use crate::engine::{Actuals, Code, Kind, Outcome, Population, Tariff};
use crate::sv;

/// Everything the model is made from.
pub struct ModelInputs<'a> {
    pub tariff: &'a Tariff,
    pub population: &'a Population,
    pub actuals: Option<&'a Actuals>,
    pub outcome: &'a Outcome,
    pub notes: &'a Notes,
    pub sources: &'a [Source<'a>],
}

/// Why no workbook was written.
#[derive(Debug)]
pub enum ModelError {
    /// The tariff cannot be modelled exactly (exit 2).
    Refused(Diagnostics),
    /// The workbook could not be made (exit 1).
    Xlsx(XlsxError),
}

impl From<XlsxError> for ModelError {
    fn from(e: XlsxError) -> Self {
        ModelError::Xlsx(e)
    }
}

const INDATA: &str = "Indata";
const CALC: &str = "Beräkning";
const LINES: &str = "Rader";
/// The amount column of `Rader`.
const LINE_AMOUNT: ColNum = 8;

/// How a number is shown.
#[derive(Clone, Copy)]
enum Fmt {
    /// Whole kronor: `2 588 kr`.
    Kr,
    /// A whole number: `114 091`.
    Int,
    /// A rate or an amount with decimals: `6,53`.
    Dec,
    /// A percentage: `2,50 %`.
    Pct,
}

struct Formats {
    text: Format,
    bold: Format,
    number: [Format; 4],
    input: [Format; 4],
}

impl Formats {
    fn new() -> Formats {
        let codes = ["#,##0 \"kr\"", "#,##0", "#,##0.00######", "0.00####%"];
        let yellow = Color::RGB(0x00FF_F299);
        Formats {
            text: Format::new(),
            bold: Format::new().set_bold(),
            number: codes.map(|c| Format::new().set_num_format(c)),
            input: codes.map(|c| Format::new().set_num_format(c).set_background_color(yellow)),
        }
    }
}

fn slot(f: Fmt) -> usize {
    match f {
        Fmt::Kr => 0,
        Fmt::Int => 1,
        Fmt::Dec => 2,
        Fmt::Pct => 3,
    }
}

/// A worksheet being filled.
struct Grid {
    ws: Worksheet,
}

impl Grid {
    fn new(name: &str, widths: &[f64]) -> Result<Grid, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_formula_result_default("");
        for (c, w) in (0..).zip(widths) {
            ws.set_column_width(c, *w)?;
        }
        Ok(Grid { ws })
    }

    fn text(&mut self, f: &Formats, r: RowNum, c: ColNum, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string_with_format(r, c, s, &f.text)?;
        }
        Ok(())
    }

    fn bold(&mut self, f: &Formats, r: RowNum, c: ColNum, s: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(r, c, s, &f.bold)?;
        Ok(())
    }

    fn header(&mut self, f: &Formats, r: RowNum, titles: &[&str]) -> Result<(), XlsxError> {
        for (c, t) in (0..).zip(titles) {
            self.bold(f, r, c, t)?;
        }
        Ok(())
    }

    fn number(&mut self, f: &Formats, r: RowNum, c: ColNum, v: Decimal, fmt: Fmt) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(r, c, xlsx::number(v), &f.number[slot(fmt)])?;
        Ok(())
    }

    fn input(&mut self, f: &Formats, r: RowNum, c: ColNum, v: Decimal, fmt: Fmt) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(r, c, xlsx::number(v), &f.input[slot(fmt)])?;
        Ok(())
    }

    fn formula(
        &mut self,
        f: &Formats,
        r: RowNum,
        c: ColNum,
        formula: &str,
        v: Decimal,
        fmt: Fmt,
    ) -> Result<(), XlsxError> {
        let formula = Formula::new(formula).set_result(v.normalize().to_string());
        self.ws
            .write_formula_with_format(r, c, formula, &f.number[slot(fmt)])?;
        Ok(())
    }

    /// An integer helper cell.
    fn int(&mut self, f: &Formats, r: RowNum, c: ColNum, formula: &str, v: i128) -> Result<(), XlsxError> {
        self.formula(f, r, c, formula, Decimal::from_i128_with_scale(v, 0), Fmt::Int)
    }
}

/// Where a line's amount is computed: (charge, kind, code or payer id,
/// activity).
type LineKey = (String, Kind, String, String);

/// The workbook being made.
struct Book<'a> {
    m: &'a ModelInputs<'a>,
    f: Formats,
    indata: Grid,
    calc: Grid,
    in_row: RowNum,
    calc_row: RowNum,
    names: Vec<(String, String)>,
    taken: BTreeSet<String>,
    /// The defined name of each municipality's population.
    inv: BTreeMap<Code, String>,
    /// The defined name of each index.
    index: BTreeMap<String, String>,
    /// The defined name of each adjustment, by (activity, label).
    adjustments: BTreeMap<(String, String), String>,
    /// Each line's cell on `Beräkning` and the krona amount it holds.
    cells: BTreeMap<LineKey, (String, i128)>,
    problems: Diagnostics,
}

/// A tier's limit (defined name, value), if any, and its rate's name and value.
type TierInputs = (Option<(String, u64)>, String, Decimal);

/// A participant's row: code, amount formula and value in units, and the
/// population cell's formula and value.
type AssessedRow = (Code, String, i128, Option<(String, i128)>);

/// An apportionment basis's constant cells (a, X, A·X, u, v) and the values
/// of A·X, u, v and X.
type BasisCells = (String, String, String, String, String, i128, i128, i128, i128);

/// A per-inhabitant schedule's inputs: defined names and values.
enum Sched {
    Flat(String, Decimal),
    /// Each tier's limit (name, value) and rate (name, value).
    Tiers(Vec<TierInputs>),
}

/// The workbook of the model.
pub fn xlsx(m: &ModelInputs) -> Result<Vec<u8>, ModelError> {
    let t = m.tariff;
    let mut b = Book {
        m,
        f: Formats::new(),
        indata: Grid::new(INDATA, &[34.0, 36.0, 16.0, 30.0, 20.0])?,
        calc: Grid::new(
            CALC,
            &[12.0, 22.0, 14.0, 18.0, 18.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0],
        )?,
        in_row: 0,
        calc_row: 0,
        names: Vec::new(),
        taken: BTreeSet::new(),
        inv: BTreeMap::new(),
        index: BTreeMap::new(),
        adjustments: BTreeMap::new(),
        cells: BTreeMap::new(),
        problems: Diagnostics::new(),
    };
    b.indata.header(
        &b.f,
        0,
        &["Uppgift", "Nyckel i taxan", "Värde", "Anmärkning", "Kontroll"],
    )?;
    b.indata.ws.set_freeze_panes(1, 0)?;
    b.in_row = 1;
    b.inputs_common()?;
    for (id, charge) in &t.charges {
        b.charge(id, charge)?;
    }
    if !b.problems.is_empty() {
        return Err(ModelError::Refused(b.problems));
    }
    b.check_notes();
    let (lines, rows) = b.lines_sheet()?;
    if !b.problems.is_empty() {
        return Err(ModelError::Refused(b.problems));
    }
    let per_party = b.parties_sheet(&rows)?;
    let per_activity = b.activities_sheet(&rows)?;
    let notes = b.notes_sheet(&rows)?;
    let underlag = xlsx::underlag_with_intro(m.sources, &instructions(), &[])?;
    let sheets = vec![
        underlag,
        b.indata.ws,
        b.calc.ws,
        lines,
        per_party,
        per_activity,
        notes,
    ];
    Ok(xlsx::workbook_with_names(
        &format!("{} – modell {}", t.name, t.year),
        t.year,
        sheets,
        m.sources,
        &b.names,
    )?)
}

/// What the `Underlag` sheet says about using the model.
fn instructions() -> Vec<String> {
    [
        "Så används modellen",
        "Detta är en levande modell av taxan: ändra de gula cellerna på bladet Indata, så räknas alla avgifter om.",
        "Indata: index, varje avgifts satser, trappsteg, fasta belopp, golv, tak, totaler, andelar, avtal och externa belopp, kommunernas invånare och vikter, fjolårets belopp och justeringar. Varje värde har ett namn (Formler > Namnhanteraren).",
        "Skriv högst så många decimaler som kolumnen Anmärkning anger: modellen räknar i hela öre (eller mindre enheter) för att avrunda exakt som avgift.",
        "Beräkning: varje avgift steg för steg i hela enheter, golv och sedan tak, avrundning till hela kronor (0,5 bort från noll), externa betalare på kommunernas avrundade summa, fördelning och delning efter största rest (lika rest: lägre kod eller verksamhet först).",
        "Rader, Per kommun, Per verksamhet och Noter (tkr) är formler över Beräkning. Sortera inte bladet Rader: summorna pekar på dess rader.",
        "Vilka som deltar, grupper, regeltyper och verksamheter ändras i taxan; kör sedan avgift model igen. Texten i kolumnen Underlag på Rader beskriver taxans värden och följer inte ändringar.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A defined name from a hint: letters, digits and `_`, unique.
fn clean(hint: &str) -> String {
    hint.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn max_dec(values: impl IntoIterator<Item = Decimal>, at_least: u32) -> u32 {
    values.into_iter().map(decimals).fold(at_least, u32::max)
}

/// How many decimals a value may have, as the planner reads it.
/// What an input may hold: the text beside it, and the multiplier that
/// must make it a whole number.
#[derive(Clone)]
struct Allowed {
    text: String,
    step: i128,
}

impl Allowed {
    fn dec(k: u32) -> Allowed {
        Allowed {
            text: decimals_note(k, false),
            step: pow10(k),
        }
    }

    fn pct(k: u32) -> Allowed {
        Allowed {
            text: decimals_note(k, true),
            step: pow10(k),
        }
    }
}

fn decimals_note(k: u32, pct: bool) -> String {
    if pct {
        format!("procent, högst {} decimaler", k.saturating_sub(2))
    } else if k == 0 {
        "heltal".to_string()
    } else {
        format!("högst {k} decimaler")
    }
}

impl Book<'_> {
    fn name(&mut self, hint: &str) -> String {
        let base = clean(hint);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_lowercase()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// An input row on `Indata`; returns its defined name.
    fn input(
        &mut self,
        label: &str,
        key: &str,
        value: Decimal,
        fmt: Fmt,
        allowed: Allowed,
        hint: &str,
    ) -> Result<String, XlsxError> {
        let r = self.in_row;
        self.indata.text(&self.f, r, 0, label)?;
        self.indata.text(&self.f, r, 1, key)?;
        self.indata.input(&self.f, r, 2, value, fmt)?;
        self.indata.text(&self.f, r, 3, &allowed.text)?;
        // A value the model cannot take exactly is flagged beside it.
        let scaled = format!("{}*{}", cell(r, 2), allowed.step);
        let check = format!(
            "IF(ABS({scaled}-ROUND({scaled},0))>0.000000001*MAX(1,ABS({scaled})),\"För många decimaler\",\"\")"
        );
        self.indata
            .ws
            .write_formula(r, 4, Formula::new(check).set_result(""))?;
        self.in_row += 1;
        let name = self.name(hint);
        self.names.push((name.clone(), format!("={INDATA}!$C${}", r + 1)));
        Ok(name)
    }

    fn in_title(&mut self, title: &str) -> Result<(), XlsxError> {
        self.in_row += 1;
        self.indata.bold(&self.f, self.in_row, 0, title)?;
        self.in_row += 1;
        Ok(())
    }

    fn refuse(&mut self, key: String, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(message).for_key(key));
    }

    /// Checks that an integer a formula forms stays exact.
    fn fits(&mut self, id: &str, v: i128) -> bool {
        if v.abs() <= LIMIT {
            return true;
        }
        if !self
            .problems
            .0
            .iter()
            .any(|p| p.key.as_deref() == Some(&format!("charges.{id}")))
        {
            self.refuse(
                format!("charges.{id}"),
                format!(
                    "cannot be modelled exactly: its formulas would need whole numbers up to {}, beyond the {} a spreadsheet computes exactly here",
                    v.abs(),
                    LIMIT
                ),
            );
        }
        false
    }

    fn name_of(&self, code: Code) -> String {
        match self.m.population.get(code) {
            Some(row) if !row.name.is_empty() => row.name.clone(),
            _ => code.to_string(),
        }
    }

    /// Indices, populations and adjustments.
    fn inputs_common(&mut self) -> Result<(), XlsxError> {
        let t = self.m.tariff;
        if !t.indices.is_empty() {
            self.in_title("Index")?;
            for (name, value) in &t.indices {
                let k = decimals(*value).max(4);
                let n = self.input(
                    &format!("Index {name}"),
                    &format!("indices.{name}"),
                    *value,
                    Fmt::Pct,
                    Allowed::pct(k),
                    &format!("index_{name}"),
                )?;
                self.index.insert(name.clone(), n);
            }
        }
        // Populations of every municipality a rule reads them for.
        let mut counted: BTreeSet<Code> = BTreeSet::new();
        for charge in t.charges.values() {
            let uses = match &charge.rule {
                Rule::PerInhabitant { .. } => true,
                Rule::Apportion { weights, .. } => !weights.population.is_zero(),
                _ => false,
            };
            if uses {
                counted.extend(t.participants(charge));
            }
        }
        if !counted.is_empty() {
            self.in_title("Invånare per kommun")?;
            for code in counted {
                let Some(count) = self.m.population.count(code) else {
                    continue;
                };
                let n = self.input(
                    &format!("{code} {}", self.name_of(code)),
                    "invånare",
                    Decimal::from(count),
                    Fmt::Int,
                    Allowed::dec(0),
                    &format!("inv_{code}"),
                )?;
                self.inv.insert(code, n);
            }
        }
        if !t.adjustments.is_empty() {
            self.in_title("Justeringar (faktureras ej)")?;
            for (i, a) in t.adjustments.iter().enumerate() {
                let k = decimals(a.amount).max(2);
                let n = self.input(
                    &format!("{}: {}", a.activity, a.label),
                    &format!("adjustments[{i}].amount"),
                    a.amount,
                    Fmt::Dec,
                    Allowed::dec(k),
                    &format!("justering_{}", i + 1),
                )?;
                self.adjustments.insert((a.activity.clone(), a.label.clone()), n);
            }
        }
        Ok(())
    }

    fn calc_title(&mut self, title: &str, headers: &[&str]) -> Result<(), XlsxError> {
        self.calc_row += 1;
        self.calc.bold(&self.f, self.calc_row, 0, title)?;
        self.calc_row += 1;
        self.calc.header(&self.f, self.calc_row, headers)?;
        self.calc_row += 1;
        Ok(())
    }

    /// One charge: its inputs on `Indata`, its computation on `Beräkning`.
    fn charge(&mut self, id: &str, charge: &Charge) -> Result<(), XlsxError> {
        let t = self.m.tariff;
        let title = match &charge.name {
            Some(n) => format!("Avgift {id}: {n}"),
            None => format!("Avgift {id}"),
        };
        self.in_title(&title)?;
        let participants = t.participants(charge);
        let key = |f: &str| format!("charges.{id}.{f}");
        let hint = |f: &str| format!("avg_{id}_{f}");

        // Municipalities' whole kronor: (code, cell, kr).
        let wholes: Vec<(Code, String, i128)> = match &charge.rule {
            Rule::Apportion { total, weights } => {
                self.apportion(id, charge, *total, weights, &participants)?
            }
            rule => self.assessed(id, charge, rule, &participants, key, hint)?,
        };
        // External payers.
        let mut parties: Vec<(Kind, String, String, String, i128)> = wholes
            .iter()
            .map(|(c, cell, kr)| {
                (
                    Kind::Municipality,
                    c.to_string(),
                    self.name_of(*c),
                    cell.clone(),
                    *kr,
                )
            })
            .collect();
        if !charge.external.is_empty() {
            let first = wholes.first().map(|w| w.1.clone()).unwrap_or_default();
            let last = wholes.last().map(|w| w.1.clone()).unwrap_or_default();
            let sum_f = format!("SUM({first}:{last})");
            let m_total: i128 = wholes.iter().map(|w| w.2).sum();
            for (payer, ext) in &charge.external {
                let pname = t.payers.get(payer).map_or(payer.clone(), |p| p.name.clone());
                let r = self.calc_row;
                self.calc.text(&self.f, r, 0, payer)?;
                self.calc.text(&self.f, r, 1, &format!("{pname} (extern)"))?;
                let (n_f, n, d) = match ext {
                    External::Amount(a) => {
                        let k = decimals(*a).max(2);
                        let name = self.input(
                            &format!("{pname}: fast belopp"),
                            &format!("charges.{id}.external.{payer}.amount"),
                            *a,
                            Fmt::Dec,
                            Allowed::dec(k),
                            &format!("avg_{id}_ext_{payer}"),
                        )?;
                        (units_f(&name, k), units(*a, k).unwrap_or(0), pow10(k))
                    }
                    External::Share(s) => {
                        let k = decimals(*s).max(4);
                        let name = self.input(
                            &format!("{pname}: andel av kommunernas summa"),
                            &format!("charges.{id}.external.{payer}.share"),
                            *s,
                            Fmt::Pct,
                            Allowed::pct(k),
                            &format!("avg_{id}_ext_{payer}"),
                        )?;
                        self.calc.int(&self.f, r, 2, &sum_f, m_total)?;
                        let su = units(*s, k).unwrap_or(0);
                        (
                            format!("{}*{}", cell(r, 2), units_f(&name, k)),
                            m_total * su,
                            pow10(k),
                        )
                    }
                };
                self.fits(id, 2 * n.abs() + 2 * d);
                self.calc.int(&self.f, r, 3, &n_f, n)?;
                let kr = round_half(n, d);
                self.calc.int(&self.f, r, 5, &round_half_f(&cell(r, 3), d), kr)?;
                parties.push((Kind::External, payer.clone(), pname, cell(r, 5), kr));
                self.calc_row += 1;
            }
        }
        match &charge.target {
            Target::Activity(a) => {
                for (kind, k, _, cellref, kr) in parties {
                    self.cells
                        .insert((id.to_string(), kind, k, a.clone()), (cellref, kr));
                }
            }
            Target::Split(shares) => self.split(id, shares, &parties)?,
        }
        Ok(())
    }

    /// Rules that give each participant an exact amount: per inhabitant,
    /// fixed, agreement, previous. Floor, cap and rounding follow.
    #[allow(clippy::too_many_arguments)]
    fn assessed(
        &mut self,
        id: &str,
        charge: &Charge,
        rule: &Rule,
        participants: &[Code],
        key: impl Fn(&str) -> String,
        hint: impl Fn(&str) -> String,
    ) -> Result<Vec<(Code, String, i128)>, XlsxError> {
        let t = self.m.tariff;
        let limits: Vec<Decimal> = charge.floor.iter().chain(charge.cap.iter()).copied().collect();
        // Per participant: the formula and value of the amount in units.
        let mut rows: Vec<AssessedRow> = Vec::new();
        let d: i128;
        match rule {
            Rule::PerInhabitant { rates, fixed } => {
                let all_rates: Vec<Decimal> = match rates {
                    Rates::Uniform(s) => sched_rates(s),
                    Rates::ByGroup(by) => by.values().flat_map(sched_rates).collect(),
                };
                let k = max_dec(
                    all_rates
                        .into_iter()
                        .chain([*fixed])
                        .chain(limits.iter().copied()),
                    2,
                );
                d = pow10(k);
                let note = Allowed::dec(k);
                let scheds: BTreeMap<Option<String>, (Sched, &Schedule)> = match rates {
                    Rates::Uniform(s) => {
                        let sc = self.schedule(s, "", &key("rate"), &hint("rate"), &note)?;
                        [(None, (sc, s))].into_iter().collect()
                    }
                    Rates::ByGroup(by) => {
                        let mut out = BTreeMap::new();
                        for (g, s) in by {
                            let sc = self.schedule(
                                s,
                                &format!("grupp {g}: "),
                                &key(&format!("rates.{g}")),
                                &hint(&format!("rate_{g}")),
                                &note,
                            )?;
                            out.insert(Some(g.clone()), (sc, s));
                        }
                        out
                    }
                };
                let fixed_name = self.input(
                    "Fast del per kommun, kr",
                    &key("fixed"),
                    *fixed,
                    Fmt::Dec,
                    note.clone(),
                    &hint("fixed"),
                )?;
                let fixed_u = units(*fixed, k).unwrap_or(0);
                for &code in participants {
                    let group = match rates {
                        Rates::Uniform(_) => None,
                        Rates::ByGroup(by) => by
                            .keys()
                            .find(|g| t.groups.get(*g).is_some_and(|m| m.contains(&code)))
                            .cloned(),
                    };
                    let Some((sched, _)) = scheds.get(&group) else {
                        continue;
                    };
                    let Some(inv) = self.inv.get(&code).cloned() else {
                        continue;
                    };
                    let count = i128::from(self.m.population.count(code).unwrap_or(0));
                    // Rows start below the block's blank, title and header rows.
                    let r = self.calc_row + 3 + rows.len() as RowNum;
                    let c = cell(r, 2);
                    let (f, v) = match sched {
                        Sched::Flat(name, rate) => (
                            format!("{c}*{}+{}", units_f(name, k), units_f(&fixed_name, k)),
                            count * units(*rate, k).unwrap_or(0) + fixed_u,
                        ),
                        Sched::Tiers(tiers) => {
                            let mut terms = Vec::new();
                            let mut v = fixed_u;
                            let (mut lower_f, mut lower_v) = ("0".to_string(), 0i128);
                            for (up, rate_name, rate) in tiers {
                                let ru = units(*rate, k).unwrap_or(0);
                                match up {
                                    Some((up_name, up_v)) => {
                                        terms.push(format!(
                                            "MAX(0,MIN({c},{up_name})-{lower_f})*{}",
                                            units_f(rate_name, k)
                                        ));
                                        let up_v = i128::from(*up_v);
                                        v += (count.min(up_v) - lower_v).max(0) * ru;
                                        lower_f = up_name.clone();
                                        lower_v = up_v;
                                    }
                                    None => {
                                        terms.push(format!("MAX(0,{c}-{lower_f})*{}", units_f(rate_name, k)));
                                        v += (count - lower_v).max(0) * ru;
                                    }
                                }
                            }
                            terms.push(units_f(&fixed_name, k));
                            (terms.join("+"), v)
                        }
                    };
                    rows.push((code, f, v, Some((format!("={inv}"), count))));
                }
            }
            Rule::Fixed { amount } => {
                let k = max_dec([*amount].into_iter().chain(limits.iter().copied()), 2);
                d = pow10(k);
                let name = self.input(
                    "Belopp per kommun, kr",
                    &key("amount"),
                    *amount,
                    Fmt::Dec,
                    Allowed::dec(k),
                    &hint("amount"),
                )?;
                let u = units(*amount, k).unwrap_or(0);
                for &code in participants {
                    rows.push((code, units_f(&name, k), u, None));
                }
            }
            Rule::Agreement { amounts } => {
                let k = max_dec(amounts.values().copied().chain(limits.iter().copied()), 2);
                d = pow10(k);
                let note = Allowed::dec(k);
                for &code in participants {
                    let a = amounts.get(&code).copied().unwrap_or_default();
                    let name = self.input(
                        &format!("Avtal {code} {}, kr", self.name_of(code)),
                        &key(&format!("amounts.{code}")),
                        a,
                        Fmt::Dec,
                        note.clone(),
                        &hint(&format!("avtal_{code}")),
                    )?;
                    rows.push((code, units_f(&name, k), units(a, k).unwrap_or(0), None));
                }
            }
            Rule::Previous { activity, index } => {
                let from = activity.clone().or_else(|| match &charge.target {
                    Target::Activity(a) => Some(a.clone()),
                    Target::Split(_) => None,
                });
                let from_name = from
                    .as_ref()
                    .and_then(|a| t.activities.get(a))
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                let last = self
                    .m
                    .actuals
                    .map(|a| a.municipality_amounts(&from_name))
                    .unwrap_or_default();
                let idx = t.indices.get(index).copied().unwrap_or_default();
                let b = decimals(idx).max(4);
                let mut a = max_dec(participants.iter().filter_map(|c| last.get(c).copied()), 2);
                for l in &limits {
                    a = a.max(decimals(*l).saturating_sub(b));
                }
                d = pow10(a + b);
                let idx_name = self.index.get(index).cloned().unwrap_or_default();
                let factor_f = format!("({}+{})", pow10(b), units_f(&idx_name, b));
                let factor = pow10(b) + units(idx, b).unwrap_or(0);
                let year = self.m.actuals.and_then(|x| x.year).unwrap_or(t.year - 1);
                let note = Allowed::dec(a);
                for &code in participants {
                    let l = last.get(&code).copied().unwrap_or_default();
                    let name = self.input(
                        &format!("{code} {} {year}, kr", self.name_of(code)),
                        &format!("utfall {year}: {from_name}"),
                        l,
                        Fmt::Dec,
                        note.clone(),
                        &hint(&format!("fjol_{code}")),
                    )?;
                    rows.push((
                        code,
                        format!("{}*{factor_f}", units_f(&name, a)),
                        units(l, a).unwrap_or(0) * factor,
                        None,
                    ));
                }
            }
            Rule::Apportion { .. } => unreachable!("apportion has its own layout"),
        }
        let k_lim = d.ilog10();
        let note = Allowed::dec(k_lim);
        let floor = match charge.floor {
            Some(v) => Some((
                self.input(
                    "Golv per kommun, kr",
                    &key("floor"),
                    v,
                    Fmt::Dec,
                    note.clone(),
                    &hint("floor"),
                )?,
                units(v, k_lim).unwrap_or(0),
            )),
            None => None,
        };
        let cap = match charge.cap {
            Some(v) => Some((
                self.input(
                    "Tak per kommun, kr",
                    &key("cap"),
                    v,
                    Fmt::Dec,
                    note.clone(),
                    &hint("cap"),
                )?,
                units(v, k_lim).unwrap_or(0),
            )),
            None => None,
        };
        self.calc_title(
            &format!("Avgift {id} (enhet 1/{} kr)", sv::int(d as u64)),
            &[
                "Kod",
                "Kommun",
                "Invånare",
                "Belopp, enheter",
                "Efter golv/tak",
                "Avgift, kr",
            ],
        )?;
        let mut out = Vec::new();
        for (code, f, v, inv) in rows {
            let r = self.calc_row;
            self.calc.text(&self.f, r, 0, &code.to_string())?;
            self.calc.text(&self.f, r, 1, &self.name_of(code))?;
            if let Some((inv_f, count)) = inv {
                self.calc.int(&self.f, r, 2, &inv_f, count)?;
            }
            self.calc.int(&self.f, r, 3, &f, v)?;
            let mut lim_f = cell(r, 3);
            let mut lim = v;
            if let Some((name, u)) = &floor {
                lim_f = format!("MAX({lim_f},{})", units_f(name, k_lim));
                lim = lim.max(*u);
            }
            if let Some((name, u)) = &cap {
                lim_f = format!("MIN({lim_f},{})", units_f(name, k_lim));
                lim = lim.min(*u);
            }
            self.calc.int(&self.f, r, 4, &lim_f, lim)?;
            self.fits(id, 2 * v.abs() + 2 * d);
            self.fits(id, 2 * lim.abs() + 2 * d);
            let kr = round_half(lim, d);
            self.calc.int(&self.f, r, 5, &round_half_f(&cell(r, 4), d), kr)?;
            out.push((code, cell(r, 5), kr));
            self.calc_row += 1;
        }
        Ok(out)
    }

    /// A schedule's inputs: a flat rate, or each tier's limit and rate.
    fn schedule(
        &mut self,
        s: &Schedule,
        label: &str,
        key: &str,
        hint: &str,
        note: &Allowed,
    ) -> Result<Sched, XlsxError> {
        Ok(match s {
            Schedule::Flat(r) => Sched::Flat(
                self.input(
                    &format!("{label}kr per invånare"),
                    key,
                    *r,
                    Fmt::Dec,
                    note.clone(),
                    hint,
                )?,
                *r,
            ),
            Schedule::Tiers(tiers) => {
                let mut out = Vec::new();
                for (i, tier) in tiers.iter().enumerate() {
                    let up = match tier.up_to {
                        Some(u) => Some((
                            self.input(
                                &format!("{label}steg {}: upp till, invånare", i + 1),
                                &format!("{key}[{i}].up_to"),
                                Decimal::from(u),
                                Fmt::Int,
                                Allowed {
                                    text: "heltal, stigande".into(),
                                    step: 1,
                                },
                                &format!("{hint}_steg{}_upp_till", i + 1),
                            )?,
                            u,
                        )),
                        None => None,
                    };
                    let rate = self.input(
                        &format!("{label}steg {}: kr per invånare", i + 1),
                        &format!("{key}[{i}].rate"),
                        tier.rate,
                        Fmt::Dec,
                        note.clone(),
                        &format!("{hint}_steg{}", i + 1),
                    )?;
                    out.push((up, rate, tier.rate));
                }
                Sched::Tiers(out)
            }
        })
    }

    /// An apportionment: whole kronor by largest remainder over the bases
    /// in use, in exact integers (see the module `exact`).
    fn apportion(
        &mut self,
        id: &str,
        _charge: &Charge,
        total: Decimal,
        weights: &crate::engine::model::Weights,
        participants: &[Code],
    ) -> Result<Vec<(Code, String, i128)>, XlsxError> {
        let key = |f: &str| format!("charges.{id}.{f}");
        let kt = decimals(total).max(2);
        let total_name = self.input(
            "Total att fördela, kr",
            &key("total"),
            total,
            Fmt::Dec,
            Allowed::dec(kt),
            &format!("avg_{id}_total"),
        )?;
        // The bases in use: (label, share, values per participant, value formulas).
        let data = weights.data_values.as_ref();
        let kd = data.map_or(0, |d| {
            max_dec(participants.iter().filter_map(|c| d.values.get(c).copied()), 0)
        });
        let mut bases: Vec<(&str, Decimal, Vec<i128>, Vec<String>)> = Vec::new();
        let ka = max_dec([weights.population, weights.equal, weights.data], 2);
        // The shares' denominator: whole percents (or the decimals written)
        // when the integers fit, else the smallest that holds the shares as
        // written (25 % and 50 % in quarters).
        let used: Vec<Decimal> = [weights.population, weights.equal, weights.data]
            .into_iter()
            .filter(|s| !s.is_zero())
            .collect();
        let pure: Vec<Vec<i128>> = [(weights.population, 0), (weights.equal, 1), (weights.data, 2)]
            .into_iter()
            .filter(|(s, _)| !s.is_zero())
            .map(|(_, b)| {
                participants
                    .iter()
                    .map(|&code| match b {
                        0 => i128::from(self.m.population.count(code).unwrap_or(0)),
                        1 => 1,
                        _ => data
                            .and_then(|d| d.values.get(&code))
                            .and_then(|v| units(*v, kd))
                            .unwrap_or(0),
                    })
                    .collect()
            })
            .collect();
        let t_kr0 = round_half(units(total, kt).unwrap_or(0), pow10(kt));
        let a_den = choose_denominator(ka, &used, &pure, t_kr0);
        let share_allowed = if a_den == pow10(ka) {
            Allowed::pct(ka)
        } else {
            Allowed {
                text: format!(
                    "i steg om {}",
                    sv::pct(Decimal::ONE / Decimal::from_i128_with_scale(a_den, 0))
                ),
                step: a_den,
            }
        };
        let mut share_names = Vec::new();
        for (label, share) in [
            ("invånare", weights.population),
            ("lika delar", weights.equal),
            ("data", weights.data),
        ] {
            if share.is_zero() {
                continue;
            }
            let basis = match label {
                "invånare" => "population",
                "lika delar" => "equal",
                _ => "data",
            };
            let name = self.input(
                &format!("Andel efter {label}"),
                &key(&format!("weights.{basis}")),
                share,
                Fmt::Pct,
                share_allowed.clone(),
                &format!("avg_{id}_vikt_{basis}"),
            )?;
            share_names.push(name);
            let mut values = Vec::new();
            let mut formulas = Vec::new();
            for &code in participants {
                match basis {
                    "population" => {
                        let n = self.inv.get(&code).cloned().unwrap_or_default();
                        values.push(i128::from(self.m.population.count(code).unwrap_or(0)));
                        formulas.push(n);
                    }
                    "equal" => {
                        values.push(1);
                        formulas.push("1".to_string());
                    }
                    _ => {
                        let v = data
                            .and_then(|d| d.values.get(&code))
                            .copied()
                            .unwrap_or_default();
                        let lbl = data.map_or("data", |d| d.label.as_str());
                        let n = self.input(
                            &format!("{code} {}: {lbl}", self.name_of(code)),
                            &format!("weight_file: {lbl}"),
                            v,
                            Fmt::Dec,
                            Allowed::dec(kd),
                            &format!("avg_{id}_data_{code}"),
                        )?;
                        values.push(units(v, kd).unwrap_or(0));
                        formulas.push(units_f(&n, kd));
                    }
                }
            }
            bases.push((label, share, values, formulas));
        }
        let nb = bases.len();
        // Constants, one per row: T, then per basis a_b, X_b, A·X_b, u_b, v_b; L; left.
        self.calc_title(
            &format!("Avgift {id}: fördelning efter största rest"),
            &["Storhet", "", "", "", "", "Värde"],
        )?;
        let tu = units(total, kt).unwrap_or(0);
        let t_kr = round_half(tu, pow10(kt));
        let t_row = self.calc_row;
        self.calc.text(&self.f, t_row, 0, "T: total, hela kr")?;
        self.calc.int(
            &self.f,
            t_row,
            5,
            &round_half_f(&units_f(&total_name, kt), pow10(kt)),
            t_kr,
        )?;
        self.fits(id, 2 * tu.abs() + 2 * pow10(kt));
        self.calc_row += 1;
        let first_p = self.calc_row + (nb as RowNum) * 5 + 3;
        let last_p = first_p + participants.len() as RowNum - 1;
        // Per basis constant cells.
        let mut consts: Vec<BasisCells> = Vec::new();
        let mut sums = Vec::new();
        for (b, (label, share, values, _)) in bases.iter().enumerate() {
            let a_b = share_units(*share, a_den);
            let x_sum: i128 = values.iter().sum();
            sums.push(x_sum);
            let ax = a_den * x_sum;
            let c_b = a_b * t_kr;
            let u_b = if ax > 0 { floor_div(c_b, ax) } else { 0 };
            let v_b = c_b - u_b * ax;
            let r = self.calc_row;
            let col_x = 2 + 3 * b as ColNum;
            self.calc
                .text(&self.f, r, 0, &format!("a: andel {label}, 1/{a_den}"))?;
            self.calc.int(
                &self.f,
                r,
                5,
                &format!("ROUND({}*{a_den},0)", share_names[b]),
                a_b,
            )?;
            self.calc.text(&self.f, r + 1, 0, &format!("X: summa {label}"))?;
            self.calc.int(
                &self.f,
                r + 1,
                5,
                &format!("SUM({})", xlsx::range(col_x, first_p, last_p)),
                x_sum,
            )?;
            self.calc.text(&self.f, r + 2, 0, "A·X")?;
            self.calc
                .int(&self.f, r + 2, 5, &format!("{a_den}*{}", cell(r + 1, 5)), ax)?;
            self.calc.text(&self.f, r + 3, 0, "u = ⌊a·T / A·X⌋")?;
            let ct = format!("({}*{})", cell(r, 5), cell(t_row, 5));
            self.calc
                .int(&self.f, r + 3, 5, &floor_div_f(&ct, &cell(r + 2, 5)), u_b)?;
            self.calc.text(&self.f, r + 4, 0, "v = a·T − u·A·X")?;
            self.calc.int(
                &self.f,
                r + 4,
                5,
                &format!("{ct}-{}*{}", cell(r + 3, 5), cell(r + 2, 5)),
                v_b,
            )?;
            // ⌊a·T / A·X⌋ forms a·T + A·X.
            self.fits(id, c_b + ax);
            let max_x = values.iter().copied().max().unwrap_or(0);
            self.fits(id, ax.saturating_mul(max_x.max(1)) + ax);
            consts.push((
                cell(r, 5),
                cell(r + 1, 5),
                cell(r + 2, 5),
                cell(r + 3, 5),
                cell(r + 4, 5),
                ax,
                u_b,
                v_b,
                x_sum,
            ));
            self.calc_row += 5;
        }
        let l_val: i128 = sums
            .iter()
            .try_fold(a_den, |acc, s| acc.checked_mul(*s))
            .unwrap_or(i128::MAX);
        let l_row = self.calc_row;
        self.calc.text(&self.f, l_row, 0, "L = A·ΠX")?;
        let l_f = std::iter::once(a_den.to_string())
            .chain(consts.iter().map(|c| c.1.clone()))
            .collect::<Vec<_>>()
            .join("*");
        self.calc.int(&self.f, l_row, 5, &l_f, l_val)?;
        // Z < #bases·L, and k compares Z with up to #bases·L.
        self.fits(id, l_val.saturating_mul(nb as i128));
        let left_row = l_row + 1;
        // Participant rows: headers.
        let hdr_row = left_row + 1;
        let mut headers: Vec<String> = vec!["Kod".into(), "Kommun".into()];
        for (label, ..) in &bases {
            headers.push(format!("x ({label})"));
            headers.push("w = ⌊v·x / A·X⌋".into());
            headers.push("z = v·x − w·A·X".into());
        }
        let c_g = 2 + 3 * nb as ColNum;
        for h in [
            "Heltal G",
            "Bråk Z (/L)",
            "k",
            "Golv",
            "Rest",
            "Rang",
            "Andel, kr",
        ] {
            headers.push(h.into());
        }
        let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
        self.calc.header(&self.f, hdr_row, &hdr)?;
        debug_assert_eq!(hdr_row + 1, first_p);
        let (c_z, c_k, c_fl, c_rest, c_rank, c_kr) = (c_g + 1, c_g + 2, c_g + 3, c_g + 4, c_g + 5, c_g + 6);
        let mut floors = Vec::new();
        let mut rests = Vec::new();
        for (i, &code) in participants.iter().enumerate() {
            let r = first_p + i as RowNum;
            self.calc.text(&self.f, r, 0, &code.to_string())?;
            self.calc.text(&self.f, r, 1, &self.name_of(code))?;
            let mut g_terms = Vec::new();
            let mut z_terms = Vec::new();
            let (mut g, mut z) = (0i128, 0i128);
            for (b, (_, _, values, formulas)) in bases.iter().enumerate() {
                let (_, _, ax_c, u_c, v_c, ax, u_b, v_b, _) = &consts[b];
                let cx = 2 + 3 * b as ColNum;
                let x = values[i];
                if formulas[i] == "1" {
                    self.calc.number(&self.f, r, cx, Decimal::ONE, Fmt::Int)?;
                } else {
                    self.calc.int(&self.f, r, cx, &formulas[i], x)?;
                }
                let p = v_b * x;
                self.fits(id, p + ax);
                let w = if *ax > 0 { floor_div(p, *ax) } else { 0 };
                let zb = p - w * ax;
                let vx = format!("({v_c}*{})", cell(r, cx));
                self.calc.int(&self.f, r, cx + 1, &floor_div_f(&vx, ax_c), w)?;
                self.calc.int(
                    &self.f,
                    r,
                    cx + 2,
                    &format!("{vx}-{}*{ax_c}", cell(r, cx + 1)),
                    zb,
                )?;
                g += u_b * x + w;
                g_terms.push(format!("{u_c}*{}+{}", cell(r, cx), cell(r, cx + 1)));
                let others: Vec<&String> = consts
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != b)
                    .map(|(_, c)| &c.1)
                    .collect();
                let prod: i128 = consts
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != b)
                    .map(|(_, c)| c.8)
                    .product();
                z += zb * prod;
                let mut term = cell(r, cx + 2);
                for o in others {
                    term = format!("{term}*{o}");
                }
                z_terms.push(term);
            }
            self.fits(id, z);
            self.calc.int(&self.f, r, c_g, &g_terms.join("+"), g)?;
            self.calc.int(&self.f, r, c_z, &z_terms.join("+"), z)?;
            let lc = cell(l_row, 5);
            let k = (0..nb as i128).filter(|j| z >= (j + 1) * l_val).count() as i128;
            let k_f = (1..=nb)
                .map(|j| format!("({}>={j}*{lc})", cell(r, c_z)))
                .collect::<Vec<_>>()
                .join("+");
            self.calc.int(&self.f, r, c_k, &k_f, k)?;
            self.calc.int(
                &self.f,
                r,
                c_fl,
                &format!("{}+{}", cell(r, c_g), cell(r, c_k)),
                g + k,
            )?;
            let rest = z - k * l_val;
            self.calc.int(
                &self.f,
                r,
                c_rest,
                &format!("{}-{}*{lc}", cell(r, c_z), cell(r, c_k)),
                rest,
            )?;
            floors.push(g + k);
            rests.push(rest);
        }
        let left = t_kr - floors.iter().sum::<i128>();
        self.calc.text(&self.f, left_row, 0, "Kvar att fördela, kr")?;
        self.calc.int(
            &self.f,
            left_row,
            5,
            &format!("{}-SUM({})", cell(t_row, 5), xlsx::range(c_fl, first_p, last_p)),
            left,
        )?;
        let ranks = ranks(&rests);
        let rest_range = absolute_range(c_rest, first_p, last_p);
        let mut out = Vec::new();
        for (i, &code) in participants.iter().enumerate() {
            let r = first_p + i as RowNum;
            let me = cell(r, c_rest);
            self.calc.int(
                &self.f,
                r,
                c_rank,
                &format!(
                    "1+SUMPRODUCT(({rest_range}>{me})+({rest_range}={me})*(ROW({rest_range})<ROW({me})))"
                ),
                ranks[i],
            )?;
            let kr = floors[i] + i128::from(ranks[i] <= left);
            self.calc.int(
                &self.f,
                r,
                c_kr,
                &format!("{}+({}<={})", cell(r, c_fl), cell(r, c_rank), cell(left_row, 5)),
                kr,
            )?;
            out.push((code, cell(r, c_kr), kr));
        }
        self.calc_row = last_p + 1;
        Ok(out)
    }

    /// Each party's whole split across the activities by largest remainder.
    fn split(
        &mut self,
        id: &str,
        shares: &BTreeMap<String, Decimal>,
        parties: &[(Kind, String, String, String, i128)],
    ) -> Result<(), XlsxError> {
        let k = max_dec(shares.values().copied(), 4);
        let den = pow10(k);
        let mut names = Vec::new();
        for (a, s) in shares {
            names.push(self.input(
                &format!("Andel till {a}"),
                &format!("charges.{id}.split.{a}"),
                *s,
                Fmt::Pct,
                Allowed::pct(k),
                &format!("avg_{id}_andel_{a}"),
            )?);
        }
        self.calc_title(
            &format!("Avgift {id}: delning på verksamheter (andelar i 1/{den})"),
            &[
                "Kod",
                "Part",
                "Verksamhet",
                "Helt belopp, kr",
                "Andel",
                "Golv",
                "Rest",
                "Kvar",
                "Rang",
                "Belopp, kr",
            ],
        )?;
        let units_s: Vec<i128> = shares.values().map(|s| units(*s, k).unwrap_or(0)).collect();
        for (kind, key, party, whole_cell, whole) in parties {
            let first = self.calc_row;
            let last = first + shares.len() as RowNum - 1;
            let mag = whole.abs();
            let floors: Vec<i128> = units_s.iter().map(|a| floor_div(mag * a, den)).collect();
            let rests: Vec<i128> = units_s
                .iter()
                .zip(&floors)
                .map(|(a, f)| mag * a - f * den)
                .collect();
            let left = mag - floors.iter().sum::<i128>();
            let ranks = ranks(&rests);
            let rest_range = absolute_range(6, first, last);
            for (j, (activity, _)) in shares.iter().enumerate() {
                let r = first + j as RowNum;
                self.fits(id, mag * units_s[j] + den);
                self.calc.text(&self.f, r, 0, key)?;
                self.calc.text(&self.f, r, 1, party)?;
                self.calc.text(&self.f, r, 2, activity)?;
                self.calc.int(&self.f, r, 3, whole_cell, *whole)?;
                self.calc.int(&self.f, r, 4, &units_f(&names[j], k), units_s[j])?;
                let prod = format!("(ABS({})*{})", cell(r, 3), cell(r, 4));
                self.calc
                    .int(&self.f, r, 5, &floor_div_f(&prod, &den.to_string()), floors[j])?;
                self.calc
                    .int(&self.f, r, 6, &format!("{prod}-{}*{den}", cell(r, 5)), rests[j])?;
                self.calc.int(
                    &self.f,
                    r,
                    7,
                    &format!("ABS({})-SUM({})", cell(r, 3), absolute_range(5, first, last)),
                    left,
                )?;
                let me = cell(r, 6);
                self.calc.int(
                    &self.f,
                    r,
                    8,
                    &format!(
                        "1+SUMPRODUCT(({rest_range}>{me})+({rest_range}={me})*(ROW({rest_range})<ROW({me})))"
                    ),
                    ranks[j],
                )?;
                let kr = whole.signum() * (floors[j] + i128::from(ranks[j] <= left));
                self.calc.int(
                    &self.f,
                    r,
                    9,
                    &format!(
                        "SIGN({})*({}+({}<={}))",
                        cell(r, 3),
                        cell(r, 5),
                        cell(r, 8),
                        cell(r, 7)
                    ),
                    kr,
                )?;
                self.cells.insert(
                    (id.to_string(), *kind, key.clone(), activity.clone()),
                    (cell(r, 9), kr),
                );
            }
            self.calc_row = last + 1;
        }
        Ok(())
    }

    /// `Rader`: every line of the outcome, its amount a reference to
    /// `Beräkning` (or to an adjustment on `Indata`). Checks each against
    /// the engine. Returns the sheet and each line's row.
    fn lines_sheet(&mut self) -> Result<(Worksheet, Vec<RowNum>), XlsxError> {
        let t = self.m.tariff;
        let mut g = Grid::new(LINES, &[6.0, 5.0, 40.0, 11.0, 6.0, 26.0, 14.0, 60.0, 16.0])?;
        g.header(
            &self.f,
            0,
            &[
                "År",
                "Not",
                "Verksamhet",
                "Typ",
                "Kod",
                "Part",
                "Avgift",
                "Underlag (taxans värden)",
                "Belopp, kr",
            ],
        )?;
        g.ws.set_freeze_panes(1, 0)?;
        let calc = quote_sheet(CALC);
        let mut rows = Vec::new();
        for (i, l) in self.m.outcome.lines.iter().enumerate() {
            let r = (i + 1) as RowNum;
            rows.push(r);
            let activity = t.activities.get(&*l.activity);
            g.number(&self.f, r, 0, Decimal::from(self.m.outcome.year), Fmt::Int)?;
            if let Some(n) = activity.and_then(|a| a.note) {
                g.number(&self.f, r, 1, Decimal::from(n), Fmt::Int)?;
            }
            g.text(&self.f, r, 2, activity.map_or(&*l.activity, |a| a.name.as_str()))?;
            g.text(&self.f, r, 3, kind_word(l.kind))?;
            if let Some(c) = l.code {
                g.text(&self.f, r, 4, &c.to_string())?;
            }
            g.text(&self.f, r, 5, &l.party)?;
            g.text(&self.f, r, 6, &l.charge)?;
            g.text(&self.f, r, 7, &l.basis)?;
            let (formula, value) = match l.kind {
                Kind::Adjustment => {
                    let name = self
                        .adjustments
                        .get(&(l.activity.to_string(), l.party.to_string()))
                        .cloned();
                    match name {
                        Some(n) => (n, l.amount),
                        None => {
                            self.refuse(
                                "adjustments".into(),
                                format!("no cell for the adjustment {:?}", l.party),
                            );
                            continue;
                        }
                    }
                }
                kind => {
                    let who = match kind {
                        Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                        _ => l.payer.clone().unwrap_or_default(),
                    };
                    let key = (l.charge.to_string(), kind, who, l.activity.to_string());
                    match self.cells.get(&key).cloned() {
                        Some((c, v)) => {
                            if Decimal::from_i128_with_scale(v, 0) != l.amount {
                                self.refuse(
                                    format!("charges.{}", l.charge),
                                    format!(
                                        "the model's formulas give {} for {} where avgift computes {}: no workbook written",
                                        sv::kr(Decimal::from_i128_with_scale(v, 0)),
                                        l.party,
                                        sv::kr(l.amount)
                                    ),
                                );
                            }
                            (format!("{calc}!{c}"), l.amount)
                        }
                        None => {
                            self.refuse(
                                format!("charges.{}", l.charge),
                                format!("the model has no cell for {}'s line in {}", l.party, l.activity),
                            );
                            continue;
                        }
                    }
                }
            };
            g.formula(&self.f, r, LINE_AMOUNT, &formula, value, Fmt::Kr)?;
        }
        let last = rows.last().copied().unwrap_or(0);
        g.ws.autofilter(0, 0, last, LINE_AMOUNT)?;
        Ok((g.ws, rows))
    }

    /// The notes' tkr are rounded from kronor in the units of the finest
    /// adjustment (or of last year's amounts): those integers must fit too.
    fn check_notes(&mut self) {
        let k = max_dec(self.m.tariff.adjustments.iter().map(|a| a.amount), 0);
        let k_prev = self
            .m
            .actuals
            .map_or(0, |a| max_dec(a.rows.iter().map(|r| r.amount), 0));
        let mut worst: Option<(String, Decimal)> = None;
        for note in &self.m.notes.notes {
            for l in &note.lines {
                for (v, k) in [(Some(l.current), k), (l.previous, k_prev)] {
                    let Some(v) = v else { continue };
                    let fits = units(v, k)
                        .and_then(|u| u.checked_abs()?.checked_mul(2)?.checked_add(2 * pow10(k + 3)))
                        .is_some_and(|n| n <= LIMIT);
                    if !fits && worst.is_none() {
                        worst = Some((note.activity.clone(), v));
                    }
                }
            }
        }
        if let Some((activity, v)) = worst {
            self.refuse(
                "adjustments".into(),
                format!(
                    "the note {activity:?} cannot be modelled exactly: {} in units of 1/{} krona passes {LIMIT}",
                    sv::kr(v),
                    pow10(k.max(k_prev))
                ),
            );
        }
    }

    /// `Per kommun`: each municipality's and payer's total, a sum of its
    /// lines on `Rader`.
    fn parties_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let mut g = Grid::new("Per kommun", &[6.0, 28.0, 11.0, 16.0])?;
        g.header(&self.f, 0, &["Kod", "Part", "Typ", "Belopp, kr"])?;
        let lines = &self.m.outcome.lines;
        let mut by_party: BTreeMap<(Kind, String, String), (Vec<RowNum>, Decimal)> = BTreeMap::new();
        for (l, r) in lines.iter().zip(rows) {
            let key = match l.kind {
                Kind::Municipality => (
                    l.kind,
                    l.code.map(|c| c.to_string()).unwrap_or_default(),
                    l.party.to_string(),
                ),
                Kind::External => (l.kind, String::new(), l.party.to_string()),
                _ => continue,
            };
            let e = by_party.entry(key).or_insert((Vec::new(), Decimal::ZERO));
            e.0.push(*r);
            e.1 += l.amount;
        }
        let mut parties: Vec<_> = by_party.into_iter().collect();
        parties.sort_by_cached_key(|((kind, code, name), _)| (*kind, sv::collation_key(name), code.clone()));
        let mut r = 0;
        let mut total = Decimal::ZERO;
        for ((kind, code, name), (rs, amount)) in &parties {
            r += 1;
            total += amount;
            g.text(&self.f, r, 0, code)?;
            g.text(&self.f, r, 1, name)?;
            g.text(&self.f, r, 2, kind_word(*kind))?;
            g.formula(&self.f, r, 3, &sum_rows(rs), *amount, Fmt::Kr)?;
        }
        g.bold(&self.f, r + 1, 1, "Summa")?;
        g.formula(&self.f, r + 1, 3, &xlsx::sum(3, 1, r), total, Fmt::Kr)?;
        Ok(g.ws)
    }

    /// `Per verksamhet`: invoiced, adjustments and net per activity.
    fn activities_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let t = self.m.tariff;
        let mut g = Grid::new("Per verksamhet", &[5.0, 44.0, 16.0, 16.0, 16.0])?;
        g.header(
            &self.f,
            0,
            &[
                "Not",
                "Verksamhet",
                "Fakturerat, kr",
                "Justeringar, kr",
                "Netto, kr",
            ],
        )?;
        let mut order: Vec<String> = Vec::new();
        let mut sums: BTreeMap<String, (Vec<RowNum>, Decimal, Vec<RowNum>, Decimal)> = BTreeMap::new();
        for (l, r) in self.m.outcome.lines.iter().zip(rows) {
            if !sums.contains_key(&*l.activity) {
                order.push(l.activity.to_string());
            }
            let e = sums.entry(l.activity.to_string()).or_default();
            if l.kind == Kind::Adjustment {
                e.2.push(*r);
                e.3 += l.amount;
            } else {
                e.0.push(*r);
                e.1 += l.amount;
            }
        }
        let mut r = 0;
        let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
        for id in &order {
            let (inv_rows, inv, adj_rows, adj) = &sums[id];
            r += 1;
            ti += inv;
            ta += adj;
            let activity = t.activities.get(id);
            if let Some(n) = activity.and_then(|a| a.note) {
                g.number(&self.f, r, 0, Decimal::from(n), Fmt::Int)?;
            }
            g.text(&self.f, r, 1, activity.map_or(id.as_str(), |a| a.name.as_str()))?;
            g.formula(&self.f, r, 2, &sum_rows(inv_rows), *inv, Fmt::Kr)?;
            g.formula(&self.f, r, 3, &sum_rows(adj_rows), *adj, Fmt::Kr)?;
            g.formula(
                &self.f,
                r,
                4,
                &format!("{}+{}", cell(r, 2), cell(r, 3)),
                inv + adj,
                Fmt::Kr,
            )?;
        }
        g.bold(&self.f, r + 1, 1, "Summa")?;
        for (c, v) in [(2, ti), (3, ta), (4, ti + ta)] {
            g.formula(&self.f, r + 1, c, &xlsx::sum(c, 1, r), v, Fmt::Kr)?;
        }
        Ok(g.ws)
    }

    /// `Noter`: every note line this year (a sum of its lines on `Rader`)
    /// and last year, in kronor and in tkr (each line rounded from its
    /// kronor, the Summa from the exact sum).
    fn notes_sheet(&self, rows: &[RowNum]) -> Result<Worksheet, XlsxError> {
        let n = self.m.notes;
        let this = n.year.to_string();
        let last = n.previous_year.map(|y| y.to_string()).unwrap_or_default();
        let mut g = Grid::new("Noter", &[5.0, 40.0, 28.0, 11.0, 6.0, 14.0, 10.0, 14.0, 10.0])?;
        let h = [
            "Not".to_string(),
            "Verksamhet".into(),
            "Rad".into(),
            "Typ".into(),
            "Kod".into(),
            format!("{this}, kr"),
            format!("{this}, tkr"),
            format!("{last}, kr"),
            format!("{last}, tkr"),
        ];
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        g.header(&self.f, 0, &h)?;
        g.ws.set_freeze_panes(1, 0)?;
        // Lines of `Rader` by (activity name, kind, code or party).
        let mut by: BTreeMap<(String, Kind, String), Vec<RowNum>> = BTreeMap::new();
        for (l, r) in self.m.outcome.lines.iter().zip(rows) {
            let name = self
                .m
                .tariff
                .activities
                .get(&*l.activity)
                .map_or(l.activity.to_string(), |a| a.name.clone());
            let who = match l.kind {
                Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                _ => l.party.to_string(),
            };
            by.entry((name, l.kind, who)).or_default().push(*r);
        }
        // Adjustment decimals decide the units of the tkr rounding.
        let k = max_dec(self.m.tariff.adjustments.iter().map(|a| a.amount), 0);
        let k_prev = self
            .m
            .actuals
            .map_or(0, |a| max_dec(a.rows.iter().map(|r| r.amount), 0));
        let tkr_f = |c: &str, k: u32| round_half_f(&units_f(c, k), pow10(k + 3));
        let mut r: RowNum = 0;
        for note in &n.notes {
            let first = r + 1;
            for l in &note.lines {
                r += 1;
                if let Some(num) = note.number {
                    g.number(&self.f, r, 0, Decimal::from(num), Fmt::Int)?;
                }
                g.text(&self.f, r, 1, &note.activity)?;
                let total = l.kind == Kind::Total;
                if total {
                    g.bold(&self.f, r, 2, &l.label)?;
                } else {
                    g.text(&self.f, r, 2, &l.label)?;
                }
                g.text(&self.f, r, 3, kind_word(l.kind))?;
                if let Some(c) = l.code {
                    g.text(&self.f, r, 4, &c.to_string())?;
                }
                let who = match l.kind {
                    Kind::Municipality => l.code.map(|c| c.to_string()).unwrap_or_default(),
                    _ => l.party.clone(),
                };
                let f = if total {
                    xlsx::sum(5, first, r - 1)
                } else {
                    match by.get(&(note.activity.clone(), l.kind, who)) {
                        Some(rs) => sum_rows(rs),
                        None => "0".to_string(),
                    }
                };
                g.formula(&self.f, r, 5, &f, l.current, Fmt::Kr)?;
                g.formula(&self.f, r, 6, &tkr_f(&cell(r, 5), k), l.current_tkr(), Fmt::Int)?;
                if let Some(p) = l.previous {
                    g.number(&self.f, r, 7, p, Fmt::Kr)?;
                    g.formula(
                        &self.f,
                        r,
                        8,
                        &tkr_f(&cell(r, 7), k_prev),
                        l.previous_tkr().unwrap_or_default(),
                        Fmt::Int,
                    )?;
                }
            }
            r += 1;
        }
        Ok(g.ws)
    }
}

/// A share in units of `1/den` (the denominator holds it exactly).
fn share_units(share: Decimal, den: i128) -> i128 {
    let x = share * Decimal::from_i128_with_scale(den, 0);
    units(x, 0).unwrap_or(0)
}

/// The largest integer an apportionment's formulas form with shares in
/// units of `1/den`.
fn apportion_bound(den: i128, shares: &[Decimal], values: &[Vec<i128>], t: i128) -> i128 {
    let mut bound = 0i128;
    let mut l = den;
    for (share, xs) in shares.iter().zip(values) {
        let sum: i128 = xs.iter().sum();
        let max_x = xs.iter().copied().max().unwrap_or(0).max(1);
        let ax = den.saturating_mul(sum);
        bound = bound
            .max(share_units(*share, den).saturating_mul(t).saturating_add(ax))
            .max(ax.saturating_mul(max_x).saturating_add(ax));
        l = l.saturating_mul(sum);
    }
    bound.max(l.saturating_mul(shares.len() as i128))
}

/// Whole percents (or the decimals the shares have) when the integers fit;
/// else the smallest denominator of the shares as written.
fn choose_denominator(k: u32, shares: &[Decimal], values: &[Vec<i128>], t: i128) -> i128 {
    let full = pow10(k);
    if apportion_bound(full, shares, values, t) <= LIMIT {
        return full;
    }
    let g = shares.iter().map(|s| share_units(*s, full)).fold(full, gcd);
    full / g.max(1)
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// The kind of a line in Swedish.
fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Municipality => "kommun",
        Kind::External => "extern",
        Kind::Adjustment => "justering",
        Kind::Total => "summa",
    }
}

/// The rates of a schedule.
fn sched_rates(s: &Schedule) -> Vec<Decimal> {
    match s {
        Schedule::Flat(r) => vec![*r],
        Schedule::Tiers(t) => t.iter().map(|x| x.rate).collect(),
    }
}

/// Each remainder's rank: larger first, equal ones by position.
fn ranks(rests: &[i128]) -> Vec<i128> {
    rests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            1 + rests
                .iter()
                .enumerate()
                .filter(|(j, o)| *o > r || (*o == r && *j < i))
                .count() as i128
        })
        .collect()
}

/// A column's cells, absolute: `$C$2:$C$9`.
fn absolute_range(col: ColNum, first: RowNum, last: RowNum) -> String {
    let c = xlsx::column_number_to_name(col);
    format!("${c}${}:${c}${}", first + 1, last + 1)
}

/// `SUM` of the amounts on `Rader` at these rows, as ranges of runs.
fn sum_rows(rows: &[RowNum]) -> String {
    if rows.is_empty() {
        return "0".to_string();
    }
    let mut runs: Vec<(RowNum, RowNum)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == r => *end = r,
            _ => runs.push((r, r)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|(a, b)| {
            if a == b {
                format!("{LINES}!{}", cell(*a, LINE_AMOUNT))
            } else {
                format!("{LINES}!{}", xlsx::range(LINE_AMOUNT, *a, *b))
            }
        })
        .collect();
    // At most 255 arguments per SUM.
    let chunks: Vec<String> = parts
        .chunks(200)
        .map(|c| format!("SUM({})", c.join(",")))
        .collect();
    if chunks.len() == 1 {
        chunks.into_iter().next().unwrap_or_default()
    } else {
        format!("SUM({})", chunks.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_break_ties_by_position() {
        assert_eq!(ranks(&[5, 7, 5, 1]), [2, 1, 3, 4]);
        assert_eq!(ranks(&[0, 0, 0]), [1, 2, 3]);
    }

    #[test]
    fn sums_of_rows_use_runs() {
        assert_eq!(sum_rows(&[1, 2, 3, 7]), "SUM(Rader!I2:I4,Rader!I8)");
        assert_eq!(sum_rows(&[]), "0");
    }

    #[test]
    fn names_are_clean() {
        assert_eq!(clean("avg_vo-mix_total"), "avg_vo_mix_total");
        assert_eq!(clean("avg_vård"), "avg_v_rd");
    }
}
