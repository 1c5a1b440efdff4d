//! Which chain `--url` names, and opening a connection to it.

use anyhow::{bail, Context};
use medshare_sdk::connection::{EmbeddedConnection, RpcConnection};
use std::path::{Path, PathBuf};

pub enum Opened {
    Embedded(Box<EmbeddedConnection>),
    Rpc(RpcConnection),
}

/// `~/.local/share/medshare/ledger` (or under `$XDG_DATA_HOME`).
pub fn default_ledger() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::home_dir().map(|home| home.join(".local/share")))
        .unwrap_or_default();
    data.join("medshare/ledger")
}

/// The JSON-RPC URL for a Solana CLI moniker or URL; `None` for the embedded chain.
pub fn rpc_url(url: &str) -> anyhow::Result<Option<String>> {
    Ok(Some(match url {
        "embedded" => return Ok(None),
        "l" | "local" | "localhost" => "http://127.0.0.1:8899".into(),
        "d" | "devnet" => "https://api.devnet.solana.com".into(),
        "t" | "testnet" => "https://api.testnet.solana.com".into(),
        "m" | "mainnet" | "mainnet-beta" => "https://api.mainnet-beta.solana.com".into(),
        url if url.starts_with("http://") || url.starts_with("https://") => url.into(),
        other => bail!(
            "--url {other:?} is neither `embedded`, a cluster name (localhost, devnet, testnet, \
             mainnet-beta) nor an http(s) URL"
        ),
    }))
}

pub async fn open(url: &str, ledger: &Path) -> anyhow::Result<Opened> {
    Ok(match rpc_url(url)? {
        None => Opened::Embedded(Box::new(
            EmbeddedConnection::open(ledger)
                .await
                .context("opening the embedded chain")?,
        )),
        Some(url) => Opened::Rpc(RpcConnection::new(&url)),
    })
}
