//! A document's file key on chain: sealed to the MXE, bound to its patient and document, and
//! opened from what the cluster re-encrypted for a recipient.

use super::DocumentError;
use crate::sealed_pair::{open_delivered_pair, seal_pair};
use medshare_crypto::{document::DocumentKey, sealed, SecretKey};
use share_medical_records::{constants::DISCLOSED_PAIR_CIPHERTEXTS, state::SealedPair};
use solana_program::pubkey::Pubkey;

/// Seals `key` to the MXE under a one-time key ([`seal_pair`]), bound to `patient` and the
/// document's `address`.
pub fn seal_file_key(
    key: &DocumentKey,
    mxe_public_key: &[u8; 32],
    patient: &Pubkey,
    address: &Pubkey,
) -> Result<SealedPair, DocumentError> {
    let binding = sealed::document_key_binding(&patient.to_bytes(), &address.to_bytes());
    Ok(seal_pair(halves_of(key), mxe_public_key, binding)?)
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
    fn a_sealed_key_opens_for_the_mxe_under_its_binding_and_for_no_long_term_key() {
        let (uploader, mxe) = (SecretKey::generate(), SecretKey::generate());
        let (patient, address) = (Pubkey::new_unique(), Pubkey::new_unique());
        let key = DocumentKey::generate();
        let sealed_key =
            seal_file_key(&key, &mxe.public_key(), &patient, &address).expect("sealed");
        let open = |cipher: &RescueCipher, patient: &Pubkey, address: &Pubkey| {
            let binding = sealed::document_key_binding(&patient.to_bytes(), &address.to_bytes());
            let [low, high, tag] = sealed_key.ciphertexts;
            sealed::open_elements(cipher, sealed_key.nonce, binding, &[low, high], &tag)
        };
        let halves = halves_of(&key).map(FieldElement::from);
        let cluster = RescueCipher::new(&mxe.shared_secret(&sealed_key.encryption_key).unwrap());
        assert_eq!(open(&cluster, &patient, &address), Ok(halves));
        assert!(open(&cluster, &patient, &Pubkey::new_unique()).is_err());
        assert!(open(&cluster, &Pubkey::new_unique(), &address).is_err());
        // Sealed under a one-time key: the uploader's long-term key is not it, and opens nothing.
        assert_ne!(sealed_key.encryption_key, uploader.public_key());
        let long_term = RescueCipher::new(&uploader.shared_secret(&mxe.public_key()).unwrap());
        assert!(open(&long_term, &patient, &address).is_err());
        // Nor does one document's sealing key open another's.
        let again = seal_file_key(&key, &mxe.public_key(), &patient, &address).unwrap();
        assert_ne!(again.encryption_key, sealed_key.encryption_key);
    }
}
