use super::build;
use crate::addresses;
use share_medical_records::{accounts, instruction, Statement};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// The access configuration's authority accredits the provider with wallet `provider_wallet`.
pub fn accredit_provider(authority: &Pubkey, provider_wallet: &Pubkey) -> Instruction {
    build(
        accounts::AccreditProvider {
            authority: *authority,
            access_config: addresses::access_config(),
            provider: addresses::provider(provider_wallet),
            accreditation: addresses::accreditation(provider_wallet),
            system_program: anchor_lang::system_program::ID,
        },
        instruction::AccreditProvider {},
    )
}

/// The authority withdraws a provider's accreditation.
pub fn withdraw_accreditation(authority: &Pubkey, provider_wallet: &Pubkey) -> Instruction {
    build(
        accounts::WithdrawAccreditation {
            authority: *authority,
            access_config: addresses::access_config(),
            accreditation: addresses::accreditation(provider_wallet),
        },
        instruction::WithdrawAccreditation {},
    )
}

/// `attester` states `statement` about `recipient` as its attestation `id`, replacing
/// `supersedes` if given.
pub fn attest(
    attester: &Pubkey,
    recipient: &Pubkey,
    id: u64,
    statement: Statement,
    supersedes: Option<Pubkey>,
) -> Instruction {
    build(
        accounts::Attest {
            attester: *attester,
            provider: addresses::provider(attester),
            accreditation: addresses::accreditation(attester),
            grant: addresses::grant(recipient, attester),
            superseded: supersedes,
            attestation: addresses::attestation(attester, id),
            system_program: anchor_lang::system_program::ID,
        },
        instruction::Attest {
            recipient: *recipient,
            id,
            statement,
        },
    )
}

/// The attester revokes its attestation at `attestation`.
pub fn revoke_attestation(attester: &Pubkey, attestation: &Pubkey) -> Instruction {
    build(
        accounts::RevokeAttestation {
            attester: *attester,
            attestation: *attestation,
        },
        instruction::RevokeAttestation {},
    )
}
