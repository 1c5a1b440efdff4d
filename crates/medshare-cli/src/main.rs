//! `medshare`: confidential medical-record sharing on Solana with Arcium MPC.

mod commands;
mod demo;
mod display;
mod failure;
mod identity;
mod keystore;
mod target;

use clap::{Parser, Subcommand};
use commands::{
    admin::AdminCommand, audit::AuditCommand, keys::KeysCommand, patient::PatientCommand,
    provider::ProviderCommand, research::ResearchCommand,
};
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(
    name = "medshare",
    version,
    about = "Confidential medical-record sharing on Solana with Arcium MPC",
    after_help = "Exit codes: 0 done; 1 other failure; 2 bad command line; 3 refused by the \
                  program; 4 not found on chain; 5 the cluster did not deliver; 6 wallet or \
                  encryption key problem; 7 unreadable input file."
)]
pub struct Cli {
    /// The chain: `embedded` (a local chain kept in --ledger), `localhost`, `devnet`,
    /// `mainnet-beta`, or a JSON-RPC URL.
    #[arg(
        short = 'u',
        long,
        global = true,
        env = "MEDSHARE_URL",
        default_value = "embedded"
    )]
    url: String,
    /// Wallet keypair in the Solana CLI format.
    #[arg(short = 'k', long, global = true, env = "MEDSHARE_KEYPAIR", default_value_os_t = identity::default_wallet())]
    keypair: PathBuf,
    /// Passphrase-protected x25519 encryption key.
    #[arg(long, global = true, env = "MEDSHARE_KEY_FILE", default_value_os_t = identity::default_key_file())]
    key_file: PathBuf,
    /// Where the embedded chain keeps its state.
    #[arg(long, global = true, env = "MEDSHARE_LEDGER", default_value_os_t = target::default_ledger())]
    ledger: PathBuf,
    /// The MXE's x25519 key this deployment expects (64 hex digits); nothing is encrypted to
    /// any other the chain announces.
    #[arg(long, global = true, env = "MEDSHARE_MXE_KEY", value_parser = commands::parse_x25519_key)]
    mxe_key: Option<[u8; 32]>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or show your wallet and encryption key.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Store, update and read your record; grant, narrow and revoke providers' access; allow
    /// and answer eligibility questions.
    #[command(subcommand)]
    Patient(PatientCommand),
    /// Publish your encryption key, pull records you were granted, decrypt them; ask eligibility
    /// questions.
    #[command(subcommand)]
    Provider(ProviderCommand),
    /// Read the on-chain accounting of disclosures.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Research studies: counts over consenting patients' records, revealed above a threshold.
    #[command(subcommand)]
    Research(ResearchCommand),
    /// Configure the deployment: who may break the glass.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Fund your wallet with SOL on a local chain or devnet.
    ///
    /// Example: medshare airdrop 2
    Airdrop {
        /// Amount in SOL.
        #[arg(default_value_t = 1.0)]
        sol: f64,
    },
    /// Run a local Solana JSON-RPC node with medshare and a local Arcium cluster, offline, for
    /// TypeScript clients, wallets and `--url localhost`. Its chain is kept in
    /// `<ledger>/localnet`, so a restart continues where the last run stopped.
    ///
    /// Example: medshare localnet --rpc-port 8899
    Localnet(commands::localnet::LocalnetArgs),
    /// A document store for this machine: S3 over a directory, which a browser may reach.
    #[command(subcommand)]
    Store(commands::store::StoreCommand),
    /// Follow the chain at --url into SQLite (by default, beside the ledger) or PostgreSQL,
    /// and serve the accounting of disclosures from it over a read-only HTTP API.
    ///
    /// Example: medshare --url localhost indexer --database postgres://medshare@127.0.0.1/medshare
    Indexer(commands::indexer::IndexerArgs),
    /// Run the whole story on a fresh in-memory chain with a local Arcium cluster: a patient
    /// stores an encrypted record and grants a provider part of it, the provider pulls it, the
    /// patient revokes, an emergency physician breaks the glass, the patient rotates their key,
    /// documents and an attestation, a trial site checks the patient's eligibility without
    /// seeing the record, a compliance officer reads the accounting of disclosures, and a
    /// researcher counts a diagnosis over 24 consenting patients' records.
    ///
    /// Example: medshare demo
    Demo,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // The embedded runtime logs every instruction at debug level unless told otherwise.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failure::report(&error),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Demo = cli.command {
        return demo::run().await;
    }
    if let Command::Localnet(args) = &cli.command {
        return commands::localnet::run(args, &cli.ledger).await;
    }
    if let Command::Store(command) = &cli.command {
        return commands::store::run(command).await;
    }
    if let Command::Audit(command) = &cli.command {
        if command.reads_indexer_only() {
            return commands::audit::run_from_indexer(command).await;
        }
    }
    if let Command::Indexer(args) = &cli.command {
        return commands::indexer::run(args, &cli.url, &cli.ledger).await;
    }
    if let Command::Keys(command) = &cli.command {
        return commands::keys::run(command, &cli);
    }
    match target::open(&cli.url, &cli.ledger).await? {
        target::Opened::Embedded(mut connection) => {
            let deployer = connection.chain().deployer.insecure_clone();
            on_chain(cli, *connection, Some(deployer)).await
        }
        target::Opened::Rpc(connection) => on_chain(cli, connection, None).await,
    }
}

/// The commands that talk to a chain, over whichever connection `--url` chose; `mxe_authority`
/// is the MXE's authority when this process holds it (the embedded chain's deployer).
async fn on_chain<C: medshare_sdk::connection::Connection>(
    cli: Cli,
    connection: C,
    mxe_authority: Option<solana_keypair::Keypair>,
) -> anyhow::Result<()> {
    let mut client = medshare_sdk::client::Client::new(connection);
    if let Some(key) = cli.mxe_key {
        client = client.pin_mxe_key(key);
    }
    match &cli.command {
        Command::Patient(command) => commands::patient::run(command, &cli, &mut client).await,
        Command::Provider(command) => commands::provider::run(command, &cli, &mut client).await,
        Command::Audit(command) => commands::audit::run(command, &mut client, &cli.url).await,
        Command::Research(command) => commands::research::run(command, &cli, &mut client).await,
        Command::Admin(command) => {
            commands::admin::run(command, &cli, &mut client, mxe_authority).await
        }
        Command::Airdrop { sol } => commands::airdrop(*sol, &cli, &mut client).await,
        Command::Keys(_)
        | Command::Demo
        | Command::Localnet(_)
        | Command::Store(_)
        | Command::Indexer(_) => {
            unreachable!("handled without a chain")
        }
    }
}
