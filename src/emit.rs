//! What every command and workflow does with what it made: files written
//! atomically through the run's context (making their folder), standard
//! output, the `wrote FILE` line on standard error, and the manifest that
//! records an output's recipe and digest beside it.

use std::path::{Path, PathBuf};

use crate::audit::Recipe;
use crate::context::file::write_failure;
use crate::context::Context;
use crate::diag::Failure;
use crate::msg;
use crate::write::xlsx::WorkbookError;

/// The manifest of a folder of outputs (invoices, a plan's tariffs): the
/// recipe and every file's digest.
pub const MANIFEST: &str = "avgift-manifest.json";

/// `FILE.manifest.json` beside an output: what made it and its digest.
pub fn write_manifest(ctx: &Context, output: &Path, bytes: &[u8], recipe: &Recipe) -> Result<(), Failure> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    write_manifest_of(ctx, output, &[(name, bytes)], recipe)
}

/// `OUTPUT.manifest.json`: the recipe and the SHA-256 of each file written
/// beside `output` (names relative to its folder).
pub fn write_manifest_of(
    ctx: &Context,
    output: &Path,
    files: &[(String, &[u8])],
    recipe: &Recipe,
) -> Result<(), Failure> {
    let digests: Vec<(String, String)> = files
        .iter()
        .map(|(name, bytes)| (name.clone(), crate::digest::sha256_hex(bytes)))
        .collect();
    write_manifest_digests(ctx, output, &digests, recipe)
}

/// The manifest from the files' digests.
pub fn write_manifest_digests(
    ctx: &Context,
    output: &Path,
    files: &[(String, String)],
    recipe: &Recipe,
) -> Result<(), Failure> {
    let files: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(name, sha)| (name.clone(), sha.clone().into()))
        .collect();
    let manifest = serde_json::json!({"avgift_manifest": 1, "recipe": recipe.to_json(), "files": files});
    emit_bytes(
        ctx,
        Some(&manifest_path(output)),
        crate::write::json::text(&manifest).as_bytes(),
    )
}

/// Where the manifest of an output goes.
pub fn manifest_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".manifest.json");
    output.with_file_name(name)
}

/// A rendered workbook, or why it could not be made (exit 1).
pub fn workbook(rendered: Result<Vec<u8>, impl Into<WorkbookError>>) -> Result<Vec<u8>, Failure> {
    rendered.map_err(|e| {
        Failure::Other(match e.into() {
            WorkbookError::Xlsx(e) => msg!("emit-cannot-make-workbook", error = e.to_string()),
            WorkbookError::Refused(why) => msg!("emit-cannot-make-workbook", error = why),
        })
    })
}

pub fn emit(ctx: &Context, output: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit_bytes(ctx, output, text.as_bytes())
}

/// Says on standard error that an output file was written (`wrote
/// avgifter.csv`): every command announces its outputs this way.
pub fn announce(ctx: &Context, path: &Path) {
    ctx.say(&msg!("emit-wrote", file = path));
}

/// Makes the folder an output file goes in, as every command does.
pub fn make_folder(ctx: &Context, path: &Path) -> Result<(), Failure> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => create_folder(ctx, dir),
        _ => Ok(()),
    }
}

/// Makes a folder (and its parents) for outputs.
pub fn create_folder(ctx: &Context, dir: &Path) -> Result<(), Failure> {
    ctx.make_folder(dir).map_err(|e| {
        let other = msg!("emit-cannot-make-folder", folder = dir, error = e.to_string());
        crate::context::file::folder_failure(dir, e, other)
    })
}

/// Writes `bytes` to `output` atomically (making its folder), or to
/// standard output.
pub fn emit_bytes(ctx: &Context, output: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    match output {
        // `-o -` is standard output.
        Some(path) if path.as_os_str() != "-" => make_folder(ctx, path)
            .and_then(|()| ctx.write_file(path, bytes).map_err(|e| write_failure(path, e))),
        _ => ctx
            .stdout(bytes)
            .map_err(|e| Failure::Other(msg!("emit-cannot-write-stdout", error = e.to_string()))),
    }
}
