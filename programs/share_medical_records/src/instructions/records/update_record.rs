use super::write_and_announce;
use crate::{constants::*, errors::MedshareError, state::PatientRecord};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct UpdateRecord<'info> {
    pub owner: Signer<'info>,
    #[account(
        mut,
        seeds = [RECORD_SEED, record.owner.as_ref()],
        bump = record.bump,
        has_one = owner @ MedshareError::NotRecordOwner,
    )]
    pub record: Account<'info, PatientRecord>,
}

/// Replaces the record's ciphertexts. The nonce must exceed every nonce the owner has used: a
/// Rescue CTR nonce used twice under one key leaks the difference of the two plaintexts, and
/// "greater than the last" is the only rule the program can check without remembering every
/// nonce.
pub fn update(
    ctx: Context<UpdateRecord>,
    encryption_key: [u8; 32],
    nonce: u128,
    ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
) -> Result<()> {
    write_and_announce(&mut ctx.accounts.record, encryption_key, nonce, ciphertexts)
}
