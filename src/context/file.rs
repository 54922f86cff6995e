//! What may be an output: only a plain file, never a link, device, FIFO,
//! socket or folder (renaming over a link would replace the link, not its
//! target, so a link is refused and the message names the target to write
//! instead); and relative paths as a tariff names its files.
//!
//! Writing itself, and the check that an output is not one of the run's
//! inputs, is the run's [`crate::context::Context`]: commands that write
//! several files call `Context::check_outputs` on all of them before
//! writing the first.

use std::fs;
use std::path::Path;

use crate::diag::{Diagnostic, Failure};
use crate::msg;
use crate::msg::Message;

/// What a path is, when it is not a plain file: `a character device`.
pub fn special_kind(meta: &fs::Metadata) -> Option<Message> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(msg!("file-kind-folder"));
    }
    if t.is_symlink() {
        return Some(msg!("file-kind-symlink"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some(msg!("file-kind-char-device"));
        }
        if t.is_block_device() {
            return Some(msg!("file-kind-block-device"));
        }
        if t.is_fifo() {
            return Some(msg!("file-kind-fifo"));
        }
        if t.is_socket() {
            return Some(msg!("file-kind-socket"));
        }
    }
    Some(msg!("file-kind-other"))
}

/// Why `path` (whose metadata, not following links, is `meta`) is no file
/// an output may replace: a symbolic link, or not a plain file.
pub fn not_plain(path: &Path, meta: &fs::Metadata) -> Option<Message> {
    if meta.file_type().is_symlink() {
        return Some(match fs::read_link(path) {
            Ok(target) => msg!("file-output-symlink-to", target = &target),
            Err(_) => msg!("file-output-symlink"),
        });
    }
    special_kind(meta).map(|kind| msg!("file-output-not-plain", kind = kind))
}

/// An output that may not be written, as an I/O error that
/// [`refused_message`] recognises.
#[derive(Debug)]
struct Refused(Message);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for Refused {}

/// The reason, when a write failed because its target may not be written
/// (an input, a device, a link): bad input, not a failure of the machine.
pub fn refused_message(e: &std::io::Error) -> Option<Message> {
    e.get_ref()
        .and_then(|r| r.downcast_ref::<Refused>())
        .map(|r| r.0.clone())
}

/// A refusal to write, as an I/O error that [`refused_message`] recognises.
pub fn refused(why: Message) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, Refused(why))
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

/// A write that failed: exit 2 when the target may not be written (an
/// input, a device, a link) or the path cannot be written by anyone's
/// fault but the command line's (see [`path_problem`]), else exit 1.
pub fn write_failure(path: &Path, e: std::io::Error) -> Failure {
    match refused_message(&e).or_else(|| path_problem(path, &e, false)) {
        Some(why) => Failure::Input(Diagnostic::new(why).in_file(path).into()),
        None => Failure::Other(msg!("file-cannot-write", path = path, error = e.to_string())),
    }
}

/// A folder for outputs that could not be made: exit 2 with what is wrong
/// with the path when it is the path's fault (a file or a device in the
/// way, no permission, a read-only file system), else exit 1 with `other`.
pub fn folder_failure(dir: &Path, e: std::io::Error, other: Message) -> Failure {
    match path_problem(dir, &e, true) {
        Some(why) => Failure::Input(Diagnostic::new(why).in_file(dir).into()),
        None => Failure::Other(other),
    }
}

/// What is wrong with an output path (a file, or a `folder` to make) that
/// could not be written or made, when it is the path (not the machine: a
/// full disk, a failing device).
pub fn path_problem(path: &Path, e: &std::io::Error, folder: bool) -> Option<Message> {
    use std::io::ErrorKind as K;
    // The first part of the path that is there but no folder (a file
    // being written is not in its own way).
    let in_the_way = path.ancestors().skip(usize::from(!folder)).find_map(|a| {
        let meta = fs::metadata(a).ok()?;
        (!meta.is_dir()).then(|| (a.to_path_buf(), special_kind(&meta)))
    });
    match e.kind() {
        K::PermissionDenied => Some(msg!("ledger-path-permission")),
        K::ReadOnlyFilesystem => Some(msg!("ledger-path-read-only")),
        K::NotADirectory | K::AlreadyExists | K::NotFound | K::IsADirectory | K::InvalidFilename => {
            Some(match in_the_way {
                Some((at, Some(kind))) if at == path => msg!("ledger-path-not-a-folder", kind = kind),
                Some((at, None)) if at == path => msg!("ledger-path-file-not-a-folder"),
                Some((at, Some(kind))) => msg!("ledger-path-in-the-way", path = &at, kind = kind),
                Some((at, None)) => msg!("ledger-path-file-in-the-way", path = &at),
                None if e.kind() == K::IsADirectory => msg!("ledger-path-is-folder"),
                None => msg!("ledger-path-cannot-make", error = e.to_string()),
            })
        }
        _ => None,
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
}
