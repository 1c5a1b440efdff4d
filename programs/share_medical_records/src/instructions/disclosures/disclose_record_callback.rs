use super::{still_authorized, Credentials};
use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct DiscloseRecordCallback for "disclose_record" at COMP_DEF_OFFSET_DISCLOSE_RECORD {
        #[account(mut)]
        pub disclosure: Box<Account<'info, Disclosure>>,
        pub provider: Option<Box<Account<'info, ProviderProfile>>>,
        pub grant: Option<Box<Account<'info, Grant>>>,
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
    }
}

/// Settles a queued disclosure:
/// - an aborted computation is recorded as failed;
/// - an output whose signature does not verify is rejected with the whole transaction, so a
///   forgery changes nothing and the disclosure waits for the real callback;
/// - a verified output is delivered as `RecordDisclosed` only if the authorization it was queued
///   under still holds; otherwise it is dropped and the receipt says why.
pub fn settle_disclosure(
    ctx: Context<DiscloseRecordCallback>,
    output: SignedComputationOutputs<DiscloseRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    require!(
        disclosure.status == DisclosureStatus::Queued,
        MedshareError::DisclosureNotPending
    );
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(disclosure.computation_offset, accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    let now = Clock::get()?.unix_timestamp;
    disclosure.completed_at = now;

    if let SignedComputationOutputs::Failure(_) = output {
        disclosure.status = DisclosureStatus::Failed;
        emit_event(&DisclosureFailed {
            patient: disclosure.patient,
            provider: disclosure.provider,
            computation_offset: disclosure.computation_offset,
            reason: failure_reason(&accounts.instructions_sysvar),
        });
        return Ok(());
    }
    let DiscloseRecordOutput {
        field_0:
            DiscloseRecordOutputStruct0 {
                field_0: disclosed,
                field_1: fields,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    require!(
        FieldSet(fields) == disclosure.fields
            && disclosed.encryption_key == disclosure.recipient_key,
        MedshareError::OutputMismatch
    );

    let credentials =
        Credentials::new(&accounts.provider, &accounts.grant, &accounts.access_config);
    if let Some(reason) = still_authorized(disclosure, &credentials, now)? {
        disclosure.status = DisclosureStatus::Cancelled(reason);
        emit_event(&DisclosureCancelled {
            patient: disclosure.patient,
            provider: disclosure.provider,
            computation_offset: disclosure.computation_offset,
            reason,
        });
        return Ok(());
    }
    disclosure.status = DisclosureStatus::Delivered;
    emit_event(&RecordDisclosed {
        patient: disclosure.patient,
        provider: disclosure.provider,
        recipient_key: disclosed.encryption_key,
        fields: disclosure.fields,
        record_version: disclosure.record_version,
        output_nonce: disclosed.nonce,
        ciphertexts: disclosed.ciphertexts,
        computation_offset: disclosure.computation_offset,
    });
    Ok(())
}
