//! The syscalls of programs running natively, answered by the Agave 4.2 runtime.
//!
//! A program compiled for the host calls Solana's syscalls through `solana-sysvar` 3.x's
//! `program_stubs`: that is where Anchor 1.0's cross-program invocations, `msg!`, events and
//! `Clock::get()` go. These stubs hand each call to the invocation in progress, so a natively
//! run program logs, reads sysvars and invokes other programs (with the runtime's privilege
//! checks) as it would on a validator.

use crate::native;
use solana_instruction::{error::InstructionError, Instruction};
use solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, program_error::ProgramError,
    program_stubs::SyscallStubs, pubkey::Pubkey,
};
use solana_program_runtime::{
    invoke_context::InvokeContext, solana_sbpf::vm::ContextObject, stable_log,
};
use std::{cell::Cell, collections::BTreeSet, sync::Once};

/// Status codes of the sysvar syscalls.
const SUCCESS: u64 = 0;
const UNSUPPORTED_SYSVAR: u64 = 2;

thread_local! {
    /// The invocation a native program on this thread is running in. Transactions are processed
    /// one at a time on the thread that executes them, and a builtin never outlives the
    /// invocation that called it.
    static CURRENT: Cell<*mut InvokeContext<'static, 'static>> = const { Cell::new(std::ptr::null_mut()) };
}

/// Records the invocation a native program is about to run in, and installs the stubs once.
pub fn enter(invoke_context: &mut InvokeContext) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        solana_program::program_stubs::set_syscall_stubs(Box::new(RuntimeSyscalls));
    });
    let pointer = invoke_context as *mut InvokeContext as *mut InvokeContext<'static, 'static>;
    CURRENT.with(|current| current.set(pointer));
}

fn current<'a>() -> &'a mut InvokeContext<'static, 'static> {
    let pointer = CURRENT.with(Cell::get);
    assert!(
        !pointer.is_null(),
        "a syscall outside of any native program"
    );
    // SAFETY: set by `enter` from the live invocation that is running the calling program on
    // this thread; nothing else holds it while the program runs.
    unsafe { &mut *pointer }
}

struct RuntimeSyscalls;

impl SyscallStubs for RuntimeSyscalls {
    fn sol_log(&self, message: &str) {
        stable_log::program_log(&current().get_log_collector(), message);
    }

    fn sol_log_data(&self, fields: &[&[u8]]) {
        stable_log::program_data(&current().get_log_collector(), fields);
    }

    fn sol_log_compute_units(&self) {
        let invoke_context = current();
        let remaining = invoke_context.get_remaining();
        stable_log::program_log(
            &invoke_context.get_log_collector(),
            &format!("{remaining} units remaining"),
        );
    }

    fn sol_remaining_compute_units(&self) -> u64 {
        current().get_remaining()
    }

    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        invoke(instruction, account_infos, signers_seeds).map_err(|error| {
            ProgramError::try_from(error).unwrap_or(ProgramError::InvalidInstructionData)
        })
    }

    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(
            current().environment_config.sysvar_cache().get_clock(),
            var_addr,
        )
    }

    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(
            current().environment_config.sysvar_cache().get_rent(),
            var_addr,
        )
    }

    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(
            current()
                .environment_config
                .sysvar_cache()
                .get_epoch_schedule(),
            var_addr,
        )
    }

    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        write_sysvar(
            current()
                .environment_config
                .sysvar_cache()
                .get_last_restart_slot(),
            var_addr,
        )
    }

    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        let (program_id, data) = current().transaction_context.get_return_data();
        (!data.is_empty()).then(|| (*program_id, data.to_vec()))
    }

    fn sol_set_return_data(&self, data: &[u8]) {
        let transaction_context = &mut current().transaction_context;
        let Ok(program_id) = transaction_context
            .get_current_instruction_context()
            .and_then(|instruction| instruction.get_program_key().copied())
        else {
            return;
        };
        // Fails only past the 1 KiB limit, which a validator also refuses.
        let _ = transaction_context.set_return_data(program_id, data.to_vec());
    }

    fn sol_get_stack_height(&self) -> u64 {
        current().get_stack_height() as u64
    }
}

/// A cross-program invocation: the caller's changes go into the transaction, the runtime runs
/// the callee (deriving and checking the signers from `signers_seeds`), and the results come
/// back into the caller's account infos.
fn invoke(
    instruction: &Instruction,
    account_infos: &[AccountInfo],
    signers_seeds: &[&[&[u8]]],
) -> Result<(), InstructionError> {
    let invoke_context = current();
    let keys: BTreeSet<Pubkey> = instruction
        .accounts
        .iter()
        .map(|meta| meta.pubkey)
        .collect();
    for_each_writable(invoke_context, &keys, account_infos, |info, account| {
        native::store(info, account)
    })?;
    invoke_context.native_invoke_signed(instruction.clone(), signers_seeds)?;
    for_each_writable(invoke_context, &keys, account_infos, |info, account| {
        native::load(account, info)
    })
}

/// Calls `apply` with each of `keys` the caller may write, paired with the caller's info for it.
fn for_each_writable(
    invoke_context: &mut InvokeContext,
    keys: &BTreeSet<Pubkey>,
    account_infos: &[AccountInfo],
    mut apply: impl FnMut(
        &AccountInfo,
        &mut solana_transaction_context::instruction_accounts::BorrowedInstructionAccount,
    ) -> Result<(), InstructionError>,
) -> Result<(), InstructionError> {
    let transaction_context = &invoke_context.transaction_context;
    let caller = transaction_context.get_current_instruction_context()?;
    for key in keys {
        let index_in_transaction = transaction_context
            .find_index_of_account(key)
            .ok_or(InstructionError::MissingAccount)?;
        let Ok(index_in_caller) = caller.get_index_of_account_in_instruction(index_in_transaction)
        else {
            // The runtime refuses the call with the reason when it prepares it.
            continue;
        };
        let mut account = caller.try_borrow_instruction_account(index_in_caller)?;
        if !account.is_writable() {
            continue;
        }
        let info = account_infos
            .iter()
            .find(|info| info.key == key)
            .ok_or(InstructionError::MissingAccount)?;
        apply(info, &mut account)?;
    }
    Ok(())
}

/// Copies a sysvar into the program's memory, as the validator's syscall does.
fn write_sysvar<T>(sysvar: Result<std::sync::Arc<T>, InstructionError>, var_addr: *mut u8) -> u64 {
    match sysvar {
        Ok(value) => {
            // SAFETY: the program passes the address of a `T` of the same `#[repr(C)]` layout
            // (the sysvar crates keep these layouts fixed: they are the on-chain ABI).
            unsafe {
                std::ptr::copy_nonoverlapping(
                    &*value as *const T as *const u8,
                    var_addr,
                    std::mem::size_of::<T>(),
                )
            };
            SUCCESS
        }
        Err(_) => UNSUPPORTED_SYSVAR,
    }
}
