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
    pub struct Condition {
        code: u32,
        onset_day: u16,
    }

    /// One medication: an RxNorm concept id (0 = empty slot) and the day it was started.
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

    /// Re-encrypts the patient's whole record for `recipient` without revealing it to anyone.
    #[instruction]
    pub fn share_record(
        recipient: Shared,
        record: Enc<Shared, Pack<ClinicalSummary>>,
    ) -> Enc<Shared, Pack<ClinicalSummary>> {
        recipient.from_arcis(record.to_arcis())
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
