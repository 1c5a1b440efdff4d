//! The study circuits in plain Rust: what a record adds to a tally, how counters pack into
//! field elements, and what a reveal without noise publishes. Tests hold the compiled circuits
//! to this model.

use super::cells::{AGE_CELLS, SEX_CELLS};
use crate::record::{ClinicalSummary, RecordError, ALLERGENS, MAX_CONDITIONS, MAX_MEDICATIONS};
use medshare_crypto::{pack::Scalar, FieldElement};
use share_medical_records::constants::{STUDY_COUNTERS, SUPPRESSED, TALLY_ELEMENTS};
use share_medical_records::state::StudyCriteria;

/// Counters of a tally, in the circuits' order (`super::CELLS`).
pub type Counts = [u32; STUDY_COUNTERS];

const COUNTER_BITS: usize = 24;
const COUNTERS_PER_ELEMENT: usize = 8;
/// Base 37's three low digits: an ICD-10 code's category.
const CATEGORY_MODULUS: u32 = 37 * 37 * 37;

/// The fields of a record the study circuits read.
struct StudyFields {
    birth_day: u16,
    sex: usize,
    allergies: [bool; ALLERGENS.len()],
    conditions: [u32; MAX_CONDITIONS],
    medications: [u32; MAX_MEDICATIONS],
}

impl StudyFields {
    fn of(summary: &ClinicalSummary) -> Result<Self, RecordError> {
        let values: Vec<u128> = summary
            .to_scalars()?
            .into_iter()
            .map(|scalar| match scalar {
                Scalar::Unsigned { value, .. } => value,
                Scalar::Bool(flag) => flag as u128,
                _ => unreachable!("a summary has no signed or full scalars"),
            })
            .collect();
        let allergies_at = 5;
        let conditions_at = allergies_at + ALLERGENS.len();
        let medications_at = conditions_at + 2 * MAX_CONDITIONS;
        Ok(Self {
            birth_day: values[0] as u16,
            sex: values[1] as usize,
            allergies: std::array::from_fn(|i| values[allergies_at + i] != 0),
            conditions: std::array::from_fn(|i| values[conditions_at + 2 * i] as u32),
            medications: std::array::from_fn(|i| values[medications_at + 2 * i] as u32),
        })
    }
}

/// What one bound record adds to a study's tally.
pub fn contribution(
    summary: &ClinicalSummary,
    criteria: &StudyCriteria,
) -> Result<Counts, RecordError> {
    let record = StudyFields::of(summary)?;
    let diagnosed = record
        .conditions
        .iter()
        .any(|code| code % criteria.modulus == criteria.prefix);
    let born = record.birth_day;
    let matched = diagnosed
        && criteria.sexes >> record.sex & 1 == 1
        && (criteria.born_from..=criteria.born_until).contains(&born);

    let mut counts = [0; STUDY_COUNTERS];
    counts[0] = 1;
    if !matched {
        return Ok(counts);
    }
    counts[1] = 1;
    counts[SEX_CELLS.start + record.sex] = 1;
    let cutoffs = criteria.age_cutoffs;
    let band = if born == 0 {
        0
    } else {
        1 + cutoffs.iter().filter(|cutoff| born >= **cutoff).count()
    };
    counts[AGE_CELLS.start + band] = 1;
    for (i, rxcui) in criteria.medications.iter().enumerate() {
        counts[12 + i] = (*rxcui != 0 && record.medications.contains(rxcui)) as u32;
    }
    for (i, category) in criteria.categories.iter().enumerate() {
        let present = record
            .conditions
            .iter()
            .any(|code| code % CATEGORY_MODULUS == *category);
        counts[16 + i] = (*category != 0 && present) as u32;
    }
    for (i, allergic) in record.allergies.iter().enumerate() {
        counts[20 + i] = *allergic as u32;
    }
    Ok(counts)
}

/// Counters packed as the circuits hold them: 24 bits each, eight to an element.
pub fn pack(counts: &Counts) -> [FieldElement; TALLY_ELEMENTS] {
    std::array::from_fn(|element| {
        let mut bytes = [0u8; 32];
        for j in 0..COUNTERS_PER_ELEMENT {
            if let Some(count) = counts.get(element * COUNTERS_PER_ELEMENT + j) {
                let at = j * COUNTER_BITS / 8;
                bytes[at..at + 3].copy_from_slice(&count.to_le_bytes()[..3]);
            }
        }
        FieldElement::from_bytes_mod_order(&bytes)
    })
}

/// The counters of packed elements, each read from its 24 bits.
pub fn unpack(elements: &[FieldElement; TALLY_ELEMENTS]) -> Counts {
    let bytes = elements.map(|element| element.to_bytes());
    std::array::from_fn(|counter| {
        let element = &bytes[counter / COUNTERS_PER_ELEMENT];
        let at = counter % COUNTERS_PER_ELEMENT * COUNTER_BITS / 8;
        u32::from_le_bytes([element[at], element[at + 1], element[at + 2], 0])
    })
}

/// What a reveal without noise publishes for `counts` and threshold `k` (`SUPPRESSED` where
/// withheld), by the circuit's rules: a cell below k is suppressed; the matched count also when
/// fewer than k records did not match; every other cell when the matched count is suppressed;
/// and in the sex and age groups, which sum to the matched count, a lone suppressed cell takes
/// the group's smallest published cell with it.
pub fn reveal(counts: &Counts, k: u32) -> Counts {
    let mut suppressed: [bool; STUDY_COUNTERS] =
        std::array::from_fn(|cell| cell != 0 && counts[cell] < k);
    suppressed[1] |= counts[0] - counts[1] < k;
    if suppressed[1] {
        suppressed[2..].fill(true);
    }
    for group in [SEX_CELLS, AGE_CELLS] {
        protect_group(&counts[group.clone()], &mut suppressed[group]);
    }
    std::array::from_fn(|cell| {
        if suppressed[cell] {
            SUPPRESSED
        } else {
            counts[cell]
        }
    })
}

fn protect_group(values: &[u32], suppressed: &mut [bool]) {
    if suppressed.iter().filter(|hidden| **hidden).count() != 1 {
        return;
    }
    let smallest = (0..values.len())
        .filter(|i| !suppressed[*i])
        .min_by_key(|i| (values[*i], *i));
    if let Some(i) = smallest {
        suppressed[i] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_pack_into_24_bit_slots_and_back() {
        let counts: Counts = std::array::from_fn(|i| ((1 << 24) - 1 - i as u32 * 7919) % (1 << 24));
        assert_eq!(unpack(&pack(&counts)), counts);
    }

    #[test]
    fn a_lone_suppressed_cell_of_a_group_takes_the_smallest_published_one() {
        let mut counts = [0; STUDY_COUNTERS];
        counts[0] = 40;
        counts[1] = 20;
        counts[2..6].copy_from_slice(&[2, 9, 6, 3]);
        counts[6..12].copy_from_slice(&[0, 0, 5, 7, 8, 0]);
        let revealed = reveal(&counts, 5);
        // Sex: only "unknown" (2) is below 5, so the smallest other (3, "other") goes too.
        assert_eq!(&revealed[2..6], &[SUPPRESSED, 9, 6, SUPPRESSED]);
        // Age: three cells below 5 already: nothing more is derivable from the total.
        assert_eq!(
            &revealed[6..12],
            &[SUPPRESSED, SUPPRESSED, 5, 7, 8, SUPPRESSED]
        );
        assert_eq!(revealed[1], 20);
    }

    #[test]
    fn a_matched_count_close_to_the_participants_is_suppressed_with_everything_under_it() {
        let mut counts = [9; STUDY_COUNTERS];
        counts[0] = 12;
        counts[1] = 10;
        let revealed = reveal(&counts, 5);
        assert_eq!(revealed[0], 12);
        assert!(revealed[1..].iter().all(|cell| *cell == SUPPRESSED));
    }
}
