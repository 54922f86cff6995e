//! What made an output: the tool's version and the SHA-256 of every input
//! file, so a result can be traced to its inputs years later.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::context::Context;
use crate::diag::Diagnostic;
use crate::digest::sha256_hex;

/// The tool's name and version, as outputs record it.
pub const TOOL: &str = concat!("avgift ", env!("CARGO_PKG_VERSION"));

/// One input file and its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// `tariff`, `population`, `actuals` or `weights`.
    pub role: &'static str,
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The inputs of a run, in a fixed order (tariff, population, actuals,
/// weight files), and the `--set` overrides applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub inputs: Vec<InputFile>,
    pub overrides: Vec<String>,
    /// The overrides as people read them (`Dataskyddsombud: 6,80 kr per
    /// invånare`), in the same order: what marks a what-if.
    pub described: Vec<String>,
}

impl Provenance {
    /// Adds a file this run read, with the digest of the bytes it read
    /// (the file is not read again). A file the run has not read (a
    /// forecast no year needed) is read now, once, through the context.
    pub fn add(&mut self, ctx: &Context, role: &'static str, path: &Path) -> Result<(), Diagnostic> {
        let sha256 = match ctx.input_digest(path) {
            Some(sha256) => sha256,
            None => {
                crate::context::input::read_input(ctx, path, crate::context::input::Input::Recorded)?;
                ctx.input_digest(path).unwrap_or_default()
            }
        };
        self.inputs.push(InputFile {
            role,
            path: path.to_path_buf(),
            sha256,
        });
        Ok(())
    }

    /// One digest over all inputs and overrides: what an invoice footer
    /// shows and what finalising compares.
    pub fn digest(&self) -> String {
        let mut listing = String::new();
        for i in &self.inputs {
            let _ = writeln!(listing, "{} {}", i.role, i.sha256);
        }
        for o in &self.overrides {
            let _ = writeln!(listing, "set {o}");
        }
        sha256_hex(listing.as_bytes())
    }
}

/// What made an output, as outputs record it for `avgift verify`: the
/// tool, the command line (paths as given, relative to where it ran) and
/// every input file's SHA-256.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipe {
    pub tool: String,
    pub command: Vec<String>,
    pub inputs: Vec<InputFile>,
}

impl Recipe {
    /// This run's recipe over the inputs read. The output path (`-o`) is
    /// left out: the same inputs give the same bytes wherever they are
    /// written, and `verify` knows where the output is.
    pub fn of(ctx: &Context, inputs: &[&Provenance]) -> Recipe {
        let mut command = Vec::new();
        let mut args = ctx.invocation().iter().cloned();
        while let Some(a) = args.next() {
            match a.as_str() {
                "-o" | "--output" => {
                    args.next();
                }
                a if a.starts_with("--output=") || (a.starts_with("-o") && a.len() > 2) => {}
                _ => command.push(a),
            }
        }
        Recipe {
            tool: TOOL.to_string(),
            command,
            inputs: inputs.iter().flat_map(|p| p.inputs.iter().cloned()).collect(),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let inputs: Vec<_> = self
            .inputs
            .iter()
            .map(
                |i| serde_json::json!({"role": i.role, "path": i.path.to_string_lossy(), "sha256": i.sha256}),
            )
            .collect();
        serde_json::json!({"tool": self.tool, "command": self.command, "inputs": inputs})
    }

    /// Reads a recipe back from its JSON.
    pub fn from_json(v: &serde_json::Value) -> Option<Recipe> {
        let command = v["command"]
            .as_array()?
            .iter()
            .map(|a| a.as_str().map(String::from))
            .collect::<Option<_>>()?;
        let inputs = v["inputs"]
            .as_array()?
            .iter()
            .map(|i| {
                Some(InputFile {
                    role: role(i["role"].as_str()?),
                    path: PathBuf::from(i["path"].as_str()?),
                    sha256: i["sha256"].as_str()?.to_string(),
                })
            })
            .collect::<Option<_>>()?;
        Some(Recipe {
            tool: v["tool"].as_str()?.to_string(),
            command,
            inputs,
        })
    }

    /// One line of JSON, safe inside HTML (no `<`, `>`, `&` or `'`).
    pub fn to_line(&self) -> String {
        self.to_json()
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\'', "\\u0027")
    }
}

/// A role as people read it, in Swedish (`Taxa`): the report's and the
/// workbooks' list of inputs.
pub fn role_sv(role: &str) -> &'static str {
    match role {
        "tariff" => "Taxa",
        "population" => "Befolkning",
        "actuals" => "Utfall föregående år",
        "weights" => "Viktfil",
        "recipients" => "Mottagare",
        _ => "Indata",
    }
}

/// The static role names, for recipes read back.
fn role(s: &str) -> &'static str {
    match s {
        "tariff" => "tariff",
        "population" => "population",
        "actuals" => "actuals",
        "weights" => "weights",
        "recipients" => "recipients",
        _ => "input",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_depends_on_inputs_and_overrides() {
        let mut p = Provenance::default();
        p.inputs.push(InputFile {
            role: "tariff",
            path: "t.toml".into(),
            sha256: sha256_hex(b"x"),
        });
        let before = p.digest();
        p.overrides.push("charges.dso.rate=7".into());
        assert_ne!(before, p.digest());
    }
}
