//! Letters to the members, read back by an independent engine: poppler's
//! `pdftotext` gives each letter's text, and every figure in it is held to
//! what `calc`, `compare` and `plan` give on their own: each activity's
//! fee per year, the change and its per cent, every effect of the change
//! (which must add up to it), each fee's basis as the invoice prints it,
//! and the association's totals. `pdftoppm` renders a page, which must
//! look like one. Without poppler the tests say `SKIPPED:`; with
//! `AVGIFT_REQUIRE_POPPLER` set (by `.ci/run` where it found or installed
//! poppler) a missing one fails instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;

use crate::support::{avgift, csv_rows, root, scratch};

const TARIFF: &str = "data/sjuharad/2023.toml";
const PLAN: &str = "data/sjuharad/plan-2024-2026.toml";
const ACTUALS: &str = "data/sjuharad/actuals/2022.csv";

/// The environment variable that makes a missing poppler a failure.
const REQUIRE_POPPLER: &str = "AVGIFT_REQUIRE_POPPLER";

/// Whether poppler's tools run, or why a test skips (saying so loudly).
pub(crate) fn poppler_or_skip(what: &str) -> bool {
    let runs = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if runs("pdftotext") && runs("pdftoppm") {
        return true;
    }
    let missing = "no pdftotext and pdftoppm (poppler-utils) on PATH";
    assert!(
        std::env::var_os(REQUIRE_POPPLER).is_none(),
        "{what}: {missing}, and {REQUIRE_POPPLER} is set"
    );
    eprintln!("SKIPPED: {what}: {missing}; the test passes without checking anything");
    false
}

/// A PDF's text as `pdftotext -layout` gives it.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext");
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// A line's cells: what stands between runs of two or more spaces.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0;
    for c in line.trim().chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 && !cell.is_empty() {
            out.push(std::mem::take(&mut cell));
        } else if spaces == 1 {
            cell.push(' ');
        }
        spaces = 0;
        cell.push(c);
    }
    if !cell.is_empty() {
        out.push(cell);
    }
    out
}

/// Whole kronor as the letters write them: `2 716 000`, `-342 000`.
fn sv_int(d: Decimal) -> String {
    let d = d.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let digits = d.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if d.is_sign_negative() && !d.is_zero() {
        format!("-{out}")
    } else {
        out
    }
}

/// A change with its sign: `+1 548`, `-1`, `0`.
fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", sv_int(d))
    } else {
        sv_int(d)
    }
}

/// A per cent to one decimal with its sign, from `compare`'s two decimals.
fn pct(p: &str) -> String {
    if p.is_empty() {
        return "–".to_string();
    }
    let p: Decimal = p.parse().unwrap();
    let one = p.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{one:.1}").replace('.', ",");
    if one > Decimal::ZERO {
        format!("+{text} %")
    } else {
        format!("{text} %")
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|_| panic!("a number: {s:?}"))
}

/// Kronor in a letter's text: `+1 548 kr`, `-342 000`.
fn kr(s: &str) -> Decimal {
    let t: String = s
        .trim()
        .trim_end_matches("kr")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    dec(t.trim_start_matches('+'))
}

/// Amounts per (who, activity name): a municipality by code, a payer by name.
type Amounts = BTreeMap<(String, String), Decimal>;

fn amounts<'a>(rows: impl Iterator<Item = &'a BTreeMap<String, String>>) -> Amounts {
    let mut out = Amounts::new();
    for r in rows {
        let who = match r["kind"].as_str() {
            "municipality" => r["code"].clone(),
            "external" => r["party"].clone(),
            _ => continue,
        };
        *out.entry((who, r["activity"].clone())).or_default() += dec(&r["amount"]);
    }
    out
}

fn run_csv(args: &[&str]) -> Vec<BTreeMap<String, String>> {
    csv_rows(&avgift(args).args(["--format", "csv"]).run().ok())
}

/// The three totals of lines: (charges, adjustments, net).
fn totals<'a>(rows: impl Iterator<Item = &'a BTreeMap<String, String>>) -> [Decimal; 3] {
    let (mut c, mut a) = (Decimal::ZERO, Decimal::ZERO);
    for r in rows {
        match r["kind"].as_str() {
            "adjustment" => a += dec(&r["amount"]),
            "total" => {}
            _ => c += dec(&r["amount"]),
        }
    }
    [c, a, c + a]
}

/// What one run of letters must say: the columns' heads and per column
/// the lines; the change explained is compare's rows from `from` to `to`.
struct Expected {
    heads: Vec<&'static str>,
    columns: Vec<Vec<BTreeMap<String, String>>>,
    compare: Vec<BTreeMap<String, String>>,
    /// The basis year's lines (with their basis texts).
    basis: Vec<BTreeMap<String, String>>,
    from: usize,
    to: usize,
    heading: &'static str,
    /// Each later plan year (`2024–2025`) and compare's rows per
    /// municipality from the year before to it.
    steps: Vec<(&'static str, Vec<BTreeMap<String, String>>)>,
}

/// Every letter in `dir`, each figure against `e`; returns the figures checked.
fn check_letters(dir: &Path, e: &Expected, year: i32) -> usize {
    let per_column: Vec<Amounts> = e.columns.iter().map(|c| amounts(c.iter())).collect();
    let compare: BTreeMap<(String, String), &BTreeMap<String, String>> = e
        .compare
        .iter()
        .map(|r| {
            let who = if r["code"].is_empty() {
                r["party"].clone()
            } else {
                r["code"].clone()
            };
            ((who, r["activity"].clone()), r)
        })
        .collect();
    let parties: Vec<String> = per_column[e.to]
        .keys()
        .map(|(w, _)| w.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut checked = 0;
    for code in &parties {
        let file = dir.join(format!("brev-{year}-{code}.pdf"));
        let text = pdf_text(&file);
        let lines: Vec<&str> = text.lines().collect();
        assert!(text.contains(e.heading), "{code}: {text}");
        // The fees per activity and year, and the change.
        let mut activities: Vec<&String> = per_column
            .iter()
            .flat_map(|a| a.keys().filter(|(w, _)| w == code).map(|(_, act)| act))
            .collect();
        activities.sort();
        activities.dedup();
        let mut total = vec![Decimal::ZERO; e.columns.len()];
        for act in &activities {
            let row: Vec<Decimal> = per_column
                .iter()
                .map(|a| {
                    a.get(&(code.clone(), act.to_string()))
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            if row.iter().all(|a| a.is_zero()) {
                continue;
            }
            for (t, a) in total.iter_mut().zip(&row) {
                *t += a;
            }
            let c = compare[&(code.clone(), act.to_string())];
            assert_eq!(
                dec(&c["a"]),
                row[e.from],
                "{code} {act}: compare's A is the letter's"
            );
            assert_eq!(
                dec(&c["b"]),
                row[e.to],
                "{code} {act}: compare's B is the letter's"
            );
            let mut want: Vec<String> = row.iter().map(|a| sv_int(*a)).collect();
            want.push(signed(dec(&c["delta"])));
            want.push(pct(&c["delta_pct"]));
            let first_word = act.split(' ').next().unwrap();
            let found = lines.iter().any(|l| {
                let cs = cells(l);
                cs.len() > want.len()
                    && cs[cs.len() - want.len()..] == want[..]
                    && cs[0].starts_with(first_word)
            });
            assert!(found, "{code}: no row {act} {want:?} in:\n{text}");
            checked += want.len();
        }
        // The total row and the sentence that says it.
        let mut want: Vec<String> = total.iter().map(|a| sv_int(*a)).collect();
        want.push(signed(total[e.to] - total[e.from]));
        assert!(
            lines.iter().any(|l| {
                let cs = cells(l);
                cs.first().is_some_and(|c| c == "Avgifter") && cs[1..=want.len()] == want[..]
            }),
            "{code}: no Avgifter row {want:?}"
        );
        assert!(
            text.contains(&format!(
                "betalar {} kr {}",
                sv_int(total[e.to]),
                e.heads[e.to].split(' ').next().unwrap()
            )),
            "{code}: the sentence"
        );
        checked += want.len() + 1;
        // The change explained, then the plan years explained.
        let split = lines
            .iter()
            .position(|l| l.trim() == "Planåren förklarade")
            .unwrap_or(lines.len());
        assert_eq!(
            split == lines.len(),
            e.steps.is_empty(),
            "{code}: Planåren förklarade"
        );
        checked += effects_add_up(code, &lines[..split], &compare, total[e.to] - total[e.from]);
        checked += plan_years_add_up(code, &lines[split..], &e.steps);
        checked += basis_as_invoiced(code, &lines, &e.basis);
        checked += association(code, &lines, e);
    }
    checked
}

/// The change explained: each activity's line `Name: +X kr (…)` and the
/// effects under it, each equal to compare's and adding up to `X`; the
/// activities add up to `Sammanlagt`, the letter's change.
fn effects_add_up(
    code: &str,
    lines: &[&str],
    compare: &BTreeMap<(String, String), &BTreeMap<String, String>>,
    change: Decimal,
) -> usize {
    let effect_of = |words: &str| -> &'static str {
        match words {
            w if w.starts_with("Befolkningen") || w == "Ändrad befolkning" => "population_effect",
            "Ändrad avgift per invånare" => "rate_effect",
            "Ny i verksamheten" | "Lämnar verksamheten" | "Ändrat deltagande i avgifterna" => {
                "participation_effect"
            }
            w if w.starts_with("Indexuppräkning") => "index_effect",
            "Föregående års belopp uppräknat" => "previous_effect",
            "Justeringar" => "adjustment_effect",
            "Andel av fördelat belopp och avrundning" => "apportionment_effect",
            _ => "other_effect",
        }
    };
    let mut checked = 0;
    let mut current: Option<(String, Decimal, Decimal)> = None;
    let mut sum_of_activities = Decimal::ZERO;
    let close = |current: &mut Option<(String, Decimal, Decimal)>| {
        if let Some((act, delta, effects)) = current.take() {
            assert_eq!(effects, delta, "{code} {act}: the effects add up to the change");
        }
    };
    let mut said_total = None;
    for line in lines.iter().map(|l| l.trim()) {
        if let Some(effect) = line.strip_prefix("– ") {
            let (words, amount) = effect.rsplit_once(": ").expect("words: amount");
            let (act, _, sum) = current
                .as_mut()
                .unwrap_or_else(|| panic!("{code}: an effect outside an activity: {line}"));
            let amount = kr(amount);
            let c = compare[&(code.to_string(), act.clone())];
            assert_eq!(amount, dec(&c[effect_of(words)]), "{code} {act}: {words}");
            *sum += amount;
            checked += 1;
        } else if let Some(rest) = line.strip_prefix("Sammanlagt ") {
            close(&mut current);
            said_total = Some(kr(rest.split(" kr").next().unwrap()));
        } else if let Some((act, rest)) = line.split_once(": ") {
            if let Some(amount) = rest
                .strip_suffix(')')
                .and_then(|r| r.split_once(" kr ("))
                .map(|(a, _)| a)
            {
                if compare.contains_key(&(code.to_string(), act.to_string())) {
                    close(&mut current);
                    let delta = kr(amount);
                    assert_eq!(
                        delta,
                        dec(&compare[&(code.to_string(), act.to_string())]["delta"]),
                        "{code} {act}"
                    );
                    sum_of_activities += delta;
                    current = Some((act.to_string(), delta, Decimal::ZERO));
                    checked += 1;
                }
            }
        }
    }
    close(&mut current);
    assert_eq!(said_total, Some(change), "{code}: Sammanlagt is the change");
    assert_eq!(
        sum_of_activities, change,
        "{code}: the activities add up to the change"
    );
    checked + 1
}

/// `Planåren förklarade`: each later plan year's change (`2024–2025: +X
/// kr`) and its effects, each equal to compare's per municipality and
/// adding up to `X`.
fn plan_years_add_up(code: &str, lines: &[&str], steps: &[(&str, Vec<BTreeMap<String, String>>)]) -> usize {
    let mut checked = 0;
    for (years, rows) in steps {
        let r = rows
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code}: no compare row for {years}"));
        let at = lines
            .iter()
            .position(|l| l.trim().starts_with(&format!("{years}: ")))
            .unwrap_or_else(|| panic!("{code}: no {years}"));
        let head = lines[at].trim();
        let delta = kr(head[years.len() + 2..].split(" kr").next().unwrap());
        assert_eq!(delta, dec(&r["delta"]), "{code} {years}");
        let mut sum = Decimal::ZERO;
        // Its effects, up to the next year or section; a page's footer
        // and the next page's header may stand between them.
        let ends = |l: &str| {
            l.chars().take(4).all(|c| c.is_ascii_digit()) && l.contains(": ")
                || l.starts_with("Underlag ")
                || l.starts_with("Förbundet totalt")
        };
        for line in lines[at + 1..]
            .iter()
            .map(|l| l.trim())
            .take_while(|l| !ends(l))
            .filter(|l| l.starts_with("– "))
        {
            let (words, amount) = line[4..].rsplit_once(": ").expect("words: amount");
            let column = match words {
                w if w.starts_with("Befolkningen") || w == "Ändrad befolkning" => "population_effect",
                "Ändrad avgift per invånare" => "rate_effect",
                w if w.starts_with("Indexuppräkning") => "index_effect",
                "Föregående års belopp uppräknat" => "previous_effect",
                "Andel av fördelat belopp och avrundning" => "apportionment_effect",
                "Övrigt" => "other_effect",
                w => match w {
                    "Ny i verksamheten" | "Lämnar verksamheten" | "Ändrat deltagande i avgifterna" => {
                        "participation_effect"
                    }
                    _ => panic!("{code} {years}: {w:?}"),
                },
            };
            assert_eq!(kr(amount), dec(&r[column]), "{code} {years}: {words}");
            sum += kr(amount);
            checked += 1;
        }
        assert_eq!(sum, delta, "{code} {years}: the effects add up to the change");
        checked += 1;
    }
    checked
}

/// Each line of the basis year as the invoice prints it: its amount, and
/// the first line of its basis text, on one row.
fn basis_as_invoiced(code: &str, lines: &[&str], basis: &[BTreeMap<String, String>]) -> usize {
    let mut checked = 0;
    for b in basis
        .iter()
        .filter(|b| b["kind"] == "municipality" && b["code"] == code)
    {
        let amount = format!("{} kr", sv_int(dec(&b["amount"])));
        let want = b["basis"].split_whitespace().collect::<Vec<_>>().join(" ");
        let found = lines.iter().any(|l| {
            let cs = cells(l);
            cs.len() >= 3 && cs[cs.len() - 1] == amount && want.starts_with(&cs[cs.len() - 2])
        });
        assert!(found, "{code}: no basis row {want:?} {amount}");
        checked += 1;
    }
    checked
}

/// `Förbundet totalt, kr`: Avgifter, Justeringar and Netto per column,
/// the lines' totals.
fn association(code: &str, lines: &[&str], e: &Expected) -> usize {
    let at = lines
        .iter()
        .position(|l| l.trim() == "Förbundet totalt, kr")
        .unwrap_or_else(|| panic!("{code}: no Förbundet totalt"));
    let per_column: Vec<[Decimal; 3]> = e.columns.iter().map(|c| totals(c.iter())).collect();
    for (k, label) in ["Avgifter", "Justeringar", "Netto"].iter().enumerate() {
        let want: Vec<String> = per_column.iter().map(|t| sv_int(t[k])).collect();
        let found = lines[at..].iter().any(|l| {
            let cs = cells(l);
            cs.first().is_some_and(|c| c == label) && cs[1..] == want[..]
        });
        assert!(found, "{code}: Förbundet totalt {label} {want:?}");
    }
    3 * e.columns.len()
}

#[test]
fn every_figure_of_every_letter_is_calcs_compares_and_plans_or_says_skipped() {
    if !poppler_or_skip("the letters' figures") {
        return;
    }
    let dir = scratch("letters-figures");
    let actuals = csv_rows(&std::fs::read_to_string(root().join(ACTUALS)).unwrap());
    let calc_2023 = run_csv(&["calc", TARIFF]);

    // A tariff's letters: last year's actuals and the tariff's year.
    let tariff_letters = dir.join("brev-2023");
    avgift(["letters", TARIFF, "-o"]).arg(&tariff_letters).run().ok();
    let e = Expected {
        heads: vec!["2022 utfall", "2023 avgift"],
        columns: vec![actuals.clone(), calc_2023.clone()],
        compare: run_csv(&["compare", ACTUALS, TARIFF]),
        basis: calc_2023.clone(),
        from: 0,
        to: 1,
        heading: "Medlemsavgift 2023",
        steps: Vec::new(),
    };
    let checked = check_letters(&tariff_letters, &e, 2023);

    // A plan's: last year's actuals, this year's fees, the budget year
    // and the plan years; the change explained is this year's to the
    // budget year's, as compare gives it from the tariff the plan writes.
    let plan_letters = dir.join("brev-2024");
    avgift(["letters", PLAN, "-o"]).arg(&plan_letters).run().ok();
    let tariffs = dir.join("tariffs");
    let plan = run_csv(&["plan", PLAN, "--write-tariffs", tariffs.to_str().unwrap()]);
    let year = |y: &str| -> Vec<BTreeMap<String, String>> {
        plan.iter()
            .filter(|r| r["scenario"] == "base" && r["year"] == y)
            .cloned()
            .collect()
    };
    let e = Expected {
        heads: vec![
            "2022 utfall",
            "2023 budget",
            "2024 förslag",
            "2025 plan",
            "2026 plan",
        ],
        columns: vec![actuals, calc_2023, year("2024"), year("2025"), year("2026")],
        compare: run_csv(&[
            "compare",
            TARIFF,
            tariffs.join("base-2024.toml").to_str().unwrap(),
        ]),
        basis: year("2024"),
        from: 1,
        to: 2,
        heading: "Medlemsavgift 2024 och plan 2025–2026",
        steps: [
            ("2024–2025", "base-2024.toml", "base-2025.toml"),
            ("2025–2026", "base-2025.toml", "base-2026.toml"),
        ]
        .into_iter()
        .map(|(years, a, b)| {
            let (a, b) = (tariffs.join(a), tariffs.join(b));
            let rows = run_csv(&[
                "compare",
                a.to_str().unwrap(),
                b.to_str().unwrap(),
                "--by",
                "municipality",
            ]);
            (years, rows)
        })
        .collect(),
    };
    let checked = checked + check_letters(&plan_letters, &e, 2024);
    let text = pdf_text(&plan_letters.join("brev-2024-1490.pdf"));
    assert!(
        text.contains("Förslag till medlemsavgifter för budget 2024"),
        "the plan's own text"
    );
    assert!(!text.contains("Med ändringar"), "the base plan is no what-if");
    eprintln!("letters: {checked} figures of 18 letters equal calc's, compare's and plan's");
    assert!(checked > 1000, "{checked}");
}

#[test]
fn one_letter_per_member_and_one_of_all_or_says_skipped() {
    if !poppler_or_skip("the letters' files") {
        return;
    }
    let dir = scratch("letters-files");
    let out = avgift(["letters", PLAN, "-o"]).arg(&dir).args(["--payers"]).run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains("11 letters: wrote 12 files to"),
        "{}",
        out.stderr
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    let members = [
        "1383", "1442", "1443", "1452", "1463", "1465", "1466", "1490", "1491",
    ];
    let mut want: Vec<String> = members.iter().map(|c| format!("brev-2024-{c}.pdf")).collect();
    want.extend(
        [
            "brev-2024-hsnk.pdf",
            "brev-2024-sas_narhalsan.pdf",
            "brev-2024.pdf",
            "avgift-manifest.json",
        ]
        .map(String::from),
    );
    want.sort();
    assert_eq!(names, want);
    // The file of all holds every letter's pages, in order.
    let pages = |p: &Path| lopdf::Document::load(p).unwrap().get_pages().len();
    let each: usize = names
        .iter()
        .filter(|n| n.starts_with("brev-2024-"))
        .map(|n| pages(&dir.join(n)))
        .sum();
    assert_eq!(pages(&dir.join("brev-2024.pdf")), each);
    let all = pdf_text(&dir.join("brev-2024.pdf"));
    let order: Vec<usize> = ["Bollebygd", "Borås", "Herrljunga", "Vårgårda", "HSNK"]
        .iter()
        .map(|n| all.find(&format!("{n} betalar")).unwrap_or_else(|| panic!("{n}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // A scenario is marked as a what-if, in the names people read.
    let scenario = dir.join("dso5");
    avgift(["letters", PLAN, "-o"])
        .arg(&scenario)
        .args(["--scenario", "dso5"])
        .run()
        .ok();
    let text = pdf_text(&scenario.join("brev-2024-dso5-1490.pdf"));
    for mark in [
        "Scenario “DSO +5 % från 2025”: ett tänkt alternativ, inte beslutad taxa.",
        "Med ändringar: Dataskyddsombud: 7,20 kr per invånare (från 2025)",
    ] {
        assert!(text.contains(mark), "{mark}: {text}");
    }
    // And a tariff's --set.
    let set = dir.join("set");
    avgift(["letters", TARIFF, "-o"])
        .arg(&set)
        .args(["--set", "charges.dso.rate=6.80"])
        .run()
        .ok();
    let text = pdf_text(&set.join("brev-2023-1490.pdf"));
    assert!(
        text.contains("Med ändringar: Dataskyddsombud: 6,80 kr per invånare"),
        "{text}"
    );
    assert!(text.contains("114 091 inv × 6,80 kr + 135 000 kr"), "{text}");
}

#[test]
fn a_letter_renders_as_a_page_or_says_skipped() {
    if !poppler_or_skip("the letter's rendering") {
        return;
    }
    let dir = scratch("letters-render");
    avgift(["letters", PLAN, "-o"]).arg(&dir).run().ok();
    let prefix = dir.join("page");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(dir.join("brev-2024-1490.pdf"))
        .arg(&prefix)
        .output()
        .expect("running pdftoppm");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let png: PathBuf = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a page");
    let (w, h, pixels) = crate::report::decode_png(&png);
    // A4 at 50 dpi: 210 × 297 mm, to the pixel poppler rounds to.
    assert!((413..=414).contains(&w) && h == 585, "{w} × {h}");
    let ink = pixels.iter().filter(|p| p.iter().all(|c| *c < 160)).count();
    let coloured = pixels
        .iter()
        .filter(|p| p.iter().max().unwrap() - p.iter().min().unwrap() > 60)
        .count();
    let all = pixels.len();
    assert!(
        ink * 100 > all,
        "text and bars are drawn: {ink} of {all} pixels dark"
    );
    assert!(ink * 4 < all, "a page, not a blot: {ink} of {all} pixels dark");
    assert!(
        coloured > 2_000,
        "the heading and the bars are coloured: {coloured}"
    );
}
