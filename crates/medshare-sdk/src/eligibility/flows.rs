//! The eligibility flows over any chain connection: grant questions, ask one, answer one for
//! a verifier, and open an answer, checked against the question it is to.

use crate::{
    addresses,
    client::{direct_delivery, Client, ClientError, Result},
    connection::Connection,
    events::{decode_events, MedshareEvent, QuestionAnswered},
    instructions,
    sealed_pair::open_delivered_pair,
    SecretKey,
};
use share_medical_records::state::{
    question_tag, Disclosure, DisclosureSubject, PurposeOfUse, Question, QuestionAllowance,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Duration;

/// An answer a verifier opened: yes or no to `question`, which the receipt names.
#[derive(Debug, Clone)]
pub struct Answer {
    pub receipt: Disclosure,
    pub question: Question,
    pub yes: bool,
}

direct_delivery!(QuestionAnswered);

impl<C: Connection> Client<C> {
    /// `patient` lets `verifier` ask `questions.questions_left` questions of the kinds
    /// `questions.terms` for `purpose` for `lasting` from now, in place of any grant of fields
    /// to it. Returns the expiry, in Unix seconds.
    pub async fn grant_eligibility(
        &mut self,
        patient: &Keypair,
        verifier: &Pubkey,
        questions: QuestionAllowance,
        purpose: PurposeOfUse,
        lasting: Duration,
    ) -> Result<i64> {
        let expires_at = self.expiry_after(lasting).await?;
        let grant = instructions::grant_eligibility(
            &patient.pubkey(),
            verifier,
            questions,
            purpose,
            expires_at,
        );
        self.send(grant, patient).await?;
        Ok(expires_at)
    }

    /// `verifier` asks `question` about `patient`'s record under its eligibility grant;
    /// returns the computation offset that names the answer.
    pub async fn ask(
        &mut self,
        verifier: &Keypair,
        patient: &Pubkey,
        question: Question,
    ) -> Result<u64> {
        self.send_at_fresh_offset(verifier, |offset| {
            Ok(instructions::ask_question(
                &verifier.pubkey(),
                patient,
                offset,
                question,
            ))
        })
        .await
    }

    /// `patient` has `question` about their record answered for `recipient_key` (a
    /// verifier's, on its asking); returns the computation offset.
    pub async fn answer_for(
        &mut self,
        patient: &Keypair,
        recipient_key: [u8; 32],
        question: Question,
    ) -> Result<u64> {
        self.send_at_fresh_offset(patient, |offset| {
            Ok(instructions::answer_for(
                &patient.pubkey(),
                offset,
                recipient_key,
                question,
            ))
        })
        .await
    }

    /// Opens the answer delivered under computation `offset` with `key`, and checks that it
    /// answers `question`: the receipt names the question's hash, the delivery is the one whose
    /// digest the receipt keeps, and the question's tag is encrypted beside the answer. An
    /// answer to any other question, or any event but the delivery, is refused.
    pub async fn open_answer(
        &mut self,
        offset: u64,
        question: &Question,
        key: &SecretKey,
    ) -> Result<Answer> {
        let receipt = self.delivered_receipt(offset).await?;
        let hash = question.hash();
        match receipt.subject {
            DisclosureSubject::Answer {
                question: answered, ..
            } if answered == hash => {}
            subject => return Err(not_this_question(offset, subject)),
        }
        let delivered: QuestionAnswered = self.delivered(&receipt).await?;
        let mxe = self.mxe_public_key().await?;
        let opened = open_delivered_pair(&delivered.ciphertexts, delivered.output_nonce, key, &mxe)
            .map_err(crate::record::RecordError::from)?;
        match opened {
            Some([answer @ (0 | 1), tag]) if tag == question_tag(&hash) => Ok(Answer {
                receipt,
                question: *question,
                yes: answer == 1,
            }),
            _ => Err(ClientError::NotFound(format!(
                "an answer to this question for this key in the delivery of computation {offset}"
            ))),
        }
    }

    /// The question the receipt of computation `offset` names: the `QuestionAsked` event in
    /// the receipt's history whose question hashes to the receipt's.
    pub async fn asked_question(&mut self, receipt: &Disclosure) -> Result<Question> {
        let offset = receipt.computation_offset;
        let DisclosureSubject::Answer { question: hash, .. } = receipt.subject else {
            return Err(not_this_question(offset, receipt.subject));
        };
        let mut asked = None;
        let names_it = |logs: &[String]| {
            asked = decode_events(logs)
                .into_iter()
                .find_map(|event| match event {
                    MedshareEvent::QuestionAsked(event)
                        if event.computation_offset == offset && event.question.hash() == hash =>
                    {
                        Some(event.question)
                    }
                    _ => None,
                });
            asked.is_some()
        };
        self.connection()
            .find_transaction_logs(addresses::receipt(offset), names_it)
            .await?;
        asked.ok_or_else(|| {
            ClientError::NotFound(format!(
                "the question of computation {offset} in its history"
            ))
        })
    }
}

fn not_this_question(offset: u64, subject: DisclosureSubject) -> ClientError {
    ClientError::NotFound(format!(
        "an answer to this question in computation {offset}, which is about {subject:?}"
    ))
}
