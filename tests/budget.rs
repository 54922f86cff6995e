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
    assert!(
        table.contains("Med ändringar: charges.dso.participants = "),
        "{table}"
    );
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
