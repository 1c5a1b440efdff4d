use std::fmt;

/// Everything that can go wrong with caller-supplied data. Nothing in this crate panics on
/// bad input; it returns one of these instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// 32 bytes that encode an integer >= p = 2^255 - 19.
    NonCanonical,
    /// A field element that does not fit the requested integer type.
    OutOfRange,
    /// A packed value that does not fit its declared width (`index` is its position).
    ValueOutOfRange { index: usize },
    /// A packed width that Arcis cannot pack: widths are powers of two from 1 to 128.
    InvalidWidth { index: usize, bits: u32 },
    /// Unpacking was given a different number of field elements than the layout needs.
    LengthMismatch { expected: usize, found: usize },
    /// The peer's x25519 public key has small order, so the shared secret would be all zeros.
    LowOrderPublicKey,
    /// A sealed record whose binding tag does not verify: it was sealed for another owner or
    /// account, or altered since.
    NotBound,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NonCanonical => write!(
                f,
                "32-byte value is not a canonical element of GF(2^255-19)"
            ),
            Error::OutOfRange => write!(f, "field element does not fit the requested integer type"),
            Error::ValueOutOfRange { index } => {
                write!(f, "packed value #{index} does not fit its width")
            }
            Error::InvalidWidth { index, bits } => {
                write!(
                    f,
                    "packed value #{index}: width {bits} is not a power of two in 1..=128"
                )
            }
            Error::LengthMismatch { expected, found } => {
                write!(
                    f,
                    "expected {expected} packed field elements, found {found}"
                )
            }
            Error::LowOrderPublicKey => write!(f, "x25519 public key has small order"),
            Error::NotBound => write!(
                f,
                "the sealed record's binding tag does not verify: it was sealed for another owner or account, or altered"
            ),
        }
    }
}

impl std::error::Error for Error {}
