//! medshare's flows over any [`Connection`]: store and update a record, pull one under a grant,
//! wait for the cluster, decrypt what it delivered, and read grants and receipts.

use crate::{
    addresses,
    connection::{Connection, Error},
    events::{
        decode_events, AttestationDisclosed, DocumentKeyDisclosed, MedshareEvent, PairDelivery,
        RecordDisclosed,
    },
    formats, instructions,
    offsets::{self, OffsetSource},
    record::{open_delivery, open_record, rotation_tag, seal_record},
    record::{ClinicalSummary, FieldSet, RecordError},
    Receipt, SecretKey,
};
use anchor_lang::{AccountDeserialize, Discriminator};
use arcium_client::idl::arcium::{accounts::MXEAccount, types::SetUnset};
use rand::Rng;
use share_medical_records::state::{
    delivery_digest, Disclosure, DisclosureBasis, DisclosureStatus, DisclosureSubject,
    EmergencyJustification, Grant, KeyRotation, PatientRecord, PurposeOfUse, Study, StudyShard,
    StudyStatus,
};
use solana_keypair::Keypair;
use solana_program::{clock::Clock, instruction::Instruction, pubkey::Pubkey, sysvar};
use solana_signer::Signer;
use std::time::{Duration, Instant};

/// Where `patient` and `provider` sit in a Grant's and a Disclosure's data (after the
/// 8-byte discriminator), for the memcmp filter of `getProgramAccounts`.
const PATIENT_OFFSET: usize = 8;
const PROVIDER_OFFSET: usize = 40;

/// Whose grants or receipts to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Patient(Pubkey),
    Provider(Pubkey),
    Anyone,
}

impl Party {
    fn filter(&self) -> Option<(usize, [u8; 32])> {
        match self {
            Party::Patient(wallet) => Some((PATIENT_OFFSET, wallet.to_bytes())),
            Party::Provider(wallet) => Some((PROVIDER_OFFSET, wallet.to_bytes())),
            Party::Anyone => None,
        }
    }
}

/// A flow that needs the cluster, and how its end shows on chain.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Awaited {
    /// The disclosure's receipt leaves `Queued`.
    Disclosure,
    /// The record of `owner` no longer holds this rotation as pending.
    Rotation { owner: Pubkey },
    /// The shard no longer waits for this join or leave.
    StudyUpdate { shard: Pubkey },
    /// The study no longer waits for this reveal.
    Reveal { study: Pubkey },
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Chain(#[from] Error),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Document(#[from] crate::documents::DocumentError),
    #[error("{0} does not exist on this chain")]
    NotFound(String),
    #[error("disclosure {offset} ended {status:?}: nothing was disclosed")]
    NotDelivered {
        offset: u64,
        status: DisclosureStatus,
    },
    #[error(
        "{what} at {address} is in record format {format}, which this medshare no longer reads (it reads format 2)"
    )]
    OldFormat {
        what: &'static str,
        address: Pubkey,
        format: u8,
    },
    #[error("the MXE has no x25519 key yet: its cluster has not finished key generation")]
    MxeKeyMissing,
    #[error(
        "the MXE announces the x25519 key {}, not the one this deployment pinned ({}): nothing is encrypted to it",
        hex::encode(announced),
        hex::encode(pinned)
    )]
    MxeKeyNotPinned {
        pinned: [u8; 32],
        announced: [u8; 32],
    },
    #[error(
        "the cluster did not complete the key rotation; the record still opens with the old key"
    )]
    RotationAbandoned,
    #[error("the cluster dropped computation {offset} unexecuted: it can never be delivered")]
    Dropped { offset: u64 },
    #[error("every computation offset drawn was taken; try again")]
    OffsetsTaken,
    #[error("every shard of the study is busy with another patient's update; try again shortly")]
    ShardsBusy,
    #[error("{0} is not accredited: only providers the access configuration's authority accredits may attest")]
    NotAccredited(Pubkey),
    #[error("the study's {what} changed nothing: {reason}")]
    StudyUpdateFailed { what: &'static str, reason: String },
}

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

/// A record a provider received and decrypted. What it was (the field sets, the record's
/// version) is the receipt's word, which the program checked against the signed output; never
/// an event's, which any program can log with the same ciphertexts.
#[derive(Debug, Clone)]
pub struct DecryptedDisclosure {
    pub receipt: Disclosure,
    pub summary: ClinicalSummary,
    /// The version of the record the cluster re-encrypted (the receipt's subject).
    pub record_version: u64,
}

impl DecryptedDisclosure {
    /// The field sets disclosed; the others decrypt to nothing.
    pub fn fields(&self) -> FieldSet {
        self.receipt.fields
    }
}

/// An event that delivers a disclosure: the receipt keeps its digest.
pub(crate) trait Delivery: Sized {
    fn from_event(event: MedshareEvent) -> Option<Self>;
    fn digest(&self, offset: u64) -> [u8; 32];
}

/// [`Delivery`] for an event that carries its delivery in its own fields (recipient key, output
/// nonce, ciphertexts): a record's disclosure, an answer.
macro_rules! direct_delivery {
    ($event:ident) => {
        impl $crate::client::Delivery for $event {
            fn from_event(event: $crate::events::MedshareEvent) -> Option<Self> {
                match event {
                    $crate::events::MedshareEvent::$event(event) => Some(event),
                    _ => None,
                }
            }

            fn digest(&self, offset: u64) -> [u8; 32] {
                share_medical_records::state::delivery_digest(
                    offset,
                    &self.recipient_key,
                    self.output_nonce,
                    &self.ciphertexts,
                )
            }
        }
    };
}
pub(crate) use direct_delivery;

direct_delivery!(RecordDisclosed);

impl Delivery for DocumentKeyDisclosed {
    fn from_event(event: MedshareEvent) -> Option<Self> {
        match event {
            MedshareEvent::DocumentKeyDisclosed(event) => Some(event),
            _ => None,
        }
    }

    fn digest(&self, offset: u64) -> [u8; 32] {
        pair_digest(&self.delivered, offset)
    }
}

impl Delivery for AttestationDisclosed {
    fn from_event(event: MedshareEvent) -> Option<Self> {
        match event {
            MedshareEvent::AttestationDisclosed(event) => Some(event),
            _ => None,
        }
    }

    fn digest(&self, offset: u64) -> [u8; 32] {
        pair_digest(&self.delivered, offset)
    }
}

fn pair_digest(delivered: &PairDelivery, offset: u64) -> [u8; 32] {
    delivery_digest(
        offset,
        &delivered.recipient_key,
        delivered.output_nonce,
        &delivered.ciphertexts,
    )
}
pub struct Client<C> {
    connection: C,
    mxe_key: Option<[u8; 32]>,
    /// The MXE key a deployment expects; any other is refused before anything is encrypted.
    pinned_mxe_key: Option<[u8; 32]>,
    offsets: OffsetSource,
}

impl<C: Connection> Client<C> {
    pub fn new(connection: C) -> Self {
        Self {
            connection,
            mxe_key: None,
            pinned_mxe_key: None,
            offsets: offsets::random(),
        }
    }

    /// Encrypts to the MXE only if its account announces `key`: whoever controls the RPC or
    /// the MXE account could otherwise have records sealed to a key of their own.
    pub fn pin_mxe_key(mut self, key: [u8; 32]) -> Self {
        self.pinned_mxe_key = Some(key);
        self
    }

    /// Draws computation offsets from `source` instead of at random.
    pub fn with_offsets(mut self, source: impl FnMut() -> u64 + 'static) -> Self {
        self.offsets = Box::new(source);
        self
    }

    pub fn connection(&mut self) -> &mut C {
        &mut self.connection
    }

    pub fn into_connection(self) -> C {
        self.connection
    }

    /// The MXE's x25519 key, read once from its account, and refused unless it is the pinned
    /// one, if a key was pinned.
    pub async fn mxe_public_key(&mut self) -> Result<[u8; 32]> {
        if let Some(key) = self.mxe_key {
            return Ok(key);
        }
        let address = arcium_client::pda::mxe_acc(&share_medical_records::ID);
        let mxe: MXEAccount = self
            .fetch(address)
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("the MXE account {address}")))?;
        let SetUnset::Set(keys) = mxe.utility_pubkeys else {
            return Err(ClientError::MxeKeyMissing);
        };
        if let Some(pinned) = self
            .pinned_mxe_key
            .filter(|pinned| *pinned != keys.x25519_pubkey)
        {
            return Err(ClientError::MxeKeyNotPinned {
                pinned,
                announced: keys.x25519_pubkey,
            });
        }
        self.mxe_key = Some(keys.x25519_pubkey);
        Ok(keys.x25519_pubkey)
    }

    /// The chain's clock, in Unix seconds.
    pub async fn now(&mut self) -> Result<i64> {
        let account = self
            .connection
            .account(sysvar::clock::ID)
            .await?
            .ok_or(Error::MissingAccount(sysvar::clock::ID))?;
        let clock: Clock =
            bincode::deserialize(&account.data).map_err(|_| Error::Malformed(sysvar::clock::ID))?;
        Ok(clock.unix_timestamp)
    }

    /// The Anchor account at `address`, if there is one. An account of an earlier record
    /// format is refused by name, never misread.
    pub async fn fetch<T: AccountDeserialize>(&mut self, address: Pubkey) -> Result<Option<T>> {
        let Some(account) = self.connection.account(address).await? else {
            return Ok(None);
        };
        if let Some((what, format)) = formats::earlier_format(&account.data) {
            return Err(ClientError::OldFormat {
                what,
                address,
                format,
            });
        }
        let value = T::try_deserialize(&mut account.data.as_slice())
            .map_err(|_| Error::Malformed(address))?;
        Ok(Some(value))
    }

    pub async fn send(&mut self, instruction: Instruction, signer: &Keypair) -> Result<Receipt> {
        Ok(self.connection.send(&[instruction], &[signer]).await?)
    }

    /// Encrypts `summary` under `key` and stores it as `wallet`'s record.
    pub async fn store_record(
        &mut self,
        wallet: &Keypair,
        key: &SecretKey,
        summary: &ClinicalSummary,
    ) -> Result<Receipt> {
        let owner = wallet.pubkey();
        let mxe = self.mxe_public_key().await?;
        let sealed = seal_record(summary, key, &mxe, &owner, fresh_nonce(0))?;
        self.send(
            instructions::store_record(&wallet.pubkey(), &sealed),
            wallet,
        )
        .await
    }

    /// Replaces `wallet`'s record with `summary`, encrypted under `key`.
    pub async fn update_record(
        &mut self,
        wallet: &Keypair,
        key: &SecretKey,
        summary: &ClinicalSummary,
    ) -> Result<Receipt> {
        let owner = wallet.pubkey();
        let current = self.record(&owner).await?;
        let nonce = fresh_nonce(current.client_nonce);
        let mxe = self.mxe_public_key().await?;
        let sealed = seal_record(summary, key, &mxe, &owner, nonce)?;
        self.send(
            instructions::update_record(&wallet.pubkey(), &sealed),
            wallet,
        )
        .await
    }

    pub async fn record(&mut self, owner: &Pubkey) -> Result<PatientRecord> {
        self.fetch(addresses::record(owner))
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("a record of {owner}")))
    }

    /// The patient's own record, decrypted with their key.
    pub async fn open_own_record(
        &mut self,
        owner: &Pubkey,
        key: &SecretKey,
    ) -> Result<(PatientRecord, ClinicalSummary)> {
        let record = self.record(owner).await?;
        let summary = open_record(&record, key, &self.mxe_public_key().await?)?;
        Ok((record, summary))
    }

    /// Has the cluster re-seal `wallet`'s record, now under `current_key`, for `new_key` and
    /// waits for the callback. Until it lands the old key still opens the record, so the caller
    /// keeps both until then.
    pub async fn rotate_record_key(
        &mut self,
        wallet: &Keypair,
        current_key: &SecretKey,
        new_key: &SecretKey,
        timeout: Duration,
        progress: impl FnMut(Duration),
    ) -> Result<PatientRecord> {
        let owner = wallet.pubkey();
        let current = self.record(&owner).await?;
        let mxe = self.mxe_public_key().await?;
        let offset = self
            .send_at_fresh_offset(wallet, |offset| {
                let new_tag = rotation_tag(&current, current_key, new_key, &mxe, offset)?;
                let key = new_key.public_key();
                Ok(instructions::rotate_record_key(
                    &owner, &owner, offset, key, new_tag,
                ))
            })
            .await?;
        let awaited = self
            .await_cluster(offset, Awaited::Rotation { owner }, timeout, progress)
            .await;
        if let Err(ClientError::Dropped { offset }) = awaited {
            self.close_out(offset, wallet).await?;
            return Err(ClientError::RotationAbandoned);
        }
        awaited?;
        let resealed = self.record(&owner).await?;
        if resealed.encryption_key != new_key.public_key() {
            return Err(ClientError::RotationAbandoned);
        }
        // The tag for the new key is ours; a record that no longer opens under it would refuse
        // every disclosure, so say so now.
        open_record(&resealed, new_key, &mxe)?;
        Ok(resealed)
    }

    /// Publishes `wallet`'s provider profile with the encryption key patients' grants go to.
    pub async fn register_provider(
        &mut self,
        wallet: &Keypair,
        encryption_key: [u8; 32],
        name: &str,
        identifier: &str,
    ) -> Result<Receipt> {
        let register =
            instructions::register_provider(&wallet.pubkey(), encryption_key, name, identifier);
        self.send(register, wallet).await
    }

    /// `patient` lets `provider` pull `fields` for `purpose` for `lasting` from now (a grant
    /// given again replaces the earlier one). Returns the expiry, in Unix seconds.
    pub async fn grant(
        &mut self,
        patient: &Keypair,
        provider: &Pubkey,
        fields: FieldSet,
        purpose: PurposeOfUse,
        lasting: Duration,
    ) -> Result<i64> {
        let expires_at = self.expiry_after(lasting).await?;
        let grant =
            instructions::grant_access(&patient.pubkey(), provider, fields, purpose, expires_at);
        self.send(grant, patient).await?;
        Ok(expires_at)
    }

    /// The chain time `lasting` from now, in Unix seconds: a grant's expiry.
    pub async fn expiry_after(&mut self, lasting: Duration) -> Result<i64> {
        let lasting = i64::try_from(lasting.as_secs()).unwrap_or(i64::MAX / 2);
        Ok(self.now().await?.saturating_add(lasting))
    }

    pub async fn revoke(&mut self, patient: &Keypair, provider: &Pubkey) -> Result<Receipt> {
        let grant = addresses::grant(&patient.pubkey(), provider);
        self.send(
            instructions::revoke_grant(&patient.pubkey(), &grant),
            patient,
        )
        .await
    }

    /// Deletes `wallet`'s record and returns its rent: revokes the grants still live, closes
    /// every grant (one a request still waits on refuses, `GrantInUse`), then the record, one
    /// transaction per grant and one for the record. Receipts stay. Returns the grants closed.
    pub async fn close_record(&mut self, wallet: &Keypair) -> Result<usize> {
        let me = wallet.pubkey();
        let now = self.now().await?;
        let grants = self.grants(Party::Patient(me)).await?;
        for (address, grant) in &grants {
            let mut end = Vec::new();
            if grant.refusal(grant.fields, now).is_none() {
                end.push(instructions::revoke_grant(&me, address));
            }
            end.push(instructions::close_grant(&me, address));
            self.connection.send(&end, &[wallet]).await?;
        }
        self.send(instructions::close_record(&me), wallet).await?;
        Ok(grants.len())
    }

    /// `provider` asks for `patient`'s record under its grant; returns the computation offset
    /// that names the disclosure.
    pub async fn request_record(&mut self, provider: &Keypair, patient: &Pubkey) -> Result<u64> {
        self.queue_disclosure(provider, |offset| {
            instructions::request_record(&provider.pubkey(), patient, offset)
        })
        .await
    }

    /// `provider`, on the break-glass list, asks for `patient`'s emergency fields without a
    /// grant, stating why; returns the computation offset.
    pub async fn emergency_access(
        &mut self,
        provider: &Keypair,
        patient: &Pubkey,
        justification: EmergencyJustification,
    ) -> Result<u64> {
        self.queue_disclosure(provider, |offset| {
            instructions::emergency_access(&provider.pubkey(), patient, offset, justification)
        })
        .await
    }

    /// Sends the disclosure request `build` makes for a fresh computation offset; returns the
    /// offset.
    async fn queue_disclosure(
        &mut self,
        requester: &Keypair,
        build: impl Fn(u64) -> Instruction,
    ) -> Result<u64> {
        self.send_at_fresh_offset(requester, |offset| Ok(build(offset)))
            .await
    }

    /// Sends what `build` makes for a drawn computation offset, drawing again while the offset
    /// drawn is taken; returns the offset used.
    pub(crate) async fn send_at_fresh_offset(
        &mut self,
        signer: &Keypair,
        build: impl Fn(u64) -> Result<Instruction>,
    ) -> Result<u64> {
        for _ in 0..offsets::ATTEMPTS {
            let offset = (self.offsets)();
            match self.send(build(offset)?, signer).await {
                Ok(_) => return Ok(offset),
                Err(error) if offsets::taken(&error) => continue,
                Err(error) => return Err(error),
            }
        }
        Err(ClientError::OffsetsTaken)
    }

    /// Closes out computation `offset`, which the cluster will never deliver: reclaims it first
    /// if it expired from the mempool and `payer` paid for it, then marks its receipt (a
    /// disclosure or a key rotation) expired. `payer` pays the transaction.
    pub async fn close_out(&mut self, offset: u64, payer: &Keypair) -> Result<()> {
        let computation = addresses::computation(offset);
        let mut close_out = Vec::new();
        if self.connection.account(computation).await?.is_some() {
            close_out.push(instructions::reclaim_expired_computation(
                &payer.pubkey(),
                offset,
            ));
        }
        let receipt = addresses::receipt(offset);
        let account = (self.connection.account(receipt).await?)
            .ok_or_else(|| ClientError::NotFound(format!("the receipt of computation {offset}")))?;
        let malformed = |_| Error::Malformed(receipt);
        close_out.push(if account.data.starts_with(Disclosure::DISCRIMINATOR) {
            let disclosure =
                Disclosure::try_deserialize(&mut account.data.as_slice()).map_err(malformed)?;
            let grant = match disclosure.basis {
                DisclosureBasis::Grant(grant) => Some(grant),
                _ => None,
            };
            instructions::expire_disclosure(offset, grant)
        } else {
            let rotation =
                KeyRotation::try_deserialize(&mut account.data.as_slice()).map_err(malformed)?;
            instructions::expire_rotation(&rotation.patient, offset)
        });
        self.connection.send(&close_out, &[payer]).await?;
        Ok(())
    }

    /// Waits until the cluster has answered disclosure `offset`; returns its receipt.
    pub async fn await_disclosure(
        &mut self,
        offset: u64,
        timeout: Duration,
        progress: impl FnMut(Duration),
    ) -> Result<Disclosure> {
        self.await_cluster(offset, Awaited::Disclosure, timeout, progress)
            .await?;
        self.disclosure(offset).await
    }

    pub async fn disclosure(&mut self, offset: u64) -> Result<Disclosure> {
        self.fetch(addresses::receipt(offset))
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("disclosure {offset}")))
    }

    /// Finds what disclosure `offset` delivered and decrypts it with `key`. A disclosure
    /// delivered after its consent changed opens too (it was made); its receipt says so.
    pub async fn open_disclosure(
        &mut self,
        offset: u64,
        key: &SecretKey,
    ) -> Result<DecryptedDisclosure> {
        let receipt = self.delivered_receipt(offset).await?;
        let DisclosureSubject::Record {
            version: record_version,
        } = receipt.subject
        else {
            return Err(ClientError::NotFound(format!(
                "a record in disclosure {offset}, which disclosed {:?}",
                receipt.subject
            )));
        };
        let delivered: RecordDisclosed = self.delivered(&receipt).await?;
        let summary = open_delivery(
            &delivered.ciphertexts,
            delivered.output_nonce,
            key,
            &self.mxe_public_key().await?,
        )?;
        Ok(DecryptedDisclosure {
            receipt,
            summary,
            record_version,
        })
    }

    /// The receipt of disclosure `offset`, which must have been delivered.
    pub(crate) async fn delivered_receipt(&mut self, offset: u64) -> Result<Disclosure> {
        let receipt = self.disclosure(offset).await?;
        match receipt.status {
            DisclosureStatus::Delivered | DisclosureStatus::DeliveredAfter(_) => Ok(receipt),
            status => Err(ClientError::NotDelivered { offset, status }),
        }
    }

    /// Queues the disclosure of a document's key or an attestation's body as `request` asks,
    /// signed by `requester`; returns the computation offset that names it.
    pub async fn request_sealed_pair(
        &mut self,
        requester: &Keypair,
        accounts: instructions::PairRequest,
        request: share_medical_records::DisclosureRequest,
    ) -> Result<u64> {
        self.queue_disclosure(requester, |offset| {
            instructions::disclose_sealed_pair(&accounts, offset, request)
        })
        .await
    }

    /// The delivery of the disclosure `receipt` settled: the one delivering event in the
    /// history of the receipt whose digest the receipt keeps. Any program can log an event
    /// that names the receipt; only the verified output hashes to the digest.
    pub(crate) async fn delivered<D: Delivery>(&mut self, receipt: &Disclosure) -> Result<D> {
        let offset = receipt.computation_offset;
        let mut delivery = None;
        let delivers = |logs: &[String]| {
            delivery = decode_events(logs)
                .into_iter()
                .filter_map(D::from_event)
                .find(|delivery| delivery.digest(offset) == receipt.delivery_digest);
            delivery.is_some()
        };
        self.connection
            .find_transaction_logs(addresses::receipt(offset), delivers)
            .await?;
        delivery.ok_or_else(|| {
            ClientError::NotFound(format!(
                "the delivery of disclosure {offset} in the transaction history"
            ))
        })
    }

    /// Grants given by or to `party`, newest first.
    pub async fn grants(&mut self, party: Party) -> Result<Vec<(Pubkey, Grant)>> {
        let mut grants: Vec<(Pubkey, Grant)> =
            self.list(Grant::DISCRIMINATOR, party.filter()).await?;
        grants.sort_by_key(|(_, grant)| std::cmp::Reverse(grant.issued_at));
        Ok(grants)
    }

    /// Disclosure receipts naming `party` as patient or recipient, oldest first.
    pub async fn disclosures(&mut self, party: Party) -> Result<Vec<Disclosure>> {
        let mut receipts: Vec<Disclosure> =
            (self.list(Disclosure::DISCRIMINATOR, party.filter()).await?)
                .into_iter()
                .map(|(_, receipt)| receipt)
                .collect();
        receipts.sort_by_key(|receipt| (receipt.queued_at, receipt.computation_offset));
        Ok(receipts)
    }

    /// The accounts with `discriminator`, those holding `filter`'s bytes at its offset if given.
    pub(crate) async fn list<T: AccountDeserialize>(
        &mut self,
        discriminator: &[u8],
        filter: Option<(usize, [u8; 32])>,
    ) -> Result<Vec<(Pubkey, T)>> {
        let accounts = self
            .connection
            .program_accounts(
                discriminator,
                filter.as_ref().map(|(offset, bytes)| (*offset, &bytes[..])),
            )
            .await?;
        accounts
            .into_iter()
            .map(|(address, account)| {
                T::try_deserialize(&mut account.data.as_slice())
                    .map(|value| (address, value))
                    .map_err(|_| Error::Malformed(address).into())
            })
            .collect()
    }

    /// Lets the cluster work until `awaited` shows done, calling `progress` with the time spent
    /// after each look; gives up after `timeout`.
    pub(crate) async fn await_cluster(
        &mut self,
        offset: u64,
        awaited: Awaited,
        timeout: Duration,
        mut progress: impl FnMut(Duration),
    ) -> Result<()> {
        let started = Instant::now();
        let computation = addresses::computation(offset);
        loop {
            self.connection.settle().await?;
            let done = match awaited {
                Awaited::Disclosure => {
                    self.disclosure(offset).await?.status != DisclosureStatus::Queued
                }
                Awaited::Rotation { owner } => (self.record(&owner).await?.pending_rotation)
                    .is_none_or(|pending| pending.computation_offset != offset),
                Awaited::StudyUpdate { shard } => {
                    let shard: Option<StudyShard> = self.fetch(shard).await?;
                    shard.is_none_or(|shard| shard.pending != Some(offset))
                }
                Awaited::Reveal { study } => {
                    let study: Option<Study> = self.fetch(study).await?;
                    study.is_none_or(|study| {
                        !matches!(study.status, StudyStatus::Revealing {
                            computation_offset, ..
                        } if computation_offset == offset)
                    })
                }
            };
            if done {
                return Ok(());
            }
            if self.connection.account(computation).await?.is_none() {
                // Unanswered and gone: reclaimed after it expired unexecuted.
                return Err(ClientError::Dropped { offset });
            }
            let waited = started.elapsed();
            if waited >= timeout {
                return Err(Error::Timeout {
                    offset,
                    seconds: waited.as_secs(),
                }
                .into());
            }
            progress(waited);
        }
    }
}

/// A record nonce greater than `current` (the greatest the owner has used): the next multiple
/// of 2^64, plus random low bits so that two clients updating from the same state never pick
/// the same nonce. 2^63 updates fit below the program's range.
fn fresh_nonce(current: u128) -> u128 {
    let next = ((current >> 64) + 1) << 64;
    next | u128::from(rand::thread_rng().gen::<u64>())
}
