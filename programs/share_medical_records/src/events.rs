//! Events. They are logged as `Program data: <base64(discriminator ++ borsh)>`, Anchor's format.

use crate::{
    constants::{ANSWER_CIPHERTEXTS, DISCLOSED_CIPHERTEXTS, DISCLOSED_PAIR_CIPHERTEXTS},
    state::{
        AttestationSchema, ConsentChange, DisclosureBasis, DisclosureSubject, DocumentCategory,
        FieldSet, PurposeOfUse, Question, QuestionAllowance,
    },
};
use anchor_lang::{prelude::*, Event};

/// A record was stored or updated by its owner.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordStored {
    pub patient: Pubkey,
    pub version: u64,
    pub nonce: u128,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRegistered {
    pub provider: Pubkey,
    pub encryption_key: [u8; 32],
    pub name: String,
    pub identifier: String,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderKeyRotated {
    pub provider: Pubkey,
    pub encryption_key: [u8; 32],
    pub key_version: u32,
}

/// A grant was created, or re-issued with new terms.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantIssued {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub fields: FieldSet,
    /// An eligibility grant's allowance of questions; none for a grant of fields.
    pub questions: QuestionAllowance,
    pub purpose: PurposeOfUse,
    pub expires_at: i64,
    /// The grant's new generation: requests queued under an earlier one are receipted as
    /// delivered after a change.
    pub generation: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantNarrowed {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub fields: FieldSet,
    pub expires_at: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRevoked {
    pub patient: Pubkey,
    pub provider: Pubkey,
}

/// A revoked or expired grant was closed and its rent returned.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantClosed {
    pub patient: Pubkey,
    pub provider: Pubkey,
}

/// The patient closed their record; its receipts stay.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordClosed {
    pub patient: Pubkey,
    pub version: u64,
}

/// A provider closed its profile.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRetired {
    pub provider: Pubkey,
}

/// The configuration's authority proposed `successor` to take over; the successor must accept.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigAuthorityProposed {
    pub authority: Pubkey,
    pub successor: Pubkey,
}

/// The access configuration as it now stands (created, list changed or authority handed over).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessConfigChanged {
    pub authority: Pubkey,
    pub emergency_providers: Vec<Pubkey>,
}

/// A disclosure was queued for the MPC cluster.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureQueued {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub requester: Pubkey,
    pub recipient_key: [u8; 32],
    pub fields: FieldSet,
    pub purpose: PurposeOfUse,
    pub basis: DisclosureBasis,
    pub subject: DisclosureSubject,
    pub computation_offset: u64,
}

/// The cluster re-encrypted `fields` for the recipient; they can decrypt these ciphertexts.
/// Fields outside `fields` decrypt to their "not recorded" values. Only the event whose digest
/// the receipt keeps (`state::delivery_digest`) is the delivery: any program can log an event
/// that looks like this one.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordDisclosed {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub recipient_key: [u8; 32],
    pub fields: FieldSet,
    pub record_version: u64,
    pub output_nonce: u128,
    pub ciphertexts: [[u8; 32]; DISCLOSED_CIPHERTEXTS],
    pub computation_offset: u64,
    /// How the consent changed while the cluster computed, if it did: the disclosure was still
    /// made, since its output is public in the callback transaction.
    pub consent_changed: Option<ConsentChange>,
}

/// What the cluster delivered for a sealed pair (a document's key, an attestation's body).
#[derive(AnchorSerialize, AnchorDeserialize, Debug, Clone, PartialEq, Eq)]
pub struct PairDelivery {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub recipient_key: [u8; 32],
    pub output_nonce: u128,
    pub ciphertexts: [[u8; 32]; DISCLOSED_PAIR_CIPHERTEXTS],
    pub computation_offset: u64,
    pub consent_changed: Option<ConsentChange>,
}

/// The cluster re-encrypted a document's file key for the recipient. As with
/// `RecordDisclosed`, only the event whose digest the receipt keeps is the delivery.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentKeyDisclosed {
    pub document: Pubkey,
    pub version: u64,
    pub delivered: PairDelivery,
}

/// The cluster re-encrypted an attestation's body and salt for the recipient; only the event
/// whose digest the receipt keeps is the delivery.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationDisclosed {
    pub attestation: Pubkey,
    pub delivered: PairDelivery,
}

/// A verifier, or the patient for one, asked a question about the record; the receipt at
/// `computation_offset` names it by `question_hash`.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAsked {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub computation_offset: u64,
    pub question: Question,
    pub question_hash: [u8; 32],
}

/// The cluster answered a question for the recipient: the answer (1 yes, 0 no) and 128 bits
/// of the question's hash, encrypted for its key. As with `RecordDisclosed`, only the event
/// whose digest the receipt keeps is the delivery.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAnswered {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub recipient_key: [u8; 32],
    pub question_hash: [u8; 32],
    pub record_version: u64,
    pub output_nonce: u128,
    pub ciphertexts: [[u8; 32]; ANSWER_CIPHERTEXTS],
    pub computation_offset: u64,
    pub consent_changed: Option<ConsentChange>,
}

/// Nothing was disclosed: the cluster aborted (the reason it stated), or the record or document
/// key was not bound to its owner and account (`RecordNotBound`, `PairNotBound`).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureFailed {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub computation_offset: u64,
    pub reason: String,
}

/// A queued disclosure was closed out: the cluster dropped its computation unexecuted, so
/// nothing was disclosed.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureExpired {
    pub patient: Pubkey,
    pub provider: Pubkey,
    pub computation_offset: u64,
}

/// A document was added to a patient's documents.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentAdded {
    pub patient: Pubkey,
    pub document: Pubkey,
    pub uploader: Pubkey,
    pub category: DocumentCategory,
    pub digest: [u8; 32],
    pub padded_size: u64,
}

/// The access configuration's authority accredited a provider, which may now attest.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderAccredited {
    pub provider: Pubkey,
    pub accredited_at: i64,
}

/// The authority withdrew a provider's accreditation; its earlier attestations stand.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccreditationWithdrawn {
    pub provider: Pubkey,
}

/// An accredited provider attested something about a patient.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationCreated {
    pub attestation: Pubkey,
    pub attester: Pubkey,
    pub recipient: Pubkey,
    pub schema: AttestationSchema,
    pub supersedes: Option<Pubkey>,
}

/// The attester revoked an attestation; the account stays, with the time.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationRevoked {
    pub attestation: Pubkey,
    pub attester: Pubkey,
    pub recipient: Pubkey,
}

/// The patient withdrew a document: its key is disclosed no more.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentWithdrawn {
    pub patient: Pubkey,
    pub document: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKeyRotationQueued {
    pub patient: Pubkey,
    pub new_key: [u8; 32],
    pub record_version: u64,
    pub computation_offset: u64,
}

/// The record was re-encrypted under the patient's new key and written back.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordResealed {
    pub patient: Pubkey,
    pub encryption_key: [u8; 32],
    pub version: u64,
    pub nonce: u128,
    pub computation_offset: u64,
}

/// A key rotation's result was not written: why, in words (the cluster's abort, `Superseded`,
/// `RecordChanged` or `RecordNotBound`).
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKeyRotationAbandoned {
    pub patient: Pubkey,
    pub computation_offset: u64,
    pub reason: String,
}

/// A key rotation was closed out: the cluster dropped its computation unexecuted, and the
/// record stays as it was.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordKeyRotationExpired {
    pub patient: Pubkey,
    pub computation_offset: u64,
}

/// A researcher registered a study; it waits for approval.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyRegistered {
    pub study: Pubkey,
    pub researcher: Pubkey,
    pub protocol_hash: [u8; 32],
    pub k: u32,
    pub epsilon_milli: u32,
}

/// The access configuration's authority approved a study: its criteria and protocol are final.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyApproved {
    pub study: Pubkey,
    pub approved_by: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyClosed {
    pub study: Pubkey,
}

/// A patient's record was counted in a study, for research, under the protocol named.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyJoined {
    pub study: Pubkey,
    pub patient: Pubkey,
    pub purpose: PurposeOfUse,
    pub protocol_hash: [u8; 32],
    pub computation_offset: u64,
}

/// A patient's contribution was taken back out of a study.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyLeft {
    pub study: Pubkey,
    pub patient: Pubkey,
    pub computation_offset: u64,
}

/// A join or leave changed nothing: the cluster aborted, the computation was dropped, or the
/// record was not bound to its owner.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyUpdateFailed {
    pub study: Pubkey,
    pub patient: Pubkey,
    pub computation_offset: u64,
    pub reason: String,
}

/// A study's reveal: one cell per counter, `SUPPRESSED` where withheld; `disputed` when its
/// participant count differs from the contributions counted on chain.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyRevealed {
    pub study: Pubkey,
    pub participants: u32,
    pub results: Vec<u32>,
    pub disputed: bool,
    pub computation_offset: u64,
}

/// A reveal changed nothing (aborted or dropped): the study can be revealed again.
#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyRevealFailed {
    pub study: Pubkey,
    pub computation_offset: u64,
    pub reason: String,
}

/// Logs an event through `sol_log_data`, as Anchor's `emit!` does on-chain. Unlike `emit!`,
/// this path reaches the runtime's syscall stubs when the program runs natively, so tests and
/// the embedded runtime see the same `Program data:` lines a validator writes.
pub fn emit_event<E: Event>(event: &E) {
    solana_program::log::sol_log_data(&[&event.data()]);
}
