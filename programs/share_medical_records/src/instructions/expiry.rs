//! Closing out a computation the cluster will never answer.

use crate::{constants::MEMPOOL_LIFETIME_SLOTS, errors::MedshareError};
use anchor_lang::prelude::*;

/// A computation can be delivered only while its account exists: Arcium's `callback_computation`
/// needs it, and Arcium closes it before a callback only when the computation expired from the
/// mempool unexecuted (`reclaim_expired_computation_fee`). An address with lamports and no data
/// is gone too: anyone can fund any address.
pub fn require_undeliverable(computation_account: &AccountInfo) -> Result<()> {
    require!(
        computation_account.data_is_empty(),
        MedshareError::ComputationStillPending
    );
    Ok(())
}

/// A study update or reveal queued at `queued_slot` is closed out by whoever asks once its
/// computation account is gone, or once it has outlived Arcium's mempool, whoever paid for it:
/// a patient who never reclaims their fee must not freeze a shard or the reveal. A callback
/// that still comes later finds nothing waiting for it and is refused.
pub fn require_expired(computation_account: &AccountInfo, queued_slot: u64) -> Result<()> {
    if Clock::get()?.slot > queued_slot.saturating_add(MEMPOOL_LIFETIME_SLOTS) {
        return Ok(());
    }
    require_undeliverable(computation_account)
}
