//! `medshare indexer`: follows the chain at `--url` into a database and serves the accounting
//! of disclosures from it over HTTP (see docs/indexer.md).

use crate::target::rpc_url;
use anyhow::{bail, Context};
use clap::Args;
use medshare_indexer::{
    database::{default_url, Database},
    follow::{Follower, Progress},
    http,
};
use std::{path::Path, sync::Arc};

#[derive(Args)]
pub struct IndexerArgs {
    /// The database: `sqlite://PATH` or `postgres://USER@HOST/NAME`; by default a SQLite file
    /// beside the ledger (`<ledger>/indexer.sqlite`).
    #[arg(long, env = "MEDSHARE_INDEXER_DATABASE")]
    database: Option<String>,
    /// Where the read-only HTTP API listens.
    #[arg(long, default_value = "127.0.0.1:8990")]
    listen: String,
    /// The node's websocket, which wakes the indexer as transactions land; by default the RPC
    /// URL's with the next port (Solana's convention). `none` polls every 2 s instead.
    #[arg(long)]
    websocket: Option<String>,
}

pub async fn run(args: &IndexerArgs, url: &str, ledger: &Path) -> anyhow::Result<()> {
    let Some(rpc) = rpc_url(url)? else {
        bail!(
            "the indexer follows a JSON-RPC node: start `medshare localnet` and pass \
             --url localhost (the embedded chain has no node to follow)"
        );
    };
    let websocket = match args.websocket.as_deref() {
        Some("none") => None,
        Some(websocket) => Some(websocket.to_string()),
        None => websocket_beside(&rpc),
    };
    let database_url = match &args.database {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(ledger)
                .with_context(|| format!("creating {}", ledger.display()))?;
            default_url(ledger)
        }
    };
    let database = Arc::new(
        Database::open(&database_url)
            .await
            .with_context(|| format!("opening the index at {database_url}"))?,
    );
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    println!("indexing {rpc} into {database_url}");
    println!("serving  http://{}", listener.local_addr()?);
    if let Some(cursor) = database.cursor().await? {
        println!("resuming after slot {} ({})", cursor.slot, cursor.signature);
    }
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let api = tokio::spawn(http::serve(listener, database.clone(), stop));
    let follower = Follower::new(&rpc, websocket.as_deref());
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // A failure that repeats (the node is down) is said once, until something else happens.
    let mut last_failure = String::new();
    follower
        .run(&database, stop, |progress| match progress {
            Progress::Indexed { count, cursor } => {
                last_failure.clear();
                println!("indexed {count} transaction(s) up to slot {}", cursor.slot)
            }
            Progress::Retrying(error) => {
                let failure = error.to_string();
                if failure != last_failure {
                    eprintln!("retrying every second: {failure}");
                    last_failure = failure;
                }
            }
            Progress::NoSubscription(why) => {
                eprintln!("no websocket ({why}); polling every 2 s until it is back")
            }
        })
        .await;
    api.await??;
    Ok(())
}

/// `http://host:8899` → `ws://host:8900`, as the Solana CLI derives it.
fn websocket_beside(rpc: &str) -> Option<String> {
    let (scheme, rest) = rpc.split_once("://")?;
    let scheme = if scheme == "https" { "wss" } else { "ws" };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = match host.rsplit_once(':') {
        Some((name, port)) => format!("{name}:{}", port.parse::<u16>().ok()?.checked_add(1)?),
        None => host.to_string(),
    };
    Some(format!("{scheme}://{host}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::websocket_beside;

    #[test]
    fn the_websocket_is_on_the_next_port() {
        assert_eq!(
            websocket_beside("http://127.0.0.1:8899").as_deref(),
            Some("ws://127.0.0.1:8900/")
        );
        assert_eq!(
            websocket_beside("https://api.devnet.solana.com").as_deref(),
            Some("wss://api.devnet.solana.com/")
        );
    }
}
