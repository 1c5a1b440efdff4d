//! The steps every disclosure callback shares, whatever it disclosed.

use super::{consent_change, settle_grant_request, Credentials};
use crate::{
    constants::output_nonce,
    errors::MedshareError,
    events::{emit_event, DisclosureFailed},
    instructions::failure_reason,
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

/// Records an aborted computation as failed, with the reason the cluster stated; whether the
/// output was an abort.
pub fn recorded_abort<T: HasSize + AnchorDeserialize + AnchorSerialize>(
    disclosure: &mut Disclosure,
    output: &SignedComputationOutputs<T>,
    instructions_sysvar: &AccountInfo,
) -> bool {
    let aborted = matches!(output, SignedComputationOutputs::Failure(_));
    if aborted {
        let reason = failure_reason(instructions_sysvar);
        record_failure(disclosure, DisclosureStatus::Failed, reason);
    }
    aborted
}

/// Whether a verified output is encrypted for the receipt's recipient, under the nonce of the
/// receipt's own computation.
pub fn addressed_to(disclosure: &Disclosure, encryption_key: &[u8; 32], nonce: u128) -> bool {
    *encryption_key == disclosure.recipient_key
        && nonce == output_nonce(disclosure.computation_offset)
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

/// Settles the verified output of a circuit that reads the record (a disclosure, an answer): a
/// record the circuit found not bound to its owner released nothing and is receipted
/// `RecordNotBound`; otherwise the delivery is recorded with any change of consent while the
/// cluster computed, which is returned for the delivering event. `None`: nothing delivered.
pub fn settle_record_output(
    disclosure: &mut Disclosure,
    bound: bool,
    credentials: &Credentials,
    now: i64,
    output_nonce: u128,
    ciphertexts: &[[u8; 32]],
) -> Result<Option<Option<ConsentChange>>> {
    if !bound {
        let reason = "RecordNotBound".to_string();
        record_failure(disclosure, DisclosureStatus::RecordNotBound, reason);
        return Ok(None);
    }
    let consent_changed = consent_change(disclosure, credentials, now)?;
    record_delivery(disclosure, consent_changed, output_nonce, ciphertexts);
    Ok(Some(consent_changed))
}

/// The accounts of a callback settling a circuit that reads the record: the receipt and the
/// credentials the request was queued with (the profile decoded by `live`, since it may have
/// been retired since; the grant, which cannot be closed while the request waits).
macro_rules! record_settlement_accounts {
    ($name:ident for $circuit:literal at $comp_def:path) => {
        $crate::instructions::settlement_accounts! {
            pub struct $name for $circuit at $comp_def {
                #[account(mut)]
                pub disclosure: Box<Account<'info, Disclosure>>,
                /// CHECK: the profile the request was queued with (Arcium checks the registered
                /// callback accounts); decoded by `live`.
                pub provider: Option<UncheckedAccount<'info>>,
                #[account(mut)]
                pub grant: Option<Box<Account<'info, Grant>>>,
                /// Absent for questions: break-glass access asks none.
                pub access_config: Option<Box<Account<'info, AccessConfig>>>,
            }
        }
    };
}
pub(crate) use record_settlement_accounts;

/// The account's contents if it still holds a `T` of this program; `None` once it was closed.
pub fn live<T: AccountDeserialize + Owner>(account: Option<&UncheckedAccount>) -> Option<T> {
    let account = account?;
    if account.owner != &T::owner() {
        return None;
    }
    T::try_deserialize(&mut &account.try_borrow_data().ok()?[..]).ok()
}
