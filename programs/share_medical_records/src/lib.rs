//! medshare: patients keep encrypted clinical summaries on Solana and disclose them, whole or in
//! part, through Arcium MPC, which re-encrypts them for a recipient without anyone seeing the
//! plaintext. Consent (grants, break-glass access) is on-chain, and every disclosure leaves a
//! receipt.
//!
//! Each instruction lives in its own file under `instructions/`; this module only routes.

use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod keys;
pub mod state;

use constants::RECORD_CIPHERTEXTS;
pub use instructions::*;
use state::{DocumentContents, FieldSet, PurposeOfUse, Question, QuestionAllowance, StudyCriteria};

declare_id!("MedSh6n6hYWVqGxU8dJqjz6vx2CWCrXM4UZnu5sJFsm");

#[arcium_program]
pub mod share_medical_records {
    use super::*;

    // Records.

    pub fn store_record(
        ctx: Context<StoreRecord>,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    ) -> Result<()> {
        instructions::store(ctx, encryption_key, nonce, ciphertexts)
    }

    pub fn update_record(
        ctx: Context<UpdateRecord>,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    ) -> Result<()> {
        instructions::update(ctx, encryption_key, nonce, ciphertexts)
    }

    pub fn rotate_record_key(
        ctx: Context<RotateRecordKey>,
        computation_offset: u64,
        new_key: [u8; 32],
        new_tag: [u8; 32],
    ) -> Result<()> {
        instructions::rotate_key(ctx, computation_offset, new_key, new_tag)
    }

    pub fn expire_rotation(ctx: Context<ExpireRotation>) -> Result<()> {
        instructions::close_out_rotation(ctx)
    }

    pub fn close_record(ctx: Context<CloseRecord>) -> Result<()> {
        instructions::close_own_record(ctx)
    }

    #[arcium_callback(encrypted_ix = "reseal_record")]
    pub fn reseal_record_callback(
        ctx: Context<ResealRecordCallback>,
        output: SignedComputationOutputs<ResealRecordOutput>,
    ) -> Result<()> {
        instructions::settle_rotation(ctx, output)
    }

    // Providers.

    pub fn register_provider(
        ctx: Context<RegisterProvider>,
        encryption_key: [u8; 32],
        name: String,
        identifier: String,
    ) -> Result<()> {
        instructions::register(ctx, encryption_key, name, identifier)
    }

    pub fn rotate_provider_key(
        ctx: Context<RotateProviderKey>,
        encryption_key: [u8; 32],
    ) -> Result<()> {
        instructions::rotate_encryption_key(ctx, encryption_key)
    }

    pub fn retire_provider(ctx: Context<RetireProvider>) -> Result<()> {
        instructions::retire(ctx)
    }

    // Consent.

    pub fn grant_access(
        ctx: Context<GrantAccess>,
        fields: FieldSet,
        purpose: PurposeOfUse,
        expires_at: i64,
    ) -> Result<()> {
        instructions::grant(ctx, fields, purpose, expires_at)
    }

    /// Grants a verifier yes-or-no questions about the record, and no field.
    pub fn grant_eligibility(
        ctx: Context<GrantAccess>,
        questions: QuestionAllowance,
        purpose: PurposeOfUse,
        expires_at: i64,
    ) -> Result<()> {
        instructions::grant_questions(ctx, questions, purpose, expires_at)
    }

    pub fn narrow_grant(
        ctx: Context<ChangeGrant>,
        fields: FieldSet,
        expires_at: i64,
    ) -> Result<()> {
        instructions::narrow(ctx, fields, expires_at)
    }

    pub fn revoke_grant(ctx: Context<ChangeGrant>) -> Result<()> {
        instructions::revoke(ctx)
    }

    pub fn close_grant(ctx: Context<CloseGrant>) -> Result<()> {
        instructions::close_ended_grant(ctx)
    }

    pub fn initialize_access_config(
        ctx: Context<InitializeAccessConfig>,
        authority: Pubkey,
        emergency_providers: Vec<Pubkey>,
    ) -> Result<()> {
        instructions::initialize_config(ctx, authority, emergency_providers)
    }

    pub fn update_access_config(
        ctx: Context<UpdateAccessConfig>,
        emergency_providers: Vec<Pubkey>,
    ) -> Result<()> {
        instructions::update_config(ctx, emergency_providers)
    }

    pub fn propose_config_authority(
        ctx: Context<UpdateAccessConfig>,
        successor: Pubkey,
    ) -> Result<()> {
        instructions::propose_authority(ctx, successor)
    }

    pub fn accept_config_authority(ctx: Context<AcceptConfigAuthority>) -> Result<()> {
        instructions::accept_authority(ctx)
    }

    // Disclosures.

    pub fn init_disclose_record_comp_def(
        ctx: Context<InitDiscloseRecordCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_disclose_record_circuit(ctx, circuit_url)
    }

    pub fn init_reseal_record_comp_def(
        ctx: Context<InitResealRecordCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_reseal_record_circuit(ctx, circuit_url)
    }

    pub fn disclose_record(
        ctx: Context<DiscloseRecord>,
        computation_offset: u64,
        request: DisclosureRequest,
    ) -> Result<()> {
        instructions::queue_disclosure(ctx, computation_offset, request)
    }

    pub fn expire_disclosure(ctx: Context<ExpireDisclosure>) -> Result<()> {
        instructions::close_out_disclosure(ctx)
    }

    #[arcium_callback(encrypted_ix = "disclose_record")]
    pub fn disclose_record_callback(
        ctx: Context<DiscloseRecordCallback>,
        output: SignedComputationOutputs<DiscloseRecordOutput>,
    ) -> Result<()> {
        instructions::settle_disclosure(ctx, output)
    }

    // Documents and attestations.

    pub fn init_disclose_sealed_pair_comp_def(
        ctx: Context<InitDiscloseSealedPairCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_disclose_sealed_pair_circuit(ctx, circuit_url)
    }

    pub fn add_document(
        ctx: Context<AddDocument>,
        patient: Pubkey,
        id: u64,
        contents: DocumentContents,
        emergency_access: bool,
    ) -> Result<()> {
        instructions::add_patient_document(ctx, patient, id, contents, emergency_access)
    }

    pub fn withdraw_document(ctx: Context<WithdrawDocument>) -> Result<()> {
        instructions::withdraw_patient_document(ctx)
    }

    pub fn accredit_provider(ctx: Context<AccreditProvider>) -> Result<()> {
        instructions::accredit(ctx)
    }

    pub fn withdraw_accreditation(ctx: Context<WithdrawAccreditation>) -> Result<()> {
        instructions::end_accreditation(ctx)
    }

    pub fn attest(
        ctx: Context<Attest>,
        recipient: Pubkey,
        id: u64,
        statement: Statement,
    ) -> Result<()> {
        instructions::attest_about(ctx, recipient, id, statement)
    }

    pub fn revoke_attestation(ctx: Context<RevokeAttestation>) -> Result<()> {
        instructions::revoke_own_attestation(ctx)
    }

    /// Discloses a document's file key or an attestation's body.
    pub fn disclose_sealed_pair(
        ctx: Context<DiscloseSealedPair>,
        computation_offset: u64,
        request: DisclosureRequest,
    ) -> Result<()> {
        instructions::queue_sealed_pair_disclosure(ctx, computation_offset, request)
    }

    #[arcium_callback(encrypted_ix = "disclose_sealed_pair")]
    pub fn disclose_sealed_pair_callback(
        ctx: Context<DiscloseSealedPairCallback>,
        output: SignedComputationOutputs<DiscloseSealedPairOutput>,
    ) -> Result<()> {
        instructions::settle_sealed_pair_disclosure(ctx, output)
    }

    // Eligibility answers.

    pub fn init_answer_question_comp_def(
        ctx: Context<InitAnswerQuestionCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_answer_question_circuit(ctx, circuit_url)
    }

    /// Has the cluster answer `question` about the record, for the patient or under an
    /// eligibility grant.
    pub fn answer_question(
        ctx: Context<AnswerQuestion>,
        computation_offset: u64,
        request: QuestionRequest,
        question: Question,
    ) -> Result<()> {
        instructions::queue_answer(ctx, computation_offset, request, question)
    }

    #[arcium_callback(encrypted_ix = "answer_question")]
    pub fn answer_question_callback(
        ctx: Context<AnswerQuestionCallback>,
        output: SignedComputationOutputs<AnswerQuestionOutput>,
    ) -> Result<()> {
        instructions::settle_answer(ctx, output)
    }

    // Research studies.

    pub fn init_join_study_comp_def(
        ctx: Context<InitJoinStudyCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_join_study_circuit(ctx, circuit_url)
    }

    pub fn init_leave_study_comp_def(
        ctx: Context<InitLeaveStudyCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_leave_study_circuit(ctx, circuit_url)
    }

    pub fn init_reveal_study_comp_def(
        ctx: Context<InitRevealStudyCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_reveal_study_circuit(ctx, circuit_url)
    }

    pub fn register_study(
        ctx: Context<RegisterStudy>,
        id: u64,
        criteria: StudyCriteria,
        terms: StudyTerms,
    ) -> Result<()> {
        instructions::register_new_study(ctx, id, criteria, terms)
    }

    pub fn approve_study(ctx: Context<ApproveStudy>) -> Result<()> {
        instructions::approve(ctx)
    }

    pub fn close_study(ctx: Context<CloseStudy>) -> Result<()> {
        instructions::close_enrolment(ctx)
    }

    pub fn join_study(
        ctx: Context<JoinStudy>,
        computation_offset: u64,
        protocol_hash: [u8; 32],
    ) -> Result<()> {
        instructions::queue_join(ctx, computation_offset, protocol_hash)
    }

    #[arcium_callback(encrypted_ix = "join_study")]
    pub fn join_study_callback(
        ctx: Context<JoinStudyCallback>,
        output: SignedComputationOutputs<JoinStudyOutput>,
    ) -> Result<()> {
        instructions::settle_join(ctx, output)
    }

    pub fn leave_study(ctx: Context<LeaveStudy>, computation_offset: u64) -> Result<()> {
        instructions::queue_leave(ctx, computation_offset)
    }

    #[arcium_callback(encrypted_ix = "leave_study")]
    pub fn leave_study_callback(
        ctx: Context<LeaveStudyCallback>,
        output: SignedComputationOutputs<LeaveStudyOutput>,
    ) -> Result<()> {
        instructions::settle_leave(ctx, output)
    }

    pub fn expire_study_update(ctx: Context<ExpireStudyUpdate>) -> Result<()> {
        instructions::close_out_study_update(ctx)
    }

    pub fn reveal_study(ctx: Context<RevealStudy>, computation_offset: u64) -> Result<()> {
        instructions::queue_reveal(ctx, computation_offset)
    }

    #[arcium_callback(encrypted_ix = "reveal_study")]
    pub fn reveal_study_callback(
        ctx: Context<RevealStudyCallback>,
        output: SignedComputationOutputs<RevealStudyOutput>,
    ) -> Result<()> {
        instructions::settle_reveal(ctx, output)
    }

    pub fn expire_reveal(ctx: Context<ExpireReveal>) -> Result<()> {
        instructions::close_out_reveal(ctx)
    }
}
