//! The object store that holds document blobs, addressed by content: a blob lives at
//! `documents/<lowercase hex SHA-256 of the blob>`, so what comes back is checked against its
//! address (and the length recorded on chain) before anyone decrypts it.

use futures::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use tokio::fs::File;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Upload part size: S3's minimum for every part but the last. Smaller blobs go in one put.
pub const PART_LEN: usize = 5 * 1024 * 1024;
/// Parts uploading at once, which bounds an upload's memory to this many parts plus one.
const PARTS_IN_FLIGHT: usize = 2;
/// File reads while uploading.
const READ_LEN: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no document blob with SHA-256 {0} in the store")]
    NotFound(String),
    #[error("the document blob has {found} bytes where {expected} were expected")]
    WrongLength { expected: u64, found: u64 },
    #[error("the document blob's SHA-256 does not match its address")]
    WrongDigest,
    #[error("document file: {0}")]
    Io(#[from] std::io::Error),
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
}

/// Where and as whom to reach an S3-compatible bucket.
pub struct S3Settings {
    /// For example `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Plain HTTP, for a store on loopback.
    pub allow_http: bool,
}

#[derive(Clone, Debug)]
pub struct DocumentStore {
    store: Arc<dyn ObjectStore>,
}

impl DocumentStore {
    /// Blobs as files under `root`, which is created if missing.
    pub fn directory(root: impl AsRef<Path>) -> Result<Self, StoreError> {
        std::fs::create_dir_all(root.as_ref())?;
        let store = LocalFileSystem::new_with_prefix(root)?;
        Ok(Self {
            store: Arc::new(store),
        })
    }

    /// Blobs in an S3 bucket. Requests are path-style, so that any endpoint works, loopback
    /// included; nothing is read from the environment.
    pub fn s3(settings: S3Settings) -> Result<Self, StoreError> {
        let store = AmazonS3Builder::new()
            .with_endpoint(settings.endpoint)
            .with_bucket_name(settings.bucket)
            .with_region(settings.region)
            .with_access_key_id(settings.access_key_id)
            .with_secret_access_key(settings.secret_access_key)
            .with_allow_http(settings.allow_http)
            .with_virtual_hosted_style_request(false)
            .build()?;
        Ok(Self {
            store: Arc::new(store),
        })
    }

    /// Uploads the blob in the file at `path` under `digest`, streaming it in parts and checking
    /// it hashes to `digest` before the upload completes. A blob already stored is kept: its
    /// address is its content.
    pub async fn put_file(&self, path: &Path, digest: &[u8; 32]) -> Result<(), StoreError> {
        let location = location(digest);
        match self.store.head(&location).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        let mut file = File::open(path).await?;
        if file.metadata().await?.len() <= PART_LEN as u64 {
            let mut blob = Vec::new();
            file.read_to_end(&mut blob).await?;
            check_digest(Sha256::digest(&blob).into(), digest)?;
            self.store.put(&location, PutPayload::from(blob)).await?;
            return Ok(());
        }
        let upload = self.store.put_multipart(&location).await?;
        let mut upload = WriteMultipart::new_with_chunk_size(upload, PART_LEN);
        match write_parts(&mut file, &mut upload, digest).await {
            Ok(()) => {
                upload.finish().await?;
                Ok(())
            }
            Err(error) => {
                // The upload's own failure matters less than why it was abandoned.
                let _ = upload.abort().await;
                Err(error)
            }
        }
    }

    /// Downloads the blob stored under `digest` into `destination`. Unless it has
    /// `expected_len` bytes and hashes to `digest`, it is refused and `destination` removed.
    pub async fn fetch_to_file(
        &self,
        digest: &[u8; 32],
        expected_len: u64,
        destination: &Path,
    ) -> Result<(), StoreError> {
        let object = match self.store.get(&location(digest)).await {
            Err(object_store::Error::NotFound { .. }) => {
                return Err(StoreError::NotFound(hex::encode(digest)))
            }
            object => object?,
        };
        if object.meta.size != expected_len {
            return Err(StoreError::WrongLength {
                expected: expected_len,
                found: object.meta.size,
            });
        }
        let mut stream = object.into_stream();
        let download = async {
            let mut file = File::create(destination).await?;
            let (mut hasher, mut found) = (Sha256::new(), 0);
            while let Some(bytes) = stream.next().await {
                let bytes = bytes?;
                found += bytes.len() as u64;
                if found > expected_len {
                    break;
                }
                hasher.update(&bytes);
                file.write_all(&bytes).await?;
            }
            if found != expected_len {
                return Err(StoreError::WrongLength {
                    expected: expected_len,
                    found,
                });
            }
            check_digest(hasher.finalize().into(), digest)?;
            file.flush().await?;
            Ok(())
        };
        let result = download.await;
        if result.is_err() {
            // Nothing unchecked may be left for a caller to decrypt; there may be no file yet.
            let _ = tokio::fs::remove_file(destination).await;
        }
        result
    }

    /// Removes the blob stored under `digest`; removing a missing blob is not an error.
    pub async fn delete(&self, digest: &[u8; 32]) -> Result<(), StoreError> {
        match self.store.delete(&location(digest)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }
}

/// `documents/<lowercase hex digest>`: the blob's name in the store.
pub fn object_name(digest: &[u8; 32]) -> String {
    format!("documents/{}", hex::encode(digest))
}

fn location(digest: &[u8; 32]) -> object_store::path::Path {
    object_store::path::Path::from(object_name(digest))
}

fn check_digest(found: [u8; 32], expected: &[u8; 32]) -> Result<(), StoreError> {
    if found == *expected {
        Ok(())
    } else {
        Err(StoreError::WrongDigest)
    }
}

/// Feeds the file to the upload part by part, with at most PARTS_IN_FLIGHT in flight.
async fn write_parts(
    file: &mut File,
    upload: &mut WriteMultipart,
    digest: &[u8; 32],
) -> Result<(), StoreError> {
    let (mut hasher, mut buf) = (Sha256::new(), vec![0; READ_LEN]);
    loop {
        upload.wait_for_capacity(PARTS_IN_FLIGHT).await?;
        let read = file.read(&mut buf).await?;
        if read == 0 {
            return check_digest(hasher.finalize().into(), digest);
        }
        hasher.update(&buf[..read]);
        upload.write(&buf[..read]);
    }
}
