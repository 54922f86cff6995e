//! `avgift completions SHELL` and `avgift man`: shell integration, generated
//! from the command-line definition itself so it never drifts from it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::context::Context;
use crate::diag::Failure;
use crate::emit::emit;
use crate::msg;
use crate::msg::count;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write avgift.1 and a page per command (avgift-calc.1 …) to this
    /// folder instead of printing avgift.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `cmd` is the whole command line's definition.
pub fn completions(ctx: &Context, args: &CompletionsArgs, mut cmd: clap::Command) -> Result<(), Failure> {
    use clap_complete::{generate, shells};
    let mut out = Vec::new();
    match args.shell {
        Shell::Bash => generate(shells::Bash, &mut cmd, "avgift", &mut out),
        Shell::Zsh => generate(shells::Zsh, &mut cmd, "avgift", &mut out),
        Shell::Fish => generate(shells::Fish, &mut cmd, "avgift", &mut out),
        Shell::Powershell => generate(shells::PowerShell, &mut cmd, "avgift", &mut out),
    }
    emit(ctx, None, &String::from_utf8_lossy(&out))
}

/// A man page as roff text, titled `title`.
fn page(cmd: clap::Command, title: &str) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .title(title.to_uppercase())
        .render(&mut out)
        .map_err(|e| Failure::Other(msg!("cmd-cannot-render-man-page", error = e.to_string())))?;
    Ok(out)
}

/// `cmd` is the whole command line's definition.
pub fn man(ctx: &Context, args: &ManArgs, cmd: clap::Command) -> Result<(), Failure> {
    let Some(dir) = &args.dir else {
        return emit(ctx, None, &String::from_utf8_lossy(&page(cmd, "avgift")?));
    };
    ctx.make_folder(dir).map_err(|e| {
        let other = msg!("cmd-cannot-create-folder", path = dir, error = e.to_string());
        crate::context::file::folder_failure(dir, e, other)
    })?;
    let mut pages = vec![("avgift.1".to_string(), page(cmd.clone(), "avgift")?)];
    for sub in cmd.get_subcommands() {
        let name = format!("avgift-{}", sub.get_name());
        pages.push((format!("{name}.1"), page(sub.clone(), &name)?));
    }
    let paths: Vec<std::path::PathBuf> = pages.iter().map(|(name, _)| dir.join(name)).collect();
    ctx.check_outputs(paths.iter().map(|p| p.as_path()))?;
    for (path, (_, bytes)) in paths.iter().zip(&pages) {
        ctx.write_file(path, bytes)
            .map_err(|e| crate::context::file::write_failure(path, e))?;
    }
    ctx.say(&msg!("cmd-wrote-man-pages", n = count(pages.len()), dir = dir));
    Ok(())
}
