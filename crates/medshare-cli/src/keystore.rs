//! The x25519 encryption key, kept in a file encrypted at rest: Argon2id stretches the
//! passphrase into a key for XChaCha20-Poly1305, which seals the secret. The public key is
//! stored in the clear so that `keys show` and scripts need no passphrase.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::{
    aead::{Aead, KeyInit},
    XChaCha20Poly1305, XNonce,
};
use medshare_sdk::SecretKey;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::{fs, io::Write, path::Path};
use zeroize::Zeroizing;

const FORMAT: &str = "medshare-keystore/1";

/// Argon2id cost: 64 MiB, 3 passes, one lane (above OWASP's minimum of 19 MiB and 2 passes).
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const LANES: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    #[error("no encryption key at {0}: create one with `medshare keys new`")]
    Missing(String),
    #[error("an encryption key already exists at {0}; pass --force to replace it")]
    Exists(String),
    #[error("wrong passphrase for {0}")]
    WrongPassphrase(String),
    #[error("{path} is not a medshare keystore: {why}")]
    Malformed { path: String, why: String },
    #[error("cannot access {path}: {error}")]
    Io { path: String, error: std::io::Error },
}

#[derive(Serialize, Deserialize)]
struct KeystoreFile {
    format: String,
    public_key: String,
    kdf: KdfParams,
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct KdfParams {
    algorithm: String,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: String,
}

/// The public half of the key in `path`, without unlocking it.
pub fn public_key(path: &Path) -> Result<[u8; 32], KeystoreError> {
    let file = read(path)?;
    decode_hex(&file.public_key, path)
}

/// Decrypts the key in `path` with `passphrase`.
pub fn unlock(path: &Path, passphrase: &str) -> Result<SecretKey, KeystoreError> {
    let file = read(path)?;
    let salt: [u8; 16] = decode_hex(&file.kdf.salt, path)?;
    let nonce: [u8; 24] = decode_hex(&file.nonce, path)?;
    let ciphertext = hex_bytes(&file.ciphertext, path)?;
    let params = (file.kdf.memory_kib, file.kdf.passes, file.kdf.lanes);
    let cipher = cipher(passphrase, &salt, params).map_err(|why| malformed(path, why))?;
    let secret = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&nonce), ciphertext.as_slice())
            .map_err(|_| KeystoreError::WrongPassphrase(path.display().to_string()))?,
    );
    let secret: [u8; 32] = secret
        .as_slice()
        .try_into()
        .map_err(|_| malformed(path, "the secret is not 32 bytes".into()))?;
    let key = SecretKey::from_bytes(secret);
    if hex::encode(key.public_key()) != file.public_key {
        return Err(malformed(
            path,
            "the public key does not match the secret".into(),
        ));
    }
    Ok(key)
}

/// Writes `key` to `path` under `passphrase`, through a temporary file renamed into place so
/// an interrupted write never leaves half a key. Refuses to replace a key unless `replace`.
pub fn save(
    path: &Path,
    key: &SecretKey,
    passphrase: &str,
    replace: bool,
) -> Result<(), KeystoreError> {
    if path.exists() && !replace {
        return Err(KeystoreError::Exists(path.display().to_string()));
    }
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = cipher(passphrase, &salt, (MEMORY_KIB, PASSES, LANES))
        .map_err(|why| malformed(path, why))?;
    let secret = Zeroizing::new(key.to_bytes());
    let ciphertext = cipher
        .encrypt(XNonce::from_slice(&nonce), secret.as_slice())
        .expect("XChaCha20-Poly1305 encrypts any 32 bytes");
    let file = KeystoreFile {
        format: FORMAT.into(),
        public_key: hex::encode(key.public_key()),
        kdf: KdfParams {
            algorithm: "argon2id".into(),
            memory_kib: MEMORY_KIB,
            passes: PASSES,
            lanes: LANES,
            salt: hex::encode(salt),
        },
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(&ciphertext),
    };
    let json = serde_json::to_string_pretty(&file).expect("keystores serialize");
    write_private(path, json.as_bytes()).map_err(|error| KeystoreError::Io {
        path: path.display().to_string(),
        error,
    })
}

fn cipher(
    passphrase: &str,
    salt: &[u8],
    (memory_kib, passes, lanes): (u32, u32, u32),
) -> Result<XChaCha20Poly1305, String> {
    let params = Params::new(memory_kib, passes, lanes, Some(32)).map_err(|e| e.to_string())?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| e.to_string())?;
    Ok(XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(
        key.as_slice(),
    )))
}

fn read(path: &Path) -> Result<KeystoreFile, KeystoreError> {
    let text = fs::read_to_string(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => KeystoreError::Missing(path.display().to_string()),
        _ => KeystoreError::Io {
            path: path.display().to_string(),
            error,
        },
    })?;
    let file: KeystoreFile =
        serde_json::from_str(&text).map_err(|error| malformed(path, error.to_string()))?;
    if file.format != FORMAT || file.kdf.algorithm != "argon2id" {
        return Err(malformed(path, format!("unknown format {:?}", file.format)));
    }
    Ok(file)
}

/// Creates or replaces `path` with `bytes`, readable by its owner only.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let staged = path.with_extension("new");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&staged)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&staged, path)
}

fn malformed(path: &Path, why: String) -> KeystoreError {
    KeystoreError::Malformed {
        path: path.display().to_string(),
        why,
    }
}

fn hex_bytes(text: &str, path: &Path) -> Result<Vec<u8>, KeystoreError> {
    hex::decode(text).map_err(|error| malformed(path, format!("{text:?}: {error}")))
}

fn decode_hex<const N: usize>(text: &str, path: &Path) -> Result<[u8; N], KeystoreError> {
    hex_bytes(text, path)?
        .try_into()
        .map_err(|_| malformed(path, format!("expected {N} bytes of hex")))
}

/// A new key saved beside the key file, waiting for the chain to adopt it: once it has,
/// [`Replacement::commit`] moves it over the old key; if it never will, [`Replacement::discard`].
pub struct Replacement {
    /// The key in use, which opens the record until the replacement is committed.
    pub current: SecretKey,
    pub key: SecretKey,
    staged: std::path::PathBuf,
    target: std::path::PathBuf,
}

impl Replacement {
    /// Checks `passphrase` against the key in `path` and stages a new key under it.
    pub fn begin(path: &Path, passphrase: &str) -> Result<Self, KeystoreError> {
        let current = unlock(path, passphrase)?;
        let staged = path.with_extension("pending.json");
        let key = SecretKey::generate();
        save(&staged, &key, passphrase, true)?;
        Ok(Self {
            current,
            key,
            staged,
            target: path.to_path_buf(),
        })
    }

    pub fn staged(&self) -> &Path {
        &self.staged
    }

    pub fn commit(self) -> Result<(), KeystoreError> {
        fs::rename(&self.staged, &self.target).map_err(|error| KeystoreError::Io {
            path: self.target.display().to_string(),
            error,
        })
    }

    pub fn discard(self) {
        // Nothing adopted it; a leftover file would only confuse the next rotation.
        let _ = fs::remove_file(&self.staged);
    }
}
