//! The national fixture, `data/national/`: what `examples/national.rs`
//! writes at scale 1 from SCB's file, byte for byte, and a tariff that
//! every command computes.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{avgift, root, scratch};

#[path = "../examples/national.rs"]
#[allow(dead_code)]
mod generator;

fn real() -> Vec<generator::Municipality> {
    generator::read_real(&generator::default_scb()).expect("reading the SCB file")
}

#[test]
fn the_shipped_fixture_is_what_the_generator_writes_at_scale_1() {
    let dir = scratch("national");
    let generated = generator::generate(&real(), 1);
    generated.write(&dir).expect("writing the fixture");
    let shipped = root().join("data/national");
    let mut names: Vec<String> = std::fs::read_dir(&shipped)
        .expect("data/national")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = generated.files.iter().map(|(n, _)| n.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "data/national holds exactly the generated files");
    for (name, _) in &generated.files {
        let fresh = std::fs::read(dir.join(name)).expect("a generated file");
        let ours = std::fs::read(shipped.join(name)).expect("a shipped file");
        assert!(
            fresh == ours,
            "data/national/{name} differs from a fresh run; regenerate with \
             `cargo run --release --example national -- --scale 1 --out data/national`"
        );
    }
    assert_eq!(generated.municipalities, 290);
    assert_eq!(generated.groups, 21);
    assert_eq!(generated.charges, 44);
}

#[test]
fn scales_multiply_municipalities_up_to_the_code_space_and_charges() {
    let real = real();
    for (scale, municipalities) in [
        (1, 290),
        (2, 580),
        (10, 2_900),
        (34, 9_860),
        (35, 9_999),
        (100, 9_999),
    ] {
        let all = generator::municipalities(&real, scale);
        assert_eq!(all.len(), municipalities, "scale {scale}");
        let codes: BTreeSet<u16> = all.iter().map(|m| m.code).collect();
        assert_eq!(codes.len(), all.len(), "codes are unique at scale {scale}");
        assert!(codes.iter().all(|c| (1..=9_999).contains(c)));
        // The real municipalities stay as they are.
        for m in &real {
            assert!(all.contains(m), "scale {scale} keeps {} {}", m.code, m.name);
        }
    }
    let two = generator::generate(&real, 2);
    assert_eq!((two.municipalities, two.charges), (580, 88));
    assert!(two.file(generator::TARIFF).contains("[charges.dso_2]"));
    // Deterministic: the same scale gives the same bytes.
    let again = generator::generate(&real, 2);
    assert!(two.files == again.files);
}

#[test]
fn every_command_computes_the_fixture() {
    let tariff = "data/national/tariff.toml";
    let check = avgift(["check", tariff]).run().ok();
    assert!(
        check.contains("charges: 44, municipalities: 290, groups: 21"),
        "{check}"
    );
    assert!(check.trim_end().ends_with("ok"), "{check}");
    let notes = avgift(["notes", tariff, "--format", "csv"]).run().ok();
    assert!(notes.contains("11,Avtalstjänster,Summa"), "{notes}");
    let dir = scratch("national-outputs");
    let report = dir.join("rapport.html");
    avgift(["report", tariff, "-o"]).arg(&report).run().ok();
    assert!(std::fs::read_to_string(&report)
        .expect("the report")
        .contains("Riksförbundet"));
    // Drafts for Stockholm, Göteborg and the regions (all 294 take a while
    // in a debug build).
    let invoices = dir.join("fakturor");
    avgift([
        "invoice", tariff, "--only", "0180", "--only", "1480", "--only", "regioner", "-o",
    ])
    .arg(&invoices)
    .run()
    .ok();
    for file in [
        "faktura-2023-0180.pdf",
        "faktura-2023-1480.pdf",
        "faktura-2023-regioner.pdf",
    ] {
        assert!(invoices.join(file).is_file(), "{file} is written");
    }

    let json = avgift(["calc", tariff, "--format", "json"]).run().ok();
    let v: serde_json::Value = serde_json::from_str(&json).expect("calc JSON");
    let amount = |v: &serde_json::Value| -> i64 {
        let text = v.to_string();
        let text = text.trim_matches('"');
        let (kr, ore) = text.split_once('.').unwrap_or((text, "00"));
        assert_eq!(ore, "00", "invoiced amounts are whole kronor: {text}");
        kr.parse().expect("an amount")
    };
    let mut per_code: BTreeMap<String, i64> = BTreeMap::new();
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut invoiced = 0;
    for line in v["lines"].as_array().expect("lines") {
        let kind = line["kind"].as_str().expect("kind");
        kinds.insert(kind.to_string());
        if kind == "municipality" {
            let code = line["code"].as_str().expect("code").to_string();
            *per_code.entry(code).or_default() += amount(&line["amount"]);
        }
        if kind == "municipality" || kind == "external" {
            invoiced += amount(&line["amount"]);
        }
    }
    let totals = v["totals"]["municipalities"]
        .as_array()
        .expect("municipality totals");
    assert_eq!(totals.len(), 290, "every municipality pays something");
    assert_eq!(per_code.len(), 290);
    for t in totals {
        let code = t["code"].as_str().expect("code");
        assert_eq!(
            per_code.get(code).copied(),
            Some(amount(&t["amount"])),
            "{code}'s lines sum to its total"
        );
    }
    assert_eq!(invoiced, amount(&v["totals"]["charges"]));
    assert_eq!(
        kinds,
        ["adjustment", "external", "municipality"]
            .map(String::from)
            .into()
    );
}

/// `calc`'s CSV made from the compact lines, each line's amount and basis
/// text made as it is written, is the CSV of the lines made whole (what
/// every other output reads), in both dialects: on the national fixture
/// (every rule kind and option) and on the example.
#[test]
fn the_streamed_csv_of_compact_lines_is_the_csv_of_the_whole_lines() {
    use avgift::engine::compute::lines;
    use avgift::read::{actuals::read_actuals, population::read_population, tariff::read_tariff};
    use avgift::write::{calc, CsvDialect};

    for tariff in [
        root().join("data/national/tariff.toml"),
        crate::support::example(),
    ] {
        let ctx = avgift::context::Context::in_memory(Vec::new());
        let loaded = read_tariff(&ctx, &tariff, &[]).expect("the tariff");
        let t = &loaded.tariff;
        let population = read_population(
            &ctx,
            &loaded.resolve(t.inputs.population.as_deref().expect("population")),
        )
        .expect("the population")
        .population;
        let previous = t
            .inputs
            .previous_actuals
            .as_deref()
            .map(|p| read_actuals(&ctx, &loaded.resolve(p)).expect("the actuals"));
        let compact = lines(t, &population, previous.as_ref()).expect("computes");
        let outcome = compact.outcome();
        assert_eq!(compact.len(), outcome.lines.len());
        assert!(outcome.lines.len() > 100, "{}", tariff.display());
        for dialect in [CsvDialect::Plain, CsvDialect::ExcelSv] {
            let streamed = calc::write_csv_lines(Vec::new(), t, &compact, dialect).expect("in memory");
            let whole = calc::csv(t, &outcome, dialect);
            assert!(streamed == whole.as_bytes(), "{} {dialect:?}", tariff.display());
            // Made in blocks on two threads: one line a block, a size that
            // leaves a short last block, and one block for all.
            for size in [1, 97, compact.len()] {
                let blocks =
                    calc::write_csv_lines_in(Vec::new(), t, &compact, dialect, size).expect("in memory");
                assert!(
                    blocks == whole.as_bytes(),
                    "{} {dialect:?} in blocks of {size}",
                    tariff.display()
                );
            }
        }
    }
}
