//! A small builder for running the `avgift` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example tariff.
pub fn example() -> PathBuf {
    root().join("data/sjuharad/2023.toml")
}

/// The example with what a final invoice needs and the example leaves
/// out (the annual report gives no organisation number, address or
/// bankgiro): a copy of `data/sjuharad/` whose tariff names a fictional
/// issuer, made once per test process. Its messages name the copy.
pub fn final_example() -> PathBuf {
    static MADE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    MADE.get_or_init(|| {
        let from = root().join("data/sjuharad");
        let dir = root()
            .join("target/test-final-example")
            .join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("actuals")).unwrap();
        for f in [
            "scb-folkmangd-2021-12-31.csv",
            "actuals/2022.csv",
            "mottagare.csv",
        ] {
            std::fs::copy(from.join(f), dir.join(f)).unwrap();
        }
        let tariff = std::fs::read_to_string(from.join("2023.toml")).unwrap();
        let issuer = "issuer.name = \"Boråsregionen Sjuhärads kommunalförbund\"\n";
        assert!(tariff.contains(issuer));
        let tariff = tariff.replace(
            issuer,
            &format!(
                "{issuer}issuer.org_nr = \"222222-2222\"\nissuer.bankgiro = \"5050-1055\"\n\
                 issuer.address = [\"Box 123\", \"501 10 Borås\"]\n"
            ),
        );
        std::fs::write(dir.join("2023.toml"), tariff).unwrap();
        dir.join("2023.toml")
    })
    .clone()
}

/// What a final invoice of the example needs and the example leaves out,
/// as `--set` overrides (a what-if, which its documents say they are): for
/// tests that run the example's own files.
pub const ISSUER: [&str; 6] = [
    "--set",
    "invoice.issuer.org_nr=222222-2222",
    "--set",
    "invoice.issuer.bankgiro=5050-1055",
    "--set",
    "invoice.issuer.address=[\"Box 123\", \"501 10 Borås\"]",
];

/// A command line to run.
pub struct Avgift {
    cmd: Command,
}

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0 and returns standard output.
    pub fn ok(self) -> String {
        assert_eq!(self.code, Some(0), "expected success; stderr:\n{}", self.stderr);
        self.stdout
    }
}

pub fn avgift<I, S>(args: I) -> Avgift
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_avgift"));
    // Messages in English, whatever the machine's locale, unless a test
    // asks for Swedish (`.env_remove("LANG")`, or `--lang sv`).
    cmd.args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_GB.UTF-8");
    Avgift { cmd }
}

impl Avgift {
    pub fn arg(mut self, a: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(a);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("running avgift");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// A fresh empty folder under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating a scratch folder");
    dir
}

/// Parses CSV text into rows of named fields.
pub fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("a header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a CSV record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every entry under `dir` (recursively, links not followed) with what it
/// is and, for a file, the SHA-256 of its bytes: two digests are equal when
/// nothing was created, removed or changed.
pub fn digest_tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    use sha2::{Digest, Sha256};
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("a folder entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            let what = if meta.file_type().is_symlink() {
                format!("link to {}", std::fs::read_link(&p).unwrap().display())
            } else if meta.is_dir() {
                stack.push(p.clone());
                "folder".to_string()
            } else if meta.is_file() {
                format!("file {:x}", Sha256::digest(std::fs::read(&p).unwrap()))
            } else {
                format!("special {:?}", meta.file_type())
            };
            out.insert(rel, what);
        }
    }
    out
}
