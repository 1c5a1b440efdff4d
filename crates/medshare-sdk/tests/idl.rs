//! The committed IDL (idl/, which TypeScript clients are typed by) against the program it was
//! generated from: run ./scripts/idl when this fails.

use anchor_lang::Discriminator;
use medshare_sdk::program_errors::medshare_error;
use serde_json::Value;
use share_medical_records::{events, instruction, state, ID};
use std::collections::BTreeMap;

fn idl() -> Value {
    let text = include_str!("../../../idl/share_medical_records.json");
    serde_json::from_str(text).expect("the IDL is JSON")
}

/// `name -> discriminator` of one IDL section.
fn discriminators(section: &str) -> BTreeMap<String, Vec<u8>> {
    let idl = idl();
    (idl[section].as_array().expect("a section"))
        .iter()
        .map(|item| {
            let bytes = item["discriminator"].as_array().expect("a discriminator");
            let bytes = bytes
                .iter()
                .map(|byte| byte.as_u64().unwrap() as u8)
                .collect();
            (item["name"].as_str().unwrap().to_string(), bytes)
        })
        .collect()
}

macro_rules! table {
    ($($name:literal => $ty:ty),+ $(,)?) => {
        BTreeMap::from([$(($name.to_string(), <$ty>::DISCRIMINATOR.to_vec())),+])
    };
}

#[test]
fn the_idl_names_the_program() {
    assert_eq!(idl()["address"], ID.to_string());
}

#[test]
fn the_idl_holds_every_instruction_of_the_program() {
    let program = table! {
        "store_record" => instruction::StoreRecord,
        "update_record" => instruction::UpdateRecord,
        "rotate_record_key" => instruction::RotateRecordKey,
        "expire_rotation" => instruction::ExpireRotation,
        "close_record" => instruction::CloseRecord,
        "reseal_record_callback" => instruction::ResealRecordCallback,
        "register_provider" => instruction::RegisterProvider,
        "rotate_provider_key" => instruction::RotateProviderKey,
        "retire_provider" => instruction::RetireProvider,
        "grant_access" => instruction::GrantAccess,
        "narrow_grant" => instruction::NarrowGrant,
        "revoke_grant" => instruction::RevokeGrant,
        "close_grant" => instruction::CloseGrant,
        "initialize_access_config" => instruction::InitializeAccessConfig,
        "update_access_config" => instruction::UpdateAccessConfig,
        "propose_config_authority" => instruction::ProposeConfigAuthority,
        "accept_config_authority" => instruction::AcceptConfigAuthority,
        "init_disclose_record_comp_def" => instruction::InitDiscloseRecordCompDef,
        "init_reseal_record_comp_def" => instruction::InitResealRecordCompDef,
        "disclose_record" => instruction::DiscloseRecord,
        "expire_disclosure" => instruction::ExpireDisclosure,
        "disclose_record_callback" => instruction::DiscloseRecordCallback,
        "init_join_study_comp_def" => instruction::InitJoinStudyCompDef,
        "init_leave_study_comp_def" => instruction::InitLeaveStudyCompDef,
        "init_reveal_study_comp_def" => instruction::InitRevealStudyCompDef,
        "register_study" => instruction::RegisterStudy,
        "approve_study" => instruction::ApproveStudy,
        "close_study" => instruction::CloseStudy,
        "join_study" => instruction::JoinStudy,
        "join_study_callback" => instruction::JoinStudyCallback,
        "leave_study" => instruction::LeaveStudy,
        "leave_study_callback" => instruction::LeaveStudyCallback,
        "expire_study_update" => instruction::ExpireStudyUpdate,
        "reveal_study" => instruction::RevealStudy,
        "reveal_study_callback" => instruction::RevealStudyCallback,
        "expire_reveal" => instruction::ExpireReveal,
        "init_disclose_sealed_pair_comp_def" => instruction::InitDiscloseSealedPairCompDef,
        "add_document" => instruction::AddDocument,
        "withdraw_document" => instruction::WithdrawDocument,
        "disclose_sealed_pair" => instruction::DiscloseSealedPair,
        "accredit_provider" => instruction::AccreditProvider,
        "withdraw_accreditation" => instruction::WithdrawAccreditation,
        "attest" => instruction::Attest,
        "revoke_attestation" => instruction::RevokeAttestation,
        "disclose_sealed_pair_callback" => instruction::DiscloseSealedPairCallback,
        "grant_eligibility" => instruction::GrantEligibility,
        "init_answer_question_comp_def" => instruction::InitAnswerQuestionCompDef,
        "answer_question" => instruction::AnswerQuestion,
        "answer_question_callback" => instruction::AnswerQuestionCallback,
    };
    assert_eq!(discriminators("instructions"), program);
}

#[test]
fn the_idl_holds_every_account_and_event_of_the_program() {
    let accounts = table! {
        "AccessConfig" => state::AccessConfig,
        "Disclosure" => state::Disclosure,
        "Grant" => state::Grant,
        "KeyRotation" => state::KeyRotation,
        "ProviderProfile" => state::ProviderProfile,
        "PatientRecord" => state::PatientRecord,
        "ArciumSignerAccount" => share_medical_records::ArciumSignerAccount,
        "Study" => state::Study,
        "StudyShard" => state::StudyShard,
        "StudyMembership" => state::StudyMembership,
        "Document" => state::Document,
        "Attestation" => state::Attestation,
        "Accreditation" => state::Accreditation,
    };
    assert_eq!(discriminators("accounts"), accounts);

    let program = table! {
        "AccessConfigChanged" => events::AccessConfigChanged,
        "ConfigAuthorityProposed" => events::ConfigAuthorityProposed,
        "DisclosureExpired" => events::DisclosureExpired,
        "DisclosureFailed" => events::DisclosureFailed,
        "DisclosureQueued" => events::DisclosureQueued,
        "DocumentAdded" => events::DocumentAdded,
        "DocumentKeyDisclosed" => events::DocumentKeyDisclosed,
        "DocumentWithdrawn" => events::DocumentWithdrawn,
        "AttestationDisclosed" => events::AttestationDisclosed,
        "AttestationCreated" => events::AttestationCreated,
        "AttestationRevoked" => events::AttestationRevoked,
        "ProviderAccredited" => events::ProviderAccredited,
        "AccreditationWithdrawn" => events::AccreditationWithdrawn,
        "GrantClosed" => events::GrantClosed,
        "GrantIssued" => events::GrantIssued,
        "GrantNarrowed" => events::GrantNarrowed,
        "GrantRevoked" => events::GrantRevoked,
        "ProviderKeyRotated" => events::ProviderKeyRotated,
        "ProviderRegistered" => events::ProviderRegistered,
        "ProviderRetired" => events::ProviderRetired,
        "RecordClosed" => events::RecordClosed,
        "RecordDisclosed" => events::RecordDisclosed,
        "RecordKeyRotationAbandoned" => events::RecordKeyRotationAbandoned,
        "RecordKeyRotationExpired" => events::RecordKeyRotationExpired,
        "RecordKeyRotationQueued" => events::RecordKeyRotationQueued,
        "RecordResealed" => events::RecordResealed,
        "RecordStored" => events::RecordStored,
        "StudyApproved" => events::StudyApproved,
        "StudyClosed" => events::StudyClosed,
        "StudyJoined" => events::StudyJoined,
        "StudyLeft" => events::StudyLeft,
        "StudyRegistered" => events::StudyRegistered,
        "StudyRevealFailed" => events::StudyRevealFailed,
        "StudyRevealed" => events::StudyRevealed,
        "StudyUpdateFailed" => events::StudyUpdateFailed,
        "QuestionAsked" => events::QuestionAsked,
        "QuestionAnswered" => events::QuestionAnswered,
    };
    assert_eq!(discriminators("events"), program);
}

#[test]
fn the_idl_holds_every_error_of_the_program_with_its_sentence() {
    let idl = idl();
    let errors = idl["errors"].as_array().expect("errors");
    let source = include_str!("../../../programs/share_medical_records/src/errors.rs");
    assert_eq!(errors.len(), source.matches("#[msg(").count());
    for error in errors {
        let code = error["code"].as_u64().unwrap() as u32;
        let program = medshare_error(code).unwrap_or_else(|| panic!("no program error {code}"));
        assert_eq!(error["name"], format!("{program:?}"));
        assert_eq!(error["msg"], program.to_string());
    }
}
