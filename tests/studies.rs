//! Research studies on the embedded chain: consent, counting each record once, one update per
//! shard, the reveal's rules, and callbacks that are forged, replayed or superseded.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    client::Client,
    connection::EmbeddedConnection,
    events::MedshareEvent,
    instructions,
    study::{
        cohort::cohort_record,
        model::{self, Counts},
        AgeBands, Icd10Prefix, StudyQuestion,
    },
    LocalChain,
};
use share_medical_records::{
    constants::*,
    errors::MedshareError,
    state::{
        structural_zeros, MembershipStatus, Study, StudyMembership, StudyShard, StudyStatus,
        PARTICIPANTS_CELL,
    },
    StudyTerms,
};
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, pubkey::Pubkey};
use solana_signer::Signer;
use std::time::Duration;
use time::macros::date;

const PROTOCOL: [u8; 32] = [7; 32];
const WAIT: Duration = Duration::from_secs(60);

/// A registered study of type 2 diabetes (E11) among adults, its researcher and the access
/// configuration's authority, on a fresh chain.
struct Trial {
    client: Client<EmbeddedConnection>,
    authority: Keypair,
    researcher: Keypair,
    study: Pubkey,
}

fn question() -> StudyQuestion {
    StudyQuestion {
        diagnosis: Icd10Prefix::parse("E11").unwrap(),
        sexes: vec![],
        ages: Some((18, 120)),
        reference_date: date!(2026 - 01 - 01),
        age_bands: AgeBands::default(),
        medications: vec![cohort_metformin()],
        categories: vec![medshare_sdk::record::Icd10Code::parse("I10").unwrap()],
    }
}

fn cohort_metformin() -> u32 {
    medshare_sdk::study::cohort::METFORMIN
}

fn terms(k: u32, min_participants: u32) -> StudyTerms {
    StudyTerms {
        protocol_hash: PROTOCOL,
        k,
        epsilon_milli: 0,
        min_participants,
        enrol_from: 0,
        enrol_until: i64::MAX,
    }
}

impl Trial {
    async fn registered(terms: StudyTerms) -> Self {
        let mut chain = medshare_sdk::embedded::start().await.unwrap();
        let authority = chain.funded_keypair(LAMPORTS).await.unwrap();
        configure(&mut chain, &authority.pubkey(), vec![]).await;
        let researcher = chain.funded_keypair(LAMPORTS).await.unwrap();
        let mut client = Client::new(EmbeddedConnection::from_chain(chain));
        let criteria = question().criteria().unwrap();
        let study = client
            .register_study(&researcher, 1, criteria, terms)
            .await
            .unwrap();
        Self {
            client,
            authority,
            researcher,
            study,
        }
    }

    async fn approved(terms: StudyTerms) -> Self {
        let mut trial = Self::registered(terms).await;
        let (authority, study) = (trial.authority.insecure_clone(), trial.study);
        trial
            .client
            .approve_study(&authority, &study)
            .await
            .unwrap();
        trial
    }

    /// An approved study that `members` patients (cohort records 0, 1, ...) joined.
    async fn with_members(members: usize) -> Self {
        let mut trial = Self::approved(terms(2, 2)).await;
        for index in 0..members {
            let patient = trial.patient(index).await;
            trial.join(&patient).await.unwrap();
        }
        trial
    }

    /// Sends `close_out` from a fresh wallet that paid for nothing: refused while the mempool
    /// could still run the computation, taken once it has outlived the mempool.
    async fn close_out_as_a_stranger(&mut self, close_out: Instruction) {
        let stranger = self.chain().funded_keypair(LAMPORTS).await.unwrap();
        let early = self.chain().send(&[close_out.clone()], &[&stranger]).await;
        assert_eq!(
            custom_error(early),
            medshare_error(MedshareError::ComputationStillPending)
        );
        self.chain()
            .advance_slots(MEMPOOL_LIFETIME_SLOTS + 1)
            .await
            .unwrap();
        self.chain().send(&[close_out], &[&stranger]).await.unwrap();
    }

    fn chain(&mut self) -> &mut LocalChain {
        self.client.connection().chain()
    }

    /// A patient holding cohort record `index`.
    async fn patient(&mut self, index: usize) -> Person {
        let patient = person(self.chain()).await;
        store(self.chain(), &patient, &cohort_record(index), 1).await;
        patient
    }

    async fn join(
        &mut self,
        patient: &Person,
    ) -> Result<StudyMembership, medshare_sdk::client::ClientError> {
        let study = self.study;
        self.client
            .join_study(&patient.wallet, &study, PROTOCOL, WAIT, |_| {})
            .await
    }

    async fn study(&mut self) -> Study {
        let study = self.study;
        self.client.study(&study).await.unwrap()
    }

    async fn shard(&mut self, index: u8) -> StudyShard {
        let address = addresses::study_shard(&self.study, index);
        self.chain().anchor_account(address).await.unwrap()
    }

    async fn membership(&mut self, patient: &Person) -> StudyMembership {
        let address = addresses::study_membership(&self.study, &patient.wallet.pubkey());
        self.chain().anchor_account(address).await.unwrap()
    }

    /// Queues `patient`'s join through `shard` without waiting for the cluster.
    async fn queue_join(
        &mut self,
        patient: &Person,
        shard: u8,
        offset: u64,
    ) -> Result<medshare_sdk::Receipt, medshare_sdk::ChainError> {
        let join = instructions::join_study(
            &patient.wallet.pubkey(),
            &self.study,
            shard,
            PROTOCOL,
            offset,
        );
        self.chain().send(&[join], &[&patient.wallet]).await
    }

    async fn reveal_again(&mut self) -> Study {
        let (researcher, study) = (self.researcher.insecure_clone(), self.study);
        self.client
            .reveal_study(&researcher, &study, WAIT, |_| {})
            .await
            .unwrap()
    }

    async fn close_and_reveal(&mut self) -> Result<Study, medshare_sdk::client::ClientError> {
        let (researcher, study) = (self.researcher.insecure_clone(), self.study);
        self.client.close_study(&researcher, &study).await?;
        self.client
            .reveal_study(&researcher, &study, WAIT, |_| {})
            .await
    }
}

fn sum(counts: impl IntoIterator<Item = Counts>) -> Counts {
    counts
        .into_iter()
        .fold([0; STUDY_COUNTERS], |total, counts| {
            std::array::from_fn(|i| total[i] + counts[i])
        })
}

#[tokio::test]
async fn a_study_counts_its_members_and_reveals_only_what_k_allows() {
    let mut trial = Trial::approved(terms(3, 8)).await;
    let criteria = trial.study().await.criteria;
    let mut patients = Vec::new();
    for index in 0..12 {
        let patient = trial.patient(index).await;
        let membership = trial.join(&patient).await.unwrap();
        assert_eq!(membership.status, MembershipStatus::Counted);
        patients.push((index, patient));
    }
    // One leaves before the reveal: the tally is the model's without that record.
    let (left_index, leaver) = &patients[4];
    let study = trial.study;
    let left = trial
        .client
        .leave_study(&leaver.wallet, &study, WAIT, |_| {})
        .await
        .unwrap();
    assert_eq!(left.status, MembershipStatus::Left);

    let revealed = trial.close_and_reveal().await.unwrap();
    assert_eq!(revealed.status, StudyStatus::Revealed);
    assert_eq!(revealed.participants, 11);
    let expected = sum(patients
        .iter()
        .filter(|(index, _)| index != left_index)
        .map(|(index, _)| model::contribution(&cohort_record(*index), &criteria).unwrap()));
    assert_eq!(
        revealed.results,
        model::reveal_exact(&expected, 3, structural_zeros(&criteria))
    );
    assert_eq!(revealed.results[PARTICIPANTS_CELL], 11);
    assert!(
        revealed.results.contains(&SUPPRESSED),
        "some cells are below k"
    );
    assert!(
        revealed.results[1] >= 3 && revealed.results[1] != SUPPRESSED,
        "the matched count is published"
    );

    // The trail: every counted contribution was a transaction its patient signed.
    let shards_total: u32 = {
        let mut total = 0;
        for index in 0..STUDY_SHARDS {
            total += trial.shard(index).await.contributions;
        }
        total
    };
    assert_eq!(shards_total, revealed.results[PARTICIPANTS_CELL]);
}

#[tokio::test]
async fn only_an_approved_study_in_its_window_takes_joins_under_its_own_protocol() {
    let mut trial = Trial::registered(terms(2, 2)).await;
    let patient = trial.patient(0).await;
    let unapproved = trial.queue_join(&patient, 0, 1).await;
    assert_eq!(
        custom_error(unapproved),
        medshare_error(MedshareError::StudyNotEnrolling)
    );

    // Only the access configuration's authority approves.
    let (researcher, study) = (trial.researcher.insecure_clone(), trial.study);
    let by_researcher = trial.client.approve_study(&researcher, &study).await;
    assert!(by_researcher.is_err());
    let authority = trial.authority.insecure_clone();
    trial
        .client
        .approve_study(&authority, &study)
        .await
        .unwrap();
    let twice = instructions::approve_study(&authority.pubkey(), &study);
    let twice = send_anew(trial.chain(), &[twice], &authority).await;
    assert_eq!(
        custom_error(twice),
        medshare_error(MedshareError::StudyNotProposed)
    );

    let other_protocol = instructions::join_study(&patient.wallet.pubkey(), &study, 0, [8; 32], 2);
    let refused = trial
        .chain()
        .send(&[other_protocol], &[&patient.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::ProtocolMismatch)
    );

    // Someone else's record cannot be entered: the join derives it from the signer.
    let intruder = trial.patient(1).await;
    let mut theirs = instructions::join_study(&intruder.wallet.pubkey(), &study, 0, PROTOCOL, 3);
    theirs.accounts[1].pubkey = addresses::record(&patient.wallet.pubkey());
    assert!(trial
        .chain()
        .send(&[theirs], &[&intruder.wallet])
        .await
        .is_err());

    // Nothing of the refused joins is left behind.
    assert!(trial
        .chain()
        .account(addresses::study_membership(
            &study,
            &patient.wallet.pubkey()
        ))
        .await
        .unwrap()
        .is_none());
    assert_eq!(trial.shard(0).await.pending, None);
    trial.join(&patient).await.unwrap();
}

#[tokio::test]
async fn a_record_counts_once_and_cannot_come_back_after_leaving() {
    let mut trial = Trial::approved(terms(2, 2)).await;
    let patient = trial.patient(0).await;
    trial.join(&patient).await.unwrap();
    let again = trial.queue_join(&patient, 1, 9).await;
    assert_eq!(
        custom_error(again),
        medshare_error(MedshareError::AlreadyInStudy)
    );

    let study = trial.study;
    trial
        .client
        .leave_study(&patient.wallet, &study, WAIT, |_| {})
        .await
        .unwrap();
    let rejoin = trial.queue_join(&patient, 1, 10).await;
    assert_eq!(
        custom_error(rejoin),
        medshare_error(MedshareError::AlreadyInStudy)
    );
    let leave_again = instructions::leave_study(
        &patient.wallet.pubkey(),
        &study,
        trial.membership(&patient).await.shard,
        11,
    );
    let leave_again = trial.chain().send(&[leave_again], &[&patient.wallet]).await;
    assert_eq!(
        custom_error(leave_again),
        medshare_error(MedshareError::NotCounted)
    );
    assert_eq!(trial.study().await.participants, 0);
}

#[tokio::test]
async fn a_shard_takes_one_update_at_a_time() {
    let mut trial = Trial::approved(terms(2, 2)).await;
    let first = trial.patient(0).await;
    let second = trial.patient(1).await;
    trial.queue_join(&first, 2, 21).await.unwrap();
    let busy = trial.queue_join(&second, 2, 22).await;
    assert_eq!(custom_error(busy), medshare_error(MedshareError::ShardBusy));
    // A leave cannot start while its own join waits either.
    let study = trial.study;
    let leave = instructions::leave_study(&first.wallet.pubkey(), &study, 2, 23);
    let leave = trial.chain().send(&[leave], &[&first.wallet]).await;
    assert_eq!(
        custom_error(leave),
        medshare_error(MedshareError::NotCounted)
    );

    trial.chain().deliver(21).await.unwrap();
    trial.queue_join(&second, 2, 24).await.unwrap();
    trial.chain().deliver(24).await.unwrap();
    assert_eq!(trial.shard(2).await.contributions, 2);
    assert_eq!(trial.study().await.participants, 2);
}

#[tokio::test]
async fn a_replayed_forged_or_superseded_callback_changes_nothing() {
    let mut trial = Trial::approved(terms(2, 2)).await;
    let patient = trial.patient(0).await;
    trial.queue_join(&patient, 0, 31).await.unwrap();

    // Forged: a changed tally fails the BLS check; the join still waits.
    let mut forged = trial.chain().prepare_callback(31, None).await.unwrap();
    forged.instructions[1].data[8 + 1 + 40] ^= 1;
    let refused = trial.chain().send_callback(&forged).await;
    assert_eq!(custom_error(refused), 6001);
    assert_eq!(trial.shard(0).await.pending, Some(31));

    // Genuine, then replayed.
    let mut genuine = trial.chain().prepare_callback(31, None).await.unwrap();
    trial.chain().send_callback(&genuine).await.unwrap();
    let counted = trial.shard(0).await;
    genuine.instructions[2] =
        arcium_local::lighthouse::assert_lamports_at_least(Keypair::new().pubkey(), 0);
    assert!(trial.chain().send_callback(&genuine).await.is_err());
    let after = trial.shard(0).await;
    assert_eq!(
        (after.tally, after.contributions),
        (counted.tally, counted.contributions)
    );

    // Superseded: a join the cluster dropped is closed out, and the shard moves on.
    let late = trial.patient(1).await;
    trial.queue_join(&late, 1, 32).await.unwrap();
    let stale = trial.chain().prepare_callback(32, None).await.unwrap();
    let early = instructions::expire_study_update(&trial.study, &late.wallet.pubkey(), 1, 32);
    let early = trial.chain().send(&[early], &[&late.wallet]).await;
    assert_eq!(
        custom_error(early),
        medshare_error(MedshareError::ComputationStillPending)
    );
    trial
        .chain()
        .advance_slots(arcium_local::program::reclaim::MEMPOOL_LIFETIME_SLOTS + 1)
        .await
        .unwrap();
    let reclaim = instructions::reclaim_expired_computation(&late.wallet.pubkey(), 32);
    let expire = instructions::expire_study_update(&trial.study, &late.wallet.pubkey(), 1, 32);
    trial
        .chain()
        .send(&[reclaim, expire], &[&late.wallet])
        .await
        .unwrap();
    assert_eq!(
        trial.membership(&late).await.status,
        MembershipStatus::NotCounted
    );
    assert_eq!(trial.shard(1).await.pending, None);
    assert!(trial.chain().send_callback(&stale).await.is_err());
    assert_eq!(trial.shard(1).await.written, false);
    // A join that changed nothing may be made again.
    trial.join(&late).await.unwrap();
    assert_eq!(trial.study().await.participants, 2);
}

#[tokio::test]
async fn a_record_sealed_for_someone_else_counts_for_nothing() {
    let mut trial = Trial::approved(terms(2, 2)).await;
    let victim = trial.patient(0).await;
    let copier = person(trial.chain()).await;
    // The copier stores the victim's ciphertexts as their own record.
    let victims = record(trial.chain(), &victim.wallet).await;
    let copied: instructions::SealedRecord = (&victims).into();
    let copy = instructions::store_record(&copier.wallet.pubkey(), &copied);
    trial
        .chain()
        .send(&[copy], &[&copier.wallet])
        .await
        .unwrap();
    let error = trial.join(&copier).await.unwrap_err();
    assert!(error.to_string().contains("did not count"), "{error}");
    assert_eq!(
        trial.membership(&copier).await.status,
        MembershipStatus::NotBound
    );
    assert_eq!(trial.study().await.participants, 0);
    // Refused for good: a copied record cannot keep a shard busy by joining again and again.
    let again = trial.queue_join(&copier, 1, 71).await;
    assert_eq!(
        custom_error(again),
        medshare_error(MedshareError::AlreadyInStudy)
    );
    assert_eq!(trial.shard(1).await.pending, None);
}

#[tokio::test]
async fn a_stranger_unfreezes_a_shard_a_silent_patient_left_queued_and_the_reveal_goes_through() {
    let mut trial = Trial::with_members(2).await;
    // The program's idea of the mempool's lifetime is the cluster's.
    assert_eq!(
        MEMPOOL_LIFETIME_SLOTS,
        arcium_local::program::reclaim::MEMPOOL_LIFETIME_SLOTS
    );
    // A patient queues a join that the cluster never answers, and never reclaims its fee.
    let silent = trial.patient(2).await;
    trial.queue_join(&silent, 3, 61).await.unwrap();
    let stale = trial.chain().prepare_callback(61, None).await.unwrap();
    let (researcher, study) = (trial.researcher.insecure_clone(), trial.study);
    trial.client.close_study(&researcher, &study).await.unwrap();
    let reveal = instructions::reveal_study(&researcher.pubkey(), &study, 62);
    let busy = trial.chain().send(&[reveal.clone()], &[&researcher]).await;
    assert_eq!(custom_error(busy), medshare_error(MedshareError::ShardBusy));

    let expire = instructions::expire_study_update(&study, &silent.wallet.pubkey(), 3, 61);
    trial.close_out_as_a_stranger(expire).await;
    let unfrozen = trial.shard(3).await;
    assert_eq!(unfrozen.pending, None);
    assert_eq!(
        trial.membership(&silent).await.status,
        MembershipStatus::NotCounted
    );
    // The late callback finds nothing waiting for it.
    assert!(trial.chain().send_callback(&stale).await.is_err());
    let after = trial.shard(3).await;
    assert_eq!(
        (after.tally, after.contributions),
        (unfrozen.tally, unfrozen.contributions)
    );

    trial.chain().send(&[reveal], &[&researcher]).await.unwrap();
    trial.chain().deliver(62).await.unwrap();
    let revealed = trial.study().await;
    assert_eq!(revealed.status, StudyStatus::Revealed);
    assert_eq!(revealed.results[PARTICIPANTS_CELL], 2);
}

#[tokio::test]
async fn a_stranger_closes_out_a_reveal_the_cluster_never_answered_and_it_can_be_asked_again() {
    let mut trial = Trial::with_members(2).await;
    let (researcher, study) = (trial.researcher.insecure_clone(), trial.study);
    trial.client.close_study(&researcher, &study).await.unwrap();
    let reveal = instructions::reveal_study(&researcher.pubkey(), &study, 81);
    trial.chain().send(&[reveal], &[&researcher]).await.unwrap();
    let stale = trial.chain().prepare_callback(81, None).await.unwrap();

    trial
        .close_out_as_a_stranger(instructions::expire_reveal(&study, 81))
        .await;
    assert_eq!(trial.study().await.status, StudyStatus::Closed);
    assert!(trial.chain().send_callback(&stale).await.is_err());
    assert_eq!(trial.study().await.status, StudyStatus::Closed);

    let revealed = trial.reveal_again().await;
    assert_eq!(revealed.status, StudyStatus::Revealed);
}

#[tokio::test]
async fn the_reveal_needs_enrolment_over_enough_participants_and_happens_once() {
    let mut trial = Trial::approved(terms(2, 3)).await;
    let (researcher, study) = (trial.researcher.insecure_clone(), trial.study);
    for index in 0..2 {
        let patient = trial.patient(index).await;
        trial.join(&patient).await.unwrap();
    }
    let reveal = |offset| instructions::reveal_study(&researcher.pubkey(), &study, offset);
    let open = trial.chain().send(&[reveal(41)], &[&researcher]).await;
    assert_eq!(
        custom_error(open),
        medshare_error(MedshareError::EnrolmentNotOver)
    );
    trial.client.close_study(&researcher, &study).await.unwrap();
    let too_few = trial.chain().send(&[reveal(42)], &[&researcher]).await;
    assert_eq!(
        custom_error(too_few),
        medshare_error(MedshareError::TooFewParticipants)
    );

    // A closed study still lets members leave until the reveal; none may join.
    let late = trial.patient(5).await;
    let closed = trial.queue_join(&late, 0, 43).await;
    assert_eq!(
        custom_error(closed),
        medshare_error(MedshareError::StudyNotEnrolling)
    );

    let mut trial = Trial::approved(terms(2, 2)).await;
    let (researcher, study) = (trial.researcher.insecure_clone(), trial.study);
    let mut members = Vec::new();
    for index in 0..3 {
        let patient = trial.patient(index).await;
        trial.join(&patient).await.unwrap();
        members.push(patient);
    }
    trial.client.close_study(&researcher, &study).await.unwrap();
    let stranger = person(trial.chain()).await;
    let not_theirs = instructions::reveal_study(&stranger.wallet.pubkey(), &study, 44);
    let not_theirs = trial.chain().send(&[not_theirs], &[&stranger.wallet]).await;
    assert_eq!(
        custom_error(not_theirs),
        medshare_error(MedshareError::NotResearcher)
    );

    trial
        .chain()
        .send(
            &[instructions::reveal_study(&researcher.pubkey(), &study, 45)],
            &[&researcher],
        )
        .await
        .unwrap();
    // While the reveal is with the cluster, no contribution changes.
    let leave = instructions::leave_study(
        &members[0].wallet.pubkey(),
        &study,
        trial.membership(&members[0]).await.shard,
        46,
    );
    let leave = trial.chain().send(&[leave], &[&members[0].wallet]).await;
    assert_eq!(
        custom_error(leave),
        medshare_error(MedshareError::StudyClosedToLeaves)
    );
    // A forged result is refused; the genuine one is published, once.
    let mut forged = trial.chain().prepare_callback(45, None).await.unwrap();
    forged.instructions[1].data[8 + 1] ^= 1;
    assert_eq!(
        custom_error(trial.chain().send_callback(&forged).await),
        6001
    );
    assert!(matches!(
        trial.study().await.status,
        StudyStatus::Revealing { .. }
    ));
    let (_, receipt) = trial.chain().deliver(45).await.unwrap();
    let revealed = medshare_sdk::events::decode_events(&receipt.logs);
    assert!(
        matches!(revealed.as_slice(), [MedshareEvent::StudyRevealed(event)] if event.participants == 3 && !event.disputed)
    );
    assert_eq!(trial.study().await.status, StudyStatus::Revealed);
    let second = send_anew(
        trial.chain(),
        &[instructions::reveal_study(&researcher.pubkey(), &study, 47)],
        &researcher,
    )
    .await;
    assert_eq!(
        custom_error(second),
        medshare_error(MedshareError::AlreadyRevealed)
    );
}
