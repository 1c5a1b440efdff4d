//! `medshare store serve`: a document store on this machine, for the web app and the command
//! line against `medshare localnet`. It is S3 (s3s over a directory, SigV4 with the credentials
//! given), with the CORS a browser needs: preflights are answered and every response says any
//! origin may read it. A deployment uses its own S3-compatible store with its own CORS rules.

use anyhow::Context;
use clap::{Args, Subcommand};
use hyper::{
    body::Incoming,
    header::{self, HeaderValue},
    service::{service_fn, Service},
    Method, Request, Response, StatusCode,
};
use s3s::{auth::SimpleAuth, service::S3ServiceBuilder, Body};
use std::path::PathBuf;
use tokio::net::TcpListener;

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Serve S3 on loopback over a directory, for a browser on this machine.
    ///
    /// Example: AWS_ACCESS_KEY_ID=dev AWS_SECRET_ACCESS_KEY=dev-secret medshare store serve
    /// --dir ./store --port 9000
    Serve(ServeArgs),
}

#[derive(Args)]
pub struct ServeArgs {
    /// Where blobs are kept: one subdirectory per bucket.
    #[arg(long)]
    dir: PathBuf,
    /// The port on 127.0.0.1 (0: any free one; the endpoint is printed).
    #[arg(long, default_value_t = 9000)]
    port: u16,
    /// The bucket to create if missing.
    #[arg(long, default_value = "medshare-documents")]
    bucket: String,
    /// The credentials requests must be signed with.
    #[arg(long, env = "AWS_ACCESS_KEY_ID")]
    access_key_id: String,
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true)]
    secret_access_key: String,
}

pub async fn run(command: &StoreCommand) -> anyhow::Result<()> {
    let StoreCommand::Serve(args) = command;
    std::fs::create_dir_all(args.dir.join(&args.bucket))
        .with_context(|| format!("creating {}", args.dir.display()))?;
    let files = s3s_fs::FileSystem::new(&args.dir)
        .map_err(|error| anyhow::anyhow!("opening {}: {error:?}", args.dir.display()))?;
    let mut builder = S3ServiceBuilder::new(files);
    builder.set_auth(SimpleAuth::from_single(
        args.access_key_id.as_str(),
        args.secret_access_key.as_str(),
    ));
    let s3 = builder.build().into_shared();
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .await
        .with_context(|| format!("listening on 127.0.0.1:{}", args.port))?;
    let address = listener.local_addr()?;
    println!("document store: http://{address}, bucket {}", args.bucket);
    loop {
        let (socket, _) = listener.accept().await?;
        let s3 = s3.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let s3 = s3.clone();
            async move {
                if request.method() == Method::OPTIONS {
                    return Ok(preflight(&request));
                }
                let mut response = s3.call(request).await?;
                allow_any_origin(&mut response);
                Ok::<_, s3s::S3Error>(response)
            }
        });
        tokio::spawn(
            hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(socket), service),
        );
    }
}

/// A CORS preflight's answer: the method and the headers asked for (SigV4's `authorization`
/// is never covered by a wildcard), for any origin.
fn preflight(request: &Request<Incoming>) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    let asked = |name| request.headers().get(name).cloned();
    if let Some(methods) = asked(header::ACCESS_CONTROL_REQUEST_METHOD) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods);
    }
    if let Some(names) = asked(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, names);
    }
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    allow_any_origin(&mut response);
    response
}

fn allow_any_origin(response: &mut Response<Body>) {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("etag, content-length"),
    );
}
