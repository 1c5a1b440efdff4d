//! What every disclosure request opens, whatever it discloses: its receipt, the event that
//! announces it, and the credentials its callback gets back.

use super::Terms;
use crate::{events::DisclosureQueued, state::*, ID};
use anchor_lang::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

/// Who asked for what, and when; the receipt's bump comes from the account.
pub struct Request {
    pub requester: Pubkey,
    pub patient: Pubkey,
    pub subject: DisclosureSubject,
    pub computation_offset: u64,
    pub now: i64,
}

/// The receipt a request opens under `terms`, still queued, and its `DisclosureQueued` event.
pub fn open_receipt(request: Request, terms: Terms, bump: u8) -> (Disclosure, DisclosureQueued) {
    let receipt = Disclosure {
        patient: request.patient,
        provider: terms.provider,
        requester: request.requester,
        recipient_key: terms.recipient_key,
        fields: terms.fields,
        purpose: terms.purpose,
        basis: terms.basis,
        consent_generation: terms.consent_generation,
        subject: request.subject,
        computation_offset: request.computation_offset,
        status: DisclosureStatus::Queued,
        queued_at: request.now,
        completed_at: 0,
        delivery_digest: [0; 32],
        bump,
    };
    let queued = DisclosureQueued {
        patient: receipt.patient,
        provider: receipt.provider,
        requester: receipt.requester,
        recipient_key: receipt.recipient_key,
        fields: receipt.fields,
        purpose: receipt.purpose,
        basis: receipt.basis,
        subject: receipt.subject,
        computation_offset: receipt.computation_offset,
    };
    (receipt, queued)
}

/// The accounts a disclosure's callback gets back: the receipt (written), the document or
/// attestation disclosed if any, then the credentials to check they still hold and the grant to
/// count the request settled: profile, grant, access configuration. An absent credential is
/// passed as this program's id, Anchor's marker for `None`.
pub fn callback_accounts(
    receipt: Pubkey,
    subject: Option<Pubkey>,
    provider: Option<Pubkey>,
    grant: Option<Pubkey>,
    access_config: Option<Pubkey>,
) -> Vec<CallbackAccount> {
    let account = |pubkey, is_writable| CallbackAccount {
        pubkey,
        is_writable,
    };
    let or_none =
        |key: Option<Pubkey>, writable: bool| account(key.unwrap_or(ID), writable && key.is_some());
    [account(receipt, true)]
        .into_iter()
        .chain(subject.map(|subject| account(subject, false)))
        .chain([
            or_none(provider, false),
            or_none(grant, true),
            or_none(access_config, false),
        ])
        .collect()
}
