use crate::instructions::{
    addressed_to, begin_settlement, consent_change, live, record_delivery, record_failure,
    recorded_abort, settlement_accounts, Credentials,
};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct DiscloseSealedPairCallback for "disclose_sealed_pair"
        at COMP_DEF_OFFSET_DISCLOSE_SEALED_PAIR
    {
        #[account(mut)]
        pub disclosure: Box<Account<'info, Disclosure>>,
        /// CHECK: the document or attestation the receipt names (the handler checks the
        /// address and decodes it by the receipt's subject); neither is ever closed.
        pub subject: UncheckedAccount<'info>,
        /// CHECK: the profile the request was queued with; it may have been retired since, so
        /// it is decoded by `live`.
        pub provider: Option<UncheckedAccount<'info>>,
        #[account(mut)]
        pub grant: Option<Box<Account<'info, Grant>>>,
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
    }
}

/// Settles a queued disclosure of a document's key or an attestation's body as
/// `settle_disclosure` settles a record's: an abort or an unbound pair discloses nothing; a
/// verified output is delivered, also when the consent changed, the document was withdrawn or
/// the attestation revoked while the cluster computed (the output is public in this
/// transaction), which the receipt records.
pub fn settle_sealed_pair_disclosure(
    ctx: Context<DiscloseSealedPairCallback>,
    output: SignedComputationOutputs<DiscloseSealedPairOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    let address = match disclosure.subject {
        DisclosureSubject::Document { address, .. }
        | DisclosureSubject::Attestation { address } => address,
        DisclosureSubject::Record { .. } | DisclosureSubject::Answer { .. } => {
            return err!(MedshareError::DisclosureNotPending)
        }
    };
    require_keys_eq!(
        address,
        accounts.subject.key(),
        MedshareError::OutputMismatch
    );
    let now = begin_settlement(
        disclosure,
        &accounts.computation_account.key(),
        &accounts.mxe_account,
        accounts.grant.as_deref_mut(),
    )?;

    if recorded_abort(disclosure, &output, &accounts.instructions_sysvar) {
        return Ok(());
    }
    let DiscloseSealedPairOutput {
        field_0:
            DiscloseSealedPairOutputStruct0 {
                field_0: disclosed,
                field_1: bound,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    require!(
        addressed_to(disclosure, &disclosed.encryption_key, disclosed.nonce),
        MedshareError::OutputMismatch
    );
    if !bound {
        let reason = "PairNotBound".to_string();
        record_failure(disclosure, DisclosureStatus::PairNotBound, reason);
        return Ok(());
    }

    let subject_changed = match disclosure.subject {
        DisclosureSubject::Attestation { .. } => live::<Attestation>(Some(&accounts.subject))
            .and_then(|attestation| attestation.revoked_at)
            .map(|_| ConsentChange::AttestationRevoked),
        _ => live::<Document>(Some(&accounts.subject))
            .and_then(|document| document.withdrawn_at)
            .map(|_| ConsentChange::DocumentWithdrawn),
    };
    let provider = live::<ProviderProfile>(accounts.provider.as_ref());
    let credentials = Credentials::new(provider.as_ref(), &accounts.grant, &accounts.access_config);
    let consent_changed = match subject_changed {
        Some(change) => Some(change),
        None => consent_change(disclosure, &credentials, now)?,
    };
    record_delivery(
        disclosure,
        consent_changed,
        disclosed.nonce,
        &disclosed.ciphertexts,
    );
    let delivered = PairDelivery {
        patient: disclosure.patient,
        provider: disclosure.provider,
        recipient_key: disclosed.encryption_key,
        output_nonce: disclosed.nonce,
        ciphertexts: disclosed.ciphertexts,
        computation_offset: disclosure.computation_offset,
        consent_changed,
    };
    match disclosure.subject {
        DisclosureSubject::Document { address, version } => {
            emit_event(&DocumentKeyDisclosed {
                document: address,
                version,
                delivered,
            });
        }
        _ => emit_event(&AttestationDisclosed {
            attestation: address,
            delivered,
        }),
    }
    Ok(())
}
