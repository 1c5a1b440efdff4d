//! Runs a program written for Solana's native entry point (`fn(&Pubkey, &[AccountInfo], &[u8])`)
//! as a builtin of the Agave 4.2 runtime that surfpool's LiteSVM embeds.
//!
//! The instruction's accounts are laid out as a validator lays them out for an SBF program, then
//! read back into `AccountInfo`s, so the program sees what it would see on-chain. When it returns,
//! its changes to writable accounts go back into the transaction, where the runtime checks them
//! (ownership, rent, data size) as it checks any program's.

use crate::syscalls;
use solana_instruction::error::InstructionError;
use solana_program::{account_info::AccountInfo, entrypoint::ProcessInstruction};
use solana_program_runtime::{invoke_context::InvokeContext, serialization::serialize_parameters};
use solana_transaction_context::instruction_accounts::BorrowedInstructionAccount;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `entry` on the runtime's current instruction.
pub fn run(
    entry: ProcessInstruction,
    invoke_context: &mut InvokeContext,
) -> Result<(), InstructionError> {
    syscalls::enter(invoke_context);
    let (mut parameters, _regions, _metadata, _data_offset) = {
        let instruction = invoke_context
            .transaction_context
            .get_current_instruction_context()?;
        serialize_parameters(&instruction, false, false, false)?
    };
    // SAFETY: `parameters` is the input region of the validator's ABI, freshly serialized and
    // aligned; the account infos borrow it and are dropped before it is.
    let (program_id, accounts, data) =
        unsafe { solana_program::entrypoint::deserialize(parameters.as_slice_mut().as_mut_ptr()) };
    match catch_unwind(AssertUnwindSafe(|| entry(program_id, &accounts, data))) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => return Err(InstructionError::from(u64::from(error))),
        Err(_panic) => return Err(InstructionError::ProgramFailedToComplete),
    }
    let instruction = invoke_context
        .transaction_context
        .get_current_instruction_context()?;
    for index in 0..instruction.get_number_of_instruction_accounts() {
        if instruction
            .is_instruction_account_duplicate(index)?
            .is_some()
        {
            continue;
        }
        let mut account = instruction.try_borrow_instruction_account(index)?;
        if !account.is_writable() {
            continue;
        }
        if let Some(info) = accounts.iter().find(|info| info.key == account.get_key()) {
            store(info, &mut account)?;
        }
    }
    Ok(())
}

/// Writes what the program did to `info` into the transaction's copy of the account. The owner
/// goes last: the runtime lets only the current owner change lamports and data.
pub fn store(
    info: &AccountInfo,
    account: &mut BorrowedInstructionAccount,
) -> Result<(), InstructionError> {
    if account.get_lamports() != info.lamports() {
        account.set_lamports(info.lamports())?;
    }
    let data = info
        .try_borrow_data()
        .map_err(|_| InstructionError::AccountBorrowFailed)?;
    if account.get_data() != &data[..] {
        account.set_data_from_slice(&data)?;
    }
    if account.get_owner() != info.owner {
        account.set_owner(info.owner.as_ref())?;
    }
    Ok(())
}

/// Writes the transaction's copy of the account back into `info`, after a cross-program call.
pub fn load(
    account: &BorrowedInstructionAccount,
    info: &AccountInfo,
) -> Result<(), InstructionError> {
    **info
        .try_borrow_mut_lamports()
        .map_err(|_| InstructionError::AccountBorrowFailed)? = account.get_lamports();
    if info.owner != account.get_owner() {
        info.assign(account.get_owner());
    }
    let new_data = account.get_data();
    if info.data_len() != new_data.len() {
        info.resize(new_data.len())
            .map_err(|_| InstructionError::InvalidRealloc)?;
    }
    info.try_borrow_mut_data()
        .map_err(|_| InstructionError::AccountBorrowFailed)?
        .copy_from_slice(new_data);
    Ok(())
}
