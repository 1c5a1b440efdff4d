//! Attestations on the command line: a provider attests and verifies (`medshare provider
//! attest|verify|revoke-attestation`), a patient lists and sends them (`medshare patient
//! attestations|send-attestation`), the authority accredits (`medshare admin accredit`).

use super::{parse_date, parse_duration, parse_pubkey, Progress};
use crate::{
    display::timestamp,
    failure::{fail, Exit},
    identity, Cli,
};
use anyhow::Context;
use clap::{Args, Subcommand};
use medshare_sdk::{
    addresses,
    attestations::{Diagnosis, Terms, Verification},
    client::Client,
    connection::Connection,
    record::Icd10Code,
};
use share_medical_records::state::{Attestation, ProviderProfile};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Duration;
use time::Date;

#[derive(Subcommand)]
pub enum AttesterCommand {
    /// Vouch for a diagnosis of a patient whose grant you hold. You must be accredited. The
    /// diagnosis, its date and the evidence are sealed to the cluster; only a salted commitment
    /// to them is public.
    ///
    /// Example: medshare provider attest 9Qm...Hk --diagnosis E11.9 --treated 2026-11-02
    Attest(AttestArgs),
    /// Have an attestation's body disclosed to you under your grant (or open a disclosure you
    /// received) and check it: delivered to your key, about the patient, not revoked or
    /// expired, from an attester accredited when it attested, and matching its commitment.
    /// Exits with 3 and names the check that failed.
    ///
    /// Example: medshare provider verify 5Tq...z8 --patient 7Hx...q2
    Verify {
        /// The attestation's address.
        #[arg(value_parser = parse_pubkey, required_unless_present = "disclosure")]
        attestation: Option<Pubkey>,
        /// A disclosure you already received (its number), instead of asking anew.
        #[arg(long, conflicts_with = "attestation")]
        disclosure: Option<u64>,
        /// The patient it must be about: required, since anyone can hand you the disclosure
        /// of another patient's attestation as their own.
        #[arg(long, value_parser = parse_pubkey)]
        patient: Pubkey,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Revoke one of your attestations; it stays on chain with the time of revocation.
    ///
    /// Example: medshare provider revoke-attestation 5Tq...z8
    RevokeAttestation {
        #[arg(value_parser = parse_pubkey)]
        attestation: Pubkey,
    },
}

#[derive(Args)]
pub struct AttestArgs {
    /// The patient's wallet address.
    #[arg(value_parser = parse_pubkey)]
    patient: Pubkey,
    /// The ICD-10 code, such as E11.9.
    #[arg(long)]
    diagnosis: String,
    /// The day of treatment, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    treated: Date,
    /// One of the patient's documents backing it (its address).
    #[arg(long, value_parser = parse_pubkey)]
    evidence: Option<Pubkey>,
    /// An earlier attestation of yours about this patient that this one replaces.
    #[arg(long, value_parser = parse_pubkey)]
    supersedes: Option<Pubkey>,
    /// How long it holds: 365d, 12h... (default: no expiry).
    #[arg(long, value_parser = parse_duration)]
    expires_in: Option<Duration>,
}

#[derive(Subcommand)]
pub enum AttestedCommand {
    /// List the attestations about you.
    ///
    /// Example: medshare patient attestations
    Attestations,
    /// Send an attestation about you to a registered provider, through the cluster.
    ///
    /// Example: medshare patient send-attestation 5Tq...z8 --to 7Xf...Q2
    SendAttestation {
        #[arg(value_parser = parse_pubkey)]
        attestation: Pubkey,
        /// The provider's wallet address.
        #[arg(long, value_parser = parse_pubkey)]
        to: Pubkey,
    },
}

pub async fn run_attester<C: Connection>(
    command: &AttesterCommand,
    cli: &Cli,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    match command {
        AttesterCommand::Attest(args) => attest(args, wallet, client).await,
        AttesterCommand::Verify {
            attestation,
            disclosure,
            patient,
            timeout,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            let offset = match (disclosure, attestation) {
                (Some(offset), _) => *offset,
                (None, Some(attestation)) => client
                    .request_attestation(wallet, attestation)
                    .await
                    .context("asking for the attestation")?,
                (None, None) => {
                    return Err(fail(Exit::Input, "name an attestation, or --disclosure"));
                }
            };
            let mut progress = Progress::new("the cluster is re-encrypting the attestation");
            client
                .await_disclosure(offset, Duration::from_secs(*timeout), |waited| {
                    progress.report(waited)
                })
                .await?;
            drop(progress);
            let verification = client.verify_attestation(offset, &key, patient).await?;
            report(&verification);
            match verification.failure() {
                None => Ok(()),
                Some((check, why)) => Err(fail(
                    Exit::Refused,
                    format!("check failed: {}: {why}", check.describe()),
                )),
            }
        }
        AttesterCommand::RevokeAttestation { attestation } => {
            let receipt = client.revoke_attestation(wallet, attestation).await?;
            println!("revoked attestation {attestation}");
            println!("transaction {}", receipt.signature);
            Ok(())
        }
    }
}

async fn attest<C: Connection>(
    args: &AttestArgs,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    let evidence = match args.evidence {
        None => None,
        Some(address) => {
            let document = client.document(&address).await?;
            if document.patient != args.patient {
                return Err(fail(
                    Exit::Input,
                    format!("document {address} is not one of this patient's"),
                ));
            }
            Some(document.id)
        }
    };
    let diagnosis = Diagnosis {
        code: Icd10Code::parse(&args.diagnosis)?,
        treated_on: args.treated,
        evidence,
    };
    let expires_at = match args.expires_in {
        Some(lasting) => Some(client.expiry_after(lasting).await?),
        None => None,
    };
    let terms = Terms {
        expires_at,
        supersedes: args.supersedes,
    };
    let address = client
        .attest(wallet, &args.patient, &diagnosis, terms)
        .await
        .context("attesting")?;
    println!("attestation {address}");
    println!("   about        {}", args.patient);
    println!(
        "   commitment   {}",
        hex::encode(client.attestation(&address).await?.commitment)
    );
    Ok(())
}

/// Prints a verification, one line per check.
fn report(verification: &Verification) {
    let attestation = &verification.attestation;
    println!("attestation {}", verification.address);
    println!("   attester     {}", attestation.attester);
    println!("   about        {}", attestation.recipient);
    println!("   attested     {}", timestamp(attestation.created_at));
    if let Some(diagnosis) = &verification.diagnosis {
        println!("   diagnosis    {}", diagnosis.code);
        println!("   treated on   {}", diagnosis.treated_on);
    }
    if let Some(evidence) = verification.evidence() {
        println!("   evidence     document {evidence}");
    }
    for (check, outcome) in &verification.checks {
        match outcome {
            Ok(()) => println!("   ok      {}", check.describe()),
            Err(why) => println!("   FAILED  {}: {why}", check.describe()),
        }
    }
}

pub async fn run_attested<C: Connection>(
    command: &AttestedCommand,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    match command {
        AttestedCommand::Attestations => {
            let found = client.attestations_about(&wallet.pubkey()).await?;
            if found.is_empty() {
                println!("no attestations about you");
            }
            for (address, attestation) in found {
                println!(
                    "{address}  by {}  {}",
                    attestation.attester,
                    standing(&attestation)
                );
            }
        }
        AttestedCommand::SendAttestation { attestation, to } => {
            let profile: ProviderProfile = (client.fetch(addresses::provider(to)).await?)
                .ok_or_else(|| {
                    fail(Exit::NotFound, format!("{to} is not a registered provider"))
                })?;
            let offset = client
                .send_attestation(wallet, attestation, profile.encryption_key)
                .await
                .context("sending the attestation")?;
            println!("disclosure {offset}: attestation {attestation} sent to {to}");
        }
    }
    Ok(())
}

/// When it was made, and whether it still stands.
fn standing(attestation: &Attestation) -> String {
    let made = format!("attested {}", timestamp(attestation.created_at));
    let superseding = attestation
        .supersedes
        .map_or(String::new(), |earlier| format!(", supersedes {earlier}"));
    match (attestation.revoked_at, attestation.expires_at) {
        (Some(at), _) => format!("{made}, revoked {}{superseding}", timestamp(at)),
        (None, Some(at)) => format!("{made}, expires {}{superseding}", timestamp(at)),
        (None, None) => format!("{made}{superseding}"),
    }
}
