//! Golden cases: `tests/cases/<name>/` holds input files, `cmd` (the
//! arguments, one per line, run in the case's folder), and the expected
//! `stdout`, `stderr` and `status` (exit code; 0 when the file is absent).
//! `UPDATE_GOLDEN=1 cargo test` rewrites the expected files from a run.
//! A case that exits 2 must leave its folder as it was: nothing written.
//! What a successful case writes is removed after the run.

use std::fs;
use std::path::Path;

use crate::support::{avgift, root};

fn read_or_empty(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

/// Every path under `dir`, relative to it.
fn listing(dir: &Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    let mut out = std::collections::BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p.clone());
            }
            out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    out
}

#[test]
fn golden_cases() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut dirs: Vec<_> = fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.join("cmd").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no golden cases found");
    let mut failures = Vec::new();
    for dir in &dirs {
        let args: Vec<String> = read_or_empty(&dir.join("cmd"))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        let before = listing(dir);
        let run = avgift(&args).current_dir(dir).run();
        let written: Vec<_> = listing(dir).difference(&before).cloned().collect();
        let status = run.code.unwrap_or(-1).to_string();
        if update {
            fs::write(dir.join("stdout"), &run.stdout).unwrap();
            fs::write(dir.join("stderr"), &run.stderr).unwrap();
            fs::write(dir.join("status"), format!("{status}\n")).unwrap();
            continue;
        }
        let expected_status = read_or_empty(&dir.join("status")).trim().to_string();
        let expected_status = if expected_status.is_empty() {
            "0".to_string()
        } else {
            expected_status
        };
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        // A refused run writes nothing (and leaves no folder behind).
        if status == "2" && !written.is_empty() {
            failures.push(format!("{name}: exit code 2, yet wrote {written:?}"));
        }
        for path in &written {
            let _ = fs::remove_dir_all(dir.join(path)).or_else(|_| fs::remove_file(dir.join(path)));
        }
        if status != expected_status {
            failures.push(format!(
                "{name}: exit code {status}, expected {expected_status}\nstderr:\n{}",
                run.stderr
            ));
        }
        for (stream, got) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            let want = read_or_empty(&dir.join(stream));
            if *got != want {
                failures.push(format!(
                    "{name}: {stream} differs\n--- expected\n{want}\n--- got\n{got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
