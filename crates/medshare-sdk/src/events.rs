//! Decodes medshare's events from transaction logs (`Program data:` lines).

use anchor_lang::{AnchorDeserialize, Discriminator};
use arcium_local::log_data::data_payloads;
pub use share_medical_records::events::{RecordShared, RecordStored, ShareFailed, ShareQueued};

#[derive(Debug, Clone)]
pub enum MedshareEvent {
    RecordStored(RecordStored),
    ShareQueued(ShareQueued),
    RecordShared(RecordShared),
    ShareFailed(ShareFailed),
}

/// Every medshare event in `logs`, in order. Other programs' data lines are skipped.
pub fn decode_events(logs: &[String]) -> Vec<MedshareEvent> {
    data_payloads(logs)
        .filter_map(|bytes| decode_event(&bytes))
        .collect()
}

fn decode_event(bytes: &[u8]) -> Option<MedshareEvent> {
    let (discriminator, body) = bytes.split_at_checked(8)?;
    fn parse<E: AnchorDeserialize>(body: &[u8]) -> Option<E> {
        E::try_from_slice(body).ok()
    }
    match discriminator {
        d if d == RecordStored::DISCRIMINATOR => parse(body).map(MedshareEvent::RecordStored),
        d if d == ShareQueued::DISCRIMINATOR => parse(body).map(MedshareEvent::ShareQueued),
        d if d == RecordShared::DISCRIMINATOR => parse(body).map(MedshareEvent::RecordShared),
        d if d == ShareFailed::DISCRIMINATOR => parse(body).map(MedshareEvent::ShareFailed),
        _ => None,
    }
}
