//! Research studies: registration and approval, joins and leaves, the reveal, and close-outs.

use super::{build, JOIN_STUDY_CIRCUIT, LEAVE_STUDY_CIRCUIT, REVEAL_STUDY_CIRCUIT};
use crate::addresses;
use anchor_lang::system_program;
use share_medical_records::{
    accounts, instruction, state::StudyCriteria, StudyTerms, ID as PROGRAM_ID,
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// `researcher` registers study `id` with its four shards.
pub fn register_study(
    researcher: &Pubkey,
    id: u64,
    criteria: StudyCriteria,
    terms: StudyTerms,
) -> Instruction {
    let study = addresses::study(researcher, id);
    build(
        accounts::RegisterStudy {
            researcher: *researcher,
            study,
            shard_0: addresses::study_shard(&study, 0),
            shard_1: addresses::study_shard(&study, 1),
            shard_2: addresses::study_shard(&study, 2),
            shard_3: addresses::study_shard(&study, 3),
            system_program: system_program::ID,
        },
        instruction::RegisterStudy {
            id,
            criteria,
            terms,
        },
    )
}

/// The access configuration's authority approves `study`.
pub fn approve_study(authority: &Pubkey, study: &Pubkey) -> Instruction {
    build(
        accounts::ApproveStudy {
            authority: *authority,
            access_config: addresses::access_config(),
            study: *study,
        },
        instruction::ApproveStudy {},
    )
}

/// The researcher ends enrolment.
pub fn close_study(researcher: &Pubkey, study: &Pubkey) -> Instruction {
    build(
        accounts::CloseStudy {
            researcher: *researcher,
            study: *study,
        },
        instruction::CloseStudy {},
    )
}

/// `patient` enters their record in `study` through shard `shard`, naming the protocol they
/// consent to.
pub fn join_study(
    patient: &Pubkey,
    study: &Pubkey,
    shard: u8,
    protocol_hash: [u8; 32],
    computation_offset: u64,
) -> Instruction {
    let accounts = queue_accounts!(
        accounts::JoinStudy {
            patient: *patient,
            record: addresses::record(patient),
            study: *study,
            shard: addresses::study_shard(study, shard),
            membership: addresses::study_membership(study, patient),
        },
        JOIN_STUDY_CIRCUIT,
        computation_offset
    );
    build(
        accounts,
        instruction::JoinStudy {
            computation_offset,
            protocol_hash,
        },
    )
}

/// `patient` takes their contribution back out of `study`; `shard` is the one they joined
/// through (their membership names it).
pub fn leave_study(
    patient: &Pubkey,
    study: &Pubkey,
    shard: u8,
    computation_offset: u64,
) -> Instruction {
    let accounts = queue_accounts!(
        accounts::LeaveStudy {
            patient: *patient,
            study: *study,
            shard: addresses::study_shard(study, shard),
            membership: addresses::study_membership(study, patient),
        },
        LEAVE_STUDY_CIRCUIT,
        computation_offset
    );
    build(accounts, instruction::LeaveStudy { computation_offset })
}

/// The researcher queues the study's reveal.
pub fn reveal_study(researcher: &Pubkey, study: &Pubkey, computation_offset: u64) -> Instruction {
    let accounts = queue_accounts!(
        accounts::RevealStudy {
            researcher: *researcher,
            study: *study,
            shard_0: addresses::study_shard(study, 0),
            shard_1: addresses::study_shard(study, 1),
            shard_2: addresses::study_shard(study, 2),
            shard_3: addresses::study_shard(study, 3),
        },
        REVEAL_STUDY_CIRCUIT,
        computation_offset
    );
    build(accounts, instruction::RevealStudy { computation_offset })
}

/// Closes out `patient`'s join or leave in `study` (through `shard`), whose computation
/// `computation_offset` the cluster dropped; anyone may send it.
pub fn expire_study_update(
    study: &Pubkey,
    patient: &Pubkey,
    shard: u8,
    computation_offset: u64,
) -> Instruction {
    build(
        accounts::ExpireStudyUpdate {
            shard: addresses::study_shard(study, shard),
            membership: addresses::study_membership(study, patient),
            mxe_account: arcium_client::pda::mxe_acc(&PROGRAM_ID),
            computation_account: addresses::computation(computation_offset),
        },
        instruction::ExpireStudyUpdate {},
    )
}

/// Closes out `study`'s reveal, whose computation `computation_offset` the cluster dropped.
pub fn expire_reveal(study: &Pubkey, computation_offset: u64) -> Instruction {
    build(
        accounts::ExpireReveal {
            study: *study,
            mxe_account: arcium_client::pda::mxe_acc(&PROGRAM_ID),
            computation_account: addresses::computation(computation_offset),
        },
        instruction::ExpireReveal {},
    )
}
