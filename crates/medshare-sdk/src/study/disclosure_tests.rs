//! The reveal's disclosure rule against an attacker who knows the rule, the participant count,
//! the criteria (so every structural zero) and everything published, and who looks for a
//! count of 1 to k-1 people that the published cells pin down: a cell, matched less a cell,
//! the participants less matched, or any sum of some cells of a partition. A quantity is
//! pinned down when every tally the reveal could have come from gives it the same value.

use super::model::{reveal_exact, Counts};
use rand::{rngs::StdRng, Rng, SeedableRng};
use share_medical_records::constants::STUDY_COUNTERS;
use share_medical_records::state::{
    AGE_CELLS, ALLERGY_CELLS, MATCHED_CELL, MEDICATION_CELLS, PARTICIPANTS_CELL, PARTITIONS,
    SEX_CELLS, YES_NO_CELLS,
};
use std::collections::HashMap;
use std::ops::Range;

/// A count of people an attacker could try to work out of a tally.
#[derive(Debug)]
enum Quantity {
    /// The participants less matched.
    Unmatched,
    Cell(usize),
    /// Matched less a yes-or-no cell.
    MatchedLess(usize),
    /// The sum of some (not all, not none) of a partition's open cells.
    SumOf(Vec<usize>),
}

impl Quantity {
    fn of(&self, counts: &Counts) -> u32 {
        match self {
            Quantity::Unmatched => counts[PARTICIPANTS_CELL] - counts[MATCHED_CELL],
            Quantity::Cell(cell) => counts[*cell],
            Quantity::MatchedLess(cell) => counts[MATCHED_CELL] - counts[*cell],
            Quantity::SumOf(cells) => cells.iter().map(|c| counts[*c]).sum(),
        }
    }
}

/// Every quantity of a study whose structural zeros are `zeros`.
fn quantities(zeros: u64) -> Vec<Quantity> {
    let open = |cell: usize| zeros >> cell & 1 == 0;
    let mut found = vec![Quantity::Unmatched];
    found.extend((MATCHED_CELL..STUDY_COUNTERS).map(Quantity::Cell));
    found.extend(YES_NO_CELLS.filter(|c| open(*c)).map(Quantity::MatchedLess));
    for partition in PARTITIONS {
        let cells: Vec<usize> = partition.filter(|c| open(*c)).collect();
        for subset in 1..(1u32 << cells.len()) - 1 {
            let chosen = (0..cells.len()).filter(|i| subset >> i & 1 == 1);
            found.push(Quantity::SumOf(chosen.map(|i| cells[i]).collect()));
        }
    }
    found
}

/// What the attacker knows of one quantity over the tallies that give one output.
#[derive(Clone, Copy)]
enum Known {
    Exactly(u32),
    NotPinned,
}

/// Groups `tallies` by what the reveal publishes; returns the first quantity some output pins
/// to 1..k-1 (with an example tally of that output), if any.
fn pinned_small_count(
    tallies: impl Iterator<Item = Counts>,
    k: u32,
    zeros: u64,
) -> Option<(Quantity, u32, Counts)> {
    let quantities = quantities(zeros);
    let mut classes: HashMap<Counts, (Counts, Vec<Known>)> = HashMap::new();
    for counts in tallies {
        let output = reveal_exact(&counts, k, zeros);
        let (_, known) = classes.entry(output).or_insert_with(|| {
            let known = quantities.iter().map(|q| Known::Exactly(q.of(&counts)));
            (counts, known.collect())
        });
        for (known, quantity) in known.iter_mut().zip(&quantities) {
            if matches!(known, Known::Exactly(v) if *v != quantity.of(&counts)) {
                *known = Known::NotPinned;
            }
        }
    }
    let (example, which, value) = classes.into_values().find_map(|(example, known)| {
        known
            .iter()
            .enumerate()
            .find_map(|(which, known)| match known {
                Known::Exactly(v) if (1..k).contains(v) => Some((example, which, *v)),
                _ => None,
            })
    })?;
    Some((quantities.into_iter().nth(which)?, value, example))
}

/// The compositions of `total` over `cells` cells.
fn compositions(total: u32, cells: usize) -> Vec<Vec<u32>> {
    if cells == 1 {
        return vec![vec![total]];
    }
    (0..=total)
        .flat_map(|first| {
            compositions(total - first, cells - 1)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, first);
                    rest
                })
        })
        .collect()
}

/// A small study's shape: which cells of each partition are open (not structural zeros), and
/// which yes-or-no cells vary. Every other yes-or-no cell is 0 (structural or not).
struct Shape {
    sexes: Vec<usize>,
    bands: Vec<usize>,
    yes_no: Vec<usize>,
    zeros: u64,
}

impl Shape {
    fn new(sexes: Vec<usize>, bands: Vec<usize>, yes_no: Vec<usize>) -> Self {
        let structural = |cells: Range<usize>, open: &[usize]| {
            cells
                .filter(|c| !open.contains(c))
                .fold(0u64, |mask, c| mask | 1 << c)
        };
        // Unused medication and category slots are structural; allergies never are.
        let watched = MEDICATION_CELLS.start..ALLERGY_CELLS.start;
        let zeros = structural(SEX_CELLS, &sexes)
            | structural(AGE_CELLS, &bands)
            | structural(watched, &yes_no);
        Self {
            sexes,
            bands,
            yes_no,
            zeros,
        }
    }

    /// Every tally of this shape with at most `participants` participants.
    fn tallies(&self, participants: u32) -> impl Iterator<Item = Counts> + '_ {
        (0..=participants).flat_map(move |p| {
            (0..=p).flat_map(move |matched| {
                let sexes = compositions(matched, self.sexes.len());
                let bands = compositions(matched, self.bands.len());
                let yes_no = compositions_up_to(matched, self.yes_no.len());
                let mut tallies = Vec::new();
                for sex in &sexes {
                    for band in &bands {
                        for answers in &yes_no {
                            let mut counts = [0; STUDY_COUNTERS];
                            counts[PARTICIPANTS_CELL] = p;
                            counts[MATCHED_CELL] = matched;
                            self.place(&mut counts, &self.sexes, sex);
                            self.place(&mut counts, &self.bands, band);
                            self.place(&mut counts, &self.yes_no, answers);
                            tallies.push(counts);
                        }
                    }
                }
                tallies
            })
        })
    }

    fn place(&self, counts: &mut Counts, cells: &[usize], values: &[u32]) {
        for (cell, value) in cells.iter().zip(values) {
            counts[*cell] = *value;
        }
    }
}

/// Every choice of `cells` values from 0 to `most`.
fn compositions_up_to(most: u32, cells: usize) -> Vec<Vec<u32>> {
    (0..cells).fold(vec![vec![]], |partial, _| {
        partial
            .iter()
            .flat_map(|prefix| {
                (0..=most).map(move |value| {
                    let mut next = prefix.clone();
                    next.push(value);
                    next
                })
            })
            .collect()
    })
}

#[test]
fn no_small_count_is_pinned_down_in_any_small_study() {
    let medication = MEDICATION_CELLS.start;
    let allergy = ALLERGY_CELLS.start;
    let shapes = [
        // Every sex, an age range over three bands, a medication and an allergy.
        Shape::new(vec![2, 3, 4, 5], vec![7, 8, 9], vec![medication, allergy]),
        // Two sexes, every band (no age range asked), one allergy.
        Shape::new(vec![3, 4], AGE_CELLS.collect(), vec![allergy]),
        // One sex and one band: each equals matched.
        Shape::new(vec![4], vec![9], vec![medication, allergy]),
    ];
    for shape in &shapes {
        for k in 2..=4 {
            let participants = if shape.bands.len() == 6 { 5 } else { 6 };
            let found = pinned_small_count(shape.tallies(participants), k, shape.zeros);
            if let Some((name, value, example)) = found {
                panic!("k {k}: {name:?} is pinned down to {value}; an example tally: {example:?}");
            }
        }
    }
}

/// A tally the reveal could have come from (the same output) that gives quantity `which` another
/// value, among moves that keep the criteria's structural zeros and the partitions' sums:
/// shifting one between two cells of a partition, gathering a partition in one cell, setting a
/// yes-or-no cell to 0 or matched, or matched to 0 or to the participants.
fn witness(counts: &Counts, k: u32, zeros: u64, quantity: &Quantity) -> Option<Counts> {
    let open = |cell: usize| zeros >> cell & 1 == 0;
    let output = reveal_exact(counts, k, zeros);
    let value = quantity.of(counts);
    let matched = counts[MATCHED_CELL];
    let mut candidates: Vec<Counts> = Vec::new();
    for partition in PARTITIONS {
        let cells: Vec<usize> = partition.filter(|c| open(*c)).collect();
        for &from in &cells {
            for &to in &cells {
                if from != to && counts[from] > 0 {
                    let mut moved = *counts;
                    moved[from] -= 1;
                    moved[to] += 1;
                    candidates.push(moved);
                }
            }
            let mut gathered = *counts;
            cells.iter().for_each(|c| gathered[*c] = 0);
            gathered[from] = matched;
            candidates.push(gathered);
        }
    }
    for cell in YES_NO_CELLS.filter(|c| open(*c)) {
        for answer in [0, matched] {
            let mut changed = *counts;
            changed[cell] = answer;
            candidates.push(changed);
        }
    }
    for new_matched in [0, counts[PARTICIPANTS_CELL]] {
        let mut changed = *counts;
        changed[MATCHED_CELL] = new_matched;
        for partition in PARTITIONS {
            let first_open = partition.clone().find(|c| open(*c));
            partition.for_each(|c| changed[c] = 0);
            if let Some(cell) = first_open {
                changed[cell] = new_matched;
            }
        }
        YES_NO_CELLS
            .filter(|c| open(*c))
            .for_each(|c| changed[c] = 0);
        candidates.push(changed);
    }
    candidates.into_iter().find(|candidate| {
        quantity.of(candidate) != value && reveal_exact(candidate, k, zeros) == output
    })
}

/// A random study's structural zeros: a subset of the sexes, a run of age bands (with or
/// without the "no birth date" band), some unused medication and category slots.
fn random_zeros(rng: &mut StdRng) -> u64 {
    let mut zeros = 0u64;
    let sexes: u8 = rng.gen_range(1..16);
    for s in 0..4 {
        if sexes >> s & 1 == 0 {
            zeros |= 1 << (SEX_CELLS.start + s);
        }
    }
    let (first, last) = if rng.gen_bool(0.3) {
        (0, 5)
    } else {
        let first = rng.gen_range(1..=5);
        (first, rng.gen_range(first..=5))
    };
    for band in 0..6 {
        if band < first || band > last {
            zeros |= 1 << (AGE_CELLS.start + band);
        }
    }
    for cell in MEDICATION_CELLS.start..ALLERGY_CELLS.start {
        if rng.gen_bool(0.4) {
            zeros |= 1 << cell;
        }
    }
    zeros
}

/// A tally of `participants` random records under `zeros`, skewed so that every cell is often
/// near 0, near k or near matched.
fn random_tally(rng: &mut StdRng, zeros: u64, participants: u32) -> Counts {
    let open = |cell: usize| zeros >> cell & 1 == 0;
    let sexes: Vec<usize> = SEX_CELLS.filter(|c| open(*c)).collect();
    let bands: Vec<usize> = AGE_CELLS.filter(|c| open(*c)).collect();
    let matching = rng.gen_range(0.0..=1.0);
    let rates: Vec<f64> = (0..STUDY_COUNTERS)
        .map(|_| [0.02, 0.1, 0.5, 0.9, 0.98][rng.gen_range(0..5)])
        .collect();
    let skew: f64 = rng.gen_range(0.0..0.9);
    let mut counts = [0; STUDY_COUNTERS];
    counts[PARTICIPANTS_CELL] = participants;
    for _ in 0..participants {
        if !rng.gen_bool(matching) {
            continue;
        }
        counts[MATCHED_CELL] += 1;
        let pick = |rng: &mut StdRng, cells: &[usize]| {
            if rng.gen_bool(skew) {
                cells[0]
            } else {
                cells[rng.gen_range(0..cells.len())]
            }
        };
        counts[pick(rng, &sexes)] += 1;
        counts[pick(rng, &bands)] += 1;
        for cell in YES_NO_CELLS.filter(|c| open(*c)) {
            counts[cell] += rng.gen_bool(rates[cell]) as u32;
        }
    }
    counts
}

#[test]
fn every_small_count_of_random_studies_has_a_tally_that_hides_it() {
    let mut rng = StdRng::seed_from_u64(26);
    for case in 0..5000 {
        let zeros = random_zeros(&mut rng);
        let k = rng.gen_range(2..=10);
        let participants = rng.gen_range(k..=80);
        let counts = random_tally(&mut rng, zeros, participants);
        for quantity in quantities(zeros) {
            let value = quantity.of(&counts);
            if (1..k).contains(&value) {
                assert!(
                    witness(&counts, k, zeros, &quantity).is_some(),
                    "case {case}: {quantity:?} = {value} with k {k} may be pinned down: \
                     {counts:?}, structural zeros {zeros:#x}"
                );
            }
        }
    }
}

/// The examples that broke the rule before: they must find nothing now.
#[test]
fn a_lone_band_beside_structural_zeros_and_a_yes_no_complement_stay_hidden() {
    // Ages 18 and over, k 3: nine matched aged 25, 50 and 75, three who do not match, one
    // matched aged 85. "No birth date" and "under 18" are structural zeros.
    let mut counts = [0; STUDY_COUNTERS];
    counts[PARTICIPANTS_CELL] = 13;
    counts[MATCHED_CELL] = 10;
    counts[SEX_CELLS.start + 2] = 10;
    counts[AGE_CELLS].copy_from_slice(&[0, 1, 3, 3, 3, 0]);
    let zeros = 1 << SEX_CELLS.start
        | 1 << (SEX_CELLS.start + 1)
        | 1 << (SEX_CELLS.start + 3)
        | 1 << AGE_CELLS.start
        | 1 << (AGE_CELLS.end - 1);
    // Everyone matched takes the medication but one.
    counts[MEDICATION_CELLS.start] = 9;
    let output = reveal_exact(&counts, 3, zeros);
    let published_bands: u32 = AGE_CELLS
        .filter(|c| output[*c] != share_medical_records::constants::SUPPRESSED)
        .map(|c| output[c])
        .sum();
    assert_ne!(output[MATCHED_CELL] - published_bands, 1, "{output:?}");
    for quantity in quantities(zeros) {
        let value = quantity.of(&counts);
        if (1..3).contains(&value) {
            assert!(
                witness(&counts, 3, zeros, &quantity).is_some(),
                "{quantity:?} = {value}"
            );
        }
    }
}
