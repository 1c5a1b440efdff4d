//! A summary as the five field elements of a sealed record: the header (one `Pack<Header>`),
//! the conditions (two elements) and the medications (two elements), each list packed on its
//! own so that the circuit withholds it whole by a multiplication instead of unpacking it.

use super::{entry_types, header_types, ClinicalSummary, RecordError};
use super::{MAX_CONDITIONS, MAX_MEDICATIONS};
use medshare_crypto::{
    pack::{self, Scalar, ScalarType},
    FieldElement,
};

/// Field elements of a record: header, conditions 0-1, medications 0-1.
pub const ELEMENTS: usize = medshare_crypto::sealed::ELEMENTS;

/// The three groups of scalars and the elements each packs into.
fn groups() -> [(Vec<ScalarType>, usize); 3] {
    [
        (header_types(), 1),
        (entry_types(MAX_CONDITIONS), 2),
        (entry_types(MAX_MEDICATIONS), 2),
    ]
}

impl ClinicalSummary {
    /// The summary's five field elements.
    pub fn to_elements(&self) -> Result<[FieldElement; ELEMENTS], RecordError> {
        let mut scalars = self.to_scalars()?.into_iter();
        let mut elements = Vec::with_capacity(ELEMENTS);
        for (types, count) in groups() {
            let group: Vec<Scalar> = scalars.by_ref().take(types.len()).collect();
            let packed = pack::pack(&group)?;
            debug_assert_eq!(packed.len(), count);
            elements.extend(packed);
        }
        Ok(elements.try_into().expect("1 + 2 + 2 elements"))
    }

    /// Decodes a summary from its five field elements (a record or a disclosure; withheld
    /// groups are zero and decode to "not recorded").
    pub fn from_elements(elements: &[FieldElement; ELEMENTS]) -> Result<Self, RecordError> {
        let mut rest = &elements[..];
        let mut scalars = Vec::new();
        for (types, count) in groups() {
            let (group, tail) = rest.split_at(count);
            scalars.extend(pack::unpack(&types, group)?);
            rest = tail;
        }
        ClinicalSummary::from_scalars(&scalars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::example_summary;
    use medshare_crypto::pack::layout;

    #[test]
    fn each_group_fills_the_elements_the_circuit_reads() {
        for (types, count) in groups() {
            assert_eq!(layout(&types).unwrap().elements, count);
        }
    }

    /// The circuit rebuilds the header element from its unpacked fields with these offsets
    /// (`header_element` in `encrypted-ixs`): birth day 0, weight 16, height 32, sex 48,
    /// blood type 56, allergen flag i at 64 + i.
    #[test]
    fn the_header_layout_is_the_one_the_circuit_rebuilds() {
        let slots = layout(&header_types()).unwrap().slots;
        let offsets: Vec<u32> = slots.iter().map(|slot| slot.bit_offset).collect();
        let mut expected = vec![0, 48, 56, 16, 32];
        expected.extend(64..88);
        assert_eq!(offsets, expected);
        assert!(slots.iter().all(|slot| slot.element == 0));
    }

    #[test]
    fn a_summary_round_trips_through_its_elements() {
        let summary = example_summary();
        let elements = summary.to_elements().unwrap();
        assert_eq!(ClinicalSummary::from_elements(&elements).unwrap(), summary);
        assert_eq!(
            ClinicalSummary::from_elements(&[FieldElement::ZERO; ELEMENTS]).unwrap(),
            ClinicalSummary::default()
        );
    }
}
