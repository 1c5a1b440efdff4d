//! `medshare patient studies|join|leave`: a patient's part in research studies.

use super::{hex_32, parse_pubkey, research, Progress};
use anyhow::Context;
use clap::{Args, Subcommand};
use medshare_sdk::{client::Client, connection::Connection};
use share_medical_records::state::{MembershipStatus, StudyStatus};
use solana_keypair::Keypair;
use solana_program::{hash::hash, pubkey::Pubkey};
use solana_signer::Signer;
use std::{path::PathBuf, time::Duration};

#[derive(Subcommand)]
pub enum StudyMemberCommand {
    /// List the studies on the chain and your part in each.
    ///
    /// Example: medshare patient studies
    Studies,
    /// Let a study count your record: the cluster adds it to the study's encrypted tally,
    /// whether or not it matches, and nobody sees it. You name the protocol you read.
    ///
    /// Example: medshare patient join 9Qm...x1 --protocol protocol.pdf
    Join(JoinArgs),
    /// Take your record back out of a study, until its results are revealed.
    ///
    /// Example: medshare patient leave 9Qm...x1
    Leave {
        #[arg(value_parser = parse_pubkey)]
        study: Pubkey,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
}

#[derive(Args)]
pub struct JoinArgs {
    #[arg(value_parser = parse_pubkey)]
    study: Pubkey,
    /// The protocol document you read: the join is refused unless its SHA-256 is the study's.
    #[arg(long, required_unless_present = "protocol_hash")]
    protocol: Option<PathBuf>,
    /// Or the protocol's SHA-256, in hex, as `research study show` prints it.
    #[arg(long, conflicts_with = "protocol")]
    protocol_hash: Option<String>,
    /// Seconds to wait for the cluster.
    #[arg(long, default_value_t = 120)]
    timeout: u64,
}

pub async fn run<C: Connection>(
    command: &StudyMemberCommand,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    match command {
        StudyMemberCommand::Studies => {
            let studies = client.studies(None).await?;
            let memberships = client.memberships(&wallet.pubkey()).await?;
            if studies.is_empty() {
                println!("no studies");
            }
            for (address, study) in studies {
                if study.status == StudyStatus::Proposed {
                    continue;
                }
                let mine = memberships
                    .iter()
                    .find(|(_, membership)| membership.study == address);
                let part = mine.map_or("not joined", |(_, membership)| {
                    member_status(&membership.status)
                });
                println!(
                    "{address}  {:<10} {:<12} protocol {}",
                    research::status(&study.status),
                    part,
                    hex::encode(study.protocol_hash)
                );
            }
        }
        StudyMemberCommand::Join(args) => {
            let protocol_hash = protocol_hash(args)?;
            let mut progress = Progress::new("the cluster is counting your record");
            let joined = client
                .join_study(
                    wallet,
                    &args.study,
                    protocol_hash,
                    Duration::from_secs(args.timeout),
                    |waited| progress.report(waited),
                )
                .await;
            drop(progress);
            joined.context("joining the study")?;
            println!(
                "your record is counted in study {}; nobody learns whether it matched",
                args.study
            );
        }
        StudyMemberCommand::Leave { study, timeout } => {
            let mut progress = Progress::new("the cluster is taking your record out");
            let left = client
                .leave_study(wallet, study, Duration::from_secs(*timeout), |waited| {
                    progress.report(waited)
                })
                .await;
            drop(progress);
            left.context("leaving the study")?;
            println!("your record no longer counts in study {study}; you cannot join it again");
        }
    }
    Ok(())
}

fn protocol_hash(args: &JoinArgs) -> anyhow::Result<[u8; 32]> {
    if let Some(path) = &args.protocol {
        let document = std::fs::read(path)
            .with_context(|| format!("reading the protocol {}", path.display()))?;
        return Ok(hash(&document).to_bytes());
    }
    let text = args.protocol_hash.as_deref().unwrap_or_default();
    hex_32(text).ok_or_else(|| anyhow::anyhow!("--protocol-hash must be 64 hex digits"))
}

fn member_status(status: &MembershipStatus) -> &'static str {
    match status {
        MembershipStatus::Joining { .. } => "joining",
        MembershipStatus::Counted => "counted",
        MembershipStatus::Leaving { .. } => "leaving",
        MembershipStatus::Left => "left",
        MembershipStatus::NotCounted => "not counted",
        MembershipStatus::NotBound => "refused: the record is not bound to its owner",
    }
}
