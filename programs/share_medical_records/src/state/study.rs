//! A research study: what it counts, who approved it, and what its reveal published.
//! `docs/studies.md` describes the whole flow and its privacy limits.

use super::RECORD_SENSITIVITY;
use crate::{constants::*, errors::MedshareError};
use anchor_lang::prelude::*;

/// What a study counts. The `join_study` circuit reads these bytes by reference, packed in
/// this order (Borsh writes exactly that), so they sit first in the account and never change
/// after creation. Days count from 1900-01-01, as in the record.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct StudyCriteria {
    /// A record matches when one of its ICD-10 codes begins with the n characters `prefix`
    /// encodes (base 37, as in the record), `modulus` = 37^n; n = 0 (prefix 0, modulus 1)
    /// matches every record.
    pub prefix: u32,
    pub modulus: u32,
    /// Bit s set: sex s matches (0 unknown, 1 male, 2 female, 3 other).
    pub sexes: u8,
    /// Birth days that match, inclusive; an unknown birth day is 0.
    pub born_from: u16,
    pub born_until: u16,
    /// Age bands counted among the matched: unknown birth day, born before `cutoffs[0]`,
    /// ..., born from `cutoffs[3]` on. Strictly increasing.
    pub age_cutoffs: [u16; AGE_CUTOFFS],
    /// RxNorm concepts counted among the matched; 0 leaves a slot unused.
    pub medications: [u32; WATCHED_CODES],
    /// 3-character ICD-10 categories (base 37) counted among the matched; 0 leaves a slot unused.
    pub categories: [u32; WATCHED_CODES],
}

/// Bytes of [`StudyCriteria`] as the circuit reads them.
pub const STUDY_CRITERIA_LEN: u32 =
    4 + 4 + 1 + 2 + 2 + 2 * AGE_CUTOFFS as u32 + 8 * WATCHED_CODES as u32;

impl StudyCriteria {
    pub fn validate(&self) -> Result<()> {
        let prefix_valid = match prefix_length(self.modulus) {
            Some(0) => self.prefix == 0,
            Some(length) => self.prefix < self.modulus && is_code(self.prefix, length),
            None => false,
        };
        let categories_valid = self
            .categories
            .iter()
            .all(|category| *category == 0 || is_code(*category, 3));
        let ages_valid = self.born_from <= self.born_until
            && self.age_cutoffs[0] > 0
            && self.age_cutoffs.windows(2).all(|pair| pair[0] < pair[1]);
        require!(
            prefix_valid && categories_valid && ages_valid && (1..16).contains(&self.sexes),
            MedshareError::InvalidStudyCriteria
        );
        Ok(())
    }
}

/// n for a modulus of 37^n, n at most 6 (the longest code the record stores).
pub fn prefix_length(modulus: u32) -> Option<u32> {
    (0..=6).find(|n| 37u32.checked_pow(*n) == Some(modulus))
}

/// Whether `value` is `length` characters of an ICD-10 code in base 37: every digit present
/// (1 to 36) and the first (the lowest) a letter (11 to 36).
pub fn is_code(value: u32, length: u32) -> bool {
    let digits = (0..length).map(|i| value / 37u32.pow(i) % 37);
    value < 37u32.pow(length)
        && digits.clone().all(|digit| digit != 0)
        && digits.take(1).all(|first| first >= 11)
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum StudyStatus {
    /// Registered by the researcher; no one can join yet.
    Proposed,
    /// Approved by the access configuration's authority: patients may join in the window.
    Approved,
    /// Closed to joins by the researcher; patients may still leave until the reveal.
    Closed,
    /// The reveal is with the cluster.
    /// The reveal is with the cluster, queued at `queued_slot`.
    Revealing {
        computation_offset: u64,
        queued_slot: u64,
    },
    /// The reveal is published in `results`; the study is final.
    Revealed,
    /// The reveal's participant count differs from the contributions counted on chain: a
    /// faulty cluster. Its `results` are public but not to be trusted; the study is final.
    Disputed,
}

#[account(discriminator = b"mdstdy01")]
#[derive(InitSpace, Debug)]
pub struct Study {
    /// First, at byte 8: read by reference by `join_study`.
    pub criteria: StudyCriteria,
    /// Right after: the noise's thresholds, read by reference by `reveal_study`. Threshold i
    /// is 2^32 times the probability that bit i of a geometric draw is set (all 0: no noise).
    pub noise_thresholds: [u32; NOISE_BITS],
    pub researcher: Pubkey,
    /// The researcher's number for it; with the researcher, the account's seed.
    pub id: u64,
    /// SHA-256 of the approved protocol document; a patient joins naming it.
    pub protocol_hash: [u8; 32],
    /// Cells below k are suppressed.
    pub k: u32,
    /// The privacy budget of the whole reveal, in thousandths (0: no noise).
    pub epsilon_milli: u32,
    /// The reveal is refused with fewer participants.
    pub min_participants: u32,
    /// Unix times of the enrolment window, inclusive.
    pub enrol_from: i64,
    pub enrol_until: i64,
    pub status: StudyStatus,
    /// Contributions counted now: joins delivered minus leaves delivered.
    pub participants: u32,
    /// What the reveal published: one cell per counter (`docs/studies.md`), `SUPPRESSED` where
    /// withheld.
    pub results: [u32; STUDY_COUNTERS],
    pub approved_by: Pubkey,
    pub created_at: i64,
    pub revealed_at: i64,
    pub bump: u8,
}

/// Byte offset of the noise thresholds in a study account.
pub const NOISE_THRESHOLDS_OFFSET: u32 = 8 + STUDY_CRITERIA_LEN;

impl Study {
    /// Whether a patient may join now.
    pub fn enrolling(&self, now: i64) -> bool {
        self.status == StudyStatus::Approved && (self.enrol_from..=self.enrol_until).contains(&now)
    }

    /// Whether contributions may still change: until the reveal is queued.
    pub fn open_to_leaves(&self) -> bool {
        matches!(self.status, StudyStatus::Approved | StudyStatus::Closed)
    }

    /// Whether enrolment is over, by the researcher's close or the window's end.
    pub fn enrolment_over(&self, now: i64) -> bool {
        self.status == StudyStatus::Closed
            || (self.status == StudyStatus::Approved && now > self.enrol_until)
    }
}

/// The thresholds of discrete Laplace noise for a whole reveal of privacy budget `epsilon`:
/// each noisy cell gets the difference of two geometric draws of ratio q = e^(-epsilon / D),
/// D the most noisy cells one record can change, so that the reveal as a whole is
/// epsilon-differentially private. Bit i of such a draw is set with probability
/// q^(2^i) / (1 + q^(2^i)), independently of the others.
pub fn noise_thresholds(epsilon_milli: u32) -> [u32; NOISE_BITS] {
    if epsilon_milli == 0 {
        return [0; NOISE_BITS];
    }
    let q = (-(epsilon_milli as f64 / 1000.0) / RECORD_SENSITIVITY as f64).exp();
    std::array::from_fn(|i| {
        let power = q.powf(2f64.powi(i as i32));
        (power / (1.0 + power) * 4_294_967_296.0)
            .round()
            .min(u32::MAX as f64) as u32
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_criteria_are_the_bytes_the_circuit_reads() {
        let criteria = StudyCriteria {
            prefix: 0x0102_0304,
            modulus: 0x0506_0708,
            sexes: 9,
            born_from: 0x0a0b,
            born_until: 0x0c0d,
            age_cutoffs: [1, 2, 3, 4],
            medications: [5, 6, 7, 8],
            categories: [9, 10, 11, 12],
        };
        let bytes = anchor_lang::prelude::borsh::to_vec(&criteria).unwrap();
        assert_eq!(bytes.len(), STUDY_CRITERIA_LEN as usize);
        assert_eq!(bytes.len(), StudyCriteria::INIT_SPACE);
        assert_eq!(&bytes[..9], &[4, 3, 2, 1, 8, 7, 6, 5, 9]);
    }

    #[test]
    fn only_codes_and_ordered_ranges_are_valid_criteria() {
        let e11 = 15 + 2 * 37 + 2 * 37 * 37; // "E11"
        let valid = StudyCriteria {
            prefix: e11,
            modulus: 37u32.pow(3),
            sexes: 0b1111,
            born_from: 0,
            born_until: u16::MAX,
            age_cutoffs: [100, 200, 300, 400],
            medications: [860975, 0, 0, 0],
            categories: [e11, 0, 0, 0],
        };
        assert!(valid.validate().is_ok());
        let any = StudyCriteria {
            prefix: 0,
            modulus: 1,
            ..valid
        };
        assert!(any.validate().is_ok());
        let invalid = [
            StudyCriteria {
                modulus: 38,
                ..valid
            },
            StudyCriteria {
                prefix: 2 + 2 * 37 + 2 * 1369,
                ..valid
            },
            StudyCriteria {
                prefix: 15 + 2 * 1369,
                ..valid
            },
            StudyCriteria {
                prefix: 1,
                modulus: 1,
                ..valid
            },
            StudyCriteria { sexes: 0, ..valid },
            StudyCriteria { sexes: 16, ..valid },
            StudyCriteria {
                born_from: 5,
                born_until: 4,
                ..valid
            },
            StudyCriteria {
                age_cutoffs: [100, 100, 300, 400],
                ..valid
            },
            StudyCriteria {
                age_cutoffs: [0, 100, 300, 400],
                ..valid
            },
            StudyCriteria {
                categories: [15, 0, 0, 0],
                ..valid
            },
        ];
        for criteria in invalid {
            assert!(criteria.validate().is_err(), "{criteria:?}");
        }
    }

    #[test]
    fn noise_thresholds_follow_the_geometric_bits() {
        assert_eq!(noise_thresholds(0), [0; NOISE_BITS]);
        let thresholds = noise_thresholds(1000);
        let q = (-1.0f64 / RECORD_SENSITIVITY as f64).exp();
        assert_eq!(
            thresholds[0],
            (q / (1.0 + q) * 4_294_967_296.0).round() as u32
        );
        assert!(thresholds.windows(2).all(|pair| pair[0] >= pair[1]));
    }
}
