//! Evaluates a compiled circuit on a computation's arguments, in the clear, with the shared
//! Rescue keys derived from this cluster's own MXE secret and the MXE's own Rescue key.
//!
//! The circuit does all the cryptographic work (decrypting the client's ciphertexts and
//! re-encrypting for the recipient); this module only feeds it its inputs in the order its
//! metadata prescribes and turns its outputs into the bytes a callback carries. No multi-party
//! engine is published, so a single process evaluates what the cluster's nodes evaluate jointly.

use crate::{arguments::ArgumentValue, keys::ClusterKeys};
use arcis_compiler::core::{
    expressions::other_expr::SharedRescueKeyData,
    mxe_input::{MxeFieldInput, MxeInput},
};
use arcis_compiler::{
    traits::FromLeBytes,
    utils::{
        crypto::key::{RescueKey, X25519PrivateKey, X25519PublicKey},
        curve_point::Curve25519Point,
        field::{BaseField, ScalarField},
    },
    ArcisInput, ArcisInstruction,
};
use arcium_client::idl::arcium::types::Output;
use num_bigint::BigUint;
use primitives::utils::InPlaceCodec;

/// Why a computation cannot produce an output; reported to the program as an abort.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EvaluationError {
    #[error("input {0} is not a valid x25519 public key")]
    InvalidPublicKey(usize),
    #[error("input {0} is not a canonical field element")]
    NonCanonicalCiphertext(usize),
    #[error("the circuit needs {0}, which the local executor does not provide")]
    Unsupported(&'static str),
    #[error("the circuit produced {produced} values for {declared} declared outputs")]
    OutputMismatch { produced: usize, declared: usize },
}

/// Runs `circuit` and returns its outputs serialized as Arcium serializes callback outputs.
pub fn evaluate(
    circuit: &ArcisInstruction,
    arguments: &[ArgumentValue],
    outputs: &[Output],
    keys: &ClusterKeys,
) -> Result<Vec<u8>, EvaluationError> {
    let inputs = arguments
        .iter()
        .enumerate()
        .map(|(index, argument)| encode_input(index, argument))
        .collect::<Result<Vec<_>, _>>()?;
    let mxe_key = X25519PrivateKey::<ScalarField>::from_le_bytes(keys.mxe_x25519.to_bytes());

    let ordered = circuit
        .metadata
        .input_order
        .iter()
        .map(|entry| match *entry {
            ArcisInput::InputId(id) | ArcisInput::TypedInput(id, _) => Ok(inputs[id].value.clone()),
            ArcisInput::SharedRescueKey(data) => shared_key_element(&inputs, &data, mxe_key),
            ArcisInput::Mxe(MxeInput::Base(MxeFieldInput::RescueKey(index))) => keys
                .mxe_rescue_key()
                .get(index)
                .map(|element| BigUint::from_bytes_le(element))
                .ok_or(EvaluationError::Unsupported(
                    "MXE Rescue key elements past the fifth",
                )),
            ArcisInput::Mxe(_) => Err(EvaluationError::Unsupported(
                "MXE inputs other than its Rescue key",
            )),
            ArcisInput::SharedAesKey(_) => Err(EvaluationError::Unsupported("AES shared keys")),
        })
        .collect::<Result<Vec<_>, _>>()?;

    let results = circuit
        .circuit
        .mock_eval_big_uint(ordered, &mut rand::rngs::OsRng);
    if results.len() != outputs.len() {
        return Err(EvaluationError::OutputMismatch {
            produced: results.len(),
            declared: outputs.len(),
        });
    }
    let mut bytes = Vec::new();
    for (value, output) in results.iter().zip(outputs) {
        encode_output(value, output, &mut bytes)?;
    }
    Ok(bytes)
}

/// A circuit input: its value as the circuit reads it, and the point when it is a public key.
struct Input {
    value: BigUint,
    public_key: Option<X25519PublicKey<Curve25519Point>>,
}

fn encode_input(index: usize, argument: &ArgumentValue) -> Result<Input, EvaluationError> {
    let plain = |value: BigUint| Input {
        value,
        public_key: None,
    };
    Ok(match *argument {
        ArgumentValue::Bool(bit) => plain(BigUint::from(bit as u8)),
        ArgumentValue::Unsigned(value) => plain(BigUint::from(value)),
        ArgumentValue::Signed(value) if value < 0 => {
            plain(field_modulus() - BigUint::from(value.unsigned_abs()))
        }
        ArgumentValue::Signed(value) => plain(BigUint::from(value as u128)),
        ArgumentValue::Ciphertext(bytes) => {
            let value = BigUint::from_bytes_le(&bytes);
            if value >= field_modulus() {
                return Err(EvaluationError::NonCanonicalCiphertext(index));
            }
            plain(value)
        }
        ArgumentValue::X25519Pubkey(bytes) => {
            let key = X25519PublicKey::from_le_bytes(bytes)
                .ok_or(EvaluationError::InvalidPublicKey(index))?;
            Input {
                value: BigUint::from_bytes_le(&key.inner().to_inplace_bytes()),
                public_key: Some(key),
            }
        }
    })
}

/// One of the five Rescue key elements shared by the MXE and the client whose public key is
/// input `data.pubkey_input_id`: RescuePrimeHash of their x25519 shared secret.
fn shared_key_element(
    inputs: &[Input],
    data: &SharedRescueKeyData,
    mxe_key: X25519PrivateKey<ScalarField>,
) -> Result<BigUint, EvaluationError> {
    let client = inputs
        .get(data.pubkey_input_id)
        .and_then(|input| input.public_key)
        .ok_or(EvaluationError::InvalidPublicKey(data.pubkey_input_id))?;
    if data.field_type != arcis_compiler::core::actually_used_field::FieldType::BaseField {
        return Err(EvaluationError::Unsupported("scalar-field Rescue keys"));
    }
    let key = RescueKey::<BaseField>::new_with_client_from_keys(mxe_key, client);
    Ok(BigUint::from_bytes_le(
        &key.inner()[data.index].to_le_bytes(),
    ))
}

fn encode_output(
    value: &BigUint,
    output: &Output,
    bytes: &mut Vec<u8>,
) -> Result<(), EvaluationError> {
    let le = |width: usize| {
        let mut le = value.to_bytes_le();
        le.resize(width.max(le.len()), 0);
        le.truncate(width);
        le
    };
    match output {
        Output::Ciphertext => bytes.extend(le(32)),
        Output::ArcisX25519Pubkey => {
            let point = Curve25519Point::from_inplace_bytes(&le(32))
                .map_err(|_| EvaluationError::Unsupported("malformed public key outputs"))?;
            bytes.extend(X25519PublicKey::new(point, true).to_le_bytes());
        }
        Output::PlaintextBool | Output::PlaintextU8 => bytes.extend(le(1)),
        Output::PlaintextU16 => bytes.extend(le(2)),
        Output::PlaintextU32 => bytes.extend(le(4)),
        Output::PlaintextU64 => bytes.extend(le(8)),
        Output::PlaintextU128 => bytes.extend(le(16)),
        Output::PlaintextI8 => bytes.extend(&signed(value).to_le_bytes()[..1]),
        Output::PlaintextI16 => bytes.extend(&signed(value).to_le_bytes()[..2]),
        Output::PlaintextI32 => bytes.extend(&signed(value).to_le_bytes()[..4]),
        Output::PlaintextI64 => bytes.extend(&signed(value).to_le_bytes()[..8]),
        Output::PlaintextI128 => bytes.extend(signed(value).to_le_bytes()),
        Output::PlaintextFloat | Output::PlaintextPoint => {
            return Err(EvaluationError::Unsupported("float and point outputs"))
        }
    }
    Ok(())
}

/// A field element read as a signed integer: values above p/2 stand for `value - p`.
fn signed(value: &BigUint) -> i128 {
    let p = field_modulus();
    let (magnitude, negative) = if value > &(&p >> 1u32) {
        (&p - value, true)
    } else {
        (value.clone(), false)
    };
    let magnitude = magnitude
        .iter_u64_digits()
        .take(2)
        .enumerate()
        .fold(0u128, |acc, (i, d)| acc | (d as u128) << (64 * i));
    if negative {
        (magnitude as i128).wrapping_neg()
    } else {
        magnitude as i128
    }
}

/// p = 2^255 - 19, the field every Rescue ciphertext lives in.
fn field_modulus() -> BigUint {
    (BigUint::from(1u8) << 255u32) - BigUint::from(19u8)
}
