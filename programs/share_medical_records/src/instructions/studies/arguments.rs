//! The arguments each study circuit takes, most of them read by reference: the cluster reads
//! the record, the criteria and the tallies from their accounts when it executes.

use crate::{constants::*, state::*};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::ArgumentList;

/// `join_study`: the record (bound to its owner and `record_address`), the study's criteria,
/// the shard's tally, and whether the shard has none yet.
pub fn join_arguments(
    record: &PatientRecord,
    record_address: &Pubkey,
    study_address: &Pubkey,
    shard: &StudyShard,
    shard_address: &Pubkey,
) -> ArgumentList {
    record
        .sealed_by_reference(record_address)
        .packed_account(*study_address, 8, STUDY_CRITERIA_LEN)
        .packed_account(*shard_address, 8, ENCRYPTED_TALLY_LEN)
        .plaintext_bool(!shard.written)
        .build()
}

/// `leave_study`: the shard's tally, then the membership's tallies before (or none) and after
/// the join.
pub fn leave_arguments(
    shard_address: &Pubkey,
    membership: &StudyMembership,
    membership_address: &Pubkey,
) -> ArgumentList {
    ArgBuilder::new()
        .packed_account(*shard_address, 8, ENCRYPTED_TALLY_LEN)
        .packed_account(*membership_address, 8, ENCRYPTED_TALLY_LEN)
        .plaintext_bool(!membership.before_written)
        .packed_account(
            *membership_address,
            8 + ENCRYPTED_TALLY_LEN,
            ENCRYPTED_TALLY_LEN,
        )
        .build()
}

/// `reveal_study`: the four shards' tallies, which of them have none yet, k, the cells the
/// criteria make always zero, and the noise's thresholds.
pub fn reveal_arguments(
    study: &Study,
    study_address: &Pubkey,
    shards: [(&StudyShard, Pubkey); STUDY_SHARDS as usize],
) -> ArgumentList {
    let args = shards.iter().fold(ArgBuilder::new(), |args, (_, address)| {
        args.packed_account(*address, 8, ENCRYPTED_TALLY_LEN)
    });
    shards
        .iter()
        .fold(args, |args, (shard, _)| args.plaintext_bool(!shard.written))
        .plaintext_u32(study.k)
        .plaintext_u64(structural_zeros(&study.criteria))
        .packed_account(
            *study_address,
            NOISE_THRESHOLDS_OFFSET,
            4 * NOISE_BITS as u32,
        )
        .build()
}
