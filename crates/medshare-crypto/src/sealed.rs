//! Sealed data: field elements and a binding tag, encrypted with Rescue-CTR under the secret
//! the owner shares with the MXE, as the circuits read them. A record (format 2) is five
//! elements; a document's file key and an attestation's body are two 128-bit values.
//!
//! # The binding tag
//!
//! Rescue-CTR is malleable: anyone can add a known difference to a ciphertext. An encrypted
//! owner field would not bind sealed data to its owner, since a copier could shift it to their
//! own. The tag is a one-time polynomial MAC whose key is secret: for n elements,
//!
//! t = k^(n+3) + b k + x0 k^2 + ... + x(n-1) k^(n+1) over GF(2^255 - 19), where
//! - b is the binding of owner and account ([`record_binding`], [`document_key_binding`],
//!   [`attestation_binding`]),
//!   which the program supplies to the circuit from the account it reads;
//! - x0.. are the elements (for a record: header, two condition, two medication elements);
//! - k is keystream element [`TAG_KEY_POSITION`]: only holders of the owner's shared secret
//!   can compute it. The program passes a zero ciphertext there, which decrypts to -k.
//!
//! # Positions
//!
//! Every format puts its n <= 5 elements at keystream positions 0..n, its tag at
//! [`TAG_POSITION`] (5) and takes k from position 6, whatever n is; a pair leaves 2..5 unused.
//! Nothing is ever encrypted at position 6: sealed elements and tags sit below it, and no
//! circuit outputs more than five ciphertexts to a recipient's key. So no ciphertext on the
//! ledger, under any key and nonce, hands anyone a tag key. (With the key one past the tag, a
//! pair's key was the position of a record's first medication element: a record without
//! medications published it, and a record's key and nonce copied into a document made the
//! cluster test guesses about the record.)
//!
//! A copy stored under another owner or account makes the circuit compute t with another b'.
//! Whatever known differences the copier adds to the elements and the tag, the forgery
//! succeeds only if k is a root of a non-zero polynomial of degree at most n+1 (b' - b sits at
//! k^1), so with probability at most (n+1) / p < 2^-251 per attempt, as long as the keystream
//! is unpredictable. The k^(n+3) term is fixed and the k^(n+2) coefficient is zero, so that even
//! a key shifted by a difference d would show as a k^(n+2) coefficient (n+3)d.

use crate::{Error, FieldElement, RescueCipher};
use sha2::{Digest, Sha256};

/// The record's elements: header, conditions 0-1, medications 0-1.
pub const ELEMENTS: usize = 5;
/// The elements and the tag.
pub const CIPHERTEXTS: usize = ELEMENTS + 1;
/// The keystream position of every format's tag.
pub const TAG_POSITION: usize = 5;
/// The keystream position of every format's tag key, where nothing is ever encrypted.
pub const TAG_KEY_POSITION: usize = TAG_POSITION + 1;

/// Must equal `share_medical_records::constants::RECORD_BINDING_DOMAIN`.
pub const RECORD_BINDING_DOMAIN: &[u8] = b"medshare record binding, format 2";
/// Must equal `share_medical_records::constants::DOCUMENT_BINDING_DOMAIN`.
pub const DOCUMENT_BINDING_DOMAIN: &[u8] = b"medshare document key binding, format 1";
/// Must equal `share_medical_records::constants::ATTESTATION_BINDING_DOMAIN`.
pub const ATTESTATION_BINDING_DOMAIN: &[u8] = b"medshare attestation binding, format 1";

/// b = SHA-256(domain ++ owner ++ record address) read little-endian with its top four bits
/// cleared (252 bits, below p).
pub fn record_binding(owner: &[u8; 32], record: &[u8; 32]) -> FieldElement {
    binding(RECORD_BINDING_DOMAIN, owner, record)
}

/// b of a document's file key: its patient and the document's address, under its own domain.
pub fn document_key_binding(patient: &[u8; 32], document: &[u8; 32]) -> FieldElement {
    binding(DOCUMENT_BINDING_DOMAIN, patient, document)
}

/// b of an attestation's body: the patient it is about and the attestation's address.
pub fn attestation_binding(recipient: &[u8; 32], attestation: &[u8; 32]) -> FieldElement {
    binding(ATTESTATION_BINDING_DOMAIN, recipient, attestation)
}

fn binding(domain: &[u8], owner: &[u8; 32], account: &[u8; 32]) -> FieldElement {
    let mut bytes: [u8; 32] = Sha256::new()
        .chain_update(domain)
        .chain_update(owner)
        .chain_update(account)
        .finalize()
        .into();
    bytes[31] &= 0x0f;
    FieldElement::from_bytes_mod_order(&bytes)
}

/// The tag t of `elements` under `key` and `binding` (see the module's documentation).
pub fn binding_tag<const N: usize>(
    key: FieldElement,
    binding: FieldElement,
    elements: &[FieldElement; N],
) -> FieldElement {
    let mut power = key;
    let mut tag = binding * key;
    for element in elements {
        power = power * key;
        tag = tag + *element * power;
    }
    tag + power * key * key
}

/// Encrypts `elements` under `cipher` at `nonce`: their ciphertexts, then the tag's.
pub fn seal_elements<const N: usize>(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    elements: &[FieldElement; N],
) -> ([[u8; 32]; N], [u8; 32]) {
    let keystream = stream::<N>(cipher, nonce);
    let tag = binding_tag(keystream[TAG_KEY_POSITION], binding, elements);
    let sealed = std::array::from_fn(|i| (elements[i] + keystream[i]).to_bytes());
    (sealed, (tag + keystream[TAG_POSITION]).to_bytes())
}

/// Decrypts sealed elements and checks their tag against `binding`.
pub fn open_elements<const N: usize>(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    sealed: &[[u8; 32]; N],
    tag: &[u8; 32],
) -> Result<[FieldElement; N], Error> {
    let keystream = stream::<N>(cipher, nonce);
    let mut elements = [FieldElement::ZERO; N];
    for (i, ciphertext) in sealed.iter().enumerate() {
        elements[i] = FieldElement::from_canonical_bytes(ciphertext)? - keystream[i];
    }
    let tag = FieldElement::from_canonical_bytes(tag)? - keystream[TAG_POSITION];
    if binding_tag(keystream[TAG_KEY_POSITION], binding, &elements) != tag {
        return Err(Error::NotBound);
    }
    Ok(elements)
}

/// Encrypts a record's `elements` and their tag under `cipher` at `nonce`.
pub fn seal(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    elements: &[FieldElement; ELEMENTS],
) -> [[u8; 32]; CIPHERTEXTS] {
    let (sealed, tag) = seal_elements(cipher, nonce, binding, elements);
    let mut ciphertexts = [tag; CIPHERTEXTS];
    ciphertexts[..ELEMENTS].copy_from_slice(&sealed);
    ciphertexts
}

/// The tag's ciphertext alone: what a patient adds to the elements the cluster re-encrypts for
/// its new key in a key rotation.
pub fn sealed_tag(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    elements: &[FieldElement; ELEMENTS],
) -> [u8; 32] {
    seal_elements(cipher, nonce, binding, elements).1
}

/// Decrypts a sealed record and checks its tag against `binding`.
pub fn open(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    ciphertexts: &[[u8; 32]; CIPHERTEXTS],
) -> Result<[FieldElement; ELEMENTS], Error> {
    let (sealed, tag) = ciphertexts.split_at(ELEMENTS);
    let sealed: &[[u8; 32]; ELEMENTS] = sealed.try_into().expect("five elements");
    open_elements(cipher, nonce, binding, sealed, &tag[0])
}

/// Keystream elements 0..=6: the elements', the unused, the tag's and the tag key's.
fn stream<const N: usize>(cipher: &RescueCipher, nonce: u128) -> Vec<FieldElement> {
    const { assert!(N <= TAG_POSITION, "elements must sit below the tag") };
    cipher
        .keystream(&nonce.to_le_bytes(), TAG_KEY_POSITION + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(seed: u8) -> RescueCipher {
        RescueCipher::new(&[seed; 32])
    }

    fn elements(seed: u64) -> [FieldElement; ELEMENTS] {
        std::array::from_fn(|i| FieldElement::from(seed * 1_000 + i as u64))
    }

    #[test]
    fn a_sealed_record_opens_under_its_binding_only() {
        let binding = record_binding(&[1; 32], &[2; 32]);
        let sealed = seal(&cipher(7), 42, binding, &elements(3));
        assert_eq!(open(&cipher(7), 42, binding, &sealed), Ok(elements(3)));

        let elsewhere = record_binding(&[1; 32], &[3; 32]);
        let someone_else = record_binding(&[9; 32], &[2; 32]);
        for other in [elsewhere, someone_else] {
            assert_eq!(open(&cipher(7), 42, other, &sealed), Err(Error::NotBound));
        }
    }

    /// Random tamperings of random records: a random difference added to one or more
    /// ciphertexts, two ciphertexts swapped, or ciphertexts spliced from another sealing.
    #[test]
    fn random_tamperings_are_refused() {
        use rand::{seq::SliceRandom, Rng};
        let mut rng = rand::thread_rng();
        let cipher = cipher(3);
        for round in 0..500 {
            let binding = FieldElement::from(rng.gen::<u128>());
            let elements: [FieldElement; ELEMENTS] =
                std::array::from_fn(|_| FieldElement::from(rng.gen::<u128>()));
            let nonce = rng.gen::<u128>() >> 1;
            let mut sealed = seal(&cipher, nonce, binding, &elements);
            let mut positions: Vec<usize> = (0..CIPHERTEXTS).collect();
            positions.shuffle(&mut rng);
            match round % 3 {
                0 => {
                    for &i in &positions[..rng.gen_range(1..=CIPHERTEXTS)] {
                        let difference = FieldElement::from(rng.gen_range(1..=u128::MAX));
                        let c = FieldElement::from_canonical_bytes(&sealed[i]).unwrap();
                        sealed[i] = (c + difference).to_bytes();
                    }
                }
                1 => {
                    let (i, j) = (positions[0], positions[1]);
                    if sealed[i] == sealed[j] {
                        continue;
                    }
                    sealed.swap(i, j);
                }
                _ => {
                    let other = seal(&cipher, nonce + 1, binding, &elements);
                    for &i in &positions[..rng.gen_range(1..=CIPHERTEXTS)] {
                        sealed[i] = other[i];
                    }
                }
            }
            assert_eq!(
                open(&cipher, nonce, binding, &sealed),
                Err(Error::NotBound),
                "round {round}"
            );
        }
    }

    #[test]
    fn the_tag_is_the_documented_polynomial() {
        let (k, b) = (FieldElement::from(3u64), FieldElement::from(5u64));
        let x = elements(1);
        let power = |n: u32| (0..n).fold(FieldElement::ONE, |acc, _| acc * k);
        let mut expected = power(8) + b * k;
        for (i, xi) in x.iter().enumerate() {
            expected = expected + *xi * power(i as u32 + 2);
        }
        assert_eq!(binding_tag(k, b, &x), expected);
    }

    #[test]
    fn a_sealed_file_key_opens_under_its_binding_only_and_not_as_a_record() {
        let binding = document_key_binding(&[1; 32], &[2; 32]);
        let halves = [FieldElement::from(7u64), FieldElement::from(u128::MAX)];
        let (sealed, tag) = seal_elements(&cipher(4), 9, binding, &halves);
        assert_eq!(
            open_elements(&cipher(4), 9, binding, &sealed, &tag),
            Ok(halves)
        );
        for other in [
            document_key_binding(&[1; 32], &[3; 32]),
            record_binding(&[1; 32], &[2; 32]),
        ] {
            let opened = open_elements(&cipher(4), 9, other, &sealed, &tag);
            assert_eq!(opened, Err(Error::NotBound));
        }
    }

    #[test]
    fn the_binding_is_below_p_and_depends_on_both_addresses() {
        let b = record_binding(&[0xff; 32], &[0xff; 32]);
        assert_eq!(b.to_bytes()[31] & 0xf0, 0);
        assert_ne!(b, record_binding(&[0xff; 32], &[0xfe; 32]));
        assert_ne!(b, record_binding(&[0xfe; 32], &[0xff; 32]));
    }
}
