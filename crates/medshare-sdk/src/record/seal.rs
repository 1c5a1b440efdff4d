//! Sealing a summary for the MXE, bound to its owner and account, and opening what the cluster
//! re-encrypted.

use super::{ClinicalSummary, RecordError, ELEMENTS};
use crate::{addresses, instructions::SealedRecord};
use medshare_crypto::{sealed, Error, FieldElement, RescueCipher, SecretKey};
use share_medical_records::{
    constants::{output_nonce, DISCLOSED_CIPHERTEXTS},
    state::PatientRecord,
};
use solana_program::pubkey::Pubkey;

/// The binding of `owner`'s record: its owner and the account the program keeps it in.
fn binding(owner: &Pubkey) -> FieldElement {
    sealed::record_binding(&owner.to_bytes(), &addresses::record(owner).to_bytes())
}

fn cipher(holder: &SecretKey, mxe_public_key: &[u8; 32]) -> Result<RescueCipher, RecordError> {
    Ok(RescueCipher::new(&holder.shared_secret(mxe_public_key)?))
}

/// Seals `summary` as `owner`'s record under the secret `patient` shares with the MXE.
/// `nonce` must never repeat for this key; the program requires it to grow and to stay below
/// 2^127.
pub fn seal_record(
    summary: &ClinicalSummary,
    patient: &SecretKey,
    mxe_public_key: &[u8; 32],
    owner: &Pubkey,
    nonce: u128,
) -> Result<SealedRecord, RecordError> {
    let elements = summary.to_elements()?;
    let cipher = cipher(patient, mxe_public_key)?;
    Ok(SealedRecord {
        encryption_key: patient.public_key(),
        nonce,
        ciphertexts: sealed::seal(&cipher, nonce, binding(owner), &elements),
    })
}

/// The elements of a stored record, decrypted with `holder` and checked against its binding.
fn open_elements(
    record: &PatientRecord,
    holder: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<[FieldElement; ELEMENTS], RecordError> {
    let cipher = cipher(holder, mxe_public_key)?;
    sealed::open(
        &cipher,
        record.nonce,
        binding(&record.owner),
        &record.ciphertexts,
    )
    .map_err(|error| match error {
        Error::NotBound => RecordError::NotBound,
        other => other.into(),
    })
}

/// Decrypts the patient's own stored record with their key, checking that it is bound to them.
pub fn open_record(
    record: &PatientRecord,
    holder: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<ClinicalSummary, RecordError> {
    ClinicalSummary::from_elements(&open_elements(record, holder, mxe_public_key)?)
}

/// Decrypts what a disclosure delivered to `recipient` and decodes the summary (withheld sets
/// decode to "not recorded").
pub fn open_delivery(
    ciphertexts: &[[u8; 32]; DISCLOSED_CIPHERTEXTS],
    nonce: u128,
    recipient: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<ClinicalSummary, RecordError> {
    let cipher = cipher(recipient, mxe_public_key)?;
    let elements: [FieldElement; ELEMENTS] = cipher
        .decrypt(ciphertexts, &nonce.to_le_bytes())?
        .try_into()
        .expect("five ciphertexts decrypt to five elements");
    ClinicalSummary::from_elements(&elements)
}

/// The binding tag a key rotation at `computation_offset` needs: the record's tag for
/// `new_key`, encrypted where the cluster's output under that key ends. The patient computes
/// it from the record they open with `current_key`; the cluster never holds the tag's key.
pub fn rotation_tag(
    record: &PatientRecord,
    current_key: &SecretKey,
    new_key: &SecretKey,
    mxe_public_key: &[u8; 32],
    computation_offset: u64,
) -> Result<[u8; 32], RecordError> {
    let elements = open_elements(record, current_key, mxe_public_key)?;
    let cipher = cipher(new_key, mxe_public_key)?;
    Ok(sealed::sealed_tag(
        &cipher,
        output_nonce(computation_offset),
        binding(&record.owner),
        &elements,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use share_medical_records::{constants::RECORD_BINDING_DOMAIN, state::record_binding};

    #[test]
    fn the_program_binds_a_record_as_the_client_seals_it() {
        assert_eq!(sealed::RECORD_BINDING_DOMAIN, RECORD_BINDING_DOMAIN);
        for _ in 0..16 {
            let (owner, record) = (Pubkey::new_unique(), Pubkey::new_unique());
            let (low, high) = record_binding(&owner, &record);
            let client = sealed::record_binding(&owner.to_bytes(), &record.to_bytes());
            let mut program = [0u8; 32];
            program[..16].copy_from_slice(&low.to_le_bytes());
            program[16..].copy_from_slice(&high.to_le_bytes());
            assert_eq!(client.to_bytes(), program);
        }
    }
}
