//! Budget and plan: `solve` and `plan` on the shipped example.

use rust_decimal::Decimal;

use crate::support::{avgift, csv_rows, root};

fn tariff_2024() -> std::path::PathBuf {
    root().join("data/sjuharad/2024.toml")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

fn dec(v: &serde_json::Value) -> Decimal {
    v.to_string().parse().expect("a decimal")
}

/// The invoiced total of an activity, as `calc` computes it with `--set`s.
fn activity_total(activity_name: &str, set: &[String]) -> Decimal {
    let mut cmd = avgift(["calc"]).arg(tariff_2024()).args(["--format", "csv"]);
    for s in set {
        cmd = cmd.arg("--set").arg(s);
    }
    csv_rows(&cmd.run().ok())
        .iter()
        .filter(|r| {
            r["activity"] == activity_name && (r["kind"] == "municipality" || r["kind"] == "external")
        })
        .map(|r| r["amount"].parse::<Decimal>().unwrap())
        .sum()
}

fn solve(vary: &str, covers: &str, extra: &[&str]) -> serde_json::Value {
    json(
        &avgift(["solve"])
            .arg(tariff_2024())
            .args(["--vary", vary, "--covers", covers, "--format", "json"])
            .args(extra)
            .run()
            .ok(),
    )
}

#[test]
fn solved_dso_rate_covers_the_budget_and_one_ore_less_does_not() {
    let target = Decimal::from(2_600_000);
    let v = solve("charges.dso.rate", "dso=2600000", &[]);
    assert_eq!(v["key"], "charges.dso.rate");
    let rate = dec(&v["value"]);
    assert_eq!(rate, rate.round_dp(2), "a rate in whole öre");
    let name = "Medlemsavgifter Dataskyddsombud (DSO)";
    // calc, independently, with the value and one öre less.
    let at = activity_total(name, &[format!("charges.dso.rate={rate}")]);
    let below = activity_total(name, &[format!("charges.dso.rate={}", rate - Decimal::new(1, 2))]);
    assert!(at >= target, "{at} covers {target}");
    assert!(below < target, "{below} does not cover {target}");
    assert_eq!(dec(&v["total"]), at);
    assert_eq!(dec(&v["target"]), target);
    assert_eq!(dec(&v["surplus"]), at - target);
    let lines: Decimal = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| dec(&l["amount"]))
        .sum();
    assert_eq!(lines, at);
    assert_eq!(v["lines"].as_array().unwrap().len(), 8);
}

#[test]
fn solves_a_vo_total_and_an_agreement_amount_in_kronor() {
    for (key, covers, name) in [
        (
            "charges.vo.total",
            "vo=1000000",
            "Medlemsavgifter Vård- och omsorgscollege (VO-college)",
        ),
        (
            "charges.navet.amounts.1490",
            "navet=10 000 000",
            "Medlemsavgifter Navet science center",
        ),
    ] {
        let v = solve(key, covers, &[]);
        let value = dec(&v["value"]);
        assert_eq!(value, value.trunc(), "{key}: amounts are whole kronor");
        let target: Decimal = covers
            .split_once('=')
            .unwrap()
            .1
            .replace(' ', "")
            .parse()
            .unwrap();
        let at = activity_total(name, &[format!("{key}={value}")]);
        let below = activity_total(name, &[format!("{key}={}", value - Decimal::ONE)]);
        assert!(
            at >= target && below < target,
            "{key}: {below} < {target} <= {at}"
        );
        assert_eq!(dec(&v["total"]), at);
    }
}

#[test]
fn solve_combines_with_set_and_says_so() {
    // Herrljunga out of DSO: the others carry the budget.
    let set = "charges.dso.participants=[\"1443\",\"1490\",\"1463\",\"1465\",\"1452\",\"1491\",\"1442\"]";
    let v = solve("charges.dso.rate", "dso=2600000", &["--set", set]);
    assert_eq!(v["lines"].as_array().unwrap().len(), 7);
    assert_eq!(v["overrides"][0], set);
    let rate = dec(&v["value"]);
    let name = "Medlemsavgifter Dataskyddsombud (DSO)";
    let at = activity_total(name, &[set.to_string(), format!("charges.dso.rate={rate}")]);
    assert!(at >= Decimal::from(2_600_000));
    let table = avgift(["solve"])
        .arg(tariff_2024())
        .args([
            "--vary",
            "charges.dso.rate",
            "--covers",
            "dso=2600000",
            "--format",
            "table",
            "--set",
            set,
        ])
        .run()
        .ok();
    // Said with the tariff's names: who takes part, not the key.
    assert!(
        table.contains("Med ändringar: Dataskyddsombud: deltagare Bollebygd, Borås, Mark m.fl. (7 kommuner)"),
        "{table}"
    );
    assert!(!table.contains("Med ändringar: charges."), "{table}");
}

#[test]
fn solve_refuses_an_unreachable_target_and_a_key_without_effect() {
    let run = |vary: &str, covers: &str| {
        avgift(["solve"])
            .arg(tariff_2024())
            .args(["--vary", vary, "--covers", covers, "--format", "json"])
            .run()
    };
    let r = run("charges.dso.rate", "dso=100000000000000");
    assert_eq!(r.code, Some(2));
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("cannot reach 100 000 000 000 000 kr"),
        "{}",
        r.stderr
    );
    let r = run("charges.dso.rate", "vo=1000000");
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("does not grow with charges.dso.rate"),
        "{}",
        r.stderr
    );
    let r = run("indices.avtal", "dso=1");
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("is not a number"), "{}", r.stderr);
    let r = run("charges.nosuch.rate", "dso=1");
    assert_eq!(r.code, Some(2));
    assert_eq!(
        r.stderr,
        "error: --vary charges.nosuch.rate: the tariff has no table charges.nosuch; it has: brb, drum, dso, mc, medlemsavgift, navet, nvs, regional_medfinansiering, vo\n"
    );
    let r = run("charges.dso.rate", "nosuch=1");
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("no activity \"nosuch\""), "{}", r.stderr);
}

#[test]
fn verify_covers_solve_outputs() {
    let dir = crate::support::scratch("verify-solve");
    for out in ["s.json", "s.csv", "s.txt"] {
        avgift(["solve"])
            .arg(tariff_2024())
            .args(["--vary", "charges.dso.rate", "--covers", "dso=2600000", "-o"])
            .arg(dir.join(out))
            .run()
            .ok();
        let ok = avgift(["verify"]).arg(dir.join(out)).run().ok();
        assert!(ok.starts_with("ok: "), "{ok}");
    }
}

const PLAN: &str = "data/sjuharad/plan-2024-2026.toml";

fn plan(extra: &[&str]) -> String {
    avgift(["plan", PLAN]).args(extra).run().ok()
}

/// `project` from `from` to `year` into `dir`, then `calc` of the result
/// (with `set` on both, as a scenario's overrides are), as CSV rows.
fn project_and_calc(
    dir: &std::path::Path,
    from: &std::path::Path,
    year: i32,
    extra: &[&str],
    set: &[&str],
) -> (
    std::path::PathBuf,
    Vec<std::collections::BTreeMap<String, String>>,
) {
    let out = dir.join(format!("{year}.toml"));
    let mut cmd = avgift(["project"])
        .arg(from)
        .args(["--year", &year.to_string(), "-o"])
        .arg(&out)
        .args(extra);
    for s in set {
        cmd = cmd.args(["--set", s]);
    }
    cmd.run().ok();
    let rows = csv_rows(&avgift(["calc"]).arg(&out).args(["--format", "csv"]).run().ok());
    (out, rows)
}

/// The plan's CSV rows of a scenario, in `calc`'s columns.
fn plan_rows(scenario: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    csv_rows(&plan(&["--format", "csv"]))
        .into_iter()
        .filter(|r| r["scenario"] == scenario)
        .map(|mut r| {
            r.remove("scenario");
            r
        })
        .collect()
}

#[test]
fn a_three_year_plan_is_three_chained_project_and_calc_runs() {
    let dir = crate::support::scratch("plan-chain");
    let indices = [
        "--index",
        "avtal=2.5%",
        "--index",
        "upprakning=0.7%",
        "--index",
        "pkv=0%",
    ];
    let (t2024, mut expected) =
        project_and_calc(&dir, &root().join("data/sjuharad/2023.toml"), 2024, &indices, &[]);
    let (t2025, rows) = project_and_calc(&dir, &t2024, 2025, &["--growth", "0.5%"], &[]);
    expected.extend(rows);
    let (_, rows) = project_and_calc(&dir, &t2025, 2026, &["--growth", "0.5%"], &[]);
    expected.extend(rows);
    let got = plan_rows("base");
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    // The shipped 2024 tariff was made the same way.
    let shipped = csv_rows(
        &avgift(["calc"])
            .arg(tariff_2024())
            .args(["--format", "csv"])
            .run()
            .ok(),
    );
    assert_eq!(&got[..shipped.len()], &shipped[..]);
}

#[test]
fn a_scenario_is_the_chain_with_its_overrides_from_its_year() {
    // "DSO +5 % från 2025": calc 2025 with the override, and 2026 projected
    // from 2025 with it.
    let dir = crate::support::scratch("plan-chain-scenario");
    let set = ["charges.dso.rate=7.20"];
    let indices = [
        "--index",
        "avtal=2.5%",
        "--index",
        "upprakning=0.7%",
        "--index",
        "pkv=0%",
    ];
    let (t2024, mut expected) =
        project_and_calc(&dir, &root().join("data/sjuharad/2023.toml"), 2024, &indices, &[]);
    let (t2025, _) = project_and_calc(&dir, &t2024, 2025, &["--growth", "0.5%"], &[]);
    expected.extend(csv_rows(
        &avgift(["calc"])
            .arg(&t2025)
            .args(["--format", "csv", "--set", set[0]])
            .run()
            .ok(),
    ));
    let (_, rows) = project_and_calc(&dir, &t2025, 2026, &["--growth", "0.5%"], &set);
    expected.extend(rows);
    assert_eq!(plan_rows("dso5"), expected);
}

#[test]
fn in_every_scenario_and_year_parties_and_activities_sum_to_the_total() {
    let v = json(&plan(&["--format", "json"]));
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    for s in scenarios {
        for y in s["years"].as_array().unwrap() {
            let total = dec(&y["total"]);
            let parties: Decimal = y["parties"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| dec(&p["amount"]))
                .sum();
            let activities: Decimal = y["activities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| dec(&a["amount"]))
                .sum();
            let lines: Decimal = y["lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["kind"] == "municipality" || l["kind"] == "external")
                .map(|l| dec(&l["amount"]))
                .sum();
            assert_eq!(parties, total, "{} {}", s["id"], y["year"]);
            assert_eq!(activities, total, "{} {}", s["id"], y["year"]);
            assert_eq!(lines, total, "{} {}", s["id"], y["year"]);
        }
        assert_eq!(s["what_if"], s["id"] != "base");
    }
    // The solved rate is in force in the Herrljunga scenario's 2026.
    let h = scenarios.iter().find(|s| s["id"] == "herrljunga").unwrap();
    let y2026 = &h["years"][2];
    let solved = &y2026["solved"][0];
    assert_eq!(solved["key"], "charges.dso.rate");
    let dso: Decimal = y2026["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["activity_id"] == "dso")
        .map(|a| dec(&a["amount"]))
        .sum();
    assert!(dso >= Decimal::from(2_600_000));
    assert_eq!(dec(&solved["total"]), dso);
    assert!(y2026["parties"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != "1466"
            || dec(&p["amount"])
                < dec(&h["years"][1]["parties"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|q| q["id"] == "1466")
                    .unwrap()["amount"])));
}

#[test]
fn the_plan_table_marks_scenarios_and_sums_by_activity_as_by_party() {
    let by_party = plan(&["--format", "table"]);
    assert!(
        by_party.contains(
            "Scenario: DSO +5 % från 2025\nMed ändringar: Dataskyddsombud: 7,20 kr per invånare (från 2025)"
        ),
        "{by_party}"
    );
    let by_activity = plan(&["--format", "table", "--by", "activity"]);
    // The three totals, per scenario, the same by party and by activity.
    let totals = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| {
                ["Avgifter ", "Justeringar ", "Netto "]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(totals(&by_party), totals(&by_activity));
    assert_eq!(totals(&by_party).len(), 3 * 3);
    // Last year's actuals and this year's budget before the plan years.
    assert!(
        by_party.contains("Part                        2022 (utfall)  2023 (budget)     ± fg år        2024"),
        "{by_party}"
    );
}

#[test]
fn verify_covers_plan_outputs() {
    let dir = crate::support::scratch("verify-plan");
    for out in ["p.json", "p.csv", "p.xlsx", "p.html", "p.txt"] {
        avgift(["plan", PLAN, "-o"]).arg(dir.join(out)).run().ok();
        let ok = avgift(["verify"]).arg(dir.join(out)).run().ok();
        assert!(ok.starts_with("ok: "), "{out}: {ok}");
    }
    // The years' tariffs, as a folder.
    let tariffs = dir.join("tariffs");
    avgift(["plan", PLAN, "--format", "csv", "--write-tariffs"])
        .arg(&tariffs)
        .run()
        .ok();
    let ok = avgift(["verify"]).arg(&tariffs).run().ok();
    assert_eq!(ok.lines().count(), 3 * 3 * 2 + 3 * 2, "{ok}");
    assert!(ok.lines().all(|l| l.starts_with("ok: ")), "{ok}");
    // A year written is a tariff `calc` reads: it can be invoiced later.
    let rows = csv_rows(
        &avgift(["calc"])
            .arg(tariffs.join("herrljunga-2026.toml"))
            .args(["--format", "csv"])
            .run()
            .ok(),
    );
    let plan_rows = plan_rows("herrljunga");
    assert_eq!(rows[..], plan_rows[plan_rows.len() - rows.len()..]);
}

#[test]
fn plan_page_is_self_contained_and_marks_the_scenarios() {
    let dir = crate::support::scratch("plan-html");
    let page = dir.join("plan.html");
    avgift(["plan", PLAN, "-o"]).arg(&page).run().ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("http"));
    assert_eq!(
        html.matches("<svg").count(),
        2,
        "lines over the years and bars per scenario"
    );
    assert_eq!(html.matches("<polyline").count(), 9, "a line per municipality");
    assert!(html.contains("class=\"whatif\""));
    assert!(html.contains("Scenario “DSO +5 % från 2025” är ett tänkt alternativ"));
    assert!(html.contains("Med ändringar: Dataskyddsombud: 7,20 kr per invånare (från 2025)"));
    assert!(!html.contains("charges."), "no tariff key on the page");
    // Last year beside next, the three totals, the matrix.
    assert!(html.contains("<th class=\"num\">2022 (utfall)</th><th class=\"num\">2023 (budget)</th>"));
    for label in ["Avgifter", "Justeringar", "Netto"] {
        assert!(html.contains(&format!("<tr><td>{label}</td>")), "{label}");
    }
    assert!(html.contains("<table class=\"fees matrix\">"));
}

#[test]
fn plan_page_renders_in_headless_chromium_or_says_skipped() {
    use crate::report::{chromium_or_skip, decode_png, file_url, headless};
    let Some(chromium) = chromium_or_skip("plan page rendering test") else {
        return;
    };
    let dir = crate::support::scratch("plan-chromium");
    let page = dir.join("plan.html");
    avgift(["plan", PLAN, "-o"]).arg(&page).run().ok();
    let url = file_url(&page);
    let png = dir.join("plan.png");
    let (_, stderr) = headless(
        &chromium,
        &dir,
        "screenshot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1240,1754".to_string(),
            "--enable-logging=stderr".to_string(),
            "--v=0".to_string(),
        ],
        &url,
    );
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages while rendering: {console:#?}"
    );
    let (width, height, pixels) = decode_png(&png);
    assert_eq!((width, height), (1240, 1754));
    // The banner, the lines and the bars are coloured; text alone is not.
    let coloured = pixels
        .iter()
        .filter(|p| p.iter().max().unwrap() - p.iter().min().unwrap() > 80)
        .count();
    assert!(
        coloured > 10_000,
        "the charts did not render: {coloured} coloured pixels"
    );
    let (dom, _) = headless(&chromium, &dir, "dom", &["--dump-dom".to_string()], &url);
    assert_eq!(dom.matches("<svg").count(), 2);
    for text in [
        "Basplan",
        "Scenario: Herrljunga lämnar DSO från 2026",
        "Löst 2026: Dataskyddsombud: 7,17 kr per invånare",
    ] {
        assert!(dom.contains(text), "the rendered DOM lacks {text:?}");
    }
}

/// A plan file in a scratch folder, naming the example's tariff.
fn plan_file(name: &str, body: &str) -> std::path::PathBuf {
    let dir = crate::support::scratch(name);
    let path = dir.join("plan.toml");
    let text = format!(
        "tariff = {:?}\n{body}",
        root().join("data/sjuharad/2023.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn plan_json(path: &std::path::Path) -> serde_json::Value {
    json(&avgift(["plan"]).arg(path).args(["--format", "json"]).run().ok())
}

#[test]
fn a_forecast_gives_each_year_its_column() {
    let forecast = root().join("tests/fixtures/plan/prognos.csv");
    let p = plan_file(
        "plan-forecast",
        &format!(
            "years = [2024, 2025, 2026]\n[population]\nforecast = {:?}\n",
            forecast.display().to_string()
        ),
    );
    let v = plan_json(&p);
    let years = v["scenarios"][0]["years"].as_array().unwrap();
    // The fixture: each municipality's 2021 figure + 100, + 200, + 300.
    let base: u64 = 294_964;
    for (i, y) in years.iter().enumerate() {
        assert_eq!(
            y["population"].as_u64().unwrap(),
            base + 9 * 100 * (i as u64 + 1),
            "{}",
            y["year"]
        );
    }
    // Borås's DSO line in 2025 uses its 2025 column.
    let line = years[1]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["charge"] == "dso" && l["code"] == "1490")
        .unwrap();
    assert!(
        line["basis"].as_str().unwrap().starts_with("114 291 inv"),
        "{}",
        line["basis"]
    );
}

#[test]
fn growth_per_municipality_and_a_scenario_population() {
    let p = plan_file(
        "plan-growth",
        "years = [2023, 2024]\n[population.growth]\n2024 = { 1490 = \"10%\", default = \"0%\" }\n\
         [scenarios.more]\nname = \"Mer\"\nfrom = 2024\npopulation = { growth = \"1%\" }\n",
    );
    let v = plan_json(&p);
    let basis = |s: usize, code: &str| -> String {
        v["scenarios"][s]["years"][1]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["charge"] == "dso" && l["code"] == code)
            .unwrap()["basis"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // 2023 is the tariff itself; 2024 grows Borås by 10 % only.
    assert!(
        basis(0, "1490").starts_with("125 500 inv"),
        "{}",
        basis(0, "1490")
    );
    assert!(basis(0, "1443").starts_with("9 634 inv"), "{}", basis(0, "1443"));
    // The scenario's assumption replaces the plan's: 1 % for everyone.
    assert!(
        basis(1, "1490").starts_with("115 232 inv"),
        "{}",
        basis(1, "1490")
    );
    assert!(basis(1, "1443").starts_with("9 730 inv"), "{}", basis(1, "1443"));
}

#[test]
fn bad_plans_are_refused_with_their_place() {
    for (body, expected) in [
        ("years = [2024, 2026]\n", "the years must follow each other"),
        (
            "years = [2030]\n",
            "the budget year must be the tariff's year (2023) or the year after (2024)",
        ),
        (
            "years = [2024]\n[indices.2024]\nkpi = \"2%\"\n",
            "the tariff has no index \"kpi\"",
        ),
        (
            "years = [2024]\n[indices.2025]\navtal = \"2%\"\n",
            "expected one of the plan's years (2024)",
        ),
        (
            "years = [2024]\nyear = 2024\n",
            "unknown key \"year\"; did you mean \"years\"?",
        ),
        (
            "years = [2024]\n[scenarios.x]\nname = \"X\"\nset = [\"charges.dso.rat=7\"]\n",
            "plan.toml: scenarios.x.set: charges.dso.rat: unknown key \"rat\"",
        ),
        (
            "years = [2024]\n[indices.2024]\navtal = 2.5\n",
            "expected a percentage such as \"2.5%\", found the number 2.5",
        ),
        (
            "years = [2024]\n[[targets]]\nyear = 2024\nvary = \"charges.dso.rate\"\nactivity = \"dso\"\namount = 100_000_000_000_000\n",
            "plan.toml: targets (2024, charges.dso.rate): Medlemsavgifter Dataskyddsombud (DSO) cannot reach",
        ),
        (
            "years = [2024]\n[[targets]]\nyear = 2024\nvary = \"charges.dso.rate\"\nactivity = \"dso\"\namount = 1e20\n",
            "targets[0].amount: the amount must be from 0",
        ),
    ] {
        let p = plan_file("plan-bad", body);
        let r = avgift(["plan"]).arg(&p).args(["--format", "json"]).run();
        assert_eq!(r.code, Some(2), "{body}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains(expected), "{body}: {}", r.stderr);
    }
}

#[test]
fn outputs_made_with_set_say_so() {
    let example = root().join("data/sjuharad/2023.toml");
    let set = ["--set", "charges.dso.rate=6.80"];
    let mark = "Med ändringar: Dataskyddsombud: 6,80 kr per invånare";
    for cmd in ["calc", "notes"] {
        let table = avgift([cmd])
            .arg(&example)
            .args(set)
            .args(["--format", "table"])
            .run()
            .ok();
        assert_eq!(table.lines().nth(1), Some(mark), "{cmd}: {table}");
        let plain = avgift([cmd]).arg(&example).args(["--format", "table"]).run().ok();
        assert!(!plain.contains("Med ändringar"), "{cmd}");
        let v = json(
            &avgift([cmd])
                .arg(&example)
                .args(set)
                .args(["--format", "json"])
                .run()
                .ok(),
        );
        assert_eq!(v["overrides"][0], "charges.dso.rate=6.80");
        assert_eq!(v["what_if"], mark);
        let v = json(&avgift([cmd]).arg(&example).args(["--format", "json"]).run().ok());
        assert!(v.get("overrides").is_none() && v.get("what_if").is_none());
    }
    let dir = crate::support::scratch("whatif");
    // The workbook's title and its Underlag.
    let book = dir.join("a.xlsx");
    avgift(["calc"])
        .arg(&example)
        .args(set)
        .arg("-o")
        .arg(&book)
        .run()
        .ok();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains(mark), "{core}");
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    assert!(
        strings.contains(&format!("{mark}: ett tänkt alternativ")),
        "Underlag"
    );
    // The report's banner.
    let page = dir.join("r.html");
    avgift(["report"])
        .arg(&example)
        .args(set)
        .arg("-o")
        .arg(&page)
        .run()
        .ok();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(&format!("<div class=\"whatif\" role=\"note\">\n<p>{mark}.")),
        "report banner"
    );
    let page = dir.join("r2.html");
    avgift(["report"]).arg(&example).arg("-o").arg(&page).run().ok();
    assert!(!std::fs::read_to_string(&page)
        .unwrap()
        .contains("class=\"whatif\""));
    // compare names both sides by file, and B's overrides.
    let t = avgift(["compare"])
        .arg("data/sjuharad/2023.toml")
        .arg("data/sjuharad/2023.toml")
        .args(set)
        .args(["--format", "table", "--by", "municipality"])
        .run()
        .ok();
    let head: Vec<&str> = t.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "Jämförelse 2023 → 2023 (med ändringar)",
            "A: data/sjuharad/2023.toml",
            "B: data/sjuharad/2023.toml – Med ändringar: Dataskyddsombud: 6,80 kr per invånare",
        ]
    );
}

/// `compare A B --format csv` rows.
fn compare_rows(
    a: &std::path::Path,
    b: &std::path::Path,
    by: Option<&str>,
) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut cmd = avgift(["compare"]).arg(a).arg(b).args(["--format", "csv"]);
    if let Some(by) = by {
        cmd = cmd.args(["--by", by]);
    }
    csv_rows(&cmd.run().ok())
}

const EFFECTS: [&str; 8] = [
    "population_effect",
    "rate_effect",
    "participation_effect",
    "index_effect",
    "previous_effect",
    "adjustment_effect",
    "apportionment_effect",
    "other_effect",
];

/// Every row's effects sum exactly to its change, and for every party the
/// unexplained rest is under 10 % of the change.
fn explained(rows: &[std::collections::BTreeMap<String, String>], what: &str) {
    let d = |r: &std::collections::BTreeMap<String, String>, k: &str| r[k].parse::<Decimal>().unwrap();
    for r in rows {
        let sum: Decimal = EFFECTS.iter().map(|e| d(r, e)).sum();
        assert_eq!(sum, d(r, "delta"), "{what}: {r:?}");
        let (other, delta) = (d(r, "other_effect").abs(), d(r, "delta").abs());
        assert!(
            other * Decimal::TEN < delta || other.is_zero(),
            "{what}: other is not under 10 % of the change: {r:?}"
        );
    }
}

#[test]
fn compare_explains_the_example_change_from_2023_to_2024() {
    let (a, b) = (root().join("data/sjuharad/2023.toml"), tariff_2024());
    let parties = compare_rows(&a, &b, Some("municipality"));
    explained(&parties, "2023 → 2024 per party");
    let boras = parties.iter().find(|r| r["code"] == "1490").unwrap();
    // The Navet agreement and the DSO fixed part, indexed 2,5 %; MC continued.
    assert_eq!(boras["index_effect"], "168550.00");
    assert_eq!(boras["previous_effect"], "41026.00");
    // The adjustments are no party's: they are the totals' Justeringar,
    // all of whose change is the adjustments'.
    assert!(parties.iter().all(|r| r["party"] != "Justeringar"));
    let v = json(
        &avgift(["compare"])
            .arg(&a)
            .arg(&b)
            .args(["--by", "municipality", "--format", "json"])
            .run()
            .ok(),
    );
    let adjustments = &v["totals"]["adjustments"];
    assert_eq!(adjustments["adjustment_effect"], adjustments["delta"]);
    assert_eq!(dec(&adjustments["delta"]), Decimal::from(4_596_000));
    // Row by row the effects still sum exactly.
    for r in compare_rows(&a, &b, None) {
        let sum: Decimal = EFFECTS.iter().map(|e| r[*e].parse::<Decimal>().unwrap()).sum();
        assert_eq!(sum, r["delta"].parse::<Decimal>().unwrap(), "{r:?}");
    }
}

#[test]
fn compare_explains_a_projection_of_every_rule_kind() {
    // The national tariff has every rule kind, tiers, floors, caps, weights
    // and external shares; a year on with growth moves all of them.
    let dir = crate::support::scratch("compare-national");
    let next = dir.join("next.toml");
    avgift(["project"])
        .arg(root().join("data/national/tariff.toml"))
        .args(["--year", "2024", "--growth", "1%", "-o"])
        .arg(&next)
        .run()
        .ok();
    let a = root().join("data/national/tariff.toml");
    explained(
        &compare_rows(&a, &next, Some("municipality")),
        "national, a year on",
    );
    // And a plan's scenario against its base: a what-if explained too.
    let base = dir.join("base");
    avgift(["plan", PLAN, "--format", "csv", "--write-tariffs"])
        .arg(&base)
        .run()
        .ok();
    explained(
        &compare_rows(
            &base.join("base-2025.toml"),
            &base.join("dso5-2026.toml"),
            Some("municipality"),
        ),
        "plan 2025 → DSO +5 % 2026",
    );
}

#[test]
fn compare_totals_show_only_their_columns_and_whole_names() {
    let (a, b) = (root().join("data/sjuharad/2023.toml"), tariff_2024());
    let table = |by: &str| {
        avgift(["compare"])
            .arg(&a)
            .arg(&b)
            .args(["--by", by, "--format", "table"])
            .run()
            .ok()
    };
    let parties = table("municipality");
    let header = parties.lines().nth(3).unwrap();
    assert!(
        header.starts_with("Part ") && !header.contains("Verksamhet"),
        "{header}"
    );
    let activities = table("activity");
    let header = activities.lines().nth(3).unwrap();
    assert!(
        header.starts_with("Verksamhet ") && !header.contains("Part"),
        "{header}"
    );
    assert!(!activities.contains('…'));
    assert!(activities.contains("Medlemsavgifter Närvårdssamverkan Södra Älvsborg (NVS)"));
    for t in [&parties, &activities] {
        for col in ["Index", "Föreg. år", "Justering", "Fördelning", "Övrigt"] {
            assert!(t.contains(col), "{col}");
        }
    }
}

#[test]
fn plan_workbook_has_a_sheet_per_scenario_and_a_summary() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = crate::support::scratch("plan-xlsx");
    let book = dir.join("plan.xlsx");
    avgift(["plan", PLAN, "-o"]).arg(&book).run().ok();
    let v = json(&plan(&["--format", "json"]));
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(
        names,
        [
            "Sammanfattning",
            "Basplan",
            "DSO +5 % från 2025",
            "Herrljunga lämnar DSO från 2026",
            "Kommun × verksamhet",
            "Underlag"
        ]
    );
    // Last year's actuals and this year's budget come first on each sheet.
    let earlier = v["earlier"].as_array().unwrap().len();
    assert_eq!(earlier, 2);
    let number = |d: &Data| match d {
        Data::Float(f) => Decimal::try_from(*f).unwrap(),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("expected a number, found {other:?}"),
    };
    for (s, sheet) in v["scenarios"].as_array().unwrap().iter().zip(&names[1..4]) {
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        // The title row names a scenario and its changes.
        let title = rows[0][0].to_string();
        assert_eq!(
            title.contains("scenario:"),
            s["what_if"].as_bool().unwrap(),
            "{title}"
        );
        for (i, y) in s["years"].as_array().unwrap().iter().enumerate() {
            for p in y["parties"].as_array().unwrap() {
                let row = rows
                    .iter()
                    .find(|r| r[0] == p["party"].as_str().unwrap())
                    .unwrap_or_else(|| panic!("{sheet}: {}", p["party"]));
                assert_eq!(
                    number(&row[earlier + i + 1]),
                    dec(&p["amount"]),
                    "{sheet} {}",
                    p["party"]
                );
            }
            for (label, key) in [
                ("Avgifter", "charges"),
                ("Justeringar", "adjustments"),
                ("Netto", "net"),
            ] {
                let row = rows.iter().find(|r| r[0] == label).unwrap();
                assert_eq!(
                    number(&row[earlier + i + 1]),
                    dec(&y["totals"][key]),
                    "{sheet} {label}"
                );
            }
        }
    }
    // The summary: for each year, an Avgifter row with every scenario's total.
    let range = wb.worksheet_range("Sammanfattning").unwrap();
    let sums: Vec<Vec<Decimal>> = range
        .rows()
        .filter(|r| r[0] == "Avgifter")
        .map(|r| r[1..4].iter().map(number).collect())
        .collect();
    assert_eq!(sums.len(), 3);
    for (i, year) in sums.iter().enumerate() {
        for (j, s) in v["scenarios"].as_array().unwrap().iter().enumerate() {
            assert_eq!(year[j], dec(&s["years"][i]["total"]));
        }
    }
    // Underlag lists the plan file and each scenario's changes.
    let underlag: Vec<String> = wb
        .worksheet_range("Underlag")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
        .collect();
    assert!(
        underlag.iter().any(|r| r.contains("plan-2024-2026.toml")),
        "{underlag:?}"
    );
    assert!(underlag
        .iter()
        .any(|r| r
            .contains("Scenario DSO +5 % från 2025: Med ändringar: Dataskyddsombud: 7,20 kr per invånare")));
}

#[test]
fn invoices_made_with_set_say_so() {
    let text = |dir: &std::path::Path| -> String {
        let pdf = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().contains("1490"))
            .unwrap();
        let doc = lopdf::Document::load(&pdf).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let example = root().join("data/sjuharad/2023.toml");
    let dir = crate::support::scratch("whatif-invoice");
    let (what_if, plain) = (dir.join("a"), dir.join("b"));
    avgift(["invoice"])
        .arg(&example)
        .args(["--date", "2023-01-16", "--set", "charges.dso.rate=6.80", "-o"])
        .arg(&what_if)
        .run()
        .ok();
    avgift(["invoice"])
        .arg(&example)
        .args(["--date", "2023-01-16", "-o"])
        .arg(&plain)
        .run()
        .ok();
    let marked = text(&what_if);
    assert!(
        marked.contains("Med ändringar: Dataskyddsombud: 6,80 kr per invånare"),
        "{marked}"
    );
    assert!(marked.contains("UTKAST"));
    assert!(!text(&plain).contains("Med ändringar"));
}

#[test]
fn a_plan_of_every_rule_kind_writes_years_that_calc_reads() {
    // The national tariff: weight files, tiers, floors, caps, shares.
    let dir = crate::support::scratch("plan-national");
    let path = dir.join("plan.toml");
    std::fs::write(
        &path,
        format!(
            "tariff = {:?}\nyears = [2024, 2025]\n[population]\ngrowth = \"1%\"\n[scenarios.s]\nname = \"S\"\nfrom = 2025\nindices.2025 = {{ avtal = \"5%\" }}\n",
            root().join("data/national/tariff.toml").display().to_string()
        ),
    )
    .unwrap();
    let years = dir.join("out/years");
    let csv = avgift(["plan"])
        .arg(&path)
        .args(["--format", "csv", "--write-tariffs"])
        .arg(&years)
        .run()
        .ok();
    let rows = csv_rows(&csv);
    for (scenario, year) in [("base", 2024), ("base", 2025), ("s", 2025)] {
        let calc = csv_rows(
            &avgift(["calc"])
                .arg(years.join(format!("{scenario}-{year}.toml")))
                .args(["--format", "csv"])
                .run()
                .ok(),
        );
        let planned: Vec<_> = rows
            .iter()
            .filter(|r| r["scenario"] == scenario && r["year"] == year.to_string())
            .map(|r| {
                let mut r = r.clone();
                r.remove("scenario");
                r
            })
            .collect();
        assert_eq!(planned, calc, "{scenario} {year}");
    }
    // The scenario's index moved its agreements in 2025 only.
    let total = |s: &str| -> Decimal {
        rows.iter()
            .filter(|r| r["scenario"] == s && r["year"] == "2025" && r["kind"] != "adjustment")
            .map(|r| r["amount"].parse::<Decimal>().unwrap())
            .sum()
    };
    assert!(total("s") > total("base"));
}
