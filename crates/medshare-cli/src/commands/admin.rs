//! `medshare admin`: the deployment's access configuration, which lists who may break the glass.

use super::parse_pubkey;
use crate::{identity, Cli};
use anyhow::Context;
use clap::Subcommand;
use medshare_sdk::{addresses, client::Client, connection::Connection, instructions};
use share_medical_records::state::AccessConfig;
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Set which providers may break the glass, and who may change that list. The first time,
    /// the MXE authority creates the configuration (on the embedded chain, the ledger holds that
    /// key); afterwards only the configuration's authority changes it.
    ///
    /// Example: medshare admin access --emergency-providers 7Xf...Q2,4Hc...9a
    Access {
        /// The wallet that may change the list from now on (default: yours).
        #[arg(long, value_parser = parse_pubkey)]
        authority: Option<Pubkey>,
        /// Provider wallets allowed to break the glass, comma-separated (at most 16).
        #[arg(long, value_parser = parse_pubkey, value_delimiter = ',')]
        emergency_providers: Vec<Pubkey>,
    },
}

/// `mxe_authority` is the key that may create the configuration when this process holds it
/// (the embedded chain's deployer); otherwise the caller's wallet must be that authority.
pub async fn run<C: Connection>(
    command: &AdminCommand,
    cli: &Cli,
    client: &mut Client<C>,
    mxe_authority: Option<Keypair>,
) -> anyhow::Result<()> {
    let AdminCommand::Access {
        authority,
        emergency_providers,
    } = command;
    let wallet = identity::wallet(&cli.keypair)?;
    let authority = authority.unwrap_or(wallet.pubkey());
    let list = emergency_providers.clone();
    let existing: Option<AccessConfig> = client.fetch(addresses::access_config()).await?;
    if existing.is_none() {
        let creator = mxe_authority.unwrap_or(wallet);
        let create = instructions::initialize_access_config(&creator.pubkey(), &authority, list);
        (client.send(create, &creator).await).context("creating the access configuration")?;
    } else {
        let change = instructions::update_access_config(&wallet.pubkey(), &authority, list);
        (client.send(change, &wallet).await).context("changing the access configuration")?;
    }
    let names: Vec<String> = emergency_providers.iter().map(Pubkey::to_string).collect();
    println!("access configuration authority {authority}");
    println!(
        "break-glass providers          {}",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    );
    Ok(())
}
