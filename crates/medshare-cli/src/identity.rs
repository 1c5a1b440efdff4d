//! Who is running the command: their wallet (a Solana CLI keypair file) and their encryption
//! key (a keystore unlocked with a passphrase).

use crate::keystore;
use anyhow::{bail, Context};
use medshare_sdk::SecretKey;
use solana_keypair::Keypair;
use std::{
    io::IsTerminal,
    path::{Path, PathBuf},
};
use zeroize::Zeroizing;

/// Where scripts give the passphrase; people are asked for it in the terminal.
pub const PASSPHRASE_VARIABLE: &str = "MEDSHARE_PASSPHRASE";

fn home() -> PathBuf {
    std::env::home_dir().unwrap_or_default()
}

/// `~/.config/solana/id.json`, as the Solana tools use.
pub fn default_wallet() -> PathBuf {
    home().join(".config/solana/id.json")
}

/// `~/.config/medshare/encryption-key.json`.
pub fn default_key_file() -> PathBuf {
    home().join(".config/medshare/encryption-key.json")
}

#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("no wallet at {0}: create one with `medshare keys new` or `solana-keygen new`")]
    NoWallet(String),
    #[error("{path} is not a Solana keypair file: {why}")]
    BadWallet { path: String, why: String },
    #[error("no passphrase: set {PASSPHRASE_VARIABLE} or run in a terminal")]
    NoPassphrase,
    #[error("the passphrases differ")]
    PassphraseMismatch,
}

pub fn wallet(path: &Path) -> Result<Keypair, IdentityError> {
    if !path.exists() {
        return Err(IdentityError::NoWallet(path.display().to_string()));
    }
    solana_keypair::read_keypair_file(path).map_err(|error| IdentityError::BadWallet {
        path: path.display().to_string(),
        why: error.to_string(),
    })
}

/// The passphrase from the environment, or asked for (twice when `confirm`).
pub fn passphrase(confirm: bool) -> anyhow::Result<Zeroizing<String>> {
    if let Ok(passphrase) = std::env::var(PASSPHRASE_VARIABLE) {
        return Ok(Zeroizing::new(passphrase));
    }
    if !std::io::stdin().is_terminal() {
        bail!(IdentityError::NoPassphrase);
    }
    let first = Zeroizing::new(rpassword::prompt_password("Passphrase: ")?);
    if confirm {
        let second = Zeroizing::new(rpassword::prompt_password("Passphrase again: ")?);
        if first != second {
            bail!(IdentityError::PassphraseMismatch);
        }
    }
    Ok(first)
}

/// The encryption key in `path`, unlocked.
pub fn encryption_key(path: &Path) -> anyhow::Result<SecretKey> {
    // Fail on a missing file before asking for a passphrase.
    keystore::public_key(path)?;
    let passphrase = passphrase(false)?;
    keystore::unlock(path, &passphrase).context("unlocking the encryption key")
}

/// Asks for the passphrase and stages a new key in place of the one in `path`.
pub fn begin_key_replacement(path: &Path) -> anyhow::Result<keystore::Replacement> {
    keystore::public_key(path)?;
    let passphrase = passphrase(false)?;
    keystore::Replacement::begin(path, &passphrase).context("unlocking the encryption key")
}
