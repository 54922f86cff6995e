//! What made an output: the tool's version and the SHA-256 of every input
//! file, so a result can be traced to its inputs years later.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The tool's name and version, as outputs record it.
pub const TOOL: &str = concat!("avgift ", env!("CARGO_PKG_VERSION"));

/// One input file and its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// `tariff`, `population`, `actuals` or `weights`.
    pub role: &'static str,
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// The inputs of a run, in a fixed order (tariff, population, actuals,
/// weight files), and the `--set` overrides applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub inputs: Vec<InputFile>,
    pub overrides: Vec<String>,
}

impl Provenance {
    /// Adds a file, hashing its bytes.
    pub fn add(&mut self, role: &'static str, path: &Path) -> std::io::Result<()> {
        let bytes = std::fs::read(path)?;
        self.inputs.push(InputFile {
            role,
            path: path.to_path_buf(),
            sha256: sha256_hex(&bytes),
        });
        Ok(())
    }

    /// One digest over all inputs and overrides: what an invoice footer
    /// shows and what finalising compares.
    pub fn digest(&self) -> String {
        let mut listing = String::new();
        for i in &self.inputs {
            let _ = writeln!(listing, "{} {}", i.role, i.sha256);
        }
        for o in &self.overrides {
            let _ = writeln!(listing, "set {o}");
        }
        sha256_hex(listing.as_bytes())
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
    fn digest_depends_on_inputs_and_overrides() {
        let mut p = Provenance::default();
        p.inputs.push(InputFile {
            role: "tariff",
            path: "t.toml".into(),
            sha256: sha256_hex(b"x"),
        });
        let before = p.digest();
        p.overrides.push("charges.dso.rate=7".into());
        assert_ne!(before, p.digest());
    }
}
