//! `medshare keys`: the wallet and the encryption key.

use crate::{identity, keystore, Cli};
use anyhow::Context;
use clap::Subcommand;
use medshare_sdk::SecretKey;
use solana_keypair::Keypair;
use solana_signer::Signer;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Create an encryption key (and a wallet, if --keypair names no file yet). The key is
    /// encrypted with a passphrase, asked for in the terminal or read from MEDSHARE_PASSPHRASE.
    ///
    /// Example: medshare keys new
    New {
        /// Replace an existing encryption key (records sealed under it become unreadable to you).
        #[arg(long)]
        force: bool,
    },
    /// Show your wallet address and encryption public key; no passphrase needed.
    ///
    /// Example: medshare keys show
    Show,
}

pub fn run(command: &KeysCommand, cli: &Cli) -> anyhow::Result<()> {
    match command {
        KeysCommand::New { force } => {
            if cli.key_file.exists() && !force {
                return Err(
                    keystore::KeystoreError::Exists(cli.key_file.display().to_string()).into(),
                );
            }
            if !cli.keypair.exists() {
                let wallet = Keypair::new();
                if let Some(dir) = cli.keypair.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                solana_keypair::write_keypair_file(&wallet, &cli.keypair)
                    .map_err(|error| anyhow::anyhow!("{error}"))
                    .with_context(|| format!("writing {}", cli.keypair.display()))?;
                println!(
                    "wallet          {} (new, {})",
                    wallet.pubkey(),
                    cli.keypair.display()
                );
            }
            let passphrase = identity::passphrase(true)?;
            let key = SecretKey::generate();
            keystore::save(&cli.key_file, &key, &passphrase, *force)?;
            println!(
                "encryption key  {} (new, {})",
                hex::encode(key.public_key()),
                cli.key_file.display()
            );
            Ok(())
        }
        KeysCommand::Show => {
            let wallet = identity::wallet(&cli.keypair)?;
            println!("wallet          {}", wallet.pubkey());
            let public = keystore::public_key(&cli.key_file)?;
            println!("encryption key  {}", hex::encode(public));
            Ok(())
        }
    }
}
