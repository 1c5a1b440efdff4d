//! `callback_computation`: a cluster node reports a computation's outcome. It must be followed
//! in the same transaction by the callback the MXE program registered, then by the two
//! Lighthouse assertions that end every callback transaction.

use super::{
    accounts::{load, load_mxe_and_cluster, nth, store},
    errors::{ensure, ArciumError},
    events::emit,
};
use crate::LIGHTHOUSE_PROGRAM_ID;
use arcium_client::{
    idl::arcium::{
        accounts::{ArxNode, ComputationAccount},
        client::args::CallbackComputation,
        events::{CallbackComputationEvent, FinalizeComputationEvent},
        types::{CallbackInstruction, ComputationStatus},
    },
    pda,
};
use solana_program::{
    account_info::AccountInfo,
    entrypoint::ProgramResult,
    instruction::Instruction,
    pubkey::Pubkey,
    sysvar::instructions::{load_current_index_checked, load_instruction_at_checked},
};

// Accounts, in the order of the Arcium IDL.
const SIGNER: usize = 0;
const NODE: usize = 1;
const MXE: usize = 2;
const CLUSTER: usize = 3;
const COMP: usize = 4;
const COMP_DEF: usize = 7;
const INSTRUCTIONS_SYSVAR: usize = 8;

pub fn process(
    _program_id: &Pubkey,
    accounts: &[AccountInfo],
    args: CallbackComputation,
) -> ProgramResult {
    let signer = nth(accounts, SIGNER)?;
    let node_info = nth(accounts, NODE)?;
    ensure(signer.is_signer, ArciumError::InvalidNodeAuthority)?;
    ensure(
        *node_info.key == pda::arx_acc(args.node_offset),
        ArciumError::InvalidNode,
    )?;
    let node: ArxNode = load(node_info, ArciumError::InvalidNode)?;
    ensure(
        node.config.callback_authority == *signer.key,
        ArciumError::InvalidNodeAuthority,
    )?;

    let (mxe, cluster) = load_mxe_and_cluster(
        nth(accounts, MXE)?,
        nth(accounts, CLUSTER)?,
        &args.mxe_program,
    )?;
    ensure(
        cluster
            .nodes
            .iter()
            .any(|member| member.offset == args.node_offset),
        ArciumError::InvalidNode,
    )?;

    let comp_info = nth(accounts, COMP)?;
    ensure(
        *comp_info.key == pda::computation_acc(mxe.cluster, args.comp_offset),
        ArciumError::InvalidComputationOffset,
    )?;
    let mut computation: ComputationAccount =
        load(comp_info, ArciumError::InvalidComputationOffset)?;
    ensure(
        matches!(computation.status, ComputationStatus::Queued),
        ArciumError::AlreadyCallbackedComputation,
    )?;
    ensure(
        computation.mxe_program_id == args.mxe_program
            && computation.computation_definition_offset == args.comp_def_offset
            && *nth(accounts, COMP_DEF)?.key
                == pda::computation_definition_acc(&args.mxe_program, args.comp_def_offset),
        ArciumError::InvalidComputationDefinition,
    )?;
    ensure(
        args.callback_transaction_index < computation.callback_transactions_required,
        ArciumError::InvalidCallbackIndex,
    )?;
    let registered = computation
        .custom_callback_instructions
        .first()
        .ok_or(ArciumError::InvalidCallbackInstructions)?;
    check_transaction_shape(nth(accounts, INSTRUCTIONS_SYSVAR)?, registered)?;

    computation.status = ComputationStatus::Finalized;
    computation.callback_transactions_submitted_bm |= 1 << args.callback_transaction_index;
    store(comp_info, &computation)?;

    emit(&CallbackComputationEvent {
        computation_offset: args.comp_offset,
        mxe_program_id: args.mxe_program,
    });
    emit(&FinalizeComputationEvent {
        computation_offset: args.comp_offset,
        mxe_program_id: args.mxe_program,
        execution_status: args.execution_status,
    });
    Ok(())
}

/// The transaction must be `[.., callback_computation, registered callback, lighthouse,
/// lighthouse]`, with the callback calling exactly the registered program, discriminator and
/// accounts, so a node cannot deliver an output to anything else.
fn check_transaction_shape(
    sysvar: &AccountInfo,
    registered: &CallbackInstruction,
) -> ProgramResult {
    ensure(
        *sysvar.key == solana_program::sysvar::instructions::ID,
        ArciumError::InvalidCallbackTx,
    )?;
    let current = load_current_index_checked(sysvar)? as usize;
    let at = |index: usize| load_instruction_at_checked(index, sysvar);
    let callback = at(current + 1).map_err(|_| ArciumError::InvalidCallbackInstructions)?;
    ensure(
        matches_registered(&callback, registered),
        ArciumError::InvalidCallbackInstructions,
    )?;

    let lighthouse = [at(current + 2), at(current + 3)];
    ensure(
        lighthouse
            .iter()
            .all(|ix| matches!(ix, Ok(ix) if ix.program_id == LIGHTHOUSE_PROGRAM_ID)),
        ArciumError::InvalidLighthouseInstructionCount,
    )?;
    ensure(
        at(current + 4).is_err(),
        ArciumError::InvalidLighthouseInstructionCount,
    )?;
    Ok(())
}

fn matches_registered(callback: &Instruction, registered: &CallbackInstruction) -> bool {
    callback.program_id == registered.program_id
        && callback.data.starts_with(&registered.discriminator)
        && callback.accounts.len() == registered.accounts.len()
        && callback
            .accounts
            .iter()
            .zip(&registered.accounts)
            // Writability is per transaction, so an account another instruction writes shows
            // as writable here too; only the accounts registered writable must be.
            .all(|(meta, expected)| {
                meta.pubkey == expected.pubkey && (meta.is_writable || !expected.is_writable)
            })
}
