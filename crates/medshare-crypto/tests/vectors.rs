//! Byte-for-byte agreement with `@arcium-hq/client` 0.14.1, using the vectors that
//! `vectors/generate.mjs` produced with it.

use medshare_crypto::pack::{self, Scalar, ScalarType};
use medshare_crypto::rescue::{derive_key, rescue_prime_hash};
use medshare_crypto::{FieldElement, RescueCipher, SecretKey};
use serde_json::Value;

fn vectors() -> Value {
    let text = include_str!("../vectors/arcium-client-0.14.1.json");
    serde_json::from_str(text).expect("vectors are valid JSON")
}

fn cases<'a>(v: &'a Value, section: &str) -> &'a [Value] {
    let cases = v[section].as_array().expect("section is an array");
    assert!(!cases.is_empty(), "no {section} vectors");
    cases
}

fn bytes<const N: usize>(v: &Value) -> [u8; N] {
    let s = v.as_str().expect("hex string");
    assert_eq!(s.len(), 2 * N, "{s}");
    std::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
}

fn element(v: &Value) -> FieldElement {
    FieldElement::from_canonical_bytes(&bytes(v)).expect("canonical")
}

fn elements(v: &Value) -> Vec<FieldElement> {
    v.as_array().expect("array").iter().map(element).collect()
}

#[test]
fn x25519() {
    let v = vectors();
    for case in cases(&v, "x25519") {
        let a = SecretKey::from_bytes(bytes(&case["secret_a"]));
        let b = SecretKey::from_bytes(bytes(&case["secret_b"]));
        assert_eq!(a.public_key(), bytes(&case["public_a"]));
        assert_eq!(b.public_key(), bytes(&case["public_b"]));
        let shared: [u8; 32] = bytes(&case["shared_secret"]);
        assert_eq!(a.shared_secret(&b.public_key()), Ok(shared));
        assert_eq!(b.shared_secret(&a.public_key()), Ok(shared));
    }
}

#[test]
fn rescue_prime_hash_digests() {
    let v = vectors();
    for case in cases(&v, "rescue_prime_hash") {
        let digest = rescue_prime_hash(&elements(&case["message"]));
        assert_eq!(digest.to_vec(), elements(&case["digest"]));
    }
}

#[test]
fn cipher() {
    let v = vectors();
    let mut lengths = std::collections::BTreeSet::new();
    for case in cases(&v, "cipher") {
        let secret: [u8; 32] = bytes(&case["shared_secret"]);
        assert_eq!(derive_key(&secret).to_vec(), elements(&case["key"]));

        let cipher = RescueCipher::new(&secret);
        let nonce: [u8; 16] = bytes(&case["nonce"]);
        let plaintext = elements(&case["plaintext"]);
        let expected: Vec<[u8; 32]> = case["ciphertext"]
            .as_array()
            .unwrap()
            .iter()
            .map(bytes)
            .collect();
        assert_eq!(cipher.encrypt(&plaintext, &nonce), expected);
        assert_eq!(cipher.decrypt(&expected, &nonce), Ok(plaintext.clone()));
        lengths.insert(plaintext.len());
    }
    assert!(lengths.contains(&0) && lengths.len() > 3);
}

fn scalar(field: &Value) -> Scalar {
    let ty = field["type"].as_str().unwrap();
    let value = &field["value"];
    let text = value.as_str().unwrap_or_default();
    match ty {
        "bool" => Scalar::Bool(value.as_bool().unwrap()),
        "full" => Scalar::Full(FieldElement::from_canonical_bytes(&decimal_to_le(text)).unwrap()),
        _ => {
            let bits: u32 = ty[1..].parse().unwrap();
            if ty.starts_with('i') {
                Scalar::Signed {
                    bits,
                    value: text.parse().unwrap(),
                }
            } else {
                Scalar::Unsigned {
                    bits,
                    value: text.parse().unwrap(),
                }
            }
        }
    }
}

/// Full values are written in decimal, possibly above 2^128.
fn decimal_to_le(text: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for digit in text.bytes() {
        let mut carry = u32::from(digit - b'0');
        for byte in out.iter_mut() {
            let x = u32::from(*byte) * 10 + carry;
            *byte = x as u8;
            carry = x >> 8;
        }
    }
    out
}

#[test]
fn packing() {
    let v = vectors();
    for case in cases(&v, "pack") {
        let scalars: Vec<Scalar> = case["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(scalar)
            .collect();
        let expected = elements(&case["packed"]);
        assert_eq!(pack::pack(&scalars), Ok(expected.clone()), "{case}");
        let types: Vec<ScalarType> = scalars.iter().map(Scalar::scalar_type).collect();
        assert_eq!(pack::unpack(&types, &expected), Ok(scalars));
    }
}

/// Record format 2 as the TypeScript client seals it with `@arcium-hq/client`'s cipher
/// (`tests/ts/vectors.ts` wrote the file): the binding, the six ciphertexts, and the tag a key
/// rotation adds.
#[test]
fn sealed_records() {
    use medshare_crypto::sealed;
    let text = include_str!("../vectors/sealed-format-2.json");
    let v: Value = serde_json::from_str(text).expect("vectors are valid JSON");
    let cases = v.as_array().expect("an array of cases");
    assert!(!cases.is_empty());
    for case in cases {
        let mxe: [u8; 32] = bytes(&case["mxe_public_key"]);
        let patient = SecretKey::from_bytes(bytes(&case["patient_secret"]));
        let cipher = RescueCipher::new(&patient.shared_secret(&mxe).unwrap());
        let binding = sealed::record_binding(&bytes(&case["owner"]), &bytes(&case["record"]));
        assert_eq!(binding, element(&case["binding"]));
        let nonce: u128 = case["nonce"].as_str().unwrap().parse().unwrap();
        let plaintext: [FieldElement; 5] = elements(&case["elements"]).try_into().unwrap();
        let ciphertexts: Vec<[u8; 32]> = (case["ciphertexts"].as_array().unwrap().iter())
            .map(bytes)
            .collect();
        let sealed = sealed::seal(&cipher, nonce, binding, &plaintext);
        assert_eq!(sealed.to_vec(), ciphertexts);
        assert_eq!(
            sealed::open(&cipher, nonce, binding, &sealed),
            Ok(plaintext)
        );

        let rotation = &case["rotation"];
        let new_key = SecretKey::from_bytes(bytes(&rotation["new_secret"]));
        let new_cipher = RescueCipher::new(&new_key.shared_secret(&mxe).unwrap());
        let offset: u64 = rotation["computation_offset"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let output_nonce = (1u128 << 127) + u128::from(offset) + 1;
        assert_eq!(
            sealed::sealed_tag(&new_cipher, output_nonce, binding, &plaintext),
            bytes::<32>(&rotation["tag"])
        );
    }
}

/// Documents (format 1) as the TypeScript client encrypts them (`tests/ts/vectors.ts` wrote the
/// file): each decrypts under its key, document and version to the content it was made from,
/// the commitment is the one published for it, and nothing opens under another version.
#[test]
fn typescript_documents() {
    use base64::Engine;
    use medshare_crypto::document::{self, DocumentBinding, DocumentKey};
    use sha2::{Digest, Sha256};
    let text = include_str!("../vectors/document-format-1.json");
    let v: Value = serde_json::from_str(text).expect("vectors are valid JSON");
    let cases = v.as_array().expect("an array of cases");
    assert!(!cases.is_empty());
    for case in cases {
        let key = DocumentKey::from_bytes(bytes(&case["key"]));
        let version = case["version"].as_u64().unwrap();
        let binding = DocumentBinding {
            document: bytes(&case["document"]),
            version,
        };
        let blob = base64::engine::general_purpose::STANDARD
            .decode(case["blob_base64"].as_str().unwrap())
            .unwrap();
        let content_len = case["content_len"].as_u64().unwrap();
        assert_eq!(
            document::ciphertext_len(content_len),
            Some(blob.len() as u64)
        );
        assert_eq!(
            document::key_commitment(&key, &binding),
            bytes::<32>(&case["key_commitment"])
        );
        let mut content = Vec::new();
        let opened = document::decrypt(&key, &binding, &blob[..], &mut content);
        assert_eq!(opened.unwrap(), content_len);
        assert_eq!(
            Sha256::digest(&content).to_vec(),
            bytes::<32>(&case["content_sha256"]).to_vec()
        );
        let other = DocumentBinding {
            version: version + 1,
            ..binding
        };
        assert!(document::decrypt(&key, &other, &blob[..], &mut Vec::new()).is_err());
    }
}
