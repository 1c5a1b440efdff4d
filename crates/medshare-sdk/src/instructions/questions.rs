use super::{build, consent::grant_accounts, ANSWER_QUESTION_CIRCUIT};
use share_medical_records::{
    accounts, instruction,
    state::{PurposeOfUse, Question, QuestionAllowance},
    QuestionRequest,
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// `patient` grants `verifier_wallet` `questions` about the record for `purpose` until
/// `expires_at`, in place of any grant of fields to it.
pub fn grant_eligibility(
    patient: &Pubkey,
    verifier_wallet: &Pubkey,
    questions: QuestionAllowance,
    purpose: PurposeOfUse,
    expires_at: i64,
) -> Instruction {
    build(
        grant_accounts(patient, verifier_wallet),
        instruction::GrantEligibility {
            questions,
            purpose,
            expires_at,
        },
    )
}

/// `verifier_wallet` asks `question` about `patient`'s record under its eligibility grant.
pub fn ask_question(
    verifier_wallet: &Pubkey,
    patient: &Pubkey,
    computation_offset: u64,
    question: Question,
) -> Instruction {
    answer_question(
        verifier_wallet,
        patient,
        Some(*verifier_wallet),
        computation_offset,
        QuestionRequest::Grant,
        question,
    )
}

/// `patient` has `question` about their record answered for `recipient_key`.
pub fn answer_for(
    patient: &Pubkey,
    computation_offset: u64,
    recipient_key: [u8; 32],
    question: Question,
) -> Instruction {
    answer_question(
        patient,
        patient,
        None,
        computation_offset,
        QuestionRequest::Patient { recipient_key },
        question,
    )
}

/// `answer_question` signed by `requester` about `patient`'s record, with the profile and
/// grant of `verifier_wallet` when there is one.
pub fn answer_question(
    requester: &Pubkey,
    patient: &Pubkey,
    verifier_wallet: Option<Pubkey>,
    computation_offset: u64,
    request: QuestionRequest,
    question: Question,
) -> Instruction {
    build(
        queue_accounts!(
            accounts::AnswerQuestion {
                requester: *requester,
                record: addresses::record(patient),
                provider: verifier_wallet.map(|wallet| addresses::provider(&wallet)),
                grant: verifier_wallet.map(|wallet| addresses::grant(patient, &wallet)),
                disclosure: addresses::receipt(computation_offset),
            },
            ANSWER_QUESTION_CIRCUIT,
            computation_offset
        ),
        instruction::AnswerQuestion {
            computation_offset,
            request,
            question,
        },
    )
}
