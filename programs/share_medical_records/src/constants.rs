//! Seeds and sizes shared by every instruction.

/// Seed of a patient's record PDA: `[RECORD_SEED, owner]`.
pub const RECORD_SEED: &[u8] = b"patient_record";
/// Seed of a disclosure receipt PDA: `[DISCLOSURE_SEED, computation_offset (LE)]`.
pub const DISCLOSURE_SEED: &[u8] = b"disclosure";

/// Field elements in a packed clinical summary (`Pack<ClinicalSummary>` in `encrypted-ixs`).
/// The program checks at compile time that the circuit's output agrees (see `sharing`).
pub const RECORD_CIPHERTEXTS: usize = 4;

/// Compute units the node requests for a share callback (BLS pairing check dominates).
pub const SHARE_CALLBACK_CU_LIMIT: u32 = 400_000;

/// Offset of the `share_record` computation definition (derived from the circuit's name).
pub const COMP_DEF_OFFSET_SHARE_RECORD: u32 = arcium_anchor::comp_def_offset("share_record");
