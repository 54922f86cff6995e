//! What people read, across every output the example makes:
//!
//! - one meaning of "total": `calc`, `notes`, `compare`, the report, the
//!   plan and the letters give the example's 2023 and 2024 the same
//!   `Avgifter`, `Justeringar` and `Netto`, label by label;
//! - documents speak to people: no tariff key (`charges.…`) and no amount
//!   in kronor with a single decimal (`6,8 kr` where the tariff says 6.80)
//!   in any HTML page, PDF text (as poppler extracts it) or workbook
//!   string, what-ifs included.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::letters::{pdf_text, poppler_or_skip};
use crate::support::{avgift, scratch};

const T2023: &str = "data/sjuharad/2023.toml";
const T2024: &str = "data/sjuharad/2024.toml";
const PLAN: &str = "data/sjuharad/plan-2024-2026.toml";
const LABELS: [&str; 3] = ["Avgifter", "Justeringar", "Netto"];

/// A text line's cells: what stands between runs of two or more spaces.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Kronor as a table writes them: `38 475 067`, `-4 596 000`, `+423 997`.
fn kr(s: &str) -> Decimal {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.trim_end_matches("kr")
        .trim_start_matches('+')
        .parse()
        .unwrap_or_else(|_| panic!("kronor: {s:?}"))
}

/// The three totals in a text after the line `after`: for each label, the
/// first line that starts with it, its `column`-th figure.
fn text_totals(text: &str, after: &str, column: usize) -> [Decimal; 3] {
    let at = text
        .lines()
        .position(|l| l.trim() == after || l.trim_start().starts_with(after))
        .unwrap_or_else(|| panic!("no {after:?} in:\n{text}"));
    LABELS.map(|label| {
        let row = text
            .lines()
            .skip(at)
            .map(cells)
            .find(|c| c.first().is_some_and(|c| c == label))
            .unwrap_or_else(|| panic!("no {label} after {after:?}"));
        kr(&row[1 + column])
    })
}

/// The three totals in the foot of an HTML page's first table that has
/// them: the `column`-th figure of each row.
fn html_totals(html: &str, column: usize) -> [Decimal; 3] {
    LABELS.map(|label| {
        let start = html
            .find(&format!("<tr><td>{label}</td>"))
            .unwrap_or_else(|| panic!("no {label} row"));
        let row = &html[start..start + html[start..].find("</tr>").unwrap()];
        let figures: Vec<&str> = row
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap())
            .collect();
        kr(figures[column])
    })
}

fn table(args: &[&str]) -> String {
    avgift(args).args(["--format", "table"]).run().ok()
}

fn written(args: &[&str], out: &Path) -> PathBuf {
    avgift(args).arg("-o").arg(out).run().ok();
    out.to_path_buf()
}

#[test]
fn every_output_gives_2023_and_2024_the_same_totals_or_says_skipped() {
    let dir = scratch("one-total");
    // (what, year) → the three totals it gives.
    let mut seen: Vec<(String, i32, [Decimal; 3])> = Vec::new();
    let mut see = |what: &str, year: i32, t: [Decimal; 3]| seen.push((what.to_string(), year, t));
    for (t, year) in [(T2023, 2023), (T2024, 2024)] {
        see("calc", year, text_totals(&table(&["calc", t]), "Per kommun", 0));
        let notes = table(&["notes", t]);
        see("notes", year, text_totals(&notes, "Alla noter, kr", 0));
        let page =
            std::fs::read_to_string(written(&["report", t], &dir.join(format!("r{year}.html")))).unwrap();
        see("report", year, html_totals(&page, 0));
        if year == 2024 {
            // Last year's column: 2023 as 2024's previous-year file has it.
            see("notes, last year", 2023, text_totals(&notes, "Alla noter, kr", 1));
            see("report, last year", 2023, html_totals(&page, 1));
        }
    }
    let compare = table(&["compare", T2023, T2024]);
    see("compare A", 2023, text_totals(&compare, "Jämförelse", 0));
    see("compare B", 2024, text_totals(&compare, "Jämförelse", 1));
    // The plan: last year's actuals, 2023 (budget), ± fg år, 2024, …
    let plan = table(&["plan", PLAN]);
    see("plan", 2023, text_totals(&plan, "Basplan", 1));
    see("plan", 2024, text_totals(&plan, "Basplan", 3));
    if poppler_or_skip("the letters' totals") {
        let letters = written(&["letters", PLAN], &dir.join("brev"));
        let text = pdf_text(&letters.join("brev-2024-1490.pdf"));
        see(
            "plan's letter",
            2023,
            text_totals(&text, "Förbundet totalt, kr", 1),
        );
        see(
            "plan's letter",
            2024,
            text_totals(&text, "Förbundet totalt, kr", 2),
        );
        let letters = written(&["letters", T2023], &dir.join("brev-2023"));
        let text = pdf_text(&letters.join("brev-2023-1443.pdf"));
        see(
            "tariff's letter",
            2023,
            text_totals(&text, "Förbundet totalt, kr", 1),
        );
    }
    for year in [2023, 2024] {
        for (k, label) in LABELS.iter().enumerate() {
            let values: BTreeMap<String, Decimal> = seen
                .iter()
                .filter(|(_, y, _)| *y == year)
                .map(|(what, _, t)| (what.clone(), t[k]))
                .collect();
            let distinct: BTreeSet<&Decimal> = values.values().collect();
            assert_eq!(distinct.len(), 1, "{year} {label}: {values:#?}");
        }
    }
    let of = |what: &str, year: i32| seen.iter().find(|s| s.0 == what && s.1 == year).unwrap().2;
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(of("calc", 2023), [d("38475067"), d("-4596000"), d("33879067")]);
    assert_eq!(of("calc", 2024), [d("38899064"), d("0"), d("38899064")]);
    assert!(seen.len() >= 13, "{} outputs compared", seen.len());
}

/// Every text of a workbook people read: its cells' strings, its sheets'
/// names and its title (not its recipe, which `verify` reads).
fn workbook_texts(path: &Path) -> Vec<String> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = book.sheet_names().to_vec();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for c in range.used_cells() {
            if let Data::String(s) = c.2 {
                out.push(s.clone());
            }
        }
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    out.push(core);
    out
}

/// An HTML page without its comments (the recipe `verify` reads is one).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("-->").map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// Kronor written with one decimal: `6,8 kr` (`12,5 kr`), where two are due.
fn one_decimal_kronor(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 2..chars.len().saturating_sub(3) {
        let unit = chars[i + 1] == ' ' && chars[i + 2] == 'k' && chars[i + 3] == 'r';
        if unit && chars[i].is_ascii_digit() && chars[i - 1] == ',' && chars[i - 2].is_ascii_digit() {
            let from = i.saturating_sub(12);
            out.push(chars[from..i + 4].iter().collect());
        }
    }
    out
}

#[test]
fn no_tariff_key_and_no_one_decimal_rate_in_any_document_or_says_skipped() {
    let dir = scratch("speak-to-people");
    let set = ["--set", "charges.dso.rate=6.80"];
    let mut texts: Vec<(String, String)> = Vec::new();
    // HTML pages: the report of both years, a what-if, the plan's page.
    for (name, args) in [
        ("r2023.html", vec!["report", T2023]),
        ("r2024.html", vec!["report", T2024]),
        ("r-set.html", [&["report", T2023][..], &set].concat()),
        ("plan.html", vec!["plan", PLAN]),
    ] {
        let page = std::fs::read_to_string(written(&args, &dir.join(name))).unwrap();
        texts.push((name.to_string(), without_comments(&page)));
    }
    // Workbooks: calc, notes, compare, the plan and the model, what-ifs too.
    for (name, args) in [
        ("calc.xlsx", vec!["calc", T2023]),
        ("calc-set.xlsx", [&["calc", T2023][..], &set].concat()),
        ("notes.xlsx", [&["notes", T2023][..], &set].concat()),
        ("compare.xlsx", [&["compare", T2023, T2024][..], &set].concat()),
        ("plan.xlsx", vec!["plan", PLAN]),
        ("model.xlsx", vec!["model", T2023]),
        ("model-set.xlsx", [&["model", T2023][..], &set].concat()),
    ] {
        for t in workbook_texts(&written(&args, &dir.join(name))) {
            texts.push((name.to_string(), t));
        }
    }
    // PDFs as poppler reads them: letters (a what-if and every scenario's)
    // and invoices (a what-if's too).
    if poppler_or_skip("the documents' PDF text") {
        let mut folders = Vec::new();
        for (name, args) in [
            ("brev-2023", [&["letters", T2023, "--payers"][..], &set].concat()),
            ("brev-plan", vec!["letters", PLAN, "--payers"]),
            ("brev-dso5", vec!["letters", PLAN, "--scenario", "dso5"]),
            (
                "brev-herrljunga",
                vec!["letters", PLAN, "--scenario", "herrljunga"],
            ),
            (
                "fakturor",
                [&["invoice", T2023, "--date", "2023-01-16"][..], &set].concat(),
            ),
        ] {
            folders.push(written(&args, &dir.join(name)));
        }
        for folder in folders {
            for e in std::fs::read_dir(&folder).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "pdf") {
                    texts.push((p.display().to_string(), pdf_text(&p)));
                }
            }
        }
    }
    let mut found = Vec::new();
    for (what, text) in &texts {
        if let Some(at) = text.find("charges.") {
            found.push(format!(
                "{what}: {:?}",
                &text[at.saturating_sub(40)..(at + 40).min(text.len())]
            ));
        }
        for hit in one_decimal_kronor(text) {
            found.push(format!("{what}: {hit:?}"));
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    // The what-ifs are there, said by name, and the rate with its öre.
    let all: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("Dataskyddsombud: 6,80 kr per invånare"));
    assert!(all.contains("Dataskyddsombud: 7,20 kr per invånare"));
    assert!(texts.len() > 1_000, "{} texts read", texts.len());
    // The check finds what it looks for.
    let hits = one_decimal_kronor("114 091 inv × 6,8 kr + 135");
    assert!(hits.len() == 1 && hits[0].ends_with("inv × 6,8 kr"), "{hits:?}");
    assert!(one_decimal_kronor("6,80 kr, 2,5 % och 41 kr").is_empty());
}
