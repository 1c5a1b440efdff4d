//! `medshare provider`: the profile patients grant to, and the records it receives.

use super::{parse_pubkey, timeout, write_record, Progress, RecordFormat};
use crate::{
    display::{fields, timestamp},
    failure::{fail, Exit},
    identity, keystore, Cli,
};
use anyhow::Context;
use clap::Subcommand;
use medshare_sdk::{
    addresses,
    client::{Client, Party},
    connection::Connection,
    instructions, SecretKey,
};
use share_medical_records::state::{DisclosureStatus, Grant, PatientRecord, ProviderProfile};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ProviderCommand {
    /// Publish a provider profile with your encryption key, so patients can grant you access.
    ///
    /// Example: medshare provider register --name "Dr. Ada Okafor, Cardiology" --identifier 1234567893
    Register {
        /// Name patients see (1 to 64 bytes).
        #[arg(long)]
        name: String,
        /// A registry identifier such as an NPI (1 to 32 bytes).
        #[arg(long)]
        identifier: String,
    },
    /// Replace your published encryption key; disclosures in flight for the old key are
    /// cancelled.
    ///
    /// Example: medshare provider rotate-key
    RotateKey,
    /// Pull a patient's record under their grant: the cluster re-encrypts the granted fields
    /// for your key, and they are decrypted here.
    ///
    /// Example: medshare provider pull 9Qm...Hk --format fhir --out record.json
    Pull {
        /// The patient's wallet address.
        #[arg(value_parser = parse_pubkey)]
        patient: Pubkey,
        #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
        format: RecordFormat,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// List the disclosures made to you.
    ///
    /// Example: medshare provider inbox
    Inbox,
    /// Decrypt a disclosure made to you earlier, named by its number in `inbox`.
    ///
    /// Example: medshare provider decrypt 8146123412 --format fhir
    Decrypt {
        /// The disclosure's number (its computation offset).
        disclosure: u64,
        #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
        format: RecordFormat,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run<C: Connection>(
    command: &ProviderCommand,
    cli: &Cli,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let wallet = identity::wallet(&cli.keypair)?;
    let me = wallet.pubkey();
    match command {
        ProviderCommand::Register { name, identifier } => {
            let public = keystore::public_key(&cli.key_file)?;
            client
                .register_provider(&wallet, public, name, identifier)
                .await
                .context("registering")?;
            println!("registered {name} ({identifier})");
            println!("wallet          {me}");
            println!("encryption key  {}", hex::encode(public));
        }
        ProviderCommand::RotateKey => rotate_key(client, cli, &wallet).await?,
        ProviderCommand::Pull {
            patient,
            format,
            out,
            timeout: seconds,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            check_pull(client, &me, &key, patient).await?;
            let offset = client
                .request_record(&wallet, patient)
                .await
                .context("requesting the record")?;
            eprintln!("disclosure {offset} queued");
            let mut progress = Progress::new("the cluster is re-encrypting");
            let waited = client
                .await_disclosure(offset, timeout(*seconds), |waited| progress.report(waited))
                .await;
            drop(progress);
            waited?;
            let opened = client.open_disclosure(offset, &key).await?;
            eprintln!(
                "disclosure {offset}: {} of record version {}",
                fields(opened.fields),
                opened.receipt.record_version
            );
            write_record(&opened.summary, opened.fields, *format, out.as_deref())?;
        }
        ProviderCommand::Inbox => {
            let receipts = client.disclosures(Party::Provider(me)).await?;
            if receipts.is_empty() {
                println!("no disclosures");
            }
            for receipt in receipts {
                println!(
                    "{:<20}  {}  from {}  {:<40} {}",
                    receipt.computation_offset,
                    timestamp(receipt.queued_at),
                    receipt.patient,
                    fields(receipt.fields),
                    status(receipt.status)
                );
            }
        }
        ProviderCommand::Decrypt {
            disclosure,
            format,
            out,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            let opened = client.open_disclosure(*disclosure, &key).await?;
            if opened.receipt.recipient_key != key.public_key() {
                return Err(fail(
                    Exit::Keys,
                    format!("disclosure {disclosure} was encrypted for another key"),
                ));
            }
            write_record(&opened.summary, opened.fields, *format, out.as_deref())?;
        }
    }
    Ok(())
}

pub fn status(status: DisclosureStatus) -> String {
    match status {
        DisclosureStatus::Cancelled(reason) => format!("cancelled ({reason:?})"),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Says in words why a pull cannot work, before paying for a transaction that would fail.
async fn check_pull<C: Connection>(
    client: &mut Client<C>,
    me: &Pubkey,
    key: &SecretKey,
    patient: &Pubkey,
) -> anyhow::Result<()> {
    let profile: ProviderProfile =
        client
            .fetch(addresses::provider(me))
            .await?
            .ok_or_else(|| {
                fail(
                    Exit::NotFound,
                    "you are not registered: run `medshare provider register`",
                )
            })?;
    if profile.encryption_key != key.public_key() {
        return Err(fail(
            Exit::Keys,
            "your key file does not hold the encryption key your profile publishes",
        ));
    }
    if client
        .fetch::<PatientRecord>(addresses::record(patient))
        .await?
        .is_none()
    {
        return Err(fail(
            Exit::NotFound,
            format!("{patient} has no record on this chain"),
        ));
    }
    let grant: Grant = client
        .fetch(addresses::grant(patient, me))
        .await?
        .ok_or_else(|| fail(Exit::Refused, format!("{patient} has given you no grant")))?;
    let now = client.now().await?;
    if let Some(revoked) = grant.revoked_at {
        return Err(fail(
            Exit::Refused,
            format!("the grant was revoked {}", timestamp(revoked)),
        ));
    }
    if grant.expires_at <= now {
        return Err(fail(
            Exit::Refused,
            format!("the grant expired {}", timestamp(grant.expires_at)),
        ));
    }
    Ok(())
}

/// Publishes a new key, staged beside the key file until the chain holds it.
async fn rotate_key<C: Connection>(
    client: &mut Client<C>,
    cli: &Cli,
    wallet: &Keypair,
) -> anyhow::Result<()> {
    let replacement = identity::begin_key_replacement(&cli.key_file)?;
    let me = wallet.pubkey();
    let rotate = instructions::rotate_provider_key(&me, &me, replacement.key.public_key());
    if let Err(error) = client.send(rotate, wallet).await {
        replacement.discard();
        return Err(anyhow::Error::from(error).context("rotating the provider key"));
    }
    let public = replacement.key.public_key();
    replacement.commit()?;
    println!("encryption key  {}", hex::encode(public));
    Ok(())
}
