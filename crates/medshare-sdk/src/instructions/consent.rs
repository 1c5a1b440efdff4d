use super::build;
use crate::addresses;
use anchor_lang::system_program;
use share_medical_records::{
    accounts, instruction,
    state::{FieldSet, PurposeOfUse},
};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// `patient` grants `provider_wallet` access to `fields` for `purpose` until `expires_at`.
pub fn grant_access(
    patient: &Pubkey,
    provider_wallet: &Pubkey,
    fields: FieldSet,
    purpose: PurposeOfUse,
    expires_at: i64,
) -> Instruction {
    build(
        grant_accounts(patient, provider_wallet),
        instruction::GrantAccess {
            fields,
            purpose,
            expires_at,
        },
    )
}

/// The accounts of `patient`'s grant to `provider_wallet`, of fields or of questions.
pub(super) fn grant_accounts(patient: &Pubkey, provider_wallet: &Pubkey) -> accounts::GrantAccess {
    accounts::GrantAccess {
        patient: *patient,
        record: addresses::record(patient),
        provider: addresses::provider(provider_wallet),
        grant: addresses::grant(patient, provider_wallet),
        system_program: system_program::ID,
    }
}

/// Narrows the grant at `grant` (see [`addresses::grant`]), signed by `signer`.
pub fn narrow_grant(
    signer: &Pubkey,
    grant: &Pubkey,
    fields: FieldSet,
    expires_at: i64,
) -> Instruction {
    build(
        accounts::ChangeGrant {
            patient: *signer,
            grant: *grant,
        },
        instruction::NarrowGrant { fields, expires_at },
    )
}

/// Revokes the grant at `grant`, signed by `signer`.
pub fn revoke_grant(signer: &Pubkey, grant: &Pubkey) -> Instruction {
    build(
        accounts::ChangeGrant {
            patient: *signer,
            grant: *grant,
        },
        instruction::RevokeGrant {},
    )
}

/// Closes the revoked or expired grant at `grant`, signed by `signer`.
pub fn close_grant(signer: &Pubkey, grant: &Pubkey) -> Instruction {
    build(
        accounts::CloseGrant {
            patient: *signer,
            record: addresses::record(signer),
            grant: *grant,
        },
        instruction::CloseGrant {},
    )
}

/// Creates the access configuration; signed by the deployment's authority.
pub fn initialize_access_config(
    payer: &Pubkey,
    authority: &Pubkey,
    emergency_providers: Vec<Pubkey>,
) -> Instruction {
    build(
        accounts::InitializeAccessConfig {
            payer: *payer,
            mxe_account: arcium_client::pda::mxe_acc(&share_medical_records::ID),
            program_data: addresses::program_data(),
            access_config: addresses::access_config(),
            system_program: system_program::ID,
        },
        instruction::InitializeAccessConfig {
            authority: *authority,
            emergency_providers,
        },
    )
}

/// Replaces the configuration's break-glass list, signed by `signer`.
pub fn update_access_config(signer: &Pubkey, emergency_providers: Vec<Pubkey>) -> Instruction {
    build(
        accounts::UpdateAccessConfig {
            authority: *signer,
            access_config: addresses::access_config(),
        },
        instruction::UpdateAccessConfig {
            emergency_providers,
        },
    )
}

/// The configuration's authority `signer` proposes `successor` to take over.
pub fn propose_config_authority(signer: &Pubkey, successor: &Pubkey) -> Instruction {
    build(
        accounts::UpdateAccessConfig {
            authority: *signer,
            access_config: addresses::access_config(),
        },
        instruction::ProposeConfigAuthority {
            successor: *successor,
        },
    )
}

/// The proposed `successor` accepts the configuration's authority.
pub fn accept_config_authority(successor: &Pubkey) -> Instruction {
    build(
        accounts::AcceptConfigAuthority {
            successor: *successor,
            access_config: addresses::access_config(),
        },
        instruction::AcceptConfigAuthority {},
    )
}
