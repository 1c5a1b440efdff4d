use crate::constants::RECORD_CIPHERTEXTS;
use anchor_lang::prelude::*;
use arcium_anchor::prelude::ArgBuilder;

/// A patient's clinical summary, encrypted on the patient's machine.
///
/// The ciphertexts are `Pack<ClinicalSummary>` encrypted with the Rescue cipher under the x25519
/// secret shared by `encryption_key` and the MXE; only the MPC cluster can act on them.
#[account]
#[derive(InitSpace)]
pub struct PatientRecord {
    /// Wallet that owns the record and alone may change or share it.
    pub owner: Pubkey,
    /// The patient's x25519 public key the ciphertexts were encrypted under.
    pub encryption_key: [u8; 32],
    /// Rescue CTR nonce of the ciphertexts; strictly increases with every write.
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    /// 1 on creation, +1 on every update.
    pub version: u64,
    /// Unix time of the last write.
    pub updated_at: i64,
    /// A key rotation waiting for its callback, if any.
    pub pending_rotation: Option<PendingRotation>,
    pub bump: u8,
}

/// A re-encryption of the record under a new patient key, queued and not yet written back.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct PendingRotation {
    pub computation_offset: u64,
    pub new_key: [u8; 32],
    /// The version the cluster re-encrypts; an update in between makes the result stale.
    pub record_version: u64,
}

impl PatientRecord {
    /// The circuit inputs both circuits start with: who receives the re-encryption (`Shared`),
    /// then the record as `Enc<Shared, Pack<ClinicalSummary>>` under the patient's key.
    pub fn reencryption_args(&self, recipient_key: [u8; 32], recipient_nonce: u128) -> ArgBuilder {
        let args = ArgBuilder::new()
            .x25519_pubkey(recipient_key)
            .plaintext_u128(recipient_nonce)
            .x25519_pubkey(self.encryption_key)
            .plaintext_u128(self.nonce);
        self.ciphertexts
            .iter()
            .fold(args, |args, ciphertext| args.encrypted_u128(*ciphertext))
    }

    /// Replaces the encrypted contents, bumping the version. Callers check authority first.
    pub fn write(
        &mut self,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
        now: i64,
    ) -> Result<()> {
        require!(
            encryption_key != [0u8; 32],
            crate::errors::MedshareError::InvalidEncryptionKey
        );
        self.encryption_key = encryption_key;
        self.nonce = nonce;
        self.ciphertexts = ciphertexts;
        self.version += 1;
        self.updated_at = now;
        Ok(())
    }
}
