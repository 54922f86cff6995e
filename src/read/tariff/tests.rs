//! The tariff reader on small tariffs.

use super::*;
use crate::engine::model::{Rates, Rule, Schedule, Tier};
use rust_decimal::Decimal;

/// The head of a small tariff: one group, one activity, no files read.
const HEAD: &str = r#"format = 1
name = "Testförbundet"
year = 2024
population = "pop.csv"

[indices]
avtal = "2.5%"

[groups]
members = ["1490", "1463"]

[activities.dso]
name = "Dataskyddsombud"
"#;

fn parse(charges: &str) -> Result<LoadedTariff, Diagnostics> {
    let text = format!("{HEAD}\n{charges}");
    parse_tariff(&text, Path::new("t.toml"), &|_, _| {
        panic!("no weight file is named")
    })
}

/// Every problem as the user reads it, one per line.
fn problems(charges: &str) -> Vec<String> {
    match parse(charges) {
        Ok(_) => panic!("the tariff was accepted:\n{charges}"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

fn rule(charges: &str) -> Rule {
    let t = parse(charges).unwrap_or_else(|d| panic!("refused:\n{d}")).tariff;
    t.charges.into_values().next().expect("one charge").rule
}

#[test]
fn numbers_are_exact_decimals() {
    let r =
        rule("[charges.dso]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\nfixed = 135_000\nrate = 6.53\n");
    assert_eq!(
        r,
        Rule::PerInhabitant {
            rates: Rates::Uniform(Schedule::Flat(Decimal::new(653, 2))),
            fixed: Decimal::from(135_000),
        }
    );
    let t = parse("[charges.x]\nrule = \"fixed\"\nactivity = \"dso\"\namount = 0.1\n")
        .unwrap()
        .tariff;
    assert_eq!(t.indices["avtal"], Decimal::new(25, 3));
    assert_eq!(t.year, 2024);
    assert_eq!(t.name, "Testförbundet");
    assert_eq!(
        t.charges["x"].rule,
        Rule::Fixed {
            amount: Decimal::new(1, 1)
        }
    );
}

#[test]
fn tiers_and_rates_by_group_keep_their_figures() {
    let r = rule(
        "[charges.c]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\n\
         rates = { members = [{ up_to = 10_000, rate = 30.25 }, { rate = 0.005 }] }\n",
    );
    let tiers = Schedule::Tiers(vec![
        Tier {
            up_to: Some(10_000),
            rate: Decimal::new(3025, 2),
        },
        Tier {
            up_to: None,
            rate: Decimal::new(5, 3),
        },
    ]);
    assert_eq!(
        r,
        Rule::PerInhabitant {
            rates: Rates::ByGroup(BTreeMap::from([("members".to_string(), tiers)])),
            fixed: Decimal::ZERO,
        }
    );
}

#[test]
fn an_unknown_key_is_placed_and_a_near_one_suggested() {
    // Line 15 is `[charges.dso]`, line 19 the misspelt key.
    let p = problems("[charges.dso]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\nrate = 6.53\nrat = 1\n");
    assert_eq!(
        p,
        ["t.toml:19:1: charges.dso.rat: unknown key \"rat\"; did you mean \"rate\"?"]
    );
    // Still in `[activities.dso]`, which has a name and a note.
    let p = problems("nme = \"x\"\n[charges.dso]\nrule = \"fixed\"\nactivity = \"dso\"\namount = 1\n");
    assert_eq!(
        p,
        ["t.toml:15:1: activities.dso.nme: unknown key \"nme\"; did you mean \"name\"?"]
    );
    let p = problems("[charges.dso]\nrule = \"fixed\"\nactivity = \"dso\"\namount = 1\nzzzzzz = 1\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("t.toml:19:1: charges.dso.zzzzzz: unknown key \"zzzzzz\""),
        "{p:?}"
    );
    assert!(!p[0].contains("did you mean"), "nothing is near: {p:?}");
}

#[test]
fn every_rule_kind_names_its_missing_key() {
    for (rule, missing) in [
        (
            "per_inhabitant",
            "missing key \"rate\" (or \"rates\" with a rate per group)",
        ),
        ("fixed", "missing key \"amount\""),
        ("apportion", "missing key \"total\""),
        ("agreement", "missing key \"amounts\""),
        ("previous", "missing key \"index\""),
    ] {
        let p = problems(&format!("[charges.c]\nrule = \"{rule}\"\nactivity = \"dso\"\n"));
        assert_eq!(p.len(), 1, "{rule}: {p:?}");
        assert!(p[0].starts_with("t.toml:15:1: charges.c"), "{rule}: {p:?}");
        assert!(p[0].contains(missing), "{rule}: {p:?}");
    }
}

#[test]
fn a_key_of_another_rule_says_whose_it_is() {
    let p = problems("[charges.c]\nrule = \"fixed\"\nactivity = \"dso\"\namount = 1\nrate = 2\n");
    assert_eq!(
        p,
        ["t.toml:19:1: charges.c.rate: \"rate\" belongs to rule \"per_inhabitant\", not \"fixed\""]
    );
}

#[test]
fn an_unknown_rule_lists_the_known_ones() {
    let p = problems("[charges.c]\nrule = \"per_capita\"\nactivity = \"dso\"\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("t.toml:16:8: charges.c.rule: unknown rule \"per_capita\""),
        "{p:?}"
    );
    assert!(
        p[0].ends_with("expected one of: per_inhabitant, fixed, apportion, agreement, previous"),
        "{p:?}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let p = problems(
        "[charges.a]\nrule = \"fixed\"\nactivity = \"dso\"\n\n[charges.b]\nrule = \"agreement\"\nactivity = \"dso\"\n",
    );
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("t.toml:15:1: charges.a.amount: missing key \"amount\""),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("t.toml:19:1: charges.b.amounts: missing key \"amounts\""),
        "{p:?}"
    );
}
