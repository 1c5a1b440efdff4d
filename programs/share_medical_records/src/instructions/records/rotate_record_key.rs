use crate::{
    constants::*, errors::MedshareError, events::*, instructions::queue_accounts,
    keys::check_encryption_key, state::*, ArciumSignerAccount, ResealRecordCallback, ID, ID_CONST,
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
        #[account(
            init,
            payer = owner,
            space = 8 + KeyRotation::INIT_SPACE,
            seeds = [RECEIPT_SEED, computation_offset.to_le_bytes().as_ref()],
            bump,
        )]
        pub rotation: Box<Account<'info, KeyRotation>>,
    }
}

/// Queues the re-encryption of the record under the owner's `new_key`; the callback writes it
/// back with `new_tag`, the binding tag the owner encrypted for the new key at the output nonce
/// of this offset (the cluster never holds the tag's key). The record is never decrypted
/// outside the cluster. A rotation queued later supersedes this one, so a rotation the cluster
/// never answers cannot block the next.
pub fn rotate_key(
    ctx: Context<RotateRecordKey>,
    computation_offset: u64,
    new_key: [u8; 32],
    new_tag: [u8; 32],
) -> Result<()> {
    check_encryption_key(&new_key)?;
    let now = Clock::get()?.unix_timestamp;
    let record = &mut ctx.accounts.record;
    let record_key = record.key();
    let args = record
        .reencryption_args(&record_key, new_key, recipient_nonce(computation_offset))
        .build();
    record.pending_rotation = Some(PendingRotation {
        computation_offset,
        new_key,
        new_tag,
        record_version: record.version,
    });
    ctx.accounts.rotation.set_inner(KeyRotation {
        patient: record.owner,
        new_key,
        record_version: record.version,
        computation_offset,
        status: RotationStatus::Queued,
        queued_at: now,
        completed_at: 0,
        bump: ctx.bumps.rotation,
    });
    let queued = RecordKeyRotationQueued {
        patient: record.owner,
        new_key,
        record_version: record.version,
        computation_offset,
    };

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = ResealRecordCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &[
            CallbackAccount {
                pubkey: record_key,
                is_writable: true,
            },
            CallbackAccount {
                pubkey: ctx.accounts.rotation.key(),
                is_writable: true,
            },
        ],
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
