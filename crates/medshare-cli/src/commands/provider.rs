//! `medshare provider`: the profile patients grant to, and the records it receives.

use super::{parse_pubkey, write_record, Progress, RecordFormat};
use crate::{
    display::{fields, timestamp},
    failure::{fail, Exit},
    identity, keystore, Cli,
};
use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use medshare_sdk::{
    accounting::{consent_change_words, status_words},
    addresses,
    client::{Client, Party},
    connection::Connection,
    instructions, SecretKey,
};
use share_medical_records::state::{
    AccessConfig, DisclosureStatus, EmergencyJustification, Grant, GrantRefusal, ProviderProfile,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::{
    path::{Path, PathBuf},
    time::Duration,
};

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
    /// Replace your published encryption key; disclosures in flight still reach the old key,
    /// and their receipts say the key changed meanwhile.
    ///
    /// Example: medshare provider rotate-key
    RotateKey,
    /// Retire your provider profile and take its rent back. No grant or break-glass request
    /// passes without a profile; one in flight is receipted as delivered after the retirement.
    ///
    /// Example: medshare provider retire
    Retire,
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
    /// Break the glass: if you are on the break-glass list, pull a patient's blood type,
    /// allergies, conditions and medications without a grant, stating why. The receipt and the
    /// patient's event are flagged emergency.
    ///
    /// Example: medshare provider emergency 9Qm...Hk --justification patient-unresponsive
    Emergency {
        #[arg(value_parser = parse_pubkey)]
        patient: Pubkey,
        #[arg(long, value_enum)]
        justification: Justification,
        #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
        format: RecordFormat,
        #[arg(long)]
        out: Option<PathBuf>,
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
    /// Fetch patients' documents under your grant, or add one to a patient's documents.
    #[command(subcommand)]
    Document(super::documents::ProviderDocumentCommand),
    #[command(flatten)]
    Attestations(super::attestations::AttesterCommand),
    #[command(flatten)]
    Questions(super::eligibility::VerifierCommand),
}

/// Why a break-glass disclosure was needed.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Justification {
    PatientUnresponsive,
    LifeThreatening,
    UrgentTreatment,
    PatientCannotConsent,
}

impl From<Justification> for EmergencyJustification {
    fn from(justification: Justification) -> Self {
        match justification {
            Justification::PatientUnresponsive => EmergencyJustification::PatientUnresponsive,
            Justification::LifeThreatening => EmergencyJustification::LifeThreatening,
            Justification::UrgentTreatment => EmergencyJustification::UrgentTreatment,
            Justification::PatientCannotConsent => EmergencyJustification::PatientCannotConsent,
        }
    }
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
        ProviderCommand::Retire => {
            let retire = instructions::retire_provider(&me);
            client
                .send(retire, &wallet)
                .await
                .context("retiring the profile")?;
            println!("retired the provider profile of {me}");
        }
        ProviderCommand::Pull {
            patient,
            format,
            out,
            timeout: seconds,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            check_profile(client, &me, &key).await?;
            check_grant(client, &me, patient).await?;
            let offset = client
                .request_record(&wallet, patient)
                .await
                .context("requesting the record")?;
            let receiving = Receiving {
                key: &key,
                format: *format,
                out: out.as_deref(),
                seconds: *seconds,
            };
            receive(client, &wallet, offset, receiving).await?;
        }
        ProviderCommand::Emergency {
            patient,
            justification,
            format,
            out,
            timeout: seconds,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            check_profile(client, &me, &key).await?;
            check_emergency_list(client, &me, patient).await?;
            let offset = client
                .emergency_access(&wallet, patient, (*justification).into())
                .await
                .context("breaking the glass")?;
            let receiving = Receiving {
                key: &key,
                format: *format,
                out: out.as_deref(),
                seconds: *seconds,
            };
            receive(client, &wallet, offset, receiving).await?;
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
                    status_words(receipt.status)
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
            write_record(&opened.summary, opened.fields(), *format, out.as_deref())?;
        }
        ProviderCommand::Document(command) => {
            super::documents::run_provider(command, cli, &wallet, client).await?;
        }
        ProviderCommand::Attestations(command) => {
            super::attestations::run_attester(command, cli, &wallet, client).await?;
        }
        ProviderCommand::Questions(command) => {
            let key = identity::encryption_key(&cli.key_file)?;
            super::eligibility::run_verifier(command, &wallet, &key, client).await?;
        }
    }
    Ok(())
}

/// Where a pulled record goes: decrypted with `key`, written as `format` to `out` (or stdout),
/// after waiting up to `seconds` for the cluster.
struct Receiving<'a> {
    key: &'a SecretKey,
    format: RecordFormat,
    out: Option<&'a Path>,
    seconds: u64,
}

/// Waits for disclosure `offset`, then decrypts and writes what it delivered. A disclosure the
/// cluster dropped is closed out as expired, paid by `wallet`.
async fn receive<C: Connection>(
    client: &mut Client<C>,
    wallet: &Keypair,
    offset: u64,
    receiving: Receiving<'_>,
) -> anyhow::Result<()> {
    let Receiving {
        key,
        format,
        out,
        seconds,
    } = receiving;
    eprintln!("disclosure {offset} queued");
    let mut progress = Progress::new("the cluster is re-encrypting");
    let waited = client
        .await_disclosure(offset, Duration::from_secs(seconds), |waited| {
            progress.report(waited)
        })
        .await;
    drop(progress);
    if let Err(medshare_sdk::client::ClientError::Dropped { offset }) = waited {
        client.close_out(offset, wallet).await?;
        eprintln!("disclosure {offset}: closed out as expired; nothing was disclosed");
    }
    waited?;
    let opened = client.open_disclosure(offset, key).await?;
    eprintln!(
        "disclosure {offset}: {} of record version {}",
        fields(opened.fields()),
        opened.record_version
    );
    if let DisclosureStatus::DeliveredAfter(change) = opened.receipt.status {
        eprintln!(
            "note: the patient's consent changed while the cluster computed ({}); the disclosure was made and its receipt records it so",
            consent_change_words(change)
        );
    }
    write_record(&opened.summary, opened.fields(), format, out)
}

/// Says in words why a request cannot work, before paying for a transaction that would fail:
/// the requester must be registered under the key it decrypts with...
async fn check_profile<C: Connection>(
    client: &mut Client<C>,
    me: &Pubkey,
    key: &SecretKey,
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
    Ok(())
}

/// ...and, for a pull, the patient must have a record and a live grant to it...
async fn check_grant<C: Connection>(
    client: &mut Client<C>,
    me: &Pubkey,
    patient: &Pubkey,
) -> anyhow::Result<()> {
    client.record(patient).await?;
    let grant: Grant = client
        .fetch(addresses::grant(patient, me))
        .await?
        .ok_or_else(|| fail(Exit::Refused, format!("{patient} has given you no grant")))?;
    let now = client.now().await?;
    // The program's own rule, applied before paying for a transaction it would refuse.
    let refused = match grant.refusal(grant.fields, now) {
        None => return Ok(()),
        Some(GrantRefusal::Revoked) => {
            format!(
                "the grant was revoked {}",
                timestamp(grant.revoked_at.unwrap_or(now))
            )
        }
        Some(GrantRefusal::Expired) => format!("the grant expired {}", timestamp(grant.expires_at)),
        Some(GrantRefusal::FieldsNotGranted) => "the grant covers no fields".to_string(),
    };
    Err(fail(Exit::Refused, refused))
}

/// ...and, to break the glass, be on the access configuration's list.
async fn check_emergency_list<C: Connection>(
    client: &mut Client<C>,
    me: &Pubkey,
    patient: &Pubkey,
) -> anyhow::Result<()> {
    client.record(patient).await?;
    let config: AccessConfig =
        client
            .fetch(addresses::access_config())
            .await?
            .ok_or_else(|| {
                fail(
                    Exit::NotFound,
                    "break-glass access is not configured on this chain (`medshare admin access`)",
                )
            })?;
    if !config.allows_emergency(me) {
        return Err(fail(Exit::Refused, "you are not on the break-glass list"));
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
