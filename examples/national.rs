//! A national association, generated: every municipality of Sweden grouped
//! by county, and charges that use every rule kind and option of tariff
//! format 1. `data/national/` is what this writes at scale 1 from SCB's file;
//! larger scales are for measuring how the cost grows.
//!
//! ```sh
//! cargo run --release --example national -- --scale N --out DIR [--scb FILE]
//! ```
//!
//! What scale N means (N ≥ 1):
//!
//! - **Municipalities**: min(290 × N, 9 999). The 290 real ones of the SCB
//!   file (`data/sjuharad/scb-folkmangd-2021-12-31.csv` unless `--scb`),
//!   and above scale 1 synthetic ones on the codes from 0001 to 9999 that SCB
//!   does not use, drawn by a fixed-seed shuffle. The j-th synthetic one
//!   (j from 0) copies real municipality j mod 290 in code order: its name
//!   with a copy number (`Borås 2`) and its inhabitants × 0,5…1,5. At scale
//!   35 and above every code from 0001 to 9999 is used.
//! - **Groups**: one per county, the first two digits of the code (`lan14`):
//!   21 at scale 1, up to 100 (`lan00` … `lan99`) at larger scales.
//! - **Charges**: 44 × N, in N blocks of the same 44 charges: 23 national
//!   ones and one for each of the 21 real counties. Block k ≥ 2 suffixes
//!   ids with `_k` and its adjustment labels with ` (k)`, and nudges rates
//!   and amounts, so no two blocks compute the same lines.
//!   The code lists of participants select municipalities by position in
//!   code order (every 10th, 7th, 5th, 4th), so they grow with the
//!   municipalities; county groups grow with them as well.
//! - **Activities** 9, **external payers** 3, **indices** 4 at every scale;
//!   **adjustment lines** 13 × N.
//! - **Weight file** `anstallda.csv`: employees of every municipality
//!   (5–9 % of its inhabitants). **Previous actuals** `utfall-2022.csv`:
//!   a line for each municipality in each activity it takes part in this
//!   year, the external payers, and last year's adjustment lines.
//!
//! Everything is deterministic: a xorshift generator with a fixed seed,
//! drawn in a fixed order. The same scale and SCB file give the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The files written, in this order.
pub const TARIFF: &str = "tariff.toml";
pub const POPULATION: &str = "befolkning.csv";
pub const WEIGHTS: &str = "anstallda.csv";
pub const PREVIOUS: &str = "utfall-2022.csv";

/// Municipalities per scale step, as SCB has them.
pub const REAL: usize = 290;
/// The highest municipality code.
pub const CODE_SPACE: usize = 9_999;

/// The tariff's year; the previous actuals are for the year before.
const YEAR: i32 = 2023;

/// A municipality of the generated association.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub code: u16,
    pub name: String,
    pub inhabitants: u64,
}

impl Municipality {
    fn code(&self) -> String {
        format!("{:04}", self.code)
    }

    fn county(&self) -> u16 {
        self.code / 100
    }
}

/// What one run generates: file name → contents, and the sizes.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<(&'static str, String)>,
    pub municipalities: usize,
    pub groups: usize,
    pub charges: usize,
}

impl Generated {
    /// The contents of one of the files.
    pub fn file(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or_default()
    }

    /// Writes every file into `dir` (created if missing).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in &self.files {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }
}

/// The SCB file the shipped fixture is generated from.
pub fn default_scb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sjuharad/scb-folkmangd-2021-12-31.csv")
}

/// The real municipalities of a population file, in code order.
pub fn read_real(path: &Path) -> Result<Vec<Municipality>, String> {
    let read = avgift::read::population::read_population(&avgift::context::Context::system(Vec::new()), path)
        .map_err(|d| d.to_string())?;
    Ok(read
        .population
        .iter()
        .map(|(code, row)| Municipality {
            code: code.get(),
            name: row.name.clone(),
            inhabitants: row.count,
        })
        .collect())
}

/// A small xorshift generator (Marsaglia's 64-bit triple 13, 7, 17).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

const SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// The municipalities at a scale: the real ones, then synthetic copies on
/// unused codes, all in code order.
pub fn municipalities(real: &[Municipality], scale: u32) -> Vec<Municipality> {
    let mut rng = XorShift(SEED);
    let wanted = (real.len() * scale.max(1) as usize).min(CODE_SPACE);
    let mut all = real.to_vec();
    if wanted > real.len() {
        let taken: BTreeSet<u16> = real.iter().map(|m| m.code).collect();
        let mut free: Vec<u16> = (1..=CODE_SPACE as u16).filter(|c| !taken.contains(c)).collect();
        // Fisher–Yates with the fixed seed.
        for i in (1..free.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            free.swap(i, j);
        }
        for (j, &code) in free.iter().take(wanted - real.len()).enumerate() {
            let model = &real[j % real.len()];
            let copy = j / real.len() + 2;
            all.push(Municipality {
                code,
                name: format!("{} {copy}", model.name),
                inhabitants: (model.inhabitants * rng.between(500, 1500) / 1000).max(1),
            });
        }
    }
    all.sort_by_key(|m| m.code);
    all
}

/// Generates the tariff and its files at `scale` from the real municipalities.
pub fn generate(real: &[Municipality], scale: u32) -> Generated {
    let scale = scale.max(1);
    let all = municipalities(real, scale);
    let mut rng = XorShift(SEED ^ 0x5eed);
    let mut counties: Vec<u16> = all.iter().map(Municipality::county).collect();
    counties.dedup();
    let mut real_counties: Vec<u16> = real.iter().map(Municipality::county).collect();
    real_counties.sort();
    real_counties.dedup();

    let charges_per_block = NATIONAL_CHARGES + real_counties.len();
    let mut t = String::new();
    header(&mut t, scale, &all, &counties, charges_per_block * scale as usize);
    groups(&mut t, &all, &counties);
    let mut charges = 0;
    for block in 1..=scale {
        charges += national_charges(&mut t, block, &all, &counties, &mut rng);
        charges += county_charges(&mut t, block, &real_counties);
    }
    invoice(&mut t);
    for block in 1..=scale {
        adjustments(&mut t, block);
    }

    let weights = weights(&all, &mut rng);
    let taking_part = taking_part(&t, &weights);
    let previous = previous(&all, &taking_part, scale, &mut rng);
    Generated {
        files: vec![
            (TARIFF, t),
            (POPULATION, population(&all)),
            (WEIGHTS, weights),
            (PREVIOUS, previous),
        ],
        municipalities: all.len(),
        groups: counties.len(),
        charges,
    }
}

/// The activities: id, note, name, and last year's rate per inhabitant in öre
/// (for the previous actuals).
const ACTIVITIES: [(&str, u32, &str, u64); 9] = [
    ("kansli", 3, "Förbundskansli", 1_360),
    ("administration", 4, "Administration", 605),
    ("utveckling", 5, "Regional utveckling", 2_230),
    ("digital", 6, "Digitalisering", 960),
    ("dso", 7, "Dataskyddsombud", 990),
    ("halsa", 8, "Hälsa och vård", 690),
    ("kultur", 9, "Kultur och besöksnäring", 310),
    ("utbildning", 10, "Utbildning", 140),
    ("avtal", 11, "Avtalstjänster", 1_400),
];

/// External payers: id, name, and the activity of last year's amount.
const PAYERS: [(&str, &str, &str, u64); 3] = [
    ("regioner", "Regionerna", "halsa", 30_500_000),
    ("staten", "Staten", "utveckling", 2_400_000),
    ("universitet", "Universitetet", "avtal", 780_000),
];

/// National charges per block (the rest are one per real county).
const NATIONAL_CHARGES: usize = 23;

fn header(t: &mut String, scale: u32, all: &[Municipality], counties: &[u16], charges: usize) {
    let _ = write!(
        t,
        "\
# A national association: every municipality in Sweden, grouped by county,
# and charges that use every rule kind and option of tariff format 1.
# Generated by `cargo run --release --example national -- --scale {scale} --out DIR`
# (examples/national.rs) from SCB's population 31 December 2021; do not edit
# by hand. Scale {scale}: {} municipalities, {} county groups, {} charges.
format = 1
name = \"Riksförbundet för kommunal samverkan (genererat exempel)\"
year = {YEAR}
population = \"{POPULATION}\"
previous_actuals = \"{PREVIOUS}\"

[indices]
avtal = \"2.5%\"
upprakning = \"0.7%\"
pkv = \"1,9 %\"
kpi = \"0%\"

[projection]
rates = \"öre\"
amounts = \"krona\"
",
        all.len(),
        counties.len(),
        charges
    );
    for (id, note, name, _) in ACTIVITIES {
        let _ = write!(t, "\n[activities.{id}]\nnote = {note}\nname = \"{name}\"\n");
    }
    for (id, name, _, _) in PAYERS {
        let _ = write!(t, "\n[payers.{id}]\nname = \"{name}\"\n");
    }
}

fn groups(t: &mut String, all: &[Municipality], counties: &[u16]) {
    t.push_str("\n# One group per county: the first two digits of the code.\n[groups]\n");
    for &c in counties {
        let codes: Vec<String> = all
            .iter()
            .filter(|m| m.county() == c)
            .map(|m| format!("\"{}\"", m.code()))
            .collect();
        let _ = writeln!(t, "lan{c:02} = [{}]", codes.join(", "));
    }
}

/// Kronor from öre, as a TOML number (`6.53`, `12`).
fn kr(ore: u64) -> String {
    if ore % 100 == 0 {
        (ore / 100).to_string()
    } else {
        format!("{}.{:02}", ore / 100, ore % 100)
    }
}

/// The codes at positions `rem`, `rem + every`, … in code order, as a TOML array.
fn every(all: &[Municipality], every: usize, rem: usize) -> String {
    let codes: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == rem)
        .map(|(_, m)| format!("\"{}\"", m.code()))
        .collect();
    format!("[{}]", codes.join(", "))
}

/// One charge: a comment on the first block, the id, then its keys.
fn charge(t: &mut String, block: u32, comment: &str, id: &str, name: &str, keys: &[(&str, String)]) {
    t.push('\n');
    if block == 1 {
        for line in comment.lines() {
            let _ = writeln!(t, "# {line}");
        }
    }
    let (id, name) = if block == 1 {
        (id.to_string(), name.to_string())
    } else {
        (format!("{id}_{block}"), format!("{name} ({block})"))
    };
    let _ = writeln!(t, "[charges.{id}]\nname = \"{name}\"");
    for (k, v) in keys {
        let _ = writeln!(t, "{k} = {v}");
    }
}

fn s(text: &str) -> String {
    format!("\"{text}\"")
}

/// The 23 national charges of a block.
fn national_charges(
    t: &mut String,
    block: u32,
    all: &[Municipality],
    counties: &[u16],
    rng: &mut XorShift,
) -> usize {
    // Rates and amounts move a little from block to block.
    let b = u64::from(block - 1);
    let nudge = |ore: u64| ore + 5 * (b % 20);
    let amount = |kr: u64| kr + 1_000 * (b % 10);

    let rates: Vec<String> = counties
        .iter()
        .map(|&c| format!("lan{c:02} = {}", kr(nudge(1_800 + 150 * (u64::from(c) * 7 % 13)))))
        .collect();
    charge(
        t,
        block,
        "Medlemsavgift: a rate per county, split across three activities.\nWithout participants: the members of the groups with a rate.",
        "medlemsavgift",
        "Medlemsavgift",
        &[
            ("rule", s("per_inhabitant")),
            ("rates", format!("{{ {} }}", rates.join(", "))),
            (
                "split",
                "{ kansli = \"50%\", administration = \"20%\", utveckling = \"30%\" }".into(),
            ),
            ("index", s("upprakning")),
        ],
    );
    charge(
        t,
        block,
        "One rate for everyone.",
        "utvecklingsavgift",
        "Utvecklingsavgift",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("utveckling")),
            ("participants", s("everyone")),
            ("rate", kr(nudge(1_250))),
            ("index", s("upprakning")),
        ],
    );
    charge(
        t,
        block,
        "A fixed part plus a rate, for a list of codes (every 10th municipality).",
        "dso",
        "Dataskyddsombud",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("dso")),
            ("participants", every(all, 10, 3)),
            ("fixed", amount(135_000).to_string()),
            ("rate", kr(nudge(653))),
            ("index", s("avtal")),
        ],
    );
    charge(
        t,
        block,
        "Tiers: each band of inhabitants at its own rate; two counties.",
        "trappa",
        "Digital infrastruktur, trappa",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("digital")),
            ("participants", "[\"lan13\", \"lan14\"]".into()),
            (
                "rate",
                format!(
                    "[{{ up_to = 10_000, rate = {} }}, {{ up_to = 50_000, rate = {} }}, {{ rate = {} }}]",
                    kr(nudge(3_000)),
                    kr(nudge(2_500)),
                    kr(nudge(2_000))
                ),
            ),
        ],
    );
    charge(
        t,
        block,
        "Tiers per group, a flat rate for a third group, a fixed part and a cap.",
        "trappa_lan",
        "Digital infrastruktur, storstadslän",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("digital")),
            (
                "rates",
                format!(
                    "{{ lan01 = [{{ up_to = 20_000, rate = {} }}, {{ up_to = 100_000, rate = {} }}, {{ rate = {} }}], lan12 = [{{ up_to = 30_000, rate = {} }}, {{ rate = {} }}], lan03 = {} }}",
                    kr(nudge(400)),
                    kr(nudge(300)),
                    kr(nudge(200)),
                    kr(nudge(500)),
                    kr(nudge(350)),
                    kr(nudge(425))
                ),
            ),
            ("fixed", amount(10_000).to_string()),
            ("cap", amount(900_000).to_string()),
            ("index", s("kpi")),
        ],
    );
    charge(
        t,
        block,
        "The regions pay half as much as the municipalities (a share).",
        "halsa",
        "Hälsa och vård",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("halsa")),
            ("participants", s("everyone")),
            ("rate", kr(nudge(600))),
            ("external.regioner", "{ share = \"50%\" }".into()),
        ],
    );
    charge(
        t,
        block,
        "A floor: nobody pays less than 25 000 kr (every 4th municipality).",
        "kultur_golv",
        "Kultursamverkan",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("kultur")),
            ("participants", every(all, 4, 0)),
            ("rate", kr(nudge(200))),
            ("floor", amount(25_000).to_string()),
        ],
    );
    charge(
        t,
        block,
        "A cap: nobody pays more than 300 000 kr.",
        "kultur_tak",
        "Kulturarv",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("kultur")),
            ("participants", "[\"lan01\", \"lan12\", \"lan14\"]".into()),
            ("rate", kr(nudge(300))),
            ("fixed", amount(5_000).to_string()),
            ("cap", amount(300_000).to_string()),
        ],
    );
    charge(
        t,
        block,
        "A floor and a cap.",
        "besok",
        "Besöksnäring",
        &[
            ("rule", s("per_inhabitant")),
            ("activity", s("kultur")),
            (
                "participants",
                "[\"lan03\", \"lan04\", \"lan05\", \"lan06\"]".into(),
            ),
            ("rate", kr(nudge(150))),
            ("floor", amount(10_000).to_string()),
            ("cap", amount(200_000).to_string()),
            ("index", s("pkv")),
        ],
    );
    charge(
        t,
        block,
        "A fixed amount for everyone (the default participants).",
        "grundavgift",
        "Grundavgift",
        &[
            ("rule", s("fixed")),
            ("activity", s("administration")),
            ("amount", amount(25_000).to_string()),
            ("index", s("upprakning")),
        ],
    );
    charge(
        t,
        block,
        "A fixed amount for a group and two codes.",
        "storstad",
        "Storstadssamverkan",
        &[
            ("rule", s("fixed")),
            ("activity", s("kansli")),
            ("participants", "[\"lan12\", \"0180\", \"1480\"]".into()),
            ("amount", amount(50_000).to_string()),
        ],
    );
    charge(
        t,
        block,
        "A fixed amount split across two activities.",
        "norrland",
        "Norrlandssamverkan",
        &[
            ("rule", s("fixed")),
            (
                "participants",
                "[\"lan20\", \"lan21\", \"lan22\", \"lan23\", \"lan24\", \"lan25\"]".into(),
            ),
            ("amount", amount(40_000).to_string()),
            ("split", "{ utveckling = \"60%\", digital = \"40%\" }".into()),
        ],
    );
    charge(
        t,
        block,
        "A single code.",
        "huvudstad",
        "Huvudstadsavgift",
        &[
            ("rule", s("fixed")),
            ("activity", s("kansli")),
            ("participants", s("0180")),
            ("amount", amount(150_000).to_string()),
        ],
    );
    charge(
        t,
        block,
        "A total apportioned by population over everyone.",
        "utbildning_inv",
        "Utbildning efter invånare",
        &[
            ("rule", s("apportion")),
            ("activity", s("utbildning")),
            ("participants", s("everyone")),
            ("total", amount(10_000_000).to_string()),
            ("weights", s("population")),
            ("index", s("pkv")),
        ],
    );
    charge(
        t,
        block,
        "Equal shares within one county.",
        "utbildning_lika",
        "Utbildning lika delar",
        &[
            ("rule", s("apportion")),
            ("activity", s("utbildning")),
            ("participants", s("lan01")),
            ("total", amount(2_000_000).to_string()),
            ("weights", s("equal")),
        ],
    );
    charge(
        t,
        block,
        "50 % lika delar, 50 % efter invånarantal.",
        "utbildning_mix",
        "Utbildning, hälften lika delar",
        &[
            ("rule", s("apportion")),
            ("activity", s("utbildning")),
            ("participants", "[\"lan05\", \"lan06\", \"lan07\"]".into()),
            ("total", amount(3_000_000).to_string()),
            ("weights", "{ equal = \"50%\", population = \"50%\" }".into()),
        ],
    );
    charge(
        t,
        block,
        "A data column: employees from the weight file.",
        "digital_anstallda",
        "Digitala tjänster efter anställda",
        &[
            ("rule", s("apportion")),
            ("activity", s("digital")),
            ("participants", "[\"lan01\", \"lan12\", \"lan14\"]".into()),
            ("total", amount(8_000_000).to_string()),
            ("weights", s("data")),
            ("weight_file", s(WEIGHTS)),
            ("weight_column", s("anställda")),
        ],
    );
    charge(
        t,
        block,
        "Equal shares, population and employees.",
        "vard_mix",
        "Vårdutveckling",
        &[
            ("rule", s("apportion")),
            ("activity", s("halsa")),
            ("participants", "[\"lan17\", \"lan18\", \"lan19\"]".into()),
            ("total", amount(4_500_000).to_string()),
            (
                "weights",
                "{ equal = \"25%\", population = \"50%\", data = \"25%\" }".into(),
            ),
            ("weight_file", s(WEIGHTS)),
            ("weight_column", s("anställda")),
        ],
    );
    charge(
        t,
        block,
        "Apportioned by population; the state pays a fixed amount.",
        "forskning",
        "Forskning och innovation",
        &[
            ("rule", s("apportion")),
            ("activity", s("utveckling")),
            ("participants", "[\"lan08\", \"lan09\", \"lan10\"]".into()),
            ("total", amount(6_000_000).to_string()),
            ("weights", s("population")),
            ("external.staten", format!("{{ amount = {} }}", amount(2_500_000))),
            ("index", s("kpi")),
        ],
    );
    let agreed: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 7 == 2)
        .map(|(_, m)| format!("\"{}\" = {}", m.code(), rng.between(20, 400) * 1_000))
        .collect();
    charge(
        t,
        block,
        "Agreements: an amount per municipality (every 7th); they are the participants.",
        "avtal_tjanster",
        "Avtalade tjänster",
        &[
            ("rule", s("agreement")),
            ("activity", s("avtal")),
            ("amounts", format!("{{ {} }}", agreed.join(", "))),
            ("index", s("avtal")),
        ],
    );
    let lan20: Vec<String> = all
        .iter()
        .filter(|m| m.county() == 20)
        .map(|m| format!("\"{}\" = {}", m.code(), rng.between(50, 250) * 1_000))
        .collect();
    charge(
        t,
        block,
        "Agreements with every municipality of a county.",
        "avtal_lan20",
        "Avtal Dalarna",
        &[
            ("rule", s("agreement")),
            ("activity", s("avtal")),
            ("participants", s("lan20")),
            ("amounts", format!("{{ {} }}", lan20.join(", "))),
            ("index", s("avtal")),
        ],
    );
    charge(
        t,
        block,
        "Last year's amount × (1 + avtal), every 5th municipality.",
        "avtal_fortsatt",
        "Fortsatta avtal",
        &[
            ("rule", s("previous")),
            ("activity", s("avtal")),
            ("participants", every(all, 5, 1)),
            ("index", s("avtal")),
        ],
    );
    charge(
        t,
        block,
        "Last year's amount, split across two activities; the university pays a share.",
        "avtal_delat",
        "Delade avtal",
        &[
            ("rule", s("previous")),
            ("from", s("avtal")),
            ("split", "{ avtal = \"60%\", digital = \"40%\" }".into()),
            ("participants", "[\"lan24\", \"lan25\"]".into()),
            ("index", s("avtal")),
            ("external.universitet", "{ share = \"10%\" }".into()),
        ],
    );
    NATIONAL_CHARGES
}

/// One charge per real county, the rule kind going round.
fn county_charges(t: &mut String, block: u32, counties: &[u16]) -> usize {
    let b = u64::from(block - 1);
    for (i, &c) in counties.iter().enumerate() {
        let i = i as u64;
        let group = s(&format!("lan{c:02}"));
        let activity = s(["utveckling", "kultur", "halsa"][(i % 3) as usize]);
        let id = format!("lan{c:02}_samverkan");
        let name = format!("Regional samverkan län {c:02}");
        let comment = if i == 0 {
            "One charge per county, the rule kind going round."
        } else {
            ""
        };
        let mut keys = vec![("activity", activity), ("participants", group)];
        match i % 4 {
            0 => keys.extend([
                ("rule", s("per_inhabitant")),
                ("rate", kr(300 + 25 * i + 5 * (b % 20))),
            ]),
            1 => keys.extend([
                ("rule", s("per_inhabitant")),
                ("fixed", (20_000 + 1_000 * (b % 10)).to_string()),
                ("rate", kr(175 + 5 * (b % 20))),
            ]),
            2 => keys.extend([
                ("rule", s("apportion")),
                ("total", (500_000 + 50_000 * i + 1_000 * (b % 10)).to_string()),
                ("weights", "{ equal = \"50%\", population = \"50%\" }".into()),
            ]),
            _ => keys.extend([
                ("rule", s("fixed")),
                ("amount", (15_000 + 1_000 * i + 1_000 * (b % 10)).to_string()),
            ]),
        }
        charge(t, block, comment, &id, &name, &keys);
    }
    counties.len()
}

fn invoice(t: &mut String) {
    let revenue: Vec<String> = ACTIVITIES
        .iter()
        .enumerate()
        .map(|(i, (id, ..))| format!("{id} = \"{}\"", 3011 + i))
        .collect();
    let _ = write!(
        t,
        "
[invoice]
issuer.name = \"Riksförbundet för kommunal samverkan\"
# Fictional (Luhn-valid): a final invoice says who is paid and how.
issuer.org_nr = \"222222-2222\"
issuer.address = [\"Box 1\", \"111 11 Stockholm\"]
issuer.bankgiro = \"5050-1055\"
payment_days = 30
first_number = 1

[invoice.accounts]
receivables = \"1510\"
revenue = {{ {} }}
",
        revenue.join(", ")
    );
}

/// This year's adjustment lines: (activity, label, amount, recurring).
const ADJUSTMENTS: [(&str, &str, i64, bool); 13] = [
    ("kansli", "Överskott 2022", 350_000, false),
    ("kansli", "Överskott 2023", -420_000, false),
    ("administration", "Lokalkostnader", -120_000, true),
    (
        "utveckling",
        "Beslutade och ej avslutade projekt",
        -1_053_000,
        false,
    ),
    ("digital", "Överskott 2022", 210_000, false),
    ("dso", "Överskott 2023", -342_000, false),
    ("halsa", "Överskott 2023", -380_000, false),
    ("halsa", "Statsbidrag", -500_000, false),
    ("kultur", "Överskott 2022", 90_000, false),
    ("utbildning", "Överskott 2023", -275_000, false),
    ("avtal", "Överskott 2022", 125_000, false),
    ("avtal", "Överskott 2023", -160_000, false),
    ("avtal", "Medfinansiering högskola", -75_000, true),
];

fn label(label: &str, block: u32) -> String {
    if block == 1 {
        label.to_string()
    } else {
        format!("{label} ({block})")
    }
}

fn adjustments(t: &mut String, block: u32) {
    for (activity, text, amount, recurring) in ADJUSTMENTS {
        let _ = write!(
            t,
            "\n[[adjustments]]\nactivity = \"{activity}\"\nlabel = \"{}\"\namount = {amount}\n",
            label(text, block)
        );
        if recurring {
            t.push_str("recurring = true\n");
        }
    }
}

/// A CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn population(all: &[Municipality]) -> String {
    let mut out = String::from("code,name,population\n");
    for m in all {
        let _ = writeln!(out, "{},{},{}", m.code(), field(&m.name), m.inhabitants);
    }
    out
}

fn weights(all: &[Municipality], rng: &mut XorShift) -> String {
    let mut out = String::from("code,anställda\n");
    for m in all {
        let employees = (m.inhabitants * rng.between(50, 90) / 1_000).max(1);
        let _ = writeln!(out, "{},{employees}", m.code());
    }
    out
}

/// Who takes part in each activity this year: the tariff read back with
/// avgift's own reader, each charge's participants and activities.
fn taking_part(tariff: &str, weights: &str) -> BTreeMap<String, BTreeSet<u16>> {
    let path = Path::new(TARIFF);
    let load = |_: &str, column: &str| {
        avgift::read::weights::parse_weights(weights.as_bytes(), Path::new(WEIGHTS), column)
    };
    let loaded = avgift::read::tariff::parse_tariff(tariff, path, &load)
        .unwrap_or_else(|d| panic!("the generated tariff does not read:\n{d}"));
    let t = &loaded.tariff;
    let mut out: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for charge in t.charges.values() {
        let codes = t.participants(charge);
        for activity in charge.activities() {
            out.entry(activity.to_string())
                .or_default()
                .extend(codes.iter().map(|c| c.get()));
        }
    }
    out
}

/// Last year's actuals: a line for each municipality that takes part in an
/// activity this year (its inhabitants × the activity's rate × 0,9…1,1,
/// whole kronor), the payers, and last year's adjustment lines (the surplus
/// of 2022 was set aside then).
fn previous(
    all: &[Municipality],
    taking_part: &BTreeMap<String, BTreeSet<u16>>,
    scale: u32,
    rng: &mut XorShift,
) -> String {
    let year = YEAR - 1;
    let mut out = String::from("year,note,activity,kind,code,party,amount\n");
    for (id, note, name, ore) in ACTIVITIES {
        let codes = taking_part.get(id).cloned().unwrap_or_default();
        for m in all.iter().filter(|m| codes.contains(&m.code)) {
            let amount = m.inhabitants * ore * rng.between(900, 1_100) / 100_000;
            let _ = writeln!(
                out,
                "{year},{note},{name},municipality,{},{},{amount}",
                m.code(),
                field(&m.name)
            );
        }
        for (_, payer, activity, amount) in PAYERS {
            if activity == id {
                let _ = writeln!(out, "{year},{note},{name},external,,{payer},{amount}");
            }
        }
        for block in 1..=scale {
            for (activity, text, amount, _) in ADJUSTMENTS {
                if activity == id && text == "Överskott 2022" {
                    let _ = writeln!(
                        out,
                        "{year},{note},{name},adjustment,,{},{}",
                        label(text, block),
                        -amount
                    );
                }
            }
        }
    }
    out
}

fn main() {
    let mut scale = 1u32;
    let mut out: Option<PathBuf> = None;
    let mut scb = default_scb();
    let mut args = std::env::args().skip(1);
    let usage = "usage: national --scale N --out DIR [--scb FILE]";
    while let Some(a) = args.next() {
        let mut value = || {
            args.next().unwrap_or_else(|| {
                eprintln!("{a} needs a value\n{usage}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--scale" => {
                scale = match value().parse() {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        eprintln!("--scale takes a whole number from 1\n{usage}");
                        std::process::exit(2)
                    }
                }
            }
            "--out" => out = Some(PathBuf::from(value())),
            "--scb" => scb = PathBuf::from(value()),
            _ => {
                eprintln!("unknown argument {a:?}\n{usage}");
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{usage}");
        std::process::exit(2)
    };
    let real = read_real(&scb).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let generated = generate(&real, scale);
    if let Err(e) = generated.write(&out) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1)
    }
    println!(
        "{}: scale {scale}, {} municipalities, {} groups, {} charges",
        out.display(),
        generated.municipalities,
        generated.groups,
        generated.charges
    );
}
