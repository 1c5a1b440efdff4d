//! Resolves a computation's `ArgumentList` against its circuit's parameters. The program uses it
//! to refuse malformed computations at queue time; the executor uses it to feed the circuit.

use arcium_client::idl::arcium::types::{ArgumentList, ArgumentRef, Parameter};

/// One circuit input, as the MXE program supplied it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentValue {
    Bool(bool),
    /// A plaintext unsigned integer, widened; the parameter says its width.
    Unsigned(u128),
    /// A plaintext signed integer, widened.
    Signed(i128),
    /// A Rescue ciphertext: one field element, little-endian.
    Ciphertext([u8; 32]),
    /// An x25519 public key (Montgomery u-coordinate, little-endian).
    X25519Pubkey([u8; 32]),
}

/// Pairs every parameter with its argument, or says which one does not fit.
pub fn resolve_arguments(
    args: &ArgumentList,
    parameters: &[Parameter],
) -> Result<Vec<ArgumentValue>, String> {
    if args.args.len() != parameters.len() {
        return Err(format!(
            "{} arguments for {} parameters",
            args.args.len(),
            parameters.len()
        ));
    }
    args.args
        .iter()
        .zip(parameters)
        .enumerate()
        .map(|(position, (arg, parameter))| {
            resolve_one(args, arg, parameter)
                .ok_or_else(|| format!("argument {position} ({arg:?}) does not fit {parameter:?}"))
        })
        .collect()
}

pub fn check_arguments(args: &ArgumentList, parameters: &[Parameter]) -> Result<(), String> {
    resolve_arguments(args, parameters).map(|_| ())
}

fn resolve_one(
    list: &ArgumentList,
    arg: &ArgumentRef,
    parameter: &Parameter,
) -> Option<ArgumentValue> {
    let bytes = |index: &u8| list.byte_arrays.get(*index as usize).copied();
    let number = |index: &u8| list.plaintext_numbers.get(*index as usize).copied();
    let wide = |index: &u8| list.values_128_bit.get(*index as usize).copied();
    use ArgumentRef as A;
    use Parameter as P;
    match (arg, parameter) {
        (A::PlaintextBool(value), P::PlaintextBool) => Some(ArgumentValue::Bool(*value)),
        (A::PlaintextU8(value), P::PlaintextU8) => Some(ArgumentValue::Unsigned(*value as u128)),
        (A::PlaintextI8(value), P::PlaintextI8) => Some(ArgumentValue::Signed(*value as i128)),
        (A::PlaintextU16(i), P::PlaintextU16)
        | (A::PlaintextU32(i), P::PlaintextU32)
        | (A::PlaintextU64(i), P::PlaintextU64) => {
            number(i).map(|n| ArgumentValue::Unsigned(n as u128))
        }
        (A::PlaintextI16(i), P::PlaintextI16)
        | (A::PlaintextI32(i), P::PlaintextI32)
        | (A::PlaintextI64(i), P::PlaintextI64) => {
            number(i).map(|n| ArgumentValue::Signed(n as i64 as i128))
        }
        (A::PlaintextU128(i), P::PlaintextU128) => wide(i).map(ArgumentValue::Unsigned),
        (A::PlaintextI128(i), P::PlaintextI128) => {
            wide(i).map(|n| ArgumentValue::Signed(n as i128))
        }
        (A::X25519Pubkey(i), P::ArcisX25519Pubkey) => bytes(i).map(ArgumentValue::X25519Pubkey),
        (
            A::EncryptedBool(i)
            | A::EncryptedU8(i)
            | A::EncryptedU16(i)
            | A::EncryptedU32(i)
            | A::EncryptedU64(i)
            | A::EncryptedU128(i)
            | A::EncryptedI8(i)
            | A::EncryptedI16(i)
            | A::EncryptedI32(i)
            | A::EncryptedI64(i)
            | A::EncryptedI128(i),
            P::Ciphertext,
        ) => bytes(i).map(ArgumentValue::Ciphertext),
        // Account, URL, float, point, signature and AES arguments are not served locally.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(args: Vec<ArgumentRef>) -> ArgumentList {
        ArgumentList {
            args,
            byte_arrays: vec![[7; 32], [9; 32]],
            plaintext_numbers: vec![],
            values_128_bit: vec![u128::MAX],
            accounts: vec![],
        }
    }

    #[test]
    fn arguments_pair_with_their_parameters() {
        let args = list(vec![
            ArgumentRef::X25519Pubkey(0),
            ArgumentRef::PlaintextU128(0),
            ArgumentRef::EncryptedU128(1),
        ]);
        let parameters = [
            Parameter::ArcisX25519Pubkey,
            Parameter::PlaintextU128,
            Parameter::Ciphertext,
        ];
        assert_eq!(
            resolve_arguments(&args, &parameters).unwrap(),
            vec![
                ArgumentValue::X25519Pubkey([7; 32]),
                ArgumentValue::Unsigned(u128::MAX),
                ArgumentValue::Ciphertext([9; 32]),
            ]
        );
    }

    #[test]
    fn a_wrong_count_kind_or_index_is_refused() {
        let parameters = [Parameter::ArcisX25519Pubkey, Parameter::Ciphertext];
        let too_few = list(vec![ArgumentRef::X25519Pubkey(0)]);
        let wrong_kind = list(vec![
            ArgumentRef::X25519Pubkey(0),
            ArgumentRef::PlaintextU128(0),
        ]);
        let out_of_range = list(vec![
            ArgumentRef::X25519Pubkey(0),
            ArgumentRef::EncryptedU8(5),
        ]);
        for args in [too_few, wrong_kind, out_of_range] {
            assert!(
                check_arguments(&args, &parameters).is_err(),
                "{:?}",
                args.args
            );
        }
    }
}
