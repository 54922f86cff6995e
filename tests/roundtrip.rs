//! Every CSV the tool writes reads back where that kind of file is an input:
//! `calc`'s CSV (plain and `excel-sv`, as written and as Excel saves it in
//! Windows-1252) as actuals, and the population files `population import`
//! and `project --growth` write as population. And the files people read
//! are Swedish throughout, with one label per payer.

use std::fs;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::support::{avgift, example, root, scratch};

/// Windows-1252 bytes of a text, as Swedish Excel saves a CSV ("CSV
/// (semikolonavgränsad)"); panics on a character the code page lacks.
fn windows_1252(text: &str) -> Vec<u8> {
    const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
    text.chars()
        .map(|c| match u32::from(c) {
            n @ (0..=0x7F | 0xA0..=0xFF) => n as u8,
            _ => {
                let i = HIGH
                    .chars()
                    .position(|h| h == c)
                    .unwrap_or_else(|| panic!("{c:?} is not in Windows-1252"));
                0x80 + i as u8
            }
        })
        .collect()
}

/// The 2024 tariff's notes as CSV, with the given arguments added.
fn notes_2024(extra: &[&Path]) -> String {
    let tariff = root().join("data/sjuharad/2024.toml");
    let mut cmd = avgift(["notes"]).arg(&tariff).args(["--format", "csv"]);
    if let Some(actuals) = extra.first() {
        cmd = cmd.arg("--actuals").arg(actuals);
    }
    cmd.run().ok()
}

#[test]
fn calc_csv_reads_back_as_actuals_in_both_dialects_and_encodings() {
    let dir = scratch("roundtrip-actuals");
    let t = example();
    // What the 2024 tariff makes of the 2023 lines `project` wrote.
    let baseline = notes_2024(&[]);
    for dialect in ["plain", "excel-sv"] {
        let csv = dir.join(format!("calc-{dialect}.csv"));
        avgift(["calc"])
            .arg(&t)
            .args(["--csv-dialect", dialect, "-o"])
            .arg(&csv)
            .run()
            .ok();
        let utf8 = fs::read(&csv).unwrap();
        let text = String::from_utf8(utf8.clone()).unwrap();
        let ansi = dir.join(format!("calc-{dialect}-1252.csv"));
        fs::write(&ansi, windows_1252(text.trim_start_matches('\u{feff}'))).unwrap();
        assert!(
            std::str::from_utf8(&fs::read(&ansi).unwrap()).is_err(),
            "the Windows-1252 copy is not UTF-8"
        );
        for file in [&csv, &ansi] {
            let run = avgift(["check"])
                .arg(root().join("data/sjuharad/2024.toml"))
                .arg("--actuals")
                .arg(file)
                .run();
            assert_eq!(run.code, Some(0), "{}: {}", file.display(), run.stderr);
            assert!(run.stdout.contains("107 rows for 2023"), "{}", run.stdout);
            assert_eq!(notes_2024(&[file]), baseline, "{}", file.display());
        }
    }
}

#[test]
fn population_outputs_read_back_as_population() {
    let dir = scratch("roundtrip-population");
    let t = example();
    let baseline = avgift(["calc"]).arg(&t).args(["--format", "csv"]).run().ok();
    let imported = dir.join("folkmangd.csv");
    avgift(["population", "import"])
        .arg(root().join("data/sjuharad/scb-folkmangd-2021-12-31.csv"))
        .arg("-o")
        .arg(&imported)
        .run()
        .ok();
    let text = fs::read_to_string(&imported).unwrap();
    let ansi = dir.join("folkmangd-1252.csv");
    fs::write(&ansi, windows_1252(&text)).unwrap();
    let semicolons = dir.join("folkmangd-excel.csv");
    fs::write(
        &semicolons,
        windows_1252(&text.replace(',', ";").replace('\n', "\r\n")),
    )
    .unwrap();
    for file in [&imported, &ansi, &semicolons] {
        let calc = avgift(["calc"])
            .arg(&t)
            .args(["--format", "csv", "--population"])
            .arg(file)
            .run()
            .ok();
        assert_eq!(calc, baseline, "{}", file.display());
    }
    // `project --growth` writes next year's population beside the tariff.
    let next = dir.join("2024.toml");
    avgift(["project"])
        .arg(&t)
        .args(["--year", "2024", "--growth", "1%", "-o"])
        .arg(&next)
        .run()
        .ok();
    let grown = dir.join("2024.population.csv");
    let grown_1252 = dir.join("2024.population-1252.csv");
    fs::write(&grown_1252, windows_1252(&fs::read_to_string(&grown).unwrap())).unwrap();
    let with = |pop: &Path| {
        avgift(["calc"])
            .arg(&next)
            .args(["--format", "csv", "--population"])
            .arg(pop)
            .run()
            .ok()
    };
    assert_eq!(with(&grown), with(&grown_1252));
    assert_eq!(
        with(&grown),
        avgift(["calc"]).arg(&next).args(["--format", "csv"]).run().ok()
    );
}

/// English words that must not reach a planner: the machine column names
/// and kinds.
const ENGLISH: &[&str] = &[
    "municipality",
    "external",
    "adjustment",
    "year",
    "note",
    "activity",
    "kind",
    "code",
    "party",
    "charge",
    "basis",
    "amount",
    "population_effect",
    "delta",
    "tariff",
    "population",
    "actuals",
    "weights",
    "total",
];

/// Every text cell of every sheet of a workbook.
fn workbook_texts(path: &Path) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                out.push(s.clone());
            }
        }
    }
    out
}

#[test]
fn the_excel_sv_csv_and_the_workbooks_speak_swedish() {
    let dir = scratch("swedish-throughout");
    let t = example();
    let actuals = root().join("data/sjuharad/actuals/2022.csv");
    for (name, args) in [
        ("calc", vec!["calc".as_ref(), t.as_os_str()]),
        ("notes", vec!["notes".as_ref(), t.as_os_str()]),
        (
            "compare",
            vec!["compare".as_ref(), actuals.as_os_str(), t.as_os_str()],
        ),
    ] {
        let csv = avgift(&args).args(["--csv-dialect", "excel-sv"]).run().ok();
        let header = csv.lines().next().unwrap().trim_start_matches('\u{feff}');
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let mut words: Vec<String> = header.split(';').map(str::to_lowercase).collect();
        // The kind column's values.
        let headers = r.headers().unwrap().clone();
        if let Some(k) = headers.iter().position(|h| h == "Typ") {
            for rec in r.records() {
                words.push(rec.unwrap()[k].to_string());
            }
        }
        for w in &words {
            assert!(
                !ENGLISH.contains(&w.as_str()),
                "{name}: the excel-sv CSV has the English word {w:?} ({header})"
            );
        }
        let book = dir.join(format!("{name}.xlsx"));
        avgift(&args).arg("-o").arg(&book).run().ok();
        for cell in workbook_texts(&book) {
            assert!(
                !ENGLISH.contains(&cell.to_lowercase().as_str()),
                "{name}: the workbook has the English cell {cell:?}"
            );
        }
        // Formulas select lines by code, name or the 1/0 flag: no formula
        // holds a word in quotes (a kind, in any language).
        let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
        for sheet in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&sheet).unwrap();
            for f in formulas.used_cells().map(|c| c.2) {
                let words: Vec<&str> = f
                    .split('"')
                    .skip(1)
                    .step_by(2)
                    .filter(|w| !w.is_empty())
                    .collect();
                assert!(words.is_empty(), "{name}: {sheet}: {f} depends on {words:?}");
            }
        }
    }
}

#[test]
fn a_payer_has_one_label_in_calc_compare_the_report_and_the_workbook() {
    let dir = scratch("payer-label");
    let t = example();
    let actuals = root().join("data/sjuharad/actuals/2022.csv");
    let calc = avgift(["calc"]).arg(&t).args(["--format", "table"]).run().ok();
    let compare = avgift(["compare"])
        .arg(&actuals)
        .arg(&t)
        .args(["--format", "table"])
        .run()
        .ok();
    let report = dir.join("rapport.html");
    avgift(["report"]).arg(&t).arg("-o").arg(&report).run().ok();
    let mut html = String::new();
    fs::File::open(&report)
        .unwrap()
        .read_to_string(&mut html)
        .unwrap();
    let book = dir.join("avgifter.xlsx");
    avgift(["calc"]).arg(&t).arg("-o").arg(&book).run().ok();
    let cells = workbook_texts(&book);
    // The label each shows at the start of a row or cell: the payer's name.
    let row_starts = |text: &str, label: &str| text.lines().any(|l| l.starts_with(&format!("{label}  ")));
    assert!(row_starts(&calc, "HSNK"), "calc:\n{calc}");
    assert!(row_starts(&compare, "HSNK"), "compare:\n{compare}");
    assert!(html.contains(">HSNK<"), "the report names the payer HSNK");
    assert!(
        cells.iter().any(|c| c == "HSNK"),
        "the workbook names the payer HSNK"
    );
    for (what, text) in [("calc", &calc), ("compare", &compare)] {
        for other in ["HSNK (extern)", "Fakturerat HSNK"] {
            assert!(!text.contains(other), "{what} calls the payer {other:?}");
        }
    }
    // The report's own tables and charts; its copy of the notes keeps
    // the notes' wording.
    assert!(!html.contains("HSNK (extern)"));
    assert!(
        !cells.iter().any(|c| c.contains("HSNK") && c != "HSNK"),
        "{cells:?}"
    );
    // The notes keep the annual report's own wording.
    let notes = avgift(["notes"]).arg(&t).args(["--format", "table"]).run().ok();
    assert!(notes.contains("Fakturerat HSNK"), "{notes}");
}

#[test]
fn every_command_makes_the_folder_and_announces_what_it_wrote() {
    let dir = scratch("announce");
    let t = example();
    let actuals = root().join("data/sjuharad/actuals/2022.csv");
    let scb = root().join("data/sjuharad/scb-folkmangd-2021-12-31.csv");
    let out = |name: &str| dir.join("new folder").join(name);
    let runs: Vec<(Vec<std::ffi::OsString>, std::path::PathBuf)> = vec![
        (vec!["calc".into(), t.clone().into()], out("a.csv")),
        (vec!["calc".into(), t.clone().into()], out("a.xlsx")),
        (vec!["calc".into(), t.clone().into()], out("a.json")),
        (vec!["calc".into(), t.clone().into()], out("a.txt")),
        (vec!["notes".into(), t.clone().into()], out("n.xlsx")),
        (
            vec!["compare".into(), actuals.into(), t.clone().into()],
            out("c.xlsx"),
        ),
        (vec!["report".into(), t.clone().into()], out("r.html")),
        (
            vec!["population".into(), "import".into(), scb.into()],
            out("p.csv"),
        ),
    ];
    for (args, path) in runs {
        let run = avgift(&args).arg("-o").arg(&path).run();
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        let line = format!("wrote {}", path.display());
        assert!(run.stderr.lines().any(|l| l == line), "{args:?}: {}", run.stderr);
        assert!(path.is_file(), "{}", path.display());
    }
    let next = dir.join("another folder/2024.toml");
    let run = avgift(["project"])
        .arg(&t)
        .args(["--year", "2024", "-o"])
        .arg(&next)
        .run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run
        .stderr
        .starts_with(&format!("wrote {} (2023 → 2024)\n", next.display())));
    let invoices = dir.join("a third folder/fakturor");
    let run = avgift(["invoice"]).arg(&t).arg("-o").arg(&invoices).run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run
        .stderr
        .ends_with(&format!("wrote 12 files to {}\n", invoices.display())));
}

/// Last year's actuals are read beside the tariff as soon as it names them;
/// a `--set` that names other actuals makes the run read those, exactly as
/// `--actuals` would, and the guess is dropped.
#[test]
fn actuals_that_set_names_are_the_ones_read() {
    let dir = scratch("actuals-named-by-set");
    for entry in fs::read_dir(root().join("data/sjuharad")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    let named = fs::read_to_string(dir.join("2024.previous-2023.csv")).unwrap();
    let other = named.replacen(",218787.00\n", ",318787.00\n", 1);
    assert_ne!(other, named, "the example's first actual changed");
    fs::write(dir.join("other.csv"), other).unwrap();
    let notes = |args: &[&std::ffi::OsStr]| {
        avgift(["notes"])
            .arg(dir.join("2024.toml"))
            .args(["--format", "csv"])
            .args(args)
            .run()
            .ok()
    };
    let as_named = notes(&[]);
    let by_set = notes(&["--set".as_ref(), "previous_actuals=other.csv".as_ref()]);
    let by_flag = notes(&["--actuals".as_ref(), dir.join("other.csv").as_os_str()]);
    assert_eq!(by_set, by_flag);
    assert_ne!(by_set, as_named);
}
