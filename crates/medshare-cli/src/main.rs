//! `medshare`: confidential medical-record sharing on Solana with Arcium MPC.

mod demo;
mod display;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "medshare",
    version,
    about = "Confidential medical-record sharing on Solana with Arcium MPC"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole story on an embedded chain with a local Arcium cluster: a patient stores an
    /// encrypted record and grants a provider part of it, the provider pulls it, the patient
    /// revokes, an emergency physician breaks the glass, the patient rotates their key, and a
    /// compliance officer reads the accounting of disclosures.
    ///
    /// Example: medshare demo
    Demo,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    // The embedded runtime logs every instruction at debug level unless told otherwise.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    match Cli::parse().command {
        Command::Demo => demo::run().await,
    }
}
