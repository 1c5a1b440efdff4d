//! An attestation's body as it is sealed: a diagnosis schema's fields packed into one 128-bit
//! value, next to a random 128-bit salt, and the public commitment to both
//! (`docs/attestations.md`).

use crate::record::{decode_date, encode_date, Icd10Code, RecordError};
use sha2::{Digest, Sha256};
use solana_program::pubkey::Pubkey;
use time::Date;

/// Domain of the commitment an attestation account publishes.
pub const COMMITMENT_DOMAIN: &[u8] = b"medshare attestation commitment, format 1";

/// What a provider vouches for under the diagnosis schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub code: Icd10Code,
    pub treated_on: Date,
    /// The id of one of the patient's documents backing it.
    pub evidence: Option<u64>,
}

impl Diagnosis {
    /// Bits 0-31 the ICD-10 code (base 37, as in the record), 32-47 the day of treatment (days
    /// from 1900-01-01), 48 whether evidence is named, 49-112 the evidence document's id.
    pub fn packed(&self) -> Result<u128, RecordError> {
        let day = encode_date(Some(self.treated_on))?;
        let evidence = self.evidence.map_or(0, |id| 1 | (u128::from(id) << 1));
        Ok(u128::from(self.code.packed()) | u128::from(day) << 32 | evidence << 48)
    }

    pub fn from_packed(packed: u128) -> Result<Self, RecordError> {
        let malformed = || RecordError::Malformed("an attestation body".into());
        if packed >> 113 != 0 {
            return Err(malformed());
        }
        let code = Icd10Code::from_packed(packed as u32)?;
        let treated_on = decode_date((packed >> 32) as u16).ok_or_else(malformed)?;
        let evidence = ((packed >> 48) & 1 == 1).then_some((packed >> 49) as u64);
        Ok(Diagnosis {
            code,
            treated_on,
            evidence,
        })
    }
}

/// The commitment to a body and its salt, bound to the attestation's address.
pub fn commitment(attestation: &Pubkey, body: u128, salt: u128) -> [u8; 32] {
    Sha256::new()
        .chain_update(COMMITMENT_DOMAIN)
        .chain_update(attestation)
        .chain_update(body.to_le_bytes())
        .chain_update(salt.to_le_bytes())
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_diagnosis_packs_and_unpacks() {
        for evidence in [None, Some(0), Some(u64::MAX)] {
            let diagnosis = Diagnosis {
                code: Icd10Code::parse("E11.9").unwrap(),
                treated_on: date!(2026 - 11 - 02),
                evidence,
            };
            let packed = diagnosis.packed().unwrap();
            assert!(packed < 1 << 113);
            assert_eq!(Diagnosis::from_packed(packed).unwrap(), diagnosis);
        }
    }

    #[test]
    fn the_commitment_changes_with_the_address_the_body_and_the_salt() {
        let address = Pubkey::new_unique();
        let base = commitment(&address, 1, 2);
        assert_ne!(base, commitment(&Pubkey::new_unique(), 1, 2));
        assert_ne!(base, commitment(&address, 3, 2));
        assert_ne!(base, commitment(&address, 1, 4));
    }
}
