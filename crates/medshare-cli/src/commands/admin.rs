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
    /// Set which providers may break the glass. The first time, the deployment's authority
    /// creates the configuration (on the embedded chain, the ledger holds that key) and names
    /// the configuration's authority; afterwards only that authority changes the list.
    ///
    /// Example: medshare admin access --emergency-providers 7Xf...Q2,4Hc...9a
    Access {
        /// At creation, the wallet that may change the list (default: yours). To change it
        /// later, use `admin propose` and `admin accept`.
        #[arg(long, value_parser = parse_pubkey)]
        authority: Option<Pubkey>,
        /// Provider wallets allowed to break the glass, comma-separated (at most 16).
        #[arg(long, value_parser = parse_pubkey, value_delimiter = ',')]
        emergency_providers: Vec<Pubkey>,
    },
    /// Propose a successor to the configuration's authority (yours). Nothing changes until the
    /// successor runs `admin accept`, so a mistyped key cannot lose the configuration.
    ///
    /// Example: medshare admin propose --successor 4Hc...9a
    Propose {
        #[arg(long, value_parser = parse_pubkey)]
        successor: Pubkey,
    },
    /// Take over the configuration's authority after it was proposed to your wallet.
    ///
    /// Example: medshare admin accept
    Accept,
    /// Accredit a registered provider, as the configuration's authority: only accredited
    /// providers attest.
    ///
    /// Example: medshare admin accredit 7Xf...Q2
    Accredit {
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
    },
    /// Withdraw a provider's accreditation; what it attested before stands.
    ///
    /// Example: medshare admin withdraw-accreditation 7Xf...Q2
    WithdrawAccreditation {
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
    },
}

/// `deployment_authority` is the key that may create the configuration when this process
/// holds it (the embedded chain's deployer); otherwise the caller's wallet must be that
/// authority.
pub async fn run<C: Connection>(
    command: &AdminCommand,
    cli: &Cli,
    client: &mut Client<C>,
    deployment_authority: Option<Keypair>,
) -> anyhow::Result<()> {
    let wallet = identity::wallet(&cli.keypair)?;
    match command {
        AdminCommand::Access {
            authority,
            emergency_providers,
        } => {
            let existing: Option<AccessConfig> = client.fetch(addresses::access_config()).await?;
            let list = emergency_providers.clone();
            let authority = match existing {
                None => {
                    let authority = authority.unwrap_or(wallet.pubkey());
                    let creator = deployment_authority.unwrap_or(wallet);
                    let create =
                        instructions::initialize_access_config(&creator.pubkey(), &authority, list);
                    (client.send(create, &creator).await)
                        .context("creating the access configuration")?;
                    authority
                }
                Some(config) => {
                    if authority.is_some_and(|authority| authority != config.authority) {
                        anyhow::bail!(
                            "the configuration exists; hand its authority over with `admin propose` and `admin accept`"
                        );
                    }
                    let change = instructions::update_access_config(&wallet.pubkey(), list);
                    (client.send(change, &wallet).await)
                        .context("changing the access configuration")?;
                    config.authority
                }
            };
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
        }
        AdminCommand::Propose { successor } => {
            let propose = instructions::propose_config_authority(&wallet.pubkey(), successor);
            (client.send(propose, &wallet).await).context("proposing a successor")?;
            println!(
                "proposed {successor}; the authority changes when it runs `medshare admin accept`"
            );
        }
        AdminCommand::Accept => {
            let accept = instructions::accept_config_authority(&wallet.pubkey());
            (client.send(accept, &wallet).await).context("accepting the authority")?;
            println!("access configuration authority {}", wallet.pubkey());
        }
        AdminCommand::Accredit { provider } => {
            (client.accredit_provider(&wallet, provider).await).context("accrediting")?;
            println!("accredited {provider}");
        }
        AdminCommand::WithdrawAccreditation { provider } => {
            (client.withdraw_accreditation(&wallet, provider).await)
                .context("withdrawing the accreditation")?;
            println!("withdrew the accreditation of {provider}");
        }
    }
    Ok(())
}
