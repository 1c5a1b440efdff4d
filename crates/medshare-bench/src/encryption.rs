//! Client encryption: a record sealed and opened per second by medshare-crypto, against
//! `@arcium-hq/client` under Node on the same inputs (the ratio is the figure).

use crate::{
    spread::Spread,
    table::{thousands, Table},
};
use anyhow::{bail, Context};
use medshare_crypto::{sealed, RescueCipher, SecretKey};
use medshare_sdk::record::example_summary;
use serde::{Deserialize, Serialize};
use std::{
    io::Write,
    path::Path,
    process::{Command, Stdio},
    time::Instant,
};

/// Records timed on each side in each round: the TypeScript client takes about 60 ms a record, so
/// it gets fewer.
const ITERATIONS: usize = 1_000;
const NODE_ITERATIONS: usize = 60;
/// Rounds on each side; the ratio is given as its spread over them.
const ROUNDS: usize = 5;

#[derive(Serialize)]
struct Inputs {
    secret: String,
    mxe_public_key: String,
    nonce: String,
    plaintext: Vec<String>,
    iterations: usize,
    rounds: usize,
}

#[derive(Deserialize)]
struct NodeFigures {
    encrypt_per_second: Vec<f64>,
    decrypt_per_second: Vec<f64>,
    ciphertexts: Vec<String>,
}

pub struct Encryption {
    pub table: Table,
    pub ratio_encrypt: Spread,
}

pub fn measure(node_dir: &Path) -> anyhow::Result<Encryption> {
    let secret = SecretKey::from_bytes([7; 32]);
    let mxe_public_key = SecretKey::from_bytes([9; 32]).public_key();
    let nonce = 0x0123_4567_89ab_cdef_u128;
    let elements = example_summary().to_elements()?;
    let binding = sealed::record_binding(&[1; 32], &[2; 32]);
    let cipher = || {
        let shared = secret.shared_secret(&mxe_public_key).expect("a valid key");
        RescueCipher::new(&shared)
    };

    let encrypt = || sealed::seal(&cipher(), nonce, binding, &elements);
    let ciphertexts = encrypt();
    let decrypt = || sealed::open(&cipher(), nonce, binding, &ciphertexts);
    // Node encrypts the same six plaintexts and a zero at the tag key's position: the same
    // keystream work (the tag's 11 multiplications are left out there).
    let plaintext: Vec<_> = (cipher().decrypt(&ciphertexts, &nonce.to_le_bytes())?)
        .into_iter()
        .chain([medshare_crypto::FieldElement::ZERO])
        .collect();
    let (mut rust_encrypt, mut rust_decrypt) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        rust_encrypt.push(rate(|| {
            std::hint::black_box(encrypt());
        }));
        rust_decrypt.push(rate(|| {
            let _ = std::hint::black_box(decrypt());
        }));
    }

    let inputs = Inputs {
        secret: hex::encode(secret.to_bytes()),
        mxe_public_key: hex::encode(mxe_public_key),
        nonce: hex::encode(nonce.to_le_bytes()),
        plaintext: plaintext
            .iter()
            .map(|e| hex::encode(e.to_bytes()))
            .collect(),
        iterations: NODE_ITERATIONS,
        rounds: ROUNDS,
    };
    let node = run_node(node_dir, &inputs)?;
    let ours: Vec<String> = ciphertexts.iter().map(hex::encode).collect();
    if node.ciphertexts[..sealed::CIPHERTEXTS] != ours[..] {
        bail!("@arcium-hq/client produced other ciphertexts than medshare-crypto");
    }

    let mut table = Table::new(
        "Client encryption (one sealed record: x25519 with the MXE key, Rescue key derivation, 7 keystream elements in CTR mode, the binding tag)",
        &["operation", "medshare-crypto (records/s, median)", "@arcium-hq/client under Node (records/s, median)", "ratio: median (min to max)"],
    );
    for (operation, ours, theirs) in [
        ("encrypt", &rust_encrypt, &node.encrypt_per_second),
        ("decrypt", &rust_decrypt, &node.decrypt_per_second),
    ] {
        table.row(vec![
            operation.into(),
            thousands(Spread::of(ours.iter().copied()).median as u64),
            thousands(Spread::of(theirs.iter().copied()).median as u64),
            Spread::of_ratios(ours, theirs).to_string(),
        ]);
    }
    table.note(format!(
        "{ROUNDS} rounds on each side, paired in order for the ratio's spread; a round times {ITERATIONS} records in Rust and {NODE_ITERATIONS} under Node, each after a warm-up, with the same key, nonce and sealed example record; the ciphertexts are checked equal. Rust seals and opens (the tag computed and checked); Node encrypts and decrypts the same six plaintexts and the tag key's position, the same keystream work without the tag's 11 multiplications."
    ));
    let version = Command::new("node").arg("--version").output()?;
    table.note(format!(
        "Node {}, @arcium-hq/client 0.14.1.",
        String::from_utf8_lossy(&version.stdout).trim()
    ));
    Ok(Encryption {
        ratio_encrypt: Spread::of_ratios(&rust_encrypt, &node.encrypt_per_second),
        table,
    })
}

/// Operations per second over [`ITERATIONS`] runs, after a warm-up.
fn rate(mut operation: impl FnMut()) -> f64 {
    for _ in 0..50 {
        operation();
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        operation();
    }
    ITERATIONS as f64 / start.elapsed().as_secs_f64()
}

fn run_node(node_dir: &Path, inputs: &Inputs) -> anyhow::Result<NodeFigures> {
    if !node_dir.join("node_modules/@arcium-hq/client").exists() {
        bail!(
            "{} has no node_modules: run `npm ci` there (./scripts/bench does)",
            node_dir.display()
        );
    }
    let mut child = Command::new("node")
        .arg("encrypt.mjs")
        .current_dir(node_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting node")?;
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(serde_json::to_string(inputs)?.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("node encrypt.mjs failed: {}", output.status);
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}
