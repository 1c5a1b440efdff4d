//! The compiled study circuits against the plain Rust model (`medshare_sdk::study::model`), on
//! random records and criteria, with the arguments the program builds read by reference from
//! the accounts it would hold, and the MXE's data under the local cluster's own Rescue key.

mod common;

use anchor_lang::{AccountSerialize, AnchorDeserialize};
use common::{
    circuits::{stored, Circuits},
    random::*,
};
use medshare_crypto::{FieldElement, RescueCipher, SecretKey};
use medshare_sdk::{
    addresses,
    instructions::{JOIN_STUDY_CIRCUIT, LEAVE_STUDY_CIRCUIT, REVEAL_STUDY_CIRCUIT},
    record::{seal_record, ClinicalSummary},
    study::{
        cohort::question_counting_every_cell,
        model::{self, Counts},
        Icd10Prefix,
    },
};
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};
use share_medical_records::{
    constants::*,
    instructions::{join_arguments, leave_arguments, reveal_arguments},
    state::*,
};
use solana_program::pubkey::Pubkey;
use std::collections::HashMap;

/// The three study circuits.
async fn study_circuits() -> Circuits {
    Circuits::registered(&[
        JOIN_STUDY_CIRCUIT,
        LEAVE_STUDY_CIRCUIT,
        REVEAL_STUDY_CIRCUIT,
    ])
    .await
}

/// What the study tests add to the compiled circuits: the MXE's own cipher for tallies.
impl Circuits {
    fn cipher(&self) -> RescueCipher {
        let key = self
            .keys
            .mxe_rescue_key()
            .map(|element| FieldElement::from_canonical_bytes(&element).unwrap());
        RescueCipher::from_key(&key)
    }

    fn encrypt(&self, counts: &Counts, rng: &mut StdRng) -> EncryptedTally {
        let nonce: u128 = rng.gen();
        let ciphertexts = self
            .cipher()
            .encrypt(&model::pack(counts), &nonce.to_le_bytes());
        EncryptedTally {
            nonce,
            ciphertexts: ciphertexts.try_into().unwrap(),
        }
    }

    fn decrypt(&self, tally: &EncryptedTally) -> Counts {
        let elements = self
            .cipher()
            .decrypt(&tally.ciphertexts, &tally.nonce.to_le_bytes())
            .unwrap();
        model::unpack(&elements.try_into().unwrap())
    }
}

fn tally_at(output: &[u8]) -> EncryptedTally {
    EncryptedTally::deserialize(&mut &output[..ENCRYPTED_TALLY_LEN as usize]).unwrap()
}

fn serialized<T: AccountSerialize>(account: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    account.try_serialize(&mut bytes).unwrap();
    bytes
}

fn study(criteria: StudyCriteria, k: u32, epsilon_milli: u32) -> Study {
    Study {
        criteria,
        noise_thresholds: noise_thresholds(epsilon_milli),
        researcher: Pubkey::new_unique(),
        id: 1,
        protocol_hash: [0; 32],
        k,
        epsilon_milli,
        min_participants: k,
        enrol_from: 0,
        enrol_until: 1,
        status: StudyStatus::Closed,
        participants: 0,
        results: [0; STUDY_COUNTERS],
        approved_by: Pubkey::default(),
        created_at: 0,
        revealed_at: 0,
        bump: 0,
    }
}

fn shard(tally: EncryptedTally, written: bool) -> StudyShard {
    StudyShard {
        tally,
        study: Pubkey::default(),
        index: 0,
        written,
        contributions: 0,
        pending: None,
        pending_since: 0,
        bump: 0,
    }
}

// ---- Random criteria ----

fn random_criteria(rng: &mut StdRng, summary: &ClinicalSummary) -> StudyCriteria {
    let pick_code = |rng: &mut StdRng| match summary.conditions.choose(rng) {
        Some(condition) if rng.gen_bool(0.6) => condition.code.clone(),
        _ => random_code(rng),
    };
    let (prefix, modulus) = if rng.gen_bool(0.2) {
        (0, 1)
    } else {
        let code = pick_code(rng);
        let length = rng.gen_range(1..=code.to_string().replace('.', "").len() as u32);
        let modulus = 37u32.pow(length);
        (code.packed() % modulus, modulus)
    };
    let mut categories = [0; WATCHED_CODES];
    for category in categories.iter_mut() {
        if rng.gen_bool(0.7) {
            *category = pick_code(rng).packed() % 37u32.pow(3);
        }
    }
    let mut medications = [0; WATCHED_CODES];
    for medication in medications.iter_mut() {
        *medication = match rng.gen_range(0..4) {
            0 => 0,
            1 => rng.gen_range(1..=u32::MAX),
            _ => match summary.medications.choose(rng) {
                Some(taken) => taken.rxcui,
                None => *RXCUIS.choose(rng).unwrap(),
            },
        };
    }
    let (born_from, born_until) = if rng.gen_bool(0.3) {
        (0, u16::MAX)
    } else {
        let a = rng.gen_range(0..=u16::MAX);
        let b = rng.gen_range(0..=u16::MAX);
        (a.min(b), a.max(b))
    };
    let mut age_cutoffs = [0u16; AGE_CUTOFFS];
    let mut cutoffs: Vec<u16> = (0..AGE_CUTOFFS)
        .map(|_| rng.gen_range(1..=u16::MAX))
        .collect();
    cutoffs.sort();
    cutoffs.dedup();
    while cutoffs.len() < AGE_CUTOFFS {
        cutoffs = (1..=AGE_CUTOFFS as u16).map(|i| i * 9000).collect();
    }
    age_cutoffs.copy_from_slice(&cutoffs);
    let criteria = StudyCriteria {
        prefix,
        modulus,
        sexes: rng.gen_range(1..16),
        born_from,
        born_until,
        age_cutoffs,
        medications,
        categories,
    };
    criteria.validate().expect("random criteria are valid");
    criteria
}

/// A tally to add to: none yet, random counts, or counts one below their 24-bit limit.
fn random_start(rng: &mut StdRng) -> Option<Counts> {
    match rng.gen_range(0..4) {
        0 => None,
        1 => Some([(1 << 24) - 2; STUDY_COUNTERS]),
        _ => Some(std::array::from_fn(|_| rng.gen_range(0..(1 << 24) - 1))),
    }
}

fn add(a: &Counts, b: &Counts) -> Counts {
    std::array::from_fn(|i| a[i] + b[i])
}

#[tokio::test]
async fn joins_and_leaves_add_and_take_back_what_the_model_counts() {
    let circuits = study_circuits().await;
    // 600 records, on two threads (a join takes about 0.2 s to evaluate here).
    let (matched, unbound) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                let circuits = &circuits;
                scope.spawn(move || join_and_leave_cases(circuits, worker, 300))
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    });
    // The cases exercise both sides of the criteria.
    assert!((60..540).contains(&matched), "{matched} of 600 matched");
    assert_eq!(unbound, 30);
}

/// `cases` random joins (one in ten followed by a leave); returns how many matched and how
/// many records were not bound to their owner.
fn join_and_leave_cases(circuits: &Circuits, seed: u64, cases: usize) -> (u32, u32) {
    let mut rng = StdRng::seed_from_u64(16 + seed);
    let (mut matched, mut unbound) = (0, 0);
    for case in 0..cases {
        let summary = random_summary(&mut rng);
        let criteria = random_criteria(&mut rng, &summary);
        let owner = Pubkey::new_unique();
        // One record in 20 is a copy sealed for someone else: it must count for nothing.
        let sealed_for = if case % 20 == 7 {
            Pubkey::new_unique()
        } else {
            owner
        };
        let patient = SecretKey::generate();
        let nonce = rng.gen_range(1..1u128 << 126);
        let sealed = seal_record(
            &summary,
            &patient,
            &circuits.keys.mxe_public_key(),
            &sealed_for,
            nonce,
        )
        .expect("seals");
        let record = stored(owner, &sealed);
        let start = random_start(&mut rng);
        let shard = match start {
            Some(counts) => shard(circuits.encrypt(&counts, &mut rng), true),
            None => shard(EncryptedTally::default(), false),
        };
        let (record_address, study_address, shard_address) = (
            addresses::record(&owner),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let accounts = HashMap::from([
            (record_address, serialized(&record)),
            (study_address, serialized(&study(criteria, 2, 0))),
            (shard_address, serialized(&shard)),
        ]);
        let args = join_arguments(
            &record,
            &record_address,
            &study_address,
            &shard,
            &shard_address,
        );
        let output = circuits.run(JOIN_STUDY_CIRCUIT, &args, &accounts);

        let bound = sealed_for == owner;
        let expected = if bound {
            model::contribution(&summary, &criteria).unwrap()
        } else {
            [0; STUDY_COUNTERS]
        };
        let start = start.unwrap_or([0; STUDY_COUNTERS]);
        let tally = tally_at(&output);
        assert_eq!(
            output.len(),
            ENCRYPTED_TALLY_LEN as usize + 1,
            "case {case}"
        );
        assert_eq!(output.last(), Some(&(bound as u8)), "case {case}");
        assert_eq!(
            circuits.decrypt(&tally),
            add(&start, &expected),
            "case {case}: {summary:?} {criteria:?}"
        );
        assert_ne!(
            tally.nonce, shard.tally.nonce,
            "every output under a fresh nonce"
        );
        matched += expected[1];
        unbound += !bound as u32;

        if case % 10 == 0 {
            // A leave right after the join takes the shard back to where it started.
            let membership = StudyMembership {
                before: shard.tally,
                after: tally,
                study: study_address,
                patient: owner,
                shard: 0,
                before_written: shard.written,
                status: MembershipStatus::Counted,
                protocol_hash: [0; 32],
                joined_at: 0,
                left_at: 0,
                bump: 0,
            };
            let membership_address = Pubkey::new_unique();
            let accounts = HashMap::from([
                (shard_address, serialized(&shard_with(tally))),
                (membership_address, serialized(&membership)),
            ]);
            let args = leave_arguments(&shard_address, &membership, &membership_address);
            let output = circuits.run(LEAVE_STUDY_CIRCUIT, &args, &accounts);
            assert_eq!(
                circuits.decrypt(&tally_at(&output)),
                start,
                "case {case}: leave"
            );
        }
    }
    (matched, unbound)
}

fn shard_with(tally: EncryptedTally) -> StudyShard {
    shard(tally, true)
}

/// Four shards holding `parts` (none yet where `None`), and the reveal's output for them in a
/// study asking `criteria`.
fn reveal(
    circuits: &Circuits,
    criteria: StudyCriteria,
    parts: [Option<Counts>; 4],
    k: u32,
    epsilon_milli: u32,
    rng: &mut StdRng,
) -> Counts {
    let study_address = Pubkey::new_unique();
    let study = study(criteria, k, epsilon_milli);
    let shards: Vec<(StudyShard, Pubkey)> = parts
        .iter()
        .map(|part| {
            let shard = match part {
                Some(counts) => shard(circuits.encrypt(counts, rng), true),
                None => shard(EncryptedTally::default(), false),
            };
            (shard, Pubkey::new_unique())
        })
        .collect();
    let mut accounts: HashMap<Pubkey, Vec<u8>> = shards
        .iter()
        .map(|(shard, address)| (*address, serialized(shard)))
        .collect();
    accounts.insert(study_address, serialized(&study));
    let args = reveal_arguments(
        &study,
        &study_address,
        std::array::from_fn(|i| (&shards[i].0, shards[i].1)),
    );
    let output = circuits.run(REVEAL_STUDY_CIRCUIT, &args, &accounts);
    std::array::from_fn(|cell| {
        u32::from_le_bytes(output[4 * cell..4 * cell + 4].try_into().unwrap())
    })
}

#[tokio::test]
async fn a_reveal_without_noise_publishes_what_the_model_publishes() {
    let circuits = study_circuits().await;
    let mut rng = StdRng::seed_from_u64(17);
    for case in 0..60 {
        let k = rng.gen_range(2..12);
        let summary = random_summary(&mut rng);
        let criteria = random_criteria(&mut rng, &summary);
        let zeros = structural_zeros(&criteria);
        // Small counts, so that every rule has cells on both sides of k; none in the cells the
        // criteria rule out.
        let parts: [Option<Counts>; 4] = std::array::from_fn(|_| {
            rng.gen_bool(0.7).then(|| {
                let mut counts: Counts = std::array::from_fn(|cell| {
                    let open = zeros >> cell & 1 == 0;
                    open as u32 * rng.gen_range(0..6)
                });
                counts[MATCHED_CELL] = rng.gen_range(0..12);
                counts[PARTICIPANTS_CELL] = counts[MATCHED_CELL] + rng.gen_range(0..8);
                counts
            })
        });
        let total = parts
            .iter()
            .flatten()
            .fold([0; STUDY_COUNTERS], |sum, part| add(&sum, part));
        assert_eq!(
            reveal(&circuits, criteria, parts, k, 0, &mut rng),
            model::reveal_exact(&total, k, zeros),
            "case {case}: k {k}, counts {total:?}, structural zeros {zeros:#x}"
        );
    }
}

/// P(X = x) of the discrete Laplace distribution of ratio q: (1 - q) / (1 + q) * q^|x|.
fn discrete_laplace_cdf(q: f64, x: i64) -> f64 {
    // P(X <= x): for x < 0, q^-x / (1 + q); for x >= 0, 1 - q^(x+1) / (1 + q).
    if x < 0 {
        q.powi(-x as i32) / (1.0 + q)
    } else {
        1.0 - q.powi(x as i32 + 1) / (1.0 + q)
    }
}

#[tokio::test]
async fn the_noise_follows_the_discrete_laplace_distribution() {
    let circuits = study_circuits().await;
    let mut rng = StdRng::seed_from_u64(18);
    let epsilon_milli = 10_000; // q = e^(-10 / 36)
    let q = (-(epsilon_milli as f64 / 1000.0) / RECORD_SENSITIVITY as f64).exp();
    // Cells far from k (0) and from their complements, so that every one is published.
    let mut counts = [5_000; STUDY_COUNTERS];
    counts[PARTICIPANTS_CELL] = 20_000;
    counts[MATCHED_CELL] = 10_000;
    counts[SEX_CELLS].fill(2_500);
    counts[AGE_CELLS].fill(1_500);
    let mut draws: Vec<i64> = Vec::new();
    while draws.len() < 10_000 {
        let revealed = reveal(
            &circuits,
            every_cell_open(),
            [Some(counts), None, None, None],
            0,
            epsilon_milli,
            &mut rng,
        );
        assert_eq!(revealed[0], 20_000, "the participant count is exact");
        draws.extend((MATCHED_CELL..STUDY_COUNTERS).map(|c| revealed[c] as i64 - counts[c] as i64));
    }
    let n = draws.len() as f64;
    // Kolmogorov distance between the empirical and the exact distribution: at 10,000 draws
    // a sample of the right distribution exceeds 0.02 with probability below 0.1%.
    let (low, high) = (*draws.iter().min().unwrap(), *draws.iter().max().unwrap());
    let distance = (low..=high)
        .map(|x| {
            let empirical = draws.iter().filter(|draw| **draw <= x).count() as f64 / n;
            (empirical - discrete_laplace_cdf(q, x)).abs()
        })
        .fold(0.0, f64::max);
    assert!(
        distance < 0.02,
        "Kolmogorov distance {distance:.4} over {n} draws"
    );
    let mean = draws.iter().sum::<i64>() as f64 / n;
    let variance = draws
        .iter()
        .map(|d| (*d as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    let expected_variance = 2.0 * q / (1.0 - q).powi(2);
    assert!(
        (variance / expected_variance - 1.0).abs() < 0.1,
        "variance {variance} vs {expected_variance}"
    );
}

/// A study under which no cell is a structural zero: any record, every sex and age, four
/// medications and four categories.
fn every_cell_open() -> StudyCriteria {
    let criteria = question_counting_every_cell(Icd10Prefix::ANY)
        .criteria()
        .unwrap();
    assert_eq!(structural_zeros(&criteria), 0);
    criteria
}

/// Whether the reveal withholds matched, in `runs` reveals of a study of `participants` where
/// `matched` match, with noise of `epsilon_milli`; returns how often.
fn matched_withheld(
    circuits: &Circuits,
    participants: u32,
    matched: u32,
    k: u32,
    epsilon_milli: u32,
    runs: usize,
    seed: u64,
) -> usize {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut counts = [0; STUDY_COUNTERS];
    counts[PARTICIPANTS_CELL] = participants;
    counts[MATCHED_CELL] = matched;
    counts[SEX_CELLS.start + 2] = matched;
    counts[AGE_CELLS.start + 3] = matched;
    (0..runs)
        .filter(|_| {
            let parts = [Some(counts), None, None, None];
            let revealed = reveal(
                circuits,
                every_cell_open(),
                parts,
                k,
                epsilon_milli,
                &mut rng,
            );
            revealed[MATCHED_CELL] == SUPPRESSED
        })
        .count()
}

/// The attack on a decision made from exact counts: 30 made-up matching records, k - 1 made-up
/// ones that do not match, and the victim. Had the reveal withheld matched because the exact
/// unmatched count is below k, it would always withhold it when the victim matches, and mostly
/// publish it when not, whatever epsilon. The reveal circuit runs on both tallies, which
/// differ by the victim's record alone; each outcome's frequency must stay within e^epsilon of
/// the other's, give or take a sampling slack of 0.15 (over four standard deviations of a
/// frequency from 200 runs, at most 0.036).
#[tokio::test]
async fn the_reveal_of_two_tallies_one_record_apart_stays_within_e_to_the_epsilon() {
    let circuits = study_circuits().await;
    let (k, epsilon_milli, runs) = (5, 2_000, 200);
    let participants = 30 + (k - 1) + 1;
    let (victim_matches, victim_does_not) = std::thread::scope(|scope| {
        let circuits = &circuits;
        let matches = scope.spawn(move || {
            matched_withheld(circuits, participants, 31, k, epsilon_milli, runs, 41)
        });
        let does_not = matched_withheld(circuits, participants, 30, k, epsilon_milli, runs, 42);
        (matches.join().unwrap(), does_not)
    });
    let bound = (epsilon_milli as f64 / 1000.0).exp();
    let slack = 0.15;
    let frequency = |count: usize| count as f64 / runs as f64;
    eprintln!(
        "matched withheld in {:.3} of the runs with the victim matching, {:.3} without",
        frequency(victim_matches),
        frequency(victim_does_not)
    );
    for (a, b) in [
        (victim_matches, victim_does_not),
        (victim_does_not, victim_matches),
    ] {
        for (outcome, fa, fb) in [
            ("withheld", frequency(a), frequency(b)),
            ("published", 1.0 - frequency(a), 1.0 - frequency(b)),
        ] {
            assert!(
                fa <= bound * fb + slack,
                "matched {outcome}: {fa:.3} against {fb:.3} (e^epsilon {bound:.2})"
            );
        }
    }
    // The scenario can tell the rules apart: matched is published often enough either way.
    let published = 1.0 - frequency(victim_does_not);
    assert!((0.2..0.7).contains(&published), "published {published:.3}");
}
