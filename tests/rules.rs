//! Each rule kind against hand-computed figures, through the library:
//! a small tariff in TOML, a small population, the computed lines.

use std::path::Path;

use avgift::engine::{compute, Actuals, Code, Inhabitants, Kind, Outcome, Population};
use avgift::read::actuals::parse_actuals;
use avgift::read::tariff::parse_tariff;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn code(s: &str) -> Code {
    s.parse().unwrap()
}

/// Borås, Mark, Svenljunga, Tranemo and Varberg as of 31 Dec 2021.
fn population() -> Population {
    [
        ("1490", "Borås", 114_091),
        ("1463", "Mark", 35_201),
        ("1465", "Svenljunga", 10_864),
        ("1452", "Tranemo", 11_937),
        ("1383", "Varberg", 66_658),
    ]
    .into_iter()
    .map(|(c, n, p)| {
        (
            code(c),
            Inhabitants {
                name: n.into(),
                count: p,
            },
        )
    })
    .collect()
}

const HEAD: &str = r#"
name = "Test"
year = 2023
[indices]
avtal = "2.5%"
[groups]
members = ["1490", "1463", "1465", "1452"]
adjunct = ["1383"]
[activities.a]
note = 1
name = "Verksamhet A"
[activities.b]
note = 2
name = "Verksamhet B"
[payers.region]
name = "Regionen"
"#;

fn run(charges: &str, previous: Option<&Actuals>) -> Outcome {
    try_run(charges, previous).unwrap_or_else(|e| panic!("{e}"))
}

fn try_run(charges: &str, previous: Option<&Actuals>) -> Result<Outcome, avgift::diag::Diagnostics> {
    let text = format!("{HEAD}{charges}");
    let loaded = parse_tariff(&text, Path::new("test.toml"), &|_, _| {
        panic!("no weight files here")
    })?;
    compute(&loaded.tariff, &population(), previous)
}

/// The amount of a municipality's line of a charge (summed over activities).
fn amount(o: &Outcome, charge: &str, c: &str) -> Decimal {
    o.lines
        .iter()
        .filter(|l| &*l.charge == charge && l.code == Some(code(c)))
        .map(|l| l.amount)
        .sum()
}

fn line<'o>(o: &'o Outcome, charge: &str, c: &str) -> &'o avgift::engine::Line {
    o.lines
        .iter()
        .find(|l| &*l.charge == charge && l.code == Some(code(c)))
        .unwrap()
}

#[test]
fn per_inhabitant_with_fixed_part() {
    let o = run("[charges.dso]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nparticipants = \"members\"\nfixed = 135000\nrate = 6.53\n", None);
    // 135 000 + 6,53 × 114 091 = 880 014,23 → 880 014.
    assert_eq!(amount(&o, "dso", "1490"), d("880014"));
    assert_eq!(line(&o, "dso", "1490").exact, d("880014.23"));
    assert_eq!(
        line(&o, "dso", "1490").basis,
        "114 091 inv × 6,53 kr + 135 000 kr"
    );
    // 135 000 + 6,53 × 35 201 = 364 862,53 → 364 863 (half away from zero).
    assert_eq!(amount(&o, "dso", "1463"), d("364863"));
    // Varberg is not in the group.
    assert!(o.lines.iter().all(|l| l.code != Some(code("1383"))));
}

#[test]
fn rounding_is_half_away_from_zero_not_to_even() {
    // 0,5 kr per inhabitant: 10 864 × 0,5 = 5 432; 11 937 × 0,5 = 5 968,5 → 5 969
    // (banker's rounding would give 5 968).
    let o = run(
        "[charges.x]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nrate = 0.5\n",
        None,
    );
    assert_eq!(amount(&o, "x", "1452"), d("5969"));
    assert_eq!(amount(&o, "x", "1465"), d("5432"));
}

#[test]
fn rates_by_group() {
    let o = run("[charges.base]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nrates = { members = 41, adjunct = 11 }\n", None);
    assert_eq!(amount(&o, "base", "1490"), d("4677731")); // 114 091 × 41
    assert_eq!(amount(&o, "base", "1383"), d("733238")); // 66 658 × 11
}

#[test]
fn tiers() {
    let o = run(
        "[charges.t]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nrate = [{ up_to = 10000, rate = 30 }, { rate = 20 }]\n",
        None,
    );
    // 10 000 × 30 + 104 091 × 20 = 300 000 + 2 081 820.
    assert_eq!(amount(&o, "t", "1490"), d("2381820"));
    assert_eq!(
        line(&o, "t", "1490").basis,
        "10 000 inv × 30 kr + 104 091 inv × 20 kr"
    );
    // 10 864: 10 000 × 30 + 864 × 20 = 317 280.
    assert_eq!(amount(&o, "t", "1465"), d("317280"));
}

#[test]
fn fixed_per_participant() {
    let o = run("[charges.f]\nrule = \"fixed\"\nactivity = \"a\"\nparticipants = [\"1490\", \"1383\"]\namount = 50000\n", None);
    assert_eq!(amount(&o, "f", "1490"), d("50000"));
    assert_eq!(amount(&o, "f", "1383"), d("50000"));
    assert_eq!(o.lines.len(), 2);
}

#[test]
fn floor_and_cap() {
    let o = run(
        "[charges.c]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nparticipants = \"members\"\nrate = 6\nfloor = 70000\ncap = 200000\n",
        None,
    );
    assert_eq!(amount(&o, "c", "1490"), d("200000")); // 684 546 capped
    assert_eq!(amount(&o, "c", "1463"), d("200000")); // 211 206 capped
    assert_eq!(amount(&o, "c", "1452"), d("71622")); // 11 937 × 6 within
    assert_eq!(amount(&o, "c", "1465"), d("70000")); // 65 184 raised to the floor
    assert!(line(&o, "c", "1465").basis.starts_with("golv 70 000 kr"));
}

#[test]
fn apportion_by_population() {
    let o = run(
        "[charges.vo]\nrule = \"apportion\"\nactivity = \"a\"\nparticipants = \"members\"\ntotal = 100000\n",
        None,
    );
    // Total population 172 093. Quotas: Borås 66 296,47, Mark 20 454,64,
    // Svenljunga 6 312,87, Tranemo 6 936,01: floors sum to 99 999, the one
    // krona left goes to the largest remainder (Svenljunga ,87).
    assert_eq!(amount(&o, "vo", "1490"), d("66296"));
    assert_eq!(amount(&o, "vo", "1463"), d("20455"));
    assert_eq!(amount(&o, "vo", "1465"), d("6313"));
    assert_eq!(amount(&o, "vo", "1452"), d("6936"));
    let sum: Decimal = o.lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, d("100000"));
}

#[test]
fn apportion_half_equal_half_population() {
    let o = run(
        "[charges.m]\nrule = \"apportion\"\nactivity = \"a\"\nparticipants = \"members\"\ntotal = 100000\nweights = { equal = \"50%\", population = \"50%\" }\n",
        None,
    );
    // Each: 12 500 (equal half) + 50 000 × pop / 172 093.
    // Borås 12 500 + 33 148,24 = 45 648,24; Mark 12 500 + 10 227,32 = 22 727,32;
    // Svenljunga 12 500 + 3 156,43 = 15 656,43; Tranemo 12 500 + 3 468,01 = 15 968,01.
    // Floors 99 999: the krona left to Svenljunga (,43).
    assert_eq!(amount(&o, "m", "1490"), d("45648"));
    assert_eq!(amount(&o, "m", "1463"), d("22727"));
    assert_eq!(amount(&o, "m", "1465"), d("15657"));
    assert_eq!(amount(&o, "m", "1452"), d("15968"));
}

#[test]
fn apportion_equal_ties_go_to_the_lower_code() {
    let o = run("[charges.e]\nrule = \"apportion\"\nactivity = \"a\"\nparticipants = \"members\"\ntotal = 10\nweights = \"equal\"\n", None);
    // 10 / 4 = 2,5 each: two kronor left, to the two lowest codes 1452 and 1463.
    assert_eq!(amount(&o, "e", "1452"), d("3"));
    assert_eq!(amount(&o, "e", "1463"), d("3"));
    assert_eq!(amount(&o, "e", "1465"), d("2"));
    assert_eq!(amount(&o, "e", "1490"), d("2"));
}

#[test]
fn apportion_by_a_data_column() {
    let text = format!(
        "{HEAD}[charges.w]\nrule = \"apportion\"\nactivity = \"a\"\nparticipants = [\"1490\", \"1463\"]\ntotal = 1000\nweights = \"data\"\nweight_file = \"anstallda.csv\"\nweight_column = \"anstallda\"\n"
    );
    let loader = |file: &str, column: &str| {
        assert_eq!((file, column), ("anstallda.csv", "anstallda"));
        avgift::read::weights::parse_weights(b"code,anstallda\n1490,3\n1463,1\n", Path::new(file), column)
    };
    let loaded = parse_tariff(&text, Path::new("t.toml"), &loader).unwrap();
    let o = compute(&loaded.tariff, &population(), None).unwrap();
    assert_eq!(amount(&o, "w", "1490"), d("750"));
    assert_eq!(amount(&o, "w", "1463"), d("250"));
    assert_eq!(line(&o, "w", "1490").basis, "1 000 kr × 3/4 anstallda");
}

#[test]
fn agreements() {
    let o = run("[charges.n]\nrule = \"agreement\"\nactivity = \"a\"\namounts = { 1490 = 6607000, \"1463\" = 797000 }\n", None);
    assert_eq!(amount(&o, "n", "1490"), d("6607000"));
    assert_eq!(amount(&o, "n", "1463"), d("797000"));
    assert_eq!(o.lines.len(), 2);
}

#[test]
fn previous_year_times_index() {
    let previous = parse_actuals(
        "year,activity,kind,code,party,amount\n2022,Verksamhet A,municipality,1490,Borås,1601000\n2022,Verksamhet A,municipality,1463,Mark,582000\n".as_bytes(),
        Path::new("2022.csv"),
    )
    .unwrap();
    let o = run(
        "[charges.mc]\nrule = \"previous\"\nactivity = \"a\"\nparticipants = [\"1490\", \"1463\"]\nindex = \"avtal\"\n",
        Some(&previous),
    );
    // 1 601 000 × 1,025 = 1 641 025; 582 000 × 1,025 = 596 550.
    assert_eq!(amount(&o, "mc", "1490"), d("1641025"));
    assert_eq!(amount(&o, "mc", "1463"), d("596550"));
    assert_eq!(line(&o, "mc", "1490").basis, "1 601 000 kr (2022) × 1,025");
}

#[test]
fn previous_needs_an_amount_per_participant() {
    let previous = parse_actuals(
        b"activity,kind,code,amount\nVerksamhet A,municipality,1490,100\n",
        Path::new("p.csv"),
    )
    .unwrap();
    let err = try_run(
        "[charges.mc]\nrule = \"previous\"\nactivity = \"a\"\nparticipants = [\"1490\", \"1463\"]\nindex = \"avtal\"\n",
        Some(&previous),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no amount for 1463 (Mark)"), "{err}");
}

#[test]
fn split_across_activities() {
    let o = run(
        "[charges.s]\nrule = \"per_inhabitant\"\nsplit = { a = \"33.33%\", b = \"66.67%\" }\nparticipants = [\"1465\"]\nrate = 1\n",
        None,
    );
    // 10 864 kr: 33,33 % = 3 620,97, 66,67 % = 7 243,03 → 3 621 + 7 243 = 10 864.
    let parts: Vec<(String, Decimal)> = o
        .lines
        .iter()
        .map(|l| (l.activity.to_string(), l.amount))
        .collect();
    assert_eq!(
        parts,
        [("a".to_string(), d("3621")), ("b".to_string(), d("7243"))]
    );
}

#[test]
fn external_payers_fixed_and_share() {
    let o = run(
        "[charges.nvs]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nparticipants = \"members\"\nrate = 6\nexternal.region = { share = \"50%\" }\n",
        None,
    );
    // Municipalities: 6 × 172 093 = 1 032 558; the region pays half: 516 279.
    let region = o.lines.iter().find(|l| l.kind == Kind::External).unwrap();
    assert_eq!(region.amount, d("516279"));
    assert_eq!(&*region.party, "Regionen");
    let o = run(
        "[charges.vo]\nrule = \"fixed\"\nactivity = \"a\"\nparticipants = [\"1490\"]\namount = 1\nexternal.region = { amount = 118000 }\n",
        None,
    );
    assert_eq!(
        o.lines.iter().find(|l| l.kind == Kind::External).unwrap().amount,
        d("118000")
    );
}

#[test]
fn adjustments_are_lines_but_not_invoiced() {
    let o = run(
        "[charges.f]\nrule = \"fixed\"\nactivity = \"a\"\nparticipants = [\"1490\"]\namount = 100\n[[adjustments]]\nactivity = \"a\"\nlabel = \"Överskott 2022\"\namount = -50\n",
        None,
    );
    let adj = o.lines.iter().find(|l| l.kind == Kind::Adjustment).unwrap();
    assert_eq!(adj.amount, d("-50"));
    assert_eq!(o.invoiced_total(), d("100"));
}

#[test]
fn a_participant_without_population_is_named() {
    let err = try_run(
        "[charges.f]\nrule = \"per_inhabitant\"\nactivity = \"a\"\nparticipants = [\"1442\"]\nrate = 1\n",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("1442"), "{err}");
    assert!(err.to_string().contains("the population has no row"), "{err}");
}
