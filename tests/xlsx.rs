//! Excel workbooks (`--format xlsx`) read back with calamine: the values are
//! the CSV's, totals are formulas whose stored results are the engine's,
//! numbers carry Swedish display formats, `Underlag` lists the inputs, and
//! the bytes do not change between runs. Also `--csv-dialect excel-sv`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use rust_decimal::{Decimal, RoundingStrategy};
use sha2::{Digest, Sha256};

use crate::support::{avgift, csv_rows, example, root, scratch};

const ACTUALS_2022: &str = "data/sjuharad/actuals/2022.csv";

/// A workbook read back: each sheet's values and formulas.
struct Book {
    path: PathBuf,
    names: Vec<String>,
    values: BTreeMap<String, Range<Data>>,
    formulas: BTreeMap<String, Range<String>>,
}

impl Book {
    fn open(path: &Path) -> Book {
        let mut wb: Xlsx<_> = open_workbook(path).expect("an xlsx workbook");
        let names = wb.sheet_names().to_vec();
        let mut values = BTreeMap::new();
        let mut formulas = BTreeMap::new();
        for n in &names {
            values.insert(n.clone(), wb.worksheet_range(n).expect("a sheet's values"));
            formulas.insert(n.clone(), wb.worksheet_formula(n).expect("a sheet's formulas"));
        }
        Book {
            path: path.to_path_buf(),
            names,
            values,
            formulas,
        }
    }

    /// The value at (row, col), 0-based.
    fn value(&self, sheet: &str, row: u32, col: u32) -> Data {
        self.values[sheet]
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    /// The formula at (row, col), or "" for a constant.
    fn formula(&self, sheet: &str, row: u32, col: u32) -> String {
        self.formulas[sheet]
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    fn number(&self, sheet: &str, row: u32, col: u32) -> f64 {
        match self.value(sheet, row, col) {
            Data::Float(f) => f,
            Data::Int(i) => i as f64,
            other => panic!("{sheet} ({row}, {col}): expected a number, found {other:?}"),
        }
    }

    fn text(&self, sheet: &str, row: u32, col: u32) -> String {
        match self.value(sheet, row, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("{sheet} ({row}, {col}): expected text, found {other:?}"),
        }
    }

    /// The number of rows from the first to the last used one.
    fn height(&self, sheet: &str) -> u32 {
        self.values[sheet].end().map_or(0, |(r, _)| r + 1)
    }

    /// A part of the xlsx zip, as text.
    fn part(&self, name: &str) -> String {
        let file = std::fs::File::open(&self.path).unwrap();
        let mut zip = zip::ZipArchive::new(file).expect("an xlsx is a zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("the part")
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    /// The number format code of a cell (`General` for none).
    fn num_format(&self, sheet: &str, cell: &str) -> String {
        let index = self.names.iter().position(|n| n == sheet).unwrap() + 1;
        let xml = self.part(&format!("xl/worksheets/sheet{index}.xml"));
        let at = xml
            .find(&format!("<c r=\"{cell}\""))
            .unwrap_or_else(|| panic!("{sheet}!{cell} is written"));
        let tag = &xml[at..at + xml[at..].find('>').unwrap()];
        let style: usize = attribute(tag, "s").map_or(0, |s| s.parse().unwrap());
        let styles = self.part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
        let xf = xfs.split("<xf ").nth(style + 1).expect("the cell's style");
        let id = attribute(&format!(" {xf}"), "numFmtId").unwrap();
        if id == "0" {
            return "General".to_string();
        }
        let fmt = styles
            .split("<numFmt ")
            .skip(1)
            .map(|f| format!(" {f}"))
            .find(|f| attribute(f, "numFmtId") == Some(id.clone()))
            .unwrap_or_else(|| panic!("custom format {id}"));
        attribute(&fmt, "formatCode").unwrap().replace("&quot;", "\"")
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

/// A decimal field of the plain CSV as the double a cell holds.
fn f(field: &str) -> f64 {
    field.parse().unwrap_or_else(|_| panic!("a number: {field:?}"))
}

fn dec(field: &str) -> Decimal {
    field.parse().unwrap_or_else(|_| panic!("a decimal: {field:?}"))
}

/// Whether a cell holds what a CSV field says: the same number or text.
fn same(cell: &Data, field: &str) -> bool {
    match cell {
        Data::Float(x) => field.parse::<f64>() == Ok(*x),
        Data::Int(i) => field.parse::<i64>() == Ok(*i),
        Data::String(s) => s == field,
        Data::Empty => field.is_empty(),
        _ => false,
    }
}

fn sha256_of(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a workbook with `args` then `-o DIR/name.xlsx`, and reads it.
fn workbook(name: &str, args: &[&str]) -> Book {
    let dir = scratch(&format!("xlsx-{name}"));
    let path = dir.join(format!("{name}.xlsx"));
    avgift(args).arg("-o").arg(&path).run().ok();
    Book::open(&path)
}

fn csv_of(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    csv_rows(&avgift(args).arg("--format").arg("csv").run().ok())
}

/// Every cell of `Underlag` as text, for looking things up.
fn underlag(book: &Book) -> String {
    let range = &book.values["Underlag"];
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn calc_workbook_holds_the_csv_and_formula_totals() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let book = workbook("calc", &["calc", t]);
    assert_eq!(
        book.names,
        [
            "Rader",
            "Per kommun",
            "Per verksamhet",
            "Kommun × verksamhet",
            "Underlag"
        ]
    );
    let rows = csv_of(&["calc", t]);

    // Rader: the CSV's columns and values, one row per line.
    assert_eq!(book.height("Rader") as usize, rows.len() + 1);
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, name) in avgift::write::calc::CSV_COLUMNS.iter().enumerate() {
            let cell = book.value("Rader", row, col as u32);
            if *name == "kind" {
                // The same kind, in the Swedish word people read.
                let kind = avgift::engine::Kind::parse(&r[*name]).unwrap();
                assert_eq!(cell, Data::String(kind.label_sv().into()), "Rader row {row}");
                continue;
            }
            assert!(
                same(&cell, &r[*name]),
                "Rader row {row} {name}: {cell:?} vs {:?}",
                r[*name]
            );
        }
    }
    assert!(
        matches!(book.value("Rader", 1, 8), Data::Float(_)),
        "amounts are numbers"
    );
    assert!(
        matches!(book.value("Rader", 1, 4), Data::String(_)),
        "codes are text (leading zeros)"
    );

    // Per kommun: SUMIFS over Rader, results the sums of the CSV's lines.
    let mut per_code: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut per_payer: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut invoiced = Decimal::ZERO;
    for r in &rows {
        match r["kind"].as_str() {
            "municipality" => *per_code.entry(r["code"].clone()).or_default() += dec(&r["amount"]),
            "external" => *per_payer.entry(r["party"].clone()).or_default() += dec(&r["amount"]),
            _ => continue,
        }
        invoiced += dec(&r["amount"]);
    }
    let s = "Per kommun";
    let n = (per_code.len() + per_payer.len()) as u32;
    assert_eq!(book.height(s), n + 4);
    for row in 1..=n {
        let (code, party) = (book.text(s, row, 0), book.text(s, row, 1));
        let want = if code.is_empty() {
            per_payer[&party]
        } else {
            per_code[&code]
        };
        assert_eq!(book.number(s, row, 3), f(&want.to_string()), "{s} {party}");
        assert!(
            book.formula(s, row, 3).starts_with("SUMIFS(Rader!$I:$I,"),
            "{}",
            book.formula(s, row, 3)
        );
    }
    // Avgifter, Justeringar and Netto under the parties, as formulas.
    let adjustments: Decimal = rows
        .iter()
        .filter(|r| r["kind"] == "adjustment")
        .map(|r| dec(&r["amount"]))
        .sum();
    assert_eq!(book.text(s, n + 1, 1), "Avgifter");
    assert_eq!(book.formula(s, n + 1, 3), format!("SUM(D2:D{})", n + 1));
    assert_eq!(book.number(s, n + 1, 3), f(&invoiced.to_string()));
    assert_eq!(book.text(s, n + 2, 1), "Justeringar");
    assert_eq!(book.formula(s, n + 2, 3), "SUMIFS(Rader!$I:$I,Rader!$J:$J,0)");
    assert_eq!(book.number(s, n + 2, 3), f(&adjustments.to_string()));
    assert_eq!(book.text(s, n + 3, 1), "Netto");
    assert_eq!(book.formula(s, n + 3, 3), format!("D{}+D{}", n + 2, n + 3));
    assert_eq!(book.number(s, n + 3, 3), f(&(invoiced + adjustments).to_string()));
    assert_eq!(invoiced, dec("38475067"), "the invoiced total the README states");

    // Per verksamhet: invoiced, adjustments and net per activity.
    let mut per_activity: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for r in &rows {
        let e = per_activity.entry(r["activity"].clone()).or_default();
        if r["kind"] == "adjustment" {
            e.1 += dec(&r["amount"]);
        } else {
            e.0 += dec(&r["amount"]);
        }
    }
    let s = "Per verksamhet";
    let n = per_activity.len() as u32;
    assert_eq!(book.height(s), n + 2);
    let (mut ti, mut ta) = (Decimal::ZERO, Decimal::ZERO);
    for row in 1..=n {
        let (inv, adj) = per_activity[&book.text(s, row, 1)];
        ti += inv;
        ta += adj;
        assert_eq!(book.number(s, row, 2), f(&inv.to_string()));
        assert_eq!(book.number(s, row, 3), f(&adj.to_string()));
        assert_eq!(book.number(s, row, 4), f(&(inv + adj).to_string()));
        assert!(book
            .formula(s, row, 2)
            .contains("SUMIFS(Rader!$I:$I,Rader!$C:$C,"));
        assert!(
            book.formula(s, row, 3).ends_with(",Rader!$J:$J,0)"),
            "{}",
            book.formula(s, row, 3)
        );
        assert_eq!(book.formula(s, row, 4), format!("C{0}+D{0}", row + 1));
    }
    for (col, total) in [(2, ti), (3, ta), (4, ti + ta)] {
        assert!(book.formula(s, n + 1, col).starts_with("SUM("));
        assert_eq!(book.number(s, n + 1, col), f(&total.to_string()));
    }
}

#[test]
fn notes_workbook_is_the_report_with_tkr_formulas() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let book = workbook("notes", &["notes", t]);
    let rows = csv_of(&["notes", t]);
    let mut by_note: BTreeMap<String, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        by_note.entry(r["note"].clone()).or_default().push(r);
    }
    let mut sheets: Vec<String> = by_note.keys().map(|n| format!("Not {n}")).collect();
    sheets.sort_by_key(|s| s[4..].parse::<u32>().unwrap());
    sheets.push("Alla noter".into());
    sheets.push("Underlag".into());
    assert_eq!(book.names, sheets);

    let half_away = |kr: f64| {
        dec(&kr.to_string())
            .checked_div(Decimal::ONE_THOUSAND)
            .unwrap()
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
    };
    for (note, lines) in &by_note {
        let s = format!("Not {note}");
        let s = s.as_str();
        assert_eq!(book.text(s, 0, 0), format!("{note} {}", lines[0]["activity"]));
        assert_eq!(book.text(s, 1, 1), "2023");
        assert_eq!(book.text(s, 1, 2), "2022");
        assert_eq!(book.height(s) as usize, lines.len() + 2);
        for (i, l) in lines.iter().enumerate() {
            let row = i as u32 + 2;
            assert_eq!(book.text(s, row, 0), l["line"], "{s}");
            assert_eq!(book.number(s, row, 1), f(&l["tkr"]), "{s} {}", l["line"]);
            assert_eq!(book.number(s, row, 2), f(&l["previous_tkr"]), "{s} {}", l["line"]);
            // tkr are rounded from the kronor beside them, in the workbook.
            assert_eq!(book.formula(s, row, 1), format!("ROUND(D{}/1000,0)", row + 1));
            assert_eq!(book.formula(s, row, 2), format!("ROUND(E{}/1000,0)", row + 1));
            assert_eq!(half_away(book.number(s, row, 3)), dec(&l["tkr"]));
            assert_eq!(half_away(book.number(s, row, 4)), dec(&l["previous_tkr"]));
        }
        // Summa: this year's kronor are the SUM of the lines (last year's
        // too, unless the actuals state another total).
        let summa = lines.len() as u32 + 1;
        assert_eq!(book.text(s, summa, 0), "Summa");
        assert_eq!(book.formula(s, summa, 3), format!("SUM(D3:D{summa})"));
        let sum: f64 = (2..summa).map(|r| book.number(s, r, 3)).sum();
        assert_eq!(book.number(s, summa, 3), sum);
    }
    // Note 3's 2022 total is stated 1 tkr above its lines: kept as stated.
    let stated = (2..book.height("Not 3") - 1)
        .map(|r| book.number("Not 3", r, 4))
        .sum::<f64>();
    let summa = book.height("Not 3") - 1;
    assert_eq!(book.formula("Not 3", summa, 4), "");
    assert_eq!(book.number("Not 3", summa, 4), 5_646_000.0);
    assert_eq!(stated, 5_645_000.0);
}

#[test]
fn compare_workbook_has_the_csv_columns_and_formula_changes() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let book = workbook("compare", &["compare", ACTUALS_2022, t]);
    assert_eq!(book.names, ["Jämförelse", "Underlag"]);
    let rows = csv_of(&["compare", ACTUALS_2022, t]);
    let s = "Jämförelse";
    assert_eq!(book.text(s, 0, 4), "2022 (utfall)");
    assert_eq!(book.text(s, 0, 5), "2023");
    // The rows, then Avgifter, Justeringar and Netto.
    assert_eq!(book.height(s) as usize, rows.len() + 4);
    let columns = avgift::write::compare::CSV_COLUMNS;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, name) in columns.iter().enumerate() {
            let cell = book.value(s, row, col as u32);
            let ok = match *name {
                // A fraction in the sheet, per cent in the CSV.
                "delta_pct" => match cell {
                    Data::Float(x) => format!("{:.2}", x * 100.0) == r[*name],
                    Data::String(ref e) => e.is_empty() && r[*name].is_empty(),
                    _ => false,
                },
                _ => same(&cell, &r[*name]),
            };
            assert!(ok, "{s} row {row} {name}: {cell:?} vs {:?}", r[*name]);
        }
        assert_eq!(book.formula(s, row, 6), format!("F{0}-E{0}", row + 1));
        assert_eq!(
            book.formula(s, row, 7),
            format!("IF(E{0}=0,\"\",ROUND((F{0}-E{0})/E{0},4))", row + 1)
        );
    }
    // Avgifter (the charges' rows), Justeringar (the adjustments' rows) and
    // Netto, their sum: every row's figures summed once.
    let charges = rows.len() as u32 + 1;
    let net = charges + 2;
    for (row, label) in [
        (charges, "Avgifter"),
        (charges + 1, "Justeringar"),
        (net, "Netto"),
    ] {
        assert_eq!(book.text(s, row, 1), label);
    }
    for (col, name) in [
        (4, "a"),
        (5, "b"),
        (8, "population_effect"),
        (11, "index_effect"),
        (13, "adjustment_effect"),
        (15, "other_effect"),
    ] {
        let c = (b'A' + col as u8) as char;
        assert!(book.formula(s, charges, col).starts_with("SUM("), "{name}");
        assert!(book.formula(s, charges + 1, col).starts_with("SUM("), "{name}");
        assert_eq!(
            book.formula(s, net, col),
            format!("{c}{}+{c}{}", charges + 1, charges + 2)
        );
        let total: Decimal = rows.iter().map(|r| dec(&r[name])).sum();
        assert_eq!(book.number(s, net, col), f(&total.to_string()), "Netto {name}");
        assert_eq!(
            book.number(s, charges, col) + book.number(s, charges + 1, col),
            book.number(s, net, col),
            "{name}"
        );
    }
    let delta: Decimal = rows.iter().map(|r| dec(&r["delta"])).sum();
    assert_eq!(book.number(s, net, 6), f(&delta.to_string()));

    // Both sides' inputs: the actuals file, the tariff and its files.
    let u = underlag(&book);
    assert!(
        u.contains(&format!(
            "A: 2022 (utfall)|Indatafil|Utfall föregående år|{ACTUALS_2022}|{}",
            sha256_of(&root().join(ACTUALS_2022))
        )),
        "{u}"
    );
    assert!(
        u.contains(&format!("B: 2023|Indatafil|Taxa|{t}|{}", sha256_of(&tariff))),
        "{u}"
    );
    assert!(
        u.contains("Anmärkning|A (data/sjuharad/actuals/2022.csv) är ett utfall utan taxor"),
        "{u}"
    );
}

#[test]
fn underlag_lists_version_inputs_indices_and_overrides() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let book = workbook("underlag", &["calc", t, "--set", "charges.dso.rate=7"]);
    let u = underlag(&book);
    assert!(u.starts_with("Uppgift|Namn|Värde|SHA-256\n"), "{u}");
    assert!(
        u.contains(&format!("Verktyg|avgift {}", env!("CARGO_PKG_VERSION"))),
        "{u}"
    );
    assert!(
        u.contains(&format!("Indatafil|Taxa|{t}|{}", sha256_of(&tariff))),
        "{u}"
    );
    let population = root().join("data/sjuharad/scb-folkmangd-2021-12-31.csv");
    assert!(u.contains(&sha256_of(&population)), "{u}");
    assert!(
        u.contains(&sha256_of(&root().join("data/sjuharad/actuals/2022.csv"))),
        "{u}"
    );
    assert!(u.contains("Index|avtal|0.025"), "{u}");
    // The override as people read it, by the charge's name.
    assert!(u.contains("Ändring|Dataskyddsombud: 7 kr per invånare"), "{u}");
    assert!(!u.contains("charges."), "{u}");
}

#[test]
fn numbers_carry_swedish_display_formats() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let calc = workbook("formats-calc", &["calc", t]);
    assert_eq!(calc.num_format("Rader", "I2"), "#,##0 \"kr\"");
    assert_eq!(calc.num_format("Per kommun", "D2"), "#,##0 \"kr\"");
    assert_eq!(calc.num_format("Per verksamhet", "E2"), "#,##0 \"kr\"");
    assert_eq!(calc.num_format("Underlag", "C7"), "0.0 %");
    let notes = workbook("formats-notes", &["notes", t]);
    assert_eq!(notes.num_format("Not 8", "B3"), "#,##0");
    assert_eq!(notes.num_format("Not 8", "C3"), "#,##0");
    assert_eq!(notes.num_format("Not 8", "D3"), "#,##0 \"kr\"");
    let compare = workbook("formats-compare", &["compare", ACTUALS_2022, t]);
    assert_eq!(compare.num_format("Jämförelse", "G2"), "#,##0 \"kr\"");
    assert_eq!(compare.num_format("Jämförelse", "H2"), "0.0 %");
    // Headers are bold and frozen.
    let sheet = calc.part("xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
    );
    assert!(sheet.contains("<cols>"), "columns are fitted");
}

#[test]
fn workbooks_are_byte_identical_between_runs() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    let dir = scratch("xlsx-determinism");
    for (name, args) in [
        ("calc", vec!["calc", t]),
        ("notes", vec!["notes", t]),
        ("compare", vec!["compare", ACTUALS_2022, t]),
    ] {
        let bytes: Vec<Vec<u8>> = (0..2)
            .map(|i| {
                let path = dir.join(format!("{name}-{i}.xlsx"));
                avgift(&args).arg("-o").arg(&path).run().ok();
                std::fs::read(&path).unwrap()
            })
            .collect();
        assert!(bytes[0].starts_with(b"PK"), "{name}: a zip");
        assert!(bytes[0] == bytes[1], "{name}: the two runs differ");
    }
    let core = Book::open(&dir.join("calc-0.xlsx")).part("docProps/core.xml");
    assert!(core.contains("2023-01-01T00:00:00Z"), "{core}");
}

#[test]
fn xlsx_needs_an_output_file() {
    let tariff = example();
    let run = avgift(["calc", tariff.to_str().unwrap(), "--format", "xlsx"]).run();
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("add -o FILE.xlsx"), "{}", run.stderr);
    // By -o's extension; --format wins over it.
    let dir = scratch("xlsx-by-extension");
    let path = dir.join("out.XLSX");
    avgift(["notes", tariff.to_str().unwrap(), "-o"])
        .arg(&path)
        .run()
        .ok();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    // --format that contradicts the extension is refused, and nothing is written.
    let run = avgift(["notes", tariff.to_str().unwrap(), "--format", "csv", "-o"])
        .arg(&path)
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("names a .xlsx file but --format asks for csv"),
        "{}",
        run.stderr
    );
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    let csv = dir.join("out.csv");
    avgift(["notes", tariff.to_str().unwrap(), "--format", "csv", "-o"])
        .arg(&csv)
        .run()
        .ok();
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("note,activity,"));
}

#[test]
fn csv_dialect_excel_sv_is_the_same_numbers_for_swedish_excel() {
    let tariff = example();
    let t = tariff.to_str().unwrap();
    for args in [
        vec!["calc", t],
        vec!["notes", t],
        vec!["compare", ACTUALS_2022, t],
    ] {
        let plain = avgift(&args).arg("--format").arg("csv").run().ok();
        let sv = avgift(&args).arg("--csv-dialect").arg("excel-sv").run().ok();
        let body = sv.strip_prefix('\u{feff}').expect("a byte order mark");
        assert!(body.lines().next().unwrap().contains(';'), "{}", &body[..80]);
        assert!(body.contains("\r\n"));
        let read = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect()
        };
        let (p, s) = (read(&plain, b','), read(body, b';'));
        assert_eq!(p.len(), s.len());
        let header = &p[0];
        for (pr, sr) in p.iter().zip(&s).skip(1) {
            for ((name, pf), sf) in header.iter().zip(pr).zip(sr) {
                let numeric = ["amount", "tkr", "previous_tkr", "a", "b"].contains(&name.as_str())
                    || name.starts_with("delta")
                    || name.ends_with("_effect");
                if name == "kind" {
                    let kind = avgift::engine::Kind::parse(pf).unwrap();
                    assert_eq!(sf, kind.label_sv(), "{name}");
                    continue;
                }
                if numeric && !pf.is_empty() {
                    assert!(!sf.contains('.') && !sf.contains(' '), "{name}: {sf}");
                    assert_eq!(dec(&sf.replace(',', ".")), dec(pf), "{name}");
                } else {
                    assert_eq!(sf, pf, "{name}");
                }
            }
        }
    }
    let sv = avgift(["calc", t, "--csv-dialect", "excel-sv"]).run().ok();
    assert!(
        sv.contains(";1490;Borås;dso;114 091 inv × 6,53 kr + 135 000 kr;880014,00\r\n"),
        "{sv}"
    );
    // Only for CSV.
    let run = avgift(["calc", t, "--csv-dialect", "excel-sv", "--format", "json"]).run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("--csv-dialect applies to CSV output only"),
        "{}",
        run.stderr
    );
}

/// Sheet names that come from the input (a plan's scenarios, a note's
/// activity without a note number) are unique after Excel's 31-character
/// cut, compared as Excel compares them (without case), and a cut name is
/// completed in a heading cell of its sheet.
#[test]
fn sheet_names_from_the_input_stay_apart_after_the_cut_and_are_completed_in_a_heading() {
    let dir = scratch("xlsx-sheet-names");
    let example_tariff = root().join("data/sjuharad/2023.toml");
    let plan = dir.join("plan.toml");
    let scenarios = [
        "Dataskyddsombudet lämnas av Herrljunga från 2026",
        "Dataskyddsombudet lämnas av Herrljunga och Mark från 2026",
        "dataskyddsombudet lämnas av herrljunga, Mark och Tranemo",
    ];
    let mut text = format!(
        "format = 1\nname = \"Plan\"\ntariff = {:?}\nyears = [2024, 2025]\n",
        example_tariff.display().to_string()
    );
    for (i, name) in scenarios.iter().enumerate() {
        text.push_str(&format!(
            "\n[scenarios.s{i}]\nname = \"{name}\"\nfrom = 2025\nset = [\"charges.dso.rate=7.{i}\"]\n"
        ));
    }
    std::fs::write(&plan, text).unwrap();
    let path = dir.join("plan.xlsx");
    avgift(["plan"]).arg(&plan).arg("-o").arg(&path).run().ok();
    let book = Book::open(&path);

    // Notes: activities without a number are named after the activity.
    let tariff = std::fs::read_to_string(&example_tariff)
        .unwrap()
        .replace(
            "note = 3\nname = \"Förbundsbidrag Förbundskansli\"",
            "name = \"Förbundsbidrag till förbundets kansli och dess verksamhet\"",
        )
        .replace(
            "note = 4\nname = \"Förbundsbidrag Administration\"",
            "name = \"Förbundsbidrag till förbundets kansli och dess administration\"",
        )
        .replace(
            "population = \"",
            &format!("population = \"{}/", example_tariff.parent().unwrap().display()),
        )
        .replace(
            "previous_actuals = \"",
            &format!(
                "previous_actuals = \"{}/",
                example_tariff.parent().unwrap().display()
            ),
        );
    assert!(tariff.contains("dess administration"), "the edit took");
    let notes_tariff = dir.join("t.toml");
    std::fs::write(&notes_tariff, tariff).unwrap();
    let notes_path = dir.join("noter.xlsx");
    avgift(["notes"])
        .arg(&notes_tariff)
        .arg("-o")
        .arg(&notes_path)
        .run()
        .ok();
    let notes = Book::open(&notes_path);

    let wanted_plan: Vec<&str> = std::iter::once("Basplan").chain(scenarios).collect();
    let wanted_notes = [
        "Förbundsbidrag till förbundets kansli och dess verksamhet",
        "Förbundsbidrag till förbundets kansli och dess administration",
    ];
    for (book, wanted) in [(&book, &wanted_plan[..]), (&notes, &wanted_notes[..])] {
        let mut lower: Vec<String> = book.names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(
            lower.len(),
            book.names.len(),
            "unique without case: {:?}",
            book.names
        );
        for name in &book.names {
            assert!(name.encode_utf16().count() <= 31, "{name}");
        }
        let mut found = Vec::new();
        for full in wanted {
            // The sheet of this name: its own name, or a cut one whose
            // heading (the title cell) ends in the whole name.
            let sheet = book
                .names
                .iter()
                .find(|n| *n == full || book.value(n, 0, 0).to_string().ends_with(full))
                .unwrap_or_else(|| panic!("no sheet for {full:?} in {:?}", book.names));
            found.push(sheet.clone());
            if sheet != full {
                let stem = sheet.split('…').next().unwrap();
                assert!(sheet.contains('…'), "{sheet:?} is cut and says so");
                assert!(full.starts_with(stem), "{sheet:?} begins as {full:?}");
            }
        }
        let cut = found.iter().filter(|n| n.contains('…')).count();
        found.sort();
        found.dedup();
        assert_eq!(found.len(), wanted.len(), "a sheet each: {found:?}");
        assert!(cut >= 2, "the names were cut: {found:?}");
    }
}
