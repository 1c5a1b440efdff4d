//! Two 128-bit values sealed to the MXE and bound to an owner and an account (a document's file
//! key, an attestation's body and salt), and opened from what the cluster re-encrypted.

use medshare_crypto::{sealed, Error, FieldElement, RescueCipher, SecretKey};
use share_medical_records::{
    constants::{DISCLOSED_PAIR_CIPHERTEXTS, PROGRAM_NONCES},
    state::SealedPair,
};

/// Seals `values` to the MXE under a one-time x25519 key, bound by `binding`
/// (`sealed::document_key_binding`, `sealed::attestation_binding`). The one-time secret is
/// dropped here, so no long-term key, whoever later learns it, opens what was sealed: only the
/// cluster, disclosing to a recipient's key. The nonce is random below the program's range all
/// the same.
pub fn seal_pair(
    values: [u128; 2],
    mxe_public_key: &[u8; 32],
    binding: FieldElement,
) -> Result<SealedPair, Error> {
    let sealer = SecretKey::generate();
    let cipher = RescueCipher::new(&sealer.shared_secret(mxe_public_key)?);
    let nonce = rand::random::<u128>() % PROGRAM_NONCES;
    let elements = values.map(FieldElement::from);
    let (pair, tag) = sealed::seal_elements(&cipher, nonce, binding, &elements);
    Ok(SealedPair {
        encryption_key: sealer.public_key(),
        nonce,
        ciphertexts: [pair[0], pair[1], tag],
    })
}

/// The two values a disclosure delivered to `recipient`; `None` if they do not decrypt to
/// 128-bit values, which happens under any other key.
pub fn open_delivered_pair(
    ciphertexts: &[[u8; 32]; DISCLOSED_PAIR_CIPHERTEXTS],
    nonce: u128,
    recipient: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<Option<[u128; 2]>, Error> {
    let cipher = RescueCipher::new(&recipient.shared_secret(mxe_public_key)?);
    let elements = cipher.decrypt(ciphertexts, &nonce.to_le_bytes())?;
    let value = |element: &FieldElement| {
        let bytes = element.to_bytes();
        (bytes[16..] == [0; 16]).then(|| u128::from_le_bytes(bytes[..16].try_into().unwrap()))
    };
    Ok(value(&elements[0])
        .zip(value(&elements[1]))
        .map(|(a, b)| [a, b]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_medical_records::{
        constants::{ATTESTATION_BINDING_DOMAIN, DOCUMENT_BINDING_DOMAIN},
        state::{attestation_binding, document_binding},
    };
    use solana_program::pubkey::Pubkey;

    /// The client's bindings are the program's, for both kinds of pair.
    #[test]
    fn the_program_binds_pairs_as_the_client_seals_them() {
        assert_eq!(sealed::DOCUMENT_BINDING_DOMAIN, DOCUMENT_BINDING_DOMAIN);
        assert_eq!(
            sealed::ATTESTATION_BINDING_DOMAIN,
            ATTESTATION_BINDING_DOMAIN
        );
        let (owner, account) = (Pubkey::new_unique(), Pubkey::new_unique());
        let as_bytes = |(low, high): (u128, u128)| {
            let mut bytes = [0u8; 32];
            bytes[..16].copy_from_slice(&low.to_le_bytes());
            bytes[16..].copy_from_slice(&high.to_le_bytes());
            bytes
        };
        let (o, a) = (owner.to_bytes(), account.to_bytes());
        assert_eq!(
            sealed::document_key_binding(&o, &a).to_bytes(),
            as_bytes(document_binding(&owner, &account))
        );
        assert_eq!(
            sealed::attestation_binding(&o, &a).to_bytes(),
            as_bytes(attestation_binding(&owner, &account))
        );
    }

    #[test]
    fn a_delivered_pair_opens_for_its_recipient_only() {
        let (recipient, mxe) = (SecretKey::generate(), SecretKey::generate());
        let values = [u128::MAX, 7];
        let cipher = RescueCipher::new(&mxe.shared_secret(&recipient.public_key()).unwrap());
        let delivered = cipher.encrypt(&values.map(FieldElement::from), &9u128.to_le_bytes());
        let delivered = [delivered[0], delivered[1]];
        let open = |key: &SecretKey| open_delivered_pair(&delivered, 9, key, &mxe.public_key());
        assert_eq!(open(&recipient).unwrap(), Some(values));
        assert_eq!(open(&SecretKey::generate()).unwrap(), None);
    }
}
