use crate::{
    constants::*, errors::MedshareError, events::*, instructions::queue_accounts, state::*,
    ArciumSignerAccount, ResealRecordCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct RotateRecordKey for "reseal_record" at COMP_DEF_OFFSET_RESEAL_RECORD,
        payer = owner, offset = computation_offset
    {
        #[account(mut)]
        pub owner: Signer<'info>,
        #[account(
            mut,
            seeds = [RECORD_SEED, record.owner.as_ref()],
            bump = record.bump,
            has_one = owner @ MedshareError::NotRecordOwner,
        )]
        pub record: Box<Account<'info, PatientRecord>>,
    }
}

/// Queues the re-encryption of the record under the owner's `new_key`; the callback writes it
/// back. The record is never decrypted outside the cluster. A rotation queued later supersedes
/// this one, so a rotation the cluster never answers cannot block the next.
pub fn rotate_key(
    ctx: Context<RotateRecordKey>,
    computation_offset: u64,
    new_key: [u8; 32],
    new_nonce: u128,
) -> Result<()> {
    require!(new_key != [0u8; 32], MedshareError::InvalidEncryptionKey);
    let record = &mut ctx.accounts.record;
    // The cluster encrypts under `new_nonce + 1`; growing nonces never repeat one.
    require!(new_nonce > record.nonce, MedshareError::NonceNotFresh);

    let args = record.reencryption_args(new_key, new_nonce).build();
    record.pending_rotation = Some(PendingRotation {
        computation_offset,
        new_key,
        record_version: record.version,
    });
    let queued = RecordKeyRotationQueued {
        patient: record.owner,
        new_key,
        record_version: record.version,
        computation_offset,
    };
    let record_key = record.key();

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = ResealRecordCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &[CallbackAccount {
            pubkey: record_key,
            is_writable: true,
        }],
    )?;
    queue_computation(
        ctx.accounts,
        computation_offset,
        args,
        vec![callback],
        1,
        0,
        CALLBACK_CU_LIMIT,
    )?;
    emit_event(&queued);
    Ok(())
}
