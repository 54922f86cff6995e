//! The command line: one module per subcommand, and the shared loading of
//! inputs in `inputs.rs`.

pub mod calc;
pub mod check;
pub mod compare;
pub mod inputs;
pub mod notes;
pub mod project;
pub mod report;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::diag::Diagnostics;
use crate::write::{file, Format};

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
        after_help = "Example:\n  avgift calc data/sjuharad/2023.toml\n  avgift calc data/sjuharad/2023.toml --format csv -o avgifter-2023.csv"
    )]
    Calc(Output),
    /// The annual report's notes: one table per activity, this year and last, in tkr.
    #[command(
        after_help = "Example:\n  avgift notes data/sjuharad/2023.toml\n  avgift notes data/sjuharad/2023.toml --format csv"
    )]
    Notes(Output),
    /// Validates the tariff, the population and the actuals; lists every problem.
    #[command(after_help = "Example:\n  avgift check data/sjuharad/2023.toml")]
    Check(Common),
    /// Compares two years (tariffs or actuals): the change per party and activity and where it comes from.
    #[command(
        after_help = "Examples:\n  avgift compare data/sjuharad/actuals/2022.csv data/sjuharad/2023.toml\n  avgift compare data/sjuharad/2023.toml data/sjuharad/2023.toml --set charges.dso.rate=7 --by municipality"
    )]
    Compare(compare::CompareArgs),
    /// Next year's tariff: indices applied, a population assumption, this year's amounts as its actuals.
    #[command(
        after_help = "Examples:\n  avgift project data/sjuharad/2023.toml --year 2024 -o data/sjuharad/2024.toml --growth 0.5%\n  avgift project data/sjuharad/2023.toml --year 2024 -o /tmp/2024.toml --index avtal=3%"
    )]
    Project(project::ProjectArgs),
    /// A self-contained HTML report to send: fees per municipality this year and last, charts, notes, inputs.
    #[command(
        after_help = "Examples:\n  avgift report data/sjuharad/2023.toml -o rapport-2023.html\n  avgift report data/sjuharad/2024.toml --set charges.dso.rate=7 -o rapport-2024-dso.html"
    )]
    Report(report::ReportArgs),
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// The tariff (TOML, format v1).
    pub tariff: PathBuf,
    /// Population file to use instead of the one the tariff names.
    #[arg(long, value_name = "FILE")]
    pub population: Option<PathBuf>,
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
    /// The `--set` overrides, parsed.
    pub fn overrides(&self) -> Result<Vec<crate::read::overrides::Override>, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut out = Vec::new();
        for s in &self.set {
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

impl Output {
    pub fn format(&self) -> Format {
        self.output.format()
    }

    pub fn emit(&self, text: &str) -> Result<(), Failure> {
        self.output.emit(text)
    }
}

/// Where and how a result is written.
#[derive(Debug, Args)]
pub struct OutputOptions {
    /// Output format [default: table on a terminal, else csv; or by -o's extension].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputOptions {
    pub fn format(&self) -> Format {
        Format::resolve(
            self.format,
            self.output.as_deref(),
            std::io::stdout().is_terminal(),
        )
    }

    /// Writes the whole result to `-o` atomically, or to standard output.
    pub fn emit(&self, text: &str) -> Result<(), Failure> {
        emit(self.output.as_deref(), text)
    }
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The input is wrong: exit code 2.
    Input(Diagnostics),
    /// Something else went wrong (an output could not be written): exit code 1.
    Other(String),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Input(d)
    }
}

pub fn emit(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    match output {
        Some(path) => file::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Failure::Other(format!("cannot write: {e}")))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Calc(o) => calc::run(o),
        Command::Notes(o) => notes::run(o),
        Command::Check(c) => check::run(c),
        Command::Compare(c) => compare::run(c),
        Command::Project(p) => project::run(p),
        Command::Report(r) => report::run(r),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(problems)) => {
            // In file order, so that a long list reads top to bottom.
            let mut problems: Vec<_> = problems.0;
            problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            let mut err = std::io::stderr().lock();
            for p in &problems {
                let _ = writeln!(err, "error: {p}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(1)
        }
    }
}
