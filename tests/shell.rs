//! Shell integration: completions and man pages generate, and every
//! command's `--help` shows a worked example.

use crate::support::avgift;

const COMMANDS: &[&[&str]] = &[
    &["calc"],
    &["notes"],
    &["check"],
    &["compare"],
    &["project"],
    &["invoice"],
    &["population"],
    &["population", "import"],
    &["completions"],
    &["man"],
];

#[test]
fn every_help_shows_an_example() {
    for cmd in COMMANDS {
        let help = avgift(cmd.iter().chain(&["--help"])).run().ok();
        assert!(help.contains("Example"), "{cmd:?} --help has no example:\n{help}");
    }
    // The top level lists every command.
    let top = avgift(["--help"]).run().ok();
    for cmd in COMMANDS.iter().filter(|c| c.len() == 1) {
        assert!(top.contains(cmd[0]), "{cmd:?} missing from avgift --help");
    }
}

#[test]
fn completions_generate_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef avgift"),
        ("fish", "complete -c avgift"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = avgift(["completions", shell]).run().ok();
        assert!(out.contains(marker), "{shell}: {marker:?} missing");
        assert!(out.contains("invoice"), "{shell}: subcommands missing");
    }
}

#[test]
fn man_pages_generate() {
    let page = avgift(["man"]).run().ok();
    assert!(page.contains(".TH AVGIFT 1"), "{page}");
    let dir = crate::support::scratch("man");
    avgift(["man", "--dir"]).arg(&dir).run().ok();
    for name in ["avgift.1", "avgift-calc.1", "avgift-invoice.1"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
}

/// Every argument and option of every command, with whether it has a
/// description (`help` and `version` are clap's own).
fn undescribed(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        let described = arg
            .get_help()
            .or(arg.get_long_help())
            .is_some_and(|h| !h.to_string().trim().is_empty());
        if !described {
            out.push(format!("{path} {id}"));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            undescribed(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
}

#[test]
fn every_option_of_every_command_is_described() {
    use clap::CommandFactory;
    let mut missing = Vec::new();
    undescribed(&avgift::cmd::Cli::command(), "avgift", &mut missing);
    assert!(missing.is_empty(), "options without a description: {missing:?}");
}

/// Every option and argument of every command has a help text, and the
/// options shared by flattening (`--actuals`, `--set`, and `--population`
/// where it means this year's file) say the same everywhere.
#[test]
fn every_help_describes_every_option_and_shared_options_say_the_same() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String, String)>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(!help.trim().is_empty(), "{path} {id} has no help text");
            out.push((path.to_string(), id.to_string(), help));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
    let mut all = Vec::new();
    walk(&avgift::cmd::Cli::command(), "avgift", &mut all);
    for shared in ["actuals", "set"] {
        let helps: std::collections::BTreeSet<&str> = all
            .iter()
            .filter(|(_, id, _)| id == shared)
            .map(|(_, _, h)| h.as_str())
            .collect();
        assert_eq!(helps.len(), 1, "--{shared}: {helps:?}");
        let commands = all.iter().filter(|(_, id, _)| id == shared).count();
        // calc, notes, check, compare, project, solve, invoice, model,
        // report, letters.
        assert_eq!(commands, 10, "--{shared} in {commands} commands");
    }
    // --population means this year's file everywhere but in project.
    let population: std::collections::BTreeSet<&str> = all
        .iter()
        .filter(|(path, id, _)| id == "population" && path != "avgift project")
        .map(|(_, _, h)| h.as_str())
        .collect();
    assert_eq!(population.len(), 1, "{population:?}");
}
