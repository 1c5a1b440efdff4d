use super::{FieldSet, PurposeOfUse};
use crate::constants::DELIVERY_DIGEST_DOMAIN;
use anchor_lang::prelude::*;
use solana_program::hash::hashv;

/// How the consent behind a disclosure changed between its request and its callback.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum ConsentChange {
    GrantRevoked,
    GrantExpired,
    /// The grant was narrowed and no longer covers the fields computed.
    GrantNarrowed,
    /// The provider rotated its key; the output was encrypted for the retired one.
    ProviderKeyRotated,
    /// The provider was taken off the break-glass list.
    EmergencyAccessWithdrawn,
    /// The grant was changed (re-issued, or narrowed while still covering the fields): the
    /// disclosure was requested under its earlier terms, which the receipt keeps.
    GrantChanged,
    /// The break-glass list changed; the provider is on it again or still.
    EmergencyListChanged,
    /// The provider retired its profile.
    ProviderRetired,
    /// The patient withdrew the document.
    DocumentWithdrawn,
    /// The attester revoked the attestation.
    AttestationRevoked,
}

/// Where a disclosure stands. It leaves `Queued` exactly once.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureStatus {
    /// Waiting for the cluster's callback.
    Queued,
    /// The re-encrypted fields were delivered in a `RecordDisclosed` event.
    Delivered,
    /// Delivered although the consent changed while the cluster computed. The signed output
    /// is in the callback transaction, which anyone can read, so the disclosure was made and
    /// is accounted as made.
    DeliveredAfter(ConsentChange),
    /// The cluster aborted the computation; nothing was disclosed.
    Failed,
    /// The record did not carry its owner's binding (a copy of someone else's ciphertexts):
    /// the cluster released only zeros.
    RecordNotBound,
    /// The document's sealed key or the attestation's sealed body did not carry its binding to
    /// the patient and account: the cluster released only zeros.
    PairNotBound,
    /// Closed out after the cluster dropped the computation unexecuted (its account is gone):
    /// nothing was disclosed, and no callback can come.
    Expired,
}

/// The justification a provider gives for break-glass access.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum EmergencyJustification {
    PatientUnresponsive,
    LifeThreatening,
    UrgentTreatment,
    PatientCannotConsent,
}

/// What authorized a disclosure.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureBasis {
    /// The patient sent the record themself.
    Patient,
    /// The provider's grant, by address.
    Grant(Pubkey),
    /// Break-glass access by a listed provider.
    Emergency(EmergencyJustification),
}

/// What was disclosed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DisclosureSubject {
    /// Fields of the patient's record, at the version queued (the ciphertexts the cluster got).
    Record { version: u64 },
    /// The file key of a document, at its version.
    Document { address: Pubkey, version: u64 },
    /// The body of an attestation about the patient.
    Attestation { address: Pubkey },
    /// A yes or no about the record at its version: the question's hash (`Question::hash`);
    /// the question itself is in the `QuestionAsked` event.
    Answer { version: u64, question: [u8; 32] },
}

/// Durable receipt of one disclosure: one entry of a HIPAA accounting of disclosures, kept after
/// logs are pruned. One per computation; the discriminator names the format (3).
#[account(discriminator = b"mdrcp003")]
#[derive(InitSpace, Debug)]
pub struct Disclosure {
    /// Owner wallet of the record disclosed.
    pub patient: Pubkey,
    /// Recipient provider's wallet; the default key when the patient sent to a bare x25519 key.
    pub provider: Pubkey,
    /// The wallet that signed the request.
    pub requester: Pubkey,
    /// The x25519 key the fields are re-encrypted for.
    pub recipient_key: [u8; 32],
    pub fields: FieldSet,
    pub purpose: PurposeOfUse,
    pub basis: DisclosureBasis,
    /// The generation of the consent the request was queued under: its grant's, or the access
    /// configuration's for break-glass (0 for the patient's own). Any change since shows at
    /// the callback.
    pub consent_generation: u64,
    pub subject: DisclosureSubject,
    pub computation_offset: u64,
    pub status: DisclosureStatus,
    pub queued_at: i64,
    /// Unix time of the callback; 0 while queued.
    pub completed_at: i64,
    /// SHA-256 of what the verified output delivered (`delivery_digest`); zeros until then.
    /// Clients accept a `RecordDisclosed` event only if it hashes to this.
    pub delivery_digest: [u8; 32],
    pub bump: u8,
}

/// The digest a receipt keeps of a delivery: SHA-256 over the domain, the computation offset
/// (little-endian), the recipient's key, the output nonce (little-endian) and the ciphertexts.
pub fn delivery_digest(
    computation_offset: u64,
    recipient_key: &[u8; 32],
    output_nonce: u128,
    ciphertexts: &[[u8; 32]],
) -> [u8; 32] {
    let offset = computation_offset.to_le_bytes();
    let nonce = output_nonce.to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![DELIVERY_DIGEST_DOMAIN, &offset, recipient_key, &nonce];
    parts.extend(ciphertexts.iter().map(|ciphertext| &ciphertext[..]));
    hashv(&parts).to_bytes()
}
