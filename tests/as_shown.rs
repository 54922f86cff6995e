//! Round trip through a Swedish spreadsheet: the workbooks of `calc`,
//! `notes`, `model` and `plan`, saved as CSV by LibreOffice in a Swedish
//! locale (sv-SE) with "save cell contents as shown" and `;` between
//! fields, the way a controller saves a sheet for another program. The
//! figures then read as a Swedish office shows them (`880 014 kr` with a
//! no-break space, `−342 000 kr`, `2,50%`, tkr in the notes).
//!
//! - Every number of every sheet, as shown, is the number the workbook
//!   holds, to the decimals shown ([`avgift::read::figure`]).
//! - The sheets that are actuals (calc's and the model's `Rader`, the
//!   model's `Noter`, the notes' sheets one after another as note tables)
//!   read back as last year's actuals of the 2024 tariff: `calc` and
//!   `notes` give the very bytes they give with the actuals `project`
//!   wrote, and the lines of `Rader` are `calc`'s, field for field.
//! - Each plan scenario's `Avgifter` per plan year, as shown, is the plan's
//!   charges.
//!
//! Without LibreOffice (`soffice` or `libreoffice` on PATH) the test says
//! loudly that it was skipped; with `AVGIFT_REQUIRE_LIBREOFFICE` set (as
//! `.ci/run` does where it found or installed one) it fails instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_decimal::{Decimal, RoundingStrategy};

use avgift::read::figure::{parse_figure, Unit};

use crate::support::{avgift, csv_rows, root, scratch};

/// LibreOffice's command, if it is installed.
fn libreoffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Saves every sheet of every workbook as CSV "as shown", in one
/// LibreOffice run whose locale is Swedish.
fn save_as_shown(office: &str, dir: &Path, workbooks: &[PathBuf], out: &Path) {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n<item oor:path=\"/org.openoffice.Setup/L10N\"><prop oor:name=\"ooSetupSystemLocale\" oor:op=\"fuse\"><value>sv-SE</value></prop></item>\n</oor:items>\n",
    )
    .unwrap();
    let run = Command::new(office)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        // `;` (59), `"` (34), UTF-8 (76), from line 1, cells in the
        // default format, Swedish (1053), quoted fields not forced to text,
        // special numbers detected, cell contents saved as shown (the 9th
        // token), no formulas, spaces kept, every sheet to its own file (-1).
        .arg("csv:Text - txt - csv (StarCalc):59,34,76,1,,1053,false,true,true,false,false,-1")
        .arg("--outdir")
        .arg(out)
        .args(workbooks)
        // File names in UTF-8 (the sheets' names have å, ä, ö); the figures'
        // locale is the profile's.
        .env_remove("LC_ALL")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("running LibreOffice");
    assert!(
        run.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A sheet as LibreOffice saved it: its rows of fields.
fn sheet_csv(out: &Path, book: &str, sheet: &str) -> Vec<Vec<String>> {
    let path = out.join(format!("{book}-{sheet}.csv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A double as the exact decimal it prints as.
fn decimal(x: f64) -> Decimal {
    format!("{x}")
        .parse()
        .or_else(|_| Decimal::from_scientific(&format!("{x:e}")))
        .unwrap_or_else(|_| panic!("{x} as a decimal"))
}

/// Every number of every sheet but `Underlag`, as shown, against the value
/// the cell holds rounded to the decimals shown; the count compared.
fn every_number_as_shown(out: &Path, book: &str, path: &Path) -> usize {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let mut compared = 0;
    for sheet in workbook.sheet_names().to_vec() {
        if sheet == "Underlag" {
            continue;
        }
        let range = workbook.worksheet_range(&sheet).unwrap();
        let shown = sheet_csv(out, book, &sheet);
        for (row, col, cell) in range.used_cells() {
            let value = match cell {
                Data::Float(x) => decimal(*x),
                Data::Int(i) => Decimal::from(*i),
                _ => continue,
            };
            let (r, c) = (
                range.start().unwrap().0 as usize + row,
                range.start().unwrap().1 as usize + col,
            );
            let text = shown
                .get(r)
                .and_then(|fields| fields.get(c))
                .map_or("", String::as_str);
            // `Faktureras`: 1 and 0 shown as ja and nej.
            if matches!(text, "ja" | "nej") {
                continue;
            }
            let at = format!("{book} {sheet} ({r}, {c}): {text:?} for {value}");
            let figure = parse_figure(text, b';')
                .unwrap_or_else(|e| panic!("{at}: {e}"))
                .unwrap_or_else(|| panic!("{at}: empty"));
            let decimals = text
                .rsplit_once(',')
                .map_or(0, |(_, f)| f.chars().take_while(char::is_ascii_digit).count())
                as u32;
            let held = match figure.unit {
                Unit::Percent => value * Decimal::ONE_HUNDRED,
                Unit::Tkr => panic!("{at}: a cell shown in tkr"),
                Unit::Plain | Unit::Kr => value,
            };
            let held = held.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(figure.number, held, "{at}");
            compared += 1;
        }
    }
    compared
}

/// Runs avgift and returns its standard output (exit 0 required).
fn output(args: &[&str], extra: &[&Path]) -> String {
    let mut cmd = avgift(args);
    for a in extra {
        cmd = cmd.arg(a);
    }
    cmd.run().ok()
}

#[test]
fn workbooks_saved_as_shown_by_a_swedish_libreoffice_read_back_as_actuals() {
    let Some(office) = libreoffice() else {
        assert!(
            std::env::var_os("AVGIFT_REQUIRE_LIBREOFFICE").is_none(),
            "no LibreOffice (soffice) on PATH, and AVGIFT_REQUIRE_LIBREOFFICE is set"
        );
        eprintln!(
            "SKIPPED workbooks_saved_as_shown_by_a_swedish_libreoffice_read_back_as_actuals: no LibreOffice \
             (soffice) on PATH; install libreoffice-calc-nogui to read the workbooks back as a Swedish office saves them"
        );
        return;
    };
    let dir = scratch("as-shown");
    let tariff = root().join("data/sjuharad/2023.toml");
    let plan = root().join("data/sjuharad/plan-2024-2026.toml");
    let books: Vec<(&str, PathBuf)> = ["calc", "notes", "model", "plan"]
        .iter()
        .map(|b| (*b, dir.join(format!("{b}.xlsx"))))
        .collect();
    for (book, path) in &books {
        let input = if *book == "plan" { &plan } else { &tariff };
        avgift([*book]).arg(input).arg("-o").arg(path).run().ok();
    }
    let out = dir.join("csv");
    let paths: Vec<PathBuf> = books.iter().map(|(_, p)| p.clone()).collect();
    save_as_shown(office, &dir, &paths, &out);

    // As a Swedish office shows them: a no-break space between thousands,
    // `kr` after, a decimal comma and a percent sign.
    let rader = std::fs::read_to_string(out.join("calc-Rader.csv")).unwrap();
    assert!(rader.contains(";880\u{a0}014 kr;"), "Borås' DSO as shown");
    assert!(rader.contains(";-342\u{a0}000 kr;"), "an adjustment as shown");
    let indata = std::fs::read_to_string(out.join("model-Indata.csv")).unwrap();
    assert!(indata.contains(";2,50%;"), "an index as shown");
    assert!(indata.contains(";114\u{a0}091;"), "Borås' inhabitants as shown");

    // Every number as shown is the number held.
    let mut compared = BTreeMap::new();
    for (book, path) in &books {
        compared.insert(*book, every_number_as_shown(&out, book, path));
    }
    for (book, n) in &compared {
        assert!(*n > 40, "{book}: only {n} numbers compared");
    }

    // The sheets that are actuals read back as the 2024 tariff's last year.
    let notes_tables = dir.join("noter-som-tabeller.csv");
    let sheets: String = (3..=12)
        .map(|n| std::fs::read_to_string(out.join(format!("notes-Not {n}.csv"))).unwrap())
        .collect();
    std::fs::write(&notes_tables, sheets).unwrap();
    let next = root().join("data/sjuharad/2024.toml");
    let next = next.to_str().unwrap();
    let calc_expected = output(&["calc", next, "--format", "csv"], &[]);
    let notes_expected = output(&["notes", next, "--format", "csv"], &[]);
    for actuals in [
        out.join("calc-Rader.csv"),
        out.join("model-Rader.csv"),
        out.join("model-Noter.csv"),
        notes_tables,
    ] {
        let calc = output(&["calc", next, "--format", "csv", "--actuals"], &[&actuals]);
        assert_eq!(calc, calc_expected, "calc 2024 with {}", actuals.display());
        let notes = output(&["notes", next, "--format", "csv", "--actuals"], &[&actuals]);
        assert_eq!(notes, notes_expected, "notes 2024 with {}", actuals.display());
    }

    // The lines of `Rader`, field for field, are calc's.
    let lines = csv_rows(&output(
        &["calc", tariff.to_str().unwrap(), "--format", "csv"],
        &[],
    ));
    for book in ["calc", "model"] {
        let path = out.join(format!("{book}-Rader.csv"));
        let read = avgift::read::actuals::parse_actuals(&std::fs::read(&path).unwrap(), &path).unwrap();
        assert_eq!(read.year, Some(2023));
        assert_eq!(read.rows.len(), lines.len(), "{book}");
        for (row, line) in read.rows.iter().zip(&lines) {
            assert_eq!(row.activity, line["activity"], "{book}");
            assert_eq!(row.kind.as_str(), line["kind"], "{book}");
            assert_eq!(
                row.code.map(|c| c.to_string()).unwrap_or_default(),
                line["code"],
                "{book}"
            );
            assert_eq!(row.party, line["party"], "{book}");
            assert_eq!(row.amount, line["amount"].parse::<Decimal>().unwrap(), "{book}");
        }
    }

    // Each plan scenario's Avgifter per plan year, as shown, is the plan's
    // charges (the years before the plan are the tariff's actuals and budget).
    let plan_lines = csv_rows(&output(&["plan", plan.to_str().unwrap(), "--format", "csv"], &[]));
    let mut totals: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for l in plan_lines.iter().filter(|l| l["kind"] != "adjustment") {
        *totals
            .entry((l["scenario"].clone(), l["year"].clone()))
            .or_default() += l["amount"].parse::<Decimal>().unwrap();
    }
    for (id, sheet) in [
        ("base", "Basplan"),
        ("herrljunga", "Herrljunga lämnar DSO från 2026"),
        ("dso5", "DSO +5 % från 2025"),
    ] {
        let rows = sheet_csv(&out, "plan", sheet);
        let header = rows
            .iter()
            .find(|r| r.first().is_some_and(|f| f == "Part"))
            .unwrap();
        let charges = rows
            .iter()
            .find(|r| r.first().is_some_and(|f| f == "Avgifter"))
            .unwrap();
        let mut years = 0;
        for (year, shown) in header.iter().zip(charges).skip(1) {
            if !totals.contains_key(&(id.to_string(), year.clone())) {
                continue;
            }
            years += 1;
            let figure = parse_figure(shown, b';').unwrap().unwrap();
            assert_eq!(figure.unit, Unit::Kr, "{sheet} {year}");
            assert_eq!(
                Some(&figure.number),
                totals.get(&(id.to_string(), year.clone())),
                "{sheet} {year}: {shown:?}"
            );
        }
        let plan_years = totals.keys().filter(|(s, _)| s == id).count();
        assert!(
            plan_years > 0 && years == plan_years,
            "{sheet}: {years} of {plan_years} plan years shown"
        );
    }
    eprintln!("as shown: numbers compared per workbook: {compared:?}");
}
