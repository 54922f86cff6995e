//! Benchmarks of the engine on the national tariff (`examples/national.rs`)
//! at scales 1 and 10, and of largest-remainder apportionment on large
//! inputs. Run with `cargo bench` (or `cargo bench -- compute` for one).
//!
//! The inputs are generated in memory once per scale; each benchmark times
//! one step of what `avgift calc` and `avgift notes` do, without file I/O.

use std::path::Path;
use std::sync::OnceLock;

use avgift::engine::apportion::largest_remainder;
use avgift::engine::compute::lines;
use avgift::engine::notes;
use avgift::engine::{compute, Actuals, Outcome, Population, Tariff};
use avgift::read::actuals::parse_actuals;
use avgift::read::population::parse_population;
use avgift::read::tariff::parse_tariff;
use avgift::read::weights::parse_weights;
use avgift::write::{calc, CsvDialect};
use divan::{black_box, Bencher};

#[path = "../examples/national.rs"]
#[allow(dead_code)]
mod generator;

fn main() {
    divan::main();
}

/// The scales the engine benchmarks run at.
const SCALES: [u32; 2] = [1, 10];

/// One scale's files, as text, and what they read to.
struct Fixture {
    generated: generator::Generated,
    tariff: Tariff,
    population: Population,
    actuals: Actuals,
    outcome: Outcome,
}

fn fixture(scale: u32) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = SCALES
        .iter()
        .position(|s| *s == scale)
        .expect("a benchmarked scale");
    FIXTURES[slot].get_or_init(|| {
        let real = generator::read_real(&generator::default_scb()).expect("the SCB file");
        let generated = generator::generate(&real, scale);
        let tariff = read_tariff(&generated);
        let population = parse_population(
            generated.file(generator::POPULATION).as_bytes(),
            Path::new(generator::POPULATION),
        )
        .expect("the population")
        .population;
        let actuals = parse_actuals(
            generated.file(generator::PREVIOUS).as_bytes(),
            Path::new(generator::PREVIOUS),
        )
        .expect("the actuals");
        let outcome = compute(&tariff, &population, Some(&actuals)).expect("the outcome");
        Fixture {
            generated,
            tariff,
            population,
            actuals,
            outcome,
        }
    })
}

fn read_tariff(g: &generator::Generated) -> Tariff {
    let weights = g.file(generator::WEIGHTS);
    let load =
        |_: &str, column: &str| parse_weights(weights.as_bytes(), Path::new(generator::WEIGHTS), column);
    parse_tariff(g.file(generator::TARIFF), Path::new(generator::TARIFF), &load)
        .expect("the tariff")
        .tariff
}

/// The tariff's TOML (and its weight file) into the engine's model.
#[divan::bench(args = SCALES)]
fn parse_national_tariff(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| read_tariff(black_box(&f.generated)));
}

/// The population file and last year's actuals.
#[divan::bench(args = SCALES)]
fn parse_population_and_actuals(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    let population = f.generated.file(generator::POPULATION).as_bytes();
    let previous = f.generated.file(generator::PREVIOUS).as_bytes();
    bencher.bench(|| {
        let p = parse_population(black_box(population), Path::new(generator::POPULATION));
        let a = parse_actuals(black_box(previous), Path::new(generator::PREVIOUS));
        (p.is_ok(), a.is_ok())
    });
}

/// Every line of the year: validation, every rule, rounding, splits, sorting.
#[divan::bench(args = SCALES)]
fn compute_national(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| compute(black_box(&f.tariff), &f.population, Some(&f.actuals)).expect("computes"));
}

/// `calc`'s computation: every line held compactly (rules made ready, one
/// sort key per line), without any line's text.
#[divan::bench(args = SCALES)]
fn compute_lines(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| lines(black_box(&f.tariff), &f.population, Some(&f.actuals)).expect("computes"));
}

/// Every line made from the compact lines (amount and basis text per
/// line) and written as CSV: the per-line path of `calc --format csv`.
#[divan::bench(args = SCALES)]
fn write_calc_csv_lines(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    let compact = lines(&f.tariff, &f.population, Some(&f.actuals)).expect("computes");
    bencher.bench(|| {
        calc::write_csv_lines(Vec::new(), black_box(&f.tariff), &compact, CsvDialect::Plain)
            .expect("in memory")
    });
}

/// The whole of `calc --format csv` after reading: compute, then every line
/// made and written.
#[divan::bench(args = SCALES)]
fn calc_csv(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| {
        let compact = lines(black_box(&f.tariff), &f.population, Some(&f.actuals)).expect("computes");
        calc::write_csv_lines(Vec::new(), &f.tariff, &compact, CsvDialect::Plain).expect("in memory")
    });
}

/// The annual report's notes from the outcome and last year's actuals.
#[divan::bench(args = SCALES)]
fn build_notes(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| notes::build(black_box(&f.tariff), &f.outcome, Some(&f.actuals)));
}

/// `calc --format csv`: every line as CSV text.
#[divan::bench(args = SCALES)]
fn write_calc_csv(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    bencher.bench(|| calc::csv(black_box(&f.tariff), &f.outcome, CsvDialect::Plain));
}

/// `calc --format xlsx`: the lines made twice (to fit the columns, then
/// as rows streamed into the saved workbook), the totals' sheets, zipped in
/// memory.
#[divan::bench(args = SCALES, sample_count = 10)]
fn write_calc_xlsx(bencher: Bencher, scale: u32) {
    let f = fixture(scale);
    let lines = lines(&f.tariff, &f.population, Some(&f.actuals)).expect("the lines");
    bencher.bench(|| calc::xlsx(black_box(&f.tariff), &lines, &[], &Default::default()).expect("a workbook"));
}

/// Largest remainder over many weights (inhabitant-sized, from a fixed-seed
/// xorshift), a total of a billion kronor.
#[divan::bench(args = [290, 9_999, 100_000, 1_000_000])]
fn apportion_largest_remainder(bencher: Bencher, n: usize) {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let weights: Vec<i128> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            i128::from(x % 1_000_000 + 1)
        })
        .collect();
    bencher.bench(|| largest_remainder(black_box(1_000_000_000), black_box(&weights)).expect("apportions"));
}

/// The `apportion` rule over every code from 0001 to 9999 (scale 100's
/// municipalities): 50 % population, 25 % equal shares, 25 % employees,
/// with a basis text per municipality.
#[divan::bench]
fn apportion_rule_9999_municipalities(bencher: Bencher) {
    let real = generator::read_real(&generator::default_scb()).expect("the SCB file");
    let all = generator::municipalities(&real, 100);
    let codes: Vec<String> = all.iter().map(|m| format!("\"{:04}\"", m.code)).collect();
    let text = format!(
        "name = \"Bench\"\nyear = 2023\n[groups]\nalla = [{}]\n[activities.a]\nname = \"A\"\n\
         [charges.fordelning]\nrule = \"apportion\"\nactivity = \"a\"\ntotal = 1_000_000_000\n\
         weights = {{ population = \"50%\", equal = \"25%\", data = \"25%\" }}\n\
         weight_file = \"w.csv\"\nweight_column = \"anställda\"\n",
        codes.join(", ")
    );
    let mut population = String::from("code,name,population\n");
    let mut weights = String::from("code,anställda\n");
    for m in &all {
        population.push_str(&format!("{:04},{},{}\n", m.code, m.name, m.inhabitants));
        weights.push_str(&format!("{:04},{}\n", m.code, m.inhabitants / 14 + 1));
    }
    let load = |_: &str, column: &str| parse_weights(weights.as_bytes(), Path::new("w.csv"), column);
    let tariff = parse_tariff(&text, Path::new("bench.toml"), &load)
        .expect("the tariff")
        .tariff;
    let population = parse_population(population.as_bytes(), Path::new("p.csv"))
        .expect("the population")
        .population;
    bencher.bench(|| compute(black_box(&tariff), &population, None).expect("computes"));
}
