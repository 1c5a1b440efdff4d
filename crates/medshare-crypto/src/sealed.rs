//! A sealed record (record format 2): five field elements and a binding tag, encrypted with
//! Rescue-CTR under the secret the owner shares with the MXE, as the `disclose_record` and
//! `reseal_record` circuits read it.
//!
//! # The binding tag
//!
//! Rescue-CTR is malleable: anyone can add a known difference to a ciphertext. An encrypted
//! owner field would not bind a record to its owner, since a copier could shift it to their
//! own. The tag is a one-time polynomial MAC whose key is secret:
//!
//! t = k^8 + b k + x0 k^2 + x1 k^3 + x2 k^4 + x3 k^5 + x4 k^6 over GF(2^255 - 19), where
//! - b is the binding of owner and account ([`record_binding`]), which the program supplies to
//!   the circuit from the account it reads;
//! - x0..x4 are the record's elements (header, two condition, two medication elements);
//! - k is keystream element 6 for the record's key and nonce, one past the six ciphertexts:
//!   only holders of the owner's shared secret can compute it, and nothing is ever encrypted
//!   at that position. The program passes a zero ciphertext there, which decrypts to -k.
//!
//! A copy stored under another owner or account makes the circuit compute t with another b'.
//! Whatever known differences the copier adds to the elements and the tag, the forgery
//! succeeds only if k is a root of a non-zero polynomial of degree at most 6 (b' - b sits at
//! k^1), so with probability at most 6 / p < 2^-252 per attempt, as long as the keystream is
//! unpredictable. The k^8 term is fixed and the k^7 coefficient is zero, so that even a key
//! shifted by a difference d would show as a k^7 coefficient 8d.

use crate::{Error, FieldElement, RescueCipher};
use sha2::{Digest, Sha256};

/// The record's elements: header, conditions 0-1, medications 0-1.
pub const ELEMENTS: usize = 5;
/// The elements and the tag.
pub const CIPHERTEXTS: usize = ELEMENTS + 1;
/// The keystream position whose element is the tag's key.
pub const TAG_KEY_POSITION: usize = CIPHERTEXTS;

/// Must equal `share_medical_records::constants::RECORD_BINDING_DOMAIN`.
pub const RECORD_BINDING_DOMAIN: &[u8] = b"medshare record binding, format 2";

/// b = SHA-256(domain ++ owner ++ record address) read little-endian with its top four bits
/// cleared (252 bits, below p).
pub fn record_binding(owner: &[u8; 32], record: &[u8; 32]) -> FieldElement {
    let mut bytes: [u8; 32] = Sha256::new()
        .chain_update(RECORD_BINDING_DOMAIN)
        .chain_update(owner)
        .chain_update(record)
        .finalize()
        .into();
    bytes[31] &= 0x0f;
    FieldElement::from_bytes_mod_order(&bytes)
}

/// The tag t of `elements` under `key` and `binding` (see the module's documentation).
pub fn binding_tag(
    key: FieldElement,
    binding: FieldElement,
    elements: &[FieldElement; ELEMENTS],
) -> FieldElement {
    let mut power = key;
    let mut tag = binding * key;
    for element in elements {
        power = power * key;
        tag = tag + *element * power;
    }
    let k2 = key * key;
    let k4 = k2 * k2;
    tag + k4 * k4
}

/// Encrypts `elements` and their tag under `cipher` at `nonce`.
pub fn seal(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    elements: &[FieldElement; ELEMENTS],
) -> [[u8; 32]; CIPHERTEXTS] {
    let keystream = stream(cipher, nonce);
    let tag = binding_tag(-keystream_pad(&keystream), binding, elements);
    let mut ciphertexts = [[0; 32]; CIPHERTEXTS];
    for (i, plaintext) in elements.iter().chain([&tag]).enumerate() {
        ciphertexts[i] = (*plaintext + keystream[i]).to_bytes();
    }
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
    seal(cipher, nonce, binding, elements)[ELEMENTS]
}

/// Decrypts a sealed record and checks its tag against `binding`.
pub fn open(
    cipher: &RescueCipher,
    nonce: u128,
    binding: FieldElement,
    ciphertexts: &[[u8; 32]; CIPHERTEXTS],
) -> Result<[FieldElement; ELEMENTS], Error> {
    let keystream = stream(cipher, nonce);
    let mut plaintext = [FieldElement::ZERO; CIPHERTEXTS];
    for (i, ciphertext) in ciphertexts.iter().enumerate() {
        plaintext[i] = FieldElement::from_canonical_bytes(ciphertext)? - keystream[i];
    }
    let (elements, tag) = plaintext.split_at(ELEMENTS);
    let elements: [FieldElement; ELEMENTS] = elements.try_into().expect("five elements");
    let expected = binding_tag(-keystream_pad(&keystream), binding, &elements);
    if expected != tag[0] {
        return Err(Error::NotBound);
    }
    Ok(elements)
}

/// Keystream elements 0..=TAG_KEY_POSITION.
fn stream(cipher: &RescueCipher, nonce: u128) -> Vec<FieldElement> {
    cipher
        .keystream(&nonce.to_le_bytes(), TAG_KEY_POSITION + 1)
        .collect()
}

/// What the zero pad decrypts to in the circuit: 0 - keystream[TAG_KEY_POSITION].
fn keystream_pad(keystream: &[FieldElement]) -> FieldElement {
    -keystream[TAG_KEY_POSITION]
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
    fn the_binding_is_below_p_and_depends_on_both_addresses() {
        let b = record_binding(&[0xff; 32], &[0xff; 32]);
        assert_eq!(b.to_bytes()[31] & 0xf0, 0);
        assert_ne!(b, record_binding(&[0xff; 32], &[0xfe; 32]));
        assert_ne!(b, record_binding(&[0xfe; 32], &[0xff; 32]));
    }
}
