//! The context of one run, passed into every command (as cargo passes its
//! `GlobalContext`): what was asked (the invocation), what the run read
//! (each input by identity and the SHA-256 of the bytes read), and where its
//! output goes (the sink).
//!
//! The sink is the only way to write: files (atomically: a temporary file
//! beside the target, synced, then renamed), standard output and standard
//! error. A context made with [`Context::in_memory`] keeps all of it in
//! memory instead, which is how `avgift verify` replays a recorded command
//! without touching the disk, and how tests run commands in-process. There
//! is no other writer in the crate, so every output of a replay is captured
//! by construction.
//!
//! Every input is noted here when it is read (`context::input::read_input`),
//! with the digest of exactly those bytes: outputs record that digest, and
//! no output may replace an input (by device and inode, so that a symbolic
//! or hard link to it is the same file).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::msg::Message;

pub mod file;
pub mod input;
pub mod role;

use role::Input;

/// One run's invocation, inputs and output sink.
pub struct Context {
    invocation: Vec<String>,
    sink: Sink,
    inputs: RefCell<Vec<Read>>,
    /// The bytes of inputs that several parts of the run read, by
    /// canonical path (`input::read_shared_input`).
    shared: RefCell<BTreeMap<PathBuf, Rc<[u8]>>>,
    /// The language the run speaks in: `--lang`, else the locale, else
    /// Swedish ([`crate::i18n`]).
    lang: Cell<Lang>,
}

/// Where a run's output goes.
enum Sink {
    /// Files on disk, the process's standard output and standard error.
    System,
    /// Everything kept in memory.
    Memory(RefCell<Captured>),
}

/// What a run in memory wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// Files by the path they were written to.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// An input of this run: where it was read from, what it is, (on Unix) its
/// device and inode, and the SHA-256 of the bytes read.
#[derive(Debug, Clone)]
struct Read {
    path: PathBuf,
    what: Input,
    id: Option<(u64, u64)>,
    /// The run rewrites this very file in place (the invoice register).
    rewritten: bool,
    sha256: String,
}

#[cfg(unix)]
fn file_id(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// A path made absolute, for comparing.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Context {
    /// A run of the command line: the disk and the process's streams.
    /// `invocation` is the command line without the program name.
    pub fn system(invocation: Vec<String>) -> Context {
        Context {
            invocation,
            sink: Sink::System,
            inputs: RefCell::default(),
            shared: RefCell::default(),
            lang: Cell::default(),
        }
    }

    /// A run whose every write is kept in memory ([`Context::captured`]).
    pub fn in_memory(invocation: Vec<String>) -> Context {
        Context {
            invocation,
            sink: Sink::Memory(RefCell::default()),
            inputs: RefCell::default(),
            shared: RefCell::default(),
            lang: Cell::default(),
        }
    }

    /// The language the run speaks in.
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Sets the language the run speaks in (from `--lang`, or the locale).
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
    }

    /// A message as text in the run's language.
    pub fn text(&self, message: &Message) -> String {
        crate::i18n::render(self.lang(), message)
    }

    /// Says a message on standard error, one line, in the run's language.
    pub fn say(&self, message: &Message) {
        self.stderr(&format!("{}\n", self.text(message)));
    }

    /// The command line being run (without the program name).
    pub fn invocation(&self) -> &[String] {
        &self.invocation
    }

    /// Whether outputs go to disk (not kept in memory). Only what cannot be
    /// kept in memory asks: the invoice register, a database updated in
    /// place.
    pub fn writes_to_disk(&self) -> bool {
        matches!(self.sink, Sink::System)
    }

    /// What a run in memory wrote (nothing for a run on disk).
    pub fn captured(self) -> Captured {
        match self.sink {
            Sink::System => Captured::default(),
            Sink::Memory(c) => c.into_inner(),
        }
    }

    // ---- inputs ----

    /// Notes `path` as an input of this run (`what`: the tariff, the
    /// population file …) read as `bytes`, so that no output replaces it and its recorded
    /// digest is that of these bytes. `rewritten`: the run rewrites the file
    /// at this very path (the invoice register), which only that path may.
    ///
    /// A file read again in the same run must give the same bytes (else
    /// the figures would come from two versions of it): if it does not,
    /// the reason, and the run stops.
    pub fn note_input(&self, path: &Path, what: Input, bytes: &[u8], rewritten: bool) -> Result<(), Message> {
        let sha256 = crate::digest::sha256_hex(bytes);
        if self.input_digest(path).is_some_and(|before| before != sha256) {
            return Err(crate::msg!("context-input-changed"));
        }
        let id = fs::metadata(path).ok().as_ref().and_then(file_id);
        self.inputs.borrow_mut().push(Read {
            path: path.to_path_buf(),
            what,
            id,
            rewritten,
            sha256,
        });
        Ok(())
    }

    /// The SHA-256 of the bytes this run read from `path`, if it read it
    /// (the last read, should it have read the file more than once).
    pub fn input_digest(&self, path: &Path) -> Option<String> {
        let inputs = self.inputs.borrow();
        let found = inputs.iter().rev().find(|i| i.path == path).or_else(|| {
            let want = absolute(path);
            inputs.iter().rev().find(|i| absolute(&i.path) == want)
        });
        found.map(|i| i.sha256.clone())
    }

    /// The bytes of a shared input already read (by canonical path).
    pub fn shared_input(&self, key: &Path) -> Option<Rc<[u8]>> {
        self.shared.borrow().get(key).cloned()
    }

    /// Keeps the bytes of a shared input for the rest of the run.
    pub fn share_input(&self, key: PathBuf, bytes: Rc<[u8]>) {
        self.shared.borrow_mut().insert(key, bytes);
    }

    /// Every read of an input in this run, in order: its path and role.
    pub fn reads(&self) -> Vec<(PathBuf, String)> {
        self.inputs
            .borrow()
            .iter()
            .map(|i| (i.path.clone(), i.what.role().to_string()))
            .collect()
    }

    // ---- outputs ----

    /// Why `path` may not be written, if it may not: it is one of this
    /// run's inputs (by device and inode: a symlink or hard link to it
    /// counts), or something other than a plain file. A path that does not
    /// exist yet may be written.
    pub fn refusal(&self, path: &Path) -> Option<Message> {
        let meta = fs::symlink_metadata(path).ok()?;
        if let Some(why) = file::not_plain(path, &meta) {
            return Some(why);
        }
        let id = file_id(&meta);
        let same_path = |i: &Read| absolute(&i.path) == absolute(path);
        // The same file: by device and inode where there are such, else by
        // the path with links resolved.
        let same_file = |i: &Read| match (id, i.id) {
            (Some(a), Some(b)) => a == b,
            _ => fs::canonicalize(&i.path).ok() == fs::canonicalize(path).ok(),
        };
        self.inputs
            .borrow()
            .iter()
            .find(|i| same_file(i) && !(i.rewritten && same_path(i)))
            .map(|i| crate::msg!("context-output-is-input", what = i.what.noun(), path = &i.path))
    }

    /// Checks every path a command is about to write, before it writes any:
    /// each refusal as a problem naming the path. In memory nothing on disk
    /// is replaced, so nothing is refused.
    pub fn check_outputs<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::new();
        if let Sink::Memory(_) = self.sink {
            return Ok(());
        }
        for path in paths {
            if let Some(why) = self.refusal(path) {
                problems.push(Diagnostic::new(why).in_file(path));
            }
        }
        problems.into_result(())
    }

    /// Makes a folder (and its parents) for outputs; in memory, nothing.
    pub fn make_folder(&self, dir: &Path) -> std::io::Result<()> {
        match self.sink {
            Sink::System => fs::create_dir_all(dir),
            Sink::Memory(_) => Ok(()),
        }
    }

    /// Writes `bytes` to `path` whole or not at all (through a temporary
    /// file in the same folder, synced and then renamed over `path`; on
    /// failure nothing is left behind). A path that [`Context::refusal`]
    /// refuses is not written (an `InvalidInput` error that
    /// [`file::refused_message`] explains).
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.write_file_with(path, |f| f.write_all(bytes))
    }

    /// Removes a file this tool wrote and no longer needs (a draft, a
    /// temporary file a stopped run left); one that is already gone is no
    /// error.
    pub fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        match &self.sink {
            Sink::Memory(c) => {
                c.borrow_mut().files.remove(path);
                Ok(())
            }
            Sink::System => match fs::remove_file(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                r => r,
            },
        }
    }

    /// Moves a file aside to the first free name of [`aside_names`],
    /// `NAME.altered.2`, …, never over another file; returns the new name.
    pub fn keep_aside(&self, path: &Path) -> std::io::Result<PathBuf> {
        for aside in aside_names(path)? {
            match &self.sink {
                Sink::Memory(c) => {
                    let mut c = c.borrow_mut();
                    if c.files.contains_key(&aside) {
                        continue;
                    }
                    if let Some(bytes) = c.files.remove(path) {
                        c.files.insert(aside.clone(), bytes);
                    }
                    return Ok(aside);
                }
                Sink::System => {
                    // A hard link never replaces what is there; then the
                    // old name goes.
                    match fs::hard_link(path, &aside) {
                        Ok(()) => {
                            fs::remove_file(path)?;
                            return Ok(aside);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
    }

    /// Copies a file aside as [`Context::keep_aside`] names it, the file
    /// staying where it is (the register, which the run goes on using).
    pub fn copy_aside(&self, path: &Path) -> std::io::Result<PathBuf> {
        for aside in aside_names(path)? {
            if fs::symlink_metadata(&aside).is_ok() {
                continue;
            }
            let bytes = fs::read(path)?;
            self.write_file(&aside, &bytes)?;
            return Ok(aside);
        }
        Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
    }

    /// Like [`Context::write_file`], for a secret (a private key): on Unix
    /// the file is readable and writable by its owner only (mode 0600)
    /// from the moment it is created, and a file already at `path` is
    /// never replaced (`AlreadyExists`).
    pub fn write_secret_file(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        match &self.sink {
            Sink::Memory(c) => {
                c.borrow_mut().files.insert(path.to_path_buf(), bytes.to_vec());
                Ok(())
            }
            Sink::System => {
                if let Some(why) = self.refusal(path) {
                    return Err(file::refused(why));
                }
                if fs::symlink_metadata(path).is_ok() {
                    return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
                }
                atomic_write_as(path, true, |f| f.write_all(bytes))?;
                Ok(())
            }
        }
    }

    /// Like [`Context::write_file`], with the contents written by `write` as
    /// they are made; `path` appears only when `write` has written them all.
    pub fn write_file_with(
        &self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match &self.sink {
            Sink::Memory(c) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                c.borrow_mut().files.insert(path.to_path_buf(), bytes);
                Ok(())
            }
            Sink::System => {
                if let Some(why) = self.refusal(path) {
                    return Err(file::refused(why));
                }
                atomic_write(path, write)
            }
        }
    }

    /// Whether standard output is a terminal (never, in memory).
    pub fn stdout_is_terminal(&self) -> bool {
        match self.sink {
            Sink::System => std::io::stdout().is_terminal(),
            Sink::Memory(_) => false,
        }
    }

    /// Writes `bytes` to standard output. A closed pipe (`| head`) is not
    /// an error.
    pub fn stdout(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.stdout_with(|out| out.write_all(bytes))
    }

    /// Writes standard output as `write` makes it.
    pub fn stdout_with(
        &self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        match &self.sink {
            Sink::Memory(c) => write(&mut c.borrow_mut().stdout),
            Sink::System => {
                let mut out = std::io::stdout().lock();
                match write(&mut out).and_then(|_| out.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    r => r,
                }
            }
        }
    }

    /// Writes `text` to standard error: what the run says it did (`wrote
    /// FILE`), warnings, problems. Failing to say it is not an error.
    pub fn stderr(&self, text: &str) {
        match &self.sink {
            Sink::Memory(c) => c.borrow_mut().stderr.extend_from_slice(text.as_bytes()),
            Sink::System => {
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
        }
    }
}

/// Writes a file atomically on disk: a new temporary file beside `path`
/// (never an existing one, nor what a link there points to), written,
/// synced and renamed over `path`; removed on failure.
fn atomic_write(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    atomic_write_as(path, false, write)
}

/// [`atomic_write`]; `secret`: on Unix the file is its owner's alone (0600).
fn atomic_write_as(
    path: &Path,
    secret: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let mut created = None;
    for attempt in 0..100u32 {
        let tmp = dir.join(format!(
            ".{}.tmp-{}-{attempt}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if secret {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = secret;
        match options.open(&tmp) {
            Ok(f) => {
                created = Some((tmp, f));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    let Some((tmp, mut f)) = created else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "cannot create a temporary file beside the output",
        ));
    };
    let result = (|| {
        write(&mut f)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The names a file may be kept aside under, in the order tried:
/// `NAME.altered`, `NAME.altered.2`, … up to 999.
fn aside_names(path: &Path) -> std::io::Result<impl Iterator<Item = PathBuf> + '_> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::InvalidInput))?
        .to_string_lossy()
        .into_owned();
    Ok((1..1000u32).map(move |n| match n {
        1 => path.with_file_name(format!("{name}.altered")),
        n => path.with_file_name(format!("{name}.altered.{n}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("avgift-context-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_whole_and_leaves_no_temporary() {
        let dir = scratch("atomic");
        let ctx = Context::system(Vec::new());
        let target = dir.join("out.csv");
        ctx.write_file(&target, b"a,b\n").unwrap();
        ctx.write_file(&target, b"c,d\n").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"c,d\n");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.csv")]);
        // A folder that does not exist: an error, and nothing written.
        assert!(ctx.write_file(&dir.join("missing/out.csv"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn in_memory_writes_nothing_to_disk() {
        let dir = scratch("memory");
        let ctx = Context::in_memory(vec!["calc".into()]);
        let target = dir.join("sub/out.csv");
        ctx.make_folder(&dir.join("sub")).unwrap();
        ctx.write_file(&target, b"a\n").unwrap();
        ctx.write_file_with(&dir.join("other.csv"), |w| w.write_all(b"b\n"))
            .unwrap();
        ctx.stdout(b"out").unwrap();
        ctx.stderr("wrote out.csv\n");
        assert!(!dir.join("sub").exists());
        assert!(!dir.join("other.csv").exists());
        let captured = ctx.captured();
        assert_eq!(captured.files.len(), 2);
        assert_eq!(captured.files[&target], b"a\n");
        assert_eq!(captured.stdout, b"out");
        assert_eq!(captured.stderr, b"wrote out.csv\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_input_is_never_an_output() {
        let dir = scratch("input");
        let input = dir.join("pop.csv");
        fs::write(&input, b"code,name,population\n").unwrap();
        let ctx = Context::system(Vec::new());
        ctx.note_input(&input, Input::Population, b"code,name,population\n", false)
            .unwrap();
        // Read again with other bytes: refused.
        assert!(ctx
            .note_input(
                &input,
                Input::Population,
                b"code,name,population\n0180,Stockholm,1\n",
                false
            )
            .unwrap_err()
            .to_string()
            .contains("changed while avgift was reading it"));
        let err = ctx.write_file(&input, b"x").unwrap_err();
        assert!(file::refused_message(&err)
            .unwrap()
            .to_string()
            .contains("this run's population"));
        assert_eq!(fs::read(&input).unwrap(), b"code,name,population\n");
        assert!(ctx.check_outputs([input.as_path()]).is_err());
        assert_eq!(
            ctx.input_digest(&input).unwrap(),
            crate::digest::sha256_hex(b"code,name,population\n")
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
