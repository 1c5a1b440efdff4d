use super::{
    authorize, callback_accounts, open_receipt, Credentials, DisclosureRequest, Request, Requested,
};
use crate::{
    constants::*, errors::MedshareError, events::*, instructions::queue_accounts, state::*,
    AnswerQuestionCallback, ArciumSignerAccount, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::ArgumentList;

/// Who has a question answered, and for whom. Break-glass access has no part here: an
/// emergency needs the fields themselves, which `disclose_record` gives.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionRequest {
    /// The patient has the answer sent to any x25519 key: a verifier's, on its asking.
    Patient { recipient_key: [u8; 32] },
    /// A verifier asks under its eligibility grant, spending one of its questions.
    Grant,
}

impl From<QuestionRequest> for DisclosureRequest {
    fn from(request: QuestionRequest) -> Self {
        match request {
            QuestionRequest::Patient { recipient_key } => {
                DisclosureRequest::Patient { recipient_key }
            }
            QuestionRequest::Grant => DisclosureRequest::Grant,
        }
    }
}

queue_accounts! {
    pub struct AnswerQuestion for "answer_question" at COMP_DEF_OFFSET_ANSWER_QUESTION,
        payer = requester, offset = computation_offset
    {
        /// The patient, or a verifier asking under its eligibility grant. Pays the receipt.
        #[account(mut)]
        pub requester: Signer<'info>,
        #[account(seeds = [RECORD_SEED, record.owner.as_ref()], bump = record.bump)]
        pub record: Box<Account<'info, PatientRecord>>,
        /// The verifier's profile: needed for grant requests.
        #[account(constraint = provider.wallet == requester.key() @ MedshareError::NotProviderWallet)]
        pub provider: Option<Box<Account<'info, ProviderProfile>>>,
        /// The patient's eligibility grant to the verifier: needed for grant requests.
        #[account(
            mut,
            constraint = grant.patient == record.owner @ MedshareError::GrantNotForRecord,
            constraint = grant.provider == requester.key() @ MedshareError::GrantNotForProvider,
        )]
        pub grant: Option<Box<Account<'info, Grant>>>,
        #[account(
            init,
            payer = requester,
            space = 8 + Disclosure::INIT_SPACE,
            seeds = [RECEIPT_SEED, computation_offset.to_le_bytes().as_ref()],
            bump,
        )]
        pub disclosure: Box<Account<'info, Disclosure>>,
    }
}

/// `answer_question`'s arguments: the recipient's key and nonce, the record bound to its owner
/// and `record_address`, the question, and the tag of its hash (`Question::hash`).
pub fn answer_arguments(
    record: &PatientRecord,
    record_address: &Pubkey,
    recipient_key: [u8; 32],
    computation_offset: u64,
    question: &Question,
    question_hash: &[u8; 32],
) -> ArgumentList {
    question
        .arguments(record.reencryption_args(
            record_address,
            recipient_key,
            recipient_nonce(computation_offset),
        ))
        .plaintext_u128(question_tag(question_hash))
        .build()
}

/// Queues the answer to `question` about the record, for the recipient's key, and opens the
/// receipt, which names the question by its hash; the question itself goes in the
/// `QuestionAsked` event. A grant request spends one of the grant's questions whatever the
/// answer, and whether or not the cluster answers: the allowance counts questions asked.
pub fn queue_answer(
    ctx: Context<AnswerQuestion>,
    computation_offset: u64,
    request: QuestionRequest,
    question: Question,
) -> Result<()> {
    question.validate()?;
    let now = Clock::get()?.unix_timestamp;
    let requester = ctx.accounts.requester.key();
    let record = &ctx.accounts.record;
    let provider = ctx.accounts.provider.as_deref().map(|provider| &**provider);
    let terms = authorize(
        request.into(),
        &requester,
        Requested::Answer(record),
        &Credentials::new(provider, &ctx.accounts.grant, &None),
        now,
    )?;
    if let (DisclosureBasis::Grant(_), Some(grant)) = (terms.basis, &mut ctx.accounts.grant) {
        grant.questions.spend(&question)?;
        grant.queue_request()?;
    }

    let question_hash = question.hash();
    let args = answer_arguments(
        record,
        &record.key(),
        terms.recipient_key,
        computation_offset,
        &question,
        &question_hash,
    );

    let asked = QuestionAsked {
        patient: record.owner,
        provider: terms.provider,
        computation_offset,
        question,
        question_hash,
    };
    let request = Request {
        requester,
        patient: record.owner,
        subject: DisclosureSubject::Answer {
            version: record.version,
            question: question_hash,
        },
        computation_offset,
        now,
    };
    let (receipt, queued) = open_receipt(request, terms, ctx.bumps.disclosure);
    ctx.accounts.disclosure.set_inner(receipt);

    let callback_accounts = callback_accounts(
        ctx.accounts.disclosure.key(),
        None,
        ctx.accounts.provider.as_ref().map(|p| p.key()),
        ctx.accounts.grant.as_ref().map(|g| g.key()),
        None,
    );
    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = AnswerQuestionCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &callback_accounts,
    )?;
    queue_computation(
        ctx.accounts,
        computation_offset,
        args,
        vec![callback],
        1,
        0,
        CALLBACK_CU_LIMIT,
    )?;
    emit_event(&queued);
    emit_event(&asked);
    Ok(())
}
