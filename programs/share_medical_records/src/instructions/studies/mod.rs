//! Research studies: statistics over consenting patients' records, computed by the cluster and
//! revealed only as thresholded aggregates (`docs/studies.md`).

pub mod arguments;
pub mod expire;
pub mod join_study;
pub mod join_study_callback;
pub mod leave_study;
pub mod leave_study_callback;
pub mod register_study;
pub mod reveal_study;
pub mod reveal_study_callback;

pub use arguments::*;
pub use expire::*;
pub use join_study::*;
pub use join_study_callback::*;
pub use leave_study::*;
pub use leave_study_callback::*;
pub use register_study::*;
pub use reveal_study::*;
pub use reveal_study_callback::*;

use crate::{errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

impl From<MXEEncryptedStruct<{ crate::constants::TALLY_ELEMENTS }>> for EncryptedTally {
    fn from(output: MXEEncryptedStruct<{ crate::constants::TALLY_ELEMENTS }>) -> Self {
        Self {
            nonce: output.nonce,
            ciphertexts: output.ciphertexts,
        }
    }
}

/// The two kinds of update a membership makes to its shard.
#[derive(Clone, Copy)]
enum Update {
    Join,
    Leave,
}

/// The computation a callback of `update` settles: the one the membership and its shard both
/// wait for, at the computation account the callback names.
fn settled_update(
    update: Update,
    shard: &StudyShard,
    membership: &StudyMembership,
    computation_account: &Pubkey,
    mxe_account: &MXEAccount,
) -> Result<u64> {
    let waiting = match (update, membership.status) {
        (Update::Join, MembershipStatus::Joining { computation_offset })
        | (Update::Leave, MembershipStatus::Leaving { computation_offset }) => {
            Some(computation_offset)
        }
        _ => None,
    };
    let Some(computation_offset) = waiting.filter(|offset| shard.pending == Some(*offset)) else {
        return err!(MedshareError::StudyUpdateSuperseded);
    };
    require_keys_eq!(
        *computation_account,
        derive_comp_pda!(computation_offset, mxe_account),
        MedshareError::ComputationMismatch
    );
    Ok(computation_offset)
}

/// Ends an update that changed nothing: the shard takes the next one, and the membership
/// goes back to `status`.
fn abandon_update(
    shard: &mut StudyShard,
    membership: &mut StudyMembership,
    status: MembershipStatus,
    computation_offset: u64,
    reason: String,
) {
    shard.pending = None;
    membership.status = status;
    emit_event(&StudyUpdateFailed {
        study: membership.study,
        patient: membership.patient,
        computation_offset,
        reason,
    });
}
