use super::{
    addressed_to, begin_settlement, live, record_settlement_accounts, recorded_abort,
    settle_record_output, Credentials,
};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

record_settlement_accounts!(AnswerQuestionCallback for "answer_question" at COMP_DEF_OFFSET_ANSWER_QUESTION);

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

    if recorded_abort(disclosure, &output, &accounts.instructions_sysvar) {
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
            && addressed_to(disclosure, &answer.encryption_key, answer.nonce),
        MedshareError::OutputMismatch
    );
    let provider = live::<ProviderProfile>(accounts.provider.as_ref());
    let credentials = Credentials::new(provider.as_ref(), &accounts.grant, &accounts.access_config);
    let settled = settle_record_output(
        disclosure,
        bound,
        &credentials,
        now,
        answer.nonce,
        &answer.ciphertexts,
    )?;
    let Some(consent_changed) = settled else {
        return Ok(());
    };
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
