//! `avgift keygen -o KEYFILE`: a new Ed25519 key pair for signing the
//! invoice register (`src/signing.rs`). The private key goes to KEYFILE
//! (PKCS#8 PEM, readable by its owner only, never written over); the
//! public key is printed on standard output, for the tariff's `[invoice]`
//! section (`issuer.public_key`).

use std::path::PathBuf;

use clap::Args;

use crate::context::Context;
use crate::diag::{Diagnostic, Failure};
use crate::msg;
use crate::signing::PrivateKey;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The file to write the private key to (PEM). Never written over; keep
    /// it outside every invoice folder.
    #[arg(short, long, value_name = "KEYFILE")]
    pub output: PathBuf,
}

pub fn run(ctx: &Context, a: &KeygenArgs) -> Result<(), Failure> {
    let path = &a.output;
    if path.as_os_str() == "-" {
        return Err(Failure::Input(
            Diagnostic::new(msg!("keygen-not-stdout")).in_file(path).into(),
        ));
    }
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| Failure::Other(msg!("keygen-no-randomness", error = e.to_string())))?;
    let key = PrivateKey::from_seed(seed);
    seed.fill(0);
    ctx.check_outputs([path.as_path()])?;
    crate::emit::make_folder(ctx, path)?;
    ctx.write_secret_file(path, key.to_pem().as_bytes())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Failure::Input(Diagnostic::new(msg!("keygen-exists")).in_file(path).into())
            }
            _ => crate::context::file::write_failure(path, e),
        })?;
    let public = key.public().to_hex();
    ctx.stdout(format!("{public}\n").as_bytes())
        .map_err(|e| Failure::Other(msg!("emit-cannot-write-stdout", error = e.to_string())))?;
    ctx.say(&msg!("keygen-written", file = path, key = public));
    Ok(())
}
