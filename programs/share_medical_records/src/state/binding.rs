//! The binding of sealed data to its owner and account, as the circuits check it.
//!
//! b = SHA-256(domain ++ owner ++ account address) read little-endian with its top four bits
//! cleared: 252 bits, a field element below p. The client puts b into the data's binding tag
//! (`medshare_crypto::sealed`); the program hands the circuits the b of the account it reads,
//! so a copy stored under any other owner or account fails the tag check. Records and
//! document keys and attestation bodies use different domains, so none can pass for another.

use crate::constants::{
    ATTESTATION_BINDING_DOMAIN, DOCUMENT_BINDING_DOMAIN, RECORD_BINDING_DOMAIN, SEALED_TAG_POSITION,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::ArgBuilder;
use solana_program::hash::hashv;

/// b of a record, as the two halves the circuits take (low 128 bits, then the high 124).
pub fn record_binding(owner: &Pubkey, record: &Pubkey) -> (u128, u128) {
    binding(RECORD_BINDING_DOMAIN, owner, record)
}

/// b of a document's sealed file key: the patient and the document's address.
pub fn document_binding(patient: &Pubkey, document: &Pubkey) -> (u128, u128) {
    binding(DOCUMENT_BINDING_DOMAIN, patient, document)
}

/// b of an attestation's sealed body: the patient it is about and the attestation's address.
pub fn attestation_binding(recipient: &Pubkey, attestation: &Pubkey) -> (u128, u128) {
    binding(ATTESTATION_BINDING_DOMAIN, recipient, attestation)
}

fn binding(domain: &[u8], owner: &Pubkey, account: &Pubkey) -> (u128, u128) {
    let mut bytes = hashv(&[domain, owner.as_ref(), account.as_ref()]).to_bytes();
    bytes[31] &= 0x0f;
    let (low, high) = bytes.split_at(16);
    (
        u128::from_le_bytes(low.try_into().expect("16 bytes")),
        u128::from_le_bytes(high.try_into().expect("16 bytes")),
    )
}

/// Sealed data as a circuit's `Enc<Shared, _>` argument, then its binding: the sealer's key and
/// nonce, the elements' ciphertexts, zeros up to keystream position `SEALED_TAG_POSITION`, the
/// tag's ciphertext, a zero pad (which the circuit decrypts to minus the tag's key), and the
/// binding's two halves. `ciphertexts` is the elements' followed by the tag's.
pub fn sealed_arguments(
    args: ArgBuilder,
    encryption_key: [u8; 32],
    nonce: u128,
    ciphertexts: &[[u8; 32]],
    (low, high): (u128, u128),
) -> ArgBuilder {
    let (tag, elements) = ciphertexts
        .split_last()
        .expect("sealed data ends with its tag");
    let unused = SEALED_TAG_POSITION - elements.len();
    let args = args.x25519_pubkey(encryption_key).plaintext_u128(nonce);
    let positions = elements.iter().chain(std::iter::repeat_n(&[0; 32], unused));
    positions
        .chain([tag, &[0; 32]])
        .fold(args, |args, ciphertext| args.encrypted_u128(*ciphertext))
        .plaintext_u128(low)
        .plaintext_u128(high)
}
