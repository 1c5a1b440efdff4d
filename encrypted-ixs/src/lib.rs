//! Arcis circuits run by the Arcium cluster for medshare.
//!
//! The clinical summary travels as `Enc<Shared, Pack<ClinicalSummary>>`: the patient encrypts it
//! under the x25519 secret shared with the MXE, and the circuit re-encrypts it for a recipient key.
//! The field encoding is documented in `docs/record-encoding.md` and mirrored by
//! `medshare_sdk::record`, which packs it on the client exactly as `Pack` does here.

use arcis::*;

#[encrypted]
mod circuits {
    use arcis::*;

    /// One diagnosis: an ICD-10 code packed base-37 (0 = empty slot) and its onset day.
    #[derive(Clone, Copy)]
    pub struct Condition {
        code: u32,
        onset_day: u16,
    }

    /// One medication: an RxNorm concept id (0 = empty slot) and the day it was started.
    #[derive(Clone, Copy)]
    pub struct Medication {
        rxcui: u32,
        start_day: u16,
    }

    /// The patient's clinical summary. Days count from 1900-01-01; 0 means "not recorded".
    pub struct ClinicalSummary {
        birth_day: u16,
        sex: u8,
        blood_type: u8,
        weight_dag: u16,
        height_mm: u16,
        allergies: [bool; 24],
        conditions: [Condition; 8],
        medications: [Medication; 8],
    }

    // Field sets, one bit each; `share_medical_records::state::FieldSet` uses the same bits.
    const DEMOGRAPHICS: u8 = 1;
    const BLOOD_TYPE: u8 = 2;
    const VITALS: u8 = 4;
    const ALLERGIES: u8 = 8;
    const CONDITIONS: u8 = 16;
    const MEDICATIONS: u8 = 32;

    fn granted(fields: u8, set: u8) -> bool {
        fields & set != 0
    }

    /// The summary with every field outside `fields` replaced by its "not recorded" value.
    fn withhold(summary: ClinicalSummary, fields: u8) -> ClinicalSummary {
        let demographics = granted(fields, DEMOGRAPHICS);
        let vitals = granted(fields, VITALS);
        ClinicalSummary {
            birth_day: if demographics { summary.birth_day } else { 0 },
            sex: if demographics { summary.sex } else { 0 },
            blood_type: if granted(fields, BLOOD_TYPE) {
                summary.blood_type
            } else {
                0
            },
            weight_dag: if vitals { summary.weight_dag } else { 0 },
            height_mm: if vitals { summary.height_mm } else { 0 },
            allergies: if granted(fields, ALLERGIES) {
                summary.allergies
            } else {
                [false; 24]
            },
            conditions: if granted(fields, CONDITIONS) {
                summary.conditions
            } else {
                [Condition {
                    code: 0,
                    onset_day: 0,
                }; 8]
            },
            medications: if granted(fields, MEDICATIONS) {
                summary.medications
            } else {
                [Medication {
                    rxcui: 0,
                    start_day: 0,
                }; 8]
            },
        }
    }

    /// Re-encrypts for `recipient` only the field sets in `fields`; the rest leave the cluster as
    /// "not recorded" values. Returns `fields` beside the ciphertexts so the signed output states
    /// what was disclosed.
    #[instruction]
    pub fn disclose_record(
        recipient: Shared,
        record: Enc<Shared, Pack<ClinicalSummary>>,
        fields: u8,
    ) -> (Enc<Shared, Pack<ClinicalSummary>>, u8) {
        let disclosed = withhold(record.to_arcis().unpack(), fields);
        (recipient.from_arcis(Pack::new(disclosed)), fields)
    }

    /// Re-encrypts the whole record under the patient's new key (key rotation); the program
    /// writes the result back into the record.
    #[instruction]
    pub fn reseal_record(
        new_owner: Shared,
        record: Enc<Shared, Pack<ClinicalSummary>>,
    ) -> Enc<Shared, Pack<ClinicalSummary>> {
        new_owner.from_arcis(record.to_arcis())
    }

    /// Measurement baseline only: the shape of Arcium's published patient-data example
    /// (11 unpacked fields, whole-record re-encryption). Benchmarks compile it in the same build
    /// so the packed circuits above are compared against it; the program never queues it.
    pub struct BaselinePatientData {
        patient_id: u64,
        age: u8,
        gender: bool,
        blood_type: u8,
        weight: u16,
        height: u16,
        allergies: [bool; 5],
    }

    #[instruction]
    pub fn baseline_share(
        recipient: Shared,
        record: Enc<Shared, BaselinePatientData>,
    ) -> Enc<Shared, BaselinePatientData> {
        recipient.from_arcis(record.to_arcis())
    }
}
