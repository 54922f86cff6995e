//! Malformed input never panics, never exits 0, and says where: every
//! golden case whose name starts with `bad-` must exit 2 with each problem
//! on a line `error: FILE:LINE[:COLUMN]: …` (tariff problems with a column),
//! and leave its folder as it was: the SHA-256 of every file, before and
//! after, are the same, and no file appeared.

use std::fs;

use crate::support::{avgift, digest_tree, root};

#[test]
fn malformed_inputs_are_reported_with_file_and_line() {
    let mut cases: Vec<_> = fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("bad-"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "the malformed corpus has {} cases, expected at least 15",
        cases.len()
    );
    for dir in cases {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let args: Vec<String> = fs::read_to_string(dir.join("cmd"))
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        let before = digest_tree(&dir);
        let run = avgift(&args).current_dir(&dir).run();
        assert_eq!(run.code, Some(2), "{name}: exit code; stderr:\n{}", run.stderr);
        assert_eq!(digest_tree(&dir), before, "{name}: the folder changed");
        assert!(
            !run.stderr.contains("panicked"),
            "{name}: panicked:\n{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{name}: wrote to stdout:\n{}", run.stdout);
        assert!(!run.stderr.is_empty(), "{name}: no message");
        for line in run.stderr.lines() {
            let rest = line
                .strip_prefix("error: ")
                .unwrap_or_else(|| panic!("{name}: {line:?} does not start with 'error: '"));
            let (file, rest) = rest
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: {line:?} names no file"));
            let (line_no, rest) = rest
                .split_once(':')
                .unwrap_or_else(|| panic!("{name}: {line:?} names no line"));
            assert!(line_no.parse::<usize>().is_ok(), "{name}: {line:?} names no line");
            if file.ends_with(".toml") {
                let (col, _) = rest
                    .split_once(':')
                    .unwrap_or_else(|| panic!("{name}: {line:?} names no column"));
                assert!(col.parse::<usize>().is_ok(), "{name}: {line:?} names no column");
            }
        }
    }
}
