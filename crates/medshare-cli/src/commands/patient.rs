//! `medshare patient`: the record and the consent its owner gives.

use super::{parse_duration, parse_fields, parse_pubkey, write_record, Progress, RecordFormat};
use crate::{
    display::{fields, timestamp},
    failure::{fail, Exit},
    identity, Cli,
};
use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use medshare_sdk::{
    addresses,
    client::{Client, ClientError, Party},
    connection::{Connection, Error as ChainError},
    instructions,
    record::{example_summary, fhir, ClinicalSummary, FieldSet},
};
use share_medical_records::state::{
    Grant, GrantRefusal, PatientRecord, ProviderProfile, PurposeOfUse,
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::{path::PathBuf, time::Duration};

#[derive(Subcommand)]
pub enum PatientCommand {
    /// Encrypt a clinical summary on this machine and store it as your record.
    ///
    /// Example: medshare patient store --fhir bundle.json
    Store(RecordSource),
    /// Replace your record with a new summary (its version goes up by one).
    ///
    /// Example: medshare patient update --fhir bundle.json
    Update(RecordSource),
    /// Decrypt and show your record.
    ///
    /// Example: medshare patient show --format fhir --out my-record.json
    Show {
        #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
        format: RecordFormat,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Let a registered provider pull the chosen parts of your record, for a purpose, until
    /// an expiry. Granting again replaces the earlier grant.
    ///
    /// Example: medshare patient grant 7Xf...Q2 --fields vitals,conditions,medications --expires-in 30d
    Grant {
        /// The provider's wallet address.
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
        /// Field sets: demographics, blood-type, vitals, allergies, conditions, medications,
        /// documents (your documents, not part of the record), or all (every field of the record).
        #[arg(long, value_parser = parse_fields)]
        fields: FieldSet,
        #[arg(long, value_enum, default_value_t = Purpose::Treatment)]
        purpose: Purpose,
        /// How long the grant lasts: 30d, 12h, 90s...
        #[arg(long, value_parser = parse_duration, default_value = "30d")]
        expires_in: Duration,
    },
    /// Narrow a grant: fewer field sets, or an earlier expiry; it cannot be widened.
    ///
    /// Example: medshare patient narrow 7Xf...Q2 --fields conditions --expires-in 7d
    Narrow {
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
        #[arg(long, value_parser = parse_fields)]
        fields: FieldSet,
        /// How long from now it lasts; without it the expiry stays.
        #[arg(long, value_parser = parse_duration)]
        expires_in: Option<Duration>,
    },
    /// Revoke a provider's grant; no request passes after it (one the cluster is computing is
    /// still delivered, and its receipt says the grant was revoked meanwhile).
    ///
    /// Example: medshare patient revoke 7Xf...Q2
    Revoke {
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
    },
    /// Close a revoked or expired grant and take its rent back. Receipts keep its address.
    ///
    /// Example: medshare patient close-grant 7Xf...Q2
    CloseGrant {
        /// The provider's wallet address.
        #[arg(value_parser = parse_pubkey)]
        provider: Pubkey,
    },
    /// Delete your record and take its rent back: every grant is revoked and closed first, so
    /// none can reach a record you store later. The receipts of past disclosures stay, and
    /// what was disclosed stays disclosed.
    ///
    /// Example: medshare patient close --yes
    Close {
        /// Confirm: the record cannot be recovered from the chain.
        #[arg(long)]
        yes: bool,
    },
    /// List the grants you have given.
    ///
    /// Example: medshare patient grants
    Grants,
    /// Have the cluster re-seal your record under a new encryption key, which then replaces the
    /// one in your key file. Nobody decrypts the record on the way.
    ///
    /// Example: medshare patient rotate-key
    RotateKey {
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Add, list and withdraw documents: lab reports, imaging, letters.
    #[command(subcommand)]
    Document(super::documents::PatientDocumentCommand),
    #[command(flatten)]
    Attestations(super::attestations::AttestedCommand),
    #[command(flatten)]
    Studies(super::studies::StudyMemberCommand),
    #[command(flatten)]
    Questions(super::eligibility::PatientQuestionCommand),
}

/// Where a summary to store comes from.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct RecordSource {
    /// A FHIR R4 Bundle (Patient, AllergyIntolerance, Condition, MedicationStatement,
    /// Observation for weight, height and blood group).
    #[arg(long)]
    fhir: Option<PathBuf>,
    /// A made-up summary, to try medshare out.
    #[arg(long)]
    example: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Purpose {
    Treatment,
    Payment,
    Operations,
    Research,
}

impl From<Purpose> for PurposeOfUse {
    fn from(purpose: Purpose) -> Self {
        match purpose {
            Purpose::Treatment => PurposeOfUse::Treatment,
            Purpose::Payment => PurposeOfUse::Payment,
            Purpose::Operations => PurposeOfUse::Operations,
            Purpose::Research => PurposeOfUse::Research,
        }
    }
}

pub async fn run<C: Connection>(
    command: &PatientCommand,
    cli: &Cli,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let wallet = identity::wallet(&cli.keypair)?;
    let me = wallet.pubkey();
    match command {
        PatientCommand::Store(source) => {
            let summary = read_summary(source)?;
            let key = identity::encryption_key(&cli.key_file)?;
            if (client
                .fetch::<PatientRecord>(addresses::record(&me))
                .await?)
                .is_some()
            {
                return Err(fail(
                    Exit::Refused,
                    "you already have a record; use `medshare patient update`",
                ));
            }
            let receipt = client
                .store_record(&wallet, &key, &summary)
                .await
                .context("storing the record")?;
            println!("stored record {} (version 1)", addresses::record(&me));
            println!("transaction   {}", receipt.signature);
        }
        PatientCommand::Update(source) => {
            let summary = read_summary(source)?;
            let key = identity::encryption_key(&cli.key_file)?;
            let receipt = client
                .update_record(&wallet, &key, &summary)
                .await
                .context("updating the record")?;
            let record = client.record(&me).await?;
            println!(
                "updated record {} (version {})",
                addresses::record(&me),
                record.version
            );
            println!("transaction    {}", receipt.signature);
        }
        PatientCommand::Show { format, out } => {
            let key = identity::encryption_key(&cli.key_file)?;
            let (record, summary) = client
                .open_own_record(&me, &key)
                .await
                .context("opening your record")?;
            if *format == RecordFormat::Text {
                println!(
                    "record {} version {}, updated {}",
                    addresses::record(&me),
                    record.version,
                    timestamp(record.updated_at)
                );
            }
            write_record(&summary, FieldSet::ALL, *format, out.as_deref())?;
        }
        PatientCommand::Grant {
            provider,
            fields: granted,
            purpose,
            expires_in,
        } => {
            let profile = registered(client, provider).await?;
            let expires_at = client
                .grant(&wallet, provider, *granted, (*purpose).into(), *expires_in)
                .await
                .context("granting access")?;
            println!(
                "granted {} ({}) {} for {:?} until {}",
                profile.name,
                provider,
                fields(*granted),
                purpose,
                timestamp(expires_at)
            );
        }
        PatientCommand::Narrow {
            provider,
            fields: kept,
            expires_in,
        } => {
            let (address, grant) = existing_grant(client, &me, provider).await?;
            let expires_at = match expires_in {
                Some(duration) => client.expiry_after(*duration).await?,
                None => grant.expires_at,
            };
            let narrow = instructions::narrow_grant(&me, &address, *kept, expires_at);
            client
                .send(narrow, &wallet)
                .await
                .context("narrowing the grant")?;
            println!(
                "grant to {provider} now covers {} until {}",
                fields(*kept),
                timestamp(expires_at)
            );
        }
        PatientCommand::Revoke { provider } => {
            existing_grant(client, &me, provider).await?;
            client
                .revoke(&wallet, provider)
                .await
                .context("revoking the grant")?;
            println!("revoked the grant to {provider}");
        }
        PatientCommand::CloseGrant { provider } => {
            let (address, _) = existing_grant(client, &me, provider).await?;
            let close = instructions::close_grant(&me, &address);
            client
                .send(close, &wallet)
                .await
                .context("closing the grant")?;
            println!("closed the grant to {provider}");
        }
        PatientCommand::Close { yes } => {
            if !yes {
                return Err(fail(
                    Exit::Input,
                    "closing deletes your record from the chain; run again with --yes to confirm",
                ));
            }
            client.record(&me).await?;
            let grants = client
                .close_record(&wallet)
                .await
                .context("closing the record")?;
            println!(
                "closed record {} and {grants} grant(s)",
                addresses::record(&me)
            );
        }
        PatientCommand::Grants => {
            let now = client.now().await?;
            let grants = client.grants(Party::Patient(me)).await?;
            if grants.is_empty() {
                println!("no grants");
            }
            for (_, grant) in grants {
                let state = match grant.refusal(grant.fields, now) {
                    Some(GrantRefusal::Revoked) => {
                        format!("revoked {}", timestamp(grant.revoked_at.unwrap_or(now)))
                    }
                    Some(GrantRefusal::Expired) => {
                        format!("expired {}", timestamp(grant.expires_at))
                    }
                    _ => format!("active until {}", timestamp(grant.expires_at)),
                };
                println!(
                    "{}  {:<40} {:?}  {state}",
                    grant.provider,
                    fields(grant.fields),
                    grant.purpose
                );
            }
        }
        PatientCommand::RotateKey { timeout: seconds } => {
            rotate_key(client, cli, &wallet, *seconds).await?;
        }
        PatientCommand::Document(command) => {
            super::documents::run_patient(command, cli, &wallet, client).await?;
        }
        PatientCommand::Attestations(command) => {
            super::attestations::run_attested(command, &wallet, client).await?;
        }
        PatientCommand::Studies(command) => {
            super::studies::run(command, &wallet, client).await?;
        }
        PatientCommand::Questions(command) => {
            super::eligibility::run_patient(command, &wallet, client).await?;
        }
    }
    Ok(())
}

fn read_summary(source: &RecordSource) -> anyhow::Result<ClinicalSummary> {
    let Some(path) = &source.fhir else {
        return Ok(example_summary());
    };
    let text = std::fs::read_to_string(path).map_err(|error| {
        fail(
            Exit::Input,
            format!("cannot read {}: {error}", path.display()),
        )
    })?;
    let import =
        fhir::summary_from_bundle(&text).with_context(|| format!("reading {}", path.display()))?;
    for note in &import.skipped {
        eprintln!("not stored: {note}");
    }
    Ok(import.summary)
}

/// The profile of `provider`, which must be registered.
async fn registered<C: Connection>(
    client: &mut Client<C>,
    provider: &Pubkey,
) -> anyhow::Result<ProviderProfile> {
    client
        .fetch(addresses::provider(provider))
        .await?
        .ok_or_else(|| {
            fail(
                Exit::NotFound,
                format!("no provider is registered with wallet {provider} on this chain"),
            )
        })
}

async fn existing_grant<C: Connection>(
    client: &mut Client<C>,
    patient: &Pubkey,
    provider: &Pubkey,
) -> anyhow::Result<(Pubkey, Grant)> {
    let address = addresses::grant(patient, provider);
    let grant = client.fetch(address).await?.ok_or_else(|| {
        fail(
            Exit::NotFound,
            format!("you have given no grant to {provider}"),
        )
    })?;
    Ok((address, grant))
}

/// Rotates the record's key; the new key stays staged beside the key file until the cluster
/// has re-sealed the record, so neither key is ever lost.
async fn rotate_key<C: Connection>(
    client: &mut Client<C>,
    cli: &Cli,
    wallet: &solana_keypair::Keypair,
    seconds: u64,
) -> anyhow::Result<()> {
    let replacement = identity::begin_key_replacement(&cli.key_file)?;
    let mut progress = Progress::new("the cluster is re-sealing");
    let rotated = client
        .rotate_record_key(
            wallet,
            &replacement.current,
            &replacement.key,
            Duration::from_secs(seconds),
            |waited| progress.report(waited),
        )
        .await;
    drop(progress);
    match rotated {
        Ok(record) => {
            let public = replacement.key.public_key();
            replacement.commit()?;
            println!(
                "record version {} is sealed under the new key {}",
                record.version,
                hex::encode(public)
            );
            Ok(())
        }
        Err(ClientError::Chain(error @ ChainError::Timeout { .. })) => {
            let staged = replacement.staged().display().to_string();
            Err(anyhow::Error::from(error).context(format!(
                "the new key is kept in {staged} until the cluster answers"
            )))
        }
        Err(error) => {
            replacement.discard();
            Err(anyhow::Error::from(error).context("rotating the record key"))
        }
    }
}
