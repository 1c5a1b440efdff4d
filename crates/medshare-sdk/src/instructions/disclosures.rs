use super::{build, DISCLOSE_RECORD_CIRCUIT};
use crate::addresses::{self, ArciumAccounts};
use anchor_lang::system_program;
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
    let arcium = ArciumAccounts::new(DISCLOSE_RECORD_CIRCUIT, computation_offset);
    build(
        accounts::DiscloseRecord {
            requester: accounts.requester,
            record: accounts.record,
            provider: accounts.provider,
            grant: accounts.grant,
            access_config: accounts.access_config,
            disclosure: addresses::receipt(computation_offset),
            sign_pda_account: arcium.sign_pda,
            mxe_account: arcium.mxe,
            mempool_account: arcium.mempool,
            executing_pool: arcium.executing_pool,
            computation_account: arcium.computation,
            comp_def_account: arcium.comp_def,
            cluster_account: arcium.cluster,
            pool_account: arcium.fee_pool,
            clock_account: arcium.clock,
            system_program: system_program::ID,
            arcium_program: arcium.arcium_program,
        },
        instruction::DiscloseRecord {
            computation_offset,
            request,
        },
    )
}
