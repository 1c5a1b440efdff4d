use anchor_lang::prelude::*;

/// A set of record fields, one bit per field set. `encrypted-ixs` masks the record with the same
/// bits, so a disclosure carries exactly the sets named here.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct FieldSet(pub u8);

impl FieldSet {
    /// Birth date and sex.
    pub const DEMOGRAPHICS: FieldSet = FieldSet(1);
    /// ABO/Rh blood type. Its own set so break-glass access can take it without demographics.
    pub const BLOOD_TYPE: FieldSet = FieldSet(2);
    /// Weight and height.
    pub const VITALS: FieldSet = FieldSet(4);
    pub const ALLERGIES: FieldSet = FieldSet(8);
    pub const CONDITIONS: FieldSet = FieldSet(16);
    pub const MEDICATIONS: FieldSet = FieldSet(32);
    /// Every field of the record.
    pub const ALL: FieldSet = FieldSet(63);
    /// The patient's documents (`Document` accounts): a grant with this set lets its provider
    /// have document keys disclosed and add documents of its own. Not part of the record.
    pub const DOCUMENTS: FieldSet = FieldSet(64);
    /// Eligibility questions (`docs/eligibility.md`): a grant of this set alone lets its
    /// verifier ask yes-or-no questions about the record, within its allowance, and have no
    /// field disclosed. Never combined with other sets.
    pub const ELIGIBILITY: FieldSet = FieldSet(128);
    /// What a break-glass disclosure releases: what an emergency clinician needs to treat safely.
    pub const EMERGENCY: FieldSet = FieldSet(2 | 8 | 16 | 32);

    /// Non-empty and made only of known sets; eligibility alone or not at all.
    pub fn is_valid(self) -> bool {
        self == Self::ELIGIBILITY
            || (self.0 != 0 && self.0 & !(Self::ALL.0 | Self::DOCUMENTS.0) == 0)
    }

    /// The sets of the record among these.
    pub fn of_record(self) -> FieldSet {
        FieldSet(self.0 & Self::ALL.0)
    }

    pub fn contains(self, other: FieldSet) -> bool {
        other.0 & !self.0 == 0
    }
}

/// Why information is disclosed: the HL7 v3 PurposeOfUse code named beside each variant.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum PurposeOfUse {
    /// TREAT
    Treatment,
    /// HPAYMT
    Payment,
    /// HOPERAT
    Operations,
    /// HRESCH
    Research,
    /// ETREAT
    Emergency,
    /// PATRQT: the patient sent the record themself.
    PatientRequest,
}
