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

mod apportion;
mod charges;
pub mod exact;
mod grid;
mod outputs;

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, XlsxError};

use self::exact::{decimals, pow10, LIMIT};
use self::grid::{Fmt, Formats, Grid};
use super::xlsx::{self, cell, ColNum, RowNum, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::model::Rule;
use crate::engine::notes::Notes;
use crate::engine::{Actuals, Code, Kind, Outcome, Population, Tariff};

/// Everything the model is made from.
pub struct ModelInputs<'a> {
    pub tariff: &'a Tariff,
    pub population: &'a Population,
    pub actuals: Option<&'a Actuals>,
    pub outcome: &'a Outcome,
    pub notes: &'a Notes,
    pub sources: &'a [Source<'a>],
    /// What made the workbook, recorded in it for `avgift verify`.
    pub recipe: &'a crate::audit::Recipe,
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
        &["Uppgift", "Namn i modellen", "Värde", "Anmärkning", "Kontroll"],
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
    let matrix = b.matrix_sheet(&rows)?;
    let underlag = xlsx::underlag_with_intro(m.sources, &instructions(), &[])?;
    let sheets = vec![
        underlag,
        b.indata.ws,
        b.calc.ws,
        lines,
        per_party,
        per_activity,
        matrix,
        notes,
    ];
    Ok(xlsx::workbook_with_names(
        &format!("{} – modell {}", t.name, t.year),
        t.year,
        sheets,
        m.sources,
        m.recipe,
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
        "Rader, Per kommun, Per verksamhet, Kommun × verksamhet och Noter (tkr) är formler över Beräkning. Sortera inte bladet Rader: summorna pekar på dess rader.",
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
        value: Decimal,
        fmt: Fmt,
        allowed: Allowed,
        hint: &str,
    ) -> Result<String, XlsxError> {
        let r = self.in_row;
        // The defined name, which formulas use, beside the label.
        let name = self.name(hint);
        self.indata.text(&self.f, r, 0, label)?;
        self.indata.text(&self.f, r, 1, &name)?;
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
        self.names.push((name.clone(), format!("={INDATA}!$C${}", r + 1)));
        Ok(name)
    }

    fn in_title(&mut self, title: &str) -> Result<(), XlsxError> {
        self.in_row += 1;
        self.indata.bold(&self.f, self.in_row, 0, title)?;
        self.in_row += 1;
        Ok(())
    }

    fn refuse(&mut self, key: String, message: crate::msg::Message) {
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
                crate::msg!(
                    "model-not-exact",
                    needed = v.abs().to_string(),
                    limit = LIMIT.to_string()
                ),
            );
        }
        false
    }

    /// A group as people read it: its municipalities by name (three, then
    /// how many).
    fn group_label(&self, group: &str) -> String {
        crate::write::whatif::Names {
            tariff: self.m.tariff,
            population: self.m.population,
        }
        .group(group)
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
}

/// A column's cells, absolute: `$C$2:$C$9`.
fn absolute_range(col: ColNum, first: RowNum, last: RowNum) -> String {
    let c = xlsx::column_number_to_name(col);
    format!("${c}${}:${c}${}", first + 1, last + 1)
}

#[cfg(test)]
mod tests {
    use super::charges::ranks;
    use super::outputs::sum_rows;
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
