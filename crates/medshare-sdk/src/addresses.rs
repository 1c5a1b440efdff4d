//! Every address a medshare instruction touches, derived the way the program derives it.

use arcium_client::pda;
use share_medical_records::{
    constants::{
        ACCESS_CONFIG_SEED, ACCREDITATION_SEED, ATTESTATION_SEED, DOCUMENT_SEED, GRANT_SEED,
        MEMBERSHIP_SEED, PROVIDER_SEED, RECEIPT_SEED, RECORD_SEED, STUDY_SEED, STUDY_SHARD_SEED,
    },
    ID as PROGRAM_ID,
};
use solana_program::pubkey::Pubkey;

/// The Arcium cluster medshare's MXE runs on (read from the MXE account on a real network).
pub const CLUSTER_OFFSET: u32 = arcium_local::genesis::CLUSTER_OFFSET;

pub fn record(owner: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[RECORD_SEED, owner.as_ref()], &PROGRAM_ID).0
}

pub fn provider(wallet: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[PROVIDER_SEED, wallet.as_ref()], &PROGRAM_ID).0
}

pub fn grant(patient: &Pubkey, provider_wallet: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[GRANT_SEED, patient.as_ref(), provider_wallet.as_ref()],
        &PROGRAM_ID,
    )
    .0
}

/// Document `id` of `patient`.
pub fn document(patient: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[DOCUMENT_SEED, patient.as_ref(), &id.to_le_bytes()],
        &PROGRAM_ID,
    )
    .0
}

/// Attestation `id` of `attester`.
pub fn attestation(attester: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[ATTESTATION_SEED, attester.as_ref(), &id.to_le_bytes()],
        &PROGRAM_ID,
    )
    .0
}

/// The accreditation of the provider with wallet `provider_wallet`.
pub fn accreditation(provider_wallet: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ACCREDITATION_SEED, provider_wallet.as_ref()], &PROGRAM_ID).0
}

/// Study `id` of `researcher`.
pub fn study(researcher: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[STUDY_SEED, researcher.as_ref(), &id.to_le_bytes()],
        &PROGRAM_ID,
    )
    .0
}

pub fn study_shard(study: &Pubkey, index: u8) -> Pubkey {
    Pubkey::find_program_address(&[STUDY_SHARD_SEED, study.as_ref(), &[index]], &PROGRAM_ID).0
}

/// `patient`'s membership in `study`.
pub fn study_membership(study: &Pubkey, patient: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[MEMBERSHIP_SEED, study.as_ref(), patient.as_ref()],
        &PROGRAM_ID,
    )
    .0
}

pub fn access_config() -> Pubkey {
    Pubkey::find_program_address(&[ACCESS_CONFIG_SEED], &PROGRAM_ID).0
}

/// The `ProgramData` account naming medshare's upgrade authority.
pub fn program_data() -> Pubkey {
    share_medical_records::instructions::deployment::program_data_address()
}

/// The computation account of `computation_offset` on medshare's cluster.
pub fn computation(computation_offset: u64) -> Pubkey {
    pda::computation_acc(CLUSTER_OFFSET, computation_offset)
}

/// The receipt of computation `computation_offset`: a disclosure or a key rotation.
pub fn receipt(computation_offset: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[RECEIPT_SEED, &computation_offset.to_le_bytes()],
        &PROGRAM_ID,
    )
    .0
}

/// The computation definition account of one of medshare's circuits.
pub fn comp_def(circuit: &str) -> Pubkey {
    pda::computation_definition_acc(&PROGRAM_ID, pda::comp_def_offset(circuit))
}
