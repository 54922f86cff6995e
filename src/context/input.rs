//! Reading the run's input files: regular files only, up to a size
//! limit, never UTF-16, each noted in the run's [`Context`] with the digest
//! of the bytes read, so that no output replaces an input and every output
//! can record what it was made from.

use std::io::Read;
use std::path::Path;

use super::Context;
use crate::diag::Diagnostic;
use crate::msg;
use crate::msg::Message;

pub use super::role::Input;

/// The largest input file read, in MiB, unless [`MAX_INPUT_ENV`] says otherwise.
pub const DEFAULT_MAX_INPUT_MIB: u64 = 256;

/// The environment variable that raises (or lowers) the input size limit, in MiB.
pub const MAX_INPUT_ENV: &str = "AVGIFT_MAX_INPUT_MIB";

/// The input size limit in bytes, or why the environment's value is wrong.
pub fn max_input_bytes() -> Result<u64, Message> {
    match std::env::var(MAX_INPUT_ENV) {
        Err(_) => Ok(DEFAULT_MAX_INPUT_MIB << 20),
        Ok(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|m| (1..=1 << 20).contains(m))
            .map(|m| m << 20)
            .ok_or_else(|| msg!("input-size-limit", var = MAX_INPUT_ENV, value = msg::quoted(&v))),
    }
}

/// Reads an input file (`what`: the tariff, the population file …)
/// whole, and notes it as an input of the run so that no output replaces
/// it. Only a regular file is read (a device, FIFO, socket or folder is
/// refused before it is opened, so nothing blocks), and only up to
/// [`max_input_bytes`]. A file saved as UTF-16 is refused by name.
///
/// The run's context records the SHA-256 of exactly these bytes, which is
/// the digest outputs record: each input is read once, and what was parsed
/// is what was hashed.
pub fn read_input(ctx: &Context, path: &Path, what: Input) -> Result<Vec<u8>, Diagnostic> {
    let bytes = read_bounded(path, what)?;
    note_read(ctx, path, what, &bytes)?;
    Ok(bytes)
}

/// [`read_input`] for a small file that several parts of a run read (a
/// weight file that every projected year names, a forecast): read once per
/// run, and every part gets the same bytes, however it spells the path.
pub fn read_shared_input(ctx: &Context, path: &Path, what: Input) -> Result<std::rc::Rc<[u8]>, Diagnostic> {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(bytes) = ctx.shared_input(&key) {
        return Ok(bytes);
    }
    let bytes: std::rc::Rc<[u8]> = read_input(ctx, path, what)?.into();
    ctx.share_input(key, bytes.clone());
    Ok(bytes)
}

/// [`read_input`] for a file the run rewrites in place (the invoice register).
pub fn read_rewritten_input(ctx: &Context, path: &Path, what: Input) -> Result<Vec<u8>, Diagnostic> {
    let bytes = read_bounded(path, what)?;
    ctx.note_input(path, what, &bytes, true)
        .map_err(|m| Diagnostic::new(m).in_file(path))?;
    Ok(bytes)
}

/// Notes bytes read by [`read_bounded`] (on another thread, say) as an
/// input of the run: what [`read_input`] does after reading.
pub fn note_read(ctx: &Context, path: &Path, what: Input, bytes: &[u8]) -> Result<(), Diagnostic> {
    ctx.note_input(path, what, bytes, false)
        .map_err(|m| Diagnostic::new(m).in_file(path))
}

/// Reads an input file whole, regular files only and up to
/// [`max_input_bytes`], without noting it: see [`read_input`].
pub fn read_bounded(path: &Path, what: Input) -> Result<Vec<u8>, Diagnostic> {
    if path.as_os_str().is_empty() {
        return Err(Diagnostic::new(msg!("input-empty-path", what = what.the())));
    }
    let fail = |m: Message| Diagnostic::new(m).in_file(path);
    let cannot = |e: std::io::Error| {
        fail(msg!(
            "input-cannot-read",
            what = what.the(),
            error = e.to_string()
        ))
    };
    let limit =
        max_input_bytes().map_err(|m| fail(msg!("input-cannot-read-because", what = what.the(), why = m)))?;
    let not_plain = |meta: &std::fs::Metadata| {
        super::file::special_kind(meta)
            .map(|kind| fail(msg!("input-not-regular", what = what.the(), kind = kind)))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if let Some(d) = not_plain(&meta) {
        return Err(d);
    }
    let too_large = || {
        fail(msg!(
            "input-too-large",
            what = what.the(),
            mib = limit >> 20,
            var = MAX_INPUT_ENV
        ))
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    // What was opened, not what the name pointed to a moment ago.
    if let Some(d) = file.metadata().ok().as_ref().and_then(not_plain) {
        return Err(d);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    if is_utf16(&bytes) {
        // Line 1, column 1: where the byte order mark or the first NUL byte is.
        return Err(fail(msg!("input-utf16")).at(1, 1));
    }
    Ok(bytes)
}

/// Whether bytes look like UTF-16 text: a UTF-16 byte order mark, or (with
/// none) NUL bytes in every other place of the first line's characters, as
/// ASCII text in UTF-16 has. Text in UTF-8 or Windows-1252 has no NUL bytes.
pub fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return false;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    // Most characters of the head ASCII, the NULs all on one side.
    (even * 2 > pairs && odd == 0) || (odd * 2 > pairs && even == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_is_told_from_utf8_and_windows_1252() {
        let text = "code;name;population\r\n1490;Borås;114091\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(is_utf16(&le) && is_utf16(&be));
        assert!(is_utf16(&[b"\xFF\xFE".as_slice(), &le].concat()));
        assert!(is_utf16(&[b"\xFE\xFF".as_slice(), &be].concat()));
        assert!(!is_utf16(text.as_bytes()));
        assert!(!is_utf16(b"code;name\r\n1490;Bor\xE5s\r\n"));
        assert!(
            !is_utf16(b"\0\0\0\0\0\0\0\0"),
            "NUL bytes on both sides are not text"
        );
        assert!(!is_utf16(b""));
    }
}
