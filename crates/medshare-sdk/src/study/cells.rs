//! The counters of a study's tally, in the circuits' order, and a reveal read back.

use crate::record::{Sex, ALLERGENS};
use share_medical_records::constants::{AGE_CUTOFFS, STUDY_COUNTERS, SUPPRESSED, WATCHED_CODES};
use share_medical_records::state::StudyCriteria;

/// One counter of a study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Records counted, matched or not: exact, and checked against the chain.
    Participants,
    /// Records that match the criteria; every cell below counts among them.
    Matched,
    Sex(Sex),
    /// 0: no birth date; 1: born before the first cutoff, ..., 5: born from the last one on.
    AgeBand(usize),
    /// Taking the study's medication i.
    Medication(usize),
    /// With a condition in the study's category i.
    Category(usize),
    /// Allergic to allergen class i.
    Allergy(usize),
}

/// Every cell, at its index in the tally.
pub const CELLS: [Cell; STUDY_COUNTERS] = {
    let mut cells = [Cell::Participants; STUDY_COUNTERS];
    cells[1] = Cell::Matched;
    cells[2] = Cell::Sex(Sex::Unknown);
    cells[3] = Cell::Sex(Sex::Male);
    cells[4] = Cell::Sex(Sex::Female);
    cells[5] = Cell::Sex(Sex::Other);
    let mut i = 0;
    while i < AGE_CUTOFFS + 2 {
        cells[6 + i] = Cell::AgeBand(i);
        i += 1;
    }
    let mut i = 0;
    while i < WATCHED_CODES {
        cells[12 + i] = Cell::Medication(i);
        cells[16 + i] = Cell::Category(i);
        i += 1;
    }
    let mut i = 0;
    while i < ALLERGENS.len() {
        cells[20 + i] = Cell::Allergy(i);
        i += 1;
    }
    cells
};

impl Cell {
    /// What the cell counts, in words, for a study with `criteria`; `None` for an unused
    /// medication or category slot.
    pub fn label(&self, criteria: &StudyCriteria) -> Option<String> {
        let day = |days: u16| {
            crate::record::decode_date(days).map_or("no date".to_string(), |date| date.to_string())
        };
        Some(match *self {
            Cell::Participants => "participants".into(),
            Cell::Matched => "matching the criteria".into(),
            Cell::Sex(sex) => format!("sex {sex}"),
            Cell::AgeBand(0) => "no birth date".into(),
            Cell::AgeBand(1) => format!("born before {}", day(criteria.age_cutoffs[0])),
            Cell::AgeBand(band) if band == AGE_CUTOFFS + 1 => {
                format!(
                    "born {} or later",
                    day(criteria.age_cutoffs[AGE_CUTOFFS - 1])
                )
            }
            Cell::AgeBand(band) => format!(
                "born {} to {}",
                day(criteria.age_cutoffs[band - 2]),
                day(criteria.age_cutoffs[band - 1] - 1)
            ),
            Cell::Medication(i) => match criteria.medications[i] {
                0 => return None,
                rxcui => format!("taking RxNorm {rxcui}"),
            },
            Cell::Category(i) => match criteria.categories[i] {
                0 => return None,
                code => format!(
                    "with a condition in {}",
                    crate::record::Icd10Code::from_packed(code).ok()?
                ),
            },
            Cell::Allergy(i) => format!("allergic to {}", ALLERGENS[i].name),
        })
    }
}

/// A study's published cells: `None` where the reveal suppressed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyResults(pub [Option<u32>; STUDY_COUNTERS]);

impl StudyResults {
    pub fn from_cells(cells: &[u32; STUDY_COUNTERS]) -> Self {
        Self(cells.map(|cell| (cell != SUPPRESSED).then_some(cell)))
    }
}
