//! Research studies over any [`Connection`]: a researcher registers, closes and reveals a
//! study, the access configuration's authority approves it, patients join and leave.

use crate::{
    addresses,
    client::{Awaited, Client, ClientError, Result},
    connection::{Connection, Error},
    instructions, Receipt,
};
use anchor_lang::Discriminator;
use rand::seq::SliceRandom;
use share_medical_records::{
    constants::STUDY_SHARDS,
    errors::MedshareError,
    state::{MembershipStatus, Study, StudyCriteria, StudyMembership, StudyShard, StudyStatus},
    StudyTerms,
};
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use solana_transaction_error::TransactionError;
use std::time::Duration;

/// Where a membership names its patient: after the discriminator, the tallies before and after
/// its join (208 bytes each) and the study.
const MEMBER_PATIENT_OFFSET: usize = 8 + 208 + 208 + 32;
/// Where a study names its researcher: after the discriminator, the criteria and the noise.
const STUDY_RESEARCHER_OFFSET: usize = 8 + 53 + 64;
/// How many times a join looks for a free shard before giving up.
const SHARD_ATTEMPTS: usize = 3;

impl<C: Connection> Client<C> {
    /// Registers study `id` of `researcher`; returns its address.
    pub async fn register_study(
        &mut self,
        researcher: &Keypair,
        id: u64,
        criteria: StudyCriteria,
        terms: StudyTerms,
    ) -> Result<Pubkey> {
        let instruction = instructions::register_study(&researcher.pubkey(), id, criteria, terms);
        self.send(instruction, researcher).await?;
        Ok(addresses::study(&researcher.pubkey(), id))
    }

    pub async fn approve_study(&mut self, authority: &Keypair, study: &Pubkey) -> Result<Receipt> {
        self.send(
            instructions::approve_study(&authority.pubkey(), study),
            authority,
        )
        .await
    }

    pub async fn close_study(&mut self, researcher: &Keypair, study: &Pubkey) -> Result<Receipt> {
        self.send(
            instructions::close_study(&researcher.pubkey(), study),
            researcher,
        )
        .await
    }

    pub async fn study(&mut self, study: &Pubkey) -> Result<Study> {
        self.fetch(*study)
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("study {study}")))
    }

    /// Every study, or those of `researcher`, oldest first.
    pub async fn studies(&mut self, researcher: Option<Pubkey>) -> Result<Vec<(Pubkey, Study)>> {
        let filter = researcher.map(|wallet| (STUDY_RESEARCHER_OFFSET, wallet.to_bytes()));
        let mut studies: Vec<(Pubkey, Study)> = self.list(Study::DISCRIMINATOR, filter).await?;
        studies.sort_by_key(|(_, study)| study.created_at);
        Ok(studies)
    }

    /// The studies `patient` has joined (or tried to), with their memberships.
    pub async fn memberships(
        &mut self,
        patient: &Pubkey,
    ) -> Result<Vec<(Pubkey, StudyMembership)>> {
        let filter = Some((MEMBER_PATIENT_OFFSET, patient.to_bytes()));
        self.list(StudyMembership::DISCRIMINATOR, filter).await
    }

    /// Enters `patient`'s record in `study`, naming the protocol they consent to, and waits
    /// for the cluster to count it. Joins go through a free shard; while every shard serves
    /// another patient the join retries, then gives up with [`ClientError::ShardsBusy`].
    pub async fn join_study(
        &mut self,
        patient: &Keypair,
        study: &Pubkey,
        protocol_hash: [u8; 32],
        timeout: Duration,
        mut progress: impl FnMut(Duration),
    ) -> Result<StudyMembership> {
        let wallet = patient.pubkey();
        for _ in 0..SHARD_ATTEMPTS {
            let Some(shard) = self.free_shard(study).await? else {
                self.connection().settle().await?;
                continue;
            };
            let sent = self
                .send_at_fresh_offset(patient, |offset| {
                    Ok(instructions::join_study(
                        &wallet,
                        study,
                        shard,
                        protocol_hash,
                        offset,
                    ))
                })
                .await;
            let offset = match sent {
                Ok(offset) => offset,
                Err(error) if is(&error, MedshareError::ShardBusy) => continue,
                Err(error) => return Err(error),
            };
            self.settle_update(patient, study, shard, offset, timeout, &mut progress)
                .await?;
            let membership = self.membership(study, &wallet).await?;
            let reason = match membership.status {
                MembershipStatus::Counted => return Ok(membership),
                MembershipStatus::NotBound => {
                    "the cluster did not count the record: it is not bound to its owner, and \
                     this study will not take it again"
                }
                _ => "the cluster did not count the record: it aborted; you may join again",
            };
            return Err(ClientError::StudyUpdateFailed {
                what: "join",
                reason: reason.into(),
            });
        }
        Err(ClientError::ShardsBusy)
    }

    /// Takes `patient`'s contribution back out of `study` and waits for the cluster.
    pub async fn leave_study(
        &mut self,
        patient: &Keypair,
        study: &Pubkey,
        timeout: Duration,
        mut progress: impl FnMut(Duration),
    ) -> Result<StudyMembership> {
        let wallet = patient.pubkey();
        let shard = self.membership(study, &wallet).await?.shard;
        let offset = self
            .send_at_fresh_offset(patient, |offset| {
                Ok(instructions::leave_study(&wallet, study, shard, offset))
            })
            .await?;
        self.settle_update(patient, study, shard, offset, timeout, &mut progress)
            .await?;
        let membership = self.membership(study, &wallet).await?;
        match membership.status {
            MembershipStatus::Left => Ok(membership),
            _ => Err(ClientError::StudyUpdateFailed {
                what: "leave",
                reason: "the cluster did not complete it; the contribution is still counted".into(),
            }),
        }
    }

    /// Queues the study's reveal and waits for it; returns the study with its results.
    pub async fn reveal_study(
        &mut self,
        researcher: &Keypair,
        study: &Pubkey,
        timeout: Duration,
        progress: impl FnMut(Duration),
    ) -> Result<Study> {
        let wallet = researcher.pubkey();
        let offset = self
            .send_at_fresh_offset(researcher, |offset| {
                Ok(instructions::reveal_study(&wallet, study, offset))
            })
            .await?;
        let awaited = Awaited::Reveal { study: *study };
        if let Err(ClientError::Dropped { offset }) =
            self.await_cluster(offset, awaited, timeout, progress).await
        {
            let close_out = [instructions::expire_reveal(study, offset)];
            self.connection().send(&close_out, &[researcher]).await?;
            return Err(ClientError::Dropped { offset });
        }
        let revealed = self.study(study).await?;
        match revealed.status {
            StudyStatus::Revealed | StudyStatus::Disputed => Ok(revealed),
            _ => Err(ClientError::StudyUpdateFailed {
                what: "reveal",
                reason: "the cluster aborted it; the study can be revealed again".into(),
            }),
        }
    }

    pub async fn membership(
        &mut self,
        study: &Pubkey,
        patient: &Pubkey,
    ) -> Result<StudyMembership> {
        self.fetch(addresses::study_membership(study, patient))
            .await?
            .ok_or_else(|| {
                ClientError::NotFound(format!("{patient}'s membership in study {study}"))
            })
    }

    /// A shard of `study` with no update in flight, chosen at random among them.
    async fn free_shard(&mut self, study: &Pubkey) -> Result<Option<u8>> {
        let mut free = Vec::new();
        for index in 0..STUDY_SHARDS {
            let shard: Option<StudyShard> =
                self.fetch(addresses::study_shard(study, index)).await?;
            if shard.is_some_and(|shard| shard.pending.is_none()) {
                free.push(index);
            }
        }
        Ok(free.choose(&mut rand::thread_rng()).copied())
    }

    /// Waits for a join or leave; one the cluster dropped is closed out, and reported.
    async fn settle_update(
        &mut self,
        payer: &Keypair,
        study: &Pubkey,
        shard: u8,
        offset: u64,
        timeout: Duration,
        progress: impl FnMut(Duration),
    ) -> Result<()> {
        let awaited = Awaited::StudyUpdate {
            shard: addresses::study_shard(study, shard),
        };
        match self.await_cluster(offset, awaited, timeout, progress).await {
            Err(ClientError::Dropped { offset }) => {
                let close_out = [instructions::expire_study_update(
                    study,
                    &payer.pubkey(),
                    shard,
                    offset,
                )];
                self.connection().send(&close_out, &[payer]).await?;
                Err(ClientError::Dropped { offset })
            }
            other => other,
        }
    }
}

/// Whether `error` is the program's `expected`.
fn is(error: &ClientError, expected: MedshareError) -> bool {
    matches!(
        error,
        ClientError::Chain(Error::Transaction {
            error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
            ..
        }) if *code == u32::from(expected)
    )
}
