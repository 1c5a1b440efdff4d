//! Attestations: what a provider vouches for about a patient, its body sealed to the MXE with a
//! salted commitment on chain, disclosed through the cluster and verified by the recipient
//! (`docs/attestations.md`).

mod body;
mod flows;
mod verify;

pub use body::*;
pub use flows::*;
pub use verify::*;
