//! `queue_computation`: an MXE program asks the cluster to run one of its circuits.

use super::{
    accounts::{create, load, load_mxe_and_cluster, nth, serialize},
    errors::{ensure, ArciumError},
    events::emit,
};
use crate::arguments::check_arguments;
use arcium_client::{
    idl::arcium::{
        accounts::{ComputationAccount, ComputationDefinitionAccount},
        client::args::QueueComputation,
        events::QueueComputationEvent,
        types::{ComputationStatus, ExecutionFee},
    },
    pda, ARCIUM_PROGRAM_ID,
};
use solana_program::{
    account_info::AccountInfo, clock::Clock, entrypoint::ProgramResult, log::sol_log,
    pubkey::Pubkey, sysvar::Sysvar,
};

// Accounts, in the order of the Arcium IDL.
const SIGNER: usize = 0;
const SIGN_SEED: usize = 1;
const COMP: usize = 2;
const MXE: usize = 3;
const EXECPOOL: usize = 4;
const MEMPOOL: usize = 5;
const COMP_DEF: usize = 6;
const CLUSTER: usize = 7;
const SYSTEM_PROGRAM: usize = 9;

/// Byte offsets of `last_updated_slot: u64` and `slot_counter: u16` in a mempool account.
const MEMPOOL_SLOT: usize = 8;
const MEMPOOL_SLOT_COUNTER: usize = 16;

pub fn process(
    _program_id: &Pubkey,
    accounts: &[AccountInfo],
    args: QueueComputation,
) -> ProgramResult {
    let payer = nth(accounts, SIGNER)?;
    let sign_seed = nth(accounts, SIGN_SEED)?;
    let comp_info = nth(accounts, COMP)?;
    ensure(payer.is_signer, ArciumError::InvalidAuthority)?;
    // Only the MXE program itself can sign for its signer PDA: this is what ties a computation
    // to the program whose callback will receive it.
    ensure(
        sign_seed.is_signer && *sign_seed.key == pda::signer_acc(&args.mxe_program),
        ArciumError::InvalidAuthority,
    )?;
    let (mxe, _) = load_mxe_and_cluster(
        nth(accounts, MXE)?,
        nth(accounts, CLUSTER)?,
        &args.mxe_program,
    )?;
    ensure(
        *nth(accounts, EXECPOOL)?.key == pda::execpool_acc(mxe.cluster),
        ArciumError::InvalidCluster,
    )?;

    let comp_def_info = nth(accounts, COMP_DEF)?;
    ensure(
        *comp_def_info.key
            == pda::computation_definition_acc(
                &args.mxe_program,
                args.computation_definition_offset,
            ),
        ArciumError::InvalidComputationDefinition,
    )?;
    let comp_def: ComputationDefinitionAccount =
        load(comp_def_info, ArciumError::InvalidComputationDefinition)?;
    ensure(
        comp_def.deactivation_slot.is_none(),
        ArciumError::ComputationDefinitionDeactivated,
    )?;
    if let Err(problem) = check_arguments(&args.args, &comp_def.definition.signature.parameters) {
        sol_log(&format!("arguments do not match the circuit: {}", problem));
        return Err(ArciumError::InvalidArguments.into());
    }
    ensure(
        args.callback_transactions_required == 1,
        ArciumError::MultiTxCallbacksDisabled,
    )?;
    ensure(
        args.custom_callback_instructions.len() == 1,
        ArciumError::InvalidCallbackInstructions,
    )?;

    let (expected, bump) = pda::computation_acc_w_bump(mxe.cluster, args.comp_offset);
    ensure(
        *comp_info.key == expected,
        ArciumError::InvalidComputationOffset,
    )?;
    ensure(
        comp_info.data_is_empty(),
        ArciumError::AlreadyInitializedComputation,
    )?;

    let slot = Clock::get()?.slot;
    let slot_counter = next_slot_counter(nth(accounts, MEMPOOL)?, mxe.cluster, slot)?;
    let computation = ComputationAccount {
        payer: *payer.key,
        mxe_program_id: args.mxe_program,
        computation_definition_offset: args.computation_definition_offset,
        execution_fee: ExecutionFee {
            base_fee: 0,
            priority_fee: args.cu_price_micro,
            callback_cu_limit: args.callback_cu_limit,
            padding: 0,
        },
        slot,
        slot_counter,
        status: ComputationStatus::Queued,
        arguments: args.args,
        custom_callback_instructions: args.custom_callback_instructions,
        callback_transactions_required: args.callback_transactions_required,
        callback_transactions_submitted_bm: 0,
        bump,
    };
    let cluster_offset = mxe.cluster.to_le_bytes();
    let comp_offset = args.comp_offset.to_le_bytes();
    let seeds: &[&[u8]] = &[
        b"ComputationAccount",
        &cluster_offset,
        &comp_offset,
        &[bump],
    ];
    let mut data = serialize(&computation)?;
    data.extend_from_slice(&comp_offset);
    create(
        payer,
        comp_info,
        nth(accounts, SYSTEM_PROGRAM)?,
        seeds,
        &data,
    )?;

    emit(&QueueComputationEvent {
        computation_offset: args.comp_offset,
        mxe_program_id: args.mxe_program,
    });
    Ok(())
}

/// The offset `computation_data` (a computation account's data) was queued under, where its
/// address is the computation account of that offset on `cluster`. The account's layout holds no
/// offset (a real cluster keeps it in its mempool), so this program writes it in the 8 bytes
/// after the account's fields, where a node finds it and Anchor's deserialization ignores it.
pub fn queued_offset(cluster: u32, address: &Pubkey, computation_data: &[u8]) -> Option<u64> {
    let trailer = computation_data.last_chunk::<8>()?;
    let offset = u64::from_le_bytes(*trailer);
    (pda::computation_acc(cluster, offset) == *address).then_some(offset)
}

/// `(slot, slot_counter)` makes each computation's signed output unique, so a signature for one
/// computation never verifies for another queued in the same slot. The counter lives in the
/// mempool header, where Arcium keeps it.
fn next_slot_counter(
    mempool: &AccountInfo,
    cluster: u32,
    slot: u64,
) -> Result<u16, solana_program::program_error::ProgramError> {
    ensure(
        *mempool.key == pda::mempool_acc(cluster) && mempool.owner == &ARCIUM_PROGRAM_ID,
        ArciumError::InvalidCluster,
    )?;
    let mut data = mempool.try_borrow_mut_data()?;
    ensure(
        data.len() >= MEMPOOL_SLOT_COUNTER + 2,
        ArciumError::InvalidCluster,
    )?;
    let last_slot = u64::from_le_bytes(data[MEMPOOL_SLOT..MEMPOOL_SLOT + 8].try_into().unwrap());
    let last_counter = u16::from_le_bytes(
        data[MEMPOOL_SLOT_COUNTER..MEMPOOL_SLOT_COUNTER + 2]
            .try_into()
            .unwrap(),
    );
    let counter = if last_slot == slot {
        last_counter
            .checked_add(1)
            .ok_or(ArciumError::InvalidComputation)?
    } else {
        0
    };
    data[MEMPOOL_SLOT..MEMPOOL_SLOT + 8].copy_from_slice(&slot.to_le_bytes());
    data[MEMPOOL_SLOT_COUNTER..MEMPOOL_SLOT_COUNTER + 2].copy_from_slice(&counter.to_le_bytes());
    Ok(counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account_data(trailer: u64) -> Vec<u8> {
        [&[0xAB; 120][..], &trailer.to_le_bytes()].concat()
    }

    #[test]
    fn a_node_takes_the_offset_only_where_it_derives_the_account_address() {
        let address = pda::computation_acc(7, 42);
        assert_eq!(queued_offset(7, &address, &account_data(42)), Some(42));
        // Another offset, or the same one on another cluster, names another account.
        assert_eq!(queued_offset(7, &address, &account_data(43)), None);
        assert_eq!(queued_offset(8, &address, &account_data(42)), None);
        assert_eq!(queued_offset(7, &address, &[1, 2, 3]), None);
    }
}
