//! A fuzzer for the program: proptest draws sequences of instructions (well-formed ones with
//! random arguments, the same with their accounts swapped, duplicated, dropped or unsigned, and
//! raw bytes), clock and slot moves and cluster deliveries (some aborted), and runs them on the
//! embedded chain.
//! After every step:
//! - a refused transaction changed no account, byte for byte (the fee payer's lamports aside);
//! - every new receipt was entitled when it was queued, by a plain reading of the rules;
//! - a settled receipt never changes again, versions and generations only grow;
//! - each grant counts exactly the requests waiting on it, each record exactly its grants;
//! - a study counts exactly its counted memberships, each shard waits for exactly the update a
//!   membership waits for, and a revealed study never changes again;
//! - the cluster can deliver every computation still queued and within the mempool's lifetime.
//!
//! `cargo test --test fuzz` runs for `MEDSHARE_FUZZ_SECONDS` (default 60); `./scripts/fuzz` runs
//! a long pass. Each run prints its executions and outcomes.

mod common;

use anchor_lang::{AccountDeserialize, Discriminator};
use arcium_client::idl::arcium::types::AbortReason;
use common::*;
use medshare_sdk::{addresses, instructions, ChainError, LocalChain, Outcome, SecretKey};
use proptest::{
    prelude::*,
    test_runner::{Config, TestCaseError, TestRunner},
};
use share_medical_records::{
    constants::STUDY_SHARDS,
    state::{
        AccessConfig, Disclosure, DisclosureBasis, DisclosureStatus, EmergencyJustification,
        FieldSet, Grant, KeyRotation, MembershipStatus, PatientRecord, ProviderProfile,
        PurposeOfUse, RotationStatus, Study, StudyCriteria, StudyMembership, StudyShard,
        StudyStatus,
    },
    DisclosureRequest, StudyTerms,
};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, pubkey::Pubkey};
use solana_signer::Signer;
use std::{
    collections::{BTreeMap, HashMap},
    time::{Duration, Instant},
};

/// What the fuzzer sends: one of the program's instructions built from random arguments.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Store,
    Update,
    Grant,
    Narrow,
    Revoke,
    CloseGrant,
    CloseRecord,
    Register,
    RotateProviderKey,
    Retire,
    Share,
    Request,
    Emergency,
    RotateRecordKey,
    ExpireDisclosure,
    ExpireRotation,
    Reclaim,
    UpdateConfig,
    Propose,
    Accept,
    InitConfig,
    JoinStudy,
    LeaveStudy,
    ExpireStudyUpdate,
    CloseStudy,
    RevealStudy,
    ExpireReveal,
}

/// Each kind with its weight: the steps that move records, grants and computations through
/// their lives come more often than the rare administrative ones.
const KINDS: [(Kind, u32); 27] = [
    (Kind::Store, 2),
    (Kind::Update, 3),
    (Kind::Grant, 5),
    (Kind::Narrow, 2),
    (Kind::Revoke, 4),
    (Kind::CloseGrant, 4),
    (Kind::CloseRecord, 4),
    (Kind::Register, 1),
    (Kind::RotateProviderKey, 2),
    (Kind::Retire, 1),
    (Kind::Share, 4),
    (Kind::Request, 6),
    (Kind::Emergency, 2),
    (Kind::RotateRecordKey, 5),
    (Kind::ExpireDisclosure, 2),
    (Kind::ExpireRotation, 2),
    (Kind::Reclaim, 2),
    (Kind::UpdateConfig, 1),
    (Kind::Propose, 1),
    (Kind::Accept, 1),
    (Kind::InitConfig, 1),
    (Kind::JoinStudy, 4),
    (Kind::LeaveStudy, 3),
    (Kind::ExpireStudyUpdate, 2),
    (Kind::CloseStudy, 1),
    (Kind::RevealStudy, 2),
    (Kind::ExpireReveal, 1),
];

/// The protocol the fuzz case's study was registered with.
const PROTOCOL: [u8; 32] = [7; 32];

/// Computation offsets the steps draw from: few enough that some collide.
const OFFSETS: u8 = 24;

/// How a well-formed instruction is spoiled before it is sent.
#[derive(Debug, Clone, Copy)]
enum Mutation {
    None,
    /// Account `index` replaced by pool address `with`.
    Swap {
        index: u8,
        with: u8,
    },
    /// Account `index` replaced by account `from` of the same instruction.
    Duplicate {
        index: u8,
        from: u8,
    },
    /// Account `index` no longer signs.
    Unsign {
        index: u8,
    },
    /// The last `count` accounts dropped.
    Truncate {
        count: u8,
    },
    /// The data cut to `length` bytes.
    CutData {
        length: u8,
    },
}

/// A well-formed instruction: `kind`, signed by `actor`, about `subject`, with `value` for its
/// field sets, purpose or key, `delta` seconds (times 4) for its expiry, and computation `offset`.
#[derive(Debug, Clone, Copy)]
struct Request {
    kind: Kind,
    actor: u8,
    subject: u8,
    value: u8,
    delta: i16,
    offset: u8,
}

#[derive(Debug, Clone)]
enum Step {
    Send(Request, Mutation),
    /// Bytes for the program: a real discriminator and a random tail, or noise.
    Raw {
        discriminator: Option<u8>,
        tail: Vec<u8>,
        accounts: Vec<u8>,
        actor: u8,
    },
    Wait(u16),
    Slots(u8),
    /// The cluster answers the `pick`th queued computation; one time in eight it aborts.
    Deliver(u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => Just(Mutation::None),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(index, with)| Mutation::Swap { index, with }),
        1 => (any::<u8>(), any::<u8>())
            .prop_map(|(index, from)| Mutation::Duplicate { index, from }),
        1 => any::<u8>().prop_map(|index| Mutation::Unsign { index }),
        1 => (1u8..4).prop_map(|count| Mutation::Truncate { count }),
        1 => any::<u8>().prop_map(|length| Mutation::CutData { length }),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    let weighted: Vec<(u32, Just<Kind>)> = KINDS
        .iter()
        .map(|(kind, weight)| (*weight, Just(*kind)))
        .collect();
    prop::strategy::Union::new_weighted(weighted)
}

fn step() -> impl Strategy<Value = Step> {
    let send = (
        kind(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<i16>(),
        0..OFFSETS,
        mutation(),
    )
        .prop_map(|(kind, actor, subject, value, delta, offset, mutation)| {
            let request = Request {
                kind,
                actor,
                subject,
                value,
                delta,
                offset,
            };
            Step::Send(request, mutation)
        });
    let raw = (
        prop::option::of(any::<u8>()),
        prop::collection::vec(any::<u8>(), 0..80),
        prop::collection::vec(any::<u8>(), 0..8),
        any::<u8>(),
    )
        .prop_map(|(discriminator, tail, accounts, actor)| Step::Raw {
            discriminator,
            tail,
            accounts,
            actor,
        });
    prop_oneof![
        12 => send,
        1 => raw,
        1 => (0u16..7_200).prop_map(Step::Wait),
        1 => (2u8..=200).prop_map(Step::Slots),
        3 => any::<u8>().prop_map(Step::Deliver),
    ]
}

/// The program's instruction discriminators, for raw bytes that reach a handler.
fn discriminators() -> Vec<&'static [u8]> {
    use share_medical_records::instruction as ix;
    vec![
        ix::StoreRecord::DISCRIMINATOR,
        ix::UpdateRecord::DISCRIMINATOR,
        ix::RotateRecordKey::DISCRIMINATOR,
        ix::ExpireRotation::DISCRIMINATOR,
        ix::CloseRecord::DISCRIMINATOR,
        ix::ResealRecordCallback::DISCRIMINATOR,
        ix::RegisterProvider::DISCRIMINATOR,
        ix::RotateProviderKey::DISCRIMINATOR,
        ix::RetireProvider::DISCRIMINATOR,
        ix::GrantAccess::DISCRIMINATOR,
        ix::NarrowGrant::DISCRIMINATOR,
        ix::RevokeGrant::DISCRIMINATOR,
        ix::CloseGrant::DISCRIMINATOR,
        ix::InitializeAccessConfig::DISCRIMINATOR,
        ix::UpdateAccessConfig::DISCRIMINATOR,
        ix::ProposeConfigAuthority::DISCRIMINATOR,
        ix::AcceptConfigAuthority::DISCRIMINATOR,
        ix::InitDiscloseRecordCompDef::DISCRIMINATOR,
        ix::InitResealRecordCompDef::DISCRIMINATOR,
        ix::DiscloseRecord::DISCRIMINATOR,
        ix::ExpireDisclosure::DISCRIMINATOR,
        ix::DiscloseRecordCallback::DISCRIMINATOR,
        ix::InitJoinStudyCompDef::DISCRIMINATOR,
        ix::InitLeaveStudyCompDef::DISCRIMINATOR,
        ix::InitRevealStudyCompDef::DISCRIMINATOR,
        ix::RegisterStudy::DISCRIMINATOR,
        ix::ApproveStudy::DISCRIMINATOR,
        ix::CloseStudy::DISCRIMINATOR,
        ix::JoinStudy::DISCRIMINATOR,
        ix::JoinStudyCallback::DISCRIMINATOR,
        ix::LeaveStudy::DISCRIMINATOR,
        ix::LeaveStudyCallback::DISCRIMINATOR,
        ix::ExpireStudyUpdate::DISCRIMINATOR,
        ix::RevealStudy::DISCRIMINATOR,
        ix::RevealStudyCallback::DISCRIMINATOR,
        ix::ExpireReveal::DISCRIMINATOR,
    ]
}

/// The people of one fuzz case and what the fuzzer remembers between steps.
struct World {
    chain: LocalChain,
    /// Patients and providers; the last person is an outsider with no role.
    people: Vec<Person>,
    authority: Keypair,
    deployer: Keypair,
    payer: Keypair,
    /// The researcher of the case's one study, approved and enrolling from the start.
    researcher: Keypair,
    study: Pubkey,
    /// Addresses a swapped account may be: the case's accounts, programs, sysvars, nothing.
    pool: Vec<Pubkey>,
    nonces: HashMap<Pubkey, u128>,
    settled: HashMap<Pubkey, Vec<u8>>,
    versions: HashMap<Pubkey, u64>,
    generations: HashMap<Pubkey, u64>,
    stats: Stats,
}

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    cases: u64,
    steps: u64,
    accepted: u64,
    refused: u64,
    delivered: u64,
}

const PATIENTS: usize = 2;
const PROVIDERS: usize = 2;

impl World {
    async fn new() -> Self {
        let mut chain = medshare_sdk::embedded::start().await.unwrap();
        let mut people = Vec::new();
        for index in 0..PATIENTS + PROVIDERS + 1 {
            let someone = if (PATIENTS..PATIENTS + PROVIDERS).contains(&index) {
                provider(&mut chain, "Dr. Fuzz").await
            } else {
                person(&mut chain).await
            };
            people.push(someone);
        }
        for patient in &people[..PATIENTS] {
            store(&mut chain, patient, &example_summary(), 1).await;
        }
        let authority = chain.funded_keypair(LAMPORTS).await.unwrap();
        configure(
            &mut chain,
            &authority.pubkey(),
            vec![people[PATIENTS].wallet.pubkey()],
        )
        .await;
        let payer = chain.funded_keypair(LAMPORTS * 100).await.unwrap();
        let deployer = chain.deployer.insecure_clone();
        let researcher = chain.funded_keypair(LAMPORTS).await.unwrap();
        let study = open_study(&mut chain, &researcher, &authority).await;
        let mut pool: Vec<Pubkey> = people
            .iter()
            .flat_map(|someone| {
                let wallet = someone.wallet.pubkey();
                [
                    wallet,
                    addresses::record(&wallet),
                    addresses::provider(&wallet),
                ]
            })
            .collect();
        for patient in &people[..PATIENTS] {
            for provider in &people[PATIENTS..] {
                pool.push(addresses::grant(
                    &patient.wallet.pubkey(),
                    &provider.wallet.pubkey(),
                ));
            }
        }
        pool.push(study);
        pool.extend((0..STUDY_SHARDS).map(|index| addresses::study_shard(&study, index)));
        pool.extend(
            (people.iter())
                .map(|someone| addresses::study_membership(&study, &someone.wallet.pubkey())),
        );
        pool.push(researcher.pubkey());
        pool.extend((0..u64::from(OFFSETS)).map(addresses::receipt));
        pool.extend((0..u64::from(OFFSETS)).map(addresses::computation));
        pool.extend([
            addresses::access_config(),
            addresses::program_data(),
            share_medical_records::ID,
            arcium_client::ARCIUM_PROGRAM_ID,
            solana_program::sysvar::clock::ID,
            Pubkey::default(),
            authority.pubkey(),
        ]);
        let nonces = people
            .iter()
            .take(PATIENTS)
            .map(|patient| (patient.wallet.pubkey(), 1))
            .collect();
        World {
            chain,
            people,
            authority,
            deployer,
            payer,
            researcher,
            study,
            pool,
            nonces,
            settled: HashMap::new(),
            versions: HashMap::new(),
            generations: HashMap::new(),
            stats: Stats::default(),
        }
    }

    fn someone(&self, index: u8) -> &Person {
        &self.people[index as usize % self.people.len()]
    }

    fn patient(&self, index: u8) -> &Person {
        &self.people[index as usize % PATIENTS]
    }

    fn provider(&self, index: u8) -> &Person {
        &self.people[PATIENTS + index as usize % PROVIDERS]
    }

    /// The signer behind `actor`: mostly the people, sometimes the authorities.
    fn actor(&self, actor: u8) -> &Keypair {
        match actor % 16 {
            13 => &self.researcher,
            14 => &self.authority,
            15 => &self.deployer,
            index => &self.someone(index).wallet,
        }
    }

    /// Three times in four the one whose role `kind` is (a patient, a provider, the
    /// configuration's authority), so that most steps reach the rules beyond the signer checks;
    /// otherwise anyone.
    fn role(&self, kind: Kind, actor: u8) -> u8 {
        if actor % 4 == 3 {
            return actor;
        }
        let provider = PATIENTS as u8 + actor % PROVIDERS as u8;
        match kind {
            Kind::Register
            | Kind::RotateProviderKey
            | Kind::Retire
            | Kind::Request
            | Kind::Emergency => provider,
            Kind::UpdateConfig | Kind::Propose | Kind::Accept => 14,
            Kind::InitConfig => 15,
            Kind::CloseStudy | Kind::RevealStudy => 13,
            _ => actor % PATIENTS as u8,
        }
    }

    /// The well-formed instruction `kind`, sent by `actor`, about `subject`.
    fn build(&mut self, request: Request, now: i64) -> Instruction {
        let Request {
            kind,
            actor,
            subject,
            value,
            delta,
            offset,
        } = request;
        let actor = self.role(kind, actor);
        let (delta, offset) = (i64::from(delta) * 4, u64::from(offset));
        let signer = self.actor(actor).pubkey();
        let signs_as_patient = self.people[..PATIENTS]
            .iter()
            .any(|patient| patient.wallet.pubkey() == signer);
        let patient = if signs_as_patient && subject % 4 != 3 {
            signer
        } else {
            self.patient(subject).wallet.pubkey()
        };
        let provider = self.provider(subject / 2).wallet.pubkey();
        let fields = FieldSet(if value % 4 == 0 { value } else { value % 64 });
        let purpose = [
            PurposeOfUse::Treatment,
            PurposeOfUse::Payment,
            PurposeOfUse::Research,
            PurposeOfUse::Emergency,
        ][value as usize % 4];
        let expires_at = now + delta;
        match kind {
            Kind::Store | Kind::Update => {
                let owner = self.someone(actor).wallet.pubkey();
                let last = self.nonces.get(&owner).copied().unwrap_or(0);
                let nonce = match value % 4 {
                    0 => last,
                    1 => u128::MAX,
                    _ => last + 1 + u128::from(value),
                };
                self.nonces
                    .insert(owner, last.max(nonce.min(u128::MAX >> 1)));
                let sealed = seal(&self.chain, self.someone(actor), &example_summary(), nonce);
                if matches!(kind, Kind::Store) {
                    instructions::store_record(&owner, &sealed)
                } else {
                    instructions::update_record_at(&signer, &addresses::record(&patient), &sealed)
                }
            }
            Kind::Grant => {
                instructions::grant_access(&signer, &provider, fields, purpose, expires_at)
            }
            Kind::Narrow => instructions::narrow_grant(
                &signer,
                &addresses::grant(&patient, &provider),
                fields,
                expires_at,
            ),
            Kind::Revoke => {
                instructions::revoke_grant(&signer, &addresses::grant(&patient, &provider))
            }
            Kind::CloseGrant => {
                instructions::close_grant(&signer, &addresses::grant(&patient, &provider))
            }
            Kind::CloseRecord => instructions::close_record(&signer),
            Kind::Register => {
                let key = SecretKey::generate().public_key();
                instructions::register_provider(&signer, key, "Dr. Late", "1234567893")
            }
            Kind::RotateProviderKey => {
                let key = if value % 3 == 0 {
                    weak_keys()[value as usize % 8].0
                } else {
                    SecretKey::generate().public_key()
                };
                instructions::rotate_provider_key(&signer, &provider, key)
            }
            Kind::Retire => instructions::retire_provider(&signer),
            Kind::Share => {
                let key = self.someone(subject).key.public_key();
                let accounts = instructions::DisclosureAccounts {
                    requester: signer,
                    record: addresses::record(&patient),
                    provider: None,
                    grant: None,
                    access_config: None,
                };
                let request = DisclosureRequest::Patient { recipient_key: key };
                instructions::disclose_record(&accounts, offset, request)
            }
            Kind::Request => instructions::request_record(&signer, &patient, offset),
            Kind::Emergency => instructions::emergency_access(
                &signer,
                &patient,
                offset,
                EmergencyJustification::LifeThreatening,
            ),
            Kind::RotateRecordKey => {
                let tag = [value; 32];
                let key = SecretKey::generate().public_key();
                instructions::rotate_record_key(&signer, &patient, offset, key, tag)
            }
            Kind::ExpireDisclosure => {
                let grant = (value % 2 == 0).then(|| addresses::grant(&patient, &provider));
                instructions::expire_disclosure(offset, grant)
            }
            Kind::ExpireRotation => instructions::expire_rotation(&patient, offset),
            Kind::Reclaim => instructions::reclaim_expired_computation(&signer, offset),
            Kind::UpdateConfig => {
                let list = vec![provider; 1 + usize::from(value % 2)];
                instructions::update_access_config(&signer, list)
            }
            Kind::Propose => {
                instructions::propose_config_authority(&signer, &self.actor(subject).pubkey())
            }
            Kind::Accept => instructions::accept_config_authority(&signer),
            Kind::InitConfig => instructions::initialize_access_config(&signer, &signer, vec![]),
            Kind::JoinStudy => {
                let protocol = if value % 8 == 7 {
                    [value; 32]
                } else {
                    PROTOCOL
                };
                instructions::join_study(&signer, &self.study, value % 4, protocol, offset)
            }
            Kind::LeaveStudy => instructions::leave_study(&signer, &self.study, value % 4, offset),
            Kind::ExpireStudyUpdate => {
                instructions::expire_study_update(&self.study, &patient, value % 4, offset)
            }
            Kind::CloseStudy => instructions::close_study(&signer, &self.study),
            Kind::RevealStudy => instructions::reveal_study(&signer, &self.study, offset),
            Kind::ExpireReveal => instructions::expire_reveal(&self.study, offset),
        }
    }

    fn spoil(&self, instruction: &mut Instruction, mutation: Mutation) {
        let count = instruction.accounts.len();
        if count == 0 {
            return;
        }
        match mutation {
            Mutation::None => {}
            Mutation::Swap { index, with } => {
                let meta = &mut instruction.accounts[index as usize % count];
                meta.pubkey = self.pool[with as usize % self.pool.len()];
            }
            Mutation::Duplicate { index, from } => {
                let key = instruction.accounts[from as usize % count].pubkey;
                instruction.accounts[index as usize % count].pubkey = key;
            }
            Mutation::Unsign { index } => {
                instruction.accounts[index as usize % count].is_signer = false
            }
            Mutation::Truncate { count: dropped } => {
                instruction
                    .accounts
                    .truncate(count.saturating_sub(dropped as usize));
            }
            Mutation::CutData { length } => instruction.data.truncate(length as usize),
        }
    }

    /// Signs with every key the instruction asks for that the fuzzer holds; a key it does not
    /// hold stops signing (the program must refuse that, not the runtime's signer check).
    async fn send(&mut self, mut instruction: Instruction) -> Result<(), ChainError> {
        let mut keys: Vec<Keypair> = vec![self.payer.insecure_clone()];
        for meta in instruction
            .accounts
            .iter_mut()
            .filter(|meta| meta.is_signer)
        {
            let held = self
                .people
                .iter()
                .map(|someone| &someone.wallet)
                .chain([
                    &self.authority,
                    &self.deployer,
                    &self.payer,
                    &self.researcher,
                ])
                .find(|keypair| keypair.pubkey() == meta.pubkey);
            match held {
                Some(keypair) if keys.iter().all(|key| key.pubkey() != meta.pubkey) => {
                    keys.push(keypair.insecure_clone())
                }
                Some(_) => {}
                None => meta.is_signer = false,
            }
        }
        let signers: Vec<&Keypair> = keys.iter().collect();
        self.chain.send(&[instruction], &signers).await.map(|_| ())
    }
}

/// The accounts the program and Arcium own, by address: the state the invariants read.
type State = BTreeMap<Pubkey, Account>;

async fn state(chain: &mut LocalChain, payer: &Pubkey) -> State {
    let mut accounts: State = chain
        .written_accounts()
        .await
        .unwrap()
        .into_iter()
        .collect();
    accounts.remove(payer);
    // The clock and the other sysvars (their addresses all read "Sysvar...") move with the
    // bank, not with transactions.
    accounts.retain(|address, _| !address.to_string().starts_with("Sysvar"));
    accounts
}

fn decode<T: AccountDeserialize + Discriminator>(account: &Account) -> Option<T> {
    (account.owner == share_medical_records::ID && account.data.starts_with(T::DISCRIMINATOR))
        .then(|| T::try_deserialize(&mut account.data.as_slice()).ok())
        .flatten()
}

fn of<T: AccountDeserialize + Discriminator>(state: &State) -> Vec<(Pubkey, T)> {
    state
        .iter()
        .filter_map(|(address, account)| decode(account).map(|value| (*address, value)))
        .collect()
}

/// A receipt that appeared in a step was entitled under the state before it, read plainly.
fn entitled(receipt: &Disclosure, before: &State, now: i64) -> Result<(), String> {
    let find = |address: Pubkey| before.get(&address);
    let profile: Option<ProviderProfile> =
        find(addresses::provider(&receipt.requester)).and_then(decode);
    match receipt.basis {
        DisclosureBasis::Patient => (receipt.requester == receipt.patient
            && receipt.fields == FieldSet::ALL)
            .then_some(())
            .ok_or("a patient disclosure by someone else".into()),
        DisclosureBasis::Grant(address) => {
            let grant: Grant = find(address)
                .and_then(decode)
                .ok_or("a grant request without a grant")?;
            let profile = profile.ok_or("a grant request without a profile")?;
            let live = grant.revoked_at.is_none() && now < grant.expires_at;
            let terms = (
                grant.patient,
                grant.provider,
                grant.fields.of_record(),
                grant.purpose,
            ) == (
                receipt.patient,
                receipt.requester,
                receipt.fields,
                receipt.purpose,
            );
            (live
                && terms
                && grant.generation == receipt.consent_generation
                && profile.encryption_key == receipt.recipient_key)
                .then_some(())
                .ok_or(format!(
                    "a grant request the grant did not cover: {grant:?}"
                ))
        }
        DisclosureBasis::Emergency(_) => {
            let config: AccessConfig = find(addresses::access_config())
                .and_then(decode)
                .ok_or("break-glass without a configuration")?;
            let profile = profile.ok_or("break-glass without a profile")?;
            (config.emergency_providers.contains(&receipt.requester)
                && config.generation == receipt.consent_generation
                && receipt.fields == FieldSet::EMERGENCY
                && profile.encryption_key == receipt.recipient_key)
                .then_some(())
                .ok_or("break-glass by a provider off the list".into())
        }
    }
}

/// A receipt, once settled, keeps its bytes for good.
fn settled_once(world: &mut World, after: &State, address: &Pubkey) -> Result<(), String> {
    let bytes = after[address].data.clone();
    match world.settled.insert(*address, bytes.clone()) {
        Some(earlier) if earlier != bytes => Err(format!("settled receipt {address} changed")),
        _ => Ok(()),
    }
}

/// A counter of an account that still exists never goes back.
fn only_grows(
    history: &mut HashMap<Pubkey, u64>,
    address: &Pubkey,
    value: u64,
) -> Result<(), String> {
    let earlier = history.insert(*address, value).unwrap_or(0);
    if value < earlier {
        return Err(format!(
            "a counter of {address} went back: {earlier} -> {value}"
        ));
    }
    Ok(())
}

/// The invariants over the state after a step.
fn check(world: &mut World, before: &State, after: &State, now: i64) -> Result<(), String> {
    let receipts = of::<Disclosure>(after);
    for (address, receipt) in &receipts {
        if !before.contains_key(address) {
            entitled(receipt, before, now)?;
        }
        let delivered = matches!(
            receipt.status,
            DisclosureStatus::Delivered | DisclosureStatus::DeliveredAfter(_)
        );
        if delivered != (receipt.delivery_digest != [0; 32]) {
            return Err(format!("digest and status disagree: {receipt:?}"));
        }
        if receipt.status != DisclosureStatus::Queued {
            settled_once(world, after, address)?;
        }
    }
    for (address, rotation) in of::<KeyRotation>(after) {
        if rotation.status != RotationStatus::Queued {
            settled_once(world, after, &address)?;
        }
    }
    let grants = of::<Grant>(after);
    for (address, record) in of::<PatientRecord>(after) {
        only_grows(&mut world.versions, &address, record.version)?;
        let held = grants
            .iter()
            .filter(|(_, grant)| grant.patient == record.owner)
            .count();
        if held != record.grants as usize {
            return Err(format!(
                "a record counts {} grants, {held} exist",
                record.grants
            ));
        }
    }
    for (address, grant) in &grants {
        only_grows(&mut world.generations, address, grant.generation)?;
        let waiting = receipts
            .iter()
            .filter(|(_, receipt)| {
                receipt.status == DisclosureStatus::Queued
                    && receipt.basis == DisclosureBasis::Grant(*address)
            })
            .count();
        if waiting != grant.in_flight as usize {
            return Err(format!(
                "a grant counts {} requests, {waiting} wait",
                grant.in_flight
            ));
        }
    }
    check_study(world, after)?;
    // A closed account's successor at the same address starts its counters again.
    world
        .versions
        .retain(|address, _| after.contains_key(address));
    world
        .generations
        .retain(|address, _| after.contains_key(address));
    Ok(())
}

/// The case's study against its shards and memberships.
fn check_study(world: &mut World, after: &State) -> Result<(), String> {
    let study: Study = after
        .get(&world.study)
        .and_then(decode)
        .ok_or("the study is gone")?;
    let shards = of::<StudyShard>(after);
    let memberships = of::<StudyMembership>(after);
    let counted = memberships
        .iter()
        .filter(|(_, member)| {
            matches!(
                member.status,
                MembershipStatus::Counted | MembershipStatus::Leaving { .. }
            )
        })
        .count();
    let in_shards: u32 = shards.iter().map(|(_, shard)| shard.contributions).sum();
    if study.participants as usize != counted || in_shards != study.participants {
        return Err(format!(
            "the study counts {} participants, its shards {in_shards}, its memberships {counted}",
            study.participants
        ));
    }
    for (address, shard) in &shards {
        let waiting: Vec<u64> = memberships
            .iter()
            .filter(|(_, member)| member.shard == shard.index)
            .filter_map(|(_, member)| match member.status {
                MembershipStatus::Joining { computation_offset }
                | MembershipStatus::Leaving { computation_offset } => Some(computation_offset),
                _ => None,
            })
            .collect();
        if waiting != shard.pending.into_iter().collect::<Vec<_>>() {
            return Err(format!(
                "shard {address} waits for {:?}, its memberships for {waiting:?}",
                shard.pending
            ));
        }
    }
    if matches!(study.status, StudyStatus::Revealed | StudyStatus::Disputed) {
        if study.results[0] != study.participants {
            return Err(format!(
                "a reveal of {} participants counted {}",
                study.results[0], study.participants
            ));
        }
        settled_once(world, after, &world.study.clone())?;
    }
    Ok(())
}

/// An approved study of `researcher`, enrolling for the whole case.
async fn open_study(chain: &mut LocalChain, researcher: &Keypair, authority: &Keypair) -> Pubkey {
    let criteria = StudyCriteria {
        prefix: 0,
        modulus: 1,
        sexes: 0b1111,
        born_from: 0,
        born_until: u16::MAX,
        age_cutoffs: [1, 2, 3, 4],
        medications: [0; 4],
        categories: [0; 4],
    };
    let terms = StudyTerms {
        protocol_hash: PROTOCOL,
        k: 2,
        epsilon_milli: 0,
        min_participants: 2,
        enrol_from: 0,
        enrol_until: i64::MAX,
    };
    let register = instructions::register_study(&researcher.pubkey(), 1, criteria, terms);
    chain
        .send(&[register], &[researcher])
        .await
        .expect("register_study");
    let study = addresses::study(&researcher.pubkey(), 1);
    let approve = instructions::approve_study(&authority.pubkey(), &study);
    chain
        .send(&[approve], &[authority])
        .await
        .expect("approve_study");
    study
}

async fn run_step(world: &mut World, step: &Step) -> Result<(), String> {
    let now = world.chain.now().await.unwrap();
    let payer = world.payer.pubkey();
    let before = state(&mut world.chain, &payer).await;
    let sent = match step {
        Step::Send(request, mutation) => {
            let mut instruction = world.build(*request, now);
            world.spoil(&mut instruction, *mutation);
            Some(world.send(instruction).await)
        }
        Step::Raw {
            discriminator,
            tail,
            accounts,
            actor,
        } => {
            let mut data = match discriminator {
                Some(index) => {
                    let all = discriminators();
                    all[*index as usize % all.len()].to_vec()
                }
                None => Vec::new(),
            };
            data.extend_from_slice(tail);
            let signer = world.actor(*actor).pubkey();
            let mut metas: Vec<_> = accounts
                .iter()
                .map(|index| {
                    let key = world.pool[*index as usize % world.pool.len()];
                    solana_program::instruction::AccountMeta::new(key, key == signer)
                })
                .collect();
            metas.push(solana_program::instruction::AccountMeta::new_readonly(
                signer, true,
            ));
            let instruction = Instruction {
                program_id: share_medical_records::ID,
                accounts: metas,
                data,
            };
            Some(world.send(instruction).await)
        }
        Step::Wait(seconds) => {
            world
                .chain
                .advance_clock(i64::from(*seconds))
                .await
                .unwrap();
            None
        }
        Step::Slots(slots) => {
            world.chain.advance_slots(u64::from(*slots)).await.unwrap();
            None
        }
        Step::Deliver(pick) => {
            let queued: Vec<u64> = world.chain.queued().collect();
            if let Some(offset) = queued.get(*pick as usize % queued.len().max(1)) {
                let abort = (pick % 8 == 7).then(|| Outcome::aborted(AbortReason::InvalidMAC));
                let delivered = match world.chain.prepare_callback(*offset, abort).await {
                    Ok(callback) => world.chain.send_callback(&callback).await.map(|_| ()),
                    Err(error) => Err(error),
                };
                match delivered {
                    Ok(()) => world.stats.delivered += 1,
                    Err(ChainError::NotQueued(_)) => {}
                    Err(error) => {
                        return Err(format!("the cluster could not deliver {offset}: {error}"))
                    }
                }
            }
            None
        }
    };
    let after = state(&mut world.chain, &payer).await;
    match sent {
        Some(Err(_)) => {
            world.stats.refused += 1;
            if before != after {
                let changed: Vec<_> = after
                    .keys()
                    .chain(before.keys())
                    .filter(|address| before.get(address) != after.get(address))
                    .collect();
                return Err(format!("a refused step changed {changed:?}"));
            }
        }
        Some(Ok(())) => world.stats.accepted += 1,
        None => {}
    }
    world.stats.steps += 1;
    check(world, &before, &after, now)
}

fn budget() -> Duration {
    let seconds = std::env::var("MEDSHARE_FUZZ_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

#[test]
fn the_program_keeps_its_rules_under_generated_instructions() {
    let deadline = Instant::now() + budget();
    let mut runner = TestRunner::new(Config {
        cases: u32::MAX,
        failure_persistence: None,
        ..Config::default()
    });
    let totals = std::cell::Cell::new(Stats::default());
    let result = runner.run(&prop::collection::vec(step(), 1..40), |steps| {
        if Instant::now() >= deadline {
            return Err(TestCaseError::reject("time is up"));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut world = World::new().await;
            for (index, step) in steps.iter().enumerate() {
                if let Err(broken) = run_step(&mut world, step).await {
                    return Err(TestCaseError::fail(format!(
                        "step {index} ({step:?}): {broken}"
                    )));
                }
            }
            let mut sum = totals.get();
            sum.cases += 1;
            sum.steps += world.stats.steps;
            sum.accepted += world.stats.accepted;
            sum.refused += world.stats.refused;
            sum.delivered += world.stats.delivered;
            totals.set(sum);
            Ok(())
        })
    });
    let totals = totals.get();
    eprintln!(
        "fuzz: {} cases, {} steps: {} transactions accepted, {} refused, {} deliveries",
        totals.cases, totals.steps, totals.accepted, totals.refused, totals.delivered
    );
    match result {
        Ok(()) => {}
        Err(proptest::test_runner::TestError::Abort(reason)) if totals.cases > 0 => {
            eprintln!("fuzz: stopped at the time budget ({reason})");
        }
        Err(error) => panic!("{error}"),
    }
}
