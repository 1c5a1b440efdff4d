pub mod close_record;
pub mod expire_rotation;
pub mod reseal_record_callback;
pub mod rotate_record_key;
pub mod store_record;
pub mod update_record;

pub use close_record::*;
pub use expire_rotation::*;
pub use reseal_record_callback::*;
pub use rotate_record_key::*;
pub use store_record::*;
pub use update_record::*;

use crate::{constants::RECORD_CIPHERTEXTS, events::*, state::PatientRecord};
use anchor_lang::prelude::*;

/// Writes the owner's new contents into `record` (bumping its version) and announces them.
fn write_and_announce(
    record: &mut PatientRecord,
    encryption_key: [u8; 32],
    nonce: u128,
    ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
) -> Result<()> {
    record.write_sealed(
        encryption_key,
        nonce,
        ciphertexts,
        Clock::get()?.unix_timestamp,
    )?;
    emit_event(&RecordStored {
        patient: record.owner,
        version: record.version,
        nonce,
    });
    Ok(())
}
