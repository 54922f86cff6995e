//! Atomic output: a file is either written whole or not at all.

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

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and then renamed over `path`. On failure nothing is left behind.
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
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
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
