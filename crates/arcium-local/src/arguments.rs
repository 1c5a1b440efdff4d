//! Resolves a computation's `ArgumentList` against its circuit's parameters. The program checks
//! the shape at queue time, when arguments read by reference are only a byte range; the node
//! resolves every value when it executes, reading those ranges from the accounts as they are then.

use arcium_client::idl::arcium::types::{AccountArgument, ArgumentList, ArgumentRef, Parameter};
use solana_program::pubkey::Pubkey;

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

/// Where one parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Inline(ArgumentValue),
    /// `width` bytes at `start` in the account at `address`, read at execution.
    Account {
        address: Pubkey,
        start: usize,
        width: usize,
    },
}

/// Checks that the arguments fit the parameters, without reading any account.
pub fn check_arguments(args: &ArgumentList, parameters: &[Parameter]) -> Result<(), String> {
    sources(args, parameters).map(|_| ())
}

/// Pairs every parameter with its value; `account` gives an account's data as it is when the
/// computation executes, or `None` where there is no account.
pub fn resolve_arguments<'a>(
    args: &ArgumentList,
    parameters: &[Parameter],
    account: impl Fn(&Pubkey) -> Option<&'a [u8]>,
) -> Result<Vec<ArgumentValue>, String> {
    sources(args, parameters)?
        .into_iter()
        .zip(parameters)
        .enumerate()
        .map(|(position, (source, parameter))| match source {
            Source::Inline(value) => Ok(value),
            Source::Account {
                address,
                start,
                width,
            } => {
                let data = account(&address).ok_or_else(|| {
                    format!("parameter {position} reads account {address}, which does not exist")
                })?;
                let bytes = data.get(start..start + width).ok_or_else(|| {
                    format!(
                        "parameter {position} reads bytes {start}..{} of account {address}, \
                         which holds {}",
                        start + width,
                        data.len()
                    )
                })?;
                decode(bytes, parameter).ok_or_else(|| {
                    format!(
                        "parameter {position} ({parameter:?}) does not fit the bytes of {address}"
                    )
                })
            }
        })
        .collect()
}

/// The source of every parameter: an inline argument covers one, an account argument as many as
/// its byte range holds (32 bytes each, or each at its natural width when packed).
fn sources(list: &ArgumentList, parameters: &[Parameter]) -> Result<Vec<Source>, String> {
    let mut sources = Vec::with_capacity(parameters.len());
    for (position, arg) in list.args.iter().enumerate() {
        let remaining = &parameters[sources.len()..];
        let misfit = || format!("argument {position} ({arg:?}) does not fit {remaining:?}");
        match arg {
            ArgumentRef::Account(index) | ArgumentRef::PackedAccount(index) => {
                let range = list.accounts.get(*index as usize).ok_or_else(misfit)?;
                let packed = matches!(arg, ArgumentRef::PackedAccount(_));
                sources.extend(account_sources(range, remaining, packed).ok_or_else(misfit)?);
            }
            inline => {
                let parameter = remaining.first().ok_or_else(misfit)?;
                let value = inline_value(list, inline, parameter).ok_or_else(misfit)?;
                sources.push(Source::Inline(value));
            }
        }
    }
    if sources.len() != parameters.len() {
        return Err(format!(
            "the arguments cover {} of {} parameters",
            sources.len(),
            parameters.len()
        ));
    }
    Ok(sources)
}

/// The parameters, from the first of `parameters` on, that the byte range of `range` covers
/// exactly; `None` if it ends inside a parameter, covers none, or passes the last one.
fn account_sources(
    range: &AccountArgument,
    parameters: &[Parameter],
    packed: bool,
) -> Option<Vec<Source>> {
    let mut covered = Vec::new();
    let mut start = range.offset as usize;
    let end = start + range.length as usize;
    let mut parameters = parameters.iter();
    while start < end {
        let width = natural_width(parameters.next()?)?;
        let slot = if packed { width } else { 32 };
        if start + slot > end {
            return None;
        }
        covered.push(Source::Account {
            address: range.pubkey,
            start,
            width: slot,
        });
        start += slot;
    }
    (!covered.is_empty()).then_some(covered)
}

/// How many bytes a parameter takes in a packed account range (the layout of callback outputs).
fn natural_width(parameter: &Parameter) -> Option<usize> {
    use Parameter as P;
    Some(match parameter {
        P::PlaintextBool | P::PlaintextU8 | P::PlaintextI8 => 1,
        P::PlaintextU16 | P::PlaintextI16 => 2,
        P::PlaintextU32 | P::PlaintextI32 => 4,
        P::PlaintextU64 | P::PlaintextI64 => 8,
        P::PlaintextU128 | P::PlaintextI128 => 16,
        P::Ciphertext | P::ArcisX25519Pubkey => 32,
        // Floats, points, signatures and AES bytes are not served locally.
        _ => return None,
    })
}

/// A parameter's value from the little-endian bytes an account holds for it. A 32-byte slot
/// holding a narrower plaintext must leave the bytes above its width zero.
fn decode(bytes: &[u8], parameter: &Parameter) -> Option<ArgumentValue> {
    use Parameter as P;
    let width = natural_width(parameter)?;
    let (value, rest) = bytes.split_at_checked(width)?;
    if rest.iter().any(|byte| *byte != 0) {
        return None;
    }
    let mut wide = [0u8; 16];
    let low = width.min(16);
    wide[..low].copy_from_slice(&value[..low]);
    let unsigned = u128::from_le_bytes(wide);
    // Sign-extends from the parameter's width (a 32-byte parameter is never an integer).
    let shift = 128 - 8 * low as u32;
    let signed = ((unsigned << shift) as i128) >> shift;
    Some(match parameter {
        P::PlaintextBool => match value[0] {
            0 => ArgumentValue::Bool(false),
            1 => ArgumentValue::Bool(true),
            _ => return None,
        },
        P::PlaintextU8 | P::PlaintextU16 | P::PlaintextU32 | P::PlaintextU64 | P::PlaintextU128 => {
            ArgumentValue::Unsigned(unsigned)
        }
        P::PlaintextI8 | P::PlaintextI16 | P::PlaintextI32 | P::PlaintextI64 | P::PlaintextI128 => {
            ArgumentValue::Signed(signed)
        }
        P::Ciphertext => ArgumentValue::Ciphertext(value.try_into().ok()?),
        P::ArcisX25519Pubkey => ArgumentValue::X25519Pubkey(value.try_into().ok()?),
        _ => return None,
    })
}

fn inline_value(
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
        // URL, float, point, signature and AES arguments are not served locally.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const HOLDER: Pubkey = Pubkey::new_from_array([3; 32]);

    fn list(args: Vec<ArgumentRef>, accounts: Vec<AccountArgument>) -> ArgumentList {
        ArgumentList {
            args,
            byte_arrays: vec![[7; 32], [9; 32]],
            plaintext_numbers: vec![],
            values_128_bit: vec![u128::MAX],
            accounts,
        }
    }

    fn range(offset: u32, length: u32) -> AccountArgument {
        AccountArgument {
            pubkey: HOLDER,
            offset,
            length,
        }
    }

    fn resolve_with(
        args: &ArgumentList,
        parameters: &[Parameter],
        data: &[u8],
    ) -> Result<Vec<ArgumentValue>, String> {
        let accounts = HashMap::from([(HOLDER, data.to_vec())]);
        resolve_arguments(args, parameters, |address| {
            accounts.get(address).map(Vec::as_slice)
        })
    }

    #[test]
    fn inline_arguments_pair_with_their_parameters() {
        let args = list(
            vec![
                ArgumentRef::X25519Pubkey(0),
                ArgumentRef::PlaintextU128(0),
                ArgumentRef::EncryptedU128(1),
            ],
            vec![],
        );
        let parameters = [
            Parameter::ArcisX25519Pubkey,
            Parameter::PlaintextU128,
            Parameter::Ciphertext,
        ];
        assert_eq!(
            resolve_with(&args, &parameters, &[]).unwrap(),
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
        let too_few = list(vec![ArgumentRef::X25519Pubkey(0)], vec![]);
        let wrong_kind = list(
            vec![ArgumentRef::X25519Pubkey(0), ArgumentRef::PlaintextU128(0)],
            vec![],
        );
        let out_of_range = list(
            vec![ArgumentRef::X25519Pubkey(0), ArgumentRef::EncryptedU8(5)],
            vec![],
        );
        let no_such_account = list(
            vec![ArgumentRef::X25519Pubkey(0), ArgumentRef::Account(0)],
            vec![],
        );
        for args in [too_few, wrong_kind, out_of_range, no_such_account] {
            assert!(
                check_arguments(&args, &parameters).is_err(),
                "{:?}",
                args.args
            );
        }
    }

    /// A packed range reads a key, a nonce and ciphertexts back to back, as a record account
    /// stores them; a plain range gives every parameter a 32-byte slot.
    #[test]
    fn account_ranges_are_read_when_the_computation_executes() {
        let parameters = [
            Parameter::ArcisX25519Pubkey,
            Parameter::PlaintextU128,
            Parameter::Ciphertext,
            Parameter::PlaintextU8,
            Parameter::PlaintextU16,
            Parameter::PlaintextI16,
            Parameter::PlaintextBool,
        ];
        let mut packed = vec![0xee; 8];
        packed.extend([5; 32]);
        packed.extend(0x0102u128.to_le_bytes());
        packed.extend([6; 32]);
        packed.extend([200, 0x34, 0x12]);
        packed.extend((-2i16).to_le_bytes());
        packed.push(1);
        let args = list(
            vec![ArgumentRef::PackedAccount(0)],
            vec![range(8, packed.len() as u32 - 8)],
        );
        let expected = vec![
            ArgumentValue::X25519Pubkey([5; 32]),
            ArgumentValue::Unsigned(0x0102),
            ArgumentValue::Ciphertext([6; 32]),
            ArgumentValue::Unsigned(200),
            ArgumentValue::Unsigned(0x1234),
            ArgumentValue::Signed(-2),
            ArgumentValue::Bool(true),
        ];
        assert_eq!(resolve_with(&args, &parameters, &packed).unwrap(), expected);

        let mut slots = Vec::new();
        for (value, width) in [
            (&packed[8..40], 32),
            (&packed[40..56], 16),
            (&packed[56..88], 32),
        ] {
            slots.extend(value);
            slots.extend(vec![0; 32 - width]);
        }
        for value in [
            &packed[88..89],
            &packed[89..91],
            &packed[91..93],
            &packed[93..94],
        ] {
            slots.extend(value);
            slots.extend(vec![0; 32 - value.len()]);
        }
        let args = list(
            vec![ArgumentRef::Account(0)],
            vec![range(0, slots.len() as u32)],
        );
        assert_eq!(resolve_with(&args, &parameters, &slots).unwrap(), expected);
    }

    #[test]
    fn a_range_that_ends_inside_a_parameter_or_passes_the_last_is_refused() {
        let parameters = [Parameter::PlaintextU128, Parameter::Ciphertext];
        for (packed, length) in [
            (true, 17),
            (true, 16 + 33),
            (false, 48),
            (false, 96),
            (true, 0),
        ] {
            let arg = if packed {
                ArgumentRef::PackedAccount(0)
            } else {
                ArgumentRef::Account(0)
            };
            let args = list(vec![arg], vec![range(0, length)]);
            assert!(
                check_arguments(&args, &parameters).is_err(),
                "{packed} {length}"
            );
        }
    }

    #[test]
    fn bytes_the_account_lacks_or_that_do_not_fit_the_parameter_fail_execution() {
        let parameters = [Parameter::PlaintextBool, Parameter::PlaintextU8];
        let packed = list(vec![ArgumentRef::PackedAccount(0)], vec![range(0, 2)]);
        let plain = list(vec![ArgumentRef::Account(0)], vec![range(0, 64)]);
        assert!(check_arguments(&packed, &parameters).is_ok());
        assert!(check_arguments(&plain, &parameters).is_ok());
        let short = resolve_with(&packed, &parameters, &[1]).unwrap_err();
        assert!(short.contains("which holds 1"), "{short}");
        let not_a_bool = resolve_with(&packed, &parameters, &[2, 0]).unwrap_err();
        assert!(not_a_bool.contains("does not fit"), "{not_a_bool}");
        let mut wide_u8 = vec![0; 64];
        wide_u8[33] = 1;
        let too_wide = resolve_with(&plain, &parameters, &wide_u8).unwrap_err();
        assert!(too_wide.contains("does not fit"), "{too_wide}");
        let missing = resolve_arguments(&packed, &parameters, |_| None).unwrap_err();
        assert!(missing.contains("does not exist"), "{missing}");
    }
}
