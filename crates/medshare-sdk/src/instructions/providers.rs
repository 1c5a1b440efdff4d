use super::build;
use crate::addresses;
use anchor_lang::system_program;
use share_medical_records::{accounts, instruction};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// Publishes `wallet`'s provider profile.
pub fn register_provider(
    wallet: &Pubkey,
    encryption_key: [u8; 32],
    name: &str,
    identifier: &str,
) -> Instruction {
    build(
        accounts::RegisterProvider {
            wallet: *wallet,
            provider: addresses::provider(wallet),
            system_program: system_program::ID,
        },
        instruction::RegisterProvider {
            encryption_key,
            name: name.to_string(),
            identifier: identifier.to_string(),
        },
    )
}

/// Rotates the encryption key of `provider_wallet`'s profile, signed by `signer`.
pub fn rotate_provider_key(
    signer: &Pubkey,
    provider_wallet: &Pubkey,
    encryption_key: [u8; 32],
) -> Instruction {
    build(
        accounts::RotateProviderKey {
            wallet: *signer,
            provider: addresses::provider(provider_wallet),
        },
        instruction::RotateProviderKey { encryption_key },
    )
}

/// The provider at `wallet` closes its profile and takes its rent back.
pub fn retire_provider(wallet: &Pubkey) -> Instruction {
    build(
        accounts::RetireProvider {
            wallet: *wallet,
            provider: addresses::provider(wallet),
        },
        instruction::RetireProvider {},
    )
}
