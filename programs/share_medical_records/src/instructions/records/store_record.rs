use super::write_and_announce;
use crate::{constants::*, state::PatientRecord};
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct StoreRecord<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        init,
        payer = owner,
        space = 8 + PatientRecord::INIT_SPACE,
        seeds = [RECORD_SEED, owner.key().as_ref()],
        bump,
    )]
    pub record: Account<'info, PatientRecord>,
    pub system_program: Program<'info, System>,
}

/// Creates the caller's record (one per wallet) at version 1.
pub fn store(
    ctx: Context<StoreRecord>,
    encryption_key: [u8; 32],
    nonce: u128,
    ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
) -> Result<()> {
    let record = &mut ctx.accounts.record;
    record.owner = ctx.accounts.owner.key();
    record.bump = ctx.bumps.record;
    write_and_announce(record, encryption_key, nonce, ciphertexts)
}
