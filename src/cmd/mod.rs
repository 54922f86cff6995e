//! The command line: one module per subcommand, and the shared loading of
//! inputs in `inputs.rs`.

pub mod calc;
pub mod check;
pub mod compare;
pub mod einvoice;
pub mod inputs;
pub mod invoice;
pub mod model;
pub mod notes;
pub mod plan;
pub mod population;
pub mod project;
pub mod report;
pub mod shell;
pub mod solve;
pub mod verify;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::audit::Recipe;
pub use crate::context::file::write_failure;
use crate::context::Context;
pub use crate::diag::Failure;
use crate::diag::{Diagnostic, Diagnostics};
use crate::write::{CsvDialect, Format};
use std::fmt::Write as _;

/// Member fees of a Swedish municipal association: tariff rules and
/// population figures in; each municipality's fee per activity and the
/// annual report's notes out.
#[derive(Debug, Parser)]
#[command(name = "avgift", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every line the tariff produces, with totals per municipality and activity.
    #[command(
        after_help = "Examples:\n  avgift calc data/sjuharad/2023.toml\n  avgift calc data/sjuharad/2023.toml --format csv -o avgifter-2023.csv\n  avgift calc data/sjuharad/2023.toml -o avgifter-2023.xlsx\n  avgift calc data/sjuharad/2023.toml --csv-dialect excel-sv -o avgifter-2023.csv"
    )]
    Calc(Output),
    /// The annual report's notes: one table per activity, this year and last, in tkr.
    #[command(
        after_help = "Examples:\n  avgift notes data/sjuharad/2023.toml\n  avgift notes data/sjuharad/2023.toml --format csv\n  avgift notes data/sjuharad/2023.toml -o noter-2023.xlsx"
    )]
    Notes(Output),
    /// Validates the tariff, the population and the actuals; lists every problem.
    #[command(after_help = "Example:\n  avgift check data/sjuharad/2023.toml")]
    Check(Common),
    /// Compares two years (tariffs or actuals): the change per party and activity and where it comes from.
    #[command(
        after_help = "Examples:\n  avgift compare data/sjuharad/actuals/2022.csv data/sjuharad/2023.toml\n  avgift compare data/sjuharad/actuals/2022.csv data/sjuharad/2023.toml -o jamforelse.xlsx\n  avgift compare data/sjuharad/2023.toml data/sjuharad/2023.toml --set charges.dso.rate=7 --by municipality"
    )]
    Compare(compare::CompareArgs),
    /// Next year's tariff: indices applied, a population assumption, this year's amounts as its actuals.
    #[command(
        after_help = "Examples:\n  avgift project data/sjuharad/2023.toml --year 2024 -o data/sjuharad/2024.toml --growth 0.5%\n  avgift project data/sjuharad/2023.toml --year 2024 -o /tmp/2024.toml --index avtal=3%"
    )]
    Project(project::ProjectArgs),
    /// Solves for a tariff value: the smallest rate or amount whose invoiced total covers an activity's budget.
    #[command(
        after_help = "Examples:\n  avgift solve data/sjuharad/2024.toml --vary charges.dso.rate --covers dso=2600000\n  avgift solve data/sjuharad/2024.toml --vary charges.vo.total --covers vo=1000000 --format json"
    )]
    Solve(solve::SolveArgs),
    /// The budget year and the plan years after it, with scenarios side by side.
    #[command(
        after_help = "Examples:\n  avgift plan data/sjuharad/plan-2024-2026.toml\n  avgift plan data/sjuharad/plan-2024-2026.toml --by activity\n  avgift plan data/sjuharad/plan-2024-2026.toml -o plan.xlsx\n  avgift plan data/sjuharad/plan-2024-2026.toml -o plan.html"
    )]
    Plan(plan::PlanArgs),
    /// Invoices: one per municipality and external payer (PDF), a CSV, and for final ones SIE 4I and the register.
    #[command(
        after_help = "Examples:\n  avgift invoice data/sjuharad/2023.toml -o fakturor            # drafts to check\n  avgift invoice data/sjuharad/2023.toml -o fakturor --final    # numbered, with SIE\n  avgift invoice data/sjuharad/2023.toml -o fakturor --credit 1 # credit note for invoice 1"
    )]
    Invoice(invoice::InvoiceArgs),
    /// A live workbook: inputs in yellow cells, every fee a formula, equal to `calc`.
    #[command(
        after_help = "Examples:\n  avgift model data/sjuharad/2023.toml -o modell-2023.xlsx\n  avgift model data/national/tariff.toml -o modell.xlsx"
    )]
    Model(model::ModelArgs),
    /// A self-contained HTML report to send: fees per municipality this year and last, charts, notes, inputs.
    #[command(
        after_help = "Examples:\n  avgift report data/sjuharad/2023.toml -o rapport-2023.html\n  avgift report data/sjuharad/2024.toml --set charges.dso.rate=7 -o rapport-2024-dso.html"
    )]
    Report(report::ReportArgs),
    /// Population figures: `import` turns an SCB export into the canonical population file.
    #[command(
        subcommand,
        after_help = "Example:\n  avgift population import data/sjuharad/scb-folkmangd-2021-12-31.csv --date 2021-12-31 -o folkmangd.csv"
    )]
    Population(population::PopulationCommand),
    /// Checks that outputs still match their recorded inputs: recomputes them and compares.
    #[command(
        after_help = "Examples:\n  avgift calc data/sjuharad/2023.toml -o avgifter.csv && avgift verify avgifter.csv\n  avgift verify fakturor    # an invoice folder"
    )]
    Verify(verify::VerifyArgs),
    /// Shell completions for bash, zsh, fish or PowerShell, printed to standard output.
    #[command(
        after_help = "Example:\n  avgift completions bash > ~/.local/share/bash-completion/completions/avgift"
    )]
    Completions(shell::CompletionsArgs),
    /// The manual page (roff), printed or written per command.
    #[command(
        after_help = "Examples:\n  avgift man | man -l -\n  avgift man --dir /usr/local/share/man/man1"
    )]
    Man(shell::ManArgs),
}

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
    /// Change a tariff value for this run only, e.g. `charges.dso.rate=6.80`,
    /// `indices.avtal=3%`, `charges.navet.amounts.1442=180000` (repeatable;
    /// see docs/tariff-format.md).
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

    /// `--population`, if given.
    pub fn population(&self) -> Option<&PathBuf> {
        self.inputs.population.as_ref()
    }

    /// `--actuals`, if given.
    pub fn actuals(&self) -> Option<&PathBuf> {
        self.inputs.actuals_and_set.actuals.as_ref()
    }

    /// The `--set` overrides, parsed.
    pub fn overrides(&self) -> Result<Vec<crate::read::overrides::Override>, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut out = Vec::new();
        for s in &self.inputs.actuals_and_set.set {
            match s.parse() {
                Ok(o) => out.push(o),
                Err(d) => problems.push(d),
            }
        }
        problems.into_result(out)
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
        let problem = |message: &str| Err(Failure::Input(Diagnostics(vec![Diagnostic::new(message)])));
        if let Some(path) = self.path() {
            let choices = "-o takes FILE.csv, FILE.json, FILE.xlsx or FILE.txt (a table)";
            match (Format::of_path(path), self.format) {
                (Err(ext), _) => {
                    let hint = match ext.as_str() {
                        "xls" | "xlsm" | "ods" => " (Excel and LibreOffice open .xlsx)",
                        "html" | "htm" => " (an HTML page to send is `avgift report -o FILE.html`)",
                        "pdf" => " (for a PDF, print `avgift report`'s page from a browser)",
                        "tsv" | "tab" => " (--csv-dialect excel-sv writes CSV that Swedish Excel opens)",
                        _ => "",
                    };
                    return problem(&format!(
                        "-o {}: avgift does not write .{ext} files{hint}; {choices}",
                        path.display()
                    ));
                }
                (Ok(Some(by_name)), Some(asked)) if by_name != asked => {
                    return problem(&format!(
                        "-o {} names a .{} file but --format asks for {}: write -o FILE.{}, or leave out --format; {choices}",
                        path.display(),
                        by_name.extension(),
                        asked.name(),
                        asked.extension()
                    ))
                }
                (Ok(None), None) => {
                    return problem(&format!(
                        "-o {}: the file name has no extension to tell the format; {choices}, or add --format",
                        path.display()
                    ))
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
            return problem("--format xlsx writes a workbook, not text for a terminal: add -o FILE.xlsx");
        }
        if self.csv_dialect.is_some() && format != Format::Csv {
            return problem("--csv-dialect applies to CSV output only: add --format csv, or -o FILE.csv");
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
                .map_err(|e| Failure::Other(format!("cannot write: {e}"))),
        }
    }
}

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
fn write_manifest_digests(
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
pub fn workbook(rendered: Result<Vec<u8>, rust_xlsxwriter::XlsxError>) -> Result<Vec<u8>, Failure> {
    rendered.map_err(|e| Failure::Other(format!("cannot make the workbook: {e}")))
}

pub fn emit(ctx: &Context, output: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit_bytes(ctx, output, text.as_bytes())
}

/// Says on standard error that an output file was written (`wrote
/// avgifter.csv`): every command announces its outputs this way.
pub fn announce(ctx: &Context, path: &Path) {
    ctx.stderr(&format!("wrote {}\n", path.display()));
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
    ctx.make_folder(dir)
        .map_err(|e| Failure::Other(format!("cannot make the folder {}: {e}", dir.display())))
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
            .map_err(|e| Failure::Other(format!("cannot write: {e}"))),
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::system(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().to_string())
            .collect(),
    );
    let result = dispatch(&ctx, &cli);
    exit_code(&ctx, result)
}

/// Runs a command line (without the program name) in `ctx`, as the
/// process would: its output goes to the context's sink, problems are
/// reported on its standard error, and the result is the exit code (2 for
/// bad input or a command line clap refuses, 1 for other failures).
pub fn run_in(ctx: &Context) -> u8 {
    let args = std::iter::once("avgift".to_string()).chain(ctx.invocation().iter().cloned());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                ctx.stderr(&text);
            } else {
                let _ = ctx.stdout(text.as_bytes());
            }
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let result = dispatch(ctx, &cli);
    report_failure(ctx, result)
}

/// Runs a parsed command line.
pub fn dispatch(ctx: &Context, cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Calc(o) => calc::run(ctx, o),
        Command::Notes(o) => notes::run(ctx, o),
        Command::Check(c) => check::run(ctx, c),
        Command::Compare(c) => compare::run(ctx, c),
        Command::Project(p) => project::run(ctx, p),
        Command::Solve(s) => solve::run(ctx, s),
        Command::Plan(p) => plan::run(ctx, p),
        Command::Invoice(i) => invoice::run(ctx, i),
        Command::Population(p) => population::run(ctx, p),
        Command::Completions(c) => shell::completions(ctx, c),
        Command::Man(m) => shell::man(ctx, m),
        Command::Report(r) => report::run(ctx, r),
        Command::Model(m) => model::run(ctx, m),
        Command::Verify(v) => verify::run(ctx, v),
    }
}

/// Prints why a command failed and gives its exit code.
fn exit_code(ctx: &Context, result: Result<(), Failure>) -> ExitCode {
    ExitCode::from(report_failure(ctx, result))
}

/// Says on the context's standard error why a command failed; the exit
/// code: 0, 2 for bad input, 1 for anything else.
fn report_failure(ctx: &Context, result: Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(Failure::Input(problems)) => {
            // In file order, so that a long list reads top to bottom.
            let mut problems: Vec<_> = problems.0;
            problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            let mut err = String::new();
            for p in &problems {
                // One problem, one line.
                let _ = writeln!(err, "error: {}", visible(&p.to_string()).replace('\n', "\\n"));
            }
            ctx.stderr(&err);
            2
        }
        Err(Failure::Other(message)) => {
            ctx.stderr(&format!("error: {}\n", visible(&message)));
            1
        }
    }
}

/// A message with the control characters it quotes from the input shown
/// escaped (`\n`, `\u{0}`), so that each problem stays one line of the
/// terminal; the line breaks between the problems of a message stay.
fn visible(message: &str) -> String {
    message
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| match c {
                    c if c.is_control() => c.escape_debug().to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
