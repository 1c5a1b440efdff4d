//! Documents: a 10 MiB file through medshare-crypto's streaming encryption and through the
//! document stores, each against XChaCha20-Poly1305 alone over the same bytes in the same round.

use crate::{
    s3,
    spread::Spread,
    table::{thousands, Table},
};
use anyhow::anyhow;
use chacha20poly1305::{aead::AeadInPlace, KeyInit, Tag, XChaCha20Poly1305, XNonce};
use medshare_crypto::document::{self, DocumentBinding, DocumentKey, CHUNK_LEN};
use medshare_sdk::documents::store::DocumentStore;
use std::{io, path::Path, time::Instant};

/// Content bytes: a 10 MiB document.
const LEN: usize = 10 * 1024 * 1024;
const ROUNDS: usize = 5;

/// MiB of content per second, for an operation started at `started`.
fn rate(started: Instant) -> f64 {
    LEN as f64 / (1024.0 * 1024.0) / started.elapsed().as_secs_f64()
}

/// Each operation's rate in one round.
struct Round {
    aead_seal: f64,
    aead_open: f64,
    encrypt: f64,
    decrypt: f64,
    /// Upload and download, per store.
    stores: [(f64, f64); 2],
}

pub async fn throughput() -> anyhow::Result<Table> {
    let mut content: Vec<u8> = (0..LEN).map(|i| (i * 31 % 251) as u8).collect();
    let binding = DocumentBinding {
        document: [7; 32],
        version: 1,
    };
    let s3 = s3::start()?;
    let work = tempfile::tempdir()?;
    let directory = DocumentStore::directory(work.path().join("store"))?;
    let mut blob = Vec::new();
    let mut tags = Vec::new();
    let mut rounds = Vec::new();
    // Round 0 warms the allocator, the caches and the S3 connection; it is not counted.
    for round in 0..=ROUNDS {
        let key = DocumentKey::generate();
        let aead = XChaCha20Poly1305::new(&(*key.as_bytes()).into());
        let started = Instant::now();
        seal_chunks(&aead, &mut content, &mut tags)?;
        let aead_seal = rate(started);
        let started = Instant::now();
        open_chunks(&aead, &mut content, &tags)?;
        let aead_open = rate(started);

        blob.clear();
        let started = Instant::now();
        let sealed = document::encrypt(&key, &binding, LEN as u64, &content[..], &mut blob)?;
        let encrypt = rate(started);
        let started = Instant::now();
        let opened = document::decrypt(&key, &binding, &blob[..], io::sink())?;
        let decrypt = rate(started);
        anyhow::ensure!(
            opened == LEN as u64,
            "the document decrypted to {opened} bytes"
        );

        let path = work.path().join("blob");
        std::fs::write(&path, &blob)?;
        let stores = [
            transfer(&s3.store, &path, &sealed, work.path()).await?,
            transfer(&directory, &path, &sealed, work.path()).await?,
        ];
        if round > 0 {
            rounds.push(Round {
                aead_seal,
                aead_open,
                encrypt,
                decrypt,
                stores,
            });
        }
    }
    Ok(table(&rounds, blob.len()))
}

/// Uploads the blob at `path` to `store` and downloads it back, each timed; returns their rates.
async fn transfer(
    store: &DocumentStore,
    path: &Path,
    sealed: &document::Sealed,
    work: &Path,
) -> anyhow::Result<(f64, f64)> {
    let started = Instant::now();
    store.put_file(path, &sealed.digest).await?;
    let upload = rate(started);
    let fetched = work.join("fetched");
    let started = Instant::now();
    store
        .fetch_to_file(&sealed.digest, sealed.len, &fetched)
        .await?;
    let download = rate(started);
    // Each round's blob is new (a fresh key and nonce); the stores keep one at a time.
    store.delete(&sealed.digest).await?;
    std::fs::remove_file(fetched)?;
    Ok((upload, download))
}

/// Seals `buf` in place in chunks of the document format's size, keeping the tags: the AEAD's
/// cost without STREAM framing, padding, hashing, copies or I/O.
fn seal_chunks(
    aead: &XChaCha20Poly1305,
    buf: &mut [u8],
    tags: &mut Vec<Tag>,
) -> anyhow::Result<()> {
    tags.clear();
    for (index, chunk) in buf.chunks_mut(CHUNK_LEN).enumerate() {
        let tag = (aead.encrypt_in_place_detached(&nonce(index), &[], chunk))
            .map_err(|_| anyhow!("chunk {index} did not seal"))?;
        tags.push(tag);
    }
    Ok(())
}

/// Opens what [`seal_chunks`] sealed, in place.
fn open_chunks(aead: &XChaCha20Poly1305, buf: &mut [u8], tags: &[Tag]) -> anyhow::Result<()> {
    for ((index, chunk), tag) in buf.chunks_mut(CHUNK_LEN).enumerate().zip(tags) {
        (aead.decrypt_in_place_detached(&nonce(index), &[], chunk, tag))
            .map_err(|_| anyhow!("chunk {index} did not open"))?;
    }
    Ok(())
}

/// A chunk's index as its nonce; each round has a key of its own.
fn nonce(index: usize) -> XNonce {
    let mut nonce = XNonce::default();
    nonce[..8].copy_from_slice(&(index as u64).to_le_bytes());
    nonce
}

fn table(rounds: &[Round], blob_len: usize) -> Table {
    let mut table = Table::new(
        "Documents (a 10 MiB file: streaming encryption and the document stores, against XChaCha20-Poly1305 alone)",
        &[
            "operation",
            "MiB/s: median (min to max)",
            "x XChaCha20-Poly1305 alone: median (min to max)",
        ],
    );
    let of = |field: fn(&Round) -> f64| -> Vec<f64> { rounds.iter().map(field).collect() };
    let (seal, open) = (of(|r| r.aead_seal), of(|r| r.aead_open));
    let rows: [(&str, Vec<f64>, &[f64]); 8] = [
        (
            "XChaCha20-Poly1305 alone, seal (baseline)",
            seal.clone(),
            &seal,
        ),
        (
            "XChaCha20-Poly1305 alone, open (baseline)",
            open.clone(),
            &open,
        ),
        ("`document::encrypt`", of(|r| r.encrypt), &seal),
        ("`document::decrypt`", of(|r| r.decrypt), &open),
        ("S3: `put_file`", of(|r| r.stores[0].0), &seal),
        ("S3: `fetch_to_file`", of(|r| r.stores[0].1), &open),
        ("directory: `put_file`", of(|r| r.stores[1].0), &seal),
        ("directory: `fetch_to_file`", of(|r| r.stores[1].1), &open),
    ];
    for (operation, rates, baseline) in rows {
        let spread = Spread::of(rates.iter().copied());
        table.row(vec![
            operation.into(),
            format!(
                "{} ({} to {})",
                thousands(spread.median as u64),
                thousands(spread.min as u64),
                thousands(spread.max as u64)
            ),
            format!("{:.2}", Spread::of_ratios(&rates, baseline)),
        ]);
    }
    table.note(format!(
        "{ROUNDS} rounds after an uncounted warm-up, each with a fresh key, over {} bytes of content generated in memory; rates count content bytes, while the blob is {} bytes (the 25-byte header, the length field, Padmé padding and a 16-byte tag per 64 KiB chunk). Ratios are each round's rate over the baseline of the same round and direction: seal for encryption and uploads, open for decryption and downloads.",
        thousands(LEN as u64),
        thousands(blob_len as u64)
    ));
    table.note("Baseline: chacha20poly1305 0.10 sealing and opening the same bytes in place in 64 KiB chunks, each under its own nonce, nothing else. `document::encrypt` and `decrypt` run memory to memory (a byte slice in; a reused Vec, or a sink, out), with the STREAM framing, the padding, and the SHA-256 of the blob that encrypt computes.");
    table.note("`put_file` uploads the blob from a file in 5 MiB parts and checks its SHA-256 before completing; `fetch_to_file` downloads it to a file, checking its length and SHA-256. S3 is an s3s 0.11.1 server over s3s-fs in the bench process, on its own thread, reached over 127.0.0.1 with SigV4: its figures include the server's work on the same two cores, a test server's rather than a cloud's; the directory store is object_store's local file system. All files are on the same local disk, its page cache left warm.");
    table
}
