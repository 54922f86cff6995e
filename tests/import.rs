//! `avgift population import` on every SCB layout: the fixtures in
//! `tests/fixtures/scb/` hold the same figures and must each give the same
//! canonical file, byte for byte; bad files exit 2 naming file and line, and
//! write nothing.

use std::fs;
use std::path::PathBuf;

use crate::support::{avgift, root, scratch};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/scb")
}

/// Every layout: file, extra arguments, and how the summary describes it.
const LAYOUTS: &[(&str, &[&str], &str)] = &[
    (
        "pxweb-codes.csv",
        &[],
        "PxWeb CSV, years as columns, regions as codes, UTF-8, comma-separated",
    ),
    (
        "pxweb-names-1252.csv",
        &[],
        "PxWeb CSV, years as columns, regions as names, Windows-1252, semicolon-separated",
    ),
    (
        "pxweb-code-name-bom.csv",
        &["--year", "2021", "--skip-regions"],
        "PxWeb CSV, years as columns, regions as code and name, UTF-8 with BOM, comma-separated",
    ),
    (
        "pxweb-code-name-month.tsv",
        &[],
        "PxWeb CSV, years as columns, regions as code and name, UTF-8, tab-separated",
    ),
    (
        "pxweb-rows-1252.csv",
        &["--year", "2021"],
        "PxWeb CSV, one row per year, regions as code and name, Windows-1252, semicolon-separated",
    ),
    (
        "scb-kod-namn.csv",
        &[],
        "SCB table with a population column, regions as code and name, UTF-8, semicolon-separated",
    ),
    (
        "scb-kod-namn-1252.csv",
        &[],
        "SCB table with a population column, regions as code and name, Windows-1252, semicolon-separated",
    ),
    (
        "json-stat2.json",
        &[],
        "JSON-stat 2.0, regions as code and name, UTF-8",
    ),
    (
        "json-stat2-years.json",
        &["--year", "2021", "--skip-regions"],
        "JSON-stat 2.0, regions as code and name, UTF-8",
    ),
];

#[test]
fn every_layout_gives_the_same_canonical_file() {
    let expected = fs::read(fixtures().join("expected.csv")).unwrap();
    let out_dir = scratch("import-layouts");
    for (file, args, described) in LAYOUTS {
        let out = out_dir.join(format!("{file}.csv"));
        let run = avgift(["population", "import", file])
            .args(args.iter())
            .arg("-o")
            .arg(&out)
            .current_dir(fixtures())
            .run();
        assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: wrote to stdout");
        assert_eq!(
            fs::read(&out).unwrap(),
            expected,
            "{file}: not the expected canonical file"
        );
        let first = run.stderr.lines().next().unwrap_or("");
        assert_eq!(first, format!("{file}: {described}"), "{file}");
        assert!(
            run.stderr
                .contains("\n  11 municipalities, 353 002 inhabitants\n"),
            "{file}: {}",
            run.stderr
        );
        assert!(
            run.stderr.ends_with(&format!("wrote {}\n", out.display())),
            "{file}"
        );
    }
    let names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    // Each output and the manifest beside it that records what made it.
    let (manifests, outputs): (Vec<&String>, Vec<&String>) =
        names.iter().partition(|n| n.ends_with(".manifest.json"));
    assert_eq!(outputs.len(), LAYOUTS.len(), "no temporary files left: {names:?}");
    assert_eq!(manifests.len(), LAYOUTS.len(), "a manifest per output: {names:?}");
}

#[test]
fn standard_output_holds_the_file_alone() {
    let run = avgift(["population", "import", "json-stat2.json"])
        .current_dir(fixtures())
        .run();
    let expected = fs::read_to_string(fixtures().join("expected.csv")).unwrap();
    assert_eq!(run.ok(), expected);
}

#[test]
fn summary_names_the_year_date_and_skipped_regions() {
    let run = avgift([
        "population",
        "import",
        "pxweb-code-name-bom.csv",
        "--year",
        "2021",
        "--date",
        "2021-12-31",
        "--skip-regions",
    ])
    .current_dir(fixtures())
    .run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "pxweb-code-name-bom.csv: PxWeb CSV, years as columns, regions as code and name, UTF-8 with BOM, comma-separated\n\
         \x20 year 2021 (the file has 2020, 2021), reference date 2021-12-31\n\
         \x20 11 municipalities, 353 002 inhabitants\n\
         \x20 skipped 2 regions that are not municipalities: 00 Riket (line 4), 14 Västra Götalands län (line 5)\n"
    );
}

/// The imported copy of the shipped SCB file computes the same fees.
#[test]
fn the_shipped_file_imports_whole_and_computes_the_same() {
    let dir = scratch("import-shipped");
    let out = dir.join("folkmangd.csv");
    let run = avgift([
        "population",
        "import",
        "data/sjuharad/scb-folkmangd-2021-12-31.csv",
        "-o",
    ])
    .arg(&out)
    .run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("290 municipalities, 10 452 326 inhabitants"),
        "{}",
        run.stderr
    );
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("code,name,population\n0114,Upplands Väsby,47820\n"));
    assert_eq!(text.lines().count(), 291);
    let calc = |pop: Option<&PathBuf>| {
        let mut a = avgift(["calc", "data/sjuharad/2023.toml", "--format", "csv"]);
        if let Some(p) = pop {
            a = a.arg("--population").arg(p);
        }
        a.run().ok()
    };
    assert_eq!(calc(Some(&out)), calc(None));
}

/// Bad files: arguments, and the first message expected (with file and line).
const BAD: &[(&str, &[&str], &str)] = &[
    ("bad/negative.csv", &[], "bad/negative.csv:5: negative figure \"-35201\""),
    (
        "bad/not-a-number.csv",
        &[],
        "bad/not-a-number.csv:5: missing figure \"..\" (SCB's mark for a figure that is not available)",
    ),
    (
        "bad/duplicate.csv",
        &[],
        "bad/duplicate.csv:6: duplicate municipality 1490 (Borås): already on line 4",
    ),
    (
        "bad/unknown-name.csv",
        &[],
        "bad/unknown-name.csv:2: unknown municipality \"Ulrikehamn\"; did you mean \"Ulricehamn\" (1491)?",
    ),
    (
        "bad/county.csv",
        &[],
        "bad/county.csv:4: \"14 Västra Götalands län\" is a county (län), not a municipality; \
         pass --skip-regions to leave counties and the country out",
    ),
    (
        "bad/not-a-municipality.csv",
        &[],
        "bad/not-a-municipality.csv:5: \"1400\" is not a municipality code: none of SCB's 290 municipalities has it",
    ),
    (
        "bad/ambiguous-year.csv",
        &[],
        "bad/ambiguous-year.csv:3: figures for several years (2020, 2021): choose one with --year",
    ),
    (
        "bad/ambiguous-year.csv",
        &["--year", "2019"],
        "bad/ambiguous-year.csv:3: no figures for 2019: the file has 2020, 2021",
    ),
    (
        "bad/label-column.csv",
        &[],
        "bad/label-column.csv:3: column \"kön\" has several values (\"män\", \"kvinnor\")",
    ),
    (
        "bad/json-negative.json",
        &["--year", "2021", "--skip-regions"],
        "bad/json-negative.json:104: value[7] (Region 1383 Varberg, Tid 2021): negative figure \"-12180\"",
    ),
    (
        "bad/json-ambiguous-year.json",
        &["--skip-regions"],
        "bad/json-ambiguous-year.json:82: dimension Tid: figures for several years (2020, 2021): choose one with --year",
    ),
    (
        "bad/json-ambiguous-year.json",
        &["--year", "2021"],
        "bad/json-ambiguous-year.json:23: dimension Region, category \"00\" (Riket): the whole country, \
         not a municipality",
    ),
    (
        "bad/json-two-categories.json",
        &["--year", "2021", "--skip-regions"],
        "bad/json-two-categories.json:54: dimension \"Kon\" has 2 categories (1 män, 2 kvinnor)",
    ),
    (
        "json-stat2.json",
        &["--date", "2020-12-31"],
        "json-stat2.json: --date 2020-12-31 is not in the period read (2021)",
    ),
];

#[test]
fn bad_files_exit_2_with_file_and_line_and_write_nothing() {
    let dir = scratch("import-bad");
    for (file, args, message) in BAD {
        let out = dir.join("out.csv");
        let run = avgift(["population", "import", file])
            .args(args.iter())
            .arg("-o")
            .arg(&out)
            .current_dir(fixtures())
            .run();
        assert_eq!(run.code, Some(2), "{file} {args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}");
        assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error: {message}")),
            "{file} {args:?}: expected {message:?} in\n{}",
            run.stderr
        );
        assert!(!out.exists(), "{file}: wrote {}", out.display());
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            0,
            "{file}: left a file behind"
        );
    }
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["--date", "2021-02-30"][..],
        &["--date", "31/12/2021"],
        &["--year", "tjugotjugoett"],
    ] {
        let run = avgift(["population", "import", "json-stat2.json"])
            .args(args.iter())
            .current_dir(fixtures())
            .run();
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    let run = avgift(["population", "import", "no-such-file.csv"])
        .current_dir(fixtures())
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: no-such-file.csv: cannot read the file"),
        "{}",
        run.stderr
    );
}
