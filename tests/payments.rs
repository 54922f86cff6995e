//! Payment files: every camt.054 fixture against the official ISO 20022
//! schemas (`tests/schemas/iso20022/`) with an engine other than ours
//! (lxml, or xmllint), and the same fixtures through `read::payments`: a
//! file the schema takes is either read or refused for a reason of ours
//! (not SEK, batch totals), and a file invalid on purpose is refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;

/// The fixtures that are not camt.054 documents at all.
const INVALID_ON_PURPOSE: [&str; 2] = ["bad-camt-not-xml.xml", "bad-camt-wrong-message.xml"];

/// Every camt fixture, sorted.
fn camt_fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/payments");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn camt_fixtures_against_the_iso_20022_schemas_or_says_skipped() {
    let files = camt_fixtures();
    assert!(files.len() >= 6, "{files:?}");
    // Our camt.054 reader first: the good files read, the bad ones refused.
    for f in &files {
        let read = avgift::read::payments::camt::read(f, &std::fs::read(f).unwrap());
        assert_eq!(
            read.is_ok(),
            !name(f).starts_with("bad-"),
            "{}: {read:?}",
            name(f)
        );
    }
    let script = root().join("tests/schemas/iso20022/validate");
    let out = Command::new("bash").arg(&script).args(&files).output();
    // .ci/run makes sure the Peppol validator's Python runs; this one uses it.
    let required = std::env::var_os("AVGIFT_REQUIRE_PEPPOL").is_some();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            assert!(!required, "the schema validator could not start: {e}");
            eprintln!("SKIPPED: ISO 20022 schema validation of the camt fixtures: cannot run bash: {e}");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let verdicts: Vec<(String, bool)> = stdout
        .lines()
        .filter_map(|l| {
            let (file, verdict) = l.split_once(": ")?;
            let valid = verdict == "valid";
            (valid || verdict.starts_with("invalid")).then(|| (name(Path::new(file)), valid))
        })
        .collect();
    if verdicts.is_empty() {
        assert!(
            !required,
            "the schema validator did not run (AVGIFT_REQUIRE_PEPPOL is set):\n{stdout}\n{stderr}"
        );
        eprintln!(
            "SKIPPED: ISO 20022 schema validation of {} camt fixtures: neither lxml (python3 with venv and the package registry) nor xmllint (libxml2-utils) is available:\n{stderr}",
            files.len()
        );
        return;
    }
    assert_eq!(
        verdicts.len(),
        files.len(),
        "a verdict per file:\n{stdout}\n{stderr}"
    );
    for (file, valid) in &verdicts {
        assert_eq!(
            *valid,
            !INVALID_ON_PURPOSE.contains(&file.as_str()),
            "{file}:\n{stdout}"
        );
    }
}
