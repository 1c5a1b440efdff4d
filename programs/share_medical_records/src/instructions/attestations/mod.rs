pub mod accredit;
pub mod attest;
pub mod revoke_attestation;

pub use accredit::*;
pub use attest::*;
pub use revoke_attestation::*;
