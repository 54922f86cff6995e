//! Same inputs, byte-identical outputs. Every command, in every output
//! format, runs on the shipped example (`population import` on the SCB
//! fixtures in `tests/fixtures/scb/` and on the example's population file):
//!
//! 1. twice, and must give the same bytes: standard output, standard error
//!    and every file written;
//! 2. on reordered inputs, and must give the same outputs as on the
//!    originals: the population file's rows shuffled (three seeds); the
//!    tariff's tables, the keys of every table and inline table and the
//!    sets (group members, `participants`) reversed or shuffled (two seeds),
//!    `[[adjustments]]` and tiers kept in their order; the actuals' rows
//!    shuffled (two seeds); the recipients' rows shuffled; the SCB exports'
//!    rows shuffled or reversed and their JSON objects' keys reordered.
//!
//! Each variant of the inputs is a scratch folder holding copies under the
//! same relative names (`data/sjuharad/...`, `tests/fixtures/scb/...`), and
//! every command runs there with the same relative arguments, so that paths
//! recorded in outputs are the same and only the order differs. Each
//! command's baseline is computed once, in the folder of unchanged copies,
//! and every other run is compared with it; a command runs only on the
//! variants that reorder a file it reads.
//!
//! Three things differ on purpose between the original and a reordered
//! input, and the comparison allows for exactly these:
//!
//! - Outputs record the SHA-256 of input files (workbooks' `Underlag`, the
//!   report's inputs, the invoices' footer, the register): a reordered file
//!   is another file, with another digest. The reordered files' digests are
//!   replaced by the originals' before comparing: in workbooks in the XML,
//!   leaving out the `Underlag` sheet's column widths (fitted to the
//!   digits); in PDFs in the text drawn, decoded through the fonts'
//!   ToUnicode maps, leaving out the embedded fonts (each is the subset of
//!   the characters drawn, and other digits make another subset); in the
//!   invoice register (`register.sqlite`) in its rows, leaving out the
//!   chained SHA-256 columns, which cover the inputs' digest, and the
//!   SHA-256 of each year file in the state recorded for it; and the
//!   register's head (a chained SHA-256) where a run names it: its
//!   summary, the year CSV's last row, the SIE file's comment.
//! - `project` writes next year's tariff by editing this year's document,
//!   keeping its layout and comments (docs/tariff-format.md §10), so the
//!   written tariff keeps the input's order: it is compared in a canonical
//!   order (tables, keys and sets sorted), which still compares every value
//!   and comment. Its summary and side files must be byte-identical.
//! - `population import` names the line of each region it skips; shuffled
//!   rows are on other lines, so `(line N)` is left out of standard error.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use avgift::audit::Provenance;
use toml_edit::{DocumentMut, Item, Table, Value};

use crate::support::{avgift, root, scratch, ISSUER};

/// The example's input files, relative to the repository and to each
/// scratch folder.
const TARIFF: &str = "data/sjuharad/2023.toml";
const POPULATION: &str = "data/sjuharad/scb-folkmangd-2021-12-31.csv";
const ACTUALS: &str = "data/sjuharad/actuals/2022.csv";
const RECIPIENTS: &str = "data/sjuharad/mottagare.csv";
const PLAN: &str = "data/sjuharad/plan-2024-2026.toml";
const SCB: &str = "tests/fixtures/scb";

// ---------------------------------------------------------------------------
// Reordering.

/// A small deterministic generator (xorshift64), so every shuffle is the
/// same on every machine and run.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        // Never 0, and seeds 1, 2, 3 far apart.
        XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// How to reorder what has no meaningful order.
#[derive(Debug, Clone, Copy)]
enum Order {
    Reverse,
    Shuffle(u64),
    /// By name: the canonical order the written tariff is compared in.
    Sorted,
}

struct Arranger {
    order: Order,
    rng: XorShift,
}

impl Arranger {
    fn new(order: Order) -> Arranger {
        let seed = match order {
            Order::Shuffle(s) => s,
            _ => 1,
        };
        Arranger {
            order,
            rng: XorShift::new(seed),
        }
    }

    /// Items, each with the name it sorts by, in the new order.
    fn arrange<T>(&mut self, mut items: Vec<(String, T)>) -> Vec<T> {
        match self.order {
            Order::Reverse => items.reverse(),
            Order::Shuffle(_) => self.rng.shuffle(&mut items),
            Order::Sorted => items.sort_by(|a, b| a.0.cmp(&b.0)),
        }
        items.into_iter().map(|(_, t)| t).collect()
    }

    /// The rank of each key in the new order.
    fn ranks<'k>(&mut self, keys: impl Iterator<Item = &'k str>) -> BTreeMap<String, usize> {
        let keys: Vec<(String, String)> = keys.map(|k| (k.to_string(), k.to_string())).collect();
        self.arrange(keys)
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect()
    }

    /// Reorders a table's keys and everything below it.
    fn table(&mut self, t: &mut Table, path: &[String]) {
        let ranks = self.ranks(t.iter().map(|(k, _)| k));
        // Keys of dotted sub-tables are not in `ranks`; they keep their order
        // here and are reordered when the sub-table is visited.
        t.sort_values_by(|a, _, b, _| {
            let rank = |k: &toml_edit::Key| ranks.get(k.get()).copied().unwrap_or(usize::MAX);
            rank(a).cmp(&rank(b))
        });
        for (k, item) in t.iter_mut() {
            let path = [path, &[k.get().to_string()]].concat();
            match item {
                Item::Table(sub) => self.table(sub, &path),
                Item::Value(v) => self.value(v, &path),
                // The adjustments keep their order; only the keys inside
                // each one move.
                Item::ArrayOfTables(a) => a.iter_mut().for_each(|sub| self.table(sub, &path)),
                Item::None => {}
            }
        }
    }

    /// Reorders the keys of inline tables and the members of sets; the
    /// order of other arrays (tiers) is meaningful and kept.
    fn value(&mut self, v: &mut Value, path: &[String]) {
        match v {
            Value::InlineTable(t) => {
                let ranks = self.ranks(t.iter().map(|(k, _)| k));
                t.sort_values_by(|a, _, b, _| {
                    let rank = |k: &toml_edit::Key| ranks.get(k.get()).copied().unwrap_or(usize::MAX);
                    rank(a).cmp(&rank(b))
                });
                for (k, v) in t.iter_mut() {
                    self.value(v, &[path, &[k.get().to_string()]].concat());
                }
                t.fmt();
            }
            Value::Array(a) => {
                if is_set(path) {
                    let items: Vec<(String, Value)> = a
                        .iter()
                        .map(|v| (v.clone().decorated("", "").to_string(), v.clone()))
                        .collect();
                    let items = self.arrange(items);
                    a.clear();
                    items.into_iter().for_each(|v| a.push(v.decorated("", "")));
                    a.fmt();
                }
                for v in a.iter_mut() {
                    self.value(v, path);
                }
            }
            _ => {}
        }
    }
}

/// Group member lists and `participants` are sets (docs/tariff-format.md §5).
fn is_set(path: &[String]) -> bool {
    matches!(path, [g, _] if g == "groups")
        || matches!(path, [c, _, p] if c == "charges" && p == "participants")
}

/// Calls `f` on every table that has a place in the document (not the root,
/// not dotted), with a name for it: `charges.dso`, `adjustments[3]`.
fn each_table(t: &mut Table, path: &str, f: &mut impl FnMut(&str, &mut Table)) {
    for (k, item) in t.iter_mut() {
        let path = if path.is_empty() {
            k.get().to_string()
        } else {
            format!("{path}.{}", k.get())
        };
        match item {
            Item::Table(sub) => {
                if !sub.is_dotted() {
                    f(&path, sub);
                }
                each_table(sub, &path, f);
            }
            Item::ArrayOfTables(a) => {
                for (i, sub) in a.iter_mut().enumerate() {
                    let path = format!("{path}[{i}]");
                    f(&path, sub);
                    each_table(sub, &path, f);
                }
            }
            _ => {}
        }
    }
}

/// The tariff with its tables, the keys of every table and inline table,
/// and its sets reordered; `[[adjustments]]` keep their written order (it
/// is the notes' order, §5) and tiers theirs.
fn reorder_tariff(text: &str, order: Order) -> String {
    let mut doc: DocumentMut = text.parse().expect("the tariff parses");
    let mut arranger = Arranger::new(order);
    arranger.table(doc.as_table_mut(), &[]);

    // The tables' order in the file is their position.
    let mut placed: Vec<(isize, String)> = Vec::new();
    each_table(doc.as_table_mut(), "", &mut |path, t| {
        placed.push((t.position().unwrap_or(isize::MAX), path.to_string()));
    });
    placed.sort();
    let mut new: Vec<String> = arranger.arrange(placed.into_iter().map(|(_, p)| (p.clone(), p)).collect());
    // The adjustments take the places the others left them, in their order.
    let adjustments: Vec<String> = {
        let mut a: Vec<String> = new
            .iter()
            .filter(|p| p.starts_with("adjustments["))
            .cloned()
            .collect();
        a.sort_by_key(|p| {
            p["adjustments[".len()..p.len() - 1]
                .parse::<usize>()
                .expect("an index")
        });
        a
    };
    let mut next = adjustments.into_iter();
    for p in new.iter_mut().filter(|p| p.starts_with("adjustments[")) {
        *p = next.next().expect("as many");
    }
    let position: BTreeMap<String, isize> = new.into_iter().zip(1..).collect();
    each_table(doc.as_table_mut(), "", &mut |path, t| {
        t.set_position(Some(position[path]))
    });
    doc.to_string()
}

/// Lines of a text file, each with its line end.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|b| *b == b'\n').collect()
}

fn blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The rows of a CSV file with the rows for which `movable` holds shuffled
/// among themselves. The header is the first line followed by another
/// non-blank line (SCB's exports have a title and a blank line above it);
/// the rows run to the next blank line (footnotes follow).
fn shuffle_rows(bytes: &[u8], seed: u64, movable: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut lines = lines(bytes);
    // A last line without a line end must not be moved up without one.
    let last_end = lines.last().is_some_and(|l| l.ends_with(b"\n"));
    let owned_last;
    if !last_end {
        let last = lines.pop().expect("a line");
        let end: &[u8] = if bytes.contains(&b'\r') { b"\r\n" } else { b"\n" };
        owned_last = [last, end].concat();
        lines.push(&owned_last);
    }
    let header = (0..lines.len() - 1)
        .find(|&i| !blank(lines[i]) && !blank(lines[i + 1]))
        .expect("a header and a row");
    let end = (header + 1..lines.len())
        .find(|&i| blank(lines[i]))
        .unwrap_or(lines.len());
    let slots: Vec<usize> = (header + 1..end).filter(|&i| movable(lines[i])).collect();
    let mut rows: Vec<&[u8]> = slots.iter().map(|&i| lines[i]).collect();
    let mut rng = XorShift::new(seed);
    if seed == 0 {
        rows.reverse();
    } else {
        rng.shuffle(&mut rows);
    }
    for (slot, row) in slots.iter().zip(rows) {
        lines[*slot] = row;
    }
    let mut out = lines.concat();
    if !last_end {
        out.truncate(out.len() - if bytes.contains(&b'\r') { 2 } else { 1 });
    }
    out
}

/// A JSON document with the keys of every object reordered (arrays keep
/// their order: dimension ids, sizes, values, an index given as an array).
fn reorder_json(text: &str, order: Order) -> String {
    fn write(v: &serde_json::Value, a: &mut Arranger, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                let entries: Vec<(String, (&String, &serde_json::Value))> =
                    m.iter().map(|(k, v)| (k.clone(), (k, v))).collect();
                out.push('{');
                for (i, (k, v)) in a.arrange(entries).into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(k).expect("a key"));
                    out.push(':');
                    write(v, a, out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(v, a, out);
                }
                out.push(']');
            }
            other => out.push_str(&serde_json::to_string(other).expect("a value")),
        }
    }
    let value: serde_json::Value = serde_json::from_str(text).expect("the JSON parses");
    let mut out = String::new();
    write(&value, &mut Arranger::new(order), &mut out);
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------
// Folders of inputs.

/// A scratch folder of input copies, some reordered.
struct Variant {
    name: String,
    dir: PathBuf,
    /// The input files reordered.
    changed: Vec<PathBuf>,
    /// Digests of reordered inputs → the originals' digests.
    digests: Vec<(String, String)>,
}

/// The example's inputs, and the SCB fixtures.
fn inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [TARIFF, POPULATION, ACTUALS, RECIPIENTS, PLAN]
        .iter()
        .map(PathBuf::from)
        .collect();
    let mut scb: Vec<PathBuf> = std::fs::read_dir(root().join(SCB))
        .expect("the SCB fixtures")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| p.strip_prefix(root()).expect("under the root").to_path_buf())
        .collect();
    scb.sort();
    files.extend(scb);
    files
}

/// How a variant changes an input file (`None`: copied as it is).
type Change = Box<dyn Fn(&Path, &[u8]) -> Option<Vec<u8>>>;

fn is_scb(p: &Path) -> bool {
    p.starts_with(SCB) && p.extension().is_some_and(|e| e != "md")
}

/// Every variant, made once for all tests.
fn variants() -> &'static [Variant] {
    static VARIANTS: OnceLock<Vec<Variant>> = OnceLock::new();
    VARIANTS.get_or_init(|| {
        let base = scratch("determinism");
        let is = |p: &Path, f: &str| p == Path::new(f);
        let population =
            |seed: u64| move |p: &Path, b: &[u8]| is(p, POPULATION).then(|| shuffle_rows(b, seed, |_| true));
        let tariff = |order: Order| {
            move |p: &Path, b: &[u8]| {
                is(p, TARIFF)
                    .then(|| reorder_tariff(std::str::from_utf8(b).expect("UTF-8"), order).into_bytes())
            }
        };
        // The order of adjustment lines in the notes follows last year's
        // actuals (docs/tariff-format.md §5 and §6), so adjustment rows stay
        // where they are; municipality, external and total rows move.
        let actuals = |seed: u64| {
            move |p: &Path, b: &[u8]| {
                is(p, ACTUALS).then(|| {
                    shuffle_rows(b, seed, |row| {
                        !String::from_utf8_lossy(row).contains(",adjustment,")
                    })
                })
            }
        };
        let recipients =
            |seed: u64| move |p: &Path, b: &[u8]| is(p, RECIPIENTS).then(|| shuffle_rows(b, seed, |_| true));
        // SCB exports: CSV rows shuffled (seed 0: reversed), JSON keys
        // reordered.
        let scb = |seed: u64| {
            move |p: &Path, b: &[u8]| {
                if !is_scb(p) {
                    return None;
                }
                Some(if p.extension().is_some_and(|e| e == "json") {
                    let order = if seed == 0 {
                        Order::Reverse
                    } else {
                        Order::Shuffle(seed)
                    };
                    reorder_json(std::str::from_utf8(b).expect("UTF-8"), order).into_bytes()
                } else {
                    shuffle_rows(b, seed, |_| true)
                })
            }
        };
        fn boxed(f: impl Fn(&Path, &[u8]) -> Option<Vec<u8>> + 'static) -> Change {
            Box::new(f)
        }
        let specs: Vec<(&str, Change)> = vec![
            ("original", boxed(|_: &Path, _: &[u8]| None)),
            ("population-1", boxed(population(1))),
            ("population-2", boxed(population(2))),
            ("population-3", boxed(population(3))),
            ("tariff-reversed", boxed(tariff(Order::Reverse))),
            ("tariff-1", boxed(tariff(Order::Shuffle(1)))),
            ("tariff-2", boxed(tariff(Order::Shuffle(2)))),
            ("actuals-1", boxed(actuals(1))),
            ("actuals-2", boxed(actuals(2))),
            ("recipients-1", boxed(recipients(1))),
            ("scb-reversed", boxed(scb(0))),
            ("scb-1", boxed(scb(1))),
            ("scb-2", boxed(scb(2))),
        ];
        let originals = provenance(&root());
        specs
            .into_iter()
            .map(|(name, change)| {
                let dir = base.join(name);
                let mut changed = Vec::new();
                for rel in inputs() {
                    let bytes = std::fs::read(root().join(&rel)).expect("an input");
                    let bytes = match change(&rel, &bytes) {
                        Some(new) => {
                            assert_ne!(new, bytes, "{name}: {} did not change", rel.display());
                            changed.push(rel.clone());
                            new
                        }
                        None => bytes,
                    };
                    let to = dir.join(&rel);
                    std::fs::create_dir_all(to.parent().expect("a folder")).expect("a folder");
                    std::fs::write(&to, bytes).expect("writing an input");
                }
                assert!(
                    !changed.is_empty() || name == "original",
                    "{name} changes nothing"
                );
                let mine = provenance(&dir);
                let digests = mine
                    .iter()
                    .zip(&originals)
                    .filter(|(m, o)| m != o)
                    .map(|(m, o)| (m.clone(), o.clone()))
                    .collect();
                Variant {
                    name: name.to_string(),
                    dir,
                    changed,
                    digests,
                }
            })
            .collect()
    })
}

/// The digest of each input file of the example and the digest over all
/// of them, as outputs record them.
fn provenance(dir: &Path) -> Vec<String> {
    let mut p = Provenance::default();
    for (role, file) in [
        ("tariff", TARIFF),
        ("population", POPULATION),
        ("actuals", ACTUALS),
    ] {
        add(&mut p, role, &dir.join(file));
    }
    let mut out: Vec<String> = p.inputs.iter().map(|i| i.sha256.clone()).collect();
    out.push(p.digest());
    // Invoices also record the recipients file.
    add(&mut p, "recipients", &dir.join(RECIPIENTS));
    out.push(p.inputs.last().expect("just added").sha256.clone());
    out.push(p.digest());
    // A final run also records what it sets (the issuer the example leaves out).
    p.overrides = ISSUER.iter().skip(1).step_by(2).map(|s| s.to_string()).collect();
    out.push(p.digest());
    // A plan records the example's inputs and the plan file.
    let mut p = Provenance::default();
    for (role, file) in [
        ("tariff", TARIFF),
        ("population", POPULATION),
        ("actuals", ACTUALS),
        ("input", PLAN),
    ] {
        add(&mut p, role, &dir.join(file));
    }
    out.push(p.digest());
    out
}

/// Adds an input file and its digest, as a run that read it records it.
fn add(p: &mut Provenance, role: &'static str, path: &Path) {
    let bytes = std::fs::read(path).expect("an input");
    p.inputs.push(avgift::audit::InputFile {
        role,
        path: path.to_path_buf(),
        sha256: avgift::digest::sha256_hex(&bytes),
    });
}

// ---------------------------------------------------------------------------
// Running and comparing.

/// What one run produced.
#[derive(Debug)]
struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Every file under the case's output folder.
    files: BTreeMap<String, Vec<u8>>,
}

/// Runs `args` in `dir`, `{out}` standing for the case's own empty output
/// folder (`out/LABEL`).
fn run(dir: &Path, label: &str, args: &[&str]) -> Output {
    let out = format!("out/{label}");
    let out_dir = dir.join(&out);
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).expect("an output folder");
    let args: Vec<String> = args.iter().map(|a| a.replace("{out}", &out)).collect();
    let r = avgift(&args).current_dir(dir).run();
    let mut files = BTreeMap::new();
    collect(&out_dir, &out_dir, &mut files);
    Output {
        code: r.code,
        stdout: r.stdout,
        stderr: r.stderr,
        files,
    }
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).expect("an output folder") {
        let p = e.expect("a directory entry").path();
        if p.is_dir() {
            collect(base, &p, files);
        } else {
            let name = p
                .strip_prefix(base)
                .expect("under the base")
                .display()
                .to_string();
            files.insert(name, std::fs::read(&p).expect("an output file"));
        }
    }
}

/// The inputs of a command on the example: the tariff and the files it
/// names (the recipients only for `invoice`).
const EXAMPLE: &[&str] = &[TARIFF, POPULATION, ACTUALS];

/// Runs a case twice in the original folder, then in every variant that
/// reorders one of the inputs it `reads`, and requires the same outputs
/// each time.
fn check(label: &str, reads: &[&str], args: &[&str]) {
    let all = variants();
    let original = &all[0];
    let baseline = run(&original.dir, label, args);
    assert_eq!(
        baseline.code,
        Some(0),
        "{label}: {args:?} failed:\n{}",
        baseline.stderr
    );
    let again = run(&original.dir, label, args);
    // The baseline's PDFs as compared, decoded once.
    let mut pdfs = BTreeMap::new();
    same(label, "a second run", &baseline, &again, None, &mut pdfs);
    for v in &all[1..] {
        if v.changed.iter().any(|c| reads.iter().any(|r| c == Path::new(r))) {
            let got = run(&v.dir, label, args);
            same(label, &v.name, &baseline, &got, Some(v), &mut pdfs);
        }
    }
}

/// Requires `got` to be `expected`: byte for byte on a second run; on a
/// reordered input, with the allowances in this file's header.
fn same(
    label: &str,
    what: &str,
    expected: &Output,
    got: &Output,
    variant: Option<&Variant>,
    pdfs: &mut BTreeMap<String, Objects>,
) {
    let whole = format!("{label} on {what}");
    assert_eq!(
        got.code, expected.code,
        "{whole}: exit code; stderr:\n{}",
        got.stderr
    );
    let digests = variant.map_or(&[][..], |v| &v.digests[..]);
    let undigest = |s: &str| {
        let mut s = s.to_string();
        for (mine, original) in digests {
            s = s.replace(mine.as_str(), original);
        }
        s
    };
    same_text(
        &whole,
        "standard output",
        &expected.stdout,
        &undigest(&got.stdout),
    );
    let stderr = |s: &str| match variant {
        Some(_) => without_heads(&without_line_numbers(s)),
        None => s.to_string(),
    };
    same_text(
        &whole,
        "standard error",
        &stderr(&expected.stderr),
        &stderr(&got.stderr),
    );
    assert_eq!(
        got.files.keys().collect::<Vec<_>>(),
        expected.files.keys().collect::<Vec<_>>(),
        "{whole}: the files written"
    );
    for (name, bytes) in &expected.files {
        let mine = &got.files[name];
        if mine == bytes {
            continue;
        }
        let Some(v) = variant else {
            panic!("{whole}: {name} differs between two runs on the same inputs");
        };
        let file = format!("{name} ({} bytes, expected {})", mine.len(), bytes.len());
        if name.ends_with(".pdf") {
            let expected = pdfs
                .entry(name.clone())
                .or_insert_with(|| pdf_objects(bytes, &[]));
            same_pdf(&whole, &file, expected, mine, digests);
        } else if name.ends_with(".xlsx") {
            same_xlsx(&whole, &file, bytes, mine, digests);
        } else if name.ends_with("manifest.json") {
            // A manifest records every file's SHA-256; files that carry the
            // inputs' digests differ in their bytes with reordered inputs,
            // and each file is compared on its own here, so the manifest is
            // compared without the files' digests.
            let blank = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                if let Some(files) = v["files"].as_object_mut() {
                    for sha in files.values_mut() {
                        *sha = serde_json::Value::Null;
                    }
                }
                // Reordered inputs have their own digests (an SCB export's
                // among them, which the digest swap does not know).
                if let Some(inputs) = v["recipe"]["inputs"].as_array_mut() {
                    for i in inputs {
                        i["sha256"] = serde_json::Value::Null;
                    }
                }
                serde_json::to_string_pretty(&v).unwrap()
            };
            same_text(&whole, &file, &blank(bytes), &undigest(&blank(mine)));
        } else if name.ends_with(".sqlite") {
            same_text(
                &whole,
                &file,
                &register_rows(bytes),
                &undigest(&register_rows(mine)),
            );
        } else if name.ends_with(".toml") && v.changed.contains(&PathBuf::from(TARIFF)) {
            let (header, rest) = projection_header(bytes);
            let (my_header, my_rest) = projection_header(mine);
            same_text(&whole, &file, header, my_header);
            same_text(
                &whole,
                &file,
                &canonical(rest.as_bytes()),
                &canonical(my_rest.as_bytes()),
            );
        } else {
            let text = |b: &[u8]| without_heads(&String::from_utf8_lossy(b));
            same_text(&whole, &file, &text(bytes), &undigest(&text(mine)));
        }
    }
}

/// Text with the register's head left out where a run names it (its
/// summary, the year CSV's last row, the SIE file's comment): the head is
/// a chained digest, which covers the inputs' digest.
fn without_heads(text: &str) -> String {
    let mut out = text.to_string();
    for marker in [
        "register head: ",
        "fakturaregistrets huvud: ",
        ",register-head,,,,,,,,",
        "fakturaregistrets huvud SHA-256 ",
    ] {
        let mut from = 0;
        while let Some(at) = out[from..].find(marker) {
            let start = from + at + marker.len();
            let end = (start + 64).min(out.len());
            if out[start..end].bytes().all(|b| b.is_ascii_hexdigit()) {
                out.replace_range(start..end, "HEAD");
            }
            from = start;
        }
    }
    out
}

/// Every row of the invoice register's tables as text, without the
/// chained digests.
fn register_rows(bytes: &[u8]) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COPY: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "avgift-determinism-{}-{}.sqlite",
        std::process::id(),
        COPY.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&path, bytes).expect("a copy of the register");
    let conn = rusqlite::Connection::open(&path).expect("the register opens");
    let mut out = String::new();
    for table in ["meta", "documents", "lines", "exports"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .expect(table);
        let names: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).expect(table);
        while let Some(row) = rows.next().expect("a row") {
            out.push_str(table);
            for (i, name) in names.iter().enumerate() {
                if !name.ends_with("sha256") || name == "inputs_sha256" {
                    let mut value: rusqlite::types::Value = row.get(i).expect("a value");
                    // A year file's recorded state has the file's SHA-256,
                    // which covers the inputs' digest the file names; a
                    // document file's record its length too (a PDF embeds
                    // the subset of the digits it draws).
                    if let (true, rusqlite::types::Value::Text(state)) = (table == "exports", &value) {
                        if let Ok(mut v @ serde_json::Value::Object(_)) = serde_json::from_str(state) {
                            if v.as_object()
                                .is_some_and(|o| o.len() == 2 && o.contains_key("len"))
                            {
                                v["len"] = serde_json::Value::Null;
                            }
                            v["sha256"] = serde_json::Value::Null;
                            value = rusqlite::types::Value::Text(v.to_string());
                        }
                    }
                    out.push_str(&format!(" {name}={value:?}"));
                }
            }
            out.push('\n');
        }
    }
    drop(conn);
    let _ = std::fs::remove_file(&path);
    out
}

/// `(line 5)` left out: where a row is in a shuffled file.
fn without_line_numbers(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(" (line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " (line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" (line ");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Equal texts, or a message showing where they first differ: the line,
/// and in a long line (XML) the characters around the difference.
fn same_text(whole: &str, what: &str, expected: &str, got: &str) {
    if expected == got {
        return;
    }
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let at = (0..e.len().max(g.len()))
        .find(|&i| e.get(i) != g.get(i))
        .unwrap_or(0);
    let (el, gl) = (
        e.get(at).copied().unwrap_or("<end>"),
        g.get(at).copied().unwrap_or("<end>"),
    );
    let (ec, gc): (Vec<char>, Vec<char>) = (el.chars().collect(), gl.chars().collect());
    let column = (0..ec.len().max(gc.len()))
        .find(|&i| ec.get(i) != gc.get(i))
        .unwrap_or(0);
    let window = |c: &[char]| -> String {
        let from = column.saturating_sub(80).min(c.len());
        c[from..(column + 80).min(c.len())].iter().collect()
    };
    panic!(
        "{whole}: {what} differs, first at line {} column {}:\n  expected: {:?}\n  got:      {:?}",
        at + 1,
        column + 1,
        window(&ec),
        window(&gc),
    );
}

/// The header `project` writes above the document (up to a line `#`), and
/// the document. The header is compared as it is: it would otherwise join
/// the comment of whichever key comes first.
/// A tariff projected from a projected one (a plan's later years) has a
/// header per year, and a plan's what-ifs a line each before them.
fn projection_header(bytes: &[u8]) -> (&str, &str) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut at = 0;
    loop {
        let rest = &text[at..];
        if rest.starts_with("# Projected by avgift project") {
            match rest.find("\n#\n") {
                Some(i) => at += i + 3,
                None => break,
            }
        } else if rest.starts_with("# Scenario ") || rest.starts_with("# Solved so that ") {
            at += rest.find('\n').map_or(rest.len(), |i| i + 1);
        } else {
            break;
        }
    }
    text.split_at(at)
}

/// The written tariff in canonical order.
fn canonical(bytes: &[u8]) -> String {
    reorder_tariff(std::str::from_utf8(bytes).expect("UTF-8"), Order::Sorted)
}

/// Workbooks: the same entries with the same contents once the digests are
/// the originals'. The digest column of `Underlag` is fitted to its text,
/// and digits are not all as wide, so the widths of that sheet's columns
/// are left out.
fn same_xlsx(whole: &str, file: &str, expected: &[u8], got: &[u8], digests: &[(String, String)]) {
    let entries = |bytes: &[u8], undigest: bool| -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut out = Vec::new();
        let underlag = underlag_sheet(&mut zip);
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("an entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("a text entry");
            if undigest {
                for (mine, original) in digests {
                    text = text.replace(mine.as_str(), original);
                }
            }
            if Some(entry.name()) == underlag.as_deref() {
                if let (Some(a), Some(b)) = (text.find("<cols>"), text.find("</cols>")) {
                    text.replace_range(a..b, "<cols>");
                }
            }
            out.push((entry.name().to_string(), text));
        }
        out
    };
    let (e, g) = (entries(expected, false), entries(got, true));
    assert_eq!(
        e.iter().map(|x| &x.0).collect::<Vec<_>>(),
        g.iter().map(|x| &x.0).collect::<Vec<_>>(),
        "{whole}: {file}: the workbook's entries"
    );
    for ((name, e), (_, g)) in e.iter().zip(&g) {
        same_text(whole, &format!("{file}: {name}"), e, g);
    }
}

/// The entry of the sheet named `Underlag`.
fn underlag_sheet(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let mut read = |name: &str| -> String {
        let mut s = String::new();
        zip.by_name(name).expect(name).read_to_string(&mut s).expect(name);
        s
    };
    let workbook = read("xl/workbook.xml");
    let rels = read("xl/_rels/workbook.xml.rels");
    let sheet = workbook
        .split("<sheet ")
        .find(|s| s.contains("name=\"Underlag\""))?;
    let id = attribute(sheet, "r:id")?;
    let rel = rels
        .split("<Relationship ")
        .find(|r| attribute(r, "Id").as_deref() == Some(&id))?;
    Some(format!("xl/{}", attribute(rel, "Target")?))
}

/// The value of the attribute `name` in the text of an element.
fn attribute(element: &str, name: &str) -> Option<String> {
    let pattern = format!("{name}=\"");
    let start = element
        .match_indices(&pattern)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || element.as_bytes()[i - 1].is_ascii_whitespace())?
        + pattern.len();
    let len = element[start..].find('"')?;
    Some(element[start..start + len].to_string())
}

/// PDFs: the same objects, streams decompressed, with the text drawn
/// decoded through each font's ToUnicode map and the digests in it the
/// originals'. The embedded fonts are left out: each is the subset of the
/// characters drawn (`write/pdf.rs`), so a digest with other digits has
/// another subset; the characters drawn are compared instead.
fn same_pdf(whole: &str, file: &str, e: &Objects, got: &[u8], digests: &[(String, String)]) {
    let g = pdf_objects(got, digests);
    let ids: Vec<_> = e.keys().chain(g.keys()).collect();
    for id in ids {
        match (e.get(id), g.get(id)) {
            (Some(lopdf::Object::Stream(a)), Some(lopdf::Object::Stream(b))) if a.content != b.content => {
                let text = |s: &lopdf::Stream| String::from_utf8_lossy(&s.content).into_owned();
                same_text(whole, &format!("{file}: object {id:?}"), &text(a), &text(b));
            }
            (a, b) => assert!(a == b, "{whole}: {file}: object {id:?} differs:\n{a:?}\n{b:?}"),
        }
    }
}

type Objects = BTreeMap<lopdf::ObjectId, lopdf::Object>;

/// A page's fonts by resource name (`F1`), each as CID → character.
type Fonts = BTreeMap<Vec<u8>, BTreeMap<u16, char>>;

fn pdf_objects(bytes: &[u8], digests: &[(String, String)]) -> Objects {
    let mut doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    // Each page's fonts by resource name, as CID → character.
    let pages: Vec<(lopdf::ObjectId, Fonts)> = doc
        .get_pages()
        .into_values()
        .map(|page| {
            let fonts = doc
                .get_page_fonts(page)
                .expect("the page's fonts")
                .into_iter()
                .map(|(name, font)| (name, to_unicode(&doc, font)))
                .collect();
            (page, fonts)
        })
        .collect();
    let mut embedded = std::collections::BTreeSet::new();
    for (id, object) in &doc.objects {
        if let lopdf::Object::Dictionary(d) = object {
            if d.has_type(b"Font") {
                embedded.insert(*id);
                reach(&doc, object, &mut embedded);
            }
        }
    }
    let contents: Vec<(lopdf::ObjectId, &Fonts)> = pages
        .iter()
        .flat_map(|(page, fonts)| {
            doc.get_page_contents(*page)
                .into_iter()
                .map(move |id| (id, fonts))
        })
        .collect();
    let mut objects = std::mem::take(&mut doc.objects);
    objects.retain(|id, _| !embedded.contains(id));
    for object in objects.values_mut() {
        if let lopdf::Object::Stream(s) = object {
            s.decompress().expect("the stream decompresses");
            // Where and how long: compared as the content itself.
            s.start_position = None;
            s.dict.remove(b"Length");
        }
    }
    for (id, fonts) in contents {
        let stream = objects
            .get_mut(&id)
            .and_then(|o| o.as_stream_mut().ok())
            .expect("a content stream");
        stream.content = text_decoded(&stream.content, fonts, digests);
    }
    objects
}

/// A page's content with each string drawn (`(…) Tj`, 2-byte CIDs in a
/// literal string as `write/pdf.rs` writes them) replaced by the characters
/// it draws, quoted, and the digests in them the originals'. The font is
/// the last font resource named.
fn text_decoded(content: &[u8], fonts: &Fonts, digests: &[(String, String)]) -> Vec<u8> {
    let empty = BTreeMap::new();
    let mut font = &empty;
    let mut out = Vec::with_capacity(content.len());
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'/' => {
                let end = (i + 1..content.len())
                    .find(|&j| content[j].is_ascii_whitespace() || b"/[(<".contains(&content[j]))
                    .unwrap_or(content.len());
                if let Some(f) = fonts.get(&content[i + 1..end]) {
                    font = f;
                }
                out.extend_from_slice(&content[i..end]);
                i = end;
            }
            b'(' => {
                // Balanced parentheses need no escape.
                let mut drawn = Vec::new();
                let mut depth = 0;
                i += 1;
                while depth > 0 || content[i] != b')' {
                    depth += match content[i] {
                        b'(' => 1,
                        b')' => -1,
                        _ => 0,
                    };
                    if content[i] == b'\\' {
                        i += 1;
                        let octal = content[i..]
                            .iter()
                            .take(3)
                            .take_while(|b| (b'0'..=b'7').contains(b))
                            .count();
                        if octal > 0 {
                            let digits = std::str::from_utf8(&content[i..i + octal]).expect("ASCII");
                            drawn.push(u8::from_str_radix(digits, 8).expect("an octal escape"));
                            i += octal;
                            continue;
                        }
                        drawn.push(match content[i] {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            b'b' => 8,
                            b'f' => 12,
                            other => other,
                        });
                    } else {
                        drawn.push(content[i]);
                    }
                    i += 1;
                }
                i += 1;
                let mut text: String = drawn
                    .chunks(2)
                    .map(|c| font[&u16::from_be_bytes([c[0], c[1]])])
                    .collect();
                for (mine, original) in digests {
                    text = text.replace(mine.as_str(), original);
                }
                out.extend_from_slice(format!("{text:?}").as_bytes());
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Every object `object` refers to, directly or not.
fn reach(
    doc: &lopdf::Document,
    object: &lopdf::Object,
    seen: &mut std::collections::BTreeSet<lopdf::ObjectId>,
) {
    match object {
        lopdf::Object::Reference(id) if seen.insert(*id) => {
            if let Ok(o) = doc.get_object(*id) {
                reach(doc, o, seen);
            }
        }
        lopdf::Object::Array(items) => items.iter().for_each(|o| reach(doc, o, seen)),
        lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| reach(doc, o, seen)),
        lopdf::Object::Stream(s) => s.dict.iter().for_each(|(_, o)| reach(doc, o, seen)),
        _ => {}
    }
}

/// A font's ToUnicode CMap: CID → character.
fn to_unicode(doc: &lopdf::Document, font: &lopdf::Dictionary) -> BTreeMap<u16, char> {
    let cmap = font
        .get(b"ToUnicode")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(lopdf::Object::as_stream)
        .expect("a ToUnicode map");
    let text = cmap
        .decompressed_content()
        .unwrap_or_else(|_| cmap.content.clone());
    let text = String::from_utf8_lossy(&text);
    let hex = |s: &str| u16::from_str_radix(s.trim_matches(['<', '>']), 16).expect("hex");
    let mut map = BTreeMap::new();
    for section in text.split("beginbfchar").skip(1) {
        let section = section.split("endbfchar").next().unwrap_or("");
        for line in section.lines() {
            if let [cid, unicode] = line.split_whitespace().collect::<Vec<_>>()[..] {
                let units: Vec<u16> = unicode
                    .trim_matches(['<', '>'])
                    .as_bytes()
                    .chunks(4)
                    .map(|c| hex(std::str::from_utf8(c).expect("ASCII")))
                    .collect();
                let c = String::from_utf16(&units)
                    .expect("UTF-16")
                    .chars()
                    .next()
                    .expect("a character");
                map.insert(hex(cid), c);
            }
        }
    }
    map
}

// ---------------------------------------------------------------------------
// The commands.

/// The output formats of `calc` and `notes`, each with its own folder.
fn formats(command: &str) {
    let cases: [(&str, &[&str]); 5] = [
        ("table", &["--format", "table"]),
        ("csv", &["--format", "csv", "-o", "{out}/out.csv"]),
        ("json", &["--format", "json"]),
        ("xlsx", &["-o", "{out}/out.xlsx"]),
        ("excel-sv", &["--csv-dialect", "excel-sv", "-o", "{out}/out.csv"]),
    ];
    for (format, extra) in cases {
        let args = [&[command, TARIFF][..], extra].concat();
        check(&format!("{command}-{format}"), EXAMPLE, &args);
    }
}

#[test]
fn calc() {
    formats("calc");
}

#[test]
fn notes() {
    formats("notes");
}

#[test]
fn compare() {
    let against_actuals = ["compare", ACTUALS, TARIFF];
    let cases: [(&str, &[&str]); 5] = [
        ("table", &["--format", "table"]),
        ("csv", &["--format", "csv"]),
        ("json", &["--format", "json", "-o", "{out}/out.json"]),
        ("xlsx", &["-o", "{out}/out.xlsx"]),
        ("excel-sv", &["--csv-dialect", "excel-sv"]),
    ];
    for (format, extra) in cases {
        let args = [&against_actuals[..], extra].concat();
        check(&format!("compare-{format}"), EXAMPLE, &args);
    }
    // Two tariffs: population and rate effects, totals per municipality and
    // per activity.
    for (by, format) in [("municipality", "csv"), ("activity", "json")] {
        check(
            &format!("compare-tariffs-{by}"),
            EXAMPLE,
            &[
                "compare",
                TARIFF,
                TARIFF,
                "--set",
                "charges.dso.rate=7",
                "--by",
                by,
                "--format",
                format,
            ],
        );
    }
}

#[test]
fn model() {
    check("model", EXAMPLE, &["model", TARIFF, "-o", "{out}/modell.xlsx"]);
}

#[test]
fn check_command() {
    check("check", EXAMPLE, &["check", TARIFF]);
}

#[test]
fn project() {
    // The new tariff, its previous-year actuals and a grown population.
    check(
        "project-growth",
        EXAMPLE,
        &[
            "project",
            TARIFF,
            "--year",
            "2024",
            "-o",
            "{out}/2024.toml",
            "--growth",
            "0.5%",
        ],
    );
    check(
        "project",
        EXAMPLE,
        &[
            "project",
            TARIFF,
            "--year",
            "2024",
            "-o",
            "{out}/2024.toml",
            "--index",
            "avtal=3%",
        ],
    );
}

#[test]
fn invoice() {
    let reads = [EXAMPLE, &[RECIPIENTS]].concat();
    check(
        "invoice-drafts",
        &reads,
        &["invoice", TARIFF, "-o", "{out}", "--date", "2023-01-16"],
    );
    check(
        "invoice-final",
        &reads,
        &[
            "invoice",
            TARIFF,
            "-o",
            "{out}",
            "--date",
            "2023-01-16",
            "--final",
            // What a final invoice needs and the example leaves out.
            ISSUER[0],
            ISSUER[1],
            ISSUER[2],
            ISSUER[3],
            ISSUER[4],
            ISSUER[5],
        ],
    );
}

#[test]
fn report() {
    check("report", EXAMPLE, &["report", TARIFF, "-o", "{out}/rapport.html"]);
}

#[test]
fn population_import() {
    let layouts: [(&str, &[&str]); 9] = [
        ("pxweb-codes.csv", &[]),
        ("pxweb-names-1252.csv", &[]),
        ("pxweb-code-name-bom.csv", &["--year", "2021", "--skip-regions"]),
        ("pxweb-code-name-month.tsv", &["--date", "2021-12-31"]),
        ("pxweb-rows-1252.csv", &["--year", "2021"]),
        ("scb-kod-namn.csv", &[]),
        ("scb-kod-namn-1252.csv", &[]),
        ("json-stat2.json", &[]),
        ("json-stat2-years.json", &["--year", "2021", "--skip-regions"]),
    ];
    for (file, extra) in layouts {
        let path = format!("{SCB}/{file}");
        let args = [
            &["population", "import", &path, "-o", "{out}/folkmangd.csv"][..],
            extra,
        ]
        .concat();
        check(&format!("import-{file}"), &[&path], &args);
    }
    // To standard output; and all 290 municipalities of the example's file.
    let json = format!("{SCB}/json-stat2.json");
    check("import-stdout", &[&json], &["population", "import", &json]);
    check(
        "import-example",
        &[POPULATION],
        &["population", "import", POPULATION, "--date", "2021-12-31"],
    );
}

#[test]
fn completions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        check(&format!("completions-{shell}"), &[], &["completions", shell]);
    }
}

#[test]
fn man() {
    check("man", &[], &["man"]);
    check("man-dir", &[], &["man", "--dir", "{out}"]);
}

// ---------------------------------------------------------------------------
// The reordering itself.

#[test]
fn reordering_keeps_the_meaning_and_changes_the_order() {
    let text = std::fs::read_to_string(root().join(TARIFF)).unwrap();
    let sorted = canonical(text.as_bytes());
    for order in [Order::Reverse, Order::Shuffle(1), Order::Shuffle(2)] {
        let reordered = reorder_tariff(&text, order);
        assert_ne!(reordered, text, "{order:?}");
        assert_eq!(canonical(reordered.as_bytes()), sorted, "{order:?}");
        // Tables and sets moved, adjustments did not.
        let at = |s: &str| reordered.find(s).unwrap_or_else(|| panic!("{s} in\n{reordered}"));
        let labels: Vec<usize> = ["Högskolan i Borås", "VEGO", "interna projekt 2023"]
            .iter()
            .map(|l| at(l))
            .collect();
        assert!(
            labels.windows(2).all(|w| w[0] < w[1]),
            "{order:?}: adjustments moved"
        );
        if let Order::Reverse = order {
            assert!(at("[charges.nvs]") < at("[charges.medlemsavgift]"));
            assert!(at("\"1442\"") < at("\"1443\""));
            assert!(at("valfard = ") < at("kansli = "));
        }
    }
    let rows = "h\n1\n2\n3\n\nnote\n";
    assert_eq!(
        shuffle_rows(rows.as_bytes(), 0, |_| true),
        b"h\n3\n2\n1\n\nnote\n"
    );
    assert_eq!(without_line_numbers("a (line 12), b (line x)"), "a, b (line x)");
}

#[test]
fn solve() {
    let cases: [(&str, &[&str]); 3] = [
        ("table", &["--format", "table"]),
        ("csv", &["--format", "csv", "-o", "{out}/out.csv"]),
        ("json", &["--format", "json", "-o", "{out}/out.json"]),
    ];
    for (format, extra) in cases {
        let args = [
            &[
                "solve",
                TARIFF,
                "--vary",
                "charges.dso.rate",
                "--covers",
                "dso=2600000",
            ][..],
            extra,
        ]
        .concat();
        check(&format!("solve-{format}"), EXAMPLE, &args);
    }
}

#[test]
fn plan() {
    let cases: [(&str, &[&str]); 7] = [
        ("table", &["--format", "table"]),
        ("table-activity", &["--format", "table", "--by", "activity"]),
        ("csv", &["--format", "csv", "-o", "{out}/out.csv"]),
        ("json", &["--format", "json", "-o", "{out}/out.json"]),
        ("xlsx", &["-o", "{out}/out.xlsx"]),
        ("html", &["-o", "{out}/out.html"]),
        (
            "tariffs",
            &["--format", "csv", "--write-tariffs", "{out}/tariffs"],
        ),
    ];
    for (format, extra) in cases {
        let args = [&["plan", PLAN][..], extra].concat();
        check(&format!("plan-{format}"), EXAMPLE, &args);
    }
}

/// E-invoices (the fictional fixture, where they are on): final invoices,
/// installments and a credit note, twice and with the recipients' rows
/// reversed, give byte-identical UBL files (they record no input digest;
/// the embedded PDF, which does, is compared on a second run only).
#[test]
fn einvoices() {
    let fixture = root().join("tests/fixtures/einvoice");
    let base = scratch("determinism-einvoice");
    let copy = |name: &str, reverse: bool| {
        let dir = base.join(name).join("in");
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["2023.toml", "folkmangd.csv", "mottagare.csv"] {
            let text = std::fs::read_to_string(fixture.join(f)).unwrap();
            let text = if reverse && f == "mottagare.csv" {
                let mut rows: Vec<&str> = text.lines().collect();
                rows[1..].reverse();
                rows.join("\n") + "\n"
            } else {
                text
            };
            std::fs::write(dir.join(f), text).unwrap();
        }
        base.join(name)
    };
    let ubl_files = |dir: &Path, embed: bool| {
        let run = |extra: &[&str]| {
            let mut args = vec!["invoice", "in/2023.toml", "-o", "out", "--date", "2023-01-16"];
            args.extend(extra);
            if embed {
                args.extend(["--set", "invoice.embed_pdf=true"]);
            }
            avgift(&args).current_dir(dir).run().ok();
        };
        run(&["--final"]);
        run(&["--credit", "2"]);
        let mut files = BTreeMap::new();
        collect(&dir.join("out"), &dir.join("out"), &mut files);
        files.retain(|name, _| name.ends_with(".xml"));
        assert_eq!(files.len(), 5);
        files
    };
    let first = ubl_files(&copy("a", false), true);
    assert_eq!(first, ubl_files(&copy("b", false), true), "a second run");
    let plain = ubl_files(&copy("c", false), false);
    assert_eq!(plain, ubl_files(&copy("d", true), false), "recipients reversed");
}

/// Letters, a tariff's and a plan's (a scenario's too): every PDF, the PDF
/// of all and the folder's manifest, twice and on reordered inputs.
#[test]
fn letters() {
    check(
        "letters-tariff",
        EXAMPLE,
        &["letters", TARIFF, "-o", "{out}", "--payers"],
    );
    check("letters-plan", EXAMPLE, &["letters", PLAN, "-o", "{out}"]);
    check(
        "letters-scenario",
        EXAMPLE,
        &["letters", PLAN, "-o", "{out}", "--scenario", "dso5", "--payers"],
    );
}

/// Receivables (the payments-import case's fixture): final invoices, a
/// BgMax file imported, an allocation by hand, reminders, and what is
/// owed in every format, run in two folders of the same inputs: the same
/// standard output and error at each step, and every file of the folder
/// (the register, the SIE file with the payments' vouchers, the
/// reminders' PDFs, the workbook) byte for byte.
#[test]
fn receivables() {
    let case = root().join("tests/cases/payments-import");
    let base = scratch("determinism-receivables");
    let steps: [&[&str]; 9] = [
        &[
            "invoice",
            "t.toml",
            "-o",
            "fakturor",
            "--final",
            "--date",
            "2023-01-16",
        ],
        &["payments", "import", "bgmax.txt", "-o", "fakturor"],
        &[
            "payments",
            "allocate",
            "fakturor",
            "--payment",
            "4",
            "--document",
            "4",
            "--amount",
            "50000",
        ],
        &[
            "remind",
            "fakturor",
            "--date",
            "2024-03-01",
            "--reference-rate",
            "4%",
            "--fee",
            "60",
        ],
        &[
            "receivables",
            "fakturor",
            "--date",
            "2024-03-01",
            "--format",
            "table",
        ],
        &[
            "receivables",
            "fakturor",
            "--format",
            "csv",
            "--csv-dialect",
            "excel-sv",
        ],
        &[
            "receivables",
            "fakturor",
            "--format",
            "json",
            "-o",
            "ut/fordringar.json",
        ],
        &["receivables", "fakturor", "-o", "ut/fordringar.xlsx"],
        &["payments", "import", "bgmax.txt", "-o", "fakturor"],
    ];
    let run = |name: &str| {
        let dir = base.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["t.toml", "folkmangd.csv", "mottagare.csv", "bgmax.txt"] {
            std::fs::copy(case.join(f), dir.join(f)).unwrap();
        }
        let outputs: Vec<(String, String)> = steps
            .iter()
            .map(|args| {
                let r = avgift(*args).current_dir(&dir).run();
                assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
                (r.stdout, r.stderr)
            })
            .collect();
        let mut files = BTreeMap::new();
        collect(&dir.join("fakturor"), &dir.join("fakturor"), &mut files);
        collect(&dir.join("ut"), &dir.join("ut"), &mut files);
        (outputs, files)
    };
    let (first_out, first_files) = run("a");
    let (second_out, second_files) = run("b");
    assert!(
        first_files.keys().any(|n| n.starts_with("paminnelse-")),
        "{:?}",
        first_files.keys()
    );
    assert_eq!(first_out, second_out);
    assert_eq!(
        first_files.keys().collect::<Vec<_>>(),
        second_files.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first_files {
        assert!(second_files[name] == *bytes, "{name} differs between two runs");
    }
    let _ = std::fs::remove_dir_all(&base);
}
