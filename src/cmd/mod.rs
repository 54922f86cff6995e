//! The command line: one module per subcommand, the options they share in
//! `args.rs`, and the dispatch from a parsed command line to its module.

pub mod args;
pub mod calc;
pub mod check;
pub mod compare;
pub mod invoice;
pub mod keygen;
pub mod letters;
pub mod model;
pub mod notes;
pub mod payments;
pub mod plan;
pub mod population;
pub mod project;
pub mod receivables;
pub mod remind;
pub mod report;
pub mod shell;
pub mod solve;
pub mod verify;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::context::Context;
use crate::diag::{Diagnostic, Failure};
use crate::i18n::Lang;
use crate::msg::{count, Message};

pub use args::{ActualsAndSet, Common, Output, OutputOptions, TariffInputs};

/// Member fees of a Swedish municipal association: tariff rules and
/// population figures in; each municipality's fee per activity and the
/// annual report's notes out.
#[derive(Debug, Parser)]
#[command(name = "avgift", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: sv (Swedish) or en (English) [default:
    /// from LC_ALL, LC_MESSAGES or LANG, else sv]. Documents (invoices,
    /// notes, reports) are Swedish whatever the language.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Sv,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every line the tariff produces, with totals per municipality and activity.
    #[command(
        after_help = "Examples:\n  avgift calc data/sjuharad/2023.toml\n  avgift calc data/sjuharad/2023.toml --format csv -o avgifter-2023.csv\n  avgift calc data/sjuharad/2023.toml -o avgifter-2023.xlsx\n  avgift calc data/sjuharad/2023.toml --csv-dialect excel-sv -o avgifter-2023.csv\n  avgift calc data/sjuharad/2023.toml --by matrix"
    )]
    Calc(calc::CalcArgs),
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
        after_help = "Examples:\n  avgift project data/sjuharad/2023.toml --year 2024 -o data/sjuharad/2024.toml --growth 0.5%\n  avgift project data/sjuharad/2023.toml --year 2024 -o /tmp/2024.toml --index avtal=3%\n  avgift project data/sjuharad/2023.toml --year 2024 -o /tmp/2024.toml --next charges.dso.rate=6.80  # 6,80 in 2024\n  avgift project data/sjuharad/2023.toml --year 2024 -o /tmp/2024.toml --set charges.dso.rate=6.80   # 6,80 in 2023, indexed to 2024"
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
    /// A key pair for signing the invoice register: the private key to a file, the public key printed.
    #[command(
        after_help = "Example:\n  avgift keygen -o ~/avgift-signering.pem    # then in the tariff: [invoice] issuer.public_key = \"…\""
    )]
    Keygen(keygen::KeygenArgs),
    /// Letters to the members: one PDF per municipality with its fees last year, this year and the plan years, the change explained, and one PDF of all.
    #[command(
        after_help = "Examples:\n  avgift letters data/sjuharad/2023.toml -o brev-2023\n  avgift letters data/sjuharad/plan-2024-2026.toml -o brev-2024\n  avgift letters data/sjuharad/plan-2024-2026.toml -o brev-dso5 --scenario dso5 --payers"
    )]
    Letters(letters::LettersArgs),
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
    /// Payments in: `import` books a payment file (BgMax, camt.054, CSV) into an invoice folder's
    /// register, `allocate` settles a payment against an invoice by hand.
    #[command(
        subcommand,
        after_help = "Examples:\n  avgift payments import bgmax.txt -o fakturor\n  avgift payments allocate fakturor --payment 17 --document 8"
    )]
    Payments(payments::PaymentsCommand),
    /// What is owed: per invoice invoiced, paid, outstanding and days overdue; per party the balance and its ageing.
    #[command(
        after_help = "Examples:\n  avgift receivables fakturor\n  avgift receivables fakturor --date 2023-03-31 -o fordringar.xlsx"
    )]
    Receivables(receivables::ReceivablesArgs),
    /// Reminders (PDF) for every invoice overdue on a date, each reminded once a day.
    #[command(
        after_help = "Examples:\n  avgift remind fakturor --date 2023-03-31\n  avgift remind fakturor --date 2023-03-31 --reference-rate 4% --fee 60"
    )]
    Remind(remind::RemindArgs),
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

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context::system(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().to_string())
            .collect(),
    );
    ctx.set_lang(
        cli.lang
            .map(Lang::from)
            .unwrap_or_else(|| Lang::of_environment(|v| std::env::var(v).ok())),
    );
    let result = dispatch(&ctx, &cli);
    exit_code(&ctx, result)
}

/// Runs a command line (without the program name) in `ctx`, as the
/// process would: its output goes to the context's sink, problems are
/// reported on its standard error, and the result is the exit code (2 for
/// bad input or a command line clap refuses, 1 for other failures). The
/// language is `--lang`, else the context's.
pub fn run_in(ctx: &Context) -> u8 {
    let args = std::iter::once("avgift".to_string()).chain(ctx.invocation().iter().cloned());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                // clap's own words, in English; the line break is say's.
                let text = text.strip_suffix('\n').unwrap_or(&text);
                ctx.say(&crate::msg!("cmd-clap-says", text = text));
            } else {
                let _ = ctx.stdout(text.as_bytes());
            }
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    if let Some(lang) = cli.lang {
        ctx.set_lang(lang.into());
    }
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
        Command::Keygen(k) => keygen::run(ctx, k),
        Command::Population(p) => population::run(ctx, p),
        Command::Completions(c) => shell::completions(ctx, c, Cli::command()),
        Command::Man(m) => shell::man(ctx, m, Cli::command()),
        Command::Report(r) => report::run(ctx, r),
        Command::Model(m) => model::run(ctx, m),
        Command::Letters(l) => letters::run(ctx, l),
        Command::Verify(v) => verify::run(ctx, v, replay),
        Command::Payments(p) => payments::run(ctx, p),
        Command::Receivables(r) => receivables::run(ctx, r),
        Command::Remind(r) => remind::run(ctx, r),
    }
}

/// Runs a recorded command line in `ctx` for `verify`: parsed as the
/// command line is, and never `verify` itself.
fn replay(ctx: &Context, args: &[String]) -> Result<Result<(), Failure>, Message> {
    let cli = Cli::try_parse_from(std::iter::once("avgift").chain(args.iter().map(String::as_str))).map_err(
        |e| {
            // clap's own words, in English: the first line.
            let text = e.to_string().lines().next().unwrap_or_default().to_string();
            crate::msg!("cmd-clap-says", text = text)
        },
    )?;
    if matches!(cli.command, Command::Verify(_)) {
        return Err(crate::msg!("cmd-replay-verify"));
    }
    Ok(dispatch(ctx, &cli))
}

/// Prints why a command failed and gives its exit code.
fn exit_code(ctx: &Context, result: Result<(), Failure>) -> ExitCode {
    ExitCode::from(report_failure(ctx, result))
}

/// The most problems of one input file shown one by one; the rest are
/// counted by kind.
const MAX_PER_FILE: usize = 50;

/// Says on the context's standard error why a command failed; the exit
/// code: 0, 2 for bad input, 1 for anything else.
fn report_failure(ctx: &Context, result: Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(Failure::Input(problems)) => {
            // In file order, so that a long list reads top to bottom.
            let mut problems: Vec<_> = problems.0;
            problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            let error = |text: String| {
                // One problem, one line.
                let line = visible(&text).replace('\n', "\\n");
                ctx.say(&crate::msg!("error", message = line));
            };
            // At most MAX_PER_FILE problems of one file, then a count of the
            // rest by kind, each with its first as an example.
            let mut start = 0;
            while start < problems.len() {
                let file = &problems[start].file;
                let end = start + problems[start..].iter().take_while(|p| &p.file == file).count();
                let (shown, rest) = problems[start..end].split_at((end - start).min(MAX_PER_FILE));
                for p in shown {
                    error(p.render(ctx.lang()));
                }
                if !rest.is_empty() {
                    let mut kinds: Vec<(&'static str, usize, &Diagnostic)> = Vec::new();
                    for p in rest {
                        match kinds.iter_mut().find(|k| k.0 == p.message.id()) {
                            Some(k) => k.1 += 1,
                            None => kinds.push((p.message.id(), 1, p)),
                        }
                    }
                    let kinds: Vec<Message> = kinds
                        .iter()
                        .map(|(_, n, p)| {
                            crate::msg!(
                                "more-problems-kind",
                                n = count(*n),
                                example = visible(&p.render(ctx.lang()))
                            )
                        })
                        .collect();
                    let more = match file {
                        Some(f) => {
                            crate::msg!("more-problems-in", n = count(rest.len()), file = f, kinds = kinds)
                        }
                        None => crate::msg!("more-problems", n = count(rest.len()), kinds = kinds),
                    };
                    error(ctx.text(&more));
                }
                start = end;
            }
            2
        }
        Err(Failure::Other(message)) => {
            let line = visible(&ctx.text(&message));
            ctx.say(&crate::msg!("error", message = line));
            1
        }
    }
}

/// A message with the control characters it quotes from the input shown
/// as code points (`<U+000A>`, [`crate::msg::visible`]), so that each
/// problem stays one line of the terminal; the line breaks between the
/// problems of a message stay.
fn visible(message: &str) -> String {
    message
        .split('\n')
        .map(crate::msg::visible)
        .collect::<Vec<_>>()
        .join("\n")
}
