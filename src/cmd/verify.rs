//! `avgift verify PATH…`: do outputs still match what made them?
//!
//! Every output records its recipe: the command line and the SHA-256 of
//! every input (JSON: a `provenance` field; workbooks: the custom property
//! `avgift-recipe`; the HTML report: a comment in its head; CSV and tables
//! written with `-o`: `FILE.manifest.json` beside them; an invoice folder:
//! `avgift-manifest.json`). `verify` checks each input's digest, replays the
//! command with every write kept in memory, and compares the result with
//! the file on disk. Paths in a recipe are as given on the command line, so
//! run `verify` from the folder the output was made in.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::audit::Recipe;
use crate::context::Context;
use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::digest::sha256_hex;
use crate::emit::{emit, manifest_path, MANIFEST};
use crate::msg;
use crate::msg::{count, Arg, Message};
use crate::write::report::RECIPE_MARK;
use crate::write::xlsx::RECIPE_PROPERTY;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Outputs to check: files written by avgift, or invoice folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// For an invoice folder: a register head printed by an earlier run (or kept from its SIE file
    /// or year CSV), which must still be in the register's chain: nothing before it changed.
    #[arg(long, value_name = "HEX")]
    pub head: Vec<String>,
    /// For an invoice folder: the public key its signatures must hold against [default: the key the
    /// register records].
    #[arg(long, value_name = "HEX")]
    pub public_key: Option<String>,
}

/// One output to check and what made it.
struct Target {
    recipe: Recipe,
    /// What `-o` named: the file, or the invoice folder.
    output: PathBuf,
    /// The output files, with the digest a manifest recorded for each.
    files: Vec<(PathBuf, Option<String>)>,
}

fn problem(path: &Path, message: Message) -> Diagnostics {
    Diagnostic::new(message).in_file(path).into()
}

/// What made `path`, read from wherever its kind of output records it.
fn target(ctx: &Context, path: &Path) -> Result<Target, Diagnostics> {
    if path.is_dir() {
        return manifest(ctx, &path.join(MANIFEST), path, path);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if name == MANIFEST {
        return manifest(ctx, path, dir, dir);
    }
    if let Some(output) = name.strip_suffix(".manifest.json") {
        let output = dir.join(output);
        return manifest(ctx, path, dir, &output).map(|t| only(t, &output));
    }
    let beside = manifest_path(path);
    if beside.is_file() {
        // Everything the manifest lists goes with the file (a projected
        // tariff's population and actuals files too).
        return manifest(ctx, &beside, dir, path);
    }
    if dir.join(MANIFEST).is_file() {
        return manifest(ctx, &dir.join(MANIFEST), dir, dir).map(|t| only(t, path));
    }
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Output)
        .map_err(Diagnostics::from)?;
    let recipe = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| Recipe::from_json(&v["provenance"])),
        Some("xlsx") => workbook_recipe(&bytes),
        Some("html") => html_recipe(&String::from_utf8_lossy(&bytes)),
        _ => None,
    };
    let recipe = recipe.ok_or_else(|| problem(path, msg!("verify-no-record")))?;
    Ok(Target {
        recipe,
        output: path.to_path_buf(),
        files: vec![(path.to_path_buf(), None)],
    })
}

/// Keeps one file of a manifest's target.
fn only(mut t: Target, path: &Path) -> Target {
    let key = normal(path);
    t.files.retain(|(f, _)| normal(f) == key);
    if t.files.is_empty() {
        t.files.push((path.to_path_buf(), None));
    }
    t
}

/// A manifest: `{"recipe": …, "files": {name: sha256}}`, names relative to
/// `dir`; `output` is what `-o` named.
fn manifest(ctx: &Context, path: &Path, dir: &Path, output: &Path) -> Result<Target, Diagnostics> {
    let bytes = crate::context::input::read_input(ctx, path, crate::context::input::Input::Manifest)
        .map_err(Diagnostics::from)?;
    // JSON that does not parse: at its line and column (which serde_json's
    // text would say again).
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        let text = e.to_string();
        let error = text.split(" at line ").next().unwrap_or(&text).to_string();
        Diagnostics::from(
            Diagnostic::new(msg!("verify-not-manifest", error = error))
                .in_file(path)
                .at(e.line().max(1), e.column().max(1)),
        )
    })?;
    let recipe =
        Recipe::from_json(&v["recipe"]).ok_or_else(|| problem(path, msg!("verify-manifest-no-recipe")))?;
    let files = v["files"]
        .as_object()
        .ok_or_else(|| problem(path, msg!("verify-manifest-no-files")))?
        .iter()
        .map(|(name, sha)| {
            let file = if dir == Path::new(".") {
                PathBuf::from(name)
            } else {
                dir.join(name)
            };
            (file, sha.as_str().map(String::from))
        })
        .collect();
    Ok(Target {
        recipe,
        output: output.to_path_buf(),
        files,
    })
}

/// The `avgift-recipe` custom property of a workbook (docProps/custom.xml).
fn workbook_recipe(bytes: &[u8]) -> Option<Recipe> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("docProps/custom.xml")
        .ok()?
        .read_to_string(&mut xml)
        .ok()?;
    let at = xml.find(&format!("name=\"{RECIPE_PROPERTY}\""))?;
    let rest = &xml[at..];
    let start = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let end = rest[start..].find("</vt:lpwstr>")? + start;
    let text = rest[start..end]
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Recipe::from_json(&serde_json::from_str(&text).ok()?)
}

/// The recipe in the report's head comment.
fn html_recipe(html: &str) -> Option<Recipe> {
    let mark = format!("<!-- {RECIPE_MARK} ");
    let start = html.find(&mark)? + mark.len();
    let end = html[start..].find(" -->")? + start;
    Recipe::from_json(&serde_json::from_str(&html[start..end]).ok()?)
}

/// A path made absolute with `.` components dropped, for comparing.
fn normal(p: &Path) -> PathBuf {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .components()
        .collect()
}

/// How a recorded command line (its `-o` added) is run again in a context:
/// parsed and dispatched as the command line is (`cmd::replay`); `Err` is
/// why it cannot be run.
pub type Replay = fn(&Context, &[String]) -> Result<Result<(), Failure>, Message>;

pub fn run(ctx: &Context, args: &VerifyArgs, replay: Replay) -> Result<(), Failure> {
    let mut targets = Vec::new();
    let mut problems = Diagnostics::new();
    let mut folders = Vec::new();
    for p in &args.paths {
        // A folder of final documents is checked against its register.
        let dir = if p.is_dir() {
            Some(p.as_path())
        } else {
            p.parent().filter(|d| !d.as_os_str().is_empty())
        };
        if let Some(dir) = dir.filter(|d| crate::invoicing::verify::is_final_folder(d)) {
            folders.push(dir.to_path_buf());
            continue;
        }
        match target(ctx, p) {
            Ok(t) => targets.push(t),
            Err(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let mut out = String::new();
    let (mut good, mut bad) = (0, 0);
    let public_key = match &args.public_key {
        Some(text) => {
            Some(crate::signing::PublicKey::parse(text).map_err(|m| problem(Path::new("--public-key"), m))?)
        }
        None => None,
    };
    let options = crate::invoicing::verify::Options {
        heads: &args.head,
        public_key: public_key.as_ref(),
    };
    // A folder's documents and files, then its receivables.
    let checked = folders.iter().map(|d| {
        let mut lines = crate::invoicing::verify::check(ctx, d, &options);
        lines.extend(crate::receivables::verify::check(ctx, d));
        lines
    });
    for lines in targets.iter().map(|t| check(ctx, t, replay)).chain(checked) {
        for (ok, line) in lines {
            if ok {
                good += 1;
            } else {
                bad += 1;
            }
            let _ = writeln!(out, "{}", ctx.text(&line));
        }
    }
    emit(ctx, None, &out)?;
    if bad > 0 {
        return Err(Failure::Other(msg!(
            "verify-failed",
            bad = count(bad),
            good = count(good)
        )));
    }
    Ok(())
}

/// Checks one target: (ok, line) per output file or input problem.
fn check(ctx: &Context, t: &Target, replay: Replay) -> Vec<(bool, Message)> {
    // Inputs first: an output made from other inputs cannot match.
    let (mut lines, inputs) = inputs_checked(ctx, t);
    match inputs {
        InputState::Changed => {
            for (f, _) in &t.files {
                lines.push((false, msg!("verify-stale", file = f)));
            }
        }
        InputState::Missing => {
            for (f, _) in &t.files {
                lines.push((false, msg!("verify-not-checked", file = f)));
            }
        }
        // A numbered run cannot be made twice (a folder written before the
        // register was a database): it is checked against its manifest's
        // digests instead of being replayed.
        InputState::Same if t.recipe.command.iter().any(|a| a == "--credit" || a == "--final") => {
            lines.extend(outputs_by_digest(ctx, t));
        }
        InputState::Same => lines.extend(outputs_replayed(ctx, t, replay)),
    }
    lines
}

/// What a target's recorded inputs are now.
enum InputState {
    /// Every input has its recorded digest.
    Same,
    /// An input's bytes differ from those recorded.
    Changed,
    /// An input is missing or unreadable (and none has changed).
    Missing,
}

/// Each recorded input read and compared with its digest: a line per
/// input that differs or cannot be read, and what that makes the inputs.
fn inputs_checked(ctx: &Context, t: &Target) -> (Vec<(bool, Message)>, InputState) {
    let mut lines = Vec::new();
    let (mut changed, mut missing) = (false, false);
    for input in &t.recipe.inputs {
        match crate::context::input::read_input(ctx, &input.path, crate::context::input::Input::Recorded) {
            Ok(bytes) if sha256_hex(&bytes) == input.sha256 => {}
            Ok(_) => {
                changed = true;
                lines.push((
                    false,
                    msg!(
                        "verify-input-changed",
                        path = &input.path,
                        role = role(input.role)
                    ),
                ));
            }
            Err(_)
                if std::fs::symlink_metadata(&input.path)
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                missing = true;
                lines.push((
                    false,
                    msg!(
                        "verify-input-not-found",
                        path = &input.path,
                        role = role(input.role)
                    ),
                ));
            }
            Err(e) => {
                missing = true;
                lines.push((
                    false,
                    msg!(
                        "verify-input-unreadable",
                        path = &input.path,
                        role = role(input.role),
                        why = e.message
                    ),
                ));
            }
        }
    }
    let state = if changed {
        InputState::Changed
    } else if missing {
        InputState::Missing
    } else {
        InputState::Same
    };
    (lines, state)
}

/// An input's role in a recipe (`tariff`), as a message names it.
fn role(role: &str) -> Arg {
    match role {
        "tariff" => msg!("verify-role-tariff").into(),
        "population" => msg!("verify-role-population").into(),
        "actuals" => msg!("verify-role-actuals").into(),
        "weights" => msg!("verify-role-weights").into(),
        "recipients" => msg!("verify-role-recipients").into(),
        "input" => msg!("verify-role-input").into(),
        other => other.into(),
    }
}

/// An output file as it is on disk, if it can be read.
fn on_disk(ctx: &Context, f: &Path) -> Option<Vec<u8>> {
    crate::context::input::read_input(ctx, f, crate::context::input::Input::Output).ok()
}

/// Each output compared with the digest its manifest records.
fn outputs_by_digest(ctx: &Context, t: &Target) -> Vec<(bool, Message)> {
    t.files
        .iter()
        .map(|(f, sha)| {
            let ok = on_disk(ctx, f).map(|b| sha256_hex(&b)) == *sha;
            let line = if ok {
                msg!("verify-ok", file = f)
            } else {
                msg!("verify-edited", file = f)
            };
            (ok, line)
        })
        .collect()
}

/// The recorded command run again, and each output compared with what it
/// makes now (or, for a file it does not make, with its recorded digest).
fn outputs_replayed(ctx: &Context, t: &Target, run: Replay) -> Vec<(bool, Message)> {
    let files = match replay(run, ctx.lang(), &t.recipe.command, &t.output) {
        Ok(files) => files,
        Err(why) => {
            return vec![(
                false,
                msg!(
                    "verify-cannot-recompute",
                    command = t.recipe.command.join(" "),
                    why = why
                ),
            )];
        }
    };
    let made: BTreeMap<PathBuf, &Vec<u8>> = files.iter().map(|(p, b)| (normal(p), b)).collect();
    t.files
        .iter()
        .map(|(f, sha)| match (made.get(&normal(f)), on_disk(ctx, f)) {
            (Some(want), Some(have)) if **want == have => (true, msg!("verify-ok", file = f)),
            (Some(_), Some(_)) => (false, msg!("verify-edited-not-what-inputs-give", file = f)),
            (_, None) => (false, msg!("verify-missing", file = f)),
            // Written by an earlier run into the same folder: its digest.
            (None, Some(have)) if sha.as_deref() == Some(sha256_hex(&have).as_str()) => {
                (true, msg!("verify-ok-by-digest", file = f))
            }
            (None, Some(_)) if sha.is_some() => (false, msg!("verify-edited-not-digest", file = f)),
            (None, Some(_)) => (false, msg!("verify-not-made-again", file = f)),
        })
        .collect()
}

/// Runs a recorded command line, writing to `output`, in a context that
/// keeps every write in memory; `Err` is why it did not run, in `lang`'s
/// words where they are the run's problems.
fn replay(
    run: Replay,
    lang: crate::i18n::Lang,
    args: &[String],
    output: &Path,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, Arg> {
    let mut full: Vec<String> = args.to_vec();
    full.push("-o".into());
    full.push(output.to_string_lossy().to_string());
    let replay = Context::in_memory(args.to_vec());
    replay.set_lang(lang);
    match run(&replay, &full).map_err(Arg::Msg)? {
        Ok(()) => Ok(replay.captured().files),
        Err(Failure::Input(d)) => Err(Arg::Text(d.render(lang))),
        Err(Failure::Other(m)) => Err(Arg::Msg(m)),
    }
}
