//! Property tests: apportionment and splits sum exactly and stay within a
//! krona of the exact quota; results do not depend on the order of
//! population rows; the same input gives byte-identical output.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use avgift::engine::apportion::largest_remainder;
use avgift::engine::rules::split::split;
use avgift::engine::{compute, Actuals, Code, Inhabitants, Population, Tariff};
use avgift::read::population::parse_population;
use avgift::read::tariff::parse_tariff;
use avgift::write;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The example, read and parsed once for every case of every property:
/// its tariff, last year's actuals, the population file's text and the
/// `calc` CSV of them all, in the file's order.
struct Example {
    tariff: Tariff,
    previous: Actuals,
    population_csv: String,
    calc_csv: String,
}

static EXAMPLE: LazyLock<Example> = LazyLock::new(|| {
    let root = crate::support::root();
    let text = std::fs::read_to_string(crate::support::example()).unwrap();
    let tariff = parse_tariff(&text, Path::new("2023.toml"), &|_, _| unreachable!())
        .unwrap()
        .tariff;
    let previous = avgift::read::actuals::read_actuals(
        &avgift::context::Context::in_memory(Vec::new()),
        &root.join("data/sjuharad/actuals/2022.csv"),
    )
    .unwrap();
    let population_csv =
        std::fs::read_to_string(root.join("data/sjuharad/scb-folkmangd-2021-12-31.csv")).unwrap();
    let population = parse_population(population_csv.as_bytes(), Path::new("p.csv"))
        .unwrap()
        .population;
    let outcome = compute(&tariff, &population, Some(&previous)).unwrap();
    let calc_csv = write::calc::csv(&tariff, &outcome, write::CsvDialect::Plain);
    Example {
        tariff,
        previous,
        population_csv,
        calc_csv,
    }
});

proptest! {
    #[test]
    fn apportioned_parts_sum_to_the_total_and_stay_near_their_quota(
        total in -10_000_000_000i128..10_000_000_000,
        weights in prop::collection::vec(0i128..5_000_000, 1..60),
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let parts = largest_remainder(total, &weights).unwrap();
        prop_assert_eq!(parts.iter().sum::<i128>(), total);
        let sum: i128 = weights.iter().sum();
        for (p, w) in parts.iter().zip(&weights) {
            // |p − total·w/sum| < 1  ⇔  |p·sum − total·w| < sum
            prop_assert!((p * sum - total * w).abs() < sum, "part {} weight {} of {}", p, w, sum);
        }
    }

    #[test]
    fn split_parts_sum_to_the_rounded_whole(
        whole in 0i64..1_000_000_000,
        raw in prop::collection::vec(1u32..10_000, 1..8),
    ) {
        // Shares in hundredths of a per cent, scaled to sum to exactly 100 %.
        let sum: u32 = raw.iter().sum();
        let mut shares: Vec<Decimal> = raw.iter().map(|r| Decimal::from(r * 10_000 / sum) / Decimal::from(10_000)).collect();
        let rest = Decimal::ONE - shares.iter().sum::<Decimal>();
        shares[0] += rest;
        prop_assume!(shares.iter().all(|s| *s > Decimal::ZERO));
        let map: BTreeMap<String, Decimal> = shares.iter().enumerate().map(|(i, s)| (format!("a{i:02}"), *s)).collect();
        let whole = Decimal::from(whole);
        let parts = split(whole, &map, "x").unwrap();
        prop_assert_eq!(parts.iter().map(|p| p.amount).sum::<Decimal>(), whole);
        for (p, s) in parts.iter().zip(map.values()) {
            prop_assert!((p.amount - whole * s).abs() < Decimal::ONE);
        }
    }

    #[test]
    fn results_do_not_depend_on_the_order_of_population_rows(seed in any::<u64>()) {
        let Example { tariff, previous, population_csv: pop, calc_csv: out_a } = &*EXAMPLE;
        let mut lines: Vec<&str> = pop.lines().collect();
        let header = lines.remove(0);
        shuffle(&mut lines, seed);
        let shuffled = format!("{header}\n{}\n", lines.join("\n"));
        let b = parse_population(shuffled.as_bytes(), Path::new("p.csv")).unwrap().population;
        let out_b = write::calc::csv(tariff, &compute(tariff, &b, Some(previous)).unwrap(), write::CsvDialect::Plain);
        prop_assert_eq!(out_a, &out_b);
    }

    #[test]
    fn population_changes_each_line_as_its_rule_says(
        deltas in prop::collection::vec(-5_000i64..5_000, 9),
    ) {
        // Any valid population: every per-inhabitant line follows its formula
        // exactly, apportioned lines still sum to their total.
        let codes = ["1443", "1490", "1466", "1463", "1465", "1452", "1491", "1442", "1383"];
        let base = [9_634i64, 114_091, 9_501, 35_201, 10_864, 11_937, 24_898, 12_180, 66_658];
        let pop: Population = codes.iter().zip(base.iter().zip(&deltas)).map(|(c, (b, d))| {
            (c.parse::<Code>().unwrap(), Inhabitants { name: c.to_string(), count: (b + d) as u64 })
        }).collect();
        let o = compute(&EXAMPLE.tariff, &pop, Some(&EXAMPLE.previous)).unwrap();
        let round = |d: Decimal| d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        for l in o.lines.iter().filter(|l| l.code.is_some()) {
            let n = Decimal::from(pop.count(l.code.unwrap()).unwrap());
            let expected = match &*l.charge {
                "dso" => Some(round(Decimal::from(135_000) + n * Decimal::new(653, 2))),
                "brb" | "nvs" => Some(n * Decimal::from(6)),
                "drum" => Some(n * Decimal::from(37)),
                "regional_medfinansiering" => Some(round(Decimal::from(36_500) + n * Decimal::new(374, 2))),
                _ => None,
            };
            if let Some(e) = expected {
                prop_assert_eq!(l.amount, e, "{} {}", l.charge, l.party);
            }
        }
        for code in codes {
            let c: Code = code.parse().unwrap();
            let rate = if code == "1383" { 11 } else { 41 };
            let base: Decimal = o.lines.iter().filter(|l| &*l.charge == "medlemsavgift" && l.code == Some(c)).map(|l| l.amount).sum();
            prop_assert_eq!(base, Decimal::from(rate) * Decimal::from(pop.count(c).unwrap()));
        }
        let vo: Decimal = o.lines.iter().filter(|l| &*l.charge == "vo" && l.code.is_some()).map(|l| l.amount).sum();
        prop_assert_eq!(vo, Decimal::from(798_000));
    }

    #[test]
    fn the_matrix_sums_exactly_both_ways_and_to_the_lines(
        deltas in prop::collection::vec(-5_000i64..5_000, 9),
        adjustment in -10_000_000i64..10_000_000,
    ) {
        // Any population and adjustment: each party's row, each activity's
        // column and the whole table sum to the lines' own totals, and the
        // net is the charges and the adjustments.
        use avgift::engine::matrix::Matrix;
        use avgift::engine::totals::Totals;
        let codes = ["1443", "1490", "1466", "1463", "1465", "1452", "1491", "1442", "1383"];
        let base = [9_634i64, 114_091, 9_501, 35_201, 10_864, 11_937, 24_898, 12_180, 66_658];
        let pop: Population = codes.iter().zip(base.iter().zip(&deltas)).map(|(c, (b, d))| {
            (c.parse::<Code>().unwrap(), Inhabitants { name: c.to_string(), count: (b + d) as u64 })
        }).collect();
        let mut tariff = EXAMPLE.tariff.clone();
        tariff.adjustments[0].amount = Decimal::from(adjustment);
        let o = compute(&tariff, &pop, Some(&EXAMPLE.previous)).unwrap();
        let m = Matrix::of(&tariff, &o);
        let lines = Totals::of(&o);
        prop_assert_eq!(m.totals(), lines);
        prop_assert_eq!(lines.net(), o.lines.iter().map(|l| l.amount).sum::<Decimal>());
        let rows: Decimal = m.rows.iter().map(|r| r.total()).sum();
        let columns: Decimal = (0..m.columns.len()).map(|j| m.charges(j)).sum();
        prop_assert_eq!(rows, lines.charges);
        prop_assert_eq!(columns, lines.charges);
        for r in &m.rows {
            let own: Decimal = o.lines.iter().filter(|l| l.kind == r.kind && l.code == r.code && (r.code.is_some() || l.payer == r.payer)).map(|l| l.amount).sum();
            prop_assert_eq!(r.total(), own, "{}", r.party);
        }
        for (j, c) in m.columns.iter().enumerate() {
            let adj: Decimal = o.lines.iter().filter(|l| l.kind == avgift::engine::Kind::Adjustment && *l.activity == *c.id).map(|l| l.amount).sum();
            prop_assert_eq!(m.adjustments[j], adj, "{}", c.name);
        }
    }
}

/// A small deterministic shuffle (xorshift), so the test needs no RNG crate.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    seed |= 1;
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn same_input_gives_byte_identical_output() {
    for cmd in ["calc", "notes"] {
        for format in ["csv", "json", "table"] {
            let run = || {
                crate::support::avgift([cmd])
                    .arg(crate::support::example())
                    .arg("--format")
                    .arg(format)
                    .run()
                    .ok()
            };
            assert_eq!(run(), run(), "{cmd} --format {format}");
        }
    }
}
