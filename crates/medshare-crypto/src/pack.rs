//! Several small values in one field element, laid out exactly as the Arcis `Pack<T>` type
//! does, so that a circuit can `unpack()` what a client packs and the reverse.
//!
//! # Layout
//!
//! Source: `DataSize::pack_arcis` in arcis-compiler 0.16.0 (`src/utils/packing.rs`); the circuit
//! calls it through arcis-interpreter (`src/interpreter/library/packing.rs`), plain Rust through
//! arcis (`src/arcis_type.rs`, `src/pack.rs`).
//!
//! 1. A packed type is flattened in declaration order (struct fields, tuple items, then array
//!    elements one by one) into scalars. A scalar is `bool` (1 bit), an integer of width w
//!    (`u8`..`u128`, `i8`..`i128`: w bits, a power of two) or "full" (a whole field element: a
//!    base field value, a float, an x25519 public key).
//! 2. Each field element carries at most [`BITS_PER_ELEMENT`] = 214 bits: the 254-bit capacity
//!    of GF(2^255 - 19) minus 40 bits of statistical security margin for the MPC protocols.
//! 3. Scalars are placed full ones first, then by decreasing width; equal widths keep
//!    declaration order (a stable sort).
//! 4. Full scalars take elements 0, 1, ... in that order, at bit offset 0.
//! 5. Every other scalar goes, first fit, into one of two candidate elements: the first
//!    element after the full ones, then the element that took the previous scalar. If neither
//!    has room it opens the element after the previous one. Its bit offset is that element's
//!    load so far (so the first scalar in an element sits in the low bits).
//! 6. Encoding: `bool` and unsigned values as is; a signed value v of width w as v + 2^(w-1)
//!    (offset binary). An element is the sum of value * 2^offset over its scalars.
//! 7. Unpacking reads bits [offset, offset + w) of each element and ignores the rest, as
//!    both Arcis and the TS client do.
//!
//! # The npm client
//!
//! `createPacker` in `@arcium-hq/client` 0.14.1 (`src/arcis/packing.ts`, `src/arcis/arcisType.ts`)
//! reimplements steps 1-7 and agrees with Arcis as long as (a) full scalars are not mixed with
//! narrower ones and (b) the narrower ones fit in two elements. Outside that it differs: its
//! `PackingState` never moves `lastInsert` after a partial insert, so it never opens a third
//! element and overfills the second; and with full scalars present it reads its load table at
//! the wrong index and throws. This module follows Arcis, which is what the circuit decodes.

use crate::field::FieldElement;
use crate::Error;
use std::cmp::Reverse;

/// Usable bits per packed field element.
pub const BITS_PER_ELEMENT: u32 = 214;

/// The type of one packed scalar. Widths are in bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    Bool,
    Unsigned(u32),
    Signed(u32),
    /// A whole field element.
    Full,
}

/// One packed scalar with its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    Bool(bool),
    Unsigned { bits: u32, value: u128 },
    Signed { bits: u32, value: i128 },
    Full(FieldElement),
}

impl Scalar {
    pub fn scalar_type(&self) -> ScalarType {
        match *self {
            Scalar::Bool(_) => ScalarType::Bool,
            Scalar::Unsigned { bits, .. } => ScalarType::Unsigned(bits),
            Scalar::Signed { bits, .. } => ScalarType::Signed(bits),
            Scalar::Full(_) => ScalarType::Full,
        }
    }
}

/// Where one scalar lives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    pub element: usize,
    pub bit_offset: u32,
}

/// The slot of every scalar (in input order) and the number of field elements used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub slots: Vec<Slot>,
    pub elements: usize,
}

/// Computes the Arcis layout for a list of scalar types.
pub fn layout(types: &[ScalarType]) -> Result<Layout, Error> {
    // `None` marks a full scalar.
    let widths = types
        .iter()
        .enumerate()
        .map(|(index, ty)| width(*ty, index))
        .collect::<Result<Vec<_>, _>>()?;
    let n_full = widths.iter().filter(|w| w.is_none()).count();

    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| Reverse(widths[i].unwrap_or(u32::MAX)));

    let mut slots = vec![Slot::default(); types.len()];
    // Loads of the partially filled elements, which come after the full ones.
    let mut loads: Vec<u32> = Vec::new();
    let mut last = 0;
    for (rank, i) in order.into_iter().enumerate() {
        let Some(w) = widths[i] else {
            // Full scalars sort first, so their rank is their element.
            slots[i] = Slot {
                element: rank,
                bit_offset: 0,
            };
            continue;
        };
        let fits = |e: usize| loads.get(e).copied().unwrap_or(0) + w <= BITS_PER_ELEMENT;
        let e = if fits(0) {
            0
        } else if fits(last) {
            last
        } else {
            last + 1
        };
        if e == loads.len() {
            loads.push(0);
        }
        slots[i] = Slot {
            element: n_full + e,
            bit_offset: loads[e],
        };
        loads[e] += w;
        last = e;
    }
    Ok(Layout {
        slots,
        elements: n_full + loads.len(),
    })
}

/// Packs scalars into field elements (the plaintext of a `Pack<T>` input).
pub fn pack(values: &[Scalar]) -> Result<Vec<FieldElement>, Error> {
    let types: Vec<ScalarType> = values.iter().map(Scalar::scalar_type).collect();
    let layout = layout(&types)?;
    let mut elements = vec![[0u8; 32]; layout.elements];
    for (index, (value, slot)) in values.iter().zip(&layout.slots).enumerate() {
        let element = &mut elements[slot.element];
        match *value {
            Scalar::Full(x) => *element = x.to_bytes(),
            _ => insert_bits(element, encode(value, index)?, slot.bit_offset),
        }
    }
    // At most 214 bits are used, so every element is canonical.
    Ok(elements
        .iter()
        .map(FieldElement::from_bytes_mod_order)
        .collect())
}

/// Unpacks field elements (the decrypted output of a `Pack<T>`) into scalars of `types`.
pub fn unpack(types: &[ScalarType], packed: &[FieldElement]) -> Result<Vec<Scalar>, Error> {
    let layout = layout(types)?;
    if packed.len() != layout.elements {
        return Err(Error::LengthMismatch {
            expected: layout.elements,
            found: packed.len(),
        });
    }
    let scalars = types.iter().zip(&layout.slots).map(|(ty, slot)| {
        let element = packed[slot.element];
        let read = |bits: u32| extract_bits(&element.to_bytes(), slot.bit_offset) & mask(bits);
        match *ty {
            ScalarType::Bool => Scalar::Bool(read(1) == 1),
            ScalarType::Unsigned(bits) => Scalar::Unsigned {
                bits,
                value: read(bits),
            },
            ScalarType::Signed(bits) => {
                // Flip the top bit back to two's complement, then sign-extend to 128 bits.
                let twos = read(bits) ^ (1u128 << (bits - 1));
                let shift = 128 - bits;
                Scalar::Signed {
                    bits,
                    value: ((twos << shift) as i128) >> shift,
                }
            }
            ScalarType::Full => Scalar::Full(element),
        }
    });
    Ok(scalars.collect())
}

/// Width in bits of a narrow scalar, `None` for a full one.
fn width(ty: ScalarType, index: usize) -> Result<Option<u32>, Error> {
    let bits = match ty {
        ScalarType::Full => return Ok(None),
        ScalarType::Bool => 1,
        ScalarType::Unsigned(bits) | ScalarType::Signed(bits) => bits,
    };
    if !bits.is_power_of_two() || bits > 128 {
        return Err(Error::InvalidWidth { index, bits });
    }
    Ok(Some(bits))
}

/// The stored bits of a narrow scalar, after checking that it fits its width.
fn encode(value: &Scalar, index: usize) -> Result<u128, Error> {
    let out_of_range = Error::ValueOutOfRange { index };
    match *value {
        Scalar::Bool(b) => Ok(b.into()),
        Scalar::Unsigned { bits, value } if value & !mask(bits) == 0 => Ok(value),
        Scalar::Signed { bits, value } => {
            let half = 1u128 << (bits - 1);
            let fits = bits == 128 || (value >> (bits - 1)) == 0 || (value >> (bits - 1)) == -1;
            if !fits {
                return Err(out_of_range);
            }
            Ok((value as u128).wrapping_add(half) & mask(bits))
        }
        // An unsigned value wider than its type (full scalars are not encoded here).
        _ => Err(out_of_range),
    }
}

/// A 256-bit little-endian integer as (low, high) 128-bit halves.
fn halves(bytes: &[u8; 32]) -> (u128, u128) {
    let mut low = [0u8; 16];
    let mut high = [0u8; 16];
    low.copy_from_slice(&bytes[..16]);
    high.copy_from_slice(&bytes[16..]);
    (u128::from_le_bytes(low), u128::from_le_bytes(high))
}

/// ORs `value << offset` into a 256-bit little-endian integer. Slots never overlap, so OR is
/// addition, and offset + width <= 214 so no bit falls off the top.
fn insert_bits(bytes: &mut [u8; 32], value: u128, offset: u32) {
    let (mut low, mut high) = halves(bytes);
    if offset < 128 {
        low |= value << offset;
        high |= value.checked_shr(128 - offset).unwrap_or(0);
    } else {
        high |= value << (offset - 128);
    }
    bytes[..16].copy_from_slice(&low.to_le_bytes());
    bytes[16..].copy_from_slice(&high.to_le_bytes());
}

/// The 128 bits of a 256-bit little-endian integer starting at bit `offset`.
fn extract_bits(bytes: &[u8; 32], offset: u32) -> u128 {
    let (low, high) = halves(bytes);
    if offset < 128 {
        (low >> offset) | high.checked_shl(128 - offset).unwrap_or(0)
    } else {
        high >> (offset - 128)
    }
}

fn mask(bits: u32) -> u128 {
    u128::MAX >> (128 - bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(layout: &Layout) -> Vec<(usize, u32)> {
        layout
            .slots
            .iter()
            .map(|s| (s.element, s.bit_offset))
            .collect()
    }

    #[test]
    fn wider_first_then_declaration_order() {
        use ScalarType::*;
        let l = layout(&[Bool, Unsigned(8), Signed(64), Unsigned(8), Full]).unwrap();
        assert_eq!(slots(&l), vec![(1, 80), (1, 64), (1, 0), (1, 72), (0, 0)]);
        assert_eq!(l.elements, 2);
    }

    #[test]
    fn opens_a_third_element() {
        let l = layout(&[ScalarType::Unsigned(64); 10]).unwrap();
        let elements: Vec<usize> = l.slots.iter().map(|s| s.element).collect();
        assert_eq!(elements, vec![0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    }

    #[test]
    fn round_trip_and_offset_binary() {
        let values = [
            Scalar::Signed {
                bits: 8,
                value: -128,
            },
            Scalar::Signed {
                bits: 8,
                value: 127,
            },
            Scalar::Signed {
                bits: 128,
                value: i128::MIN,
            },
            Scalar::Unsigned {
                bits: 128,
                value: u128::MAX,
            },
            Scalar::Bool(true),
            Scalar::Full(-FieldElement::ONE),
        ];
        let packed = pack(&values).unwrap();
        let types: Vec<_> = values.iter().map(Scalar::scalar_type).collect();
        assert_eq!(unpack(&types, &packed).unwrap(), values);

        // -128 as i8 is stored as 0, 127 as 255.
        let packed = pack(&values[..2]).unwrap();
        assert_eq!(packed, vec![FieldElement::from(0xff00u64)]);
    }

    #[test]
    fn rejects_bad_input() {
        let too_big = [Scalar::Unsigned {
            bits: 8,
            value: 256,
        }];
        assert_eq!(pack(&too_big), Err(Error::ValueOutOfRange { index: 0 }));
        let too_small = [
            Scalar::Bool(false),
            Scalar::Signed {
                bits: 16,
                value: -32769,
            },
        ];
        assert_eq!(pack(&too_small), Err(Error::ValueOutOfRange { index: 1 }));
        let odd_width = [Scalar::Unsigned { bits: 12, value: 1 }];
        assert_eq!(
            pack(&odd_width),
            Err(Error::InvalidWidth { index: 0, bits: 12 })
        );
        assert_eq!(
            layout(&[ScalarType::Signed(0)]),
            Err(Error::InvalidWidth { index: 0, bits: 0 })
        );
        assert_eq!(
            unpack(&[ScalarType::Bool], &[]),
            Err(Error::LengthMismatch {
                expected: 1,
                found: 0
            })
        );
    }
}
