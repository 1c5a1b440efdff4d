//! An S3 server in the bench process: s3s over a temporary directory, SigV4 with one key, on
//! loopback. It runs on a thread and runtime of its own, so that serving does not take turns
//! with the client timed on the bench's thread.

use anyhow::anyhow;
use hyper_util::rt::TokioIo;
use medshare_sdk::documents::store::{DocumentStore, S3Settings};
use s3s::{auth::SimpleAuth, service::S3ServiceBuilder};
use tempfile::TempDir;
use tokio::net::TcpListener;

const BUCKET: &str = "medshare-documents";
const ACCESS_KEY: &str = "medshare-bench";
const SECRET_KEY: &str = "medshare-bench-secret";

/// A bucket served on loopback until the process ends, and a document store that reaches it.
pub struct LoopbackS3 {
    pub store: DocumentStore,
    /// The buckets' directory, removed when this is dropped.
    _root: TempDir,
}

pub fn start() -> anyhow::Result<LoopbackS3> {
    let root = tempfile::tempdir()?;
    std::fs::create_dir_all(root.path().join(BUCKET))?;
    // s3s-fs's error does not implement std::error::Error.
    let files = s3s_fs::FileSystem::new(root.path()).map_err(|error| anyhow!("{error:?}"))?;
    let mut builder = S3ServiceBuilder::new(files);
    builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
    let service = builder.build().into_shared();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Bound here, to know the port; the server's runtime takes it over on its own thread (the
    // caller's thread may be inside a runtime already, where no other can block).
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).expect("a loopback listener");
            while let Ok((socket, _)) = listener.accept().await {
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(socket), service.clone());
                tokio::spawn(connection);
            }
        })
    });

    let store = DocumentStore::s3(S3Settings {
        endpoint,
        bucket: BUCKET.into(),
        region: "us-east-1".into(),
        access_key_id: ACCESS_KEY.into(),
        secret_access_key: SECRET_KEY.into(),
        allow_http: true,
    })?;
    Ok(LoopbackS3 { store, _root: root })
}
