//! The study circuits in plain Rust: what a record adds to a tally, how counters pack into
//! field elements, and what a reveal without noise publishes. Tests hold the compiled circuits
//! to this model.

use crate::record::{ClinicalSummary, RecordError, ALLERGENS, MAX_CONDITIONS, MAX_MEDICATIONS};
use medshare_crypto::{pack::Scalar, FieldElement};
use share_medical_records::constants::{STUDY_COUNTERS, SUPPRESSED, TALLY_ELEMENTS};
use share_medical_records::state::{
    StudyCriteria, AGE_CELLS, ALLERGY_CELLS, CATEGORY_CELLS, MATCHED_CELL, MEDICATION_CELLS,
    PARTICIPANTS_CELL, PARTITIONS, SEX_CELLS, YES_NO_CELLS,
};

/// Counters of a tally, in the circuits' order (`super::CELLS`).
pub type Counts = [u32; STUDY_COUNTERS];

const COUNTER_BITS: usize = 24;
const COUNTERS_PER_ELEMENT: usize = 8;
/// Base 37's three low digits: an ICD-10 code's category.
const CATEGORY_MODULUS: u32 = 37 * 37 * 37;

/// The fields of a record the study and eligibility circuits read.
pub(crate) struct QueriedFields {
    pub birth_day: u16,
    pub sex: usize,
    pub allergies: [bool; ALLERGENS.len()],
    pub conditions: [u32; MAX_CONDITIONS],
    pub medications: [u32; MAX_MEDICATIONS],
}

impl QueriedFields {
    pub fn of(summary: &ClinicalSummary) -> Result<Self, RecordError> {
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
    let record = QueriedFields::of(summary)?;
    let diagnosed = record
        .conditions
        .iter()
        .any(|code| code % criteria.modulus == criteria.prefix);
    let born = record.birth_day;
    let matched = diagnosed
        && criteria.sexes >> record.sex & 1 == 1
        && (criteria.born_from..=criteria.born_until).contains(&born);

    let mut counts = [0; STUDY_COUNTERS];
    counts[PARTICIPANTS_CELL] = 1;
    if !matched {
        return Ok(counts);
    }
    counts[MATCHED_CELL] = 1;
    counts[SEX_CELLS.start + record.sex] = 1;
    let cutoffs = criteria.age_cutoffs;
    let band = if born == 0 {
        0
    } else {
        1 + cutoffs.iter().filter(|cutoff| born >= **cutoff).count()
    };
    counts[AGE_CELLS.start + band] = 1;
    for (i, rxcui) in criteria.medications.iter().enumerate() {
        counts[MEDICATION_CELLS.start + i] =
            (*rxcui != 0 && record.medications.contains(rxcui)) as u32;
    }
    for (i, category) in criteria.categories.iter().enumerate() {
        let present = record
            .conditions
            .iter()
            .any(|code| code % CATEGORY_MODULUS == *category);
        counts[CATEGORY_CELLS.start + i] = (*category != 0 && present) as u32;
    }
    for (i, allergic) in record.allergies.iter().enumerate() {
        counts[ALLERGY_CELLS.start + i] = *allergic as u32;
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

/// What a reveal publishes (`SUPPRESSED` where withheld) for `counts`, threshold `k`, the
/// criteria's structural zeros (`share_medical_records::state::structural_zeros`) and the
/// noise drawn for each cell (all zeros without noise), by the circuit's rule
/// (`docs/studies.md`). Every decision reads the noisy values and public facts only:
/// - a structural zero is published as 0; every other cell but the participants gets its
///   noise and is clamped at 0;
/// - matched is published only when it and the participants less it are both at least k;
///   when it is withheld, so is every cell under it;
/// - a partition (sex, age band) is published whole, or withheld whole as soon as one of its
///   cells is below k;
/// - a yes-or-no cell is published only when it and matched less it are both at least k.
pub fn reveal(
    counts: &Counts,
    k: u32,
    structural_zeros: u64,
    noise: &[i64; STUDY_COUNTERS],
) -> Counts {
    let structural = |cell: usize| structural_zeros >> cell & 1 == 1;
    let values: [i64; STUDY_COUNTERS] = std::array::from_fn(|cell| match cell {
        PARTICIPANTS_CELL => counts[cell] as i64,
        _ if structural(cell) => 0,
        _ => (counts[cell] as i64 + noise[cell]).max(0),
    });
    let k = k as i64;
    let below_k = |cell: usize| !structural(cell) && values[cell] < k;
    let matched = values[MATCHED_CELL];
    let mut withheld = [false; STUDY_COUNTERS];
    withheld[MATCHED_CELL] = matched < k || values[PARTICIPANTS_CELL] - matched < k;
    for partition in PARTITIONS {
        let any_below_k = partition.clone().any(below_k);
        for cell in partition {
            withheld[cell] = any_below_k && !structural(cell);
        }
    }
    for cell in YES_NO_CELLS {
        withheld[cell] = below_k(cell) || (!structural(cell) && matched - values[cell] < k);
    }
    for cell in MATCHED_CELL + 1..STUDY_COUNTERS {
        withheld[cell] |= withheld[MATCHED_CELL] && !structural(cell);
    }
    std::array::from_fn(|cell| {
        if withheld[cell] {
            SUPPRESSED
        } else {
            values[cell] as u32
        }
    })
}

/// [`reveal`] for a study without noise.
pub fn reveal_exact(counts: &Counts, k: u32, structural_zeros: u64) -> Counts {
    reveal(counts, k, structural_zeros, &[0; STUDY_COUNTERS])
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
    fn a_partition_with_a_cell_below_k_is_withheld_whole_but_its_structural_zeros_stay() {
        let mut counts = [0; STUDY_COUNTERS];
        counts[0] = 40;
        counts[1] = 20;
        counts[2..6].copy_from_slice(&[0, 9, 11, 0]);
        counts[6..12].copy_from_slice(&[0, 1, 6, 7, 6, 0]);
        // Sexes male and female only; ages of bands 1 to 4 only.
        let zeros = 1 << 2 | 1 << 5 | 1 << 6 | 1 << 11;
        let revealed = reveal_exact(&counts, 5, zeros);
        assert_eq!(&revealed[2..6], &[0, 9, 11, 0]);
        let s = SUPPRESSED;
        assert_eq!(&revealed[6..12], &[0, s, s, s, s, 0]);
        assert_eq!(revealed[1], 20);
    }

    #[test]
    fn a_yes_no_cell_is_withheld_when_it_or_its_complement_is_below_k() {
        let mut counts = [0; STUDY_COUNTERS];
        counts[0] = 40;
        counts[1] = 20;
        counts[20..24].copy_from_slice(&[19, 15, 5, 20]);
        let revealed = reveal_exact(&counts, 5, 0);
        let s = SUPPRESSED;
        assert_eq!(&revealed[20..24], &[s, 15, 5, s]);
    }

    #[test]
    fn a_matched_count_close_to_the_participants_is_withheld_with_everything_under_it() {
        let mut counts = [9; STUDY_COUNTERS];
        counts[0] = 12;
        counts[1] = 10;
        let revealed = reveal_exact(&counts, 5, 1 << 12);
        assert_eq!(revealed[0], 12);
        assert_eq!(revealed[12], 0, "a structural zero is known anyway");
        assert_eq!(revealed.iter().filter(|c| **c == SUPPRESSED).count(), 42);
    }

    #[test]
    fn noise_moves_values_and_decisions_and_never_reaches_the_participants() {
        let mut counts = [10; STUDY_COUNTERS];
        counts[0] = 30;
        counts[1] = 20;
        let mut noise = [0; STUDY_COUNTERS];
        noise[0] = 100;
        noise[1] = 7; // matched reads 27: 30 - 27 < 5
        assert_eq!(reveal(&counts, 5, 0, &noise)[1], SUPPRESSED);
        noise[1] = -3;
        noise[12] = -20;
        let revealed = reveal(&counts, 5, 0, &noise);
        assert_eq!(revealed[0], 30);
        assert_eq!(revealed[1], 17);
        assert_eq!(revealed[12], SUPPRESSED, "clamped at 0, below k");
        assert_eq!(revealed[13], 10);
    }

    /// Every kind of record a study tells apart: matched or not, each sex, each age band, and
    /// every watched answer yes or every one no.
    fn every_kind_of_record() -> Vec<ClinicalSummary> {
        use crate::record::{AllergySet, Condition, Icd10Code, Medication, Sex};
        use time::macros::date;
        let code = |text: &str| Icd10Code::parse(text).unwrap();
        // No birth date, then one in each band at 2026-01-01: 80+, 65-79, 40-64, 18-39, under 18.
        let births = [
            None,
            Some(date!(1930 - 06 - 01)),
            Some(date!(1950 - 06 - 01)),
            Some(date!(1975 - 06 - 01)),
            Some(date!(2000 - 06 - 01)),
            Some(date!(2015 - 06 - 01)),
        ];
        let mut records = Vec::new();
        for matched in [false, true] {
            for sex in [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other] {
                for birth_date in births {
                    for yes in [false, true] {
                        let mut conditions = Vec::new();
                        if matched {
                            conditions.push(code("E11.9"));
                        }
                        if yes {
                            conditions.extend(["I10", "E78.5", "J45.909", "I25.10"].map(code));
                        }
                        records.push(ClinicalSummary {
                            birth_date,
                            sex,
                            allergies: AllergySet::from_flags([yes; ALLERGENS.len()]),
                            conditions: conditions
                                .into_iter()
                                .map(|code| Condition { code, onset: None })
                                .collect(),
                            medications: (1..=4)
                                .filter(|_| yes)
                                .map(|rxcui| Medication {
                                    rxcui,
                                    started: None,
                                })
                                .collect(),
                            ..ClinicalSummary::default()
                        });
                    }
                }
            }
        }
        records
    }

    #[test]
    fn the_sensitivity_is_the_most_one_replaced_record_moves_the_noisy_cells() {
        use crate::study::{cohort::question_counting_every_cell, Icd10Prefix};
        let question = question_counting_every_cell(Icd10Prefix::parse("E11").unwrap());
        let criteria = question.criteria().unwrap();
        assert_eq!(share_medical_records::state::structural_zeros(&criteria), 0);
        let contributions: Vec<Counts> = every_kind_of_record()
            .iter()
            .map(|record| contribution(record, &criteria).unwrap())
            .collect();
        let moved = |a: &Counts, b: &Counts| -> u32 {
            (MATCHED_CELL..STUDY_COUNTERS)
                .map(|cell| a[cell].abs_diff(b[cell]))
                .sum()
        };
        let most = contributions
            .iter()
            .flat_map(|a| contributions.iter().map(move |b| moved(a, b)))
            .max()
            .unwrap();
        assert_eq!(most, share_medical_records::state::RECORD_SENSITIVITY);
    }
}
