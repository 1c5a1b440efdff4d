//! Fetches compiled circuits the way a node does: from the computation definition's off-chain
//! source, refusing any file whose SHA-256 differs from the hash registered on-chain.

use arcis_compiler::ArcisInstruction;
use sha2::{Digest, Sha256};
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

#[derive(Debug, thiserror::Error)]
pub enum CircuitError {
    #[error("circuit source {0:?} is neither a local file (file:// URL or path) nor an http(s) URL naming a file in build/")]
    NotLocal(String),
    #[error("cannot read circuit {path}: {error}")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(
        "circuit {path} has SHA-256 {actual}, but the computation definition requires {expected}"
    )]
    HashMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("circuit {path} is not a valid Arcis circuit: {error}")]
    Malformed { path: PathBuf, error: String },
}

/// Loaded circuits, by hash. Relative sources resolve against `root`.
pub struct CircuitStore {
    root: PathBuf,
    loaded: Mutex<HashMap<[u8; 32], Arc<ArcisInstruction>>>,
}

impl CircuitStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            loaded: Mutex::new(HashMap::new()),
        }
    }

    pub fn load(
        &self,
        source: &str,
        hash: &[u8; 32],
    ) -> Result<Arc<ArcisInstruction>, CircuitError> {
        if let Some(circuit) = self.loaded.lock().unwrap().get(hash) {
            return Ok(circuit.clone());
        }
        let path = self.resolve(source)?;
        let bytes = std::fs::read(&path).map_err(|error| CircuitError::Unreadable {
            path: path.clone(),
            error,
        })?;
        let actual: [u8; 32] = Sha256::digest(&bytes).into();
        if &actual != hash {
            return Err(CircuitError::HashMismatch {
                path,
                expected: hex(hash),
                actual: hex(&actual),
            });
        }
        let circuit = ArcisInstruction::from_bytes(bytes)
            .map_err(|error| CircuitError::Malformed { path, error })?;
        let circuit = Arc::new(circuit);
        self.loaded.lock().unwrap().insert(*hash, circuit.clone());
        Ok(circuit)
    }

    fn resolve(&self, source: &str) -> Result<PathBuf, CircuitError> {
        let path = match source.split_once("://") {
            Some(("file", path)) => Path::new(path),
            // A published circuit: this node has no network, so it serves its own copy from
            // `build/`, which the hash check then holds to what the definition names.
            Some(("http" | "https", url)) => match url.rsplit_once('/') {
                Some((_, name)) if !name.is_empty() => {
                    return Ok(self.root.join("build").join(name))
                }
                _ => return Err(CircuitError::NotLocal(source.to_string())),
            },
            Some(_) => return Err(CircuitError::NotLocal(source.to_string())),
            None => Path::new(source),
        };
        Ok(self.root.join(path))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workspace root, whose `build/` holds the compiled circuits.
    fn store() -> CircuitStore {
        CircuitStore::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
    }

    fn reseal_record_hash() -> [u8; 32] {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../build/reseal_record.arcis"
        ))
        .expect("run ./scripts/circuits first");
        Sha256::digest(bytes).into()
    }

    #[test]
    fn a_circuit_with_its_registered_hash_loads() {
        let circuit = store()
            .load("file://build/reseal_record.arcis", &reseal_record_hash())
            .unwrap();
        assert!(!circuit.metadata.input_order.is_empty());
    }

    #[test]
    fn a_circuit_whose_hash_differs_is_refused() {
        let mut wrong = reseal_record_hash();
        wrong[0] ^= 1;
        let error = store()
            .load("file://build/reseal_record.arcis", &wrong)
            .err()
            .unwrap();
        assert!(
            matches!(error, CircuitError::HashMismatch { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_published_circuit_is_served_from_the_local_build_and_held_to_its_hash() {
        let url = "https://example.org/circuits/reseal_record.arcis";
        assert!(store().load(url, &reseal_record_hash()).is_ok());
        let error = store()
            .load("https://example.org/circuits/reseal_record.arcis", &[0; 32])
            .err()
            .unwrap();
        assert!(
            matches!(error, CircuitError::HashMismatch { .. }),
            "{error}"
        );
        for source in [
            "ftp://example.org/reseal_record.arcis",
            "https://example.org/",
        ] {
            let error = store().load(source, &[0; 32]).err().unwrap();
            assert!(matches!(error, CircuitError::NotLocal(_)), "{error}");
        }
    }
}
