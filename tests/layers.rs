//! The layering, as the source states it: no writer or engine module
//! imports a reader, no global state of a run, and the run's context is the
//! only writer of output.

use std::path::{Path, PathBuf};

use crate::support::root;

/// Every `.rs` file under `dir`, with its text up to its test module (a
/// module's tests in a file of their own, `tests.rs`, are left out).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 source");
            let code = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            out.push((path, code));
        }
    }
    out.sort();
    out
}

fn offenders(dir: &str, needles: &[&str], except: &[&str]) -> Vec<String> {
    let src = root().join("src");
    sources(&src.join(dir))
        .into_iter()
        .filter(|(p, _)| !except.iter().any(|e| p.ends_with(e)))
        .flat_map(|(p, code)| {
            needles
                .iter()
                .filter(|n| code.contains(**n))
                .map(|n| format!("{}: {n}", p.strip_prefix(&src).unwrap().display()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn no_writer_or_engine_module_imports_a_reader() {
    assert_eq!(offenders("write", &["crate::read"], &[]), Vec::<String>::new());
    assert_eq!(
        offenders("engine", &["crate::read", "crate::write", "std::fs"], &[]),
        Vec::<String>::new()
    );
}

#[test]
fn a_run_has_no_global_state_and_writes_only_through_its_context() {
    assert_eq!(
        offenders("", &["thread_local!", "static mut"], &[]),
        Vec::<String>::new()
    );
    let writers = [
        "std::io::stdout",
        "std::io::stderr",
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "fs::write(",
        "fs::rename(",
        "OpenOptions",
        "File::create",
        "create_dir",
    ];
    assert_eq!(offenders("", &writers, &["context.rs"]), Vec::<String>::new());
}
