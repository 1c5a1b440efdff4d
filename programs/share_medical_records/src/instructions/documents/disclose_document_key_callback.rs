use crate::instructions::{
    begin_settlement, consent_change, failure_reason, live, record_delivery, record_failure,
    settlement_accounts, Credentials,
};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct DiscloseDocumentKeyCallback for "disclose_document_key"
        at COMP_DEF_OFFSET_DISCLOSE_DOCUMENT_KEY
    {
        #[account(mut)]
        pub disclosure: Box<Account<'info, Disclosure>>,
        /// The document the key belongs to; documents are never closed.
        pub document: Box<Account<'info, Document>>,
        /// CHECK: the profile the request was queued with; it may have been retired since, so
        /// it is decoded by `live`.
        pub provider: Option<UncheckedAccount<'info>>,
        #[account(mut)]
        pub grant: Option<Box<Account<'info, Grant>>>,
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
    }
}

/// Settles a queued document key disclosure as `settle_disclosure` settles a record's: an abort
/// or an unbound key discloses nothing; a verified output is delivered as
/// `DocumentKeyDisclosed`, also when the consent changed or the document was withdrawn while
/// the cluster computed (the output is public in this transaction), which the receipt records.
pub fn settle_document_key_disclosure(
    ctx: Context<DiscloseDocumentKeyCallback>,
    output: SignedComputationOutputs<DiscloseDocumentKeyOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    let document = &accounts.document;
    let DisclosureSubject::Document { address, version } = disclosure.subject else {
        return err!(MedshareError::DisclosureNotPending);
    };
    require_keys_eq!(address, document.key(), MedshareError::OutputMismatch);
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
    let DiscloseDocumentKeyOutput {
        field_0:
            DiscloseDocumentKeyOutputStruct0 {
                field_0: disclosed,
                field_1: bound,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    require!(
        disclosed.encryption_key == disclosure.recipient_key
            && disclosed.nonce == output_nonce(disclosure.computation_offset),
        MedshareError::OutputMismatch
    );
    if !bound {
        let reason = "DocumentNotBound".to_string();
        record_failure(disclosure, DisclosureStatus::DocumentNotBound, reason);
        return Ok(());
    }

    let provider = live::<ProviderProfile>(&accounts.provider);
    let credentials = Credentials::new(provider.as_ref(), &accounts.grant, &accounts.access_config);
    let consent_changed = match document.withdrawn_at {
        Some(_) => Some(ConsentChange::DocumentWithdrawn),
        None => consent_change(disclosure, &credentials, now)?,
    };
    record_delivery(
        disclosure,
        consent_changed,
        disclosed.nonce,
        &disclosed.ciphertexts,
    );
    emit_event(&DocumentKeyDisclosed {
        patient: disclosure.patient,
        provider: disclosure.provider,
        recipient_key: disclosed.encryption_key,
        document: address,
        version,
        output_nonce: disclosed.nonce,
        ciphertexts: disclosed.ciphertexts,
        computation_offset: disclosure.computation_offset,
        consent_changed,
    });
    Ok(())
}
