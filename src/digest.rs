//! SHA-256 digests in lower-case hex: of bytes, and of bytes as they are
//! written. What every record of inputs and outputs is made of.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// A writer that passes bytes on and computes their SHA-256 as they go.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: std::io::Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The lower-case hex SHA-256 of everything written.
    pub fn finish(self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.hasher.finalize() {
            let _ = write!(s, "{b:02x}");
        }
        s
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_hashing_writer_gives_the_digest_of_what_it_passed_on() {
        use std::io::Write;
        let mut out = Vec::new();
        let mut w = HashingWriter::new(&mut out);
        w.write_all(b"ab").unwrap();
        w.write_all(b"c").unwrap();
        assert_eq!(w.finish(), sha256_hex(b"abc"));
        assert_eq!(out, b"abc");
    }
}
