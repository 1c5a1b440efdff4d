//! Eligibility answers on the embedded chain: what a verifier learns, what its grant lets it
//! ask, and what an attacker with a funded wallet and the public ledger cannot make of it.

mod common;

use common::*;

#[path = "eligibility/searches.rs"]
mod searches;
use medshare_sdk::{
    addresses,
    client::{Client, ClientError},
    connection::EmbeddedConnection,
    eligibility::{describe, model::answers_yes, EligibilityQuestion, Term},
    events::{decode_events, MedshareEvent, QuestionAnswered},
    instructions::{self, SealedRecord},
    record::Sex,
    sealed_pair::open_delivered_pair,
    study::Icd10Prefix,
    LocalChain, Receipt,
};
use share_medical_records::{
    errors::MedshareError,
    state::{
        question_tag, ConsentChange, DisclosureBasis, DisclosureStatus, DisclosureSubject,
        FieldSet, Grant, PurposeOfUse, Question, QuestionAllowance, QuestionTerms,
    },
    QuestionRequest,
};
use solana_signer::Signer;
use std::time::Duration;
use time::macros::date;

const WAIT: Duration = Duration::from_secs(60);

/// A patient holding `example_summary()` (E11.9, I10, J45.909; metformin 860975; allergic to
/// penicillins, shellfish and latex; female, born 1961-03-14) and a registered trial site.
struct Trial {
    client: Client<EmbeddedConnection>,
    patient: Person,
    site: Person,
}

impl Trial {
    async fn open() -> Self {
        let mut chain = medshare_sdk::embedded::start().await.unwrap();
        let patient = person(&mut chain).await;
        store(&mut chain, &patient, &example_summary(), 1).await;
        let site = provider(&mut chain, "Riverside Trial Site").await;
        let client = Client::new(EmbeddedConnection::from_chain(chain));
        Trial {
            client,
            patient,
            site,
        }
    }

    /// `open()` with the site granted `questions` questions of the kinds `terms` for an hour.
    async fn granted(terms: QuestionTerms, questions: u16) -> Self {
        let mut trial = Trial::open().await;
        let allowance = QuestionAllowance {
            terms,
            questions_left: questions,
        };
        let site = trial.site.wallet.pubkey();
        (trial.client)
            .grant_eligibility(
                &trial.patient.wallet,
                &site,
                allowance,
                PurposeOfUse::Research,
                Duration::from_secs(3_600),
            )
            .await
            .unwrap();
        trial
    }

    fn chain(&mut self) -> &mut LocalChain {
        self.client.connection().chain()
    }

    /// The site asks `question` at `offset` under its grant.
    async fn ask(
        &mut self,
        offset: u64,
        question: Question,
    ) -> Result<Receipt, medshare_sdk::ChainError> {
        let ask = instructions::ask_question(
            &self.site.wallet.pubkey(),
            &self.patient.wallet.pubkey(),
            offset,
            question,
        );
        let chain = self.client.connection().chain();
        send_anew(chain, &[ask], &self.site.wallet).await
    }

    async fn grant(&mut self) -> Grant {
        let chain = self.client.connection().chain();
        grant_account(chain, &self.patient, &self.site).await
    }

    async fn questions_left(&mut self) -> u16 {
        self.grant().await.questions.questions_left
    }
}

fn question(terms: EligibilityQuestion) -> Question {
    terms.encode().expect("a valid question")
}

fn asked() -> EligibilityQuestion {
    EligibilityQuestion {
        conditions: vec![],
        medications: vec![],
        allergies: vec![],
        sexes: vec![],
        ages: None,
        on: date!(2026 - 12 - 06),
    }
}

/// "Type 2 diabetes, aged 18 to 65 today": the example patient is 65.
fn diabetic_adult() -> Question {
    question(EligibilityQuestion {
        conditions: vec![Term::present(Icd10Prefix::parse("E11").unwrap())],
        ages: Some((18, 65)),
        ..asked()
    })
}

/// The same, and no penicillin allergy: the example patient has one.
fn diabetic_adult_tolerating_penicillin() -> Question {
    question(EligibilityQuestion {
        conditions: vec![Term::present(Icd10Prefix::parse("E11").unwrap())],
        allergies: vec![Term::absent(0)],
        ages: Some((18, 65)),
        ..asked()
    })
}

fn answered_events(receipt: &Receipt) -> Vec<QuestionAnswered> {
    decode_events(&receipt.logs)
        .into_iter()
        .filter_map(|event| match event {
            MedshareEvent::QuestionAnswered(answered) => Some(answered),
            _ => None,
        })
        .collect()
}

/// `arcium_anchor::ArciumError::BLSSignatureVerificationFailed`.
const BLS_SIGNATURE_VERIFICATION_FAILED: u32 = 6001;

const CONDITIONS_AND_AGE: QuestionTerms = QuestionTerms(1 | 16);

#[tokio::test]
async fn a_trial_site_learns_one_answer_per_question_and_no_field() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 2).await;
    let patient = trial.patient.wallet.pubkey();
    let yes = trial
        .client
        .ask(&trial.site.wallet, &patient, diabetic_adult())
        .await
        .unwrap();
    let no = trial
        .client
        .ask(
            &trial.site.wallet,
            &patient,
            diabetic_adult_tolerating_penicillin(),
        )
        .await
        .unwrap();
    let delivered = trial.chain().deliver_all().await.unwrap();
    assert_eq!(delivered.len(), 2);

    let key = &trial.site.key;
    let answer = (trial.client)
        .open_answer(yes, &diabetic_adult(), key)
        .await
        .unwrap();
    assert!(answer.yes);
    let refused = diabetic_adult_tolerating_penicillin();
    let answer = (trial.client).open_answer(no, &refused, key).await.unwrap();
    assert!(!answer.yes);
    assert_eq!(
        answer.yes,
        answers_yes(&example_summary(), &refused).unwrap()
    );

    // The receipt names the verifier, the question and the basis; no field set of the record.
    let receipt = answer.receipt;
    assert_eq!(receipt.fields, FieldSet::ELIGIBILITY);
    assert_eq!(receipt.provider, trial.site.wallet.pubkey());
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
    assert!(matches!(receipt.basis, DisclosureBasis::Grant(_)));
    assert_eq!(
        receipt.subject,
        DisclosureSubject::Answer {
            version: 1,
            question: refused.hash()
        }
    );
    // Anyone reading the ledger sees what was asked, and only the verifier the answer.
    let asked = trial.client.asked_question(&receipt).await.unwrap();
    assert_eq!(asked, refused);
    assert_eq!(
        describe(&asked),
        "a diagnosis under E11 and no allergy to penicillins and born 1960-12-07 to 2008-12-06"
    );
    let (_, _, delivery) = &delivered[1];
    let [event] = answered_events(delivery).try_into().unwrap();
    assert_eq!(
        event.ciphertexts.len(),
        2,
        "an answer and a tag, nothing else"
    );
    let outsider = medshare_sdk::SecretKey::generate();
    assert!(matches!(
        trial.client.open_answer(no, &refused, &outsider).await,
        Err(ClientError::NotFound(_))
    ));

    // The grant gave questions, not fields: the record itself stays out of reach.
    let chain = trial.client.connection().chain();
    let error = custom_error(request(chain, &trial.site, &trial.patient, 90).await);
    assert_eq!(error, medshare_error(MedshareError::FieldsNotGranted));
    assert_eq!(trial.questions_left().await, 0);
}

#[tokio::test]
async fn the_allowance_bounds_questions_even_when_they_race() {
    let mut trial = Trial::granted(CONDITIONS_AND_AGE, 2).await;
    // Three questions queued before the cluster answers any: the third finds none left.
    trial.ask(1, diabetic_adult()).await.unwrap();
    trial.ask(2, diabetic_adult()).await.unwrap();
    let error = custom_error(trial.ask(3, diabetic_adult()).await);
    assert_eq!(error, medshare_error(MedshareError::QuestionsSpent));
    assert!(trial
        .chain()
        .account(addresses::receipt(3))
        .await
        .unwrap()
        .is_none());
    trial.chain().deliver_all().await.unwrap();
    let error = custom_error(trial.ask(4, diabetic_adult()).await);
    assert_eq!(error, medshare_error(MedshareError::QuestionsSpent));

    // Narrowing keeps the allowance; only the patient issues a new one.
    let now = trial.chain().now().await.unwrap();
    let narrow = instructions::narrow_grant(
        &trial.patient.wallet.pubkey(),
        &grant_address(&trial.patient, &trial.site),
        FieldSet::ELIGIBILITY,
        now + 60,
    );
    let chain = trial.client.connection().chain();
    send_anew(chain, &[narrow], &trial.patient.wallet)
        .await
        .unwrap();
    assert_eq!(trial.questions_left().await, 0);
    let error = custom_error(trial.ask(5, diabetic_adult()).await);
    assert_eq!(error, medshare_error(MedshareError::QuestionsSpent));
}

#[tokio::test]
async fn a_question_outside_the_granted_terms_is_refused_and_changes_nothing() {
    let mut trial = Trial::granted(QuestionTerms::CONDITIONS, 3).await;
    let before = trial.grant().await;
    // The age term is not granted.
    let error = custom_error(trial.ask(1, diabetic_adult()).await);
    assert_eq!(error, medshare_error(MedshareError::QuestionNotGranted));
    assert_eq!(trial.grant().await, before);
    assert!(trial
        .chain()
        .account(addresses::receipt(1))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn questions_every_record_answers_alike_are_refused_before_they_spend_anything() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 3).await;
    let nothing = Question::default();
    let allergic_and_not = Question {
        allergies_present: 1,
        allergies_absent: 1,
        ..nothing
    };
    let e11 = diabetic_adult();
    let contradiction = Question {
        condition_prefixes: [e11.condition_prefixes[0], e11.condition_prefixes[0]],
        condition_moduli: [e11.condition_moduli[0], e11.condition_moduli[0]],
        condition_rules: [1, 2],
        ..nothing
    };
    for (offset, probe) in [(1, nothing), (2, allergic_and_not), (3, contradiction)] {
        let error = custom_error(trial.ask(offset, probe).await);
        assert_eq!(error, medshare_error(MedshareError::QuestionAlwaysSame));
    }
    assert_eq!(trial.questions_left().await, 3);
}

#[tokio::test]
async fn a_question_about_another_patients_record_is_refused() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 3).await;
    let other = person(trial.chain()).await;
    store(trial.chain(), &other, &example_summary(), 1).await;
    let site = &trial.site;
    // The site's grant is from the first patient, not from `other`.
    let mut ask = instructions::ask_question(
        &site.wallet.pubkey(),
        &other.wallet.pubkey(),
        1,
        diabetic_adult(),
    );
    let chain = trial.client.connection().chain();
    let error = custom_error(send_anew(chain, &[ask.clone()], &site.wallet).await);
    assert_eq!(error, ACCOUNT_NOT_INITIALIZED);
    // Substituting the grant it holds for the other patient's record.
    let absent = addresses::grant(&other.wallet.pubkey(), &site.wallet.pubkey());
    let grant_at = ask.accounts.iter().position(|meta| meta.pubkey == absent);
    ask.accounts[grant_at.unwrap()].pubkey = grant_address(&trial.patient, site);
    let error = custom_error(send_anew(chain, &[ask], &site.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::GrantNotForRecord));
}

#[tokio::test]
async fn the_wrong_signer_cannot_ask_under_a_grant_or_for_the_patient() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 3).await;
    let intruder = provider(trial.chain(), "Intruder").await;
    let (patient, site) = (&trial.patient, &trial.site);
    let chain = trial.client.connection().chain();
    // The intruder names the site's grant.
    let ask = instructions::answer_question(
        &intruder.wallet.pubkey(),
        &patient.wallet.pubkey(),
        Some(site.wallet.pubkey()),
        1,
        QuestionRequest::Grant,
        diabetic_adult(),
    );
    let error = custom_error(send_anew(chain, &[ask], &intruder.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::NotProviderWallet));
    // The intruder answers for the patient, to its own key.
    let answer = instructions::answer_question(
        &intruder.wallet.pubkey(),
        &patient.wallet.pubkey(),
        None,
        2,
        QuestionRequest::Patient {
            recipient_key: intruder.key.public_key(),
        },
        diabetic_adult(),
    );
    let error = custom_error(send_anew(chain, &[answer], &intruder.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::NotRecordOwner));
    assert_eq!(trial.questions_left().await, 3);
}

#[tokio::test]
async fn a_grant_of_fields_answers_no_questions_and_an_eligibility_grant_needs_an_allowance() {
    let (mut chain, patient, doctor) = granted_clinic().await;
    let ask = instructions::ask_question(
        &doctor.wallet.pubkey(),
        &patient.wallet.pubkey(),
        1,
        diabetic_adult(),
    );
    let error = custom_error(send_anew(&mut chain, &[ask], &doctor.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::FieldsNotGranted));
    let now = chain.now().await.unwrap();
    let without_allowance = instructions::grant_access(
        &patient.wallet.pubkey(),
        &doctor.wallet.pubkey(),
        FieldSet::ELIGIBILITY,
        PurposeOfUse::Payment,
        now + 60,
    );
    let error = custom_error(send_anew(&mut chain, &[without_allowance], &patient.wallet).await);
    assert_eq!(
        error,
        medshare_error(MedshareError::EligibilityNeedsAllowance)
    );
    for allowance in [
        QuestionAllowance {
            terms: QuestionTerms(0),
            questions_left: 1,
        },
        QuestionAllowance {
            terms: QuestionTerms::ALL,
            questions_left: 0,
        },
    ] {
        let grant = instructions::grant_eligibility(
            &patient.wallet.pubkey(),
            &doctor.wallet.pubkey(),
            allowance,
            PurposeOfUse::Payment,
            now + 60,
        );
        let error = custom_error(send_anew(&mut chain, &[grant], &patient.wallet).await);
        assert_eq!(
            error,
            medshare_error(MedshareError::EligibilityNeedsAllowance)
        );
    }
}

#[tokio::test]
async fn a_copied_record_answers_nothing() {
    let mut trial = Trial::open().await;
    let attacker = person(trial.chain()).await;
    let chain = trial.client.connection().chain();
    let copy = SealedRecord::from(&record(chain, &trial.patient.wallet).await);
    let store = instructions::store_record(&attacker.wallet.pubkey(), &copy);
    chain.send(&[store], &[&attacker.wallet]).await.unwrap();
    // An always-true question would tell whether the record is bound; the receipt tells anyway.
    let answer = instructions::answer_for(
        &attacker.wallet.pubkey(),
        7,
        attacker.key.public_key(),
        diabetic_adult(),
    );
    trial
        .chain()
        .send(&[answer], &[&attacker.wallet])
        .await
        .unwrap();
    let (_, delivery) = trial.chain().deliver(7).await.unwrap();
    assert!(answered_events(&delivery).is_empty());
    assert_eq!(failed_events(&delivery)[0].reason, "RecordNotBound");
    assert_eq!(
        disclosure(trial.chain(), 7).await.status,
        DisclosureStatus::RecordNotBound
    );
}

#[tokio::test]
async fn an_answer_is_never_taken_for_another_questions() {
    let mut trial = Trial::open().await;
    let (site_key, patient) = (&trial.site.key, &trial.patient.wallet);
    let yes = (trial.client)
        .answer_for(patient, site_key.public_key(), diabetic_adult())
        .await
        .unwrap();
    let no = (trial.client)
        .answer_for(
            patient,
            site_key.public_key(),
            diabetic_adult_tolerating_penicillin(),
        )
        .await
        .unwrap();
    trial
        .client
        .connection()
        .chain()
        .deliver_all()
        .await
        .unwrap();

    // The "yes" presented as the answer to the other question: the receipt names another.
    let other = diabetic_adult_tolerating_penicillin();
    assert!(matches!(
        trial.client.open_answer(yes, &other, site_key).await,
        Err(ClientError::NotFound(_))
    ));
    // The ciphertexts of the "yes" carry its own question's tag, whoever relays them.
    let receipt = trial.client.disclosure(no).await.unwrap();
    let yes_receipt = trial.client.disclosure(yes).await.unwrap();
    let chain = trial.client.connection().chain();
    let mxe = chain.mxe_public_key();
    let logs: Vec<String> = chain
        .transactions_naming(addresses::receipt(yes))
        .flat_map(|transaction| transaction.logs.clone())
        .collect();
    let delivered = decode_events(&logs)
        .into_iter()
        .find_map(|event| match event {
            MedshareEvent::QuestionAnswered(answered) => Some(answered),
            _ => None,
        })
        .unwrap();
    let opened = open_delivered_pair(
        &delivered.ciphertexts,
        delivered.output_nonce,
        site_key,
        &mxe,
    );
    let [answer, tag] = opened.unwrap().unwrap();
    assert_eq!(answer, 1);
    assert_eq!(tag, question_tag(&diabetic_adult().hash()));
    assert_ne!(tag, question_tag(&other.hash()));
    assert_ne!(receipt.delivery_digest, yes_receipt.delivery_digest);
    assert!(
        !trial
            .client
            .open_answer(no, &other, site_key)
            .await
            .unwrap()
            .yes
    );
}

#[tokio::test]
async fn revocation_while_the_cluster_computes_is_receipted_and_ends_the_questions() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 3).await;
    trial.ask(1, diabetic_adult()).await.unwrap();
    let patient = &trial.patient;
    let grant = grant_address(patient, &trial.site);
    // A grant in use cannot be closed; revoking it is always possible.
    let close = instructions::close_grant(&patient.wallet.pubkey(), &grant);
    let revoke = instructions::revoke_grant(&patient.wallet.pubkey(), &grant);
    let chain = trial.client.connection().chain();
    send_anew(chain, &[revoke], &patient.wallet).await.unwrap();
    let error = custom_error(send_anew(chain, &[close.clone()], &patient.wallet).await);
    assert_eq!(error, medshare_error(MedshareError::GrantInUse));
    chain.deliver(1).await.unwrap();
    assert_eq!(
        disclosure(chain, 1).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::GrantRevoked)
    );
    send_anew(chain, &[close], &patient.wallet).await.unwrap();
    let error = custom_error(trial.ask(2, diabetic_adult()).await);
    assert_eq!(error, ACCOUNT_NOT_INITIALIZED);
}

#[tokio::test]
async fn a_forged_callback_changes_nothing_and_the_genuine_one_answers() {
    let mut trial = Trial::granted(QuestionTerms::ALL, 1).await;
    trial.ask(1, diabetic_adult()).await.unwrap();
    let chain = trial.chain();
    let genuine = chain.prepare_callback(1, None).await.unwrap();
    let mut forged = chain.prepare_callback(1, None).await.unwrap();
    *forged.instructions[1].data.last_mut().unwrap() ^= 1;
    let error = custom_error(chain.send_callback(&forged).await);
    assert_eq!(error, BLS_SIGNATURE_VERIFICATION_FAILED);
    assert_eq!(disclosure(chain, 1).await.status, DisclosureStatus::Queued);
    let delivery = chain.send_callback(&genuine).await.unwrap();
    assert_eq!(answered_events(&delivery).len(), 1);
    // The genuine callback replayed settles nothing twice.
    let settled = disclosure(chain, 1).await;
    assert!(chain.send_callback(&genuine).await.is_err());
    assert_eq!(
        disclosure(chain, 1).await.delivery_digest,
        settled.delivery_digest
    );
}

#[tokio::test]
async fn the_patient_answers_a_verifiers_question_directly() {
    let mut trial = Trial::open().await;
    let (patient, site_key) = (&trial.patient.wallet, &trial.site.key);
    let female_adult = question(EligibilityQuestion {
        sexes: vec![Sex::Female],
        ages: Some((18, 120)),
        ..asked()
    });
    let offset = (trial.client)
        .answer_for(patient, site_key.public_key(), female_adult)
        .await
        .unwrap();
    trial
        .client
        .await_disclosure(offset, WAIT, |_| {})
        .await
        .unwrap();
    let answer = (trial.client)
        .open_answer(offset, &female_adult, site_key)
        .await
        .unwrap();
    assert!(answer.yes);
    assert_eq!(answer.receipt.basis, DisclosureBasis::Patient);
    assert_eq!(answer.receipt.purpose, PurposeOfUse::PatientRequest);
}
