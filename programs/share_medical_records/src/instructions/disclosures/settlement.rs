//! The steps every disclosure callback shares, whatever it disclosed.

use super::settle_grant_request;
use crate::{
    errors::MedshareError,
    events::{emit_event, DisclosureFailed},
    state::*,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

/// Takes a receipt out of `Queued` for its own computation, once, and counts the grant's request
/// settled. Returns the time of settlement.
pub fn begin_settlement(
    disclosure: &mut Disclosure,
    computation_account: &Pubkey,
    mxe_account: &MXEAccount,
    grant: Option<&mut Account<Grant>>,
) -> Result<i64> {
    require!(
        disclosure.status == DisclosureStatus::Queued,
        MedshareError::DisclosureNotPending
    );
    require_keys_eq!(
        *computation_account,
        derive_comp_pda!(disclosure.computation_offset, mxe_account),
        MedshareError::ComputationMismatch
    );
    let now = Clock::get()?.unix_timestamp;
    disclosure.completed_at = now;
    settle_grant_request(disclosure, grant)?;
    Ok(now)
}

/// Records that nothing was disclosed, and why.
pub fn record_failure(disclosure: &mut Disclosure, status: DisclosureStatus, reason: String) {
    disclosure.status = status;
    emit_event(&DisclosureFailed {
        patient: disclosure.patient,
        provider: disclosure.provider,
        computation_offset: disclosure.computation_offset,
        reason,
    });
}

/// Records a delivery: its status, with any change of consent while the cluster computed, and
/// the digest clients check the delivering event against.
pub fn record_delivery(
    disclosure: &mut Disclosure,
    consent_changed: Option<ConsentChange>,
    output_nonce: u128,
    ciphertexts: &[[u8; 32]],
) {
    disclosure.status = match consent_changed {
        None => DisclosureStatus::Delivered,
        Some(change) => DisclosureStatus::DeliveredAfter(change),
    };
    disclosure.delivery_digest = delivery_digest(
        disclosure.computation_offset,
        &disclosure.recipient_key,
        output_nonce,
        ciphertexts,
    );
}

/// The account's contents if it still holds a `T` of this program; `None` once it was closed.
pub fn live<T: AccountDeserialize + Owner>(account: Option<&UncheckedAccount>) -> Option<T> {
    let account = account?;
    if account.owner != &T::owner() {
        return None;
    }
    T::try_deserialize(&mut &account.try_borrow_data().ok()?[..]).ok()
}
