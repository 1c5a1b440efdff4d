//! `medshare-localnet`: a Solana JSON-RPC node on this machine, offline, running medshare, the
//! local Arcium program and Lighthouse as native programs. `medshare localnet` starts it and runs
//! the cluster's node beside it; it can also be run alone (see `--help`).

mod genesis;
mod native;
mod programs;
mod syscalls;

use clap::Parser;
use std::path::PathBuf;
use surfpool_core::surfnet::svm::{SurfnetSvm, SurfnetSvmConfig};
use surfpool_types::{RpcConfig, SimnetCommand, SimnetConfig, SimnetEvent, SurfpoolConfig};

#[derive(Parser)]
#[command(
    version,
    about = "A local Solana JSON-RPC node with medshare, the local Arcium program and Lighthouse",
    after_help = "Example:\n  medshare-localnet --ledger ~/.local/share/medshare/localnet --genesis genesis.bin"
)]
struct Args {
    /// Address the RPC and websocket servers listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// JSON-RPC port.
    #[arg(long, default_value_t = 8899)]
    rpc_port: u16,
    /// Websocket (subscriptions) port.
    #[arg(long, default_value_t = 8900)]
    ws_port: u16,
    /// Directory holding the chain's state (a SQLite database); without it the chain lives in
    /// memory and ends with the process.
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Accounts to start a new chain with (written by `medshare localnet`); ignored when the
    /// ledger already holds a chain.
    #[arg(long)]
    genesis: Option<PathBuf>,
    /// Stop when standard input closes: a supervising process (`medshare localnet`) holds the
    /// other end, so the node stops with it however it ends.
    #[arg(long)]
    until_stdin_closes: bool,
    /// Milliseconds per slot; 400 is mainnet's. Shorter slots make slot-counted deadlines (a
    /// computation's 180 slots in the mempool) pass sooner.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u64).range(20..))]
    slot_time: u64,
}

fn main() {
    let args = Args::parse();
    if let Err(error) = run(args) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    // surfpool periodically rebuilds its SVM to drop cached accounts, which would also drop the
    // native programs; the accounts themselves live in the database either way.
    // surfpool also resumes a restarted chain at the slot it last checkpointed, by default once
    // a minute: a chain killed between two checkpoints would produce slots it had produced
    // before, and history readers that page by slot (an indexer) would miss what lands in them.
    // SAFETY: no other thread exists yet.
    unsafe {
        std::env::set_var(
            "SURFPOOL_GARBAGE_COLLECTION_INTERVAL_SLOTS",
            u64::MAX.to_string(),
        );
        std::env::set_var("SURFPOOL_CHECKPOINT_INTERVAL_SLOTS", "1");
    };

    let database = match &args.ledger {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|error| format!("cannot create the ledger {}: {error}", dir.display()))?;
            Some(dir.join("chain.sqlite").to_string_lossy().into_owned())
        }
        None => None,
    };
    // Profiling re-runs every transaction instruction by instruction; Arcium's callback checks
    // refuse those partial transactions, and the work doubles, so it is off.
    let svm_config = SurfnetSvmConfig {
        slot_time: args.slot_time,
        instruction_profiling_enabled: false,
        ..SurfnetSvmConfig::default()
    };
    let (mut svm, events, geyser_events) = SurfnetSvm::new_with_db(database.as_deref(), svm_config)
        .map_err(|error| format!("cannot open the chain: {error}"))?;
    programs::load(&mut svm.inner.svm);
    let seeded = match &args.genesis {
        Some(path) => genesis::seed(&mut svm, path)?,
        None => 0,
    };

    let config = SurfpoolConfig {
        simnets: vec![SimnetConfig {
            offline_mode: true,
            remote_rpc_url: None,
            slot_time: args.slot_time,
            instruction_profiling_enabled: false,
            ..SimnetConfig::default()
        }],
        rpc: RpcConfig {
            bind_host: args.bind.clone(),
            bind_port: args.rpc_port,
            ws_port: args.ws_port,
            ..RpcConfig::default()
        },
        ..SurfpoolConfig::default()
    };
    let (commands, command_queue) = crossbeam_channel::unbounded();
    let stop = commands.clone();
    if args.until_stdin_closes {
        stop_at_end_of_stdin(stop.clone());
    }
    stop_on_signal(stop)?;
    let runloop = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime starts");
        runtime
            .block_on(surfpool_core::start_local_surfnet(
                svm,
                config,
                commands,
                command_queue,
                geyser_events,
            ))
            .map_err(|error| error.to_string())
    });

    for event in events.iter() {
        match event {
            SimnetEvent::CoreStarted(replayed) => {
                println!("rpc      http://{}:{}", args.bind, args.rpc_port);
                println!("websocket ws://{}:{}", args.bind, args.ws_port);
                println!("program  {}", share_medical_records::ID);
                match &args.ledger {
                    Some(dir) => println!(
                        "ledger   {} ({} accounts seeded, {replayed} transactions kept)",
                        dir.display(),
                        seeded
                    ),
                    None => println!("ledger   in memory ({seeded} accounts seeded)"),
                }
                println!("ready");
            }
            SimnetEvent::Aborted(reason) => {
                return Err(format!("the node stopped: {reason}").into())
            }
            SimnetEvent::ErrorLog(_, message) => eprintln!("error: {message}"),
            SimnetEvent::Shutdown => break,
            _ => {}
        }
    }
    match runloop.join() {
        Ok(result) => result.map_err(Into::into),
        Err(_) => Err("the node's runloop panicked".into()),
    }
}

fn stop_at_end_of_stdin(stop: crossbeam_channel::Sender<SimnetCommand>) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
        let _ = stop.send(SimnetCommand::Terminate(None));
    });
}

/// Stops the node cleanly (the database is checkpointed) on Ctrl-C or SIGTERM.
fn stop_on_signal(
    stop: crossbeam_channel::Sender<SimnetCommand>,
) -> Result<(), Box<dyn std::error::Error>> {
    use tokio::signal::unix::{signal, SignalKind};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut terminate = runtime.block_on(async { signal(SignalKind::terminate()) })?;
    std::thread::spawn(move || {
        runtime.block_on(async {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        });
        let _ = stop.send(SimnetCommand::Terminate(None));
    });
    Ok(())
}
