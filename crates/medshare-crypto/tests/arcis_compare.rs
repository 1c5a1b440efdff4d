//! Agreement with the Rust reference inside Arcis (arcis-compiler 0.16.0, what an MXE node
//! runs) on seeded random inputs: the MXE side of the key exchange, key derivation, the cipher
//! and the packing layout.

use arcis_compiler::traits::FromLeBytes;
use arcis_compiler::utils::crypto::key::{RescueKey, X25519PrivateKey, X25519PublicKey};
use arcis_compiler::utils::crypto::rescue_cipher::RescueCipher as ArcisCipher;
use arcis_compiler::utils::crypto::rescue_prime_hash::RescuePrimeHash;
use arcis_compiler::utils::curve_point::Curve25519Point;
use arcis_compiler::utils::field::{BaseField, ScalarField};
use arcis_compiler::utils::packing::DataSize;
use medshare_crypto::pack::{layout, ScalarType};
use medshare_crypto::rescue::rescue_prime_hash;
use medshare_crypto::{FieldElement, RescueCipher, SecretKey};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const CASES: usize = 300;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn random_element(rng: &mut StdRng) -> FieldElement {
    loop {
        let mut bytes: [u8; 32] = rng.gen();
        bytes[31] &= 0x7f;
        if let Ok(x) = FieldElement::from_canonical_bytes(&bytes) {
            return x;
        }
    }
}

fn random_elements(rng: &mut StdRng, max_len: usize) -> Vec<FieldElement> {
    let len = rng.gen_range(0..=max_len);
    (0..len).map(|_| random_element(rng)).collect()
}

fn to_arcis(x: &FieldElement) -> BaseField {
    BaseField::from_le_bytes_checked(x.to_bytes()).expect("canonical")
}

fn nonce_to_arcis(nonce: &[u8; 16]) -> BaseField {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(nonce);
    BaseField::from_le_bytes_checked(bytes).expect("< 2^128")
}

/// Encrypts with Arcis, checks our ciphertexts against its, and decrypts them back.
fn check_cipher(ours: &RescueCipher, arcis: &ArcisCipher<BaseField, BaseField>, rng: &mut StdRng) {
    let plaintext = random_elements(rng, 12);
    let nonce: [u8; 16] = rng.gen();
    let expected: Vec<[u8; 32]> = arcis
        .encrypt(
            plaintext.iter().map(to_arcis).collect(),
            nonce_to_arcis(&nonce),
        )
        .iter()
        .map(BaseField::to_le_bytes)
        .collect();
    assert_eq!(ours.encrypt(&plaintext, &nonce), expected);
    assert_eq!(ours.decrypt(&expected, &nonce), Ok(plaintext));
}

/// The whole client-to-MXE path: the MXE derives its cipher from its x25519 secret and our
/// public key; we derive ours from our secret and its public key.
#[test]
fn key_exchange_and_cipher() {
    let mut rng = rng(1);
    for _ in 0..CASES {
        let client = SecretKey::from_bytes(rng.gen());
        let mxe_bytes: [u8; 32] = rng.gen();
        let mxe = SecretKey::from_bytes(mxe_bytes);

        let arcis_mxe = X25519PrivateKey::<ScalarField>::from_le_bytes(mxe_bytes);
        let arcis_mxe_public = X25519PublicKey::<Curve25519Point>::new_from_private_key(arcis_mxe);
        assert_eq!(arcis_mxe_public.to_le_bytes(), mxe.public_key());
        let client_public = X25519PublicKey::from_le_bytes(client.public_key()).expect("valid key");
        let arcis = ArcisCipher::<BaseField, BaseField>::new_with_client_from_keys(
            arcis_mxe,
            client_public,
        );

        let ours = RescueCipher::new(&client.shared_secret(&mxe.public_key()).unwrap());
        check_cipher(&ours, &arcis, &mut rng);
    }
}

/// Raw Rescue keys, as an MXE uses for data only it can read.
#[test]
fn cipher_from_raw_key() {
    let mut rng = rng(2);
    for _ in 0..CASES {
        let key: [FieldElement; 5] = std::array::from_fn(|_| random_element(&mut rng));
        let arcis = ArcisCipher::<BaseField, BaseField>::new(RescueKey::new_from_inner(
            key.each_ref().map(to_arcis),
        ));
        check_cipher(&RescueCipher::from_key(&key), &arcis, &mut rng);
    }
}

#[test]
fn rescue_prime_hash_matches() {
    let mut rng = rng(3);
    let arcis = RescuePrimeHash::<BaseField, BaseField>::new();
    for _ in 0..CASES {
        let message = random_elements(&mut rng, 20);
        let expected = arcis.digest(message.iter().map(to_arcis).collect());
        assert_eq!(
            rescue_prime_hash(&message).each_ref().map(to_arcis),
            expected
        );
    }
}

#[test]
fn packing_layout_matches() {
    let mut rng = rng(4);
    for _ in 0..CASES {
        let len = rng.gen_range(0..=64);
        let mut types = Vec::with_capacity(len);
        let mut sizes = Vec::with_capacity(len);
        for _ in 0..len {
            let (ty, size) = match rng.gen_range(0..12) {
                0 => (ScalarType::Full, DataSize::Full),
                1..=3 => (ScalarType::Bool, DataSize::PowerOfTwo(0)),
                k => {
                    let pow = rng.gen_range(3..=7u8);
                    let bits = 1 << pow;
                    let ty = if k % 2 == 0 {
                        ScalarType::Unsigned(bits)
                    } else {
                        ScalarType::Signed(bits)
                    };
                    (ty, DataSize::PowerOfTwo(pow))
                }
            };
            types.push(ty);
            sizes.push(size);
        }
        let ours = layout(&types).unwrap();
        let (locations, containers) = DataSize::pack_arcis(sizes);
        assert_eq!(ours.elements, containers.len(), "{types:?}");
        for (slot, location) in ours.slots.iter().zip(&locations) {
            assert_eq!(slot.element, location.index, "{types:?}");
            assert_eq!(slot.bit_offset, u32::from(location.bit_offset), "{types:?}");
        }
    }
}
