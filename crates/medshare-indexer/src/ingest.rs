//! What one finalized transaction adds to the index: its medshare events, the disclosures they
//! queue or settle, the provider names they publish, and the data lines set aside because this
//! indexer cannot read them. Pure: the database and the chain are elsewhere.

use base64::{prelude::BASE64_STANDARD, Engine};
use medshare_sdk::{
    accounting::{rfc3339, AuditRow},
    events::{decode_event, MedshareEvent, PairDelivery},
};
use share_medical_records::state::{ConsentChange, Disclosure, DisclosureBasis, DisclosureStatus};
use std::collections::HashMap;

/// The line a validator writes when a transaction's logs outgrew its limit: anything after it,
/// events included, is lost.
const LOG_TRUNCATED: &str = "Log truncated";

/// A successful transaction that mentions the program, as the chain finalized it.
#[derive(Debug, Clone)]
pub struct FinalizedTransaction {
    pub signature: String,
    pub slot: u64,
    pub block_time: i64,
    pub logs: Vec<String>,
}

/// Everything the index learns from one transaction.
#[derive(Debug, Default)]
pub struct Indexed {
    pub events: Vec<EventRow>,
    pub set_aside: Vec<SetAside>,
    pub queued: Vec<QueuedDisclosure>,
    pub settled: Vec<Settlement>,
    pub providers: Vec<ProviderName>,
}

/// One medshare event as logged: its name, its bytes (decodable with the program's IDL) and a
/// readable rendering.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub position: u32,
    pub kind: &'static str,
    pub data: String,
    pub summary: String,
}

/// A data line of the program that this indexer cannot decode, kept with the reason.
#[derive(Debug, Clone)]
pub struct SetAside {
    pub position: u32,
    pub reason: String,
    pub data: String,
}

/// A disclosure as its `DisclosureQueued` event announced it: the accounting row it starts as.
#[derive(Debug, Clone)]
pub struct QueuedDisclosure {
    pub offset: u64,
    pub row: AuditRow,
    pub queued_at: i64,
    /// `patient`, `grant` or `emergency`, for filtering.
    pub basis: &'static str,
}

/// A disclosure leaving `Queued`, exactly as its receipt does.
#[derive(Debug, Clone)]
pub struct Settlement {
    pub offset: u64,
    pub status: DisclosureStatus,
    pub completed_at: i64,
}

#[derive(Debug, Clone)]
pub struct ProviderName {
    pub provider: String,
    pub name: String,
    pub identifier: String,
}

/// The status filter's word for a status: what a compliance officer asks for.
pub fn status_kind(status: DisclosureStatus) -> &'static str {
    match status {
        DisclosureStatus::Queued => "queued",
        DisclosureStatus::Delivered | DisclosureStatus::DeliveredAfter(_) => "delivered",
        DisclosureStatus::Failed => "failed",
        DisclosureStatus::RecordNotBound | DisclosureStatus::PairNotBound => "refused",
        DisclosureStatus::Expired => "expired",
    }
}

pub fn index(transaction: &FinalizedTransaction) -> Indexed {
    let mut indexed = Indexed::default();
    let payloads =
        medshare_sdk::events::program_data_payloads(&transaction.logs, &share_medical_records::ID);
    for (position, bytes) in (0u32..).zip(payloads) {
        let data = BASE64_STANDARD.encode(&bytes);
        let Some(event) = decode_event(&bytes) else {
            indexed.set_aside.push(SetAside {
                position,
                reason: "not an event of the program version this indexer knows (an unknown kind, or a body that does not decode)".into(),
                data,
            });
            continue;
        };
        learn(&mut indexed, &event, transaction.block_time);
        indexed.events.push(EventRow {
            position,
            kind: event.name(),
            summary: format!("{event:?}"),
            data,
        });
    }
    if transaction.logs.iter().any(|line| line == LOG_TRUNCATED) {
        indexed.set_aside.push(SetAside {
            position: u32::MAX,
            reason: "the node truncated the logs: events after the cut are missing; the receipts on the chain have them".into(),
            data: String::new(),
        });
    }
    indexed
}

/// What `event` says about disclosures and providers.
fn learn(indexed: &mut Indexed, event: &MedshareEvent, block_time: i64) {
    let settle = |offset: u64, status| Settlement {
        offset,
        status,
        completed_at: block_time,
    };
    let delivered = |delivery: &PairDelivery| {
        settle(
            delivery.computation_offset,
            delivered_status(delivery.consent_changed),
        )
    };
    match event {
        MedshareEvent::DisclosureQueued(queued) => {
            // The receipt the program wrote in the same instruction, rebuilt from the event, so
            // that the row is the one `medshare audit` writes from the account.
            let receipt = Disclosure {
                patient: queued.patient,
                provider: queued.provider,
                requester: queued.requester,
                recipient_key: queued.recipient_key,
                fields: queued.fields,
                purpose: queued.purpose,
                basis: queued.basis,
                consent_generation: 0,
                subject: queued.subject,
                computation_offset: queued.computation_offset,
                status: DisclosureStatus::Queued,
                queued_at: block_time,
                completed_at: 0,
                delivery_digest: [0; 32],
                bump: 0,
            };
            indexed.queued.push(QueuedDisclosure {
                offset: queued.computation_offset,
                row: AuditRow::new(&receipt),
                queued_at: block_time,
                basis: match queued.basis {
                    DisclosureBasis::Patient => "patient",
                    DisclosureBasis::Grant(_) => "grant",
                    DisclosureBasis::Emergency(_) => "emergency",
                },
            });
        }
        MedshareEvent::RecordDisclosed(disclosed) => indexed.settled.push(settle(
            disclosed.computation_offset,
            delivered_status(disclosed.consent_changed),
        )),
        MedshareEvent::DocumentKeyDisclosed(disclosed) => {
            indexed.settled.push(delivered(&disclosed.delivered))
        }
        MedshareEvent::AttestationDisclosed(disclosed) => {
            indexed.settled.push(delivered(&disclosed.delivered))
        }
        MedshareEvent::QuestionAnswered(answered) => indexed.settled.push(settle(
            answered.computation_offset,
            delivered_status(answered.consent_changed),
        )),
        MedshareEvent::DisclosureFailed(failed) => {
            let status = match failed.reason.as_str() {
                "RecordNotBound" => DisclosureStatus::RecordNotBound,
                "PairNotBound" => DisclosureStatus::PairNotBound,
                _ => DisclosureStatus::Failed,
            };
            indexed
                .settled
                .push(settle(failed.computation_offset, status))
        }
        MedshareEvent::DisclosureExpired(expired) => indexed.settled.push(settle(
            expired.computation_offset,
            DisclosureStatus::Expired,
        )),
        MedshareEvent::ProviderRegistered(registered) => indexed.providers.push(ProviderName {
            provider: registered.provider.to_string(),
            name: registered.name.clone(),
            identifier: registered.identifier.clone(),
        }),
        _ => {}
    }
}

fn delivered_status(change: Option<ConsentChange>) -> DisclosureStatus {
    match change {
        None => DisclosureStatus::Delivered,
        Some(change) => DisclosureStatus::DeliveredAfter(change),
    }
}

impl Indexed {
    /// The offsets of the disclosures this transaction queues or settles.
    pub fn disclosure_offsets(&self) -> impl Iterator<Item = u64> + '_ {
        let queued = self.queued.iter().map(|queued| queued.offset);
        queued.chain(self.settled.iter().map(|settled| settled.offset))
    }

    /// Takes the times from the receipts the program wrote, where they still exist: the
    /// program stamps a receipt with the Clock it read, and a node's block time may differ from
    /// that (a validator's is the same; the local node's is the end of the slot).
    pub fn stamp(&mut self, receipts: &HashMap<u64, Disclosure>) {
        for queued in &mut self.queued {
            if let Some(receipt) = receipts.get(&queued.offset) {
                queued.queued_at = receipt.queued_at;
                queued.row.queued_at = rfc3339(receipt.queued_at);
            }
        }
        for settled in &mut self.settled {
            match receipts.get(&settled.offset) {
                Some(receipt) if receipt.completed_at != 0 => {
                    settled.completed_at = receipt.completed_at
                }
                _ => {}
            }
        }
    }
}
