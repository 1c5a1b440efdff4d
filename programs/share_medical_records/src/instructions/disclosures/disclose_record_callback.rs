use super::{begin_settlement, consent_change, live, record_delivery, record_failure, Credentials};
use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct DiscloseRecordCallback for "disclose_record" at COMP_DEF_OFFSET_DISCLOSE_RECORD {
        #[account(mut)]
        pub disclosure: Box<Account<'info, Disclosure>>,
        /// CHECK: the profile the request was queued with (Arcium checks the registered
        /// callback accounts); it may have been retired since, so it is decoded by `live`.
        pub provider: Option<UncheckedAccount<'info>>,
        /// The grant the request was queued with, which cannot be closed while it waits.
        #[account(mut)]
        pub grant: Option<Box<Account<'info, Grant>>>,
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
    }
}

/// Settles a queued disclosure:
/// - an aborted computation is recorded as failed;
/// - an output whose signature does not verify is rejected with the whole transaction, so a
///   forgery changes nothing and the disclosure waits for the real callback;
/// - a record the circuit found not bound to its owner released only zeros: recorded as such;
/// - a verified output is delivered as `RecordDisclosed` and its digest kept in the receipt.
///   The output is public in this transaction whatever the program does, so a consent that
///   changed while the cluster computed does not undo the disclosure: the receipt records it
///   as made, with the change.
pub fn settle_disclosure(
    ctx: Context<DiscloseRecordCallback>,
    output: SignedComputationOutputs<DiscloseRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    let DisclosureSubject::Record {
        version: record_version,
    } = disclosure.subject
    else {
        return err!(MedshareError::DisclosureNotPending);
    };
    let now = begin_settlement(
        disclosure,
        &accounts.computation_account.key(),
        &accounts.mxe_account,
        accounts.grant.as_deref_mut(),
    )?;

    if let SignedComputationOutputs::Failure(_) = output {
        let reason = failure_reason(&accounts.instructions_sysvar);
        record_failure(disclosure, DisclosureStatus::Failed, reason);
        return Ok(());
    }
    let DiscloseRecordOutput {
        field_0:
            DiscloseRecordOutputStruct0 {
                field_0: disclosed,
                field_1: bound,
                field_2: fields,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    require!(
        FieldSet(fields) == disclosure.fields
            && disclosed.encryption_key == disclosure.recipient_key
            && disclosed.nonce == output_nonce(disclosure.computation_offset),
        MedshareError::OutputMismatch
    );
    if !bound {
        let reason = "RecordNotBound".to_string();
        record_failure(disclosure, DisclosureStatus::RecordNotBound, reason);
        return Ok(());
    }

    let provider = live::<ProviderProfile>(accounts.provider.as_ref());
    let credentials = Credentials::new(provider.as_ref(), &accounts.grant, &accounts.access_config);
    let consent_changed = consent_change(disclosure, &credentials, now)?;
    record_delivery(
        disclosure,
        consent_changed,
        disclosed.nonce,
        &disclosed.ciphertexts,
    );
    emit_event(&RecordDisclosed {
        patient: disclosure.patient,
        provider: disclosure.provider,
        recipient_key: disclosed.encryption_key,
        fields: disclosure.fields,
        record_version,
        output_nonce: disclosed.nonce,
        ciphertexts: disclosed.ciphertexts,
        computation_offset: disclosure.computation_offset,
        consent_changed,
    });
    Ok(())
}
