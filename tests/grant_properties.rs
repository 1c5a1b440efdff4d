//! Property tests of the grant rules: random grants, narrowings, revocations, clock moves and
//! requests against a plain model, first on the `Grant` logic itself, then on the chain.

mod common;

use anchor_lang::prelude::ProgramError;
use common::*;
use medshare_sdk::{instructions, LocalChain};
use proptest::prelude::*;
use share_medical_records::{
    errors::MedshareError,
    state::{FieldSet, Grant, PurposeOfUse, QuestionAllowance, QuestionTerms},
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

/// What a patient or the clock does to a grant, or a provider asks of it.
#[derive(Debug, Clone)]
enum Step {
    Issue {
        fields: u8,
        lasting: i64,
    },
    /// An eligibility grant: `questions` questions of the kinds `terms`.
    IssueQuestions {
        terms: u8,
        questions: u16,
        lasting: i64,
    },
    Narrow {
        fields: u8,
        expires_in: i64,
    },
    Revoke,
    Wait(i64),
    Request,
}

fn step() -> impl Strategy<Value = Step> {
    let fields = prop_oneof![1u8..64, Just(0u8), 64u8..128, 128u8..=255];
    prop_oneof![
        (fields.clone(), -10i64..200).prop_map(|(fields, lasting)| Step::Issue { fields, lasting }),
        (0u8..40, 0u16..3, -10i64..200).prop_map(|(terms, questions, lasting)| {
            Step::IssueQuestions {
                terms,
                questions,
                lasting,
            }
        }),
        (fields.clone(), -10i64..200)
            .prop_map(|(fields, expires_in)| Step::Narrow { fields, expires_in }),
        Just(Step::Revoke),
        (0i64..120).prop_map(Step::Wait),
        Just(Step::Request),
    ]
}

/// The rules, written plainly: what a grant is and what each step does to it.
#[derive(Debug, Clone, Default)]
struct Model {
    issued: bool,
    fields: u8,
    expires_at: i64,
    revoked: bool,
}

impl Model {
    fn live(&self, now: i64) -> Result<(), MedshareError> {
        if self.revoked {
            Err(MedshareError::GrantRevoked)
        } else if now >= self.expires_at {
            Err(MedshareError::GrantExpired)
        } else {
            Ok(())
        }
    }

    /// A grant of fields; eligibility (bit 7) comes only with an allowance of questions.
    fn issue(&mut self, fields: u8, expires_at: i64, now: i64) -> Result<(), MedshareError> {
        if !known(fields) {
            return Err(MedshareError::InvalidFieldSet);
        }
        if fields == ELIGIBILITY {
            return Err(MedshareError::EligibilityNeedsAllowance);
        }
        self.issue_set(fields, expires_at, now)
    }

    /// An eligibility grant: some of the five kinds of term, and at least one question.
    fn issue_questions(
        &mut self,
        terms: u8,
        questions: u16,
        expires_at: i64,
        now: i64,
    ) -> Result<(), MedshareError> {
        if terms == 0 || terms > 31 || questions == 0 {
            return Err(MedshareError::EligibilityNeedsAllowance);
        }
        self.issue_set(ELIGIBILITY, expires_at, now)
    }

    fn issue_set(&mut self, fields: u8, expires_at: i64, now: i64) -> Result<(), MedshareError> {
        if expires_at <= now {
            return Err(MedshareError::ExpiryNotInFuture);
        }
        *self = Model {
            issued: true,
            fields,
            expires_at,
            revoked: false,
        };
        Ok(())
    }

    fn narrow(&mut self, fields: u8, expires_at: i64, now: i64) -> Result<(), MedshareError> {
        self.live(now)?;
        if !known(fields) {
            return Err(MedshareError::InvalidFieldSet);
        }
        if fields & !self.fields != 0 || expires_at > self.expires_at {
            return Err(MedshareError::NotANarrowing);
        }
        if expires_at <= now {
            return Err(MedshareError::ExpiryNotInFuture);
        }
        self.fields = fields;
        self.expires_at = expires_at;
        Ok(())
    }

    fn revoke(&mut self) -> Result<(), MedshareError> {
        if self.revoked {
            return Err(MedshareError::GrantRevoked);
        }
        self.revoked = true;
        Ok(())
    }

    /// A provider's request for the record discloses exactly the granted sets of the record
    /// (bits 0-5; bit 6, documents, is not the record's; an eligibility grant has none), if the
    /// grant is live and has any.
    fn request(&self, now: i64) -> Result<u8, MedshareError> {
        self.live(now)?;
        match self.fields & 63 {
            0 => Err(MedshareError::FieldsNotGranted),
            fields => Ok(fields),
        }
    }
}

const ELIGIBILITY: u8 = 128;

/// Non-empty and made of the known sets: the record's six (bits 0-5) and documents (bit 6), or
/// eligibility (bit 7) alone.
fn known(fields: u8) -> bool {
    fields == ELIGIBILITY || (fields != 0 && fields < ELIGIBILITY)
}

fn allowance(terms: u8, questions: u16) -> QuestionAllowance {
    QuestionAllowance {
        terms: QuestionTerms(terms),
        questions_left: questions,
    }
}

fn code(result: anchor_lang::Result<()>) -> Result<(), u32> {
    result.map_err(|error| match ProgramError::from(error) {
        ProgramError::Custom(code) => code,
        other => panic!("unexpected error {other:?}"),
    })
}

fn model_code<T>(result: Result<T, MedshareError>) -> Result<(), u32> {
    result.map(|_| ()).map_err(u32::from)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// The program's grant logic agrees with the model on every step, a refused step leaves
    /// the grant exactly as it was, and an accepted change moves the generation forward.
    #[test]
    fn grant_logic_matches_the_model(steps in prop::collection::vec(step(), 1..24)) {
        let mut now = 1_000_000i64;
        let mut grant = Grant {
            patient: Pubkey::new_unique(),
            provider: Pubkey::new_unique(),
            fields: FieldSet(0),
            purpose: PurposeOfUse::Treatment,
            expires_at: 0,
            issued_at: 0,
            generation: 0,
            in_flight: 0,
            updated_at: 0,
            revoked_at: None,
            bump: 255,
            questions: QuestionAllowance::default(),
        };
        let mut model = Model::default();
        for step in steps {
            let before = grant.clone();
            let changes = matches!(
                step,
                Step::Issue { .. } | Step::IssueQuestions { .. } | Step::Narrow { .. } | Step::Revoke
            );
            let (actual, expected) = match step {
                Step::Issue { fields, lasting } => (
                    code(grant.issue(FieldSet(fields), None, PurposeOfUse::Research, now + lasting, now)),
                    model_code(model.issue(fields, now + lasting, now)),
                ),
                Step::IssueQuestions { terms, questions, lasting } => (
                    code(grant.issue(
                        FieldSet::ELIGIBILITY,
                        Some(allowance(terms, questions)),
                        PurposeOfUse::Payment,
                        now + lasting,
                        now,
                    )),
                    model_code(model.issue_questions(terms, questions, now + lasting, now)),
                ),
                Step::Narrow { fields, expires_in } if model.issued => (
                    code(grant.narrow(FieldSet(fields), now + expires_in, now)),
                    model_code(model.narrow(fields, now + expires_in, now)),
                ),
                Step::Revoke if model.issued => (code(grant.revoke(now)), model_code(model.revoke())),
                Step::Request if model.issued => (
                    code(grant.authorizes(grant.fields, now)),
                    model_code(model.live(now)),
                ),
                Step::Wait(seconds) => {
                    now += seconds;
                    (Ok(()), Ok(()))
                }
                _ => continue,
            };
            prop_assert_eq!(actual, expected);
            if actual.is_err() {
                prop_assert_eq!(&grant, &before);
            } else if changes {
                prop_assert!(grant.generation > before.generation);
            }
            prop_assert_eq!(grant.fields.0, model.fields);
            prop_assert_eq!(grant.revoked_at.is_some(), model.revoked);
        }
    }
}

/// The same steps through real transactions: grants, narrowings and revocations by the patient,
/// the chain's clock moving, and provider requests delivered by the cluster.
async fn chain_matches_the_model(steps: Vec<Step>) -> Result<(), TestCaseError> {
    let mut chain: LocalChain = medshare_sdk::embedded::start().await.unwrap();
    let patient = person(&mut chain).await;
    store(&mut chain, &patient, &example_summary(), 1).await;
    let doctor = provider(&mut chain, "Dr. Model").await;
    let grant_address = grant_address(&patient, &doctor);
    let mut model = Model::default();
    let mut offset = 0;
    for step in steps {
        let now = chain.now().await.unwrap();
        let (actual, expected) = match step {
            Step::Issue { fields, lasting } => {
                let sent = send_anew(
                    &mut chain,
                    &[instructions::grant_access(
                        &patient.wallet.pubkey(),
                        &doctor.wallet.pubkey(),
                        FieldSet(fields),
                        PurposeOfUse::Treatment,
                        now + lasting,
                    )],
                    &patient.wallet,
                )
                .await;
                (sent, model_code(model.issue(fields, now + lasting, now)))
            }
            Step::IssueQuestions {
                terms,
                questions,
                lasting,
            } => {
                let grant = instructions::grant_eligibility(
                    &patient.wallet.pubkey(),
                    &doctor.wallet.pubkey(),
                    allowance(terms, questions),
                    PurposeOfUse::Payment,
                    now + lasting,
                );
                let sent = send_anew(&mut chain, &[grant], &patient.wallet).await;
                let expected = model.issue_questions(terms, questions, now + lasting, now);
                (sent, model_code(expected))
            }
            Step::Narrow { fields, expires_in } if model.issued => {
                let narrow = instructions::narrow_grant(
                    &patient.wallet.pubkey(),
                    &grant_address,
                    FieldSet(fields),
                    now + expires_in,
                );
                let sent = send_anew(&mut chain, &[narrow], &patient.wallet).await;
                (
                    sent,
                    model_code(model.narrow(fields, now + expires_in, now)),
                )
            }
            Step::Revoke if model.issued => {
                let revoke = instructions::revoke_grant(&patient.wallet.pubkey(), &grant_address);
                let sent = send_anew(&mut chain, &[revoke], &patient.wallet).await;
                (sent, model_code(model.revoke()))
            }
            Step::Request if model.issued => {
                offset += 1;
                let expected = model.request(now);
                match request(&mut chain, &doctor, &patient, offset).await {
                    Ok(_) => {
                        let (_, delivery) = chain.deliver(offset).await.unwrap();
                        let (shared, opened) = delivered_to(&chain, &delivery, &doctor);
                        prop_assert_eq!(Ok(shared.fields.0), expected.map_err(u32::from));
                        prop_assert_eq!(opened, example_summary().restricted_to(shared.fields));
                        continue;
                    }
                    Err(error) => (Err(error), model_code(expected)),
                }
            }
            Step::Wait(seconds) => {
                chain.advance_clock(seconds).await.unwrap();
                continue;
            }
            _ => continue,
        };
        match (actual, expected) {
            (Ok(_), Ok(())) => {}
            (actual @ Err(_), Err(expected)) => prop_assert_eq!(custom_error(actual), expected),
            (actual, expected) => prop_assert!(false, "chain {actual:?}, model {expected:?}"),
        }
        if model.issued {
            let grant = grant_account(&mut chain, &patient, &doctor).await;
            prop_assert_eq!(
                (grant.fields.0, grant.expires_at, grant.revoked_at.is_some()),
                (model.fields, model.expires_at, model.revoked)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_chain_matches_the_model(steps in prop::collection::vec(step(), 1..10)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(chain_matches_the_model(steps))?;
    }
}
