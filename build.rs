//! Lists the golden cases (`tests/cases/<name>/` with a `cmd` file) into
//! `$OUT_DIR/golden_cases.rs`: one `#[test]` per case, named after its
//! folder, which `tests/golden.rs` includes. Only the tests use it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=tests/cases");
    let cases = Path::new("tests/cases");
    let mut names: Vec<String> = std::fs::read_dir(cases)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("cmd").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::new();
    for name in &names {
        let ident: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) {
            format!("case_{ident}")
        } else {
            ident
        };
        writeln!(out, "#[test]\nfn {ident}() {{\n    run_case({name:?});\n}}\n").unwrap();
    }
    writeln!(out, "const CASES: &[&str] = &{names:?};").unwrap();
    let dest = Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("golden_cases.rs");
    // Rewritten only when the list changed, so the tests are not rebuilt for nothing.
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        std::fs::write(&dest, out).expect("writing golden_cases.rs");
    }
}
