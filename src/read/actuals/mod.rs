//! Actuals: what each party was charged per activity in a year, in kronor.
//!
//! Columns are found by name: `year,note,activity,kind,code,party,amount`
//! (`year`, `note` and `code` may be left out where they do not apply; other
//! columns such as `charge` and `basis` are ignored, so the CSV that
//! `avgift calc` writes is itself an actuals file), or by their Swedish
//! names as the `excel-sv` CSV heads them (`År;Not;Verksamhet;Typ;Kod;Part;
//! …;Belopp, kr`), with kinds in either language (`kommun`, `extern`,
//! `justering`, `summa`). With `;` or tab between fields an amount may have
//! a decimal comma (`228000,00`), as Swedish Excel saves it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

mod amount;
mod note_table;

use amount::{external_party, other_years_line, parse_amount, year_column};

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::actuals::{ActualRow, Actuals, Figures};
use crate::engine::code::Code;
use crate::engine::outcome::Kind;
use crate::msg;
use crate::msg::Message;
use crate::read::records::{CsvOptions, CsvRecords};
use crate::read::text;

pub fn read_actuals(ctx: &crate::context::Context, path: &Path) -> Result<Actuals, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Actuals)?;
    parse_actuals(&bytes, path)
}

/// Actuals read and parsed ahead, on another thread, while the tariff that
/// names them is still being read. Nothing of the run is touched until
/// they are taken by [`take_actuals`].
pub struct ReadAhead {
    path: PathBuf,
    read: Result<(Vec<u8>, Result<Actuals, Diagnostics>), Diagnostic>,
}

pub fn read_ahead(path: PathBuf) -> ReadAhead {
    let read =
        crate::context::input::read_bounded(&path, crate::context::input::Input::Actuals).map(|bytes| {
            let parsed = parse_actuals(&bytes, &path);
            (bytes, parsed)
        });
    ReadAhead { path, read }
}

/// The actuals at `path`: those read ahead if they are this file (noted as
/// an input now, in the run's order), else read now.
pub fn take_actuals(
    ctx: &crate::context::Context,
    path: &Path,
    ahead: Option<ReadAhead>,
) -> Result<Actuals, Diagnostics> {
    match ahead {
        Some(a) if a.path == path => {
            let (bytes, parsed) = a.read?;
            crate::context::input::note_read(ctx, path, crate::context::input::Input::Actuals, &bytes)?;
            parsed
        }
        _ => read_actuals(ctx, path),
    }
}

/// Actuals from the bytes of a CSV file (`path` names it in messages).
pub fn parse_actuals(bytes: &[u8], path: &Path) -> Result<Actuals, Diagnostics> {
    if let Some(d) = crate::read::workbook::refuse(bytes, path, crate::read::workbook::Reads::Actuals) {
        return Err(d.into());
    }
    let (text, _) = text::decode(bytes);
    let err = |line: usize, m: Message| Diagnostic::new(m).in_file(path).at_line(line);
    let mut records = CsvRecords::new(&text, CsvOptions::default());
    let delimiter = records.delimiter();
    let (_, headers) = records.header().map_err(|d| d.in_file(path))?;
    let columns = match Columns::find(&headers) {
        Ok(c) => c,
        // The annual report's layout: a note's title, then its table.
        Err(_) if note_table::is_title(&headers) => return note_table::parse(&text, path, delimiter),
        Err(m) => return Err(err(1, m).into()),
    };

    let mut actuals = Actuals {
        year: columns.amount_year,
        ..Actuals::default()
    };
    // Without a `status` column, the lines a tariff computed (`calc`'s
    // CSV, with its `charge` column) are a budget; others the outcome.
    if columns.status.is_none() && columns.charge {
        actuals.figures = Figures::Budget;
    }
    let mut status_line = 0;
    let mut problems = Diagnostics::new();
    let mut tkr_rows = 0usize;
    while let Some(record) = records.next_record() {
        let (line, record) = match record {
            Ok(r) => (r.line, r.fields),
            Err(e) => {
                problems.push(e.diagnostic().in_file(path));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            problems.push(err(
                line,
                msg!("csv-field-count", expected = headers.len(), found = record.len()),
            ));
            continue;
        }
        let mut row = Row {
            line,
            fields: record,
            problems: Vec::new(),
        };
        if let Some(c) = columns.status {
            row.status(c, &mut actuals, &mut status_line);
        }
        let read = row.read(&columns, delimiter, &mut actuals);
        for m in row.problems {
            problems.push(err(line, m));
        }
        if let Some((actual, in_tkr)) = read {
            // Of several years' columns, an adjustment of zero in the year
            // read is a line of another year.
            if columns.chosen.is_some() && other_years_line(&actual) {
                continue;
            }
            tkr_rows += usize::from(in_tkr);
            actuals.rows.push(actual);
        }
    }
    if problems.is_empty() && actuals.rows.is_empty() {
        problems.push(err(1, msg!("actuals-no-rows")));
    }
    if tkr_rows > 0 {
        actuals
            .read_notes
            .push(msg!("number-form-tkr-read", rows = msg::count(tkr_rows)));
    }
    if let Some(note) = columns.chosen {
        actuals.read_notes.push(note);
    }
    problems.into_result(actuals)
}

/// The names each column goes by (compared with the header folded: lower
/// case, runs of whitespace as one space): English, as `calc`'s CSV heads
/// them, and Swedish, as the `excel-sv` CSV, the workbooks and Swedish
/// offices head them.
const COLUMNS: &[(&str, &[&str])] = &[
    ("year", &["year", "år"]),
    ("note", &["note", "not"]),
    ("activity", &["activity", "verksamhet"]),
    ("kind", &["kind", "typ"]),
    ("code", crate::read::scb::vocabulary::CODE_HEADERS),
    (
        "party",
        &[
            "party",
            "part",
            "name",
            "namn",
            "kommun",
            "kommunnamn",
            "line",
            "rad",
        ],
    ),
    (
        "amount",
        &["amount", "belopp", "belopp, kr", "belopp (kr)", "belopp kr", "kr"],
    ),
    (
        "amount_tkr",
        &["tkr", "belopp, tkr", "belopp (tkr)", "belopp tkr", "amount, tkr"],
    ),
    ("status", &["status"]),
    ("charge", &["charge", "avgift"]),
];

/// Where a row's fields are.
struct Columns {
    year: Option<usize>,
    note: Option<usize>,
    activity: usize,
    kind: usize,
    code: Option<usize>,
    party: Option<usize>,
    amount: usize,
    /// The amount column's header says tkr: a bare figure is thousands.
    amount_in_tkr: bool,
    /// The year an amount column headed by its year names (`2023, kr`).
    amount_year: Option<i32>,
    /// Which of several years' columns was read, for `check` to say.
    chosen: Option<Message>,
    /// What the amounts are (`actual`/`utfall` or `budget`).
    status: Option<usize>,
    /// A `charge` column: the lines `calc` computed.
    charge: bool,
}

impl Columns {
    /// The columns a header names, or why it is not an actuals header.
    fn find(headers: &csv::StringRecord) -> Result<Columns, Message> {
        let folded: Vec<String> = headers.iter().map(crate::read::scb::vocabulary::fold).collect();
        let col = |role: &str| {
            let names = COLUMNS
                .iter()
                .find(|(r, _)| *r == role)
                .map_or(&[][..], |(_, n)| *n);
            folded.iter().position(|h| names.contains(&h.as_str()))
        };
        let (amount, amount_in_tkr, amount_year, chosen) = match (col("amount"), col("amount_tkr")) {
            (Some(a), _) => (Some(a), false, None, None),
            (None, Some(a)) => (Some(a), true, None, None),
            (None, None) => Self::by_year(headers),
        };
        let (Some(activity), Some(kind), Some(amount)) = (col("activity"), col("kind"), amount) else {
            let found = headers.iter().collect::<Vec<_>>().join(",");
            return Err(msg!("actuals-header", found = found));
        };
        Ok(Columns {
            year: col("year"),
            note: col("note"),
            activity,
            kind,
            code: col("code"),
            party: col("party"),
            amount,
            amount_in_tkr,
            amount_year,
            chosen,
            status: col("status"),
            charge: col("charge").is_some(),
        })
    }

    /// The amount column among columns headed by their years: the latest
    /// year's (the year a report is about; the others are its comparison),
    /// in kronor where both kronor and tkr are given. What was chosen is
    /// said when there was a choice.
    #[allow(clippy::type_complexity)]
    fn by_year(headers: &csv::StringRecord) -> (Option<usize>, bool, Option<i32>, Option<Message>) {
        let years: Vec<(usize, i32, bool)> = headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| year_column(h).map(|(y, tkr)| (i, y, tkr.unwrap_or(false))))
            .collect();
        let Some(&(i, year, tkr)) = years
            .iter()
            .max_by_key(|(i, y, tkr)| (*y, !*tkr, std::cmp::Reverse(*i)))
        else {
            return (None, false, None, None);
        };
        let chosen = (years.len() > 1).then(|| {
            let others: Vec<String> = years
                .iter()
                .filter(|(j, _, _)| *j != i)
                .map(|(j, _, _)| headers[*j].to_string())
                .collect();
            msg!(
                "header-year-column-read",
                column = msg::quoted(&headers[i]),
                others = others.join(", ")
            )
        });
        (Some(i), tkr, Some(year), chosen)
    }
}

/// One row being read: its fields and what is wrong with them.
struct Row<'r> {
    line: usize,
    fields: &'r csv::StringRecord,
    problems: Vec<Message>,
}

impl Row<'_> {
    fn field(&self, c: Option<usize>) -> &str {
        c.and_then(|c| self.fields.get(c)).unwrap_or("")
    }

    /// The row's `status`: the first sets what the file's figures are
    /// (and the line that said it), a later one must agree.
    fn status(&mut self, col: usize, actuals: &mut Actuals, status_line: &mut usize) {
        let found = self.field(Some(col));
        match Figures::parse(found) {
            Some(f) if *status_line == 0 => {
                actuals.figures = f;
                *status_line = self.line;
            }
            Some(f) if f != actuals.figures => {
                let m = msg!(
                    "budget-status-differs",
                    found = msg::quoted(found),
                    line = *status_line
                );
                self.problems.push(m);
            }
            Some(_) => {}
            None => {
                let m = msg!("budget-status-unknown", found = msg::quoted(found));
                self.problems.push(m);
            }
        }
    }

    /// The row as an actual amount and whether it was read in tkr, or
    /// `None` with its problems noted; the file's year is checked against
    /// (or set by) this row's.
    fn read(&mut self, c: &Columns, delimiter: u8, actuals: &mut Actuals) -> Option<(ActualRow, bool)> {
        if let Some(col) = c.year {
            self.year(col, actuals);
        }
        let note = match self.field(c.note) {
            "" => None,
            s => match s.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.problems
                        .push(msg!("actuals-expected-note", found = msg::quoted(s)));
                    None
                }
            },
        };
        let activity = self.field(Some(c.activity)).to_string();
        if activity.is_empty() {
            self.problems.push(msg!("actuals-missing-activity"));
        }
        let kind = Kind::parse(self.field(Some(c.kind)));
        if kind.is_none() {
            let found = msg::quoted(self.field(Some(c.kind)));
            self.problems.push(msg!("actuals-expected-kind", found = found));
        }
        let party = self.field(c.party).to_string();
        let code = kind.and_then(|k| self.code(k, c.code, &party));
        for (column, text) in [("activity", activity.as_str()), ("party", party.as_str())] {
            if let Some(why) = text::control_character(text) {
                self.problems
                    .push(msg!("csv-column-control", column = column, why = why));
            }
        }
        if party.is_empty() && matches!(kind, Some(Kind::External | Kind::Adjustment)) {
            self.problems.push(msg!("actuals-party-needed"));
        }
        let amount = parse_amount(self.field(Some(c.amount)), delimiter, c.amount_in_tkr)
            .map_err(|e| self.problems.push(e))
            .ok();
        let (Some(kind), Some((amount, in_tkr)), true) = (kind, amount, self.problems.is_empty()) else {
            return None;
        };
        let party = match kind {
            _ if party.is_empty() => code.map(|c| c.to_string()).unwrap_or_default(),
            // The notes' label of a payer's line (`Fakturerat HSNK`) names the payer.
            Kind::External => external_party(&party).to_string(),
            _ => party,
        };
        let row = ActualRow {
            note,
            activity,
            kind,
            code,
            party,
            amount,
        };
        Some((row, in_tkr))
    }

    /// Checks the row's year against the file's (the first row's sets it).
    fn year(&mut self, col: usize, actuals: &mut Actuals) {
        let found = self.field(Some(col));
        match found.parse::<i32>() {
            Ok(y) => match actuals.year {
                Some(first) if actuals.year_line > 0 && first != y => {
                    let line = actuals.year_line;
                    self.problems
                        .push(msg!("actuals-year-differs", year = y, first = first, line = line));
                }
                Some(_) if actuals.year_line > 0 => {}
                _ => {
                    actuals.year = Some(y);
                    actuals.year_line = self.line;
                }
            },
            Err(_) => self
                .problems
                .push(msg!("actuals-expected-year", found = msg::quoted(found))),
        }
    }

    /// A municipality row's code: its code column, or else what its party
    /// says, as a population file's region field (`1490`, `1490 Borås`, or a
    /// name as `population import` resolves names: `Borås`, `Borås Stad`);
    /// other rows have none.
    fn code(&mut self, kind: Kind, col: Option<usize>, party: &str) -> Option<Code> {
        let written = self.field(col).to_string();
        let result = match (kind, written.as_str(), party) {
            (Kind::Municipality, "", "") => Err(msg!("actuals-code-needed")),
            (Kind::Municipality, "", name) => crate::read::scb::vocabulary::municipality_of(name)
                .map(|(code, _)| code)
                .map_err(|why| msg!("name-party-unknown", why = why)),
            (Kind::Municipality, s, _) => Code::from_str(s),
            (_, "", _) => return None,
            (_, s, _) => Err(msg!("actuals-code-not-municipality", found = msg::quoted(s))),
        };
        result.map_err(|m| self.problems.push(m)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn read(bytes: &[u8]) -> Result<Actuals, Vec<String>> {
        parse_actuals(bytes, Path::new("a.csv")).map_err(|d| d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn swedish_headers_kinds_and_decimal_commas() {
        let english = read(
            b"year,note,activity,kind,code,party,amount\n2022,8,DSO,municipality,1490,Bor\xC3\xA5s,858550.50\n2022,8,DSO,external,,HSNK,100000\n",
        )
        .unwrap();
        // As Swedish Excel saves the excel-sv CSV: `;`, decimal comma, Windows-1252.
        let swedish = read(
            b"\xC5r;Not;Verksamhet;Typ;Kod;Part;Avgift;Underlag;Belopp, kr\r\n2022;8;DSO;kommun;1490;Bor\xE5s;dso;;858 550,50\r\n2022;8;DSO;Extern;;HSNK;nvs;;100000,00\r\n",
        )
        .unwrap();
        assert_eq!(english.rows, swedish.rows);
        assert_eq!(swedish.year, Some(2022));
    }

    #[test]
    fn a_comma_in_a_comma_separated_amount_is_refused() {
        let err = read(b"activity,kind,code,amount\nDSO,municipality,1490,\"1,234\"\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("a.csv:2: amount: \"1,234\" is ambiguous in a comma-separated file"),
            "{err:?}"
        );
    }

    #[test]
    fn amounts_as_shown_in_swedish_spreadsheets() {
        // The calc workbook's `Rader` saved "as shown" by a Swedish LibreOffice.
        let shown = read(
            "År;Not;Verksamhet;Typ;Kod;Part;Avgift;Underlag;Belopp, kr;Faktureras\n2023;8;DSO;kommun;1490;Borås;dso;114 091 inv × 6,53 kr;880\u{a0}014 kr;ja\n2023;8;DSO;justering;;Överskott 2023;;;\u{2212}342\u{a0}000 kr;nej\n"
                .as_bytes(),
        )
        .unwrap();
        let amounts: Vec<Decimal> = shown.rows.iter().map(|r| r.amount).collect();
        assert_eq!(
            amounts,
            ["880014".parse::<Decimal>().unwrap(), "-342000".parse().unwrap()]
        );
        assert!(shown.read_notes.is_empty());
    }

    #[test]
    fn tkr_is_thousands_and_said() {
        let a = read(
            "Verksamhet;Typ;Kod;Belopp\nDSO;kommun;1490;880 tkr\nDSO;kommun;1463;364 863 kr\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(a.rows[0].amount, "880000".parse::<Decimal>().unwrap());
        assert_eq!(a.rows[1].amount, "364863".parse::<Decimal>().unwrap());
        assert_eq!(
            a.read_notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["note: 1 amount in tkr, read as kronor (× 1 000)"]
        );
        // A column headed in tkr: its bare figures are thousands.
        let a = read(
            b"note,activity,line,kind,code,tkr,previous_tkr\n8,DSO,Bor\xC3\xA5s,municipality,1490,880,859\n",
        )
        .unwrap();
        assert_eq!(a.rows[0].amount, "880000".parse::<Decimal>().unwrap());
        assert_eq!(a.rows[0].party, "Borås");
        let err = read("Verksamhet;Typ;Kod;Belopp\nDSO;kommun;1490;2,5 %\n".as_bytes()).unwrap_err();
        assert_eq!(
            err,
            ["a.csv:2: amount: \"2,5 %\" is a percentage where an amount in kronor belongs: write the amount in kr or tkr"]
        );
    }

    #[test]
    fn amount_columns_headed_by_their_years() {
        // The model's `Noter` sheet: the latest year, in kronor.
        let a = read(
            "Not;Verksamhet;Rad;Typ;Kod;2023, kr;2023, tkr;2022, kr;2022, tkr\n8;DSO;Borås;kommun;1490;880 014 kr;880;859 000 kr;859\n8;DSO;Summa;summa;;2 228 839 kr;2 229;2 508 000 kr;2 508\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(a.year, Some(2023));
        assert_eq!(a.rows[0].amount, "880014".parse::<Decimal>().unwrap());
        assert_eq!(a.rows[1].kind, Kind::Total);
        assert_eq!(
            a.read_notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["note: the amounts read are column \"2023, kr\", the latest year's; the file also has 2023, tkr, 2022, kr, 2022, tkr"]
        );
        let a = read("Verksamhet;Typ;Kod;2022 (utfall)\nDSO;kommun;1490;859 000\n".as_bytes()).unwrap();
        assert_eq!((a.year, a.read_notes.len()), (Some(2022), 0));
    }

    #[test]
    fn municipality_rows_may_name_their_municipality() {
        let a = read("Verksamhet;Typ;Kommun;Belopp\nDSO;kommun;Borås Stad;880 014\n".as_bytes()).unwrap();
        assert_eq!(a.rows[0].code, Some("1490".parse().unwrap()));
        let a = read("Verksamhet;Typ;Kommun;Belopp\nDSO;kommun;1490 Borås;1\nDSO;kommun;1463;2\n".as_bytes())
            .unwrap();
        let codes: Vec<String> = a.rows.iter().map(|r| r.code.unwrap().to_string()).collect();
        assert_eq!(codes, ["1490", "1463"]);
        assert_eq!(
            read("Verksamhet;Typ;Kommun;Belopp\nDSO;kommun;Borrås;1\n".as_bytes()).unwrap_err(),
            ["a.csv:2: unknown municipality \"Borrås\"; did you mean \"Borås\" (1490) or \"Torsås\" (0834)? (A municipality row needs its code, or its party written as the municipality's name.)"]
        );
    }

    #[test]
    fn note_tables_as_the_annual_report_lays_them_out() {
        // One table with kronor columns (as `avgift notes` writes it), one in tkr only.
        let text = "8 Medlemsavgifter Dataskyddsombud (DSO);;;;\n\
                    Tkr;2023;2022;2023, kr;2022, kr\n\
                    Borås;880;859;880 014 kr;859 000 kr\n\
                    Marks kommun;365;355;364 863 kr;355 000 kr\n\
                    Överskott 2023;-342;0;\u{2212}342 000 kr;0 kr\n\
                    Beslutade projekt 2022;;-200;;-200 000 kr\n\
                    Summa;903;1 014;902 877 kr;1 014 000 kr\n\
                    \n\
                    12 Medlemsavgifter NVS;;\n\
                    Tkr;2023;2022\n\
                    Borås;685;577\n\
                    Fakturerat HSNK;1 370;1 151\n";
        let a = read(text.as_bytes()).unwrap();
        type Row<'a> = (Option<u32>, &'a str, Kind, Option<String>, &'a str, Decimal);
        let rows: Vec<Row> = a
            .rows
            .iter()
            .map(|r| {
                (
                    r.note,
                    r.activity.as_str(),
                    r.kind,
                    r.code.map(|c| c.to_string()),
                    r.party.as_str(),
                    r.amount,
                )
            })
            .collect();
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let dso = "Medlemsavgifter Dataskyddsombud (DSO)";
        assert_eq!(
            rows,
            [
                (
                    Some(8),
                    dso,
                    Kind::Municipality,
                    Some("1490".into()),
                    "Borås",
                    d("880014")
                ),
                (
                    Some(8),
                    dso,
                    Kind::Municipality,
                    Some("1463".into()),
                    "Marks kommun",
                    d("364863")
                ),
                (
                    Some(8),
                    dso,
                    Kind::Adjustment,
                    None,
                    "Överskott 2023",
                    d("-342000")
                ),
                (Some(8), dso, Kind::Total, None, "Summa", d("902877")),
                (
                    Some(12),
                    "Medlemsavgifter NVS",
                    Kind::Municipality,
                    Some("1490".into()),
                    "Borås",
                    d("685000")
                ),
                (
                    Some(12),
                    "Medlemsavgifter NVS",
                    Kind::External,
                    None,
                    "HSNK",
                    d("1370000")
                ),
            ]
        );
        assert_eq!(a.year, Some(2023));
        assert_eq!(
            a.read_notes.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "note: read as 2 note tables (a title with the note's number and activity, then the unit and the years): a row naming a municipality is the municipality's, Summa is the total, Fakturerat … an external payer's, and any other row an adjustment",
                "note: the amounts read are column \"2023, kr\" of each table, the latest year's",
                "note: 2 amounts in tkr, read as kronor (× 1 000)",
            ]
        );
    }

    #[test]
    fn note_tables_refuse_what_they_cannot_tell() {
        assert_eq!(
            read("8 D\u{1b}SO;;\nTkr;2023\nBorås;1\n".as_bytes()).unwrap_err(),
            ["a.csv:1: column activity: found a control character (U+001B) at character 2: names and labels are one line of plain text"]
        );
        let err = read("8 DSO;;\nBelopp i tusental;2023;2022\nBorås;1;2\n".as_bytes()).unwrap_err();
        assert_eq!(
            err,
            ["a.csv:2: expected the note table's header after its title: the unit (Tkr or Kr) and the years, such as Tkr;2023;2022; found Belopp i tusental;2023;2022"]
        );
        let err = read(
            "8 DSO;;\nTkr;2023;2022\nUlrikehamn;1;2\nBorås;1 5;2\n\n9 MC;;\nTkr;2022\nBorås;1\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            [
                "a.csv:3: \"Ulrikehamn\" names no municipality, but is near \"Ulricehamn\" (1491): write the municipality's name as SCB writes it (a row that names none is read as an adjustment)",
                "a.csv:4: amount: expected a number such as 228000,00, found \"1 5\"",
                "a.csv:7: year 2022 differs from year 2023 on line 2: one file holds one year",
            ]
        );
    }

    #[test]
    fn never_panics() {
        // Pieces of both layouts, put together at random.
        let pieces = [
            "8 DSO",
            "Tkr",
            "Kr",
            "2023",
            "2022, kr",
            "2023, tkr",
            "År",
            "Verksamhet",
            "Typ",
            "Kod",
            "Belopp",
            "kommun",
            "summa",
            "Summa",
            "Fakturerat HSNK",
            "Borås",
            "Överskott",
            "1490",
            "880 014 kr",
            "−1,5 tkr",
            "2,5 %",
            "ö",
            "\u{a0}",
            ";",
            ",",
            "\t",
            "\n",
            "\r\n",
            "\"",
            "",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..1_500 {
            let len = usize::try_from(next() % 30).unwrap();
            let text: String = (0..len)
                .map(|_| pieces[usize::try_from(next()).unwrap() % pieces.len()])
                .collect();
            let _ = parse_actuals(text.as_bytes(), Path::new("a.csv"));
            let _ = parse_actuals(
                format!("8 DSO;;\nTkr;2023;2022\n{text}").as_bytes(),
                Path::new("a.csv"),
            );
        }
    }
}
