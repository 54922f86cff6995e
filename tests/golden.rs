//! Golden cases: `tests/cases/<name>/` holds input files, `cmd` (the
//! arguments, one per line, run in the case's folder), and the expected
//! `stdout`, `stderr` and `status` (exit code; 0 when the file is absent).
//! `UPDATE_GOLDEN=1 cargo test` rewrites the expected files from a run.

use std::fs;
use std::path::Path;

use crate::support::{avgift, root};

fn read_or_empty(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
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
        let run = avgift(&args).current_dir(dir).run();
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
