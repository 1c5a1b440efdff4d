//! What a study's noise guarantees: the epsilon it asked and the delta that the circuit's
//! finite draws add (`docs/studies.md`, "Noise").

use share_medical_records::constants::{MAX_EPSILON_MILLI, MIN_EPSILON_MILLI, NOISE_BITS};
use share_medical_records::state::{Study, RECORD_SENSITIVITY};

/// An epsilon the program would refuse.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("epsilon must be from 0.01 to 10, not {0}; for a study without noise, say so outright")]
pub struct EpsilonOutOfRange(pub f64);

/// A study's privacy budget `epsilon` in the thousandths the program stores, refused outside
/// 0.01 to 10 (0, negative and NaN too: a study without noise says so, and stores 0).
pub fn epsilon_milli(epsilon: f64) -> Result<u32, EpsilonOutOfRange> {
    let milli = (epsilon * 1000.0).round();
    let range = MIN_EPSILON_MILLI as f64..=MAX_EPSILON_MILLI as f64;
    if epsilon.is_finite() && range.contains(&milli) {
        Ok(milli as u32)
    } else {
        Err(EpsilonOutOfRange(epsilon))
    }
}

/// A reveal's differential-privacy guarantee with respect to replacing one record by another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guarantee {
    pub epsilon: f64,
    pub delta: f64,
}

/// The guarantee of `study`'s reveal, `None` for a study without noise.
///
/// Each noisy cell gets G1 - G2, two draws of 16 independent bits, bit i set when a uniform
/// 32-bit number is below `thresholds[i]`. With the ideal probabilities p_i = q^(2^i) /
/// (1 + q^(2^i)) and infinitely many bits, G would be geometric of ratio q and the difference
/// discrete Laplace: (epsilon / D)-private for a change of one in the cell, D the
/// [`RECORD_SENSITIVITY`]. The real draw differs from that G in total variation by at most
/// tau = q^(2^16) (the bits cut off) + the sum of |thresholds[i] / 2^32 - p_i| (the rounding),
/// so each cell is (epsilon / D, (1 + e^(epsilon / D)) 2 tau)-private, and the D cells one
/// record can move compose to (epsilon, D (1 + e^(epsilon / D)) 2 tau).
pub fn guarantee(study: &Study) -> Option<Guarantee> {
    noise_guarantee(study.epsilon_milli, &study.noise_thresholds)
}

/// [`guarantee`] for a budget in thousandths (0: no noise) and the thresholds drawn for it.
pub fn noise_guarantee(epsilon_milli: u32, thresholds: &[u32; NOISE_BITS]) -> Option<Guarantee> {
    if epsilon_milli == 0 {
        return None;
    }
    let epsilon = epsilon_milli as f64 / 1000.0;
    let per_cell = epsilon / RECORD_SENSITIVITY as f64;
    let q = (-per_cell).exp();
    let rounding: f64 = (0..NOISE_BITS)
        .map(|i| {
            let power = q.powf(2f64.powi(i as i32));
            let ideal = power / (1.0 + power);
            (thresholds[i] as f64 / 4_294_967_296.0 - ideal).abs()
        })
        .sum();
    let cut_off = q.powf(2f64.powi(NOISE_BITS as i32));
    let tau = cut_off + rounding;
    let delta = RECORD_SENSITIVITY as f64 * (1.0 + per_cell.exp()) * 2.0 * tau;
    Some(Guarantee { epsilon, delta })
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_medical_records::constants::{MAX_EPSILON_MILLI, MIN_EPSILON_MILLI};
    use share_medical_records::state::noise_thresholds;

    fn guarantee_at(epsilon_milli: u32) -> Option<Guarantee> {
        noise_guarantee(epsilon_milli, &noise_thresholds(epsilon_milli))
    }

    #[test]
    fn only_an_epsilon_from_a_hundredth_to_ten_is_taken() {
        assert_eq!(epsilon_milli(0.01), Ok(10));
        assert_eq!(epsilon_milli(1.0), Ok(1000));
        assert_eq!(epsilon_milli(10.0), Ok(10_000));
        for epsilon in [
            0.0,
            0.0004,
            0.009,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            10.001,
            1e9,
        ] {
            assert!(epsilon_milli(epsilon).is_err(), "{epsilon}");
        }
    }

    #[test]
    fn a_study_without_noise_has_no_guarantee() {
        assert_eq!(guarantee_at(0), None);
    }

    #[test]
    fn delta_stays_small_over_the_whole_range_and_grows_as_epsilon_shrinks() {
        let smallest = guarantee_at(MIN_EPSILON_MILLI).unwrap();
        let one = guarantee_at(1000).unwrap();
        let largest = guarantee_at(MAX_EPSILON_MILLI).unwrap();
        // The cut-off dominates at the smallest epsilon: q^65536 = e^(-0.01 * 65536 / 36).
        let cut_off = (-0.01f64 * 65536.0 / 36.0).exp();
        assert!(smallest.delta > 36.0 * 2.0 * 2.0 * cut_off, "{smallest:?}");
        assert!(smallest.delta < 1e-5, "{smallest:?}");
        assert!(one.delta < smallest.delta && one.delta < 1e-6, "{one:?}");
        assert!(largest.delta < 1e-6, "{largest:?}");
    }
}
