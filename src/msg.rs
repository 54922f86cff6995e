//! What the tool says, as data: a message is an id in the catalogue
//! (`locales/<lang>/*.ftl`) and its arguments, never a formatted string.
//! It becomes text only where it is shown, in the run's language
//! ([`crate::i18n::render`]; `Display` shows it in English, for tests). Diagnostics, failures, warnings and
//! summaries are all messages.
//!
//! ```
//! use avgift::msg;
//! let m = msg!("toml-expected-whole-number", found = "a string");
//! assert_eq!(m.id(), "toml-expected-whole-number");
//! ```

use std::fmt;

/// One thing the tool says: a catalogue id and its arguments.
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: a name, a key, a path, a code, a year.
    Text(String),
    /// A count or amount the message selects a form by (`1 problem`, `2
    /// problems`) and shows grouped as the language writes it (`98 952`).
    Count(u64),
    /// A message of its own, shown in the same language (what was found,
    /// the name of a character).
    Msg(Message),
    /// Messages shown one after the other, joined by `, ` (a list of
    /// reasons, of accepted forms).
    List(Vec<Message>),
}

impl Message {
    /// A message without arguments; [`msg!`] makes one with them.
    pub fn new(id: &'static str) -> Message {
        Message { id, args: Vec::new() }
    }

    /// The message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The catalogue id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The arguments, in the order they were given.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The argument named `name`, if given.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// Every message id this one uses: its own and its arguments'.
    pub fn ids(&self) -> Vec<&'static str> {
        let mut out = vec![self.id];
        for (_, a) in &self.args {
            match a {
                Arg::Msg(m) => out.extend(m.ids()),
                Arg::List(ms) => out.extend(ms.iter().flat_map(Message::ids)),
                Arg::Text(_) | Arg::Count(_) => {}
            }
        }
        out
    }
}

/// A count argument: selects the plural form and is shown grouped.
pub fn count(n: impl TryInto<u64>) -> Arg {
    Arg::Count(n.try_into().unwrap_or(u64::MAX))
}

/// Text quoted as a message quotes what it found in the input: in double
/// quotes (a `"` or `\\` inside with a backslash before it), every
/// character shown as it is (`"225 728 kr"` with its no-break space), but
/// a control character or an invisible one (a zero-width space, a soft
/// hyphen, a byte order mark) as its code point in angle brackets
/// (`<U+200B>`), so that nothing quoted is unseen or breaks the line. A
/// message about a character names it in words besides. Cut as [`name`]
/// cuts it.
pub fn quoted(text: &str) -> Arg {
    Arg::Text(quote(&cut(text)))
}

/// The text of [`quoted`], for a list of quoted texts.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        push_visible(&mut out, c);
    }
    out.push('"');
    out
}

/// Text as a message shows what it holds from the input: every character
/// as it is, but a control or invisible character as its code point in
/// angle brackets (`<U+0009>`), so that it shows, and on one line.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

fn push_visible(out: &mut String, c: char) {
    if c.is_control() || is_invisible(c) {
        out.push_str(&format!("<U+{:04X}>", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// Whether a character shows nothing: format characters (zero-width
/// spaces and joiners, direction marks and overrides, the soft hyphen, the
/// byte order mark) and the line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// The most characters of a name (or a value quoted from the input) that
/// a message shows: a longer one is cut and ends in `…`.
pub const NAME_CHARS: usize = 80;

/// A name from the input as a message shows it: at most [`NAME_CHARS`]
/// characters, a longer one cut and ended with `…`, so that a message
/// stays a line however long the input's names are.
pub fn name(text: &str) -> Arg {
    Arg::Text(cut(text).into_owned())
}

/// `text` cut at [`NAME_CHARS`] characters, with `…`.
pub fn cut(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(NAME_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Msg(m)
    }
}

impl From<Vec<Message>> for Arg {
    fn from(ms: Vec<Message>) -> Arg {
        Arg::List(ms)
    }
}

impl From<&std::path::Path> for Arg {
    fn from(p: &std::path::Path) -> Arg {
        Arg::Text(p.display().to_string())
    }
}

impl From<&std::path::PathBuf> for Arg {
    fn from(p: &std::path::PathBuf) -> Arg {
        Arg::Text(p.display().to_string())
    }
}

/// Whole numbers that are names more than quantities (codes, years,
/// invoice numbers, line numbers) are shown as written, never grouped:
/// a count is [`count`].
macro_rules! as_text {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Text(n.to_string())
            }
        }
    )*};
}
as_text!(u8, u16, u32, u64, usize, i8, i16, i32, i64, char);

/// A message: `msg!("id")`, `msg!("id", name = value, …)`. Values become
/// [`Arg`]s by `Into` (text, a message, a list of messages; [`count`]
/// for a count).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::msg::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)?;
        if !self.args.is_empty() {
            f.debug_map()
                .entries(self.args.iter().map(|(k, v)| (k, v)))
                .finish()?;
        }
        Ok(())
    }
}
