//! Tariff format v1 (TOML) into the engine's [`Tariff`]. Every key is
//! documented in `docs/tariff-format.md`; this folder is its reader, one
//! file per part of the format: `document.rs` the top level, `charges.rs`
//! a charge and its rule, `invoice.rs` the `[invoice]` section,
//! `values.rs` what several sections share. This file reads a tariff
//! (with `--set` overrides) and places its problems.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod charges;
mod document;
mod invoice;
mod reader;
mod values;

use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::model::{Tariff, WeightData};
use crate::msg;
use crate::msg::Arg;
use crate::read::overrides::{apply, Override};
use crate::read::toml::{parser_says, Doc, SourceMap};
pub use document::FORMAT;
use reader::TariffReader;
pub use reader::WeightLoader;
use values::number_hint;

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
            .map(|d| {
                Diagnostic::new(msg!("tariff-problem-at", place = path, problem = d.message)).for_key(key)
            })
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
                    d.file = Some(o.place());
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
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Tariff)?;
    tariff_from_bytes(ctx, path, bytes, overrides, named_actuals)
}

/// [`read_tariff_telling`] of bytes already read from `path` (a command
/// that has to look at a file before it knows it is a tariff reads it once).
pub fn tariff_from_bytes(
    ctx: &crate::context::Context,
    path: &Path,
    bytes: Vec<u8>,
    overrides: &[Override],
    named_actuals: &dyn Fn(PathBuf),
) -> Result<LoadedTariff, Diagnostics> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            return Err(Diagnostic::new(msg!("tariff-not-utf8"))
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
    let parsed = crate::read::toml::parse(text).map_err(|e| not_toml(text, path, e.message, e.span))?;
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
        let tariff = document::read(
            TariffReader {
                doc: &mut doc,
                load_weights,
            },
            &parsed,
        );
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
        document::read(
            TariffReader {
                doc: &mut doc,
                load_weights: &no_weights,
            },
            &parsed,
        );
        drop(parsed);
        let mut edited: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            let span = e.span().or_else(|| crate::read::toml::deepest(text));
            not_toml(text, path, parser_says(e.message()), span)
        })?;
        let written = edited.as_item().clone();
        let applied = apply(&mut edited, overrides);
        let edited = edited.to_string();
        let reparsed = crate::read::toml::parse(&edited)
            .map_err(|e| Diagnostic::new(msg!("tariff-set-not-toml", detail = e.message)).in_file(path))?;
        let mut doc = Doc::unplaced(&edited, doc.map);
        if let Err(problems) = applied {
            doc.problems.extend(problems);
        }
        let tariff = document::read(
            TariffReader {
                doc: &mut doc,
                load_weights,
            },
            &reparsed,
        );
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
fn not_toml(text: &str, path: &Path, detail: Arg, span: Option<std::ops::Range<usize>>) -> Diagnostics {
    let doc = Doc::new(text);
    let line = span.map(|span| doc.position(span.start));
    let message = match line
        .and_then(|(l, _)| text.lines().nth(l - 1))
        .and_then(number_hint)
    {
        Some(hint) => msg!("toml-not-valid-hint", detail = detail, hint = hint),
        None => msg!("toml-not-valid", detail = detail),
    };
    // Without a place (a recursion limit), the problem is the document's.
    let (l, c) = line.unwrap_or((1, 1));
    Diagnostic::new(message).in_file(path).at(l, c).into()
}

// Last in the file: the catalogue's test reads the code above it.
#[cfg(test)]
mod tests;
