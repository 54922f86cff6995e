//! Commands run in-process through a context that keeps their output in
//! memory: the same bytes as the binary, nothing on disk, and the digests
//! outputs record are those of the bytes the readers parsed.

use std::path::{Path, PathBuf};

use avgift::cmd::run_in;
use avgift::context::{Captured, Context};
use avgift::digest::sha256_hex;
use avgift::inputs::Given;
use avgift::inputs::Inputs;

use crate::support::{avgift, example, root};

/// Runs a command line in memory: its exit code and what it wrote.
fn in_memory(args: &[&str]) -> (u8, Captured) {
    let ctx = Context::in_memory(args.iter().map(|a| a.to_string()).collect());
    // Messages in English; a run in memory speaks Swedish unless told.
    ctx.set_lang(avgift::i18n::Lang::En);
    let code = run_in(&ctx);
    (code, ctx.captured())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("avgift-in-process-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn calc_and_notes_in_process_give_the_binary_s_bytes() {
    let tariff = example();
    let tariff = tariff.to_str().unwrap();
    for args in [
        vec!["calc", tariff, "--format", "csv"],
        vec!["calc", tariff, "--format", "json"],
        vec!["notes", tariff, "--format", "table"],
        vec!["check", tariff],
    ] {
        let (code, captured) = in_memory(&args);
        let binary = avgift(&args).run();
        assert_eq!(Some(i32::from(code)), binary.code, "{args:?}");
        assert_eq!(text(&captured.stdout), binary.stdout, "{args:?}");
        assert_eq!(text(&captured.stderr), binary.stderr, "{args:?}");
        assert!(captured.files.is_empty(), "{args:?} wrote no file");
        assert!(!captured.stdout.is_empty(), "{args:?} printed its result");
    }
}

#[test]
fn an_output_file_in_memory_is_captured_with_its_manifest_and_not_written() {
    let dir = scratch("output");
    let out = dir.join("sub/avgifter.csv");
    let tariff = example();
    let (code, captured) = in_memory(&["calc", tariff.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{}", text(&captured.stderr));
    // Nothing on disk, not even the folder.
    assert!(!dir.join("sub").exists());
    let names: Vec<&Path> = captured.files.keys().map(PathBuf::as_path).collect();
    let manifest = dir.join("sub/avgifter.csv.manifest.json");
    assert_eq!(names, vec![out.as_path(), manifest.as_path()]);
    // The file is what standard output gets, and the manifest records
    // its digest and the command line without -o.
    let csv = avgift(["calc", tariff.to_str().unwrap(), "--format", "csv"])
        .run()
        .ok();
    assert_eq!(text(&captured.files[&out]), csv);
    let m: serde_json::Value = serde_json::from_slice(&captured.files[&manifest]).unwrap();
    assert_eq!(m["files"]["avgifter.csv"], sha256_hex(csv.as_bytes()).as_str());
    assert_eq!(
        m["recipe"]["command"],
        serde_json::json!(["calc", tariff.to_str().unwrap()])
    );
    assert_eq!(text(&captured.stderr), format!("wrote {}\n", out.display()));
    assert!(captured.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_in_process_exits_2_says_where_and_writes_nothing() {
    let dir = scratch("bad");
    let tariff = dir.join("t.toml");
    std::fs::write(&tariff, "format = 1\nname = \"x\"\nyear = \"2023\"\n").unwrap();
    let out = dir.join("out.csv");
    let (code, captured) = in_memory(&["calc", tariff.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    let stderr = text(&captured.stderr);
    assert!(
        stderr.starts_with(&format!("error: {}:", tariff.display())),
        "{stderr}"
    );
    assert!(captured.files.is_empty() && captured.stdout.is_empty());
    // A command line clap refuses is exit 2 too, with its message.
    let (code, captured) = in_memory(&["calc", "--no-such-option"]);
    assert_eq!(code, 2);
    assert!(text(&captured.stderr).contains("--no-such-option"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_invoice_folder_in_memory_holds_every_draft_and_nothing_is_written() {
    let dir = scratch("invoices");
    let out = dir.join("fakturor");
    let (code, captured) = in_memory(&[
        "invoice",
        example().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{}", text(&captured.stderr));
    assert!(!out.exists());
    let pdfs = captured
        .files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert!(pdfs > 0);
    assert!(captured.files.contains_key(&out.join("avgift-manifest.json")));
    assert!(text(&captured.stderr).contains(&format!("drafts: wrote {} files", captured.files.len() - 1)));
    // A final run updates its register in place: not in memory.
    let (code, captured) = in_memory(&[
        "invoice",
        crate::support::final_example().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--final",
    ]);
    assert_eq!(code, 1);
    assert!(text(&captured.stderr).contains("not replayed"));
    assert!(!out.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Copies the example's tariff, population and actuals into `dir`.
fn example_copy(dir: &Path) -> PathBuf {
    let from = root().join("data/sjuharad");
    std::fs::create_dir_all(dir.join("actuals")).unwrap();
    for f in ["2023.toml", "scb-folkmangd-2021-12-31.csv", "actuals/2022.csv"] {
        std::fs::copy(from.join(f), dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    dir.join("2023.toml")
}

#[test]
fn the_recorded_digest_is_of_the_bytes_parsed_even_if_the_file_changes_after() {
    let dir = scratch("digest");
    let tariff = example_copy(&dir);
    let ctx = Context::in_memory(Vec::new());
    let common = Given::of(tariff.clone());
    let inputs = Inputs::load(&ctx, &common).expect("the example loads");
    let read: Vec<(PathBuf, Vec<u8>)> = [
        tariff.clone(),
        inputs.population_path.clone(),
        inputs.actuals_path.clone().expect("actuals"),
    ]
    .into_iter()
    .map(|p| {
        let bytes = std::fs::read(&p).unwrap();
        (p, bytes)
    })
    .collect();
    // Every input replaced after it was read and parsed.
    for (path, bytes) in &read {
        let mut changed = bytes.clone();
        changed.extend_from_slice(b"\n# changed\n");
        std::fs::write(path, changed).unwrap();
    }
    let provenance = inputs.provenance(&ctx).expect("the digests");
    let recorded: Vec<(&Path, &str)> = provenance
        .inputs
        .iter()
        .map(|i| (i.path.as_path(), i.sha256.as_str()))
        .collect();
    let parsed: Vec<String> = read.iter().map(|(_, b)| sha256_hex(b)).collect();
    assert_eq!(
        recorded,
        read.iter()
            .zip(&parsed)
            .map(|((p, _), sha)| (p.as_path(), sha.as_str()))
            .collect::<Vec<_>>(),
        "the digests of what was parsed, not of the files as they are now"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs a command line in memory from the repository's folder and gives
/// each input it read more than once.
fn read_twice(args: &[&str]) -> Vec<PathBuf> {
    let ctx = Context::in_memory(args.iter().map(|a| a.to_string()).collect());
    let code = run_in(&ctx);
    let reads = ctx.reads();
    let captured = ctx.captured();
    assert_eq!(code, 0, "{args:?}: {}", text(&captured.stderr));
    let mut seen = std::collections::BTreeSet::new();
    reads
        .into_iter()
        .filter(|(p, _)| !seen.insert(std::path::absolute(p).unwrap()))
        .map(|(p, _)| p)
        .collect()
}

#[test]
fn every_input_is_read_once_per_run() {
    let dir = scratch("once");
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let sjuharad = root().join("data/sjuharad");
    let national = root().join("data/national/tariff.toml");
    let (t2023, plan) = (sjuharad.join("2023.toml"), sjuharad.join("plan-2024-2026.toml"));
    let (t2023, plan, national) = (
        t2023.to_str().unwrap(),
        plan.to_str().unwrap(),
        national.to_str().unwrap(),
    );
    let runs: Vec<Vec<String>> = vec![
        vec!["calc".into(), national.into(), "--format".into(), "csv".into()],
        vec![
            "project".into(),
            t2023.into(),
            "--year".into(),
            "2024".into(),
            "-o".into(),
            out("2024.toml"),
        ],
        vec![
            "project".into(),
            national.into(),
            "--year".into(),
            "2024".into(),
            "-o".into(),
            out("n.toml"),
        ],
        vec!["plan".into(), plan.into(), "--format".into(), "csv".into()],
        vec!["report".into(), t2023.into()],
        vec![
            "solve".into(),
            sjuharad.join("2024.toml").to_str().unwrap().into(),
            "--vary".into(),
            "charges.dso.rate".into(),
            "--covers".into(),
            "dso=2600000".into(),
        ],
        // (`compare` reads a file twice when it is both side A and side B's
        // previous actuals: two inputs of the run, each read whole, and the
        // context refuses the second read if its bytes differ.)
        vec!["invoice".into(), t2023.into(), "-o".into(), out("fakturor")],
        vec!["model".into(), national.into(), "-o".into(), out("modell.xlsx")],
        // `letters` reads its file once, then knows it for a tariff or a plan.
        vec!["letters".into(), t2023.into(), "-o".into(), out("brev-tariff")],
        vec!["letters".into(), plan.into(), "-o".into(), out("brev-plan")],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(read_twice(&args), Vec::<PathBuf>::new(), "{args:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
