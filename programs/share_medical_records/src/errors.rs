use anchor_lang::prelude::*;

/// Numbered from 7000: `arcium-anchor`'s errors, which this program also returns, use 6000-6099.
#[error_code(offset = 7000)]
pub enum MedshareError {
    #[msg("Only the patient who owns the record or document may do this")]
    NotRecordOwner,
    #[msg("The nonce must be greater than every nonce this record's owner has used, so no nonce is ever reused")]
    NonceNotFresh,
    #[msg("The x25519 public key is a point of small order: the shared secret would be the same for every secret key")]
    SmallOrderKey,
    #[msg("This disclosure is not waiting for a callback (already settled or replayed)")]
    DisclosureNotPending,
    #[msg("The computation account does not belong to this disclosure")]
    ComputationMismatch,
    #[msg("Only the deployment's authority may do this: the MXE authority, or the program's upgrade authority where the MXE has none")]
    NotDeploymentAuthority,
    #[msg("The circuit URL is empty or longer than 200 bytes")]
    InvalidCircuitUrl,
    #[msg("Only the provider's own wallet may do this")]
    NotProviderWallet,
    #[msg("The provider name must be 1 to 64 bytes")]
    InvalidProviderName,
    #[msg("The provider identifier must be 1 to 32 bytes")]
    InvalidProviderIdentifier,
    #[msg("The new encryption key equals the current one")]
    KeyUnchanged,
    #[msg("The field set is empty or names unknown fields")]
    InvalidFieldSet,
    #[msg("The expiry must be later than now")]
    ExpiryNotInFuture,
    #[msg("The grant has been revoked")]
    GrantRevoked,
    #[msg("The grant has expired")]
    GrantExpired,
    #[msg("The grant does not cover these fields")]
    FieldsNotGranted,
    #[msg("A narrowed grant must keep a subset of its fields and an expiry no later than before")]
    NotANarrowing,
    #[msg("This grant belongs to another patient's record")]
    GrantNotForRecord,
    #[msg("This grant was given to another provider")]
    GrantNotForProvider,
    #[msg("This request needs the requester's provider profile")]
    ProviderProfileMissing,
    #[msg("This request needs the patient's grant")]
    GrantMissing,
    #[msg("This request needs the access configuration")]
    AccessConfigMissing,
    #[msg("The provider is not on the break-glass list")]
    NotEmergencyProvider,
    #[msg("Only the access configuration's authority may do this")]
    NotConfigAuthority,
    #[msg("The break-glass list holds at most 16 distinct providers")]
    InvalidEmergencyList,
    #[msg("The circuit's output does not match the queued computation")]
    OutputMismatch,
    #[msg("The x25519 public key is not canonical: read little-endian it is not below 2^255 - 19")]
    NonCanonicalKey,
    #[msg("A record's nonce must be below 2^127: the nonces above are the program's, one per computation")]
    NonceOutOfRange,
    #[msg("The record's version counter is exhausted")]
    VersionExhausted,
    #[msg("This key rotation is not the one the callback was queued for")]
    RotationMismatch,
    #[msg("The record has grants: revoke and close them first")]
    GrantsOutstanding,
    #[msg("A request queued under this grant is still waiting for the cluster")]
    GrantInUse,
    #[msg("Too many requests are waiting under this grant")]
    TooManyRequestsInFlight,
    #[msg("The record's grant counter is exhausted")]
    TooManyGrants,
    #[msg("The grant's generation counter is exhausted")]
    GenerationExhausted,
    #[msg("The provider's key version counter is exhausted")]
    KeyVersionExhausted,
    #[msg("The computation can still be delivered: only one whose computation account is gone (or, for a study, one queued more than 180 slots ago) can be closed out")]
    ComputationStillPending,
    #[msg("A key rotation is waiting for the cluster: let it finish or close it out first")]
    RotationPending,
    #[msg("Only a revoked or expired grant can be closed")]
    GrantStillActive,
    #[msg("Only the proposed authority may accept the access configuration")]
    NotProposedAuthority,
    #[msg("The study's criteria are invalid: an ICD-10 prefix of 0 to 6 characters, category codes of 3, a non-empty set of sexes, an ordered birth-day range and strictly increasing age cutoffs")]
    InvalidStudyCriteria,
    #[msg("The study's terms are invalid: k of at least 2, at least k participants, an enrolment window that ends after it starts, and epsilon 0 (no noise) or from 0.01 to 10")]
    InvalidStudyTerms,
    #[msg("Only a proposed study can be approved")]
    StudyNotProposed,
    #[msg("The study is not enrolling: it is not approved, or its enrolment window is not open")]
    StudyNotEnrolling,
    #[msg("The protocol hash differs from the study's")]
    ProtocolMismatch,
    #[msg("This patient is already in this study, left it, or was refused by it for a record not bound to its owner")]
    AlreadyInStudy,
    #[msg("This shard belongs to another study")]
    ShardNotForStudy,
    #[msg("An update of this shard is with the cluster: try another shard, or wait")]
    ShardBusy,
    #[msg("The study has as many participants as its counters hold")]
    StudyFull,
    #[msg("Only a counted contribution can be taken back out")]
    NotCounted,
    #[msg("This update is not the one the shard and membership wait for")]
    StudyUpdateSuperseded,
    #[msg("The study's reveal has been queued: contributions can no longer change")]
    StudyClosedToLeaves,
    #[msg("Only the study's researcher may do this")]
    NotResearcher,
    #[msg("Only an approved study can be closed")]
    StudyNotApproved,
    #[msg("Enrolment is not over: close the study or wait for the window to end")]
    EnrolmentNotOver,
    #[msg("The study has fewer participants than its minimum")]
    TooFewParticipants,
    #[msg("The study's reveal is not waiting for a callback")]
    RevealNotPending,
    #[msg("The study's reveal is queued or published: a study is revealed once")]
    AlreadyRevealed,
    #[msg("The document is invalid: it needs a size, a ciphertext digest and a key commitment")]
    InvalidDocument,
    #[msg("The patient withdrew this document")]
    DocumentWithdrawn,
    #[msg("The patient has not opened this document to break-glass access")]
    DocumentNotForEmergencies,
    #[msg("Only the patient, or a provider whose grant covers documents, may add a patient's document")]
    NotDocumentUploader,
    #[msg("The attester revoked this attestation")]
    AttestationRevoked,
    #[msg("Only an accredited provider attests: the access configuration's authority accredits providers")]
    NotAccredited,
    #[msg("The provider is accredited already")]
    AlreadyAccredited,
    #[msg(
        "An attestation supersedes only an earlier one of the same attester about the same patient, once"
    )]
    NotSupersedable,
    #[msg(
        "The attestation is invalid: it needs a commitment, and an expiry, if any, in the future"
    )]
    InvalidAttestation,
    #[msg("Only the attester may revoke an attestation")]
    NotAttester,
    #[msg("Name exactly one document or attestation")]
    OneSubject,
    #[msg("The question is malformed: each term needs a valid ICD-10 prefix, RxNorm concept, allergen class, some but not every sex, or an age range")]
    InvalidQuestion,
    #[msg("Every record answers this question alike: it asks nothing, or asks for a code both present and absent")]
    QuestionAlwaysSame,
    #[msg("The eligibility grant does not cover this kind of question")]
    QuestionNotGranted,
    #[msg("The eligibility grant has no questions left: the patient may grant more")]
    QuestionsSpent,
    #[msg("An eligibility grant needs an allowance of questions of known kinds, and a grant of fields none")]
    EligibilityNeedsAllowance,
    #[msg("Questions are answered for the patient or under an eligibility grant: break-glass access does not apply")]
    NoEmergencyQuestions,
}
