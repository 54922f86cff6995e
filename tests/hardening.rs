//! Hostile input and hostile outputs: each case exits 2 with a message
//! naming the file (and line where there is one), does not panic, and
//! leaves the folder byte for byte as it was (SHA-256 of every file before
//! and after, and no new file). Also what must keep working: `-o -`,
//! spreadsheet-safe text, hostile names through SIE and the register, and
//! apportionment at the documented limits.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{csv_rows, digest_tree, scratch};

/// A folder with a copy of the example: `2023.toml` (with what a final
/// invoice needs and the example leaves out, `support::final_example`),
/// its population, actuals and recipients.
fn example_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    let from = crate::support::final_example()
        .parent()
        .expect("a folder")
        .to_path_buf();
    fs::create_dir_all(dir.join("actuals")).unwrap();
    for f in [
        "2023.toml",
        "scb-folkmangd-2021-12-31.csv",
        "actuals/2022.csv",
        "mottagare.csv",
    ] {
        fs::copy(from.join(f), dir.join(f)).unwrap();
    }
    dir
}

/// Runs `args` in `dir` (killed after 60 s, so a blocking read fails the
/// test instead of hanging it), with `env` set.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_avgift"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("AVGIFT_MAX_INPUT_MIB")
        // Messages in English, whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_GB.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("running avgift");
    // Read both pipes while waiting, so a large output does not block.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).to_string()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("avgift {args:?} still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.code(), stdout.join().unwrap(), stderr.join().unwrap())
}

/// Asserts exit 2, no panic, nothing on standard output, every `needle` in
/// the message, and the folder unchanged.
fn refused_env(dir: &Path, args: &[&str], env: &[(&str, &str)], needles: &[&str]) -> String {
    let before = digest_tree(dir);
    let (code, stdout, stderr) = run_env(dir, args, env);
    assert_eq!(code, Some(2), "{args:?}: exit code; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: wrote to stdout: {stdout}");
    for n in needles {
        assert!(stderr.contains(n), "{args:?}: {n:?} not in:\n{stderr}");
    }
    assert!(
        stderr.lines().any(|l| l.starts_with("error: ")),
        "{args:?}: {stderr}"
    );
    assert_eq!(digest_tree(dir), before, "{args:?}: the folder changed");
    stderr
}

fn refused(dir: &Path, args: &[&str], needles: &[&str]) -> String {
    refused_env(dir, args, &[], needles)
}

const NOT_INPUT: &str = "an output never replaces an input";

#[test]
fn an_output_never_replaces_an_input() {
    let dir = example_copy("hardening-inputs");
    // A .toml is no output of calc: refused by its extension before the
    // inputs are even read; project writes .toml and is refused below.
    refused(&dir, &["calc", "2023.toml", "-o", "2023.toml"], &[]);
    refused(
        &dir,
        &["calc", "2023.toml", "--format", "csv", "-o", "2023.toml"],
        &[],
    );
    refused(
        &dir,
        &["notes", "2023.toml", "-o", "actuals/2022.csv"],
        &["this run's actuals", NOT_INPUT],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "-o", "scb-folkmangd-2021-12-31.csv"],
        &["this run's population file", NOT_INPUT],
    );
    refused(&dir, &["report", "2023.toml", "-o", "2023.toml"], &[]);
    refused(
        &dir,
        &["project", "2023.toml", "--year", "2024", "-o", "2023.toml"],
        &[NOT_INPUT],
    );
    refused(
        &dir,
        &[
            "compare",
            "actuals/2022.csv",
            "2023.toml",
            "--format",
            "csv",
            "-o",
            "actuals/2022.csv",
        ],
        &[NOT_INPUT],
    );
    refused(
        &dir,
        &[
            "population",
            "import",
            "scb-folkmangd-2021-12-31.csv",
            "-o",
            "scb-folkmangd-2021-12-31.csv",
        ],
        &[NOT_INPUT],
    );
    // A file named by --set is an input like any other.
    fs::copy(dir.join("scb-folkmangd-2021-12-31.csv"), dir.join("other.csv")).unwrap();
    refused(
        &dir,
        &[
            "calc",
            "2023.toml",
            "--set",
            "population=\"other.csv\"",
            "-o",
            "other.csv",
        ],
        &["this run's population file", NOT_INPUT],
    );
    // The manifest beside the output is checked before the output is written.
    refused(
        &dir,
        &[
            "calc",
            "2023.toml",
            "-o",
            "mottagare.csv",
            "--population",
            "mottagare.csv.manifest.json",
        ],
        &[],
    );
    // A hard link to the tariff, under another name.
    fs::hard_link(dir.join("2023.toml"), dir.join("hard.csv")).unwrap();
    refused(
        &dir,
        &["calc", "2023.toml", "-o", "hard.csv"],
        &["hard.csv: not written: it is this run's tariff (2023.toml)"],
    );
    // The tariff read through a link, the output its target.
    std::os::unix::fs::symlink("2023.toml", dir.join("via-link.toml")).unwrap();
    refused(
        &dir,
        &["project", "via-link.toml", "--year", "2024", "-o", "2023.toml"],
        &["this run's tariff (via-link.toml)"],
    );
    // project's side file beside the new tariff would be the population.
    fs::create_dir_all(dir.join("next")).unwrap();
    fs::copy(
        dir.join("scb-folkmangd-2021-12-31.csv"),
        dir.join("next/2024.previous-2023.csv"),
    )
    .unwrap();
    refused(
        &dir,
        &[
            "project",
            "2023.toml",
            "--year",
            "2024",
            "-o",
            "next/2024.toml",
            "--population",
            "next/2024.previous-2023.csv",
        ],
        &["next/2024.previous-2023.csv: not written", NOT_INPUT],
    );
    // An invoice folder whose CSV is a hard link to the tariff.
    fs::create_dir_all(dir.join("fakturor")).unwrap();
    fs::hard_link(dir.join("2023.toml"), dir.join("fakturor/fakturor-2023.csv")).unwrap();
    refused(
        &dir,
        &["invoice", "2023.toml", "-o", "fakturor", "--date", "2023-01-16"],
        &[NOT_INPUT],
    );
    refused(
        &dir,
        &["invoice", "2023.toml", "-o", "2023.toml"],
        &["2023.toml: is not a folder"],
    );
}

#[test]
fn an_output_never_replaces_a_special_file_or_a_link() {
    let dir = example_copy("hardening-special");
    std::os::unix::fs::symlink("elsewhere.csv", dir.join("link.csv")).unwrap();
    refused(
        &dir,
        &["calc", "2023.toml", "-o", "link.csv"],
        &[
            "link.csv: is a symbolic link to elsewhere.csv",
            "name the file itself",
        ],
    );
    let fifo = dir.join("fifo.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    refused(
        &dir,
        &["calc", "2023.toml", "-o", "fifo.csv"],
        &["fifo.csv: is a FIFO (named pipe), not a plain file"],
    );
    refused(
        &dir,
        &[
            "population",
            "import",
            "scb-folkmangd-2021-12-31.csv",
            "-o",
            "fifo.csv",
        ],
        &["FIFO"],
    );
    fs::create_dir_all(dir.join("folder.csv")).unwrap();
    refused(
        &dir,
        &["calc", "2023.toml", "-o", "folder.csv"],
        &["folder.csv: is a folder"],
    );
    // A folder that does not exist is made, as every command makes its
    // output's folder (README, "wrote FILE").
    let (code, _, stderr) = run_env(&dir, &["calc", "2023.toml", "-o", "nodir/x.csv"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.join("nodir/x.csv").is_file());
    fs::remove_dir_all(dir.join("nodir")).unwrap();
    // A device outside the folder: refused, and still a device afterwards.
    refused(
        &dir,
        &[
            "population",
            "import",
            "scb-folkmangd-2021-12-31.csv",
            "-o",
            "/dev/null",
        ],
        // Refused already by its name (the population file is FILE.csv).
        &[],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--format", "csv", "-o", "/dev/null"],
        &["character device"],
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    assert!(!Path::new("/dev/null.manifest.json").exists());
}

#[test]
fn dash_as_output_is_standard_output() {
    let dir = example_copy("hardening-dash");
    let before = digest_tree(&dir);
    for args in [
        &["calc", "2023.toml", "-o", "-"][..],
        &["notes", "2023.toml", "--format", "csv", "-o", "-"],
        &["report", "2023.toml", "-o", "-"],
        &["population", "import", "scb-folkmangd-2021-12-31.csv", "-o", "-"],
    ] {
        let (code, stdout, stderr) = run_env(&dir, args, &[]);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stdout.len() > 100, "{args:?}: {stdout}");
        assert!(!stderr.contains("wrote -"), "{args:?}: {stderr}");
    }
    assert_eq!(digest_tree(&dir), before, "-o - wrote a file");
    // Commands that write several files have no standard output to write.
    refused(
        &dir,
        &["invoice", "2023.toml", "-o", "-"],
        &["-o -: invoices are files in a folder"],
    );
    refused(
        &dir,
        &["project", "2023.toml", "--year", "2024", "-o", "-"],
        &["-o -: next year's tariff"],
    );
}

#[test]
fn inputs_are_regular_files_of_bounded_size() {
    let dir = example_copy("hardening-bounded");
    let dev = "cannot read the population file: it is a character device, not a regular file";
    refused(
        &dir,
        &["calc", "/dev/zero"],
        &["/dev/zero: cannot read the tariff: it is a character device"],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--population", "/dev/zero"],
        &[&format!("/dev/zero: {dev}")],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--actuals", "/dev/zero"],
        &["/dev/zero: cannot read the actuals: it is a character device"],
    );
    refused(
        &dir,
        &["population", "import", "/dev/zero"],
        &["/dev/zero: cannot read the file: it is a character device"],
    );
    refused(
        &dir,
        &["check", "2023.toml", "--set", "population=\"/dev/zero\""],
        &[&format!("/dev/zero: {dev}")],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--population", "actuals"],
        &["actuals: cannot read the population file: it is a folder"],
    );
    // A FIFO nobody writes to: refused at once, not waited on.
    let fifo = dir.join("pop.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    refused(
        &dir,
        &["calc", "2023.toml", "--population", "pop.fifo"],
        &["pop.fifo: cannot read the population file: it is a FIFO"],
    );
    refused(&dir, &["population", "import", "pop.fifo"], &["FIFO"]);
    // Size: over the limit, and under it once the limit is raised.
    let mut big = fs::read(dir.join("scb-folkmangd-2021-12-31.csv")).unwrap();
    let line = b"\r\n".to_vec();
    while big.len() < (1 << 20) + 10 {
        big.extend_from_slice(&line);
    }
    fs::write(dir.join("big.csv"), &big).unwrap();
    refused_env(
        &dir,
        &["calc", "2023.toml", "--population", "big.csv"],
        &[("AVGIFT_MAX_INPUT_MIB", "1")],
        &["big.csv: cannot read the population file: larger than 1 MiB (set AVGIFT_MAX_INPUT_MIB to raise the limit)"],
    );
    let (code, _, stderr) = run_env(
        &dir,
        &["check", "2023.toml", "--population", "big.csv"],
        &[("AVGIFT_MAX_INPUT_MIB", "2")],
    );
    assert_eq!(code, Some(0), "{stderr}");
    refused_env(
        &dir,
        &["check", "2023.toml"],
        &[("AVGIFT_MAX_INPUT_MIB", "lots")],
        &["AVGIFT_MAX_INPUT_MIB=\"lots\": expected a whole number of MiB"],
    );
    refused(
        &dir,
        &["check", "2023.toml", "--set", "population=\"actuals\""],
        &["population: actuals: cannot read the population file: it is a folder"],
    );
    refused(
        &dir,
        &["verify", "/dev/zero"],
        &["/dev/zero: cannot read the output: it is a character device"],
    );
    // Empty paths say so.
    refused(
        &dir,
        &["check", "2023.toml", "--set", "population=\"\""],
        &["population: expected a file name, found an empty string"],
    );
    // (clap refuses an empty --population or --actuals itself, with exit 2.)
    refused(
        &dir,
        &["check", "2023.toml", "--actuals", ""],
        &["a value is required for '--actuals <FILE>'"],
    );
    refused(&dir, &["check", ""], &["a value is required for '<TARIFF>'"]);
}

#[test]
fn names_with_control_characters_are_refused_with_their_override() {
    let dir = example_copy("hardening-names");
    refused(
        &dir,
        &[
            "invoice",
            "2023.toml",
            "-o",
            "fakturor",
            "--final",
            "--set",
            r#"payers.hsnk.name="HSNK\r\n#TRANS 1510 {} 999""#,
        ],
        &[
            r#"error: --set payers.hsnk.name="HSNK\r\n#TRANS 1510 {} 999": payers.hsnk.name: found a line break (U+000D) at character 5"#,
        ],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--set", r#"activities.dso.name="DSO\u0000""#],
        &["activities.dso.name: found a NUL byte (U+0000)"],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--set", r#"charges.dso.name="a\tb""#],
        &["charges.dso.name: found a tab (U+0009)"],
    );
    refused(
        &dir,
        &["calc", "2023.toml", "--set", r#"name="x\u007f""#],
        &["name: found a control character (U+007F)"],
    );
    // Actuals and population rows.
    let actuals = fs::read_to_string(dir.join("actuals/2022.csv")).unwrap();
    fs::write(
        dir.join("bad-actuals.csv"),
        actuals.replacen("Borås", "Bor\u{1b}[31mås", 1),
    )
    .unwrap();
    refused(
        &dir,
        &["calc", "2023.toml", "--actuals", "bad-actuals.csv"],
        &[
            "bad-actuals.csv:",
            "column party: found a control character (U+001B)",
        ],
    );
}

#[test]
fn bad_options_exit_2_before_anything_is_written() {
    let dir = example_copy("hardening-options");
    refused(
        &dir,
        &[
            "project",
            "2023.toml",
            "--year",
            "2024",
            "-o",
            "next/2024.toml",
            "--growth",
            "-100%",
        ],
        &["--growth: expected a growth above -100 %"],
    );
    refused(
        &dir,
        &[
            "project",
            "2023.toml",
            "--year",
            "2024",
            "-o",
            "next/2024.toml",
            "--growth",
            "-250%",
        ],
        &["--growth"],
    );
    refused(
        &dir,
        &[
            "project",
            "2023.toml",
            "--year",
            "2024",
            "-o",
            "next/2024.toml",
            "--index",
            "avtal=-100%",
        ],
        &["--index avtal=-100%"],
    );
    for date in ["2023-02-30", "", "99999-01-01", "2023-1-1"] {
        refused(
            &dir,
            &["invoice", "2023.toml", "-o", "fakturor", "--date", date],
            &["--date: expected a date such as 2024-01-15"],
        );
    }
    refused(
        &dir,
        &[
            "invoice",
            "2023.toml",
            "-o",
            "fakturor",
            "--final",
            "--date",
            "2019-01-01",
        ],
        &["--date: a final 2023 invoice cannot be dated 2019-01-01"],
    );
    // A payer id that cannot be part of a file name, before any PDF.
    let t = fs::read_to_string(dir.join("2023.toml")).unwrap();
    for id in ["a/b", "a\\\\b", &"x".repeat(250)] {
        let edited = t
            .replace("[payers.hsnk]", &format!("[payers.\"{id}\"]"))
            .replace("external.hsnk", &format!("external.\"{id}\""))
            .replace("recipients = \"mottagare.csv\"", "");
        fs::write(dir.join("ids.toml"), edited).unwrap();
        refused(
            &dir,
            &["invoice", "ids.toml", "-o", "fakturor", "--final"],
            &["ids.toml:", "cannot name a file"],
        );
    }
    // A payer id that is a municipality's code, or another payer's in
    // another case: one invoice file would replace the other. The tariff
    // reader refuses both: an id begins with a letter, and ids differ in
    // more than case.
    for (id, message) in [
        ("1490", "cannot name a file"),
        ("Sas_narhalsan", "differ only in case"),
    ] {
        let edited = t
            .replace("[payers.hsnk]", &format!("[payers.\"{id}\"]"))
            .replace("external.hsnk", &format!("external.\"{id}\""))
            .replace("recipients = \"mottagare.csv\"", "");
        fs::write(dir.join("ids.toml"), edited).unwrap();
        refused(
            &dir,
            &["invoice", "ids.toml", "-o", "fakturor", "--final"],
            &["ids.toml:", message],
        );
    }
}

#[test]
fn the_recipients_file_is_read_strictly() {
    let dir = example_copy("hardening-recipients");
    let good = fs::read_to_string(dir.join("mottagare.csv")).unwrap();
    for (text, needle) in [
        (
            good.replacen("address", "adresse", 1),
            "mottagare.csv:1: unknown column \"adresse\" (column 3); did you mean \"adress\"?",
        ),
        (
            good.replacen(",,,\n", ",\n", 1),
            "mottagare.csv:2: 5 fields, but the header has 7",
        ),
        (
            good.replacen("Borås Stad", "\"Borås\nStad\"", 1),
            "column name: found a line break (U+000A)",
        ),
        (
            good.replacen("1490", "1443", 1),
            "mottagare.csv:3: recipient 1443 is listed twice (first on line 2)",
        ),
    ] {
        fs::write(dir.join("mottagare.csv"), text).unwrap();
        refused(&dir, &["invoice", "2023.toml", "-o", "fakturor"], &[needle]);
    }
}

/// A tariff whose names are spreadsheet formulas, SIE records and quotes.
fn hostile_tariff(dir: &Path) {
    let t = fs::read_to_string(dir.join("2023.toml")).unwrap();
    let t = t
        .replace("name = \"HSNK\"", "name = '=HYPERLINK(\"http://x\",\"HSNK\")'")
        .replace(
            "name = \"SÄS och Närhälsan\"",
            r#"name = "+cmd|' /C calc'!A0 \"quoted\" \\ {} #TRANS""#,
        )
        .replace("recipients = \"mottagare.csv\"", "");
    fs::write(dir.join("hostile.toml"), t).unwrap();
}

#[test]
fn spreadsheet_text_is_neutralised_numbers_stay_numbers() {
    let dir = example_copy("hardening-csv");
    hostile_tariff(&dir);
    let (code, excel, stderr) = run_env(&dir, &["calc", "hostile.toml", "--csv-dialect", "excel-sv"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        excel.contains(";\"'=HYPERLINK(\"\"http://x\"\",\"\"HSNK\"\")\";"),
        "{excel}"
    );
    assert!(
        excel.contains(";\"'+cmd|' /C calc'!A0 \"\"quoted\"\" \\ {} #TRANS\";"),
        "{excel}"
    );
    // Negative amounts are numbers, not text: no apostrophe.
    assert!(excel.lines().any(|l| l.ends_with(";-380000,00")), "{excel}");
    assert!(!excel.contains(";'-"), "{excel}");
    // Plain CSV stays exact.
    let (_, plain, _) = run_env(&dir, &["calc", "hostile.toml", "--format", "csv"], &[]);
    assert!(plain.contains(",\"=HYPERLINK("), "{plain}");
    // Invoices: the CSV and the register neutralised, the register read back exactly.
    let (code, _, stderr) = run_env(
        &dir,
        &[
            "invoice",
            "hostile.toml",
            "-o",
            "fakturor",
            "--final",
            "--date",
            "2023-01-16",
        ],
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    for file in ["fakturor/fakturor-2023.csv", "fakturor/register-2023.csv"] {
        let rows = csv_rows(&fs::read_to_string(dir.join(file)).unwrap());
        let names: Vec<&String> = rows.iter().map(|r| &r["recipient"]).collect();
        assert!(
            names.iter().any(|n| n.starts_with("'=HYPERLINK(")),
            "{file}: {names:?}"
        );
        assert!(names.iter().any(|n| n.starts_with("'+cmd|")), "{file}: {names:?}");
        assert!(
            names.iter().all(|n| !n.starts_with(['=', '+', '-', '@'])),
            "{file}: {names:?}"
        );
        if let Some(amounts) = rows.first().and_then(|r| r.get("amount")) {
            assert!(!amounts.starts_with('\''), "{file}: {amounts}");
        }
    }
    // Finalising again with the same inputs finds the same invoices in the register.
    let before = digest_tree(&dir.join("fakturor"));
    let (code, stdout, stderr) = run_env(
        &dir,
        &[
            "invoice",
            "hostile.toml",
            "-o",
            "fakturor",
            "--final",
            "--date",
            "2023-01-16",
        ],
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("(0 newly numbered, 11 unchanged)"),
        "{stdout}{stderr}"
    );
    assert_eq!(digest_tree(&dir.join("fakturor")), before);
    // The SIE file reads back with the names as one field each.
    let sie = avgift::read::sie::parse(&fs::read(dir.join("fakturor/fakturor-2023.si")).unwrap()).unwrap();
    let texts: Vec<&str> = sie.vouchers.iter().map(|v| v.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with(" =HYPERLINK(\"http://x\",\"HSNK\")")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with(" +cmd|' /C calc'!A0 \"quoted\" \\ {} #TRANS")),
        "{texts:?}"
    );
    for v in &sie.vouchers {
        assert_eq!(
            v.transactions
                .iter()
                .map(|(_, a)| *a)
                .sum::<rust_decimal::Decimal>(),
            rust_decimal::Decimal::ZERO
        );
    }
    let raw = fs::read(dir.join("fakturor/fakturor-2023.si")).unwrap();
    let lines_with_trans = raw
        .split(|b| *b == b'\n')
        .filter(|l| l.trim_ascii_start().starts_with(b"#TRANS"))
        .count();
    let transactions: usize = sie.vouchers.iter().map(|v| v.transactions.len()).sum();
    assert_eq!(lines_with_trans, transactions);
}

#[test]
fn apportionment_at_the_documented_limits() {
    let dir = scratch("hardening-limits");
    // Populations at their limit, weights and the total at the amount limit,
    // shares with many decimals: every mix apportions, exactly.
    fs::write(
        dir.join("pop.csv"),
        "code,name,population\n1490,Borås,10000000000\n1463,Mark,9999999999\n1465,Svenljunga,1\n",
    )
    .unwrap();
    fs::write(
        dir.join("w.csv"),
        "code,anställda\n1490,1000000000000000\n1463,999999999999999.9999999999999\n1465,0.0000000000001\n",
    )
    .unwrap();
    for weights in [
        "\"data\"",
        "\"population\"",
        "{ data = \"50%\", population = \"50%\" }",
        "{ data = \"33.3333333333333%\", equal = \"33.3333333333333%\", population = \"33.3333333333334%\" }",
    ] {
        let file = if weights.contains("data") {
            "weight_file = \"w.csv\"\nweight_column = \"anställda\"\n"
        } else {
            ""
        };
        fs::write(
            dir.join("t.toml"),
            format!(
                "format = 1\nname = \"T\"\nyear = 2024\npopulation = \"pop.csv\"\n\n[groups]\nmembers = [\"1490\", \"1463\", \"1465\"]\n\n[activities.a]\nnote = 3\nname = \"A\"\n\n[charges.a]\nrule = \"apportion\"\nactivity = \"a\"\nparticipants = \"members\"\ntotal = 1_000_000_000_000_000\nweights = {weights}\n{file}"
            ),
        )
        .unwrap();
        let (code, csv, stderr) = run_env(&dir, &["calc", "t.toml", "--format", "csv"], &[]);
        assert_eq!(code, Some(0), "{weights}: {stderr}");
        let sum: rust_decimal::Decimal = csv_rows(&csv)
            .iter()
            .filter(|r| r["kind"] == "municipality")
            .map(|r| r["amount"].parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        assert_eq!(
            sum,
            rust_decimal::Decimal::from(1_000_000_000_000_000i64),
            "{weights}"
        );
    }
}

/// Letters, as the hostile battery has them: into a file or standard
/// output, onto a link to an input, with a control character in their
/// `[letter]` text: each refused, the folder as it was.
#[test]
fn letters_never_replace_an_input_or_print_a_control_character() {
    let dir = example_copy("hardening-letters");
    refused(
        &dir,
        &["letters", "2023.toml", "-o", "2023.toml"],
        &["2023.toml: is not a folder"],
    );
    refused(
        &dir,
        &["letters", "2023.toml", "-o", "-"],
        &["-o -: is not a folder"],
    );
    fs::create_dir_all(dir.join("brev")).unwrap();
    std::os::unix::fs::symlink("../2023.toml", dir.join("brev/brev-2023-1490.pdf")).unwrap();
    refused(
        &dir,
        &["letters", "2023.toml", "-o", "brev"],
        &["brev/brev-2023-1490.pdf: is a symbolic link to ../2023.toml"],
    );
    fs::remove_dir_all(dir.join("brev")).unwrap();
    let tariff = fs::read_to_string(dir.join("2023.toml")).unwrap();
    for (escape, what) in [
        ("\\n", "a line break (U+000A)"),
        ("\\u0000", "a NUL byte (U+0000)"),
        ("\\u001b[31m", "a control character (U+001B)"),
    ] {
        fs::write(
            dir.join("2023.toml"),
            format!("{tariff}\n[letter]\ntext = [\"Beslut{escape}\"]\n"),
        )
        .unwrap();
        refused(
            &dir,
            &["letters", "2023.toml", "-o", "brev"],
            &["letter.text[0]: found", what],
        );
    }
    assert!(!dir.join("brev").exists());
}
