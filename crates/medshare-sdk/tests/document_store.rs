//! The document store against a real S3 server (s3s over a directory, with SigV4) in this
//! process, and against a local directory: a 10 MB document's round trip, refusals of blobs
//! that are altered, of another length or missing, and of wrong credentials.

use medshare_crypto::document::{self, DocumentBinding, DocumentKey};
use medshare_sdk::documents::store::{object_name, DocumentStore, S3Settings, StoreError};
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use tokio::net::TcpListener;

const BUCKET: &str = "medshare-documents";
const ACCESS_KEY: &str = "medshare-test";
const SECRET_KEY: &str = "medshare-test-secret";
const LEN: u64 = 10 * 1000 * 1000;

/// Serves S3 on a random loopback port over `root`, whose subdirectories are the buckets, until
/// the test's runtime ends. Returns the endpoint.
async fn start_s3_server(root: &Path) -> String {
    fs::create_dir_all(root.join(BUCKET)).unwrap();
    let mut builder = S3ServiceBuilder::new(s3s_fs::FileSystem::new(root).unwrap());
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build().into_shared();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone());
            tokio::spawn(connection);
        }
    });
    endpoint
}

fn s3_store(endpoint: &str, secret_access_key: &str) -> DocumentStore {
    DocumentStore::s3(S3Settings {
        endpoint: endpoint.to_string(),
        bucket: BUCKET.to_string(),
        region: "us-east-1".to_string(),
        access_key_id: ACCESS_KEY.to_string(),
        secret_access_key: secret_access_key.to_string(),
        allow_http: true,
    })
    .unwrap()
}

fn content(len: u64) -> impl Read {
    io::repeat(0x5a).take(len)
}

fn sha256(mut reader: impl Read) -> [u8; 32] {
    let mut hasher = Sha256::new();
    io::copy(&mut reader, &mut hasher).unwrap();
    hasher.finalize().into()
}

/// Encrypts `len` bytes into the file `blob`; returns its digest and length.
fn seal(key: &DocumentKey, binding: &DocumentBinding, len: u64, blob: &Path) -> ([u8; 32], u64) {
    let writer = BufWriter::new(File::create(blob).unwrap());
    let sealed = document::encrypt(key, binding, len, content(len), writer).unwrap();
    (sealed.digest, sealed.len)
}

fn flip_byte(file: &Path, at: u64) {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(file)
        .unwrap();
    let mut byte = [0];
    file.seek(SeekFrom::Start(at)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(&[byte[0] ^ 1]).unwrap();
}

/// Everything a store must do, against one whose blobs are the files under `objects`.
async fn exercise(store: &DocumentStore, objects: &Path) {
    let work = tempfile::tempdir().unwrap();
    let (key, binding) = (
        DocumentKey::generate(),
        DocumentBinding {
            document: [3; 32],
            version: 1,
        },
    );

    // 10 MB: a multipart upload, fetched back, checked and decrypted.
    let blob = work.path().join("blob");
    let (digest, len) = seal(&key, &binding, LEN, &blob);
    store.put_file(&blob, &digest).await.unwrap();
    store.put_file(&blob, &digest).await.unwrap();
    assert_eq!(
        fs::metadata(objects.join(object_name(&digest)))
            .unwrap()
            .len(),
        len
    );
    let fetched = work.path().join("fetched");
    store.fetch_to_file(&digest, len, &fetched).await.unwrap();
    let mut decrypted = Sha256::new();
    let reader = BufReader::new(File::open(&fetched).unwrap());
    assert_eq!(
        document::decrypt(&key, &binding, reader, &mut decrypted).unwrap(),
        LEN
    );
    assert_eq!(<[u8; 32]>::from(decrypted.finalize()), sha256(content(LEN)));

    // A small blob, in one put, then altered where it is stored.
    let small = work.path().join("small");
    let (digest, len) = seal(&key, &binding, 1000, &small);
    store.put_file(&small, &digest).await.unwrap();
    let refused = work.path().join("refused");
    let wrong_length = store.fetch_to_file(&digest, len + 1, &refused).await;
    assert!(matches!(
        wrong_length,
        Err(StoreError::WrongLength { expected, found }) if expected == len + 1 && found == len
    ));
    flip_byte(&objects.join(object_name(&digest)), len / 2);
    let altered = store.fetch_to_file(&digest, len, &refused).await;
    assert!(matches!(altered, Err(StoreError::WrongDigest)));
    assert!(!refused.exists());

    // A blob whose content does not hash to the digest it is offered under is not uploaded.
    let misnamed = store.put_file(&small, &[9; 32]).await;
    assert!(matches!(misnamed, Err(StoreError::WrongDigest)));

    store.delete(&digest).await.unwrap();
    let missing = store.fetch_to_file(&digest, len, &refused).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(hex)) if object_name(&digest).ends_with(&hex))
    );
    assert!(!refused.exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_round_trip_and_refusals() {
    let root = tempfile::tempdir().unwrap();
    let endpoint = start_s3_server(root.path()).await;
    exercise(&s3_store(&endpoint, SECRET_KEY), &root.path().join(BUCKET)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store_refuses_wrong_credentials() {
    let root = tempfile::tempdir().unwrap();
    let endpoint = start_s3_server(root.path()).await;
    let blob = root.path().join("blob");
    fs::write(&blob, b"blob").unwrap();
    let digest = sha256(&b"blob"[..]);
    let store = s3_store(&endpoint, "not-the-secret");
    let put = store.put_file(&blob, &digest).await.unwrap_err();
    let fetched = root.path().join("fetched");
    let fetch = store.fetch_to_file(&digest, 4, &fetched).await.unwrap_err();
    for refused in [put, fetch] {
        eprintln!("wrong credentials: {refused}");
        assert!(
            matches!(
                refused,
                StoreError::Store(object_store::Error::PermissionDenied { .. })
            ),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("403 Forbidden"));
    }
}

#[tokio::test]
async fn directory_store_round_trip_and_refusals() {
    let root = tempfile::tempdir().unwrap();
    let objects = root.path().join("objects");
    exercise(&DocumentStore::directory(&objects).unwrap(), &objects).await;
}
