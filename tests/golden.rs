//! Golden cases: `tests/cases/<name>/` holds input files, `cmd` (the
//! arguments, one per line, run in the case's folder), and the expected
//! `stdout`, `stderr` and `status` (exit code; 0 when the file is absent).
//! A case may have `setup`: commands (one a line, arguments split at
//! spaces) run first in its folder, each of which must succeed, whose
//! outputs are the case's inputs (an invoice folder and its register);
//! they are made anew for each run and removed after it.
//! Every case runs twice: in Swedish, the language a run speaks when the
//! locale names none (`stdout`, `stderr`), and in English (`LANG=en_GB.UTF-8`:
//! `stdout.en` and `stderr.en`, or, where a file has no `.en` twin, the
//! same text as in Swedish). `GOLDEN_LANGS=en` (or `sv`) runs one.
//! Each case is its own test, named after its folder (`build.rs` lists
//! them): `cargo test --test integration golden::bad_unknown_key` runs one.
//! `UPDATE_GOLDEN=1 cargo test` rewrites the expected files from a run.
//! A case that exits 2 must leave its folder as it was: nothing written.
//! What a successful case writes is removed after the run.
//!
//! Malformed input never panics, never exits 0, and says where: a case
//! whose name starts with `bad-` must exit 2 with each problem on a line
//! `error: FILE:LINE[:COLUMN]: …` (tariff problems with a column), print
//! nothing on standard output, and leave its folder as it was: the SHA-256
//! of every file, before and after, are the same, and no file appeared.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{avgift, digest_tree, root};

include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));

fn read_or_empty(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

/// Every path under `dir`, relative to it.
fn listing(dir: &Path) -> std::collections::BTreeSet<PathBuf> {
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

/// Runs the case in `tests/cases/<name>/` and checks it (or, with
/// `UPDATE_GOLDEN` set, rewrites its expected files).
fn run_case(name: &str) {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = root().join("tests/cases").join(name);
    let args: Vec<String> = fs::read_to_string(dir.join("cmd"))
        .unwrap_or_else(|e| panic!("{name}: reading cmd: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let mut failures = Vec::new();
    // GOLDEN_LANGS=en checks one language only.
    let langs = std::env::var("GOLDEN_LANGS").unwrap_or_else(|_| "sv,en".into());
    for lang in ["sv", "en"]
        .into_iter()
        .filter(|l| langs.split(',').any(|x| x.trim() == *l))
    {
        failures.extend(run_case_in(name, &dir, &args, lang, update));
    }
    assert!(
        failures.is_empty(),
        "golden case {name} failed:\n\n{}",
        failures.join("\n\n")
    );
}

/// Runs a case in one language (`sv`: no locale; `en`: an English one) and
/// says how it differs from what is expected, or rewrites what is expected.
fn run_case_in(name: &str, dir: &Path, args: &[String], lang: &str, update: bool) -> Vec<String> {
    // What `setup` makes (an invoice folder with its register) is the
    // case's input: made anew for each run, removed after it.
    let original = listing(dir);
    if let Some(problem) = setup(dir) {
        for path in listing(dir).difference(&original) {
            let _ = fs::remove_dir_all(dir.join(path)).or_else(|_| fs::remove_file(dir.join(path)));
        }
        return vec![format!("[{lang}] setup: {problem}")];
    }
    let before = listing(dir);
    let digests = digest_tree(dir);
    let mut cmd = avgift(args).current_dir(dir).env_remove("LANG");
    if lang == "en" {
        cmd = cmd.env("LANG", "en_GB.UTF-8");
    }
    let run = cmd.run();
    let suffix = if lang == "en" { ".en" } else { "" };
    let dir = dir.to_path_buf();
    let written: Vec<_> = listing(&dir).difference(&before).cloned().collect();
    let unchanged = digest_tree(&dir) == digests;
    for path in listing(&dir).difference(&original) {
        let _ = fs::remove_dir_all(dir.join(path)).or_else(|_| fs::remove_file(dir.join(path)));
    }
    let status = run.code.unwrap_or(-1).to_string();
    let mut failures = Vec::new();
    let lang_note = format!("[{lang}] ");
    // A refused run writes nothing (and leaves no folder behind).
    if status == "2" && !written.is_empty() {
        failures.push(format!("exit code 2, yet wrote {written:?}"));
    }
    if name.starts_with("bad-") {
        failures.extend(malformed_problems(&run, unchanged, lang));
    }
    if update {
        for (stream, got) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            if lang == "sv" {
                fs::write(dir.join(stream), got).unwrap();
            } else {
                // English where it differs from Swedish.
                let twin = dir.join(format!("{stream}.en"));
                if *got == read_or_empty(&dir.join(stream)) {
                    let _ = fs::remove_file(&twin);
                } else {
                    fs::write(&twin, got).unwrap();
                }
            }
        }
        fs::write(dir.join("status"), format!("{status}\n")).unwrap();
    } else {
        let expected_status = read_or_empty(&dir.join("status")).trim().to_string();
        let expected_status = if expected_status.is_empty() {
            "0".to_string()
        } else {
            expected_status
        };
        if status != expected_status {
            failures.push(format!(
                "exit code {status}, expected {expected_status}\nstderr:\n{}",
                run.stderr
            ));
        }
        for (stream, got) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            let twin = dir.join(format!("{stream}{suffix}"));
            let want = if twin.is_file() {
                read_or_empty(&twin)
            } else {
                read_or_empty(&dir.join(stream))
            };
            if *got != want {
                failures.push(format!("{stream}{suffix} differs:\n{}", line_diff(&want, got)));
            }
        }
    }
    failures.into_iter().map(|f| format!("{lang_note}{f}")).collect()
}

/// Runs the commands of the case's `setup` file (one a line, arguments
/// split at spaces), each of which must succeed; what went wrong, if
/// anything.
fn setup(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(dir.join("setup")).ok()?;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let run = avgift(line.split_whitespace()).current_dir(dir).run();
        if run.code != Some(0) {
            return Some(format!("{line}: exit {:?}\n{}", run.code, run.stderr));
        }
    }
    None
}

/// Where two texts differ, line by line (a longest common subsequence of
/// lines): the expected lines not got (`- `) and the lines got not
/// expected (`+ `), each with its line number, two equal lines of context
/// around them (`  `), and runs of equal lines further away counted.
fn line_diff(want: &str, got: &str) -> String {
    const CONTEXT: usize = 2;
    enum Op {
        /// A line of both, at its place in `got`.
        Same(usize),
        Gone(usize),
        New(usize),
    }
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let head = w.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let tail = w[head..]
        .iter()
        .rev()
        .zip(g[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (wm, gm) = (&w[head..w.len() - tail], &g[head..g.len() - tail]);
    let mut ops: Vec<Op> = (0..head).map(Op::Same).collect();
    if wm.len().saturating_mul(gm.len()) <= 4_000_000 {
        // lcs[i][j]: the longest common subsequence of wm[i..] and gm[j..].
        let cols = gm.len() + 1;
        let mut lcs = vec![0u32; (wm.len() + 1) * cols];
        for i in (0..wm.len()).rev() {
            for j in (0..gm.len()).rev() {
                lcs[i * cols + j] = if wm[i] == gm[j] {
                    lcs[(i + 1) * cols + j + 1] + 1
                } else {
                    lcs[(i + 1) * cols + j].max(lcs[i * cols + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < wm.len() || j < gm.len() {
            if i < wm.len() && j < gm.len() && wm[i] == gm[j] {
                ops.push(Op::Same(head + j));
                (i, j) = (i + 1, j + 1);
            } else if j == gm.len() || (i < wm.len() && lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1]) {
                ops.push(Op::Gone(head + i));
                i += 1;
            } else {
                ops.push(Op::New(head + j));
                j += 1;
            }
        }
    } else {
        ops.extend((head..w.len() - tail).map(Op::Gone));
        ops.extend((head..g.len() - tail).map(Op::New));
    }
    ops.extend((g.len() - tail..g.len()).map(Op::Same));
    let changed: Vec<usize> = (0..ops.len())
        .filter(|k| !matches!(ops[*k], Op::Same(..)))
        .collect();
    let near = |k: usize| {
        let at = changed.partition_point(|c| *c < k);
        let after = changed.get(at).is_some_and(|c| c - k <= CONTEXT);
        let before = at > 0 && k - changed[at - 1] <= CONTEXT;
        after || before
    };
    let mut out = String::new();
    let mut skipped = 0;
    for (k, op) in ops.iter().enumerate() {
        let line = match op {
            Op::Same(_) if !near(k) => {
                skipped += 1;
                continue;
            }
            Op::Same(j) => format!("  {:>5} {}", j + 1, g[*j]),
            Op::Gone(i) => format!("- {:>5} {}", i + 1, w[*i]),
            Op::New(j) => format!("+ {:>5} {}", j + 1, g[*j]),
        };
        if skipped > 0 {
            out.push_str(&format!("  … {skipped} equal lines\n"));
            skipped = 0;
        }
        out.push_str(&line);
        out.push('\n');
    }
    if skipped > 0 {
        out.push_str(&format!("  … {skipped} equal lines\n"));
    }
    if changed.is_empty() {
        // Equal lines, different bytes: line ends or a last newline.
        out = format!("the same lines; the bytes differ: expected {want:?}, got {got:?}\n");
    }
    out
}

#[test]
fn a_golden_diff_shows_the_changed_lines_with_context() {
    let want = "a\nb\nc\nd\ne\nf\ng\n";
    let got = "a\nb\nc\nD\ne\nf\ng\nh\n";
    let diff = line_diff(want, got);
    assert_eq!(
        diff,
        "  … 1 equal lines\n      2 b\n      3 c\n-     4 d\n+     4 D\n      5 e\n      6 f\n      7 g\n+     8 h\n"
    );
    assert_eq!(line_diff("x\ny\n", "y\n"), "-     1 x\n      1 y\n");
    assert!(line_diff("a\n", "a\r\n").contains("the bytes differ"));
}

/// What a `bad-*` case did wrong: any exit code but 2, a panic, standard
/// output, a changed folder, or a message line that does not say where.
fn malformed_problems(run: &crate::support::Run, unchanged: bool, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    if run.code != Some(2) {
        out.push(format!(
            "exit code {:?}, expected 2; stderr:\n{}",
            run.code, run.stderr
        ));
    }
    if !unchanged {
        out.push("the folder changed".to_string());
    }
    if run.stderr.contains("panicked") {
        out.push(format!("panicked:\n{}", run.stderr));
    }
    if !run.stdout.is_empty() {
        out.push(format!("wrote to stdout:\n{}", run.stdout));
    }
    if run.stderr.is_empty() {
        out.push("no message".to_string());
    }
    for line in run.stderr.lines() {
        if let Err(why) = says_where(line, lang) {
            out.push(format!("{line:?} {why}"));
        }
    }
    out
}

/// Checks that `line` reads `error: FILE:LINE[:COLUMN]: …` (in Swedish
/// `fel: …`), with a column when the file is a tariff (`.toml`).
fn says_where(line: &str, lang: &str) -> Result<(), &'static str> {
    let marker = if lang == "en" { "error: " } else { "fel: " };
    let rest = line
        .strip_prefix(marker)
        .ok_or("does not start with 'error: ' (in Swedish 'fel: ')")?;
    let (file, rest) = rest.split_once(':').ok_or("names no file")?;
    let (line_no, rest) = rest.split_once(':').ok_or("names no line")?;
    line_no.parse::<usize>().map_err(|_| "names no line")?;
    if file.ends_with(".toml") {
        let (col, _) = rest.split_once(':').ok_or("names no column")?;
        col.parse::<usize>().map_err(|_| "names no column")?;
    }
    Ok(())
}

#[test]
fn every_case_folder_is_a_test() {
    let mut on_disk: Vec<String> = fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.join("cmd").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, CASES, "build.rs did not list the case folders");
    let bad = CASES.iter().filter(|n| n.starts_with("bad-")).count();
    assert!(
        bad >= 15,
        "the malformed corpus has {bad} cases, expected at least 15"
    );
}
