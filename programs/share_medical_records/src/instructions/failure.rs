use anchor_lang::prelude::*;
use arcium_client::idl::arcium::{client::args::CallbackComputation, types::ExecutionStatus};

/// Why the cluster aborted a computation, as it states in the `callback_computation`
/// instruction that precedes every callback (its position is checked by `validate_callback_ixs`).
pub fn failure_reason(instructions_sysvar: &AccountInfo) -> String {
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
