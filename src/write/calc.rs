//! `calc` output: every line, with totals per municipality and per activity.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::json;

use crate::audit::Recipe;

use super::table::{Align, Table};
use super::xlsx::{self, ColNum, Num, RowNum, Sheet, Source, WorkbookError};
use super::xlsx_rows;
use super::{json, matrix, Cell, CsvDialect, CsvOut, Fields};
use crate::engine::matrix::{Matrix, MatrixColumn, MatrixRow};
use crate::engine::totals::{Totals, LABELS};
use crate::engine::{Code, Kind, LineRef, Lines, Outcome, Tariff};
use crate::{money, msg, sv};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "year", "note", "activity", "kind", "code", "party", "charge", "basis", "amount",
];

/// The same columns in Swedish: the `excel-sv` CSV and the workbook's `Rader`.
pub const SV_COLUMNS: [&str; 9] = [
    "År",
    "Not",
    "Verksamhet",
    "Typ",
    "Kod",
    "Part",
    "Avgift",
    "Underlag",
    "Belopp, kr",
];

fn activity_name(t: &Tariff, id: &str) -> String {
    t.activities
        .get(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

fn note(t: &Tariff, id: &str) -> Option<u32> {
    t.activities.get(id).and_then(|a| a.note)
}

pub fn csv(t: &Tariff, o: &Outcome, dialect: CsvDialect) -> String {
    let mut out = Vec::new();
    write_csv(&mut out, t, o, dialect).expect("writing CSV to memory");
    String::from_utf8(out).expect("CSV of UTF-8 fields is UTF-8")
}

/// [`csv`] written straight into `w`, line by line, as it is made.
pub fn write_csv<W: std::io::Write>(
    w: W,
    t: &Tariff,
    o: &Outcome,
    dialect: CsvDialect,
) -> std::io::Result<W> {
    write_csv_from(w, t, o.year, dialect, |f| {
        o.lines.iter().try_for_each(|l| f(&l.as_ref()))
    })
}

/// [`csv`] of the compact lines, written straight into `w`: no line is held
/// beyond the ones being written.
///
/// A large year is made in blocks of [`BLOCK`] lines on two threads, one
/// the even blocks and one the odd, and written in order: the same bytes
/// as one pass, with at most a few blocks held at a time.
pub fn write_csv_lines<W: std::io::Write>(
    w: W,
    t: &Tariff,
    lines: &Lines,
    dialect: CsvDialect,
) -> std::io::Result<W> {
    write_csv_lines_in(w, t, lines, dialect, BLOCK)
}

/// [`write_csv_lines`] in blocks of `size` lines (at least 1): the same
/// bytes whatever the size.
pub fn write_csv_lines_in<W: std::io::Write>(
    w: W,
    t: &Tariff,
    lines: &Lines,
    dialect: CsvDialect,
    size: usize,
) -> std::io::Result<W> {
    let mut out = with_header(w, dialect)?;
    let size = size.max(1);
    let blocks = lines.len().div_ceil(size);
    let block = |b: usize| b * size..(b + 1) * size;
    // A few blocks are not worth a thread.
    if blocks < 4 {
        let mut csv = LineCsv::new(t, lines.year, dialect);
        lines.for_each(|l| csv.line(&mut out, l))?;
        return out.into_inner();
    }
    std::thread::scope(|s| {
        // Room for two made blocks ahead of the writer.
        let (made, odd) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        s.spawn(move || {
            let mut csv = LineCsv::new(t, lines.year, dialect);
            for b in (1..blocks).step_by(2) {
                let mut part = CsvOut::part(dialect);
                // A block that fails (it cannot: all in memory, every
                // record as wide) or a writer that stopped ends this thread,
                // and the writer says so.
                if lines.for_each_in(block(b), |l| csv.line(&mut part, l)).is_err()
                    || made.send(part.into_bytes()).is_err()
                {
                    return;
                }
            }
        });
        let mut csv = LineCsv::new(t, lines.year, dialect);
        for b in 0..blocks {
            if b % 2 == 0 {
                lines.for_each_in(block(b), |l| csv.line(&mut out, l))?;
            } else {
                let part = odd
                    .recv()
                    .map_err(|_| std::io::Error::other("the thread making the CSV's odd blocks stopped"))?;
                out.write_bytes(&part)?;
            }
        }
        out.into_inner()
    })
}

/// CSV into `w`, its header written.
fn with_header<W: std::io::Write>(w: W, dialect: CsvDialect) -> std::io::Result<CsvOut<W>> {
    let mut out = CsvOut::to(w, dialect)?;
    let header = dialect.header(&CSV_COLUMNS, &SV_COLUMNS);
    out.write(header.iter().map(|c| Cell::Text(c)))?;
    Ok(out)
}

/// How many lines [`write_csv_lines`] makes at a time on one thread.
const BLOCK: usize = 8192;

/// The CSV of the lines that `each` gives, one by one, into `w`.
fn write_csv_from<W: std::io::Write>(
    w: W,
    t: &Tariff,
    year: i32,
    dialect: CsvDialect,
    each: impl FnOnce(&mut dyn FnMut(&LineRef) -> std::io::Result<()>) -> std::io::Result<()>,
) -> std::io::Result<W> {
    let mut out = with_header(w, dialect)?;
    let mut csv = LineCsv::new(t, year, dialect);
    each(&mut |l: &LineRef| csv.line(&mut out, l))?;
    out.into_inner()
}

/// Makes one CSV record of a line, with what lines share made once: the
/// year, an activity's note and name and the line's kind, which are the
/// same for a run of lines (lines are ordered by activity, kind and
/// party), are made into the record's first fields when the run starts,
/// and the code and party added to them when the party's lines start.
struct LineCsv<'a> {
    tariff: &'a Tariff,
    dialect: CsvDialect,
    year: String,
    /// The activity and kind of the last line, and the first fields they
    /// make.
    run: Option<(String, Kind, Fields)>,
    /// The code and party of the last line, and the first fields with
    /// them (a party's lines in an activity are together too).
    party: Option<(Option<Code>, String, Fields)>,
    code: String,
    amount: String,
}

impl<'a> LineCsv<'a> {
    fn new(tariff: &'a Tariff, year: i32, dialect: CsvDialect) -> LineCsv<'a> {
        LineCsv {
            tariff,
            dialect,
            year: year.to_string(),
            run: None,
            party: None,
            code: String::new(),
            amount: String::new(),
        }
    }

    fn line<W: std::io::Write>(&mut self, out: &mut CsvOut<W>, l: &LineRef) -> std::io::Result<()> {
        let t = self.tariff;
        if self
            .run
            .as_ref()
            .is_none_or(|(id, kind, _)| **id != *l.activity || *kind != l.kind)
        {
            let note = note(t, l.activity).map(|n| n.to_string()).unwrap_or_default();
            let first = out.fields([
                Cell::Text(&self.year),
                Cell::Text(&note),
                Cell::Text(&activity_name(t, l.activity)),
                Cell::Text(self.dialect.kind(l.kind)),
            ]);
            self.run = Some((l.activity.to_string(), l.kind, first));
            self.party = None;
        }
        let Some((_, _, first)) = &self.run else {
            return Ok(());
        };
        if self
            .party
            .as_ref()
            .is_none_or(|(code, party, _)| *code != l.code || **party != *l.party)
        {
            let code = &mut self.code;
            code.clear();
            match l.code.map(|c| c.get()) {
                // Four digits, as `Code` displays them, without the formatter.
                Some(n @ 0..=9999) => {
                    for d in [n / 1000, n / 100 % 10, n / 10 % 10, n % 10] {
                        code.push(char::from(b'0' + d as u8));
                    }
                }
                Some(_) => {
                    if let Some(c) = l.code {
                        let _ = write!(code, "{c}");
                    }
                }
                None => {}
            }
            let with_party = out.fields_after(first, [Cell::Text(code), Cell::Text(l.party)]);
            self.party = Some((l.code, l.party.to_string(), with_party));
        }
        let Some((_, _, first)) = &self.party else {
            return Ok(());
        };
        self.amount.clear();
        money::push_plain2(&mut self.amount, l.amount);
        out.write_after(
            first,
            [
                Cell::Text(l.charge),
                Cell::Text(l.basis),
                Cell::Number(&self.amount),
            ],
        )
    }
}

/// The sheet of every line (the CSV's columns) and its columns.
const LINES: &str = "Rader";
const COL_ACTIVITY: ColNum = 2;
const COL_CODE: ColNum = 4;
const COL_PARTY: ColNum = 5;
const COL_AMOUNT: ColNum = 8;
/// 1 for an invoiced line, 0 for an adjustment (shown `ja`/`nej`): what the
/// totals' formulas select on, so that they depend on no display word.
const COL_INVOICED: ColNum = 9;

/// The workbook: `Rader` (every line), `Per kommun` and `Per verksamhet`
/// (SUMIFS over `Rader`, Summa rows as SUM), then `Underlag`. The lines are
/// made twice, never held: once to fit `Rader`'s columns, once as its rows,
/// written straight into the saved workbook ([`xlsx_rows`]).
pub fn xlsx(
    t: &Tariff,
    lines: &Lines,
    sources: &[Source],
    recipe: &Recipe,
) -> Result<Vec<u8>, WorkbookError> {
    // The header and every line: more than a worksheet holds is an error
    // before any line is made.
    if lines.len() as u64 >= xlsx_rows::ROW_LIMIT {
        return Err(WorkbookError::Refused(msg!(
            "xlsx-too-many-lines",
            lines = lines.len(),
            limit = xlsx_rows::ROW_LIMIT - 1
        )));
    }
    let totals = lines.totals();
    let (rader, rows) = lines_sheet(t, lines)?;
    let sheets = vec![
        rader,
        municipalities_sheet(&totals)?,
        activities_sheet(t, &totals)?,
        matrix_sheet(t, &totals)?,
        xlsx::underlag(sources, &[])?,
    ];
    let book = xlsx::workbook(
        &format!("{} – avgifter {}", t.name, lines.year),
        lines.year,
        sheets,
        sources,
        recipe,
    )?;
    Ok(rows.splice(book, |rows| {
        let mut cells = RaderCells::new(t, lines.year);
        lines.for_each(|l| rows.row(&cells.of(l)))
    })?)
}

/// A line's cells on `Rader`, in the columns of [`SV_COLUMNS`] and
/// `Faktureras`.
struct RaderCells<'t> {
    tariff: &'t Tariff,
    year: Decimal,
    code: String,
    /// The activity of the previous line, its note and name.
    activity: (String, Option<Decimal>, String),
}

impl<'t> RaderCells<'t> {
    fn new(tariff: &'t Tariff, year: i32) -> Self {
        RaderCells {
            tariff,
            year: Decimal::from(year),
            code: String::new(),
            activity: (String::new(), None, String::new()),
        }
    }

    fn of<'a>(&'a mut self, l: &'a LineRef) -> [xlsx_rows::Cell<'a>; 10] {
        use xlsx_rows::Cell;
        if self.activity.0 != l.activity {
            self.activity = (
                l.activity.to_string(),
                note(self.tariff, l.activity).map(Decimal::from),
                activity_name(self.tariff, l.activity),
            );
        }
        self.code.clear();
        if let Some(c) = l.code {
            let _ = write!(self.code, "{c}");
        }
        let invoiced = if l.kind.invoiced() {
            Decimal::ONE
        } else {
            Decimal::ZERO
        };
        [
            Cell::Number(self.year),
            self.activity.1.map_or(Cell::Empty, Cell::Number),
            Cell::Text(&self.activity.2),
            Cell::Text(l.kind.label_sv()),
            Cell::Text(&self.code),
            Cell::Text(l.party),
            Cell::Text(l.charge),
            Cell::Text(l.basis),
            Cell::Number(l.amount),
            Cell::Number(invoiced),
        ]
    }
}

/// `Rader`'s number formats by column; `None` for a text column.
const RADER_NUMBERS: [Option<Num>; 10] = [
    Some(Num::Int),
    Some(Num::Int),
    None,
    None,
    None,
    None,
    None,
    None,
    Some(Num::Kr),
    Some(Num::YesNo),
];

/// `Rader` without its rows: the header, the columns fitted to every line,
/// the filter over all of them, and the prototype row that
/// [`xlsx_rows::Streamed::splice`] replaces with the lines.
fn lines_sheet(t: &Tariff, lines: &Lines) -> Result<(Worksheet, xlsx_rows::Streamed), WorkbookError> {
    let last = RowNum::try_from(lines.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let mut s = Sheet::new(LINES)?;
    let mut titles = SV_COLUMNS.to_vec();
    titles.push("Faktureras");
    s.header(0, &titles)?;
    let mut cells = RaderCells::new(t, lines.year);
    let mut row: RowNum = 0;
    lines.for_each(|l| {
        row += 1;
        for (col, (cell, num)) in (0..).zip(cells.of(l).iter().zip(RADER_NUMBERS)) {
            match (*cell, num) {
                (xlsx_rows::Cell::Text(text), _) => {
                    // Said here, with its place, rather than when the
                    // rows are written.
                    xlsx_rows::check_text(text).map_err(|_| {
                        WorkbookError::Refused(msg!(
                            "xlsx-text-too-long",
                            cell = format!("{LINES}!{}", xlsx::cell(row, col)),
                            column = titles[usize::from(col)],
                            length = text.chars().count()
                        ))
                    })?;
                    s.fit_text(col, text);
                }
                (xlsx_rows::Cell::Number(value), Some(num)) => s.fit_number(col, value, num),
                _ => {}
            }
        }
        Ok::<(), WorkbookError>(())
    })?;
    let rows = xlsx_rows::Streamed {
        sheet: 1,
        first_row: 1,
        numbers: RADER_NUMBERS.iter().map(Option::is_some).collect(),
        rows: lines.len() as u64,
    };
    rows.prototype(|row, col| match RADER_NUMBERS[usize::from(col)] {
        Some(num) => s.prototype_number(row, col, num),
        None => Ok(()),
    })?;
    s.filter(0, last, COL_INVOICED)?;
    Ok((s.finish()?, rows))
}

/// `SUMIFS` of the lines' amounts where each column equals its criterion.
fn sumifs(criteria: &[(ColNum, String)]) -> String {
    let mut f = format!("SUMIFS({}", xlsx::column_of(LINES, COL_AMOUNT));
    for (col, criterion) in criteria {
        f.push_str(&format!(",{},{criterion}", xlsx::column_of(LINES, *col)));
    }
    f.push(')');
    f
}

fn municipalities_sheet(o: &Outcome) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Per kommun")?;
    s.header(0, &["Kod", "Part", "Typ", "Belopp, kr"])?;
    let mut municipalities: Vec<_> = o.municipality_totals().into_iter().collect();
    municipalities.sort_by_cached_key(|(code, (name, _))| (sv::collation_key(name), *code));
    let mut row = 0;
    let mut total = Decimal::ZERO;
    for (code, (name, amount)) in municipalities {
        row += 1;
        total += amount;
        s.text(row, 0, &code.to_string(), false)?;
        s.text(row, 1, &name, false)?;
        s.text(row, 2, Kind::Municipality.label_sv(), false)?;
        // Only a municipality's lines carry its code.
        let f = sumifs(&[(COL_CODE, xlsx::cell(row, 0))]);
        s.formula(row, 3, &f, Some(amount), Num::Kr, false)?;
    }
    for (_, (name, amount)) in o.payer_totals() {
        row += 1;
        total += amount;
        s.text(row, 1, &name, false)?;
        s.text(row, 2, Kind::External.label_sv(), false)?;
        // An external payer's lines: invoiced, without a code, its name.
        let f = sumifs(&[
            (COL_PARTY, xlsx::cell(row, 1)),
            (COL_CODE, xlsx::literal("")),
            (COL_INVOICED, "1".to_string()),
        ]);
        s.formula(row, 3, &f, Some(amount), Num::Kr, false)?;
    }
    // Avgifter over the rows; Justeringar the lines not invoiced; Netto both.
    let totals = Totals::of(o);
    let charges = row + 1;
    let formulas = [
        xlsx::sum(3, 1, row),
        sumifs(&[(COL_INVOICED, "0".to_string())]),
        format!("{}+{}", xlsx::cell(charges, 3), xlsx::cell(charges + 1, 3)),
    ];
    for ((r, label), (f, value)) in (charges..).zip(LABELS).zip(formulas.iter().zip(totals.rows())) {
        s.text(r, 1, label, true)?;
        s.formula(r, 3, f, Some(value), Num::Kr, true)?;
    }
    debug_assert_eq!(totals.charges, total);
    s.finish()
}

/// `Kommun × verksamhet`: each cell a SUMIFS over `Rader` (the party's
/// invoiced lines in the activity), each activity's adjustments the lines
/// not invoiced; the totals formulas over the sheet.
fn matrix_sheet(t: &Tariff, o: &Outcome) -> Result<Worksheet, XlsxError> {
    let m = Matrix::of(t, o);
    let title = format!("{} – avgifter {} per kommun och verksamhet", t.name, o.year);
    let cell = |r: &MatrixRow, _: &MatrixColumn, row: RowNum, col: ColNum, value: Decimal| {
        let activity = (COL_ACTIVITY, xlsx::cell(matrix::HEAD_ROW, col));
        let f = match r.code {
            // Only a municipality's lines carry its code.
            Some(_) => sumifs(&[activity, (COL_CODE, xlsx::cell(row, 0))]),
            None => sumifs(&[
                activity,
                (COL_PARTY, xlsx::cell(row, 1)),
                (COL_CODE, xlsx::literal("")),
                (COL_INVOICED, "1".to_string()),
            ]),
        };
        (Some(f), value)
    };
    let adjustments = |_: &MatrixColumn, col: ColNum, value: Decimal| {
        let f = sumifs(&[
            (COL_ACTIVITY, xlsx::cell(matrix::HEAD_ROW, col)),
            (COL_INVOICED, "0".to_string()),
        ]);
        (Some(f), value)
    };
    matrix::sheet(&m, &title, &cell, &adjustments)
}

fn activities_sheet(t: &Tariff, o: &Outcome) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new("Per verksamhet")?;
    s.header(
        0,
        &[
            "Not",
            "Verksamhet",
            "Avgifter, kr",
            "Justeringar, kr",
            "Netto, kr",
        ],
    )?;
    let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
    let mut row = 0;
    for (id, inv, adj) in activity_totals(t, o) {
        row += 1;
        ti += inv;
        ta += adj;
        if let Some(n) = note(t, &id) {
            s.number(row, 0, Decimal::from(n), Num::Int, false)?;
        }
        s.text(row, 1, &activity_name(t, &id), false)?;
        let this = xlsx::cell(row, 1);
        let invoiced = sumifs(&[(COL_ACTIVITY, this.clone()), (COL_INVOICED, "1".to_string())]);
        s.formula(row, 2, &invoiced, Some(inv), Num::Kr, false)?;
        let adjustments = sumifs(&[(COL_ACTIVITY, this), (COL_INVOICED, "0".to_string())]);
        s.formula(row, 3, &adjustments, Some(adj), Num::Kr, false)?;
        let net = format!("{}+{}", xlsx::cell(row, 2), xlsx::cell(row, 3));
        s.formula(row, 4, &net, Some(inv + adj), Num::Kr, false)?;
    }
    let summa = row + 1;
    s.text(summa, 1, "Summa", true)?;
    for (col, value) in [(2, ti), (3, ta), (4, ti + ta)] {
        s.formula(summa, col, &xlsx::sum(col, 1, row), Some(value), Num::Kr, true)?;
    }
    s.finish()
}

/// The lines and totals as JSON, with the recipe that made them.
pub fn json(t: &Tariff, o: &Outcome, recipe: &Recipe) -> String {
    let lines: Vec<_> = o
        .lines
        .iter()
        .map(|l| {
            json!({
                "note": note(t, &l.activity),
                "activity_id": &*l.activity,
                "activity": activity_name(t, &l.activity),
                "kind": l.kind.as_str(),
                "code": l.code.map(|c| c.to_string()),
                "payer": l.payer,
                "party": &*l.party,
                "charge": &*l.charge,
                "basis": l.basis,
                "amount": json::amount(l.amount),
                "exact": json::whole(l.exact),
            })
        })
        .collect();
    let municipalities: Vec<_> = o
        .municipality_totals()
        .into_iter()
        .map(|(code, (party, amount))| json!({"code": code.to_string(), "party": party, "amount": json::amount(amount)}))
        .collect();
    let payers: Vec<_> = o
        .payer_totals()
        .into_iter()
        .map(|(id, (party, amount))| json!({"payer": id, "party": party, "amount": json::amount(amount)}))
        .collect();
    let activities: Vec<_> = activity_totals(t, o)
        .into_iter()
        .map(|(id, invoiced, adjustments)| {
            json!({
                "note": note(t, &id),
                "activity_id": id,
                "activity": activity_name(t, &id),
                "charges": json::amount(invoiced),
                "adjustments": json::amount(adjustments),
                "net": json::amount(invoiced + adjustments),
            })
        })
        .collect();
    let totals = Totals::of(o);
    json::text(&json!({
        "provenance": recipe.to_json(),
        "tariff": t.name,
        "year": o.year,
        "lines": lines,
        "totals": {
            "municipalities": municipalities,
            "payers": payers,
            "activities": activities,
            "charges": json::amount(totals.charges),
            "adjustments": json::amount(totals.adjustments),
            "net": json::amount(totals.net()),
        },
    }))
}

/// (activity id, invoiced, adjustments) in note order.
fn activity_totals(t: &Tariff, o: &Outcome) -> Vec<(String, Decimal, Decimal)> {
    let mut v: Vec<(String, Decimal, Decimal)> = o
        .activity_totals()
        .into_iter()
        .map(|(id, (inv, adj))| (id.to_string(), inv, adj))
        .collect();
    v.sort_by_key(|(id, _, _)| t.activity_order(id));
    v
}

/// The three totals (`Avgifter`, `Justeringar`, `Netto`) as footer rows:
/// the label in column `at`, `blank` empty cells, then the amount.
pub fn totals_footer(table: &mut Table, at: usize, blank: usize, totals: &Totals) {
    for (label, amount) in LABELS.iter().zip(totals.rows()) {
        let mut row = vec![String::new(); at];
        row.push(label.to_string());
        row.extend(std::iter::repeat_n(String::new(), blank));
        row.push(sv::kr_int(amount));
        table.footer(row);
    }
}

/// The outcome as the terminal table: per activity its charges' lines,
/// subtotals and the grand total.
///
/// Long on purpose: one table whose column widths, subtotal rows and
/// what-if heading are laid out together in one pass.
pub fn table(t: &Tariff, o: &Outcome) -> String {
    let mut out = format!("{} – avgifter {}\n", t.name, o.year);
    let mut current: Option<&str> = None;
    let mut section: Option<Table> = None;
    let flush = |out: &mut String, section: &mut Option<Table>| {
        if let Some(s) = section.take() {
            out.push_str(&s.render());
        }
    };
    let mut sum = Totals::default();
    for l in &o.lines {
        if current != Some(&*l.activity) {
            if let Some(s) = section.as_mut() {
                totals_footer(s, 0, 2, &sum);
            }
            flush(&mut out, &mut section);
            sum = Totals::default();
            current = Some(&l.activity);
            let heading = match note(t, &l.activity) {
                Some(n) => format!("Not {n}  {}", activity_name(t, &l.activity)),
                None => activity_name(t, &l.activity),
            };
            out.push_str(&format!("\n{heading}\n"));
            section = Some(Table::new(&[
                ("Part", Align::Left),
                ("Avgift", Align::Left),
                ("Underlag", Align::Left),
                ("Belopp, kr", Align::Right),
            ]));
        }
        sum.add(l.kind, l.amount);
        let party = l.party.to_string();
        if let Some(s) = section.as_mut() {
            let charge = t
                .charges
                .get(&*l.charge)
                .and_then(|c| c.name.clone())
                .unwrap_or_else(|| l.charge.to_string());
            s.row(vec![party, charge, l.basis.clone(), sv::kr_int(l.amount)]);
        }
    }
    if let Some(s) = section.as_mut() {
        totals_footer(s, 0, 2, &sum);
    }
    flush(&mut out, &mut section);

    out.push_str("\nPer kommun\n");
    let mut per = Table::new(&[
        ("Kod", Align::Left),
        ("Kommun", Align::Left),
        ("Belopp, kr", Align::Right),
    ]);
    let mut municipalities: Vec<_> = o.municipality_totals().into_iter().collect();
    municipalities.sort_by_cached_key(|(code, (name, _))| (sv::collation_key(name), *code));
    for (code, (name, amount)) in municipalities {
        per.row(vec![code.to_string(), name, sv::kr_int(amount)]);
    }
    for (_, (name, amount)) in o.payer_totals() {
        per.row(vec![String::new(), name, sv::kr_int(amount)]);
    }
    totals_footer(&mut per, 1, 0, &Totals::of(o));
    out.push_str(&per.render());

    out.push_str("\nPer verksamhet\n");
    let mut acts = Table::new(&[
        ("Not", Align::Right),
        ("Verksamhet", Align::Left),
        ("Avgifter, kr", Align::Right),
        ("Justeringar, kr", Align::Right),
        ("Netto, kr", Align::Right),
    ]);
    let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
    for (id, inv, adj) in activity_totals(t, o) {
        ti += inv;
        ta += adj;
        acts.row(vec![
            note(t, &id).map(|n| n.to_string()).unwrap_or_default(),
            activity_name(t, &id),
            sv::kr_int(inv),
            sv::kr_int(adj),
            sv::kr_int(inv + adj),
        ]);
    }
    acts.footer(vec![
        String::new(),
        "Summa".into(),
        sv::kr_int(ti),
        sv::kr_int(ta),
        sv::kr_int(ti + ta),
    ]);
    out.push_str(&acts.render());
    out
}
