use super::{
    addressed_to, begin_settlement, live, record_settlement_accounts, recorded_abort,
    settle_record_output, Credentials,
};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

record_settlement_accounts!(DiscloseRecordCallback for "disclose_record" at COMP_DEF_OFFSET_DISCLOSE_RECORD);

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

    if recorded_abort(disclosure, &output, &accounts.instructions_sysvar) {
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
            && addressed_to(disclosure, &disclosed.encryption_key, disclosed.nonce),
        MedshareError::OutputMismatch
    );
    let provider = live::<ProviderProfile>(accounts.provider.as_ref());
    let credentials = Credentials::new(provider.as_ref(), &accounts.grant, &accounts.access_config);
    let settled = settle_record_output(
        disclosure,
        bound,
        &credentials,
        now,
        disclosed.nonce,
        &disclosed.ciphertexts,
    )?;
    let Some(consent_changed) = settled else {
        return Ok(());
    };
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
