use super::SealedPair;
use crate::errors::MedshareError;
use anchor_lang::prelude::*;

/// What kind of document it is; public, like the rest of the account (`docs/documents.md`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DocumentCategory {
    LabReport,
    Imaging,
    DischargeLetter,
    Referral,
    Prescription,
    Other,
}

/// What the client published about the encrypted file when it uploaded it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct DocumentContents {
    pub category: DocumentCategory,
    /// SHA-256 of the ciphertext blob: its address in the object store.
    pub digest: [u8; 32],
    /// Bytes of the ciphertext blob; the plaintext is padded inside it, so this tells the
    /// plaintext's size only roughly.
    pub padded_size: u64,
    /// SHA-256 commitment to the file key, this account and the version: a recipient checks a
    /// disclosed key against it before downloading.
    pub key_commitment: [u8; 32],
    /// The file key's two halves, bound to the patient and this account.
    pub sealed_key: SealedPair,
}

impl DocumentContents {
    pub fn check(&self) -> Result<()> {
        require!(
            self.padded_size > 0 && self.digest != [0; 32] && self.key_commitment != [0; 32],
            MedshareError::InvalidDocument
        );
        self.sealed_key.check()
    }
}

/// A file too large for an account (a lab report, an image, a letter): its ciphertext lives in
/// an object store under its digest; this account says who added it, what it is, how to check
/// it and, sealed to the MXE, the key that opens it. Kept after withdrawal, for receipts.
#[account]
#[derive(InitSpace, Debug)]
pub struct Document {
    pub patient: Pubkey,
    /// The patient's client-chosen id, part of the address.
    pub id: u64,
    /// The patient, or the provider who added it under a grant covering documents.
    pub uploader: Pubkey,
    /// 1 when added. The encryption, the key commitment and receipts name it.
    pub version: u64,
    pub contents: DocumentContents,
    /// Whether break-glass access may have the key disclosed: only if the patient said so.
    pub emergency_access: bool,
    pub added_at: i64,
    /// Unix time the patient withdrew it: later disclosures are refused.
    pub withdrawn_at: Option<i64>,
    pub bump: u8,
}

impl Document {
    pub fn require_available(&self) -> Result<()> {
        require!(
            self.withdrawn_at.is_none(),
            MedshareError::DocumentWithdrawn
        );
        Ok(())
    }
}
