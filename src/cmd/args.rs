//! The options that several commands share: a tariff run's inputs
//! (`Common`) and where and how a result is written (`OutputOptions`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::audit::Recipe;
use crate::context::file::write_failure;
use crate::context::Context;
use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::emit::{announce, emit_bytes, make_folder, manifest_path, write_manifest, write_manifest_digests};
use crate::inputs::Given;
use crate::msg;
use crate::msg::Message;
use crate::write::{CsvDialect, Format};

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The tariff (TOML, format v1).
    pub tariff: PathBuf,
    #[command(flatten)]
    pub inputs: TariffInputs,
}

/// The inputs a tariff run takes besides the tariff, declared once:
/// every command's, and a tariff side of `compare`.
#[derive(Debug, Clone, Default, Args)]
pub struct TariffInputs {
    /// Population file to use instead of the one the tariff names.
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
    #[command(flatten)]
    pub actuals_and_set: ActualsAndSet,
}

/// `--actuals` and `--set`, which mean the same in every command, `project`
/// included. (`project`'s `--population` is not this one: it names next
/// year's population, and it excludes `--growth`; so `project` flattens
/// only these two.)
#[derive(Debug, Clone, Default, Args)]
pub struct ActualsAndSet {
    /// Previous year's actuals to use instead of the ones the tariff names.
    #[arg(long, value_name = "FILE")]
    pub actuals: Option<PathBuf>,
    /// Change a value of the tariff given, in its own year, for this run
    /// only, e.g. `charges.dso.rate=6.80`, `indices.avtal=3%`,
    /// `charges.navet.amounts.1442=180000` (repeatable; see
    /// docs/tariff-format.md). In `project` the change is to this year,
    /// before projecting: `project 2023.toml --year 2024 --set
    /// charges.dso.rate=6.80` computes 2023 at 6,80 and indexes it to
    /// 6,97 for 2024; to set 2024's value use `--next`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl Common {
    /// The options of a tariff run with `tariff` and these inputs.
    pub fn with(tariff: PathBuf, inputs: &TariffInputs) -> Common {
        Common {
            tariff,
            inputs: inputs.clone(),
        }
    }

    /// A run of `tariff` with the files it names and no `--set`.
    pub fn of(tariff: PathBuf) -> Common {
        Common::with(tariff, &TariffInputs::default())
    }

    /// What names this run's inputs.
    pub fn given(&self) -> Given {
        Given {
            tariff: self.tariff.clone(),
            population: self.inputs.population.clone(),
            actuals: self.inputs.actuals_and_set.actuals.clone(),
            set: self.inputs.actuals_and_set.set.clone(),
        }
    }
}

/// Options of commands that compute from one tariff and write a result.
#[derive(Debug, Args)]
pub struct Output {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub output: OutputOptions,
}

/// Where and how a result is written.
#[derive(Debug, Args)]
pub struct OutputOptions {
    /// Output format [default: by -o's extension; else table on a terminal,
    /// csv when piped]. With -o it must agree with the extension; xlsx
    /// needs -o.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (atomically, making its folder) instead of standard
    /// output. The extension says the format: .csv, .json, .xlsx or .txt
    /// (the table); any other is refused.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How CSV is written [default: plain]. Implies CSV unless --format or
    /// -o's extension says otherwise.
    #[arg(long, value_enum, value_name = "DIALECT")]
    pub csv_dialect: Option<CsvDialect>,
}

impl OutputOptions {
    /// The file to write, or `None` for standard output (no `-o`, or `-o -`).
    pub fn path(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| p.as_os_str() != "-")
    }

    /// The format to write, or why the options do not go together (exit 2).
    pub fn format(&self, ctx: &Context) -> Result<Format, Failure> {
        let terminal = ctx.stdout_is_terminal();
        let problem = |message: Message| Err(Failure::Input(Diagnostics(vec![Diagnostic::new(message)])));
        if let Some(path) = self.path() {
            let choices = || msg!("args-choices");
            match (Format::of_path(path), self.format) {
                (Err(ext), _) => {
                    let hint = match ext.as_str() {
                        "xls" | "xlsm" | "ods" => Some(msg!("args-hint-xlsx")),
                        "html" | "htm" => Some(msg!("args-hint-html")),
                        "pdf" => Some(msg!("args-hint-pdf")),
                        "tsv" | "tab" => Some(msg!("args-hint-tsv")),
                        _ => None,
                    };
                    return problem(match hint {
                        Some(hint) => msg!(
                            "args-unknown-extension-hint",
                            path = path,
                            ext = ext,
                            hint = hint,
                            choices = choices()
                        ),
                        None => msg!(
                            "args-unknown-extension",
                            path = path,
                            ext = ext,
                            choices = choices()
                        ),
                    });
                }
                (Ok(Some(by_name)), Some(asked)) if by_name != asked => {
                    return problem(msg!(
                        "args-extension-contradicts-format",
                        path = path,
                        ext = by_name.extension(),
                        format = asked.name(),
                        wanted = asked.extension(),
                        choices = choices()
                    ))
                }
                (Ok(None), None) => {
                    return problem(msg!("args-no-extension", path = path, choices = choices()))
                }
                _ => {}
            }
        }
        let mut format = Format::resolve(self.format, self.path(), terminal);
        if self.csv_dialect.is_some()
            && self.format.is_none()
            && format == Format::Table
            && self.path().is_none()
        {
            format = Format::Csv;
        }
        if format == Format::Xlsx && self.path().is_none() {
            return problem(msg!("args-xlsx-needs-output"));
        }
        if self.csv_dialect.is_some() && format != Format::Csv {
            return problem(msg!("args-csv-dialect-needs-csv"));
        }
        Ok(format)
    }

    /// The CSV dialect asked for (plain by default).
    pub fn dialect(&self) -> CsvDialect {
        self.csv_dialect.unwrap_or_default()
    }

    /// Writes the whole result to `-o` atomically, or to standard output.
    /// A CSV or table written to a file gets a manifest beside it (the
    /// recipe and the file's SHA-256), so that the file itself stays plain;
    /// JSON and workbooks carry their recipe inside.
    pub fn emit(
        &self,
        ctx: &Context,
        bytes: impl AsRef<[u8]>,
        format: Format,
        recipe: &Recipe,
    ) -> Result<(), Failure> {
        let bytes = bytes.as_ref();
        if let (Some(path), Format::Csv | Format::Table) = (self.path(), format) {
            ctx.check_outputs([path, manifest_path(path).as_path()])?;
            emit_bytes(ctx, Some(path), bytes)?;
            write_manifest(ctx, path, bytes, recipe)?;
        } else {
            emit_bytes(ctx, self.output.as_deref(), bytes)?;
        }
        if let Some(path) = self.path() {
            announce(ctx, path);
        }
        Ok(())
    }

    /// Writes the result as `write` makes it: to `-o` atomically (a
    /// temporary file, renamed when whole), or to standard output. The same
    /// bytes as [`OutputOptions::emit`], without holding them all in memory.
    pub fn emit_with(
        &self,
        ctx: &Context,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
        recipe: &Recipe,
    ) -> Result<(), Failure> {
        match self.path() {
            Some(path) => {
                ctx.check_outputs([path, manifest_path(path).as_path()])?;
                make_folder(ctx, path)?;
                let mut sha = String::new();
                ctx.write_file_with(path, |f| {
                    let mut hashing = crate::digest::HashingWriter::new(f);
                    write(&mut hashing)?;
                    sha = hashing.finish();
                    Ok(())
                })
                .map_err(|e| write_failure(path, e))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                write_manifest_digests(ctx, path, &[(name, sha)], recipe)?;
                announce(ctx, path);
                Ok(())
            }
            None => ctx
                .stdout_with(write)
                .map_err(|e| Failure::Other(msg!("args-cannot-write-stdout", error = e.to_string()))),
        }
    }
}

/// The private key that signs what a run commits to a signed register.
#[derive(Debug, Args, Clone, Default)]
pub struct SigningKey {
    /// The private key that signs the register (PEM, from `avgift keygen`), kept outside the
    /// folder [default: the file AVGIFT_SIGNING_KEY names].
    #[arg(long, value_name = "KEYFILE")]
    pub signing_key: Option<PathBuf>,
}

impl SigningKey {
    /// The key file: named by the option, else by the environment.
    pub fn path(&self) -> Option<PathBuf> {
        self.signing_key.clone().or_else(|| {
            std::env::var_os("AVGIFT_SIGNING_KEY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }
}
