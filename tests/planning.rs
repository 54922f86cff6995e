//! Planning: `project`, `--set` and `compare` on the shipped example.

use std::collections::BTreeMap;
use std::fs;

use crate::support::{avgift, csv_rows, example, scratch};

type Rows = Vec<BTreeMap<String, String>>;

fn calc(tariff: &std::path::Path, extra: &[&str]) -> Rows {
    csv_rows(
        &avgift(["calc"])
            .arg(tariff)
            .args(extra)
            .arg("--format")
            .arg("csv")
            .run()
            .ok(),
    )
}

fn project(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    let out = dir.join("2024.toml");
    avgift(["project"])
        .arg(example())
        .arg("--year")
        .arg("2024")
        .arg("-o")
        .arg(&out)
        .args(extra)
        .run()
        .ok();
    out
}

/// Invoiced lines, without the year and the basis text.
fn invoiced(rows: &Rows) -> Vec<[String; 6]> {
    rows.iter()
        .filter(|r| r["kind"] != "adjustment")
        .map(|r| {
            [
                r["note"].clone(),
                r["kind"].clone(),
                r["code"].clone(),
                r["party"].clone(),
                r["charge"].clone(),
                r["amount"].clone(),
            ]
        })
        .collect()
}

#[test]
fn projecting_with_every_index_zero_changes_nothing() {
    let out = project(
        "project-zero",
        &[
            "--index",
            "avtal=0%",
            "--index",
            "upprakning=0%",
            "--index",
            "pkv=0%",
        ],
    );
    let before = calc(&example(), &[]);
    let after = calc(&out, &[]);
    assert!(after.iter().all(|r| r["year"] == "2024"));
    // One-off adjustments are not carried over; every invoiced line is the same.
    assert!(after.iter().all(|r| r["kind"] != "adjustment"));
    assert_eq!(invoiced(&before), invoiced(&after));
}

fn amount(r: &BTreeMap<String, String>) -> rust_decimal::Decimal {
    r["amount"].parse().unwrap()
}

#[test]
fn projected_dso_and_mc_follow_the_index() {
    use rust_decimal::Decimal;
    let out = project("project-avtal", &["--index", "avtal=2.5%"]);
    let before = calc(&example(), &[]);
    let after = calc(&out, &[]);
    let population: BTreeMap<&str, i64> = [
        ("1443", 9_634),
        ("1490", 114_091),
        ("1466", 9_501),
        ("1463", 35_201),
        ("1465", 10_864),
        ("1452", 11_937),
        ("1491", 24_898),
        ("1442", 12_180),
    ]
    .into_iter()
    .collect();
    let factor = Decimal::new(1025, 3);
    for r in after.iter().filter(|r| r["charge"] == "dso") {
        let pop = Decimal::from(population[r["code"].as_str()]);
        let exact = (Decimal::from(135_000) + Decimal::new(653, 2) * pop) * factor;
        // Rates are rounded to öre (the default), so the projected rate
        // 6,53 × 1,025 = 6,69325 becomes 6,69: at most half an öre per
        // inhabitant off, plus the line's rounding to whole kronor.
        let bound = pop * Decimal::new(5, 3) + Decimal::new(5, 1);
        assert!(
            (amount(r) - exact).abs() <= bound,
            "{}: {} vs {exact}",
            r["party"],
            amount(r)
        );
        // And exactly what the rounded rate gives.
        let rounded = Decimal::from(138_375) + Decimal::new(669, 2) * pop;
        assert_eq!(
            amount(r),
            rounded.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        );
    }
    for r in after.iter().filter(|r| r["charge"] == "mc") {
        let was = before
            .iter()
            .find(|b| b["charge"] == "mc" && b["code"] == r["code"])
            .unwrap();
        let expected = amount(was) * factor;
        assert_eq!(
            amount(r),
            expected.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        );
    }
    assert_eq!(after.iter().filter(|r| r["charge"] == "mc").count(), 4);
}

#[test]
fn exact_projection_rounding_keeps_the_exact_product() {
    use rust_decimal::Decimal;
    let out = project(
        "project-exact",
        &["--index", "avtal=2.5%", "--set", "projection.rates=exact"],
    );
    let after = calc(&out, &[]);
    let boras = after
        .iter()
        .find(|r| r["charge"] == "dso" && r["code"] == "1490")
        .unwrap();
    // (135 000 + 6,53 × 114 091) × 1,025 = 902 014,58575 → 902 015.
    assert_eq!(amount(boras), Decimal::from(902_015));
}

#[test]
fn projection_with_growth_writes_its_population() {
    let out = project("project-growth", &["--growth", "1%"]);
    let pop = std::fs::read_to_string(out.with_file_name("2024.population.csv")).unwrap();
    // 114 091 × 1,01 = 115 231,91 → 115 232.
    assert!(pop.contains("1490,Borås,115232\n"), "{pop}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# Population: 1 % uniform growth"), "{text}");
}

#[test]
fn the_summary_lists_changes_in_key_order_not_as_written() {
    // The example writes the base fee's rates `members` first and Navet's
    // amounts from Borås (1490): the summary follows the keys' order.
    let dir = scratch("project-summary-order");
    let run = avgift(["project"])
        .arg(example())
        .args(["--year", "2024", "--index", "pkv=2%", "-o"])
        .arg(dir.join("2024.toml"))
        .run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "", "the summary goes to standard error");
    let keys: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        keys,
        [
            "charges.brb.rate",
            "charges.dso.rate",
            "charges.dso.fixed",
            "charges.medlemsavgift.rates.adjunct",
            "charges.medlemsavgift.rates.members",
            "charges.navet.amounts.1452",
            "charges.navet.amounts.1463",
            "charges.navet.amounts.1465",
            "charges.navet.amounts.1466",
            "charges.navet.amounts.1490",
            "charges.navet.amounts.1491",
            "charges.vo.total",
            "charges.vo.external.sas_narhalsan.amount",
        ],
        "{}",
        run.stderr
    );
}

fn compare(a: &std::path::Path, b: &std::path::Path, extra: &[&str]) -> Rows {
    csv_rows(
        &avgift(["compare"])
            .arg(a)
            .arg(b)
            .args(extra)
            .arg("--format")
            .arg("csv")
            .run()
            .ok(),
    )
}

fn check_effects(rows: &Rows) {
    use rust_decimal::Decimal;
    for r in rows {
        let d = |k: &str| r[k].parse::<Decimal>().unwrap();
        assert_eq!(d("delta"), d("b") - d("a"), "{r:?}");
        let effects = [
            "population_effect",
            "rate_effect",
            "participation_effect",
            "index_effect",
            "previous_effect",
            "adjustment_effect",
            "apportionment_effect",
            "other_effect",
        ];
        assert_eq!(effects.iter().map(|e| d(e)).sum::<Decimal>(), d("delta"), "{r:?}");
    }
}

#[test]
fn compare_2022_actuals_with_2023() {
    let actuals = crate::support::root().join("data/sjuharad/actuals/2022.csv");
    let rows = compare(&actuals, &example(), &[]);
    assert_eq!(
        rows.first()
            .unwrap()
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        16
    );
    check_effects(&rows);
    let herrljunga = rows
        .iter()
        .find(|r| r["code"] == "1466" && r["activity"] == "Medlemsavgifter Navet science center")
        .unwrap();
    assert_eq!(herrljunga["a"], "0.00");
    assert_eq!(herrljunga["b"], "150000.00");
    assert_eq!(herrljunga["participation_effect"], "150000.00");
    assert_eq!(herrljunga["delta_pct"], "");
    // Vårgårda joined VO-college.
    let vargarda = rows
        .iter()
        .find(|r| r["code"] == "1442" && r["note"] == "10")
        .unwrap();
    assert_eq!(vargarda["participation_effect"], vargarda["delta"]);
    // Without rates in A, nothing is a population or rate effect.
    assert!(rows
        .iter()
        .all(|r| r["population_effect"] == "0.00" && r["rate_effect"] == "0.00"));
    for by in ["municipality", "activity"] {
        check_effects(&compare(&actuals, &example(), &["--by", by]));
    }
}

#[test]
fn compare_two_tariffs_splits_population_and_rate() {
    // B: the same tariff with a higher DSO rate and a grown population.
    let dir = scratch("compare-tariffs");
    let pop = dir.join("pop.csv");
    let base =
        std::fs::read_to_string(crate::support::root().join("data/sjuharad/scb-folkmangd-2021-12-31.csv"))
            .unwrap();
    std::fs::write(
        &pop,
        base.replace("\"114091\";\"114091\"", "\"115091\";\"115091\""),
    )
    .unwrap();
    let rows = compare(
        &example(),
        &example(),
        &[
            "--population",
            pop.to_str().unwrap(),
            "--set",
            "charges.dso.rate=7",
        ],
    );
    check_effects(&rows);
    let dso = rows
        .iter()
        .find(|r| r["code"] == "1490" && r["note"] == "8")
        .unwrap();
    // A's rate on 1 000 more inhabitants: 6 530; B's rate change on B's
    // population: 0,47 × 115 091 = 54 092,77 → 54 093.
    assert_eq!(dso["population_effect"], "6530.00");
    assert_eq!(dso["rate_effect"], "54093.00");
    assert_eq!(dso["other_effect"], "0.00");
    // Apportionment moves with population: Borås's share of the same
    // total grew, which is apportionment, not population or other.
    let vo = rows
        .iter()
        .find(|r| r["code"] == "1490" && r["note"] == "10")
        .unwrap();
    assert_eq!(vo["population_effect"], "0.00");
    assert_eq!(vo["index_effect"], "0.00");
    assert_eq!(vo["apportionment_effect"], vo["delta"]);
    assert_eq!(vo["other_effect"], "0.00");
}

#[test]
fn set_with_an_unknown_key_or_a_bad_value_names_the_key() {
    for (set, key) in [
        ("charges.dso.rat=7", "charges.dso.rat"),
        ("charges.dso.rate=sju", "charges.dso.rate"),
        ("indices.avtal=3", "indices.avtal"),
        ("charges.nosuch.rate=1", "charges.nosuch"),
    ] {
        let run = avgift(["calc"]).arg(example()).arg("--set").arg(set).run();
        assert_eq!(run.code, Some(2), "{set}");
        assert!(run.stderr.contains(key), "{set}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("--set {set}")),
            "{set}: {}",
            run.stderr
        );
    }
}

#[test]
fn set_joins_a_municipality() {
    // "What if Vårgårda joins Navet with 180 000 kr?"
    let rows = calc(&example(), &["--set", "charges.navet.amounts.1442=180000"]);
    let line = rows
        .iter()
        .find(|r| r["charge"] == "navet" && r["code"] == "1442")
        .unwrap();
    assert_eq!(line["amount"], "180000.00");
}

#[test]
fn the_shipped_2024_tariff_is_what_project_writes() {
    // Run the README's command in a copy of the data folder and compare.
    let dir = scratch("project-shipped");
    let data = dir.join("data/sjuharad");
    std::fs::create_dir_all(data.join("actuals")).unwrap();
    let root = crate::support::root().join("data/sjuharad");
    for f in [
        "2023.toml",
        "scb-folkmangd-2021-12-31.csv",
        "actuals/2022.csv",
        "mottagare.csv",
    ] {
        std::fs::copy(root.join(f), data.join(f)).unwrap();
    }
    avgift([
        "project",
        "data/sjuharad/2023.toml",
        "--year",
        "2024",
        "-o",
        "data/sjuharad/2024.toml",
    ])
    .current_dir(&dir)
    .run()
    .ok();
    for f in ["2024.toml", "2024.previous-2023.csv", "2024.toml.manifest.json"] {
        let shipped = std::fs::read_to_string(root.join(f)).unwrap();
        let made = std::fs::read_to_string(data.join(f)).unwrap();
        assert_eq!(
            shipped, made,
            "data/sjuharad/{f} is out of date: run the project command in the README"
        );
    }
}

#[test]
fn projection_goes_one_year_at_a_time() {
    let dir = scratch("project-two-years");
    let run = avgift(["project"])
        .arg(example())
        .args(["--year", "2025", "-o"])
        .arg(dir.join("2025.toml"))
        .run();
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("project one year at a time, to 2024"),
        "{}",
        run.stderr
    );
    // Into a folder that does not exist yet: made.
    let out = dir.join("new/folder/2024.toml");
    avgift(["project"])
        .arg(example())
        .args(["--year", "2024", "--growth", "1%", "-o"])
        .arg(&out)
        .run()
        .ok();
    assert!(out.is_file() && out.with_file_name("2024.population.csv").is_file());
}

#[test]
fn verify_covers_a_projected_tariffs_side_files() {
    let dir = scratch("project-verify");
    let out = dir.join("2024.toml");
    avgift(["project"])
        .arg(example())
        .args(["--year", "2024", "--growth", "-1%", "-o"])
        .arg(&out)
        .run()
        .ok();
    assert_eq!(avgift(["verify"]).arg(&out).run().code, Some(0));
    let pop = out.with_file_name("2024.population.csv");
    let text = fs::read_to_string(&pop)
        .unwrap()
        .replace("1490,Borås,112950", "1490,Borås,102950");
    fs::write(&pop, text).unwrap();
    let run = avgift(["verify"]).arg(&out).run();
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("2024.population.csv"), "{}", run.stdout);
}

/// `--next` sets a value in the projected year: 2024's DSO rate is 6,80
/// while 2023 and the previous-year figures stay as without it; `--set`
/// changes 2023, whose 6,80 is indexed to 6,97 for 2024.
#[test]
fn next_sets_the_projected_year_and_set_this_year() {
    let plain = project("project-plain", &[]);
    let next = project("project-next", &["--next", "charges.dso.rate=6.80"]);
    let set = project("project-set", &["--set", "charges.dso.rate=6.80"]);
    let rate = |t: &std::path::Path| -> String {
        let doc: toml_edit::DocumentMut = fs::read_to_string(t).unwrap().parse().unwrap();
        doc["charges"]["dso"]["rate"]
            .as_value()
            .unwrap()
            .to_string()
            .trim()
            .to_string()
    };
    assert_eq!(rate(&plain), "6.69");
    assert_eq!(rate(&next), "6.80");
    assert_eq!(rate(&set), "6.97");
    // This year's amounts, next year's previous-year file, are untouched
    // by --next and changed by --set.
    let previous = |t: &std::path::Path| fs::read(t.with_file_name("2024.previous-2023.csv")).unwrap();
    assert_eq!(previous(&next), previous(&plain));
    assert_ne!(previous(&set), previous(&plain));
    // 2024 computes at 6,80: Borås's DSO line.
    let boras = |t: &std::path::Path| -> String {
        calc(t, &[])
            .into_iter()
            .find(|r| r["code"] == "1490" && r["charge"] == "dso")
            .unwrap()["basis"]
            .clone()
    };
    assert_eq!(boras(&next), "114 091 inv × 6,80 kr + 138 375 kr");
    assert_eq!(boras(&plain), "114 091 inv × 6,69 kr + 138 375 kr");
    // The header says so, and `project --help` says which year each changes.
    assert!(fs::read_to_string(&next)
        .unwrap()
        .contains("# With --next charges.dso.rate=6.80 (set in 2024)."));
    let help = avgift(["project", "--help"]).run().ok();
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains("--next charges.dso.rate=6.80` writes 6,80 into the 2024 tariff"),
        "{help}"
    );
    assert!(help.contains("computes 2023 at 6,80 and indexes it to"), "{help}");
}
