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
/// input, a device, a link), else exit 1.
pub fn write_failure(path: &Path, e: std::io::Error) -> Failure {
    match refused_message(&e) {
        Some(why) => Failure::Input(Diagnostic::new(why).in_file(path).into()),
        None => Failure::Other(msg!("file-cannot-write", path = path, error = e.to_string())),
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
