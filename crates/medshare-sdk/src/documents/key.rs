//! A document's file key on chain: sealed to the MXE, bound to its patient and document
//! (`medshare_crypto::sealed`), and opened from what the cluster re-encrypted for a recipient.

use super::DocumentError;
use medshare_crypto::{document::DocumentKey, sealed, FieldElement, RescueCipher, SecretKey};
use share_medical_records::{
    constants::{DISCLOSED_KEY_CIPHERTEXTS, PROGRAM_NONCES},
    state::SealedKey,
};
use solana_program::pubkey::Pubkey;

/// Seals `key` under the secret `uploader` shares with the MXE, bound to `patient` and the
/// document's `address`. A fresh random nonce below the program's range: an uploader's key
/// seals many documents, and a Rescue-CTR nonce must never repeat under one key.
pub fn seal_file_key(
    key: &DocumentKey,
    uploader: &SecretKey,
    mxe_public_key: &[u8; 32],
    patient: &Pubkey,
    address: &Pubkey,
) -> Result<SealedKey, DocumentError> {
    let cipher = RescueCipher::new(&uploader.shared_secret(mxe_public_key)?);
    let nonce = rand::random::<u128>() % PROGRAM_NONCES;
    let binding = sealed::document_key_binding(&patient.to_bytes(), &address.to_bytes());
    let (halves, tag) = sealed::seal_elements(&cipher, nonce, binding, &halves_of(key));
    Ok(SealedKey {
        encryption_key: uploader.public_key(),
        nonce,
        ciphertexts: [halves[0], halves[1], tag],
    })
}

/// The file key a disclosure delivered to `recipient`. The caller checks it against the
/// document's key commitment: a key that decrypts to anything else is not the document's.
pub fn open_delivered_key(
    ciphertexts: &[[u8; 32]; DISCLOSED_KEY_CIPHERTEXTS],
    nonce: u128,
    recipient: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<DocumentKey, DocumentError> {
    let cipher = RescueCipher::new(&recipient.shared_secret(mxe_public_key)?);
    let halves = cipher.decrypt(ciphertexts, &nonce.to_le_bytes())?;
    let mut key = [0; 32];
    for (half, element) in key.chunks_mut(16).zip(halves) {
        let bytes = element.to_bytes();
        if bytes[16..] != [0; 16] {
            return Err(DocumentError::WrongKey);
        }
        half.copy_from_slice(&bytes[..16]);
    }
    Ok(DocumentKey::from_bytes(key))
}

/// The key as two field elements: its first and last 16 bytes, little-endian.
fn halves_of(key: &DocumentKey) -> [FieldElement; 2] {
    let bytes = key.as_bytes();
    std::array::from_fn(|i| {
        let half: [u8; 16] = bytes[16 * i..16 * (i + 1)].try_into().expect("16 bytes");
        FieldElement::from(u128::from_le_bytes(half))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(open(&patient, &address), Ok(halves_of(&key)));
        assert!(open(&patient, &Pubkey::new_unique()).is_err());
        assert!(open(&Pubkey::new_unique(), &address).is_err());
    }

    #[test]
    fn a_delivered_key_opens_for_its_recipient() {
        let (recipient, mxe) = (SecretKey::generate(), SecretKey::generate());
        let key = DocumentKey::generate();
        let cipher = RescueCipher::new(&mxe.shared_secret(&recipient.public_key()).unwrap());
        let delivered = cipher.encrypt(&halves_of(&key), &7u128.to_le_bytes());
        let delivered = [delivered[0], delivered[1]];
        let opened = open_delivered_key(&delivered, 7, &recipient, &mxe.public_key()).unwrap();
        assert_eq!(opened.as_bytes(), key.as_bytes());
    }
}
