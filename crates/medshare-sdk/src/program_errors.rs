//! The program's errors by code, so that a client can name the rule a transaction broke.

use share_medical_records::errors::MedshareError;

/// Every variant of [`MedshareError`], in declaration order.
const ALL: [MedshareError; 75] = {
    use MedshareError::*;
    [
        NotRecordOwner,
        NonceNotFresh,
        SmallOrderKey,
        DisclosureNotPending,
        ComputationMismatch,
        NotDeploymentAuthority,
        InvalidCircuitUrl,
        NotProviderWallet,
        InvalidProviderName,
        InvalidProviderIdentifier,
        KeyUnchanged,
        InvalidFieldSet,
        ExpiryNotInFuture,
        GrantRevoked,
        GrantExpired,
        FieldsNotGranted,
        NotANarrowing,
        GrantNotForRecord,
        GrantNotForProvider,
        ProviderProfileMissing,
        GrantMissing,
        AccessConfigMissing,
        NotEmergencyProvider,
        NotConfigAuthority,
        InvalidEmergencyList,
        OutputMismatch,
        NonCanonicalKey,
        NonceOutOfRange,
        VersionExhausted,
        RotationMismatch,
        GrantsOutstanding,
        GrantInUse,
        TooManyRequestsInFlight,
        TooManyGrants,
        GenerationExhausted,
        KeyVersionExhausted,
        ComputationStillPending,
        RotationPending,
        GrantStillActive,
        NotProposedAuthority,
        InvalidStudyCriteria,
        InvalidStudyTerms,
        StudyNotProposed,
        StudyNotEnrolling,
        ProtocolMismatch,
        AlreadyInStudy,
        ShardNotForStudy,
        ShardBusy,
        StudyFull,
        NotCounted,
        StudyUpdateSuperseded,
        StudyClosedToLeaves,
        NotResearcher,
        StudyNotApproved,
        EnrolmentNotOver,
        TooFewParticipants,
        RevealNotPending,
        AlreadyRevealed,
        InvalidDocument,
        DocumentWithdrawn,
        DocumentNotForEmergencies,
        NotDocumentUploader,
        AttestationRevoked,
        NotAccredited,
        AlreadyAccredited,
        NotSupersedable,
        InvalidAttestation,
        NotAttester,
        OneSubject,
        InvalidQuestion,
        QuestionAlwaysSame,
        QuestionNotGranted,
        QuestionsSpent,
        EligibilityNeedsAllowance,
        NoEmergencyQuestions,
    ]
};

/// The program error a custom instruction error code stands for.
pub fn medshare_error(code: u32) -> Option<MedshareError> {
    ALL.into_iter().find(|error| u32::from(*error) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_of_the_program_is_listed_once_under_its_code() {
        let source = include_str!("../../../programs/share_medical_records/src/errors.rs");
        assert_eq!(source.matches("#[msg(").count(), ALL.len());
        for (index, error) in ALL.into_iter().enumerate() {
            assert_eq!(u32::from(error), 7000 + index as u32, "{error:?}");
            assert_eq!(
                medshare_error(7000 + index as u32).map(u32::from),
                Some(u32::from(error))
            );
        }
        assert!(medshare_error(7000 + ALL.len() as u32).is_none());
    }
}
