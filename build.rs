//! Lists the message catalogue's resources (`locales/<lang>/*.ftl`) into
//! `$OUT_DIR/locales.rs`, which `src/i18n.rs` compiles into the binary;
//! and the golden cases (`tests/cases/<name>/` with a `cmd` file) into
//! `$OUT_DIR/golden_cases.rs`: one `#[test]` per case, named after its
//! folder, which `tests/golden.rs` includes.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    locales();
    golden_cases();
}

/// Writes `text` to `$OUT_DIR/name` when it differs from what is there, so
/// that nothing is rebuilt for nothing.
fn write_out(name: &str, text: &str) {
    let dest = Path::new(&std::env::var_os("OUT_DIR").expect("OUT_DIR")).join(name);
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(text) {
        std::fs::write(&dest, text).expect("writing into OUT_DIR");
    }
}

fn locales() {
    println!("cargo:rerun-if-changed=locales");
    let mut entries = Vec::new();
    let root = Path::new("locales");
    let mut langs: Vec<_> = std::fs::read_dir(root)
        .expect("locales/")
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        println!("cargo:rerun-if-changed={}", lang.path().display());
        let mut files: Vec<_> = std::fs::read_dir(lang.path())
            .expect("a language folder")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            println!("cargo:rerun-if-changed={}", f.path().display());
            let lang = lang.file_name().into_string().expect("a UTF-8 name");
            let file = f.file_name().into_string().expect("a UTF-8 name");
            entries.push(format!(
                "    ({lang:?}, {file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/locales/{lang}/{file}\"))),"
            ));
        }
    }
    write_out("locales.rs", &format!("&[\n{}\n]\n", entries.join("\n")));
}

fn golden_cases() {
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
    write_out("golden_cases.rs", &out);
}
