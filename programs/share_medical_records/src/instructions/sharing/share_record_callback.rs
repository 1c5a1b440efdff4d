use crate::{
    constants::COMP_DEF_OFFSET_SHARE_RECORD,
    errors::MedshareError,
    events::*,
    state::{Disclosure, DisclosureStatus},
    ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::{client::args::CallbackComputation, types::ExecutionStatus};

#[callback_accounts("share_record")]
#[derive(Accounts)]
pub struct ShareRecordCallback<'info> {
    pub arcium_program: Program<'info, Arcium>,
    #[account(address = derive_comp_def_pda!(COMP_DEF_OFFSET_SHARE_RECORD))]
    pub comp_def_account: Box<Account<'info, ComputationDefinitionAccount>>,
    #[account(address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: tied to the disclosure below; `verify_output` checks owner and discriminator.
    pub computation_account: UncheckedAccount<'info>,
    #[account(address = derive_cluster_pda!(mxe_account))]
    pub cluster_account: Box<Account<'info, Cluster>>,
    /// CHECK: the instructions sysvar, by address.
    #[account(address = ::arcium_anchor::solana_instructions_sysvar::ID)]
    pub instructions_sysvar: UncheckedAccount<'info>,
    #[account(mut)]
    pub disclosure: Box<Account<'info, Disclosure>>,
}

/// Settles a queued share. A verified output is delivered as `RecordShared`; an aborted
/// computation is recorded as failed. An output whose signature does not verify is rejected with
/// the whole transaction, so a forgery changes nothing and the share waits for the real callback.
pub fn settle_share(
    ctx: Context<ShareRecordCallback>,
    output: SignedComputationOutputs<ShareRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let disclosure = &mut accounts.disclosure;
    require!(
        disclosure.status == DisclosureStatus::Queued,
        MedshareError::DisclosureNotPending
    );
    let mxe = &accounts.mxe_account;
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(disclosure.computation_offset, mxe),
        MedshareError::ComputationMismatch
    );
    disclosure.completed_at = Clock::get()?.unix_timestamp;

    if let SignedComputationOutputs::Failure(_) = output {
        disclosure.status = DisclosureStatus::Failed;
        emit_event(&ShareFailed {
            patient: disclosure.patient,
            recipient_key: disclosure.recipient_key,
            record_version: disclosure.record_version,
            computation_offset: disclosure.computation_offset,
            reason: failure_reason(&accounts.instructions_sysvar),
        });
        return Ok(());
    }
    let ShareRecordOutput { field_0: shared } =
        output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    disclosure.status = DisclosureStatus::Delivered;
    emit_event(&RecordShared {
        patient: disclosure.patient,
        recipient_key: shared.encryption_key,
        record_version: disclosure.record_version,
        output_nonce: shared.nonce,
        ciphertexts: shared.ciphertexts,
        computation_offset: disclosure.computation_offset,
    });
    Ok(())
}

/// The cluster states why it aborted in the `callback_computation` instruction that precedes
/// every callback (its position is checked by `validate_callback_ixs`).
fn failure_reason(instructions_sysvar: &AccountInfo) -> String {
    let reported = (|| {
        use ::arcium_anchor::solana_instructions_sysvar as sysvar;
        let current = sysvar::load_current_index_checked(instructions_sysvar).ok()?;
        let previous = sysvar::load_instruction_at_checked(
            current.checked_sub(1)? as usize,
            instructions_sysvar,
        )
        .ok()?;
        let args = CallbackComputation::try_from_slice(previous.data.get(8..)?).ok()?;
        match args.execution_status {
            ExecutionStatus::Failure(failure, _) => Some(format!("{failure:?}")),
            ExecutionStatus::Success => None,
        }
    })();
    reported.unwrap_or_else(|| "AbortedComputation".to_string())
}
