//! Attestations on the embedded chain: who may attest, revoke, supersede and have a body
//! disclosed, what a copied body releases, and what a recipient's verification catches.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    attestations::{commitment, Check, Diagnosis, Terms},
    client::{Client, ClientError},
    clinic::Clinic,
    connection::EmbeddedConnection,
    instructions::{self, PairRequest, PairSubject},
    record::Icd10Code,
    sealed_pair::seal_pair,
    LocalChain,
};
use share_medical_records::{
    errors::MedshareError,
    state::{
        AttestationSchema, ConsentChange, DisclosureStatus, DisclosureSubject,
        EmergencyJustification, FieldSet, PurposeOfUse,
    },
    DisclosureRequest, Statement,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Duration;
use time::macros::date;

const WAIT: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3_600);

/// A patient with a stored record, the access configuration's authority, and an accredited
/// physician holding a treatment grant.
struct Ward {
    client: Client<EmbeddedConnection>,
    patient: Person,
    authority: Keypair,
    physician: Person,
}

/// The patient whose attestation a verifier expects.
fn ward_patient(ward: &Ward) -> Pubkey {
    ward.patient.wallet.pubkey()
}

fn diabetes() -> Diagnosis {
    Diagnosis {
        code: Icd10Code::parse("E11.9").unwrap(),
        treated_on: date!(2026 - 11 - 02),
        evidence: Some(42),
    }
}

/// A registered provider granted `fields` by `patient` for an hour.
async fn granted_provider(
    client: &mut Client<EmbeddedConnection>,
    patient: &Person,
    fields: FieldSet,
) -> Person {
    let provider = Person::funded(client).await.unwrap();
    client
        .register_provider(
            &provider.wallet,
            provider.key.public_key(),
            "Clinic",
            "1234567893",
        )
        .await
        .unwrap();
    let expires = client.expiry_after(HOUR).await.unwrap();
    let grant = instructions::grant_access(
        &patient.wallet.pubkey(),
        &provider.wallet.pubkey(),
        fields,
        PurposeOfUse::Treatment,
        expires,
    );
    client.send(grant, &patient.wallet).await.unwrap();
    provider
}

impl Ward {
    async fn open() -> Self {
        let connection = EmbeddedConnection::in_memory().await.unwrap();
        let Clinic {
            mut client,
            patient,
        } = Clinic::open(connection).await.unwrap();
        let authority = client
            .connection()
            .chain()
            .funded_keypair(LAMPORTS)
            .await
            .unwrap();
        configure(client.connection().chain(), &authority.pubkey(), vec![]).await;
        let physician = granted_provider(&mut client, &patient, FieldSet::CONDITIONS).await;
        (client)
            .accredit_provider(&authority, &physician.wallet.pubkey())
            .await
            .unwrap();
        Ward {
            client,
            patient,
            authority,
            physician,
        }
    }

    fn chain(&mut self) -> &mut LocalChain {
        self.client.connection().chain()
    }

    async fn provider(&mut self, fields: FieldSet) -> Person {
        granted_provider(&mut self.client, &self.patient, fields).await
    }

    /// The physician attests `diabetes()` about the patient.
    async fn attest(&mut self, terms: Terms) -> Result<Pubkey, medshare_sdk::client::ClientError> {
        let patient = self.patient.wallet.pubkey();
        (self.client)
            .attest(&self.physician.wallet, &patient, &diabetes(), terms)
            .await
    }

    /// `provider` has `attestation`'s body disclosed under its grant and verifies it.
    async fn receive(
        &mut self,
        provider: &Person,
        attestation: &Pubkey,
    ) -> medshare_sdk::attestations::Verification {
        let offset = self
            .client
            .request_attestation(&provider.wallet, attestation)
            .await
            .unwrap();
        self.client
            .await_disclosure(offset, WAIT, |_| {})
            .await
            .unwrap();
        let patient = self.patient.wallet.pubkey();
        (self.client)
            .verify_attestation(offset, &provider.key, &patient)
            .await
            .unwrap()
    }
}

/// The custom program error a flow failed with.
fn error_of(result: Result<impl std::fmt::Debug, medshare_sdk::client::ClientError>) -> u32 {
    use solana_instruction_error::InstructionError;
    use solana_transaction_error::TransactionError;
    match result {
        Err(medshare_sdk::client::ClientError::Chain(
            medshare_sdk::connection::Error::Transaction {
                error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
                ..
            },
        )) => code,
        other => panic!("expected a program error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_provider_granted_conditions_receives_and_verifies_an_attested_diagnosis() {
    let mut ward = Ward::open().await;
    let attestation = ward.attest(Terms::default()).await.unwrap();
    let patient = ward.patient.wallet.pubkey();
    let listed = ward.client.attestations_about(&patient).await.unwrap();
    assert_eq!(listed.len(), 1);
    let (address, stored) = &listed[0];
    assert_eq!(*address, attestation);
    assert_eq!(
        (stored.attester, stored.recipient, stored.schema),
        (
            ward.physician.wallet.pubkey(),
            patient,
            AttestationSchema::Diagnosis
        )
    );

    let cardiologist = ward
        .provider(FieldSet(FieldSet::CONDITIONS.0 | FieldSet::VITALS.0))
        .await;
    let verified = ward.receive(&cardiologist, &attestation).await;
    assert_eq!(verified.failure(), None, "{:?}", verified.checks);
    assert_eq!(verified.checks.len(), 7);
    assert_eq!(verified.diagnosis, Some(diabetes()));
    assert_eq!(verified.evidence(), Some(addresses::document(&patient, 42)));
}

#[tokio::test]
async fn only_accredited_providers_with_a_grant_in_force_attest() {
    let mut ward = Ward::open().await;
    let patient = ward.patient.wallet.pubkey();
    let mxe = ward.chain().mxe_public_key();
    let statement = |attester: &Person| {
        let address = addresses::attestation(&attester.wallet.pubkey(), 1);
        let binding =
            medshare_crypto::sealed::attestation_binding(&patient.to_bytes(), &address.to_bytes());
        Statement {
            schema: AttestationSchema::Diagnosis,
            expires_at: None,
            commitment: commitment(&address, 1, 2),
            sealed_body: seal_pair([1, 2], &mxe, binding).unwrap(),
        }
    };
    let attest = |attester: &Person, statement| {
        instructions::attest(&attester.wallet.pubkey(), &patient, 1, statement, None)
    };

    // Registered and granted, but never accredited: there is no accreditation account.
    let unaccredited = ward.provider(FieldSet::CONDITIONS).await;
    let s = statement(&unaccredited);
    let refused = ward
        .client
        .send(attest(&unaccredited, s), &unaccredited.wallet)
        .await;
    assert_eq!(error_of(refused), ACCOUNT_NOT_INITIALIZED);

    // Only the authority accredits.
    let accredit = instructions::accredit_provider(
        &unaccredited.wallet.pubkey(),
        &unaccredited.wallet.pubkey(),
    );
    let refused = ward.client.send(accredit, &unaccredited.wallet).await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::NotConfigAuthority)
    );

    // Only a registered provider is accredited, and a retired one attests no more.
    let unregistered = person(ward.chain()).await;
    let authority = ward.authority.insecure_clone();
    let accredit =
        instructions::accredit_provider(&authority.pubkey(), &unregistered.wallet.pubkey());
    let refused = ward.client.send(accredit, &authority).await;
    assert_eq!(error_of(refused), ACCOUNT_NOT_INITIALIZED);
    let retiring = ward.provider(FieldSet::CONDITIONS).await;
    let retiring_wallet = retiring.wallet.pubkey();
    ward.client
        .accredit_provider(&authority, &retiring_wallet)
        .await
        .unwrap();
    let retire = instructions::retire_provider(&retiring_wallet);
    ward.client.send(retire, &retiring.wallet).await.unwrap();
    let s = statement(&retiring);
    let refused = ward
        .client
        .send(attest(&retiring, s), &retiring.wallet)
        .await;
    assert_eq!(error_of(refused), ACCOUNT_NOT_INITIALIZED);

    // Accreditation withdrawn.
    let physician = ward.physician.wallet.pubkey();
    ward.client
        .withdraw_accreditation(&authority, &physician)
        .await
        .unwrap();
    let refused = ward.attest(Terms::default()).await;
    assert!(matches!(refused, Err(ClientError::NotAccredited(_))));
    let attest_raw = attest(&ward.physician, statement(&ward.physician));
    let refused = ward.client.send(attest_raw, &ward.physician.wallet).await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::NotAccredited)
    );
    // Accredited anew, then once too often. A new payer each time: the first accreditation's
    // transaction would otherwise repeat byte for byte.
    let accredit = instructions::accredit_provider(&authority.pubkey(), &physician);
    send_anew(ward.chain(), &[accredit.clone()], &authority)
        .await
        .unwrap();
    let again = send_anew(ward.chain(), &[accredit], &authority).await;
    assert_eq!(
        custom_error(again),
        medshare_error(MedshareError::AlreadyAccredited)
    );

    // A revoked grant.
    let grant = addresses::grant(&patient, &physician);
    let revoke = instructions::revoke_grant(&patient, &grant);
    ward.client
        .send(revoke, &ward.patient.wallet)
        .await
        .unwrap();
    let refused = ward.attest(Terms::default()).await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::GrantRevoked)
    );

    // An accredited provider without any grant from this patient.
    let stranger = provider(ward.chain(), "Stranger").await;
    let stranger_wallet = stranger.wallet.pubkey();
    ward.client
        .accredit_provider(&authority, &stranger_wallet)
        .await
        .unwrap();
    let s = statement(&stranger);
    let refused = ward
        .client
        .send(attest(&stranger, s), &stranger.wallet)
        .await;
    assert_eq!(error_of(refused), ACCOUNT_NOT_INITIALIZED);
    assert!(ward
        .client
        .attestations_about(&patient)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn only_the_attester_revokes_and_a_revoked_attestation_is_disclosed_no_more() {
    let mut ward = Ward::open().await;
    let attestation = ward.attest(Terms::default()).await.unwrap();
    let reader = ward.provider(FieldSet::CONDITIONS).await;

    // The patient, or anyone else, cannot revoke it.
    let patient_wallet = ward.patient.wallet.insecure_clone();
    let refused = ward
        .client
        .revoke_attestation(&patient_wallet, &attestation)
        .await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::NotAttester)
    );

    let physician = ward.physician.wallet.insecure_clone();
    ward.client
        .revoke_attestation(&physician, &attestation)
        .await
        .unwrap();
    let stored = ward.client.attestation(&attestation).await.unwrap();
    assert!(
        stored.revoked_at.is_some(),
        "the account stays, with the time"
    );
    let refused = ward
        .client
        .request_attestation(&reader.wallet, &attestation)
        .await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::AttestationRevoked)
    );
    let revoke = instructions::revoke_attestation(&physician.pubkey(), &attestation);
    let twice = send_anew(ward.chain(), &[revoke], &physician).await;
    assert_eq!(
        custom_error(twice),
        medshare_error(MedshareError::AttestationRevoked)
    );
}

#[tokio::test]
async fn a_revocation_while_the_cluster_computes_fails_verification() {
    let mut ward = Ward::open().await;
    let attestation = ward.attest(Terms::default()).await.unwrap();
    let reader = ward.provider(FieldSet::CONDITIONS).await;
    let offset = ward
        .client
        .request_attestation(&reader.wallet, &attestation)
        .await
        .unwrap();
    let physician = ward.physician.wallet.insecure_clone();
    ward.client
        .revoke_attestation(&physician, &attestation)
        .await
        .unwrap();
    ward.client
        .await_disclosure(offset, WAIT, |_| {})
        .await
        .unwrap();
    assert_eq!(
        disclosure(ward.chain(), offset).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::AttestationRevoked)
    );
    let verified = ward
        .client
        .verify_attestation(offset, &reader.key, &ward_patient(&ward))
        .await
        .unwrap();
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::NotRevoked)
    );
}

#[tokio::test]
async fn verification_names_each_failing_check() {
    let mut ward = Ward::open().await;
    let patient = ward.patient.wallet.pubkey();
    let reader = ward.provider(FieldSet::CONDITIONS).await;

    // Expired: the chain's clock passes the expiry.
    let expires_at = Some(ward.client.now().await.unwrap() + 60);
    let expiring = ward
        .attest(Terms {
            expires_at,
            supersedes: None,
        })
        .await
        .unwrap();
    ward.chain().advance_clock(120).await.unwrap();
    let verified = ward.receive(&reader, &expiring).await;
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::NotExpired)
    );

    // A lying attester: the commitment on chain is not of the sealed body.
    let address = addresses::attestation(&ward.physician.wallet.pubkey(), 9);
    let mxe = ward.chain().mxe_public_key();
    let binding =
        medshare_crypto::sealed::attestation_binding(&patient.to_bytes(), &address.to_bytes());
    let body = diabetes().packed().unwrap();
    let lie = Statement {
        schema: AttestationSchema::Diagnosis,
        expires_at: None,
        commitment: commitment(&address, body + 1, 5),
        sealed_body: seal_pair([body, 5], &mxe, binding).unwrap(),
    };
    let physician = ward.physician.wallet.insecure_clone();
    let attest = instructions::attest(&physician.pubkey(), &patient, 9, lie, None);
    ward.client.send(attest, &physician).await.unwrap();
    let verified = ward.receive(&reader, &address).await;
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::MatchesCommitment)
    );
    assert_eq!(verified.diagnosis, None);

    // Someone else's key: the disclosure was not made to it.
    let honest = ward.attest(Terms::default()).await.unwrap();
    let offset = ward
        .client
        .request_attestation(&reader.wallet, &honest)
        .await
        .unwrap();
    ward.client
        .await_disclosure(offset, WAIT, |_| {})
        .await
        .unwrap();
    let other = medshare_sdk::SecretKey::generate();
    let verified = ward
        .client
        .verify_attestation(offset, &other, &ward_patient(&ward))
        .await
        .unwrap();
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::DeliveredToYourKey)
    );

    // Expecting another patient.
    let someone = Pubkey::new_unique();
    let verified = ward
        .client
        .verify_attestation(offset, &reader.key, &someone)
        .await
        .unwrap();
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::NamesThePatient)
    );
}

#[tokio::test]
async fn an_attestation_supersedes_only_its_attesters_earlier_one_about_the_same_patient() {
    let mut ward = Ward::open().await;
    let first = ward.attest(Terms::default()).await.unwrap();
    let second = ward
        .attest(Terms {
            expires_at: None,
            supersedes: Some(first),
        })
        .await
        .unwrap();
    assert_eq!(
        ward.client.attestation(&second).await.unwrap().supersedes,
        Some(first)
    );
    assert_eq!(
        ward.client.attestation(&first).await.unwrap().superseded_by,
        Some(second)
    );

    // The replaced one, disclosed to a reader, fails verification by name.
    let reader = ward.provider(FieldSet::CONDITIONS).await;
    let verified = ward.receive(&reader, &first).await;
    assert_eq!(
        verified.failure().map(|(check, _)| check),
        Some(Check::NotSuperseded)
    );

    // Replaced once only: a third cannot claim to replace it too.
    let again = ward
        .attest(Terms {
            expires_at: None,
            supersedes: Some(first),
        })
        .await;
    assert_eq!(
        error_of(again),
        medshare_error(MedshareError::NotSupersedable)
    );

    // Another accredited attester cannot claim to replace it.
    let other = ward.provider(FieldSet::CONDITIONS).await;
    let authority = ward.authority.insecure_clone();
    ward.client
        .accredit_provider(&authority, &other.wallet.pubkey())
        .await
        .unwrap();
    let patient = ward.patient.wallet.pubkey();
    let refused = (ward.client)
        .attest(
            &other.wallet,
            &patient,
            &diabetes(),
            Terms {
                expires_at: None,
                supersedes: Some(first),
            },
        )
        .await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::NotSupersedable)
    );
}

#[tokio::test]
async fn a_body_disclosed_under_the_grant_rules_and_break_glass() {
    let mut ward = Ward::open().await;
    let attestation = ward.attest(Terms::default()).await.unwrap();
    let vitals_only = ward.provider(FieldSet::VITALS).await;
    let refused = ward
        .client
        .request_attestation(&vitals_only.wallet, &attestation)
        .await;
    assert_eq!(
        error_of(refused),
        medshare_error(MedshareError::FieldsNotGranted)
    );

    // The patient sends it to a provider's key themself.
    let patient_wallet = ward.patient.wallet.insecure_clone();
    let key = vitals_only.key.public_key();
    let offset = ward
        .client
        .send_attestation(&patient_wallet, &attestation, key)
        .await
        .unwrap();
    ward.client
        .await_disclosure(offset, WAIT, |_| {})
        .await
        .unwrap();
    let verified = ward
        .client
        .verify_attestation(offset, &vitals_only.key, &ward_patient(&ward))
        .await
        .unwrap();
    assert_eq!(verified.failure(), None);
    let receipt = disclosure(ward.chain(), offset).await;
    assert_eq!(
        receipt.subject,
        DisclosureSubject::Attestation {
            address: attestation
        }
    );

    // Break-glass covers diagnoses.
    let physician = provider(ward.chain(), "County ER").await;
    let authority = ward.authority.insecure_clone();
    let update =
        instructions::update_access_config(&authority.pubkey(), vec![physician.wallet.pubkey()]);
    ward.client.send(update, &authority).await.unwrap();
    let accounts = PairRequest::in_emergency(
        &physician.wallet.pubkey(),
        PairSubject::Attestation(attestation),
    );
    let why = DisclosureRequest::Emergency {
        justification: EmergencyJustification::LifeThreatening,
    };
    let offset = (ward.client)
        .request_sealed_pair(&physician.wallet, accounts, why)
        .await
        .unwrap();
    ward.client
        .await_disclosure(offset, WAIT, |_| {})
        .await
        .unwrap();
    let verified = ward
        .client
        .verify_attestation(offset, &physician.key, &ward_patient(&ward))
        .await
        .unwrap();
    assert_eq!(
        (verified.failure(), verified.diagnosis.clone()),
        (None, Some(diabetes()))
    );
}

#[tokio::test]
async fn a_body_copied_into_another_attestation_releases_nothing() {
    let mut ward = Ward::open().await;
    let attestation = ward.attest(Terms::default()).await.unwrap();
    let original = ward.client.attestation(&attestation).await.unwrap();

    // The attester, or any accredited provider with a grant, republishes the sealed body in an
    // attestation of its own and has it sent to itself under its grant.
    let copier = ward.provider(FieldSet::CONDITIONS).await;
    let authority = ward.authority.insecure_clone();
    ward.client
        .accredit_provider(&authority, &copier.wallet.pubkey())
        .await
        .unwrap();
    let patient = ward.patient.wallet.pubkey();
    let copy = Statement {
        schema: AttestationSchema::Diagnosis,
        expires_at: None,
        commitment: original.commitment,
        sealed_body: original.sealed_body,
    };
    let attest = instructions::attest(&copier.wallet.pubkey(), &patient, 7, copy, None);
    ward.client.send(attest, &copier.wallet).await.unwrap();
    let copied = addresses::attestation(&copier.wallet.pubkey(), 7);
    let offset = ward
        .client
        .request_attestation(&copier.wallet, &copied)
        .await
        .unwrap();
    let (_, delivery) = ward.chain().deliver(offset).await.unwrap();
    let [failed] = failed_events(&delivery).try_into().expect("one failure");
    assert_eq!(failed.reason, "PairNotBound");
    assert_eq!(
        disclosure(ward.chain(), offset).await.status,
        DisclosureStatus::PairNotBound
    );
}

#[tokio::test]
async fn a_document_key_copied_into_an_attestation_releases_nothing() {
    let mut ward = Ward::open().await;
    let dir = tempfile::tempdir().unwrap();
    let store = medshare_sdk::documents::store::DocumentStore::directory(dir.path()).unwrap();
    let file = dir.path().join("letter.txt");
    std::fs::write(&file, "discharge letter").unwrap();
    let patient = ward.patient.wallet.pubkey();
    let new = medshare_sdk::documents::NewDocument {
        file: &file,
        category: share_medical_records::state::DocumentCategory::DischargeLetter,
        emergency_access: false,
    };
    let patient_wallet = ward.patient.wallet.insecure_clone();
    let document = (ward.client)
        .add_document(&patient_wallet, &patient, new, &store)
        .await
        .unwrap();
    let sealed_key = ward
        .client
        .document(&document)
        .await
        .unwrap()
        .contents
        .sealed_key;

    // An accredited attester republishes the document's sealed key as an attestation body,
    // hoping the cluster opens it as one and sends it the patient's file key.
    let copy = Statement {
        schema: AttestationSchema::Diagnosis,
        expires_at: None,
        commitment: [1; 32],
        sealed_body: sealed_key,
    };
    let physician = ward.physician.wallet.insecure_clone();
    let attest = instructions::attest(&physician.pubkey(), &patient, 3, copy, None);
    ward.client.send(attest, &physician).await.unwrap();
    let copied = addresses::attestation(&physician.pubkey(), 3);
    let offset = ward.client.request_attestation(&physician, &copied).await;
    // The physician's grant covers conditions, so the request is queued; the tag fails.
    let offset = offset.unwrap();
    ward.chain().deliver(offset).await.unwrap();
    assert_eq!(
        disclosure(ward.chain(), offset).await.status,
        DisclosureStatus::PairNotBound
    );
}
