//! Atomic output: a file is either written whole or not at all, and only
//! where a plain file may be written.
//!
//! Every input a run reads is noted here (by device and inode, so that a
//! symlink or a hard link to it is the same file), and every write checks
//! its target first: an output never replaces one of the run's inputs, a
//! device, FIFO, socket or folder, or a symbolic link (renaming over a link
//! would replace the link, not its target, so a link is refused and the
//! message names the target to write instead). Commands that write several
//! files call [`check_outputs`] on all of them before writing the first.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

thread_local! {
    /// Files written while capturing, by path (`-` is standard output).
    static CAPTURED: std::cell::RefCell<Option<std::collections::BTreeMap<PathBuf, Vec<u8>>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with every write (files and standard output) kept in memory
/// instead: how `avgift verify` replays a command without touching disk.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, std::collections::BTreeMap<PathBuf, Vec<u8>>) {
    CAPTURED.with(|c| *c.borrow_mut() = Some(Default::default()));
    let result = f();
    let files = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (result, files)
}

/// Whether writes are being kept in memory (a replay by `verify`).
pub fn capturing() -> bool {
    CAPTURED.with(|c| c.borrow().is_some())
}

/// Keeps bytes for `path` if capturing; `false` when not capturing.
pub fn captured(path: &Path, bytes: &[u8]) -> bool {
    CAPTURED.with(|c| match c.borrow_mut().as_mut() {
        Some(files) => {
            files
                .entry(path.to_path_buf())
                .or_default()
                .extend_from_slice(bytes);
            true
        }
        None => false,
    })
}

/// An input of this run: where it was read from, what it is, and (on Unix)
/// its device and inode.
#[derive(Debug, Clone)]
struct Input {
    path: PathBuf,
    role: String,
    id: Option<(u64, u64)>,
    /// The run rewrites this very file in place (the invoice register).
    rewritten: bool,
}

static INPUTS: std::sync::Mutex<Vec<Input>> = std::sync::Mutex::new(Vec::new());

#[cfg(unix)]
fn file_id(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Notes `path` as an input of this run (`role`: `tariff`, `population` …),
/// so that no output of the run replaces it.
pub fn note_input(path: &Path, role: &str) {
    note(path, role, false);
}

/// Notes a file the run reads and then rewrites at the same path (the
/// invoice register): only that path may replace it.
pub fn note_rewritten_input(path: &Path, role: &str) {
    note(path, role, true);
}

fn note(path: &Path, role: &str, rewritten: bool) {
    let id = fs::metadata(path).ok().as_ref().and_then(file_id);
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.push(Input {
            path: path.to_path_buf(),
            role: role.to_string(),
            id,
            rewritten,
        });
    }
}

/// What a path is, when it is not a plain file: `a character device`.
pub fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Why `path` may not be written, if it may not: it is one of this run's
/// inputs (by device and inode: a symlink or hard link to it counts), or
/// something other than a plain file. A path that does not exist yet may
/// be written.
pub fn refusal(path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        let target = fs::read_link(path)
            .map(|t| format!(" to {}", t.display()))
            .unwrap_or_default();
        return Some(format!(
            "is a symbolic link{target}: avgift replaces an output whole, which would replace the link; name the file itself (or - for standard output)"
        ));
    }
    if let Some(kind) = special_kind(&meta) {
        return Some(format!(
            "is {kind}, not a plain file: avgift writes only plain files (- writes standard output)"
        ));
    }
    let id = file_id(&meta);
    let inputs = INPUTS.lock().ok()?;
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let same_path = |i: &Input| abs(&i.path) == abs(path);
    // The same file: by device and inode where there are such, else by
    // the path with links resolved.
    let same_file = |i: &Input| match (id, i.id) {
        (Some(a), Some(b)) => a == b,
        _ => fs::canonicalize(&i.path).ok() == fs::canonicalize(path).ok(),
    };
    inputs
        .iter()
        .find(|i| same_file(i) && !(i.rewritten && same_path(i)))
        .map(|i| {
            format!(
                "not written: it is this run's {} ({}), and an output never replaces an input; write it elsewhere",
                i.role,
                i.path.display()
            )
        })
}

/// An output that may not be written, as an I/O error that
/// [`refused_message`] recognises.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The reason, when a write failed because its target may not be written
/// (an input, a device, a link): bad input, not a failure of the machine.
pub fn refused_message(e: &std::io::Error) -> Option<String> {
    e.get_ref()
        .and_then(|r| r.downcast_ref::<Refused>())
        .map(|r| r.0.clone())
}

fn check(path: &Path) -> std::io::Result<()> {
    match refusal(path) {
        Some(why) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            Refused(why),
        )),
        None => Ok(()),
    }
}

/// Checks every path a command is about to write, before it writes any:
/// each refusal as a problem naming the path.
pub fn check_outputs<'p>(paths: impl IntoIterator<Item = &'p Path>) -> Result<(), crate::diag::Diagnostics> {
    let mut problems = crate::diag::Diagnostics::new();
    if capturing() {
        return Ok(());
    }
    for path in paths {
        if let Some(why) = refusal(path) {
            problems.push(crate::diag::Diagnostic::new(why).in_file(path));
        }
    }
    problems.into_result(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and then renamed over `path`. On failure nothing is left behind.
/// A path that [`refusal`] refuses is not written (an `InvalidInput`
/// error that [`refused_message`] explains).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if CAPTURED.with(|c| {
        c.borrow_mut()
            .as_mut()
            .map(|files| files.insert(path.to_path_buf(), bytes.to_vec()))
            .is_some()
    }) {
        return Ok(());
    }
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], with the contents written by `write` as they are
/// made; `path` appears only when `write` has written them all.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    debug_assert!(!capturing(), "a captured run writes through write_atomic");
    check(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    // A new file, never an existing one (nor what a link there points to).
    let mut created = None;
    for attempt in 0..100u32 {
        let tmp = dir.join(format!(
            ".{}.tmp-{}-{attempt}",
            name.to_string_lossy(),
            std::process::id()
        ));
        match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
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

/// `path` relative to the folder `base` (both made absolute first), with
/// `/` separators, as a tariff names its files: `../data/pop.csv`.
pub fn relative_to(path: &Path, base: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (path, base) = (abs(path), abs(base));
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/pop.csv"), Path::new("/a/b")),
            "pop.csv"
        );
        assert_eq!(
            relative_to(Path::new("/a/b/pop.csv"), Path::new("/a/c")),
            "../b/pop.csv"
        );
        assert_eq!(
            relative_to(Path::new("/a/b/x/pop.csv"), Path::new("/a")),
            "b/x/pop.csv"
        );
    }

    #[test]
    fn writes_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("avgift-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        write_atomic(&target, b"a,b\n").unwrap();
        write_atomic(&target, b"c,d\n").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"c,d\n");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.csv")]);
        // A folder that does not exist: an error, and nothing written.
        assert!(write_atomic(&dir.join("missing/out.csv"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
