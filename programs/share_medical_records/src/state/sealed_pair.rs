use super::sealed_arguments;
use crate::{
    constants::{PROGRAM_NONCES, SEALED_PAIR_CIPHERTEXTS},
    errors::MedshareError,
    keys::check_encryption_key,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::ArgBuilder;

/// Two 128-bit values sealed to the MXE (a document's file key, an attestation's body and
/// salt): their Rescue-CTR ciphertexts and a binding tag under the secret `encryption_key`
/// shares with the MXE, as the `disclose_sealed_pair` circuit reads them. The tag ties them to
/// an owner and an account (`state::binding`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct SealedPair {
    pub encryption_key: [u8; 32],
    pub nonce: u128,
    pub ciphertexts: [[u8; 32]; SEALED_PAIR_CIPHERTEXTS],
}

impl SealedPair {
    /// A valid x25519 key and a client nonce, below the program's range.
    pub fn check(&self) -> Result<()> {
        check_encryption_key(&self.encryption_key)?;
        require!(self.nonce < PROGRAM_NONCES, MedshareError::NonceOutOfRange);
        Ok(())
    }

    /// The circuit's arguments after the recipient: the pair as `Enc<Shared, SealedPair>`,
    /// then the binding of its owner and account.
    pub fn arguments(&self, args: ArgBuilder, binding: (u128, u128)) -> ArgBuilder {
        sealed_arguments(
            args,
            self.encryption_key,
            self.nonce,
            &self.ciphertexts,
            binding,
        )
    }
}
