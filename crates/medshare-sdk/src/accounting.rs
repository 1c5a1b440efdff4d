//! One line of the accounting of disclosures, as `medshare audit`, the indexer and the web app
//! write it: the same columns and words whether read from a receipt or from the events that
//! made it, so that rows from the chain and from the indexer compare field by field.

use crate::{addresses, record::field_set_names};
use serde::{Deserialize, Serialize};
use share_medical_records::state::{
    ConsentChange, Disclosure, DisclosureBasis, DisclosureStatus, DisclosureSubject,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// A string: offsets exceed the integers JSON readers such as JavaScript hold exactly.
    pub disclosure: String,
    pub receipt: String,
    pub queued_at: String,
    /// Empty while queued.
    pub completed_at: String,
    pub patient: String,
    pub recipient: String,
    pub requester: String,
    pub fields: String,
    pub purpose: String,
    pub basis: String,
    /// What was disclosed: `record`, `document` (its file key), `attestation` (its body) or
    /// `answer` (a yes or no to an eligibility question).
    pub kind: String,
    /// The document's or attestation's address, or the SHA-256 of the question answered (hex);
    /// empty for a record.
    pub subject: String,
    /// The record's or document's version; none for an attestation.
    pub version: Option<u64>,
    pub status: String,
}

impl AuditRow {
    pub fn new(receipt: &Disclosure) -> Self {
        let (kind, subject, version) = match receipt.subject {
            DisclosureSubject::Record { version } => ("record", String::new(), Some(version)),
            DisclosureSubject::Document { address, version } => {
                ("document", address.to_string(), Some(version))
            }
            DisclosureSubject::Attestation { address } => {
                ("attestation", address.to_string(), None)
            }
            DisclosureSubject::Answer { version, question } => {
                ("answer", hex::encode(question), Some(version))
            }
        };
        AuditRow {
            disclosure: receipt.computation_offset.to_string(),
            receipt: addresses::receipt(receipt.computation_offset).to_string(),
            queued_at: rfc3339(receipt.queued_at),
            completed_at: match receipt.completed_at {
                0 => String::new(),
                at => rfc3339(at),
            },
            patient: receipt.patient.to_string(),
            recipient: receipt.provider.to_string(),
            requester: receipt.requester.to_string(),
            fields: field_set_names(receipt.fields).join(" "),
            purpose: format!("{:?}", receipt.purpose),
            basis: basis_words(receipt.basis),
            kind: kind.to_string(),
            subject,
            version,
            status: status_words(receipt.status),
        }
    }
}

/// `patient`, `grant <address>` or `emergency <justification>`.
pub fn basis_words(basis: DisclosureBasis) -> String {
    match basis {
        DisclosureBasis::Patient => "patient".to_string(),
        DisclosureBasis::Grant(grant) => format!("grant {grant}"),
        DisclosureBasis::Emergency(why) => format!("emergency {why:?}"),
    }
}

/// A receipt's status in words.
pub fn status_words(status: DisclosureStatus) -> String {
    match status {
        DisclosureStatus::Queued => "queued".into(),
        DisclosureStatus::Delivered => "delivered".into(),
        DisclosureStatus::DeliveredAfter(change) => {
            format!(
                "delivered after the consent changed ({})",
                consent_change_words(change)
            )
        }
        DisclosureStatus::Failed => "failed".into(),
        DisclosureStatus::RecordNotBound => "refused: the record is not bound to its owner".into(),
        DisclosureStatus::PairNotBound => {
            "refused: the sealed document key or attestation is not bound to its patient and account".into()
        }
        DisclosureStatus::Expired => {
            "expired: the cluster dropped it, nothing was disclosed".into()
        }
    }
}

pub fn consent_change_words(change: ConsentChange) -> &'static str {
    match change {
        ConsentChange::GrantRevoked => "grant revoked",
        ConsentChange::GrantExpired => "grant expired",
        ConsentChange::GrantNarrowed => "grant narrowed",
        ConsentChange::ProviderKeyRotated => "provider key rotated",
        ConsentChange::EmergencyAccessWithdrawn => "break-glass access withdrawn",
        ConsentChange::GrantChanged => "grant changed",
        ConsentChange::EmergencyListChanged => "break-glass list changed",
        ConsentChange::ProviderRetired => "provider retired",
        ConsentChange::DocumentWithdrawn => "document withdrawn",
        ConsentChange::AttestationRevoked => "attestation revoked",
    }
}

/// Machine formats carry times as RFC 3339 in UTC.
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|time| {
            time.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}
