//! Tariff format v1 (TOML) into the engine's [`Tariff`]. Every key is
//! documented in `docs/tariff-format.md`; this file is its reader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use toml::de::DeValue;

use super::overrides::{apply, Override};
use super::toml::{integer_text, value_kind, Doc, Item, Placed, SourceMap, TomlTable};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::code::Code;
use crate::engine::ident::{Bankgiro, OcrMethod, OrgNr, PeppolId};
use crate::engine::model::{
    Activity, Adjustment, Charge, External, InputFiles, InvoiceSettings, Issuer, Member, Participants, Payer,
    Precision, Projection, Rates, Rule, Schedule, Target, Tariff, Tier, WeightData, Weights,
};

/// The tariff format this reader understands.
pub const FORMAT: i64 = 1;

/// A tariff read from a file, with what is needed to locate problems and
/// to find the files it names.
#[derive(Debug, Clone)]
pub struct LoadedTariff {
    pub tariff: Tariff,
    pub path: PathBuf,
    pub map: SourceMap,
    /// The `--set` overrides applied; problems with their keys point at them.
    pub overrides: Vec<Override>,
    /// The weight files read, as resolved.
    pub weight_files: Vec<PathBuf>,
    /// The tariff's text as read (without a BOM), before any override:
    /// what `project`, `plan` and `solve` edit, so that the file is read
    /// once.
    pub text: String,
}

impl LoadedTariff {
    /// A path named in the tariff, relative to the tariff's folder.
    pub fn resolve(&self, relative: &str) -> PathBuf {
        resolve(&self.path, relative)
    }

    /// Places problems that name tariff keys at their line and column, or
    /// at the `--set` that gave the key its value.
    pub fn place(&self, diags: Diagnostics) -> Diagnostics {
        let diags = blame_overrides(diags, &self.overrides);
        self.map.place(diags, &self.path)
    }

    /// Places the problems with the whole of a file the tariff names at
    /// `key` (`population`): a file that is missing, a device or too large
    /// is a problem of the line that names it. Problems inside the file
    /// keep their own line.
    pub fn place_file(&self, key: &str, path: &Path, diags: Diagnostics) -> Diagnostics {
        let (whole, inside): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
            .0
            .into_iter()
            .partition(|d| d.line.is_none() && d.file.as_deref() == Some(path));
        let whole = whole
            .into_iter()
            .map(|d| Diagnostic::new(format!("{}: {}", path.display(), d.message)).for_key(key))
            .collect();
        let mut out = Diagnostics(inside);
        out.extend(self.place(Diagnostics(whole)));
        out
    }
}

/// A path named in a tariff, relative to the tariff's folder.
pub fn resolve(tariff: &Path, relative: &str) -> PathBuf {
    let p = Path::new(relative);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        tariff.parent().unwrap_or(Path::new("")).join(p)
    }
}

/// Problems about keys that a `--set` gave are the `--set`'s.
fn blame_overrides(diags: Diagnostics, overrides: &[Override]) -> Diagnostics {
    Diagnostics(
        diags
            .0
            .into_iter()
            .map(|mut d| {
                if let Some(o) = d
                    .key
                    .as_deref()
                    .and_then(|k| overrides.iter().rev().find(|o| o.covers(k)))
                {
                    d.file = Some(PathBuf::from(format!("--set {}", o.text)));
                    d.line = None;
                    d.column = None;
                }
                d
            })
            .collect(),
    )
}

/// Reads a tariff file (and the weight files it names), with `--set`
/// overrides applied.
pub fn read_tariff(
    ctx: &crate::context::Context,
    path: &Path,
    overrides: &[Override],
) -> Result<LoadedTariff, Diagnostics> {
    read_tariff_telling(ctx, path, overrides, &|_| {})
}

/// [`read_tariff`], telling `named_actuals` the file the tariff's
/// `previous_actuals` names as written (resolved, before any `--set`) as
/// soon as its text is parsed, so that the caller can start reading it.
pub fn read_tariff_telling(
    ctx: &crate::context::Context,
    path: &Path,
    overrides: &[Override],
    named_actuals: &dyn Fn(PathBuf),
) -> Result<LoadedTariff, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, "the tariff")?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            return Err(Diagnostic::new(
                "a tariff must be UTF-8 text; found a byte that is not UTF-8 (saved as Windows-1252?)",
            )
            .in_file(path)
            .at(line, column)
            .into());
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let read = std::cell::RefCell::new(Vec::new());
    // Each weight file and column is read once, however many charges name it.
    type Column = Result<WeightData, Diagnostics>;
    let columns: std::cell::RefCell<BTreeMap<(PathBuf, String), Column>> = Default::default();
    let mut loaded = parse_tariff_in(text, path, overrides, named_actuals, &|file, column| {
        let resolved = resolve(path, file);
        read.borrow_mut().push(resolved.clone());
        columns
            .borrow_mut()
            .entry((resolved, column.to_string()))
            .or_insert_with_key(|(resolved, column)| super::weights::read_weights(ctx, resolved, column))
            .clone()
    })?;
    let mut files = read.into_inner();
    files.sort();
    files.dedup();
    loaded.weight_files = files;
    Ok(loaded)
}

/// Loads a weight column: (file as written in the tariff, column) → values.
pub type WeightLoader<'a> = dyn Fn(&str, &str) -> Result<WeightData, Diagnostics> + 'a;

/// Parses a tariff from its text. `path` is only used in messages.
pub fn parse_tariff(
    text: &str,
    path: &Path,
    load_weights: &WeightLoader,
) -> Result<LoadedTariff, Diagnostics> {
    parse_tariff_with(text, path, &[], load_weights)
}

/// Parses a tariff from its text with `--set` overrides applied.
pub fn parse_tariff_with(
    text: &str,
    path: &Path,
    overrides: &[Override],
    load_weights: &WeightLoader,
) -> Result<LoadedTariff, Diagnostics> {
    parse_tariff_in(text, path, overrides, &|_| {}, load_weights)
}

fn parse_tariff_in(
    text: &str,
    path: &Path,
    overrides: &[Override],
    named_actuals: &dyn Fn(PathBuf),
    load_weights: &WeightLoader,
) -> Result<LoadedTariff, Diagnostics> {
    let parsed = super::toml::parse(text).map_err(|e| not_toml(text, path, &e.message, e.span))?;
    let actuals = parsed
        .get_ref()
        .as_table()
        .and_then(|top| top.get("previous_actuals"));
    if let Some(file) = actuals
        .and_then(|v| v.get_ref().as_str())
        .filter(|f| !f.trim().is_empty())
    {
        named_actuals(resolve(path, file));
    }
    let mut doc = Doc::new(text);
    let (mut tariff, problems, map) = if overrides.is_empty() {
        let tariff = TariffReader {
            doc: &mut doc,
            load_weights,
        }
        .read(&parsed);
        (tariff, doc.problems, doc.map)
    } else {
        // Read the file as written only to learn where each key is; then
        // read the document with the overrides, whose values have no place
        // in the file.
        let no_weights = |_: &str, column: &str| {
            Ok(WeightData {
                label: column.to_string(),
                values: Default::default(),
            })
        };
        TariffReader {
            doc: &mut doc,
            load_weights: &no_weights,
        }
        .read(&parsed);
        drop(parsed);
        let mut edited: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| not_toml(text, path, e.message(), e.span()))?;
        let written = edited.as_item().clone();
        let applied = apply(&mut edited, overrides);
        let edited = edited.to_string();
        let reparsed = super::toml::parse(&edited).map_err(|e| {
            Diagnostic::new(format!(
                "the tariff with --set applied is not valid TOML: {}",
                e.message.trim()
            ))
            .in_file(path)
        })?;
        let mut doc = Doc::unplaced(&edited, doc.map);
        if let Err(problems) = applied {
            doc.problems.extend(problems);
        }
        let tariff = TariffReader {
            doc: &mut doc,
            load_weights,
        }
        .read(&reparsed);
        if let Some(t) = &tariff {
            doc.problems
                .extend(crate::read::overrides::unused_additions(&written, overrides, t));
        }
        (tariff, doc.problems, doc.map)
    };
    let problems = blame_overrides(problems, overrides);
    let problems = map.place(problems, path);
    if !problems.is_empty() {
        tariff = None;
    }
    match tariff {
        Some(tariff) => Ok(LoadedTariff {
            tariff,
            path: path.to_path_buf(),
            map,
            overrides: overrides.to_vec(),
            weight_files: Vec::new(),
            text: text.to_string(),
        }),
        None => Err(problems),
    }
}

/// A tariff that does not parse as TOML: the parser's message, placed, with
/// a hint when the line holds a number written the Swedish way.
fn not_toml(text: &str, path: &Path, message: &str, span: Option<std::ops::Range<usize>>) -> Diagnostics {
    let doc = Doc::new(text);
    let mut message = format!("not valid TOML: {}", message.trim());
    let line = span.map(|span| doc.position(span.start));
    if let Some(hint) = line
        .and_then(|(l, _)| text.lines().nth(l - 1))
        .and_then(number_hint)
    {
        message = format!("{message}; {hint}");
    }
    // Without a place (a recursion limit), the problem is the document's.
    let (l, c) = line.unwrap_or((1, 1));
    Diagnostic::new(message).in_file(path).at(l, c).into()
}

struct TariffReader<'r, 's> {
    doc: &'r mut Doc<'s>,
    load_weights: &'r WeightLoader<'r>,
}

const TOP_KEYS: &[&str] = &[
    "format",
    "name",
    "year",
    "population",
    "previous_actuals",
    "indices",
    "groups",
    "activities",
    "payers",
    "charges",
    "adjustments",
    "projection",
    "invoice",
];
const RULES: &[&str] = &["per_inhabitant", "fixed", "apportion", "agreement", "previous"];

/// Keys are ids that end up in file names, CSV and SIE text like names
/// do: a key with a control character is refused where it is written.
fn check_keys(doc: &mut Doc, prefix: &str, item: &Item) {
    let child = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    let check = |doc: &mut Doc, k: &str, span| {
        if let Some(why) = super::text::control_character(k) {
            doc.err(&child(k), span, format!("the key has {why}"));
        }
    };
    match item.get_ref() {
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                check(doc, k.get_ref(), Some(k.span()));
                check_keys(doc, &child(k.get_ref()), v);
            }
        }
        DeValue::Array(a) if doc.is_array_of_tables(item) => {
            for (i, t) in a.iter().enumerate() {
                check_keys(doc, &format!("{prefix}[{i}]"), t);
            }
        }
        _ => {}
    }
}

impl TariffReader<'_, '_> {
    fn read(mut self, root: &Item) -> Option<Tariff> {
        check_keys(self.doc, "", root);
        let top = self.doc.table("", root)?;
        if let Some(item) = top.get("format") {
            if let Some(f) = self.doc.integer("format", item, 0..i64::MAX) {
                if f != FORMAT {
                    self.doc.err(
                        "format",
                        item.at(),
                        format!("this avgift reads tariff format {FORMAT}, the file is format {f}"),
                    );
                }
            }
        }
        let name = self.required(&top, "name", |d, k, i| d.string(k, i));
        let year = self.required(&top, "year", |d, k, i| d.integer(k, i, 1900..2201));
        let inputs = InputFiles {
            population: top.get("population").and_then(|i| self.doc.path("population", i)),
            previous_actuals: top
                .get("previous_actuals")
                .and_then(|i| self.doc.path("previous_actuals", i)),
        };
        let indices = self.map_of(&top, "indices", |d, k, i| d.percent(k, i));
        let groups = self.map_of(&top, "groups", codes);
        let activities = self.map_of(&top, "activities", activity);
        let payers = self.map_of(&top, "payers", payer);
        self.check_payer_ids(&top, &payers);
        let charges = {
            let mut out = BTreeMap::new();
            if let Some(item) = top.get("charges") {
                if let Some(t) = self.doc.table("charges", item) {
                    for (id, item) in t.entries() {
                        let key = t.child(&id);
                        if let Some(c) = self.charge(&key, item) {
                            out.insert(id, c);
                        }
                    }
                }
            }
            out
        };
        let adjustments = self.adjustments(&top);
        let projection = top
            .get("projection")
            .map(|i| projection(self.doc, "projection", i))
            .unwrap_or_default();
        let invoice = top
            .get("invoice")
            .map(|i| invoice(self.doc, "invoice", i))
            .unwrap_or_default();
        top.finish(self.doc, TOP_KEYS);
        Some(Tariff {
            name: name?,
            year: i32::try_from(year?).ok()?,
            inputs,
            indices,
            groups,
            activities,
            payers,
            charges,
            adjustments,
            projection,
            invoice,
        })
    }

    fn required<T>(
        &mut self,
        t: &TomlTable,
        k: &str,
        read: impl Fn(&mut Doc, &str, &Item) -> Option<T>,
    ) -> Option<T> {
        let key = t.child(k);
        match t.get(k) {
            Some(item) => read(self.doc, &key, item),
            None => {
                let span = t.span.clone();
                self.doc.err(&key, span, format!("missing key {k:?}"));
                None
            }
        }
    }

    /// A table of named entries (`[indices]`, `[groups]` …), each read by `read`.
    fn map_of<T>(
        &mut self,
        top: &TomlTable,
        k: &str,
        read: impl Fn(&mut Doc, &str, &Item) -> Option<T>,
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        if let Some(item) = top.get(k) {
            if let Some(t) = self.doc.table(k, item) {
                for (name, item) in t.entries() {
                    let key = t.child(&name);
                    if let Some(v) = read(self.doc, &key, item) {
                        out.insert(name, v);
                    }
                }
            }
        }
        out
    }

    /// A payer id names the payer's invoice files and register rows: it
    /// begins with a letter (a municipality's files carry its four-digit
    /// code), holds only ASCII letters, digits, `_` and `-`, is at most 40
    /// characters long, and differs from every other id in more than case.
    fn check_payer_ids(&mut self, top: &TomlTable, payers: &BTreeMap<String, Payer>) {
        if payers.is_empty() {
            return;
        }
        let Some(t) = top.get("payers").and_then(|i| self.doc.table("payers", i)) else {
            return;
        };
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for id in payers.keys() {
            // A control character is refused as such (plain text).
            if id.chars().any(char::is_control) {
                continue;
            }
            let span = t.key_span(id);
            let key = t.child(id);
            let safe = id.len() <= 40
                && id.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !safe {
                self.doc.err(
                    &key,
                    span,
                    format!("payer id {id:?} cannot name a file: use at most 40 ASCII letters, digits, '_' or '-', beginning with a letter"),
                );
            } else if let Some(other) = seen.insert(id.to_ascii_lowercase(), id) {
                self.doc.err(
                    &key,
                    span,
                    format!("payer ids {other:?} and {id:?} differ only in case: their files would clash"),
                );
            }
        }
    }

    /// One `[charges.ID]` table: every key read and placed, then the rule.
    ///
    /// Long on purpose: the keys of a charge in the order of
    /// `docs/tariff-format.md`, each read where its problems are placed;
    /// the rules' own keys are read by `rule`.
    fn charge(&mut self, key: &str, item: &Item) -> Option<Charge> {
        let t = self.doc.table(key, item)?;
        let name = t.get("name").and_then(|i| self.doc.string(&t.child("name"), i));
        let rule_name = self.required(&t, "rule", |d, k, i| d.string(k, i));
        let target = match (t.get("activity"), t.get("split")) {
            (Some(a), None) => self.doc.string(&t.child("activity"), a).map(Target::Activity),
            (None, Some(s)) => {
                let k = t.child("split");
                self.doc.table(&k, s).map(|st| {
                    let mut shares = BTreeMap::new();
                    for (a, item) in st.entries() {
                        if let Some(p) = self.doc.percent(&st.child(&a), item) {
                            shares.insert(a, p);
                        }
                    }
                    Target::Split(shares)
                })
            }
            (Some(_), Some(_)) => {
                self.doc.err(
                    &t.child("split"),
                    t.key_span("split"),
                    "give either activity or split, not both",
                );
                None
            }
            (None, None) => {
                let span = t.span.clone();
                self.doc.err(
                    key,
                    span,
                    "missing key \"activity\" (or \"split\" to divide the charge across activities)",
                );
                None
            }
        };
        let participants = match t.get("participants") {
            None => Some(Participants::Everyone),
            Some(item) => participants(self.doc, &t.child("participants"), item),
        };
        let index = t.get("index").and_then(|i| self.doc.string(&t.child("index"), i));
        let floor = t
            .get("floor")
            .and_then(|i| self.doc.decimal(&t.child("floor"), i));
        let cap = t.get("cap").and_then(|i| self.doc.decimal(&t.child("cap"), i));
        let external = match t.get("external") {
            None => BTreeMap::new(),
            Some(item) => self.external(&t.child("external"), item),
        };

        let rule = match rule_name.as_deref() {
            Some("per_inhabitant") => self.per_inhabitant(&t),
            Some("fixed") => self
                .required(&t, "amount", |d, k, i| d.decimal(k, i))
                .map(|amount| Rule::Fixed { amount }),
            Some("apportion") => self.apportion(&t),
            Some("agreement") => self
                .required(&t, "amounts", amounts)
                .map(|amounts| Rule::Agreement { amounts }),
            Some("previous") => {
                let from = t.get("from").and_then(|i| self.doc.string(&t.child("from"), i));
                match index.clone() {
                    Some(index) => Some(Rule::Previous {
                        activity: from,
                        index,
                    }),
                    None => {
                        let span = t.span.clone();
                        self.doc.err(&t.child("index"), span, "missing key \"index\": the previous rule multiplies last year's amount by (1 + index)");
                        None
                    }
                }
            }
            Some(other) => {
                let span = t.get("rule").and_then(Placed::at);
                self.doc.err(
                    &t.child("rule"),
                    span,
                    format!("unknown rule {other:?}; expected one of: {}", RULES.join(", ")),
                );
                None
            }
            None => None,
        };
        // A key of another rule kind: say whose it is. Every charge key is
        // then known, so `finish` reports only keys no rule has.
        // An unknown or missing rule is reported as such, not its keys.
        let known_rule = rule_name.as_deref().is_some_and(|r| RULES.contains(&r));
        let own = rule_keys(rule_name.as_deref());
        let all = charge_keys();
        let strays = all
            .iter()
            .filter(|k| known_rule && t.has(k) && !COMMON_CHARGE_KEYS.contains(k) && !own.contains(k));
        for k in strays {
            let owner = RULES
                .iter()
                .find(|r| rule_keys(Some(r)).contains(k))
                .copied()
                .unwrap_or("another rule");
            let rule = rule_name.as_deref().unwrap_or("");
            self.doc.err(
                &t.child(k),
                t.key_span(k),
                format!("{k:?} belongs to rule {owner:?}, not {rule:?}"),
            );
        }
        let allowed = all;
        t.finish(self.doc, &allowed);
        Some(Charge {
            name,
            target: target?,
            participants: participants?,
            rule: rule?,
            floor,
            cap,
            index,
            external,
        })
    }

    fn per_inhabitant(&mut self, t: &TomlTable) -> Option<Rule> {
        let fixed = match t.get("fixed") {
            Some(i) => self.doc.decimal(&t.child("fixed"), i)?,
            None => Decimal::ZERO,
        };
        let rates = match (t.get("rate"), t.get("rates")) {
            (Some(r), None) => schedule(self.doc, &t.child("rate"), r).map(Rates::Uniform),
            (None, Some(r)) => {
                let k = t.child("rates");
                let rt = self.doc.table(&k, r)?;
                let mut by = BTreeMap::new();
                for (g, item) in rt.entries() {
                    if let Some(s) = schedule(self.doc, &rt.child(&g), item) {
                        by.insert(g, s);
                    }
                }
                Some(Rates::ByGroup(by))
            }
            (Some(_), Some(_)) => {
                self.doc.err(
                    &t.child("rates"),
                    t.key_span("rates"),
                    "give either rate or rates (per group), not both",
                );
                None
            }
            (None, None) => {
                let span = t.span.clone();
                self.doc.err(
                    &t.child("rate"),
                    span,
                    "missing key \"rate\" (or \"rates\" with a rate per group)",
                );
                None
            }
        };
        Some(Rule::PerInhabitant { rates: rates?, fixed })
    }

    fn apportion(&mut self, t: &TomlTable) -> Option<Rule> {
        let total = self.required(t, "total", |d, k, i| d.decimal(k, i));
        let key = t.child("weights");
        let mut weights = match t.get("weights") {
            None => Some(Weights {
                population: Decimal::ONE,
                equal: Decimal::ZERO,
                data: Decimal::ZERO,
                data_values: None,
            }),
            Some(item) => weights(self.doc, &key, item),
        };
        let file = t
            .get("weight_file")
            .and_then(|i| self.doc.path(&t.child("weight_file"), i));
        let column = t
            .get("weight_column")
            .and_then(|i| self.doc.string(&t.child("weight_column"), i));
        if let Some(w) = weights.as_mut() {
            match (w.data.is_zero(), file, column) {
                (true, None, None) => {}
                (true, _, _) => self.doc.err(
                    &t.child("weight_file"),
                    t.key_span("weight_file").or(t.key_span("weight_column")),
                    "a weight file is given but the weights do not use \"data\"",
                ),
                (false, Some(file), Some(column)) => match (self.load_weights)(&file, &column) {
                    Ok(data) => w.data_values = Some(data),
                    Err(problems) => {
                        let span = t.key_span("weight_file");
                        for p in problems.iter() {
                            self.doc.err(&t.child("weight_file"), span.clone(), p.to_string());
                        }
                    }
                },
                (false, _, _) => {
                    let span = t.span.clone();
                    self.doc.err(
                        &key,
                        span,
                        "weights with \"data\" need weight_file and weight_column",
                    );
                }
            }
        }
        Some(Rule::Apportion {
            total: total?,
            weights: weights?,
        })
    }

    fn external(&mut self, key: &str, item: &Item) -> BTreeMap<String, External> {
        let mut out = BTreeMap::new();
        let Some(t) = self.doc.table(key, item) else {
            return out;
        };
        for (payer, item) in t.entries() {
            let k = t.child(&payer);
            let Some(pt) = self.doc.table(&k, item) else {
                continue;
            };
            let e = match (pt.get("amount"), pt.get("share")) {
                (Some(a), None) => self.doc.decimal(&pt.child("amount"), a).map(External::Amount),
                (None, Some(s)) => self.doc.percent(&pt.child("share"), s).map(External::Share),
                _ => {
                    let span = pt.span.clone();
                    self.doc.err(&k, span, "an external payer needs either amount (kronor) or share (of the municipalities' total)");
                    None
                }
            };
            pt.finish(self.doc, &["amount", "share"]);
            if let Some(e) = e {
                out.insert(payer, e);
            }
        }
        out
    }

    fn adjustments(&mut self, top: &TomlTable) -> Vec<Adjustment> {
        let mut out = Vec::new();
        let Some(item) = top.get("adjustments") else {
            return out;
        };
        let array = match item.get_ref() {
            DeValue::Array(a) if self.doc.is_array_of_tables(item) => a,
            _ => {
                self.doc.err(
                    "adjustments",
                    item.at(),
                    format!(
                        "expected [[adjustments]] tables, found {}",
                        self.doc.describe(item)
                    ),
                );
                return out;
            }
        };
        for (i, table) in array.iter().enumerate() {
            let key = format!("adjustments[{i}]");
            let Some(t) = self.doc.table(&key, table) else {
                continue;
            };
            let activity = self.required(&t, "activity", |d, k, i| d.string(k, i));
            let label = self.required(&t, "label", |d, k, i| d.string(k, i));
            let mut amount = self.required(&t, "amount", |d, k, i| d.decimal(k, i));
            // Kronor and öre: the calc CSV (next year's actuals) writes two
            // decimals, so more would be rounded there.
            if let Some(a) = amount.filter(|a| a.normalize().scale() > 2) {
                let span = t.get("amount").and_then(Placed::at);
                self.doc.err(
                    &t.child("amount"),
                    span,
                    format!("an adjustment is in kronor and öre: at most two decimals, found {a}"),
                );
                amount = None;
            }
            let recurring = match t.get("recurring") {
                Some(i) => self.doc.bool(&t.child("recurring"), i).unwrap_or(false),
                None => false,
            };
            t.finish(self.doc, &["activity", "label", "amount", "recurring"]);
            if let (Some(activity), Some(label), Some(amount)) = (activity, label, amount) {
                out.push(Adjustment {
                    activity,
                    label,
                    amount,
                    recurring,
                });
            }
        }
        out
    }
}

const COMMON_CHARGE_KEYS: &[&str] = &[
    "name",
    "rule",
    "activity",
    "split",
    "participants",
    "index",
    "floor",
    "cap",
    "external",
];

fn rule_keys(rule: Option<&str>) -> &'static [&'static str] {
    match rule {
        Some("per_inhabitant") => &["rate", "rates", "fixed"],
        Some("fixed") => &["amount"],
        Some("apportion") => &["total", "weights", "weight_file", "weight_column"],
        Some("agreement") => &["amounts"],
        Some("previous") => &["from"],
        // An unknown or missing rule is reported as such; its keys are not.
        _ => &[],
    }
}

/// Every key a charge may have: the common ones and every rule's, sorted.
fn charge_keys() -> Vec<&'static str> {
    let mut keys: Vec<&str> = COMMON_CHARGE_KEYS
        .iter()
        .copied()
        .chain(RULES.iter().flat_map(|r| rule_keys(Some(r)).iter().copied()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `[invoice]`: issuer, terms, numbering, recipients file and accounts.
///
/// Long on purpose: the section's keys one after another in the order of
/// `docs/tariff-format.md`, each a few lines of reading and placing.
fn invoice(doc: &mut Doc, key: &str, item: &Item) -> InvoiceSettings {
    let mut s = InvoiceSettings::default();
    let Some(t) = doc.table(key, item) else { return s };
    let string = |doc: &mut Doc, t: &TomlTable, k: &str| t.get(k).and_then(|i| doc.string(&t.child(k), i));
    let lines = |doc: &mut Doc, t: &TomlTable, k: &str| -> Vec<String> {
        let Some(i) = t.get(k) else { return Vec::new() };
        let key = t.child(k);
        match i.get_ref().as_array() {
            Some(a) => a
                .iter()
                .enumerate()
                .filter_map(|(n, v)| doc.string_value(&format!("{key}[{n}]"), v))
                .collect(),
            None => doc.string(&key, i).into_iter().collect(),
        }
    };
    if let Some(i) = t.get("issuer") {
        if let Some(it) = doc.table(&t.child("issuer"), i) {
            s.issuer = Issuer {
                name: string(doc, &it, "name").unwrap_or_default(),
                org_nr: identifier(doc, &it, "org_nr", |v| OrgNr::parse(v).map(|_| ())),
                peppol_id: identifier(doc, &it, "peppol_id", |v| PeppolId::parse(v).map(|_| ())),
                vat_id: identifier(doc, &it, "vat_id", vat_id),
                address: lines(doc, &it, "address"),
                bankgiro: identifier(doc, &it, "bankgiro", |v| Bankgiro::parse(v).map(|_| ())),
                contact: lines(doc, &it, "contact"),
            };
            it.finish(
                doc,
                &[
                    "name",
                    "org_nr",
                    "peppol_id",
                    "vat_id",
                    "address",
                    "bankgiro",
                    "contact",
                ],
            );
        }
    }
    if let Some(i) = t.get("payment_days") {
        if let Some(n) = doc.integer(&t.child("payment_days"), i, 0..366) {
            s.payment_days = n as u32;
        }
    }
    if let Some(i) = t.get("first_number") {
        if let Some(n) = doc.integer(&t.child("first_number"), i, 1..i64::MAX) {
            s.first_number = n as u64;
        }
    }
    if let Some(text) = string(doc, &t, "date") {
        match text.parse() {
            Ok(d) => s.date = Some(d),
            Err(e) => doc.err(&t.child("date"), t.get("date").and_then(Placed::at), e),
        }
    }
    s.vat = string(doc, &t, "vat").unwrap_or_default();
    s.recipients = t
        .get("recipients")
        .and_then(|i| doc.path(&t.child("recipients"), i));
    if let Some(text) = string(doc, &t, "ocr") {
        match OcrMethod::parse(&text) {
            Some(m) => s.ocr = m,
            None => doc.err(
                &t.child("ocr"),
                t.get("ocr").and_then(Placed::at),
                format!("expected \"none\", \"luhn\" or \"luhn-length\", found {text:?}"),
            ),
        }
    }
    for (k, slot) in [("einvoice", &mut s.einvoice), ("embed_pdf", &mut s.embed_pdf)] {
        if let Some(i) = t.get(k) {
            if let Some(b) = doc.bool(&t.child(k), i) {
                *slot = b;
            }
        }
    }
    for (k, slot) in [
        ("vat_exemption", &mut s.vat_exemption),
        ("vat_exempt_reason", &mut s.vat_exempt_reason),
    ] {
        if let Some(text) = string(doc, &t, k) {
            if text.trim().is_empty() {
                doc.err(
                    &t.child(k),
                    t.get(k).and_then(Placed::at),
                    "expected the reason as text, found an empty string (leave the key out for the default)",
                );
            } else {
                *slot = text;
            }
        }
    }
    if let Some(i) = t.get("vat_category") {
        if let Some(vt) = doc.table(&t.child("vat_category"), i) {
            for (activity, item) in vt.entries() {
                let key = vt.child(&activity);
                match doc.string(&key, item).as_deref() {
                    Some("O") => {}
                    Some("E") => s.vat_exempt.push(activity),
                    Some(other) => doc.err(
                        &key,
                        item.at(),
                        format!(
                            "expected \"O\" (outside the scope of VAT, the default) or \"E\" (exempt), found {other:?}: \
                             invoices with VAT (S and the other categories) are not supported"
                        ),
                    ),
                    None => {}
                }
            }
            s.vat_exempt.sort();
        }
    }
    if let Some(i) = t.get("accounts") {
        if let Some(at) = doc.table(&t.child("accounts"), i) {
            s.receivables = at
                .get("receivables")
                .and_then(|i| account(doc, &at.child("receivables"), i));
            if let Some(r) = at.get("revenue") {
                if let Some(rt) = doc.table(&at.child("revenue"), r) {
                    for (activity, item) in rt.entries() {
                        if let Some(a) = account(doc, &rt.child(&activity), item) {
                            s.revenue.insert(activity, a);
                        }
                    }
                }
            }
            at.finish(doc, &["receivables", "revenue"]);
        }
    }
    t.finish(
        doc,
        &[
            "issuer",
            "payment_days",
            "first_number",
            "date",
            "vat",
            "recipients",
            "accounts",
            "ocr",
            "einvoice",
            "embed_pdf",
            "vat_exemption",
            "vat_exempt_reason",
            "vat_category",
        ],
    );
    s
}

/// An identifier of the issuer: a string that `check` accepts, or empty
/// when left out. A bad one is reported at its place and read as empty.
fn identifier(doc: &mut Doc, t: &TomlTable, k: &str, check: impl Fn(&str) -> Result<(), String>) -> String {
    let Some(item) = t.get(k) else {
        return String::new();
    };
    let key = t.child(k);
    let Some(text) = doc.string(&key, item) else {
        return String::new();
    };
    if text.trim().is_empty() {
        return String::new();
    }
    match check(&text) {
        Ok(()) => text.trim().to_string(),
        Err(e) => {
            doc.err(&key, item.at(), e);
            String::new()
        }
    }
}

/// A Swedish VAT registration number: `SE`, the organisation number, `01`.
fn vat_id(text: &str) -> Result<(), String> {
    let t = text.trim();
    let ok = t.len() == 14 && t.starts_with("SE") && t.ends_with("01") && OrgNr::parse(&t[2..12]).is_ok();
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected a Swedish VAT number: SE, the 10-digit organisation number and 01 (SE222000123401), found {text:?}"
        ))
    }
}

/// An account number: digits, as a string or an integer (`"1510"`, `1510`).
fn account(doc: &mut Doc, key: &str, item: &Item) -> Option<String> {
    doc.record(key, item.at());
    let text = match item.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => integer_text(i),
        _ => {
            doc.err(
                key,
                item.at(),
                format!(
                    "expected an account number such as \"1510\", found {}",
                    doc.describe(item)
                ),
            );
            return None;
        }
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        doc.err(
            key,
            item.at(),
            format!("expected an account number of digits, found {text:?}"),
        );
        return None;
    }
    Some(text)
}

/// `[projection]`: `rates` and `amounts`, each "öre", "krona" or "exact".
fn projection(doc: &mut Doc, key: &str, item: &Item) -> Projection {
    let mut p = Projection::default();
    let Some(t) = doc.table(key, item) else { return p };
    for (name, slot) in [("rates", &mut p.rates), ("amounts", &mut p.amounts)] {
        let k = t.child(name);
        if let Some(i) = t.get(name) {
            if let Some(s) = doc.string(&k, i) {
                match Precision::parse(&s) {
                    Some(v) => *slot = v,
                    None => doc.err(
                        &k,
                        i.at(),
                        format!("expected \"öre\", \"krona\" or \"exact\", found {s:?}"),
                    ),
                }
            }
        }
    }
    t.finish(doc, &["rates", "amounts"]);
    p
}

fn activity(doc: &mut Doc, key: &str, item: &Item) -> Option<Activity> {
    let t = doc.table(key, item)?;
    let note = t
        .get("note")
        .and_then(|i| doc.integer(&t.child("note"), i, 1..10_000))
        .map(|n| n as u32);
    let name = match t.get("name") {
        Some(i) => doc.string(&t.child("name"), i),
        None => {
            let span = t.span.clone();
            doc.err(&t.child("name"), span, "missing key \"name\"");
            None
        }
    };
    t.finish(doc, &["note", "name"]);
    Some(Activity { note, name: name? })
}

fn payer(doc: &mut Doc, key: &str, item: &Item) -> Option<Payer> {
    let t = doc.table(key, item)?;
    let name = match t.get("name") {
        Some(i) => doc.string(&t.child("name"), i),
        None => {
            let span = t.span.clone();
            doc.err(&t.child("name"), span, "missing key \"name\"");
            None
        }
    };
    t.finish(doc, &["name"]);
    Some(Payer { name: name? })
}

/// How to write the number a line assigns the way people write numbers:
/// `rate = 6,53` (a decimal comma) or `fixed = 135 000` (grouped by spaces)
/// gets "TOML numbers use a decimal point: write 6.53".
fn number_hint(line: &str) -> Option<String> {
    let (_, value) = line.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let body = value.strip_prefix('-').unwrap_or(value);
    let (whole, fraction) = match body.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = whole.split([' ', '\u{a0}']).collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let grouped = groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3);
    if !groups.iter().all(|g| digits(g)) || !fraction.is_none_or(digits) || (fraction.is_none() && !grouped) {
        return None;
    }
    let sign = if value.starts_with('-') { "-" } else { "" };
    let number = match fraction {
        Some(f) => format!("{sign}{}.{f}", groups.join("_")),
        None => format!("{sign}{}", groups.join("_")),
    };
    Some(match (fraction, groups.len()) {
        (Some(_), 1) => format!("TOML numbers use a decimal point: write {number}"),
        (Some(_), _) => format!("TOML numbers use a decimal point and group digits with _: write {number}"),
        (None, _) => format!("TOML numbers group digits with _, not spaces: write {number}"),
    })
}

/// A municipality code written as a string (`"0127"`) or an integer (`1490`).
fn code_value(doc: &mut Doc, key: &str, v: &Item) -> Option<Code> {
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => integer_text(i),
        other => {
            doc.err(
                key,
                v.at(),
                format!(
                    "expected a municipality code such as \"1490\", found {}",
                    value_kind(other)
                ),
            );
            return None;
        }
    };
    match text.parse::<Code>() {
        Ok(c) => Some(c),
        Err(e) => {
            doc.err(key, v.at(), e);
            None
        }
    }
}

/// A list of municipality codes.
fn codes(doc: &mut Doc, key: &str, item: &Item) -> Option<Vec<Code>> {
    doc.record(key, item.at());
    let Some(array) = item.get_ref().as_array() else {
        doc.err(
            key,
            item.at(),
            format!(
                "expected a list of municipality codes such as [\"1490\", \"1463\"], found {}",
                doc.describe(item)
            ),
        );
        return None;
    };
    let mut out = Vec::new();
    for (i, v) in array.iter().enumerate() {
        if let Some(c) = code_value(doc, &format!("{key}[{i}]"), v) {
            out.push(c);
        }
    }
    Some(out)
}

/// `"everyone"`, a group name, or a list of codes and group names.
fn participants(doc: &mut Doc, key: &str, item: &Item) -> Option<Participants> {
    doc.record(key, item.at());
    let member = |doc: &mut Doc, k: &str, v: &Item| -> Option<Member> {
        match v.get_ref() {
            DeValue::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
                code_value(doc, k, v).map(Member::Code)
            }
            DeValue::String(s) => Some(Member::Group(s.to_string())),
            DeValue::Integer(_) => code_value(doc, k, v).map(Member::Code),
            other => {
                doc.err(
                    k,
                    v.at(),
                    format!(
                        "expected a municipality code or a group name, found {}",
                        value_kind(other)
                    ),
                );
                None
            }
        }
    };
    if !doc.is_value(item) {
        doc.err(
            key,
            item.at(),
            format!(
                "expected \"everyone\", a group name or a list of codes, found {}",
                doc.describe(item)
            ),
        );
        return None;
    }
    match item.get_ref() {
        DeValue::String(s) if s == "everyone" => Some(Participants::Everyone),
        DeValue::Array(array) => {
            let mut out = Vec::new();
            for (i, v) in array.iter().enumerate() {
                out.extend(member(doc, &format!("{key}[{i}]"), v));
            }
            Some(Participants::Some(out))
        }
        _ => member(doc, key, item).map(|m| Participants::Some(vec![m])),
    }
}

/// A flat rate (`6.53`) or tiers (`[{ up_to = 10000, rate = 30 }, { rate = 20 }]`).
fn schedule(doc: &mut Doc, key: &str, item: &Item) -> Option<Schedule> {
    doc.record(key, item.at());
    match item.get_ref() {
        DeValue::Array(array) if doc.is_value(item) => {
            let mut tiers = Vec::new();
            for (i, v) in array.iter().enumerate() {
                let k = format!("{key}[{i}]");
                let Some(t) = doc.table(&k, v) else {
                    continue;
                };
                let up_to = t
                    .get("up_to")
                    .and_then(|i| doc.integer(&t.child("up_to"), i, 1..i64::MAX))
                    .map(|u| u as u64);
                let rate = match t.get("rate") {
                    Some(i) => doc.decimal(&t.child("rate"), i),
                    None => {
                        let span = t.span.clone();
                        doc.err(&t.child("rate"), span, "missing key \"rate\"");
                        None
                    }
                };
                t.finish(doc, &["up_to", "rate"]);
                if let Some(rate) = rate {
                    tiers.push(Tier { up_to, rate });
                }
            }
            Some(Schedule::Tiers(tiers))
        }
        _ => doc.decimal(key, item).map(Schedule::Flat),
    }
}

/// `{ 1490 = 6607000, "1463" = 797000 }`.
fn amounts(doc: &mut Doc, key: &str, item: &Item) -> Option<BTreeMap<Code, Decimal>> {
    let t = doc.table(key, item)?;
    let mut out = BTreeMap::new();
    for (code, item) in t.entries() {
        let k = t.child(&code);
        let c = match code.parse::<Code>() {
            Ok(c) => Some(c),
            Err(e) => {
                let span = t.key_span(&code);
                doc.err(&k, span, e);
                None
            }
        };
        if let (Some(c), Some(a)) = (c, doc.decimal(&k, item)) {
            // `127` and `"0127"` are one municipality.
            if out.insert(c, a).is_some() {
                let span = t.key_span(&code);
                doc.err(&k, span, format!("municipality {c} is listed twice"));
            }
        }
    }
    Some(out)
}

/// `"population"`, `"equal"`, `"data"`, or shares: `{ equal = "50%", population = "50%" }`.
fn weights(doc: &mut Doc, key: &str, item: &Item) -> Option<Weights> {
    doc.record(key, item.at());
    let mut w = Weights {
        population: Decimal::ZERO,
        equal: Decimal::ZERO,
        data: Decimal::ZERO,
        data_values: None,
    };
    if let Some(s) = item.get_ref().as_str() {
        match s {
            "population" => w.population = Decimal::ONE,
            "equal" => w.equal = Decimal::ONE,
            "data" => w.data = Decimal::ONE,
            other => {
                doc.err(key, item.at(), format!("unknown weights {other:?}; expected \"population\", \"equal\", \"data\" or a table of shares"));
                return None;
            }
        }
        return Some(w);
    }
    let t = doc.table(key, item)?;
    for (basis, slot) in [
        ("population", &mut w.population),
        ("equal", &mut w.equal),
        ("data", &mut w.data),
    ] {
        if let Some(i) = t.get(basis) {
            *slot = doc.percent(&t.child(basis), i)?;
        }
    }
    t.finish(doc, &["population", "equal", "data"]);
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let r = rule(
            "[charges.dso]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\nfixed = 135_000\nrate = 6.53\n",
        );
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
        let p =
            problems("[charges.dso]\nrule = \"per_inhabitant\"\nactivity = \"dso\"\nrate = 6.53\nrat = 1\n");
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
}
