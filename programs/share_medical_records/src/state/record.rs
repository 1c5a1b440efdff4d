use super::{record_binding, sealed_arguments};
use crate::{
    constants::{PROGRAM_NONCES, RECORD_CIPHERTEXTS},
    errors::MedshareError,
    keys::check_encryption_key,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::ArgBuilder;

/// A patient's clinical summary, sealed on the patient's machine (record format 2).
///
/// The ciphertexts are the Rescue encryption, under the x25519 secret `encryption_key` shares
/// with the MXE, of the record's header, its four entry elements and its binding tag; only the
/// MPC cluster can act on them, and only as this owner's record in this account. The
/// discriminator names the format, so a record of an earlier format is refused, never misread.
#[account(discriminator = b"mdrec002")]
#[derive(InitSpace)]
pub struct PatientRecord {
    /// Wallet that owns the record and alone may change or share it.
    pub owner: Pubkey,
    /// The patient's x25519 public key the ciphertexts were encrypted under.
    pub encryption_key: [u8; 32],
    /// Rescue CTR nonce of the ciphertexts: the client's own, or the cluster's after a key
    /// rotation (at least `PROGRAM_NONCES`).
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    /// The greatest nonce a write of the owner's has used; the next one must exceed it.
    pub client_nonce: u128,
    /// 1 on creation, +1 on every update and key rotation.
    pub version: u64,
    /// Unix time of the last write.
    pub updated_at: i64,
    /// Grant accounts the owner holds for this record. The record can be closed only without
    /// any, so no grant outlives it to authorize a record created later.
    pub grants: u32,
    /// A key rotation waiting for its callback, if any.
    pub pending_rotation: Option<PendingRotation>,
    pub bump: u8,
}

/// A re-encryption of the record under a new patient key, queued and not yet written back.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct PendingRotation {
    pub computation_offset: u64,
    pub new_key: [u8; 32],
    /// The binding tag for the new key, encrypted by the patient: the cluster re-encrypts the
    /// rest and never sees the tag's key.
    pub new_tag: [u8; 32],
    /// The version the cluster re-encrypts; an update in between makes the result stale.
    pub record_version: u64,
}

/// Where the key, nonce and ciphertexts sit in a record account: after the discriminator and
/// the owner, back to back.
pub const SEALED_OFFSET: u32 = 8 + 32;
pub const SEALED_LEN: u32 = 32 + 16 + 32 * RECORD_CIPHERTEXTS as u32;

impl PatientRecord {
    /// The record at `account` if it is still there: a rotation's callback or close-out can
    /// come after the owner closed it.
    pub fn read_if_open(account: &AccountInfo) -> Result<Option<Self>> {
        if account.owner != &crate::ID || account.data_is_empty() {
            return Ok(None);
        }
        Ok(Some(Self::try_deserialize(
            &mut &account.try_borrow_data()?[..],
        )?))
    }

    /// Writes the record back to `account`, which [`PatientRecord::read_if_open`] read it from.
    pub fn write_back(&self, account: &AccountInfo) -> Result<()> {
        self.try_serialize(&mut &mut account.try_borrow_mut_data()?[..])
    }

    /// The inputs both circuits take after the recipient (`Shared`: key and nonce): the record
    /// as `Enc<Shared, Sealed>` (its key, nonce, ciphertexts and a zero pad, which decrypts to
    /// the tag's key), then the binding of this owner and `address`.
    pub fn reencryption_args(
        &self,
        address: &Pubkey,
        recipient_key: [u8; 32],
        recipient_nonce: u128,
    ) -> ArgBuilder {
        let recipient = ArgBuilder::new()
            .x25519_pubkey(recipient_key)
            .plaintext_u128(recipient_nonce);
        let binding = record_binding(&self.owner, address);
        sealed_arguments(
            recipient,
            self.encryption_key,
            self.nonce,
            &self.ciphertexts,
            binding,
        )
    }

    /// The record as `Enc<Shared, Sealed>` read by reference when the computation executes
    /// (its key, nonce and ciphertexts, packed as the account holds them), the zero pad, then
    /// the binding of this owner and `address`.
    pub fn sealed_by_reference(&self, address: &Pubkey) -> ArgBuilder {
        let (binding_low, binding_high) = record_binding(&self.owner, address);
        ArgBuilder::new()
            .packed_account(*address, SEALED_OFFSET, SEALED_LEN)
            .encrypted_u128([0; 32])
            .plaintext_u128(binding_low)
            .plaintext_u128(binding_high)
    }

    /// A write of the owner's: a valid key and a client nonce above every earlier one (a
    /// Rescue CTR nonce used twice under one key leaks the difference of the plaintexts) and
    /// below the program's range.
    pub fn write_sealed(
        &mut self,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
        now: i64,
    ) -> Result<()> {
        require!(nonce < PROGRAM_NONCES, MedshareError::NonceOutOfRange);
        require!(
            self.version == 0 || nonce > self.client_nonce,
            MedshareError::NonceNotFresh
        );
        self.client_nonce = nonce;
        self.write(encryption_key, nonce, ciphertexts, now)
    }

    /// Replaces the encrypted contents, bumping the version. Callers check authority and the
    /// nonce's origin first.
    pub fn write(
        &mut self,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
        now: i64,
    ) -> Result<()> {
        check_encryption_key(&encryption_key)?;
        self.encryption_key = encryption_key;
        self.nonce = nonce;
        self.ciphertexts = ciphertexts;
        self.version = self
            .version
            .checked_add(1)
            .ok_or(MedshareError::VersionExhausted)?;
        self.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sealed_range_is_where_the_account_keeps_key_nonce_and_ciphertexts() {
        let record = PatientRecord {
            owner: Pubkey::new_from_array([1; 32]),
            encryption_key: [2; 32],
            nonce: 3,
            ciphertexts: [[4; 32]; RECORD_CIPHERTEXTS],
            client_nonce: 5,
            version: 6,
            updated_at: 7,
            grants: 8,
            pending_rotation: None,
            bump: 9,
        };
        let mut bytes = Vec::new();
        record.try_serialize(&mut bytes).unwrap();
        let sealed = &bytes[SEALED_OFFSET as usize..(SEALED_OFFSET + SEALED_LEN) as usize];
        let mut expected = vec![2; 32];
        expected.extend(3u128.to_le_bytes());
        expected.extend([4; 32 * RECORD_CIPHERTEXTS]);
        assert_eq!(sealed, expected);
    }
}
