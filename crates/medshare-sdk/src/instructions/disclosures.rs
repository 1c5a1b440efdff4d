use super::{build, DISCLOSE_RECORD_CIRCUIT};
use crate::addresses;
use share_medical_records::{
    accounts, instruction, state::EmergencyJustification, DisclosureRequest,
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// Who asks for which record, and the accounts backing the request. `None` leaves an optional
/// account out.
#[derive(Debug, Clone, Copy)]
pub struct DisclosureAccounts {
    pub requester: Pubkey,
    pub record: Pubkey,
    pub provider: Option<Pubkey>,
    pub grant: Option<Pubkey>,
    pub access_config: Option<Pubkey>,
}

/// The patient sends their whole record to `recipient_key`.
pub fn share_record(
    patient: &Pubkey,
    computation_offset: u64,
    recipient_key: [u8; 32],
) -> Instruction {
    let accounts = DisclosureAccounts {
        requester: *patient,
        record: addresses::record(patient),
        provider: None,
        grant: None,
        access_config: None,
    };
    disclose_record(
        &accounts,
        computation_offset,
        DisclosureRequest::Patient { recipient_key },
    )
}

/// `provider_wallet` pulls what its grant from `patient` covers, for its registered key.
pub fn request_record(
    provider_wallet: &Pubkey,
    patient: &Pubkey,
    computation_offset: u64,
) -> Instruction {
    let accounts = DisclosureAccounts {
        requester: *provider_wallet,
        record: addresses::record(patient),
        provider: Some(addresses::provider(provider_wallet)),
        grant: Some(addresses::grant(patient, provider_wallet)),
        access_config: None,
    };
    disclose_record(&accounts, computation_offset, DisclosureRequest::Grant)
}

/// Break-glass: `provider_wallet` pulls `patient`'s emergency field set without a grant.
pub fn emergency_access(
    provider_wallet: &Pubkey,
    patient: &Pubkey,
    computation_offset: u64,
    justification: EmergencyJustification,
) -> Instruction {
    let accounts = DisclosureAccounts {
        requester: *provider_wallet,
        record: addresses::record(patient),
        provider: Some(addresses::provider(provider_wallet)),
        grant: None,
        access_config: Some(addresses::access_config()),
    };
    disclose_record(
        &accounts,
        computation_offset,
        DisclosureRequest::Emergency { justification },
    )
}

/// `disclose_record` with explicit accounts; the functions above fill them in.
pub fn disclose_record(
    accounts: &DisclosureAccounts,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Instruction {
    build(
        queue_accounts!(
            accounts::DiscloseRecord {
                requester: accounts.requester,
                record: accounts.record,
                provider: accounts.provider,
                grant: accounts.grant,
                access_config: accounts.access_config,
                disclosure: addresses::receipt(computation_offset),
            },
            DISCLOSE_RECORD_CIRCUIT,
            computation_offset
        ),
        instruction::DiscloseRecord {
            computation_offset,
            request,
        },
    )
}
