//! A document's file key on chain: sealed to the MXE, bound to its patient and document, and
//! opened from what the cluster re-encrypted for a recipient.

use super::DocumentError;
use crate::sealed_pair::{open_delivered_pair, seal_pair};
use medshare_crypto::{document::DocumentKey, sealed, SecretKey};
use share_medical_records::{constants::DISCLOSED_PAIR_CIPHERTEXTS, state::SealedPair};
use solana_program::pubkey::Pubkey;

/// Seals `key` under the secret `uploader` shares with the MXE, bound to `patient` and the
/// document's `address`.
pub fn seal_file_key(
    key: &DocumentKey,
    uploader: &SecretKey,
    mxe_public_key: &[u8; 32],
    patient: &Pubkey,
    address: &Pubkey,
) -> Result<SealedPair, DocumentError> {
    let binding = sealed::document_key_binding(&patient.to_bytes(), &address.to_bytes());
    Ok(seal_pair(
        halves_of(key),
        uploader,
        mxe_public_key,
        binding,
    )?)
}

/// The file key a disclosure delivered to `recipient`. The caller checks it against the
/// document's key commitment: a key that decrypts to anything else is not the document's.
pub fn open_delivered_key(
    ciphertexts: &[[u8; 32]; DISCLOSED_PAIR_CIPHERTEXTS],
    nonce: u128,
    recipient: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<DocumentKey, DocumentError> {
    let [low, high] = open_delivered_pair(ciphertexts, nonce, recipient, mxe_public_key)?
        .ok_or(DocumentError::WrongKey)?;
    let mut key = [0; 32];
    key[..16].copy_from_slice(&low.to_le_bytes());
    key[16..].copy_from_slice(&high.to_le_bytes());
    Ok(DocumentKey::from_bytes(key))
}

/// The key as two 128-bit values: its first and last 16 bytes, little-endian.
fn halves_of(key: &DocumentKey) -> [u128; 2] {
    let bytes = key.as_bytes();
    std::array::from_fn(|i| u128::from_le_bytes(bytes[16 * i..16 * (i + 1)].try_into().unwrap()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use medshare_crypto::{FieldElement, RescueCipher};

    #[test]
    fn a_sealed_key_opens_with_the_uploaders_secret_under_its_binding_only() {
        let (uploader, mxe) = (SecretKey::generate(), SecretKey::generate());
        let (patient, address) = (Pubkey::new_unique(), Pubkey::new_unique());
        let key = DocumentKey::generate();
        let sealed_key =
            seal_file_key(&key, &uploader, &mxe.public_key(), &patient, &address).expect("sealed");
        let cipher = RescueCipher::new(&uploader.shared_secret(&mxe.public_key()).unwrap());
        let open = |patient: &Pubkey, address: &Pubkey| {
            let binding = sealed::document_key_binding(&patient.to_bytes(), &address.to_bytes());
            let [low, high, tag] = sealed_key.ciphertexts;
            sealed::open_elements(&cipher, sealed_key.nonce, binding, &[low, high], &tag)
        };
        let halves = halves_of(&key).map(FieldElement::from);
        assert_eq!(open(&patient, &address), Ok(halves));
        assert!(open(&patient, &Pubkey::new_unique()).is_err());
        assert!(open(&Pubkey::new_unique(), &address).is_err());
    }
}
