//! The audit trail: every output records what made it, and `avgift verify`
//! passes on fresh outputs and fails, naming which, on an edited output or
//! a changed input.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{avgift, root, scratch};

/// A scratch folder holding a copy of the example's data, so inputs can be changed.
fn workspace(name: &str) -> PathBuf {
    let dir = scratch(name);
    let from = root().join("data/sjuharad");
    let to = dir.join("data/sjuharad");
    fs::create_dir_all(to.join("actuals")).unwrap();
    for f in [
        "2023.toml",
        "scb-folkmangd-2021-12-31.csv",
        "actuals/2022.csv",
        "mottagare.csv",
    ] {
        fs::copy(from.join(f), to.join(f)).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> crate::support::Run {
    avgift(args).current_dir(dir).run()
}

/// Every kind of output, made in `dir`.
const OUTPUTS: &[(&[&str], &str)] = &[
    (
        &["calc", "data/sjuharad/2023.toml", "-o", "out/avgifter.csv"],
        "out/avgifter.csv",
    ),
    (
        &[
            "calc",
            "data/sjuharad/2023.toml",
            "--format",
            "table",
            "-o",
            "out/avgifter.txt",
        ],
        "out/avgifter.txt",
    ),
    (
        &["notes", "data/sjuharad/2023.toml", "-o", "out/noter.json"],
        "out/noter.json",
    ),
    (
        &["notes", "data/sjuharad/2023.toml", "-o", "out/noter.xlsx"],
        "out/noter.xlsx",
    ),
    (
        &["report", "data/sjuharad/2023.toml", "-o", "out/rapport.html"],
        "out/rapport.html",
    ),
    (
        &[
            "invoice",
            "data/sjuharad/2023.toml",
            "-o",
            "out/fakturor",
            "--final",
            // What a final invoice needs and the example leaves out.
            "--set",
            "invoice.issuer.org_nr=222222-2222",
            "--set",
            "invoice.issuer.bankgiro=5050-1055",
            "--set",
            "invoice.issuer.address=[\"Box 123\", \"501 10 Borås\"]",
        ],
        "out/fakturor",
    ),
    (
        &[
            "compare",
            "data/sjuharad/actuals/2022.csv",
            "data/sjuharad/2023.toml",
            "-o",
            "out/jamforelse.json",
        ],
        "out/jamforelse.json",
    ),
    (
        &["letters", "data/sjuharad/2023.toml", "-o", "out/brev"],
        "out/brev",
    ),
];

fn make_all(dir: &Path) {
    fs::create_dir_all(dir.join("out")).unwrap();
    for (args, _) in OUTPUTS {
        run_in(dir, args).ok();
    }
}

#[test]
fn fresh_outputs_verify() {
    let dir = workspace("verify-fresh");
    make_all(&dir);
    let paths: Vec<&str> = OUTPUTS.iter().map(|(_, p)| *p).collect();
    let out = run_in(&dir, &[&["verify"][..], &paths].concat()).ok();
    assert!(!out.contains("edited") && !out.contains("changed"), "{out}");
    for p in paths {
        assert!(out.contains(p), "{p} not reported:\n{out}");
    }
    // A plain CSV stays plain: its record is a manifest beside it.
    let csv = fs::read_to_string(dir.join("out/avgifter.csv")).unwrap();
    assert!(csv.starts_with("year,note,activity"));
    assert!(dir.join("out/avgifter.csv.manifest.json").is_file());
    // The SIE file and the PDFs name the inputs' digest.
    let sie = fs::read(dir.join("out/fakturor/fakturor-2023.si")).unwrap();
    assert!(avgift::cp437::decode(&sie).contains("#PROSA \"avgift "));
}

#[test]
fn an_edited_output_fails_and_is_named() {
    let dir = workspace("verify-edited");
    make_all(&dir);
    for (_, path) in OUTPUTS
        .iter()
        .filter(|(_, p)| !p.ends_with("fakturor") && !p.ends_with("brev"))
    {
        let file = dir.join(path);
        let original = fs::read(&file).unwrap();
        let mut edited = original.clone();
        // Change one byte in the middle (for a workbook: its data, not its record).
        let i = edited.len() / 2;
        edited[i] = edited[i].wrapping_add(1);
        fs::write(&file, &edited).unwrap();
        let run = run_in(&dir, &["verify", path]);
        assert_ne!(
            run.code,
            Some(0),
            "{path}: an edited output must fail\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(path) || run.stderr.contains(path),
            "{path} not named:\n{}{}",
            run.stdout,
            run.stderr
        );
        fs::write(&file, &original).unwrap();
        assert_eq!(
            run_in(&dir, &["verify", path]).code,
            Some(0),
            "{path} verifies again when restored"
        );
    }
    // One invoice edited in a folder of invoices.
    let pdf = dir.join("out/fakturor/faktura-2023-0008-1490.pdf");
    let mut bytes = fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"%edited\n");
    fs::write(&pdf, bytes).unwrap();
    let run = run_in(&dir, &["verify", "out/fakturor"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .contains("edited: out/fakturor/faktura-2023-0008-1490.pdf"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ok: out/fakturor/faktura-2023-0005-1463.pdf"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_changed_input_fails_and_is_named() {
    let dir = workspace("verify-changed");
    make_all(&dir);
    let tariff = dir.join("data/sjuharad/2023.toml");
    let text = fs::read_to_string(&tariff).unwrap();
    fs::write(&tariff, text.replace("rate = 6.53", "rate = 6.54")).unwrap();
    // Final invoices are checked against their register, not their inputs:
    // what was committed and sent stays as it was (tests/register.rs).
    for (_, path) in OUTPUTS.iter().filter(|(_, p)| !p.ends_with("fakturor")) {
        let run = run_in(&dir, &["verify", path]);
        assert_eq!(run.code, Some(1), "{path}");
        assert!(
            run.stdout.contains("input changed: data/sjuharad/2023.toml"),
            "{path}: {}",
            run.stdout
        );
    }
    let population = dir.join("data/sjuharad/scb-folkmangd-2021-12-31.csv");
    fs::write(&tariff, text).unwrap();
    fs::remove_file(&population).unwrap();
    let run = run_in(&dir, &["verify", "out/avgifter.csv"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .contains("input not found: data/sjuharad/scb-folkmangd-2021-12-31.csv (population)"),
        "{}",
        run.stdout
    );
    // Not found is not changed: the output is not called stale.
    assert!(!run.stdout.contains("stale"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("not checked: out/avgifter.csv: its inputs were not found"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_without_a_record_is_an_input_error() {
    let dir = scratch("verify-norecord");
    fs::write(dir.join("x.csv"), "a,b\n").unwrap();
    let run = avgift(["verify", "x.csv"]).current_dir(&dir).run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("x.csv: no record of what made this file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_imported_population_file_verifies() {
    let dir = workspace("verify-import");
    run_in(
        &dir,
        &[
            "population",
            "import",
            "data/sjuharad/scb-folkmangd-2021-12-31.csv",
            "-o",
            "pop.csv",
        ],
    )
    .ok();
    assert_eq!(
        fs::read_to_string(dir.join("pop.csv")).unwrap().lines().next(),
        Some("code,name,population")
    );
    let out = run_in(&dir, &["verify", "pop.csv"]).ok();
    assert_eq!(out, "ok: pop.csv\n");
    fs::write(dir.join("pop.csv"), "code,name,population\n1490,Borås,1\n").unwrap();
    let run = run_in(&dir, &["verify", "pop.csv"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("edited: pop.csv"), "{}", run.stdout);
}

/// A folder of letters is replayed whole: fresh it verifies, each letter
/// too; a letter edited, or removed, fails and is named.
#[test]
fn letters_are_replayed() {
    let dir = workspace("verify-letters");
    fs::create_dir_all(dir.join("out")).unwrap();
    run_in(
        &dir,
        &["letters", "data/sjuharad/2023.toml", "-o", "out/brev", "--payers"],
    )
    .ok();
    let out = run_in(&dir, &["verify", "out/brev"]).ok();
    assert_eq!(out.lines().filter(|l| l.starts_with("ok: ")).count(), 12, "{out}");
    let one = run_in(&dir, &["verify", "out/brev/brev-2023-1490.pdf"]).ok();
    assert!(
        one.starts_with("ok: ") && one.contains("brev-2023-1490.pdf"),
        "{one}"
    );
    let letter = dir.join("out/brev/brev-2023-1490.pdf");
    let mut bytes = fs::read(&letter).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = bytes[i].wrapping_add(1);
    fs::write(&letter, &bytes).unwrap();
    let run = run_in(&dir, &["verify", "out/brev"]);
    assert_ne!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.contains("brev-2023-1490.pdf") || run.stderr.contains("brev-2023-1490.pdf"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
