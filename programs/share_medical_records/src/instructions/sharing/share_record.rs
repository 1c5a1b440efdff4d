use crate::{
    constants::*,
    errors::MedshareError,
    events::*,
    state::{Disclosure, DisclosureStatus, PatientRecord},
    ArciumSignerAccount, ShareRecordCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

#[queue_computation_accounts("share_record", owner)]
#[derive(Accounts)]
#[instruction(computation_offset: u64)]
pub struct ShareRecord<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        seeds = [RECORD_SEED, record.owner.as_ref()],
        bump = record.bump,
        has_one = owner @ MedshareError::NotRecordOwner,
    )]
    pub record: Box<Account<'info, PatientRecord>>,
    #[account(
        init,
        payer = owner,
        space = 8 + Disclosure::INIT_SPACE,
        seeds = [DISCLOSURE_SEED, computation_offset.to_le_bytes().as_ref()],
        bump,
    )]
    pub disclosure: Box<Account<'info, Disclosure>>,
    #[account(
        init_if_needed,
        space = 9,
        payer = owner,
        seeds = [&SIGN_PDA_SEED],
        bump,
        address = derive_sign_pda!(),
    )]
    pub sign_pda_account: Account<'info, ArciumSignerAccount>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: checked by the Arcium program.
    #[account(mut, address = derive_mempool_pda!(mxe_account))]
    pub mempool_account: UncheckedAccount<'info>,
    /// CHECK: checked by the Arcium program.
    #[account(mut, address = derive_execpool_pda!(mxe_account))]
    pub executing_pool: UncheckedAccount<'info>,
    /// CHECK: created by the Arcium program at this address.
    #[account(mut, address = derive_comp_pda!(computation_offset, mxe_account))]
    pub computation_account: UncheckedAccount<'info>,
    #[account(address = derive_comp_def_pda!(COMP_DEF_OFFSET_SHARE_RECORD))]
    pub comp_def_account: Box<Account<'info, ComputationDefinitionAccount>>,
    #[account(mut, address = derive_cluster_pda!(mxe_account))]
    pub cluster_account: Box<Account<'info, Cluster>>,
    #[account(mut, address = ARCIUM_FEE_POOL_ACCOUNT_ADDRESS)]
    pub pool_account: Box<Account<'info, FeePool>>,
    #[account(mut, address = ARCIUM_CLOCK_ACCOUNT_ADDRESS)]
    pub clock_account: Box<Account<'info, ClockAccount>>,
    pub system_program: Program<'info, System>,
    pub arcium_program: Program<'info, Arcium>,
}

/// Queues the re-encryption of the owner's whole record for `recipient_key` and opens a receipt.
///
/// `recipient_nonce` must be fresh for that key (the recipient decrypts with the nonce in the
/// `RecordShared` event); the record's own key and nonce come from the account, so the cluster
/// re-encrypts exactly the version stored now.
pub fn queue_share(
    ctx: Context<ShareRecord>,
    computation_offset: u64,
    recipient_key: [u8; 32],
    recipient_nonce: u128,
) -> Result<()> {
    require!(
        recipient_key != [0u8; 32],
        MedshareError::InvalidEncryptionKey
    );
    let record = &ctx.accounts.record;
    let mut args = ArgBuilder::new()
        .x25519_pubkey(recipient_key)
        .plaintext_u128(recipient_nonce)
        .x25519_pubkey(record.encryption_key)
        .plaintext_u128(record.nonce);
    for ciphertext in record.ciphertexts {
        args = args.encrypted_u128(ciphertext);
    }

    let now = Clock::get()?.unix_timestamp;
    let disclosure = &mut ctx.accounts.disclosure;
    disclosure.set_inner(Disclosure {
        patient: record.owner,
        recipient_key,
        record_version: record.version,
        computation_offset,
        status: DisclosureStatus::Queued,
        queued_at: now,
        completed_at: 0,
        bump: ctx.bumps.disclosure,
    });
    let disclosure_key = disclosure.key();
    let record_version = record.version;
    let patient = record.owner;

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = ShareRecordCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &[CallbackAccount {
            pubkey: disclosure_key,
            is_writable: true,
        }],
    )?;
    queue_computation(
        ctx.accounts,
        computation_offset,
        args.build(),
        vec![callback],
        1,
        0,
        SHARE_CALLBACK_CU_LIMIT,
    )?;

    emit_event(&ShareQueued {
        patient,
        recipient_key,
        record_version,
        computation_offset,
    });
    Ok(())
}
