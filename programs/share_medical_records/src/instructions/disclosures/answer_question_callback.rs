use super::{begin_settlement, consent_change, live, record_delivery, record_failure, Credentials};
use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct AnswerQuestionCallback for "answer_question" at COMP_DEF_OFFSET_ANSWER_QUESTION {
        #[account(mut)]
        pub disclosure: Box<Account<'info, Disclosure>>,
        /// CHECK: the profile the request was queued with; it may have been retired since, so
        /// it is decoded by `live`.
        pub provider: Option<UncheckedAccount<'info>>,
        /// The grant the request was queued with, which cannot be closed while it waits.
        #[account(mut)]
        pub grant: Option<Box<Account<'info, Grant>>>,
        /// Always absent: break-glass access asks no questions. The callback accounts of every
        /// disclosure have this shape.
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
    }
}

/// Settles a queued question as `settle_disclosure` settles a record's disclosure: a forged
/// output changes nothing, an unbound record is receipted as such and answers nothing, and a
/// verified answer is delivered as `QuestionAnswered`, its digest kept in the receipt. The
/// output must name the receipt's key, nonce and question.
pub fn settle_answer(
    ctx: Context<AnswerQuestionCallback>,
    output: SignedComputationOutputs<AnswerQuestionOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    let DisclosureSubject::Answer {
        version: record_version,
        question: question_hash,
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
    let AnswerQuestionOutput {
        field_0:
            AnswerQuestionOutputStruct0 {
                field_0: answer,
                field_1: bound,
                field_2: tag,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    require!(
        tag == question_tag(&question_hash)
            && answer.encryption_key == disclosure.recipient_key
            && answer.nonce == output_nonce(disclosure.computation_offset),
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
        answer.nonce,
        &answer.ciphertexts,
    );
    emit_event(&QuestionAnswered {
        patient: disclosure.patient,
        provider: disclosure.provider,
        recipient_key: answer.encryption_key,
        question_hash,
        record_version,
        output_nonce: answer.nonce,
        ciphertexts: answer.ciphertexts,
        computation_offset: disclosure.computation_offset,
        consent_changed,
    });
    Ok(())
}
