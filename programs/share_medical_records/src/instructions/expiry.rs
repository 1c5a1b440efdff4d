//! Closing out a computation the cluster will never answer.

use crate::errors::MedshareError;
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
