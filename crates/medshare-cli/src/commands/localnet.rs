//! `medshare localnet`: a Solana JSON-RPC node on this machine (the `medshare-localnet` binary,
//! built on surfpool) with the local Arcium cluster's node working beside it.
//!
//! This process holds the cluster's secrets (in `<ledger>/localnet/cluster.json`): it writes the
//! node's genesis, starts the node, then watches the chain over JSON-RPC and delivers every
//! computation queued for the cluster, as the nodes of a real cluster do.

use anyhow::{bail, Context};
use arcium_local::{
    keys::ClusterKeys,
    node::{
        rpc::{Report, RpcNode},
        ClusterNode,
    },
    state::SavedAccount,
    Outcome,
};
use serde::{Deserialize, Serialize};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

/// How long the JSON-RPC node may take to start.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(clap::Args)]
pub struct LocalnetArgs {
    /// JSON-RPC port (the websocket listens on the next one unless --ws-port says otherwise).
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Websocket port.
    #[arg(long)]
    ws_port: Option<u16>,
    /// The `medshare-localnet` node binary; by default the one next to this program, then the
    /// one on PATH.
    #[arg(long, env = "MEDSHARE_LOCALNET_NODE")]
    node: Option<PathBuf>,
    /// Milliseconds per slot (400, mainnet's, by default): shorter slots bring slot-counted
    /// deadlines, such as a computation's expiry from the mempool, sooner.
    #[arg(long, default_value_t = 400)]
    slot_time: u64,
    /// Run the chain without the cluster's node, as in a cluster outage: computations stay
    /// queued until they expire from the mempool, and can then be closed out.
    #[arg(long)]
    cluster_offline: bool,
}

/// The cluster's secrets, kept so that a restarted localnet is the same cluster.
#[derive(Serialize, Deserialize)]
struct ClusterFile {
    mxe_x25519_secret: [u8; 32],
    bls_secret: [u8; 32],
    node_authority: Vec<u8>,
}

pub async fn run(args: &LocalnetArgs, ledger: &Path) -> anyhow::Result<()> {
    let dir = ledger.join("localnet");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let keys = cluster_keys(&dir.join("cluster.json"))?;
    let deployer_path = dir.join("deployer.json");
    let deployer = deployer(&deployer_path)?;
    let genesis_path = dir.join("genesis.bin");
    let genesis: Vec<SavedAccount> =
        arcium_local::genesis::funded_genesis(&keys, share_medical_records::ID, &deployer.pubkey())
            .into_iter()
            .map(|(address, account)| SavedAccount::new(address, account))
            .collect();
    std::fs::write(&genesis_path, SavedAccount::list_to_bytes(&genesis))
        .with_context(|| format!("writing {}", genesis_path.display()))?;

    let ws_port = args.ws_port.unwrap_or(args.rpc_port + 1);
    let url = format!("http://127.0.0.1:{}", args.rpc_port);
    let mut node = start_node(args, ws_port, &dir, &genesis_path).await?;
    // Held apart from the child, whose `wait` would close it: the node runs until it closes.
    let node_stdin = node.stdin.take();
    println!("mxe key  {}", hex::encode(keys.mxe_public_key()));
    println!(
        "deployer {} ({})",
        deployer.pubkey(),
        deployer_path.display()
    );
    println!("cluster  node {}", keys.node_authority.pubkey());
    println!(
        "ready: try `medshare --url {url} ...`, or `npm run migrate -- --url {url}` to deploy"
    );

    let mut stop = stop_signals()?;
    let stopping = async {
        stop.recv().await;
    };
    // Until a stop signal: the cluster's node serves the computations (returning once the
    // callbacks in flight are settled, so none is left half-reported), unless it is offline.
    let serving = async {
        if args.cluster_offline {
            println!("cluster  offline: computations stay queued until they expire");
            stopping.await;
        } else {
            let cluster = ClusterNode::new(
                keys,
                &share_medical_records::ID,
                medshare_sdk::embedded::circuits_root(),
            );
            RpcNode::new(&url, &format!("ws://127.0.0.1:{ws_port}"), cluster)
                .serve(stopping, print_report)
                .await;
        }
    };
    tokio::select! {
        status = node.wait() => bail!("the JSON-RPC node stopped: {}", status?),
        () = serving => {}
    }
    // Closing its stdin tells the node to checkpoint its database and exit.
    drop(node_stdin);
    node.wait().await.ok();
    println!("stopped");
    Ok(())
}

fn print_report(report: Report) {
    match report {
        Report::Delivered { delivery, elapsed } => println!(
            "delivered computation {}: {} in {} ms ({})",
            delivery.offset,
            describe(&delivery.outcome),
            elapsed.as_millis(),
            delivery.signature
        ),
        Report::Refused { offset, error } => {
            eprintln!("computation {offset}: callback refused: {error}")
        }
        Report::Retrying(error) => eprintln!("cluster: will retry: {error}"),
    }
}

/// Ctrl-C or SIGTERM, as one stream.
fn stop_signals() -> anyhow::Result<tokio::sync::mpsc::Receiver<()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let (sender, receiver) = tokio::sync::mpsc::channel(1);
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        let _ = sender.send(()).await;
    });
    Ok(receiver)
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Success(output) => format!("success, {} B of output", output.len()),
        Outcome::Failure { detail, .. } => format!("failure ({detail})"),
    }
}

/// The cluster's keys from `path`, created on first use.
fn cluster_keys(path: &Path) -> anyhow::Result<ClusterKeys> {
    if path.exists() {
        let file: ClusterFile = serde_json::from_slice(&std::fs::read(path)?)
            .with_context(|| format!("reading the cluster keys in {}", path.display()))?;
        return ClusterKeys::from_secrets(
            file.mxe_x25519_secret,
            file.bls_secret,
            &file.node_authority,
        )
        .with_context(|| format!("{} holds malformed keys", path.display()));
    }
    let keys = ClusterKeys::generate();
    let file = ClusterFile {
        mxe_x25519_secret: keys.mxe_x25519.to_bytes(),
        bls_secret: keys.bls.0,
        node_authority: keys.node_authority.to_bytes().to_vec(),
    };
    crate::keystore::write_private(path, &serde_json::to_vec(&file)?)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(keys)
}

/// The MXE authority's wallet at `path` (a Solana CLI keypair file), created on first use.
fn deployer(path: &Path) -> anyhow::Result<Keypair> {
    if path.exists() {
        return solana_keypair::read_keypair_file(path)
            .map_err(|error| anyhow::anyhow!("reading {}: {error}", path.display()));
    }
    let deployer = Keypair::new();
    solana_keypair::write_keypair_file(&deployer, path)
        .map_err(|error| anyhow::anyhow!("writing {}: {error}", path.display()))?;
    Ok(deployer)
}

/// Starts the JSON-RPC node and relays its startup lines until it says it is ready.
async fn start_node(
    args: &LocalnetArgs,
    ws_port: u16,
    dir: &Path,
    genesis: &Path,
) -> anyhow::Result<Child> {
    let binary = node_binary(args.node.as_deref())?;
    let mut node = Command::new(&binary)
        .arg("--rpc-port")
        .arg(args.rpc_port.to_string())
        .arg("--ws-port")
        .arg(ws_port.to_string())
        .arg("--ledger")
        .arg(dir)
        .arg("--genesis")
        .arg(genesis)
        .arg("--until-stdin-closes")
        .arg("--slot-time")
        .arg(args.slot_time.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        // Ctrl-C in a terminal reaches the whole process group; the node stops when its stdin
        // closes instead, so that it stops after this process whatever ends it.
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let mut lines = BufReader::new(node.stdout.take().expect("stdout is piped")).lines();
    let ready = async {
        while let Some(line) = lines.next_line().await? {
            if line == "ready" {
                return Ok(true);
            }
            println!("{line}");
        }
        Ok::<_, std::io::Error>(false)
    };
    match tokio::time::timeout(STARTUP_TIMEOUT, ready).await {
        Ok(Ok(true)) => {
            // Natively run programs print their messages on the node's stdout; keep relaying
            // them (a closed pipe would stop the node).
            tokio::spawn(async move {
                while let Ok(Some(line)) = lines.next_line().await {
                    println!("program  {line}");
                }
            });
            Ok(node)
        }
        Ok(Ok(false)) => bail!(
            "the JSON-RPC node exited during startup: {}",
            node.wait().await?
        ),
        Ok(Err(error)) => Err(error.into()),
        Err(_) => bail!("the JSON-RPC node was not ready after {STARTUP_TIMEOUT:?}"),
    }
}

fn node_binary(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    let sibling = std::env::current_exe()?.with_file_name("medshare-localnet");
    if sibling.exists() {
        return Ok(sibling);
    }
    Ok(PathBuf::from("medshare-localnet"))
}
