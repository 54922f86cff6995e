//! Ed25519 signatures (RFC 8032, `ed25519-dalek`) over the register's
//! chained digests: the one place where a chained row is signed and where
//! its signature is checked.
//!
//! A register is a set of chains (the documents, and beside them the
//! receivables' events, each holding its payments): each row's SHA-256 covers the row and the digest of the
//! row before it, so a row's digest stands for everything before it too.
//! Anyone can recompute such a chain after editing a row; nobody can sign
//! the new digests without the private key. So every row of a chain
//! carries a signature over its digest, made by [`sign_chained`] when the
//! row is committed, and checked by [`check_chained`] against the public
//! key the tariff names.
//!
//! What is signed is the text `avgift chained digest` and a line break,
//! the chain's name (`documents`, `receivables`) and a line break, then
//! the row's digest as the register stores it (64 lower-case hex digits). The
//! chain's name keeps a signature of one chain from standing for a row of
//! another. The signature is stored as 128 lower-case hex digits.
//!
//! Keys: the private key is a PKCS#8 file (`-----BEGIN PRIVATE KEY-----`,
//! RFC 8410), as `avgift keygen` writes it and as OpenSSL reads and writes
//! Ed25519 keys (`openssl genpkey -algorithm ed25519`); the public key is
//! written as 64 lower-case hex digits (its 32 bytes). Nothing here reads
//! or writes files.

use ed25519_dalek::Signer;

use crate::msg;
use crate::msg::Message;

/// A public key: what the tariff names and every signature is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

/// A private key: what signs.
pub struct PrivateKey(ed25519_dalek::SigningKey);

/// What is signed for a row of `chain` whose digest is `digest` (its hex text).
fn message(chain: &str, digest: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(32 + chain.len() + digest.len());
    m.extend_from_slice(b"avgift chained digest\n");
    m.extend_from_slice(chain.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(digest);
    m
}

/// Signs a row of `chain` whose chained digest is `digest` (64 hex
/// digits, as stored): the signature as 128 lower-case hex digits.
pub fn sign_chained(key: &PrivateKey, chain: &str, digest: &[u8]) -> String {
    hex(&key.0.sign(&message(chain, digest)).to_bytes())
}

/// Whether `signature` (128 hex digits, as stored) is `key`'s signature of
/// the row of `chain` whose chained digest is `digest`. Strict: the
/// signature's and the key's encodings must be canonical (RFC 8032 §5.1.7),
/// and no small-order key is accepted.
pub fn check_chained(key: &PublicKey, chain: &str, digest: &[u8], signature: &[u8]) -> bool {
    let Some(bytes) = unhex::<64>(signature) else {
        return false;
    };
    let signature = ed25519_dalek::Signature::from_bytes(&bytes);
    key.0.verify_strict(&message(chain, digest), &signature).is_ok()
}

impl PublicKey {
    /// A public key from its 64 hex digits (spaces around it ignored).
    pub fn parse(text: &str) -> Result<PublicKey, Message> {
        let t = text.trim();
        let bytes = unhex::<32>(t.as_bytes())
            .ok_or_else(|| msg!("ledger-expected-public-key", found = msg::quoted(t)))?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| msg!("ledger-not-a-public-key", found = msg::quoted(t)))
    }

    /// The key as 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex(self.0.as_bytes())
    }
}

/// The DER of an Ed25519 private key in PKCS#8 (RFC 8410 §7) before its
/// 32 bytes: a version 0 `OneAsymmetricKey` with the algorithm 1.3.101.112.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";

impl PrivateKey {
    /// The key whose 32 secret bytes are `seed` (from a random source).
    pub fn from_seed(seed: [u8; 32]) -> PrivateKey {
        PrivateKey(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The key as a PKCS#8 PEM file.
    pub fn to_pem(&self) -> String {
        let mut der = PKCS8_PREFIX.to_vec();
        der.extend_from_slice(self.0.as_bytes());
        format!("{PEM_BEGIN}\n{}\n{PEM_END}\n", base64(&der))
    }

    /// A key from its PKCS#8 PEM file (Ed25519, unencrypted, without the
    /// optional public key).
    pub fn from_pem(text: &str) -> Result<PrivateKey, Message> {
        let body = text
            .trim()
            .strip_prefix(PEM_BEGIN)
            .and_then(|r| r.trim_end().strip_suffix(PEM_END))
            .ok_or_else(|| msg!("ledger-expected-private-key"))?;
        let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let der = unbase64(&compact).ok_or_else(|| msg!("ledger-expected-private-key"))?;
        match der.strip_prefix(&PKCS8_PREFIX[..]) {
            Some(seed) if seed.len() == 32 => {
                let mut bytes = [0u8; 32];
                bytes.copy_from_slice(seed);
                Ok(PrivateKey::from_seed(bytes))
            }
            _ => Err(msg!("ledger-expected-private-key")),
        }
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `N` bytes from `2 N` hex digits (either case).
fn unhex<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(text.chunks(2)) {
        *o = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 4648, padded): the PEM body of a key.
fn base64(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Bytes from padded base64; `None` for anything else.
fn unbase64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let last = i + 1 == bytes.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            let v = BASE64.iter().position(|&b| b == c)? as u32;
            n = n << 6 | v;
        }
        n <<= 6 * pad as u32;
        let got = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&got[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 §7.1, test 1: the secret key, its public key, and the
    /// signature of the empty message.
    #[test]
    fn rfc_8032_test_vector() {
        let seed = unhex::<32>(b"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let key = PrivateKey::from_seed(seed);
        assert_eq!(
            key.public().to_hex(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            hex(&key.0.sign(b"").to_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn a_signature_stands_for_its_digest_and_chain_only() {
        let key = PrivateKey::from_seed([7; 32]);
        let public = key.public();
        let digest = b"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let sig = sign_chained(&key, "documents", digest);
        assert_eq!(sig.len(), 128);
        assert!(check_chained(&public, "documents", digest, sig.as_bytes()));
        assert!(check_chained(
            &public,
            "documents",
            digest,
            sig.to_uppercase().as_bytes()
        ));
        let mut other = *digest;
        other[0] = b'c';
        assert!(!check_chained(&public, "documents", &other, sig.as_bytes()));
        assert!(!check_chained(&public, "payments", digest, sig.as_bytes()));
        assert!(!check_chained(&public, "documents", digest, b""));
        assert!(!check_chained(
            &public,
            "documents",
            digest,
            &sig.as_bytes()[..126]
        ));
        let stranger = PrivateKey::from_seed([8; 32]).public();
        assert!(!check_chained(&stranger, "documents", digest, sig.as_bytes()));
    }

    #[test]
    fn keys_read_back() {
        let key = PrivateKey::from_seed([42; 32]);
        let pem = key.to_pem();
        assert!(
            pem.starts_with("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"),
            "{pem}"
        );
        let again = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(again.public(), key.public());
        // Line breaks as Windows writes them, and around the body.
        let crlf = pem.replace('\n', "\r\n");
        assert_eq!(PrivateKey::from_pem(&crlf).unwrap().public(), key.public());
        for bad in [
            "",
            "x",
            &pem.replace("PRIVATE", "PUBLIC"),
            &pem.replace("MC4", "MC5"),
        ] {
            assert!(PrivateKey::from_pem(bad).is_err(), "{bad}");
        }
        let public = key.public().to_hex();
        assert_eq!(PublicKey::parse(&format!(" {public}\n")).unwrap(), key.public());
        assert_eq!(PublicKey::parse(&public.to_uppercase()).unwrap(), key.public());
        assert!(PublicKey::parse(&public[..62]).is_err());
        assert!(PublicKey::parse(&format!("{}g", &public[..63])).is_err());
    }

    #[test]
    fn base64_round_trips() {
        for n in 0..10 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(unbase64(&base64(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(unbase64("Zm8="), Some(b"fo".to_vec()));
        assert_eq!(unbase64("Zm=8"), None);
        assert_eq!(unbase64("Zm8"), None);
    }
}
