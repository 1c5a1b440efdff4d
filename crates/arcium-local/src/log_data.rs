//! Makes `sol_log_data` visible when programs run natively.
//!
//! On a validator `sol_log_data` writes `Program data: <base64..>` into the transaction's logs;
//! that is how Anchor events travel. The native test runtime's syscall stubs print it to stdout
//! instead, where no client can read it. This wrapper routes it through the runtime's `sol_log`,
//! which reaches the logs as `Program log: Program data: ..`; [`normalize`] turns such lines back
//! into the validator's form. Every other syscall goes to the runtime's stubs unchanged.

use anchor_lang::Discriminator;
use arcium_client::idl::arcium::events::QueueComputationEvent;
use base64::{prelude::BASE64_STANDARD, Engine};
use solana_program::{
    account_info::AccountInfo,
    entrypoint::ProgramResult,
    instruction::Instruction,
    program_stubs::{set_syscall_stubs, SyscallStubs},
    pubkey::Pubkey,
};
use std::sync::Once;

const DATA_PREFIX: &str = "Program data: ";
const NATIVE_DATA_PREFIX: &str = "Program log: Program data: ";

/// Installs the wrapper around the runtime's stubs, once per process, after the runtime has
/// installed its own.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let runtime = set_syscall_stubs(Box::new(NoStubs));
        set_syscall_stubs(Box::new(VisibleLogData(runtime)));
    });
}

/// Rewrites the native form of a data line into the validator's form.
pub fn normalize(line: String) -> String {
    match line.strip_prefix(NATIVE_DATA_PREFIX) {
        Some(data) => format!("{DATA_PREFIX}{data}"),
        None => line,
    }
}

/// The decoded payloads of a transaction's `Program data:` lines (events), in order; lines that
/// are not valid base64 are skipped.
pub fn data_payloads(logs: &[String]) -> impl Iterator<Item = Vec<u8>> + '_ {
    logs.iter()
        .filter_map(|line| line.strip_prefix(DATA_PREFIX))
        .filter_map(|data| BASE64_STANDARD.decode(data).ok())
}

/// The decoded payloads of the `Program data:` lines that `program` itself logged, in order.
/// A data line belongs to the innermost invocation open at that point of the logs (`Program
/// <id> invoke` opens one, `Program <id> success` or `failed` closes that program's latest), so
/// a line another program logged, in the same transaction or through a CPI, is never taken for
/// `program`'s. The depth in brackets is not read: the native runtime logs a CPI twice, at two
/// depths, and its first line at depth 1.
pub fn program_data_payloads(logs: &[String], program: &Pubkey) -> Vec<Vec<u8>> {
    let program = program.to_string();
    let mut open: Vec<&str> = Vec::new();
    let mut payloads = Vec::new();
    for line in logs {
        if let Some(data) = line.strip_prefix(DATA_PREFIX) {
            if open.last() == Some(&program.as_str()) {
                payloads.extend(BASE64_STANDARD.decode(data).ok());
            }
            continue;
        }
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            ["Program", id, "invoke", _] => open.push(id),
            ["Program", id, "success"] | ["Program", id, "failed:", ..] => {
                if let Some(at) = open.iter().rposition(|open| open == id) {
                    open.remove(at);
                }
            }
            _ => {}
        }
    }
    payloads
}

/// Offsets announced by the Arcium program's `QueueComputationEvent`s in these logs.
pub fn queued_offsets(logs: &[String]) -> Vec<u64> {
    data_payloads(logs)
        .filter(|bytes| bytes.starts_with(QueueComputationEvent::DISCRIMINATOR))
        .filter_map(|bytes| {
            <QueueComputationEvent as anchor_lang::AnchorDeserialize>::try_from_slice(&bytes[8..])
                .ok()
        })
        .map(|event| event.computation_offset)
        .collect()
}

/// Placeholder held for the instant between taking the runtime's stubs and wrapping them.
struct NoStubs;
impl SyscallStubs for NoStubs {}

struct VisibleLogData(Box<dyn SyscallStubs>);

impl SyscallStubs for VisibleLogData {
    fn sol_log_data(&self, fields: &[&[u8]]) {
        let encoded: Vec<String> = fields
            .iter()
            .map(|field| BASE64_STANDARD.encode(field))
            .collect();
        self.0
            .sol_log(&format!("{DATA_PREFIX}{}", encoded.join(" ")));
    }
    fn sol_log(&self, message: &str) {
        self.0.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        self.0.sol_log_compute_units()
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        self.0.sol_remaining_compute_units()
    }
    fn sol_invoke_signed(
        &self,
        instruction: &Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        self.0
            .sol_invoke_signed(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(&self, sysvar_id: *const u8, var: *mut u8, offset: u64, length: u64) -> u64 {
        self.0.sol_get_sysvar(sysvar_id, var, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var: *mut u8) -> u64 {
        self.0.sol_get_clock_sysvar(var)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var: *mut u8) -> u64 {
        self.0.sol_get_epoch_schedule_sysvar(var)
    }
    fn sol_get_fees_sysvar(&self, var: *mut u8) -> u64 {
        self.0.sol_get_fees_sysvar(var)
    }
    fn sol_get_rent_sysvar(&self, var: *mut u8) -> u64 {
        self.0.sol_get_rent_sysvar(var)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var: *mut u8) -> u64 {
        self.0.sol_get_epoch_rewards_sysvar(var)
    }
    fn sol_get_last_restart_slot(&self, var: *mut u8) -> u64 {
        self.0.sol_get_last_restart_slot(var)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.0.sol_get_epoch_stake(vote_address)
    }
    unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
        unsafe { self.0.sol_memcpy(dst, src, n) }
    }
    unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
        unsafe { self.0.sol_memmove(dst, src, n) }
    }
    unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
        unsafe { self.0.sol_memcmp(s1, s2, n, result) }
    }
    unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
        unsafe { self.0.sol_memset(s, c, n) }
    }
    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        self.0.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.0.sol_set_return_data(data)
    }
    fn sol_get_processed_sibling_instruction(&self, index: usize) -> Option<Instruction> {
        self.0.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.0.sol_get_stack_height()
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize, program_data_payloads};
    use solana_program::pubkey::Pubkey;

    #[test]
    fn only_the_data_lines_of_the_named_programs_own_invocations_are_its() {
        let (ours, theirs) = (Pubkey::new_unique(), Pubkey::new_unique());
        let logs: Vec<String> = [
            format!("Program {theirs} invoke [1]"),
            "Program data: AQ==".into(),
            format!("Program {theirs} success"),
            format!("Program {ours} invoke [1]"),
            "Program data: Ag==".into(),
            format!("Program {theirs} invoke [2]"),
            "Program data: Aw==".into(),
            format!("Program {theirs} success"),
            "Program data: BA==".into(),
            format!("Program {ours} consumed 1000 of 200000 compute units"),
            format!("Program {ours} success"),
            "Program log: Program data: BQ==".into(),
            format!("Program {theirs} invoke [1]"),
            format!("Program {theirs} failed: custom program error: 0x1"),
            "Program data: Bg==".into(),
            // As the native runtime logs a CPI: twice, the first at depth 1.
            format!("Program {ours} invoke [1]"),
            format!("Program {ours} invoke [1]"),
            format!("Program {theirs} invoke [1]"),
            format!("Program {theirs} invoke [2]"),
            "Program data: Bw==".into(),
            format!("Program {theirs} success"),
            format!("Program {theirs} success"),
            "Program data: CA==".into(),
            format!("Program {ours} success"),
            format!("Program {ours} success"),
        ]
        .into();
        assert_eq!(
            program_data_payloads(&logs, &ours),
            vec![vec![2], vec![4], vec![8]]
        );
        assert_eq!(
            program_data_payloads(&logs, &theirs),
            vec![vec![1], vec![3], vec![7]]
        );
    }

    #[test]
    fn native_data_lines_take_the_validators_form_and_others_are_kept() {
        assert_eq!(
            normalize("Program log: Program data: AAEC".into()),
            "Program data: AAEC"
        );
        assert_eq!(normalize("Program log: hello".into()), "Program log: hello");
        assert_eq!(normalize("Program data: AAEC".into()), "Program data: AAEC");
    }
}
