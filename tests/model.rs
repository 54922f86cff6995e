//! `avgift model`: the live workbook, recalculated from scratch by
//! LibreOffice, gives every figure `avgift calc` and `avgift notes` give.
//!
//! Each workbook is copied with every stored formula result removed, and
//! LibreOffice runs with a profile that recalculates every file on load, so
//! nothing can come from a cached value. All workbooks go through one
//! `soffice --convert-to csv` run (every sheet to its own CSV). Edited
//! copies change yellow input cells (found by their defined names) and are
//! compared with `avgift calc --set …` / `--population …`.
//!
//! Without LibreOffice (`soffice` or `libreoffice` on PATH; Debian's
//! `libreoffice-calc-nogui`) the test says loudly that it was skipped.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_decimal::Decimal;

use crate::support::{avgift, csv_rows, root, scratch};

/// One workbook to check.
struct Case {
    name: String,
    tariff: PathBuf,
    /// Arguments of `avgift model` besides the tariff.
    model_args: Vec<String>,
    /// Arguments of `avgift calc` / `notes` that give the expected figures.
    calc_args: Vec<String>,
    /// Input cells to change: defined name → the number to store.
    edits: Vec<(String, String)>,
}

impl Case {
    fn plain(name: &str, tariff: &str) -> Case {
        Case {
            name: name.to_string(),
            tariff: root().join(tariff),
            model_args: Vec::new(),
            calc_args: Vec::new(),
            edits: Vec::new(),
        }
    }

    fn edited(name: &str, tariff: &str, edits: &[(&str, &str)], calc_args: &[&str]) -> Case {
        Case {
            edits: edits
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            calc_args: calc_args.iter().map(|s| s.to_string()).collect(),
            ..Case::plain(name, tariff)
        }
    }
}

fn libreoffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A small deterministic generator (SplitMix64), so the random populations
/// are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A population file with every row of `source` (code, name) and random
/// figures: mostly realistic, some tiny, some odd, to reach tier limits and
/// half kronor.
fn random_population(source: &Path, rng: &mut Rng, out: &Path) {
    let text = avgift(["population", "import"])
        .arg(source)
        .arg("--date")
        .arg("2021-12-31")
        .run()
        .ok();
    let mut csv = String::from("code,name,population\n");
    for row in csv_rows(&text) {
        let n = match rng.next() % 4 {
            0 => rng.next() % 100,
            1 => rng.next() % 20_000,
            2 => 2 * (rng.next() % 60_000) + 1,
            _ => rng.next() % 1_000_000,
        };
        csv.push_str(&format!("{},{},{n}\n", row["code"], row["name"]));
    }
    std::fs::write(out, csv).unwrap();
}

/// Copies a workbook without any stored formula result, with `edits` made
/// to the cells their defined names point at.
fn strip(src: &Path, dst: &Path, edits: &[(String, String)]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        parts.push((f.name().to_string(), bytes));
    }
    let text = |name: &str| {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap_or_else(|| panic!("no {name} in {}", src.display()))
    };
    let workbook = text("xl/workbook.xml");
    let rels = text("xl/_rels/workbook.xml.rels");
    let mut edits_by_part: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (name, value) in edits {
        let target = between(
            &workbook,
            &format!("<definedName name=\"{name}\">"),
            "</definedName>",
        )
        .unwrap_or_else(|| panic!("no defined name {name}"));
        let (sheet, cell) = target.split_once('!').unwrap();
        let cell = cell.replace('$', "");
        let rid = between(&workbook, &format!("<sheet name=\"{sheet}\" sheetId=\""), "/>")
            .and_then(|s| between(s, "r:id=\"", "\""))
            .unwrap();
        let file = between(&rels, &format!("Id=\"{rid}\""), "/>")
            .and_then(|s| between(s, "Target=\"", "\""))
            .unwrap();
        edits_by_part
            .entry(format!("xl/{file}"))
            .or_default()
            .push((cell, value.clone()));
    }
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let mut removed = 0;
    for (name, bytes) in parts {
        let mut bytes = bytes;
        if name.starts_with("xl/worksheets/sheet") {
            let mut t = String::from_utf8(bytes).unwrap();
            removed += t.matches("</f><v>").count();
            t = strip_results(&t);
            for (cell, value) in edits_by_part.get(&name).into_iter().flatten() {
                t = set_value(&t, cell, value);
            }
            bytes = t.into_bytes();
        }
        zout.start_file(name, options).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    assert!(
        removed > 0,
        "{}: no stored formula result to remove",
        src.display()
    );
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// The sheet XML without any `<v>` that follows a formula.
fn strip_results(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("</f><v>") {
        out.push_str(&rest[..at + 4]);
        let after = &rest[at + 4..];
        let end = after.find("</v>").unwrap() + 4;
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The sheet XML with the number in `cell` replaced.
fn set_value(xml: &str, cell: &str, value: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let v = start + xml[start..].find("<v>").unwrap() + 3;
    let end = v + xml[v..].find("</v>").unwrap();
    assert!(
        !xml[start..v].contains("<f>"),
        "{cell} is a formula, not an input"
    );
    format!("{}{value}{}", &xml[..v], &xml[end..])
}

/// Converts every workbook in `input` to one CSV per sheet in `output`, in
/// one LibreOffice run with a profile that recalculates on load.
fn recalculate(office: &str, dir: &Path, input: &[PathBuf], output: &Path) {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    let always = |name: &str| {
        format!(
            "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\"><prop oor:name=\"{name}\" oor:op=\"fuse\"><value>0</value></prop></item>"
        )
    };
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n{}\n{}\n</oor:items>\n",
            always("OOXMLRecalcMode"),
            always("ODFRecalcMode")
        ),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(office)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .arg("--convert-to")
        // Comma, quote, UTF-8, from row 1; values as stored (not as shown);
        // every sheet to its own file.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
        .arg("--outdir")
        .arg(output)
        .args(input)
        .output()
        .expect("running LibreOffice");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "model: LibreOffice recalculated {} workbooks in {:.1} s",
        input.len(),
        started.elapsed().as_secs_f64()
    );
}

/// A sheet LibreOffice wrote, as rows of fields (header included).
fn sheet(out: &Path, case: &str, sheet: &str) -> Vec<Vec<String>> {
    let path = out.join(format!("{case}-{sheet}.csv"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn dec(s: &str, what: &str) -> Decimal {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{what}: expected a number, LibreOffice gave {s:?}"))
}

/// Compares every figure of one recalculated workbook with the engine's.
fn compare(case: &Case, out: &Path) -> usize {
    let run = |cmd: &str| {
        avgift([cmd])
            .arg(&case.tariff)
            .args(&case.calc_args)
            .args(["--format", "csv"])
            .run()
            .ok()
    };
    let lines = csv_rows(&run("calc"));
    let notes = csv_rows(&run("notes"));
    let n = &case.name;
    let mut checked = 0;

    // Rader: every line, in order.
    let rader = sheet(out, n, "Rader");
    assert_eq!(rader.len() - 1, lines.len(), "{n}: lines");
    let mut by_party: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut by_activity: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for (i, (row, line)) in rader[1..].iter().zip(&lines).enumerate() {
        assert_eq!(row[4], line["code"], "{n}: line {i} code");
        assert_eq!(row[5], line["party"], "{n}: line {i} party");
        assert_eq!(row[6], line["charge"], "{n}: line {i} charge");
        let amount = dec(&line["amount"], "engine");
        assert_eq!(
            dec(&row[8], n),
            amount,
            "{n}: line {i} ({} {} {})",
            line["activity"],
            line["party"],
            line["charge"]
        );
        checked += 1;
        let a = by_activity.entry(line["activity"].clone()).or_default();
        match line["kind"].as_str() {
            "adjustment" => a.1 += amount,
            "municipality" => {
                a.0 += amount;
                *by_party
                    .entry(("kommun".into(), line["code"].clone()))
                    .or_default() += amount;
            }
            _ => {
                a.0 += amount;
                *by_party
                    .entry(("extern".into(), line["party"].clone()))
                    .or_default() += amount;
            }
        }
    }

    // Per kommun: each party's total, then Avgifter, Justeringar, Netto.
    let parties = sheet(out, n, "Per kommun");
    assert_eq!(parties.len() - 4, by_party.len(), "{n}: parties");
    for row in &parties[1..parties.len() - 3] {
        let key = if row[2] == "kommun" {
            (row[2].clone(), row[0].clone())
        } else {
            (row[2].clone(), row[1].clone())
        };
        assert_eq!(dec(&row[3], n), by_party[&key], "{n}: total of {key:?}");
        checked += 1;
    }
    let charges: Decimal = by_party.values().sum();
    let adjustments: Decimal = by_activity.values().map(|a| a.1).sum();
    for (row, (label, total)) in parties[parties.len() - 3..].iter().zip([
        ("Avgifter", charges),
        ("Justeringar", adjustments),
        ("Netto", charges + adjustments),
    ]) {
        assert_eq!(row[1], label, "{n}");
        assert_eq!(dec(&row[3], n), total, "{n}: {label} per kommun");
        checked += 1;
    }
    checked += matrix_equals_the_lines(&sheet(out, n, "Kommun × verksamhet"), &lines, n);

    // Per verksamhet: invoiced, adjustments, net.
    let activities = sheet(out, n, "Per verksamhet");
    assert_eq!(activities.len() - 2, by_activity.len(), "{n}: activities");
    for row in &activities[1..activities.len() - 1] {
        let (inv, adj) = by_activity[&row[1]];
        assert_eq!(dec(&row[2], n), inv, "{n}: {} invoiced", row[1]);
        assert_eq!(dec(&row[3], n), adj, "{n}: {} adjustments", row[1]);
        assert_eq!(dec(&row[4], n), inv + adj, "{n}: {} net", row[1]);
        checked += 3;
    }

    // Noter: every line of every note, this year and last, in tkr.
    let noter = sheet(out, n, "Noter");
    let noter: Vec<&Vec<String>> = noter[1..]
        .iter()
        .filter(|r| r.iter().any(|f| !f.is_empty()))
        .collect();
    assert_eq!(noter.len(), notes.len(), "{n}: note lines");
    for (row, line) in noter.iter().zip(&notes) {
        assert_eq!(row[1], line["activity"], "{n}: note activity");
        assert_eq!(row[2], line["line"], "{n}: note line");
        assert_eq!(
            dec(&row[6], n),
            dec(&line["tkr"], "engine"),
            "{n}: {} {}",
            line["activity"],
            line["line"]
        );
        if !line["previous_tkr"].is_empty() {
            assert_eq!(
                dec(&row[8], n),
                dec(&line["previous_tkr"], "engine"),
                "{n}: {} {} last year",
                line["activity"],
                line["line"]
            );
        }
        checked += 1;
    }
    checked
}

/// The municipality × activity sheet as LibreOffice recalculated it: each
/// party's cell is the sum of its lines in the activity, each row's total
/// the sum of its lines, each column's Avgifter, Justeringar and Netto and
/// the grand totals those of the lines. Returns the figures compared.
fn matrix_equals_the_lines(m: &[Vec<String>], lines: &[BTreeMap<String, String>], n: &str) -> usize {
    let head = &m[1];
    let activities = &head[3..head.len() - 1];
    assert_eq!(head[head.len() - 1], "Summa", "{n}");
    let mut cells: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut adjustments: BTreeMap<String, Decimal> = BTreeMap::new();
    for l in lines {
        let amount = dec(&l["amount"], "engine");
        match l["kind"].as_str() {
            "adjustment" => *adjustments.entry(l["activity"].clone()).or_default() += amount,
            "municipality" => {
                *cells
                    .entry((l["code"].clone(), l["activity"].clone()))
                    .or_default() += amount
            }
            _ => {
                *cells
                    .entry((l["party"].clone(), l["activity"].clone()))
                    .or_default() += amount
            }
        }
    }
    let mut checked = 0;
    let (mut charges, mut adjusted) = (Decimal::ZERO, Decimal::ZERO);
    let parties = &m[2..m.len() - 3];
    let mut column_charges = vec![Decimal::ZERO; activities.len()];
    for row in parties {
        let who = if row[0].is_empty() {
            row[1].clone()
        } else {
            row[0].clone()
        };
        let mut total = Decimal::ZERO;
        for (j, a) in activities.iter().enumerate() {
            let want = cells.get(&(who.clone(), a.clone())).copied().unwrap_or_default();
            assert_eq!(dec(&row[3 + j], n), want, "{n}: {who} in {a}");
            total += want;
            column_charges[j] += want;
            checked += 1;
        }
        assert_eq!(dec(&row[row.len() - 1], n), total, "{n}: {who}'s total");
        charges += total;
        checked += 1;
    }
    let foot = &m[m.len() - 3..];
    for (j, a) in activities.iter().enumerate() {
        let adj = adjustments.get(a).copied().unwrap_or_default();
        adjusted += adj;
        for (row, want) in foot.iter().zip([column_charges[j], adj, column_charges[j] + adj]) {
            assert_eq!(dec(&row[3 + j], n), want, "{n}: {} of {a}", row[1]);
            checked += 1;
        }
    }
    for (row, (label, want)) in foot.iter().zip([
        ("Avgifter", charges),
        ("Justeringar", adjusted),
        ("Netto", charges + adjusted),
    ]) {
        assert_eq!(row[1], label, "{n}");
        assert_eq!(dec(&row[row.len() - 1], n), want, "{n}: {label} in all");
        checked += 1;
    }
    assert_eq!(
        parties.len() * activities.len() + parties.len() + 3 * activities.len() + 3,
        checked
    );
    checked
}

/// The model's sheets whose every cell is compared.
const MODEL_SHEETS: [&str; 7] = [
    "Indata",
    "Beräkning",
    "Rader",
    "Per kommun",
    "Per verksamhet",
    "Kommun × verksamhet",
    "Noter",
];

/// Every cell a workbook stores in `sheets` (inputs, and each formula's
/// stored result, helper cells included) equals what LibreOffice computed
/// from scratch.
fn stored_results_are_recalculated(made: &Path, out: &Path, case: &str, sheets: &[&str]) -> usize {
    let mut wb: Xlsx<_> = open_workbook(made).expect("the workbook");
    let mut compared = 0;
    for &name in sheets {
        let stored = wb.worksheet_range(name).expect("a sheet");
        let recalculated = sheet(out, case, name);
        assert_eq!(
            recalculated.len(),
            stored.end().map_or(0, |(r, _)| r as usize + 1),
            "{case}: {name}: the rows LibreOffice read"
        );
        for (r, row) in recalculated.iter().enumerate() {
            for (c, field) in row.iter().enumerate() {
                let at = (r as u32, c as u32);
                let same = match stored.get_value(at) {
                    // A percentage comes out as shown: `2.5%`.
                    Some(Data::Float(f)) => {
                        let stored: Decimal = f.to_string().parse().unwrap();
                        match field.strip_suffix('%') {
                            Some(p) => p
                                .parse::<Decimal>()
                                .is_ok_and(|g| g / Decimal::ONE_HUNDRED == stored),
                            None => field.parse::<f64>().is_ok_and(|g| g == *f),
                        }
                    }
                    Some(Data::Int(i)) => field.parse::<f64>().is_ok_and(|g| g == *i as f64),
                    Some(Data::String(s)) => s == field,
                    None | Some(Data::Empty) => field.is_empty(),
                    Some(other) => panic!("{case}: {name} {at:?}: unexpected {other:?}"),
                };
                assert!(
                    same,
                    "{case}: {name} row {} column {}: stored {:?}, LibreOffice {field:?}",
                    r + 1,
                    c + 1,
                    stored.get_value(at)
                );
                compared += 1;
            }
        }
    }
    compared
}

#[test]
fn model_recalculated_by_libreoffice_equals_the_engine() {
    let Some(office) = libreoffice() else {
        eprintln!(
            "SKIPPED model_recalculated_by_libreoffice_equals_the_engine: no LibreOffice (soffice) on PATH; \
             install libreoffice-calc-nogui to check the live workbook against the engine"
        );
        return;
    };
    let dir = scratch("model-libreoffice");
    let mut cases = vec![
        Case::plain("example-2023", "data/sjuharad/2023.toml"),
        Case::plain("example-2024", "data/sjuharad/2024.toml"),
        Case::plain("national", "data/national/tariff.toml"),
        Case::plain("halves", "tests/fixtures/model/halves.toml"),
        // Edited inputs, each against the engine with the same change.
        Case::edited(
            "edit-rate",
            "data/sjuharad/2023.toml",
            &[("avg_dso_rate", "6.8")],
            &["--set", "charges.dso.rate=6.80"],
        ),
        Case::edited(
            "edit-index",
            "data/sjuharad/2023.toml",
            &[("index_avtal", "0.03")],
            &["--set", "indices.avtal=3%"],
        ),
        Case::edited(
            "edit-agreement",
            "data/sjuharad/2023.toml",
            &[("avg_navet_avtal_1490", "6700000.5")],
            &["--set", "charges.navet.amounts.1490=6700000.5"],
        ),
        Case::edited(
            "edit-tier",
            "data/national/tariff.toml",
            &[("avg_trappa_rate_steg1_upp_till", "12345")],
            &["--set", "charges.trappa.rate=[{ up_to = 12345, rate = 30 }, { up_to = 50000, rate = 25 }, { rate = 20 }]"],
        ),
        Case::edited(
            "edit-halves",
            "tests/fixtures/model/halves.toml",
            &[("avg_grupper_rate_b_steg1", "0.75"), ("avg_lika_total", "200.5")],
            &[
                "--set",
                "charges.grupper.rates.b=[{ up_to = 1001, rate = 0.75 }, { rate = 1.25 }]",
                "--set",
                "charges.lika.total=200.5",
            ],
        ),
    ];
    // A population: the same change to the cell and to a copy of the file.
    let population = dir.join("edit-population.csv");
    let original = avgift(["population", "import"])
        .arg(root().join("data/sjuharad/scb-folkmangd-2021-12-31.csv"))
        .args(["--date", "2021-12-31"])
        .run()
        .ok();
    let edited: String = original
        .lines()
        .map(|l| {
            if l.starts_with("1490,") {
                let (head, _) = l.rsplit_once(',').unwrap();
                format!("{head},120001\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert_ne!(edited, original);
    std::fs::write(&population, edited).unwrap();
    cases.push(Case::edited(
        "edit-population",
        "data/sjuharad/2023.toml",
        &[("inv_1490", "120001")],
        &["--population", population.to_str().unwrap()],
    ));
    // 20 random populations with a fixed seed: the example and the
    // half-krona tariff.
    let mut rng = Rng(20_231_231);
    for i in 0..20 {
        let (tariff, source) = if i % 2 == 0 {
            (
                "data/sjuharad/2023.toml",
                "data/sjuharad/scb-folkmangd-2021-12-31.csv",
            )
        } else {
            (
                "tests/fixtures/model/halves.toml",
                "tests/fixtures/model/befolkning.csv",
            )
        };
        let file = dir.join(format!("random-{i}.csv"));
        random_population(&root().join(source), &mut rng, &file);
        let args = vec!["--population".to_string(), file.to_str().unwrap().to_string()];
        cases.push(Case {
            model_args: args.clone(),
            calc_args: args,
            ..Case::plain(&format!("random-{i}"), tariff)
        });
    }

    let input = dir.join("in");
    let output = dir.join("out");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&output).unwrap();
    let mut stripped = Vec::new();
    for c in &cases {
        let made = dir.join(format!("{}.model.xlsx", c.name));
        avgift(["model"])
            .arg(&c.tariff)
            .args(&c.model_args)
            .arg("-o")
            .arg(&made)
            .run()
            .ok();
        let to = input.join(format!("{}.xlsx", c.name));
        strip(&made, &to, &c.edits);
        stripped.push(to);
    }
    // `calc`'s workbook in the same run: its `Rader` rows are written
    // straight into the saved file (src/write/xlsx_rows.rs), and LibreOffice
    // must read them as stored and sum them to the totals' stored results.
    let calc_books = [
        ("calc-example", "data/sjuharad/2023.toml"),
        ("calc-national", "data/national/tariff.toml"),
    ];
    for (name, tariff) in calc_books {
        let made = dir.join(format!("{name}.made.xlsx"));
        avgift(["calc"])
            .arg(root().join(tariff))
            .arg("-o")
            .arg(&made)
            .run()
            .ok();
        let to = input.join(format!("{name}.xlsx"));
        strip(&made, &to, &[]);
        stripped.push(to);
    }
    recalculate(office, &dir, &stripped, &output);
    let mut checked = 0;
    let mut cells = 0;
    for c in &cases {
        checked += compare(c, &output);
        if c.edits.is_empty() && c.model_args == c.calc_args {
            cells += stored_results_are_recalculated(
                &dir.join(format!("{}.model.xlsx", c.name)),
                &output,
                &c.name,
                &MODEL_SHEETS,
            );
        }
    }
    let mut calc_cells = 0;
    for (name, tariff) in calc_books {
        let made = dir.join(format!("{name}.made.xlsx"));
        let sheets = ["Rader", "Per kommun", "Per verksamhet", "Kommun × verksamhet"];
        calc_cells += stored_results_are_recalculated(&made, &output, name, &sheets);
        // The matrix's cells and totals, as LibreOffice recomputed them,
        // are those of calc's lines.
        let lines = csv_rows(
            &avgift(["calc"])
                .arg(root().join(tariff))
                .args(["--format", "csv"])
                .run()
                .ok(),
        );
        checked += matrix_equals_the_lines(&sheet(&output, name, "Kommun × verksamhet"), &lines, name);
    }
    eprintln!("model: {cells} stored cells equal LibreOffice's recalculation");
    eprintln!("calc: {calc_cells} cells of 2 workbooks equal LibreOffice's reading and recalculation");
    eprintln!(
        "model: {checked} figures of {} workbooks equal the engine's",
        cases.len()
    );
}

#[test]
fn model_refuses_what_it_cannot_compute_exactly() {
    // A fixed part so large that whole öre pass 2·10^14.
    let run = avgift([
        "model",
        "data/sjuharad/2023.toml",
        "--set",
        "charges.dso.fixed=10000000000000",
        "-o",
    ])
    .arg(scratch("model-refuses").join("m.xlsx"))
    .run();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("charges.dso: cannot be modelled exactly"),
        "{}",
        run.stderr
    );
}

#[test]
fn model_names_every_input_and_stores_the_engines_results() {
    let dir = scratch("model-names");
    let file = dir.join("m.xlsx");
    avgift(["model", "data/sjuharad/2023.toml", "-o"])
        .arg(&file)
        .run()
        .ok();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut workbook = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    for name in [
        "index_avtal",
        "inv_1490",
        "avg_dso_rate",
        "avg_dso_fixed",
        "avg_vo_total",
        "avg_navet_avtal_1490",
        "avg_mc_fjol_1490",
        "justering_1",
    ] {
        assert!(
            workbook.contains(&format!("<definedName name=\"{name}\">")),
            "no name {name}"
        );
    }
    let sheets: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(
        sheets,
        [
            "Underlag",
            "Indata",
            "Beräkning",
            "Rader",
            "Per kommun",
            "Per verksamhet",
            "Kommun × verksamhet",
            "Noter"
        ]
    );
}

#[test]
fn verify_replays_the_model() {
    let dir = scratch("model-verify");
    let file = dir.join("modell.xlsx");
    avgift(["model", "data/sjuharad/2023.toml", "-o"])
        .arg(&file)
        .run()
        .ok();
    let ok = avgift(["verify"]).arg(&file).run();
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    // The same recipe with the stored results removed no longer matches.
    let stripped = dir.join("stripped.xlsx");
    strip(&file, &stripped, &[]);
    std::fs::copy(&stripped, &file).unwrap();
    let changed = avgift(["verify"]).arg(&file).run();
    assert_ne!(changed.code, Some(0), "a changed model passed verify");
}
