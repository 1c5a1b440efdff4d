//! Decodes medshare's events from transaction logs (`Program data:` lines).

use anchor_lang::{AnchorDeserialize, Discriminator};
pub use arcium_local::log_data::program_data_payloads;

/// Declares [`MedshareEvent`] with one variant per program event, and its decoder.
macro_rules! medshare_events {
    ($($event:ident),* $(,)?) => {
        pub use share_medical_records::events::{$($event),*, PairDelivery};

        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum MedshareEvent {
            $($event($event)),*
        }

        impl MedshareEvent {
            /// The event's name in the program's IDL.
            pub fn name(&self) -> &'static str {
                match self {
                    $(MedshareEvent::$event(_) => stringify!($event)),*
                }
            }
        }

        /// The event one data line carries (its discriminator, then its Borsh body); `None` for
        /// bytes that are no event this client knows, such as one of a later program version.
        pub fn decode_event(bytes: &[u8]) -> Option<MedshareEvent> {
            let (discriminator, body) = bytes.split_at_checked(8)?;
            $(
                if discriminator == $event::DISCRIMINATOR {
                    return $event::try_from_slice(body).ok().map(MedshareEvent::$event);
                }
            )*
            None
        }
    };
}

medshare_events!(
    RecordStored,
    ProviderRegistered,
    ProviderKeyRotated,
    GrantIssued,
    GrantNarrowed,
    GrantRevoked,
    GrantClosed,
    RecordClosed,
    ProviderRetired,
    ConfigAuthorityProposed,
    AccessConfigChanged,
    DisclosureQueued,
    RecordDisclosed,
    DocumentKeyDisclosed,
    AttestationDisclosed,
    DisclosureFailed,
    DisclosureExpired,
    DocumentAdded,
    DocumentWithdrawn,
    ProviderAccredited,
    AccreditationWithdrawn,
    AttestationCreated,
    AttestationRevoked,
    RecordKeyRotationQueued,
    RecordResealed,
    RecordKeyRotationAbandoned,
    RecordKeyRotationExpired,
    StudyRegistered,
    StudyApproved,
    StudyClosed,
    StudyJoined,
    StudyLeft,
    StudyUpdateFailed,
    StudyRevealed,
    StudyRevealFailed,
    QuestionAsked,
    QuestionAnswered,
);

/// Every medshare event in `logs`, in order: only data lines the medshare program itself
/// logged, never another program's, whatever bytes it logs.
pub fn decode_events(logs: &[String]) -> Vec<MedshareEvent> {
    program_data_payloads(logs, &share_medical_records::ID)
        .iter()
        .filter_map(|bytes| decode_event(bytes))
        .collect()
}
