//! Seeds and sizes shared by every instruction.

/// Seed of a patient's record PDA: `[RECORD_SEED, owner]`.
pub const RECORD_SEED: &[u8] = b"patient_record";
/// Seed of a disclosure receipt PDA: `[DISCLOSURE_SEED, computation_offset (LE)]`.
pub const DISCLOSURE_SEED: &[u8] = b"disclosure";
/// Seed of a provider profile PDA: `[PROVIDER_SEED, wallet]`.
pub const PROVIDER_SEED: &[u8] = b"provider";
/// Seed of a grant PDA: `[GRANT_SEED, patient, provider wallet]`.
pub const GRANT_SEED: &[u8] = b"grant";
/// Seed of the one access configuration PDA.
pub const ACCESS_CONFIG_SEED: &[u8] = b"access_config";

/// Field elements in a packed clinical summary (`Pack<ClinicalSummary>` in `encrypted-ixs`).
/// The program checks at compile time that the circuits' outputs agree (see `disclosures`).
pub const RECORD_CIPHERTEXTS: usize = 4;

/// Compute units the node requests for a callback (BLS pairing check dominates).
pub const CALLBACK_CU_LIMIT: u32 = 400_000;

/// Offset of the `disclose_record` computation definition (derived from the circuit's name).
pub const COMP_DEF_OFFSET_DISCLOSE_RECORD: u32 = arcium_anchor::comp_def_offset("disclose_record");
/// Offset of the `reseal_record` computation definition.
pub const COMP_DEF_OFFSET_RESEAL_RECORD: u32 = arcium_anchor::comp_def_offset("reseal_record");
