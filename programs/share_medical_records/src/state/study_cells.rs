//! The layout of a study's cells, and what follows from it: which cells a study's own criteria
//! make always zero, and how far one record can move the cells (the noise's sensitivity).
//! The reveal's disclosure rule (`docs/studies.md`) works on these groups.

use super::StudyCriteria;
use crate::constants::{AGE_CUTOFFS, STUDY_COUNTERS, WATCHED_CODES};
use std::ops::Range;

/// Every counted record, matched or not: exact and public (each join says whether it counted).
pub const PARTICIPANTS_CELL: usize = 0;
/// Records that match the criteria; every cell after it counts among them.
pub const MATCHED_CELL: usize = 1;
/// By sex (unknown, male, female, other): one cell per matched record, summing to matched.
pub const SEX_CELLS: Range<usize> = 2..6;
/// By age band (no birth date, then five bands): one per matched record, summing to matched.
pub const AGE_CELLS: Range<usize> = 6..(8 + AGE_CUTOFFS);
/// Yes-or-no cells among the matched: taking each watched medication, with a condition in each
/// watched category, allergic to each allergen class. Each has a complement, matched less it.
pub const MEDICATION_CELLS: Range<usize> = AGE_CELLS.end..(AGE_CELLS.end + WATCHED_CODES);
pub const CATEGORY_CELLS: Range<usize> =
    MEDICATION_CELLS.end..(MEDICATION_CELLS.end + WATCHED_CODES);
pub const ALLERGY_CELLS: Range<usize> = CATEGORY_CELLS.end..STUDY_COUNTERS;
pub const YES_NO_CELLS: Range<usize> = MEDICATION_CELLS.start..STUDY_COUNTERS;

/// The groups whose cells partition the matched records.
pub const PARTITIONS: [Range<usize>; 2] = [SEX_CELLS, AGE_CELLS];

const fn partition_sensitivity(cells: usize) -> u32 {
    if cells >= 2 {
        2
    } else {
        cells as u32
    }
}

/// The most the noisy cells (all but the participants) move, in sum of absolute changes, when
/// one record is replaced by any other. Two matched records that differ everywhere move one
/// cell out and one in per partition, and every yes-or-no cell; a matched record replaced by
/// an unmatched one moves matched, one cell per partition and every yes-or-no cell. The
/// larger of the two is the sensitivity; a test enumerates records to confirm it.
pub const RECORD_SENSITIVITY: u32 = {
    let yes_no = (STUDY_COUNTERS - YES_NO_CELLS.start) as u32;
    let both_matched = partition_sensitivity(SEX_CELLS.end - SEX_CELLS.start)
        + partition_sensitivity(AGE_CELLS.end - AGE_CELLS.start)
        + yes_no;
    let one_matched = 1 + PARTITIONS.len() as u32 + yes_no;
    if both_matched > one_matched {
        both_matched
    } else {
        one_matched
    }
};

/// The cells no record can ever add to under `criteria` (bit c for cell c): sexes the study
/// excludes, age bands outside its birth-day range (the "no birth date" band whenever a range
/// is asked), and unused medication and category slots. Everyone can work them out from the
/// criteria, so they are published as zero and never protect, nor need protecting.
pub fn structural_zeros(criteria: &StudyCriteria) -> u64 {
    let mut zeros = 0u64;
    for sex in 0..(SEX_CELLS.end - SEX_CELLS.start) {
        if criteria.sexes >> sex & 1 == 0 {
            zeros |= 1 << (SEX_CELLS.start + sex);
        }
    }
    for (band, (first, last)) in age_bands(criteria).iter().enumerate() {
        let empty =
            first > last || *first.max(&criteria.born_from) > *last.min(&criteria.born_until);
        if empty {
            zeros |= 1 << (AGE_CELLS.start + band);
        }
    }
    for slot in 0..WATCHED_CODES {
        if criteria.medications[slot] == 0 {
            zeros |= 1 << (MEDICATION_CELLS.start + slot);
        }
        if criteria.categories[slot] == 0 {
            zeros |= 1 << (CATEGORY_CELLS.start + slot);
        }
    }
    zeros
}

/// The birth days of each age band, inclusive (first > last: an empty band). Band 0 holds the
/// records without a birth date (day 0); band b > 0 those born from cutoff b-1 (day 1 for the
/// first) to the day before cutoff b (the last day for the last band).
fn age_bands(criteria: &StudyCriteria) -> [(u16, u16); AGE_CUTOFFS + 2] {
    let cutoffs = criteria.age_cutoffs;
    std::array::from_fn(|band| match band {
        0 => (0, 0),
        1 => (1, cutoffs[0].saturating_sub(1)),
        b if b == AGE_CUTOFFS + 1 => (cutoffs[AGE_CUTOFFS - 1], u16::MAX),
        b => (cutoffs[b - 2], cutoffs[b - 1].saturating_sub(1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria() -> StudyCriteria {
        StudyCriteria {
            prefix: 0,
            modulus: 1,
            sexes: 0b1111,
            born_from: 0,
            born_until: u16::MAX,
            age_cutoffs: [100, 200, 300, 400],
            medications: [1, 2, 3, 4],
            categories: [5, 6, 7, 8],
        }
    }

    #[test]
    fn a_study_without_restrictions_has_no_structural_zeros() {
        assert_eq!(structural_zeros(&criteria()), 0);
    }

    #[test]
    fn excluded_sexes_bands_outside_the_range_and_unused_slots_are_structural() {
        let narrow = StudyCriteria {
            sexes: 0b0110,
            // Born 150 to 250: bands 2 (100-199) and 3 (200-299) only.
            born_from: 150,
            born_until: 250,
            medications: [1, 0, 0, 0],
            categories: [0, 6, 0, 0],
            ..criteria()
        };
        let zeros = structural_zeros(&narrow);
        let expected = [2, 5, 6, 7, 10, 11, 13, 14, 15, 16, 18, 19];
        let found: Vec<usize> = (0..STUDY_COUNTERS)
            .filter(|c| zeros >> c & 1 == 1)
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_range_touching_a_band_by_one_day_keeps_it() {
        let touching = StudyCriteria {
            born_from: 399,
            born_until: 400,
            ..criteria()
        };
        let zeros = structural_zeros(&touching);
        let bands: Vec<bool> = AGE_CELLS.map(|c| zeros >> c & 1 == 1).collect();
        assert_eq!(bands, [true, true, true, true, false, false]);
    }

    #[test]
    fn the_sensitivity_counts_both_partitions_twice_and_every_yes_no_cell() {
        assert_eq!(RECORD_SENSITIVITY, 2 + 2 + 32);
    }
}
