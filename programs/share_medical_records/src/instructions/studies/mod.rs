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
use arcium_anchor::prelude::MXEEncryptedStruct;

impl From<MXEEncryptedStruct<{ crate::constants::TALLY_ELEMENTS }>> for EncryptedTally {
    fn from(output: MXEEncryptedStruct<{ crate::constants::TALLY_ELEMENTS }>) -> Self {
        Self {
            nonce: output.nonce,
            ciphertexts: output.ciphertexts,
        }
    }
}

/// The update `computation_offset` of `shard` for `membership`, if it is the one both wait for.
fn require_current(
    shard: &StudyShard,
    membership: &StudyMembership,
    computation_offset: u64,
    expected: MembershipStatus,
) -> Result<()> {
    require!(
        shard.pending == Some(computation_offset) && membership.status == expected,
        MedshareError::StudyUpdateSuperseded
    );
    Ok(())
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
