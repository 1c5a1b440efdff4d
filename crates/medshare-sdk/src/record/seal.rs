//! Encrypting a summary for the MXE and opening one the cluster re-encrypted.

use super::{scalar_types, ClinicalSummary, RecordError};
use crate::instructions::SealedRecord;
use medshare_crypto::{pack, RescueCipher, SecretKey};
use share_medical_records::constants::RECORD_CIPHERTEXTS;

/// Packs and encrypts `summary` under the secret `patient` shares with the MXE.
/// `nonce` must never repeat for this key; the program requires it to grow.
pub fn seal_record(
    summary: &ClinicalSummary,
    patient: &SecretKey,
    mxe_public_key: &[u8; 32],
    nonce: u128,
) -> Result<SealedRecord, RecordError> {
    let packed = pack::pack(&summary.to_scalars()?)?;
    let cipher = RescueCipher::new(&patient.shared_secret(mxe_public_key)?);
    let ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS] = cipher
        .encrypt(&packed, &nonce.to_le_bytes())
        .try_into()
        .map_err(|_| RecordError::Malformed("the packed record is not 4 field elements".into()))?;
    Ok(SealedRecord {
        encryption_key: patient.public_key(),
        nonce,
        ciphertexts,
    })
}

/// Decrypts ciphertexts encrypted for `holder` (the patient's own record, or a share delivered
/// to a recipient) and decodes the summary.
pub fn open_record(
    ciphertexts: &[[u8; 32]],
    nonce: u128,
    holder: &SecretKey,
    mxe_public_key: &[u8; 32],
) -> Result<ClinicalSummary, RecordError> {
    let cipher = RescueCipher::new(&holder.shared_secret(mxe_public_key)?);
    let packed = cipher.decrypt(ciphertexts, &nonce.to_le_bytes())?;
    let scalars = pack::unpack(&scalar_types(), &packed)?;
    ClinicalSummary::from_scalars(&scalars)
}
