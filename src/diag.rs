//! Problems with the input, as the user sees them.
//!
//! Every reader and the engine's validation report problems as
//! [`Diagnostic`]s: what is wrong, and where (file, line, column) when there
//! is a place to point at. The engine knows no files; it names the tariff key
//! (`charges.dso.rate`) and the CLI looks the key up in the tariff's source map
//! to add the line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::i18n::{render, Lang};
use crate::msg::Message;

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`.
    pub line: Option<usize>,
    /// 1-based column (in characters) in `line`.
    pub column: Option<usize>,
    /// The tariff key the problem is about (`charges.dso.rate`), if any.
    pub key: Option<String>,
    /// What is wrong: what was expected and what was found.
    pub message: Message,
}

impl Diagnostic {
    pub fn new(message: impl Into<Message>) -> Self {
        Diagnostic {
            file: None,
            line: None,
            column: None,
            key: None,
            message: message.into(),
        }
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn for_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl Diagnostic {
    /// The problem as one line in `lang`: `file:line:column: key: message`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&file.display().to_string());
            if let Some(line) = self.line {
                out.push_str(&format!(":{line}"));
                if let Some(column) = self.column {
                    out.push_str(&format!(":{column}"));
                }
            }
            out.push_str(": ");
        } else if let Some(line) = self.line {
            out.push_str(&render(lang, &crate::msg!("at-line", line = line)));
            out.push_str(": ");
        }
        if let Some(key) = &self.key {
            out.push_str(key);
            out.push_str(": ");
        }
        out.push_str(&render(lang, &self.message));
        out
    }
}

/// In English, for tests and debugging; what a user reads is
/// [`Diagnostic::render`] in the run's language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// All the problems found in one go; the error type of readers and validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// `Ok(value)` when nothing was found, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Sets `file` on every problem that has none.
    pub fn in_file(mut self, file: &Path) -> Self {
        for d in &mut self.0 {
            if d.file.is_none() {
                d.file = Some(file.to_path_buf());
            }
        }
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl Diagnostics {
    /// Every problem, one per line, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|d| d.render(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The input is wrong: exit code 2.
    Input(Diagnostics),
    /// Something else went wrong (an output could not be written): exit code 1.
    Other(Message),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Input(d)
    }
}
