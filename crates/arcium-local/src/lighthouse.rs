//! A local stand-in for the Lighthouse assertion program, which ends every callback transaction.
//!
//! Two assertions are implemented, both real checks: an account holds at least some lamports
//! (the executor bounds what a callback may cost its fee payer) and an account byte has a given
//! value (the executor checks the computation ended `Finalized`). A failed assertion fails the
//! whole transaction, as on a real cluster.

use crate::LIGHTHOUSE_PROGRAM_ID;
use solana_program::{
    account_info::AccountInfo,
    entrypoint::ProgramResult,
    instruction::{AccountMeta, Instruction},
    log::sol_log,
    program_error::ProgramError,
    pubkey::Pubkey,
};

const LAMPORTS_AT_LEAST: u8 = 0;
const DATA_BYTE_EQUALS: u8 = 1;

pub fn assert_lamports_at_least(account: Pubkey, minimum: u64) -> Instruction {
    let mut data = vec![LAMPORTS_AT_LEAST];
    data.extend_from_slice(&minimum.to_le_bytes());
    Instruction::new_with_bytes(
        LIGHTHOUSE_PROGRAM_ID,
        &data,
        vec![AccountMeta::new_readonly(account, false)],
    )
}

pub fn assert_data_byte(account: Pubkey, offset: u32, value: u8) -> Instruction {
    let mut data = vec![DATA_BYTE_EQUALS];
    data.extend_from_slice(&offset.to_le_bytes());
    data.push(value);
    Instruction::new_with_bytes(
        LIGHTHOUSE_PROGRAM_ID,
        &data,
        vec![AccountMeta::new_readonly(account, false)],
    )
}

pub fn process(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let account = accounts.first().ok_or(ProgramError::NotEnoughAccountKeys)?;
    let holds = match data {
        [LAMPORTS_AT_LEAST, minimum @ ..] => {
            let minimum = u64::from_le_bytes(
                minimum
                    .try_into()
                    .map_err(|_| ProgramError::InvalidInstructionData)?,
            );
            account.lamports() >= minimum
        }
        [DATA_BYTE_EQUALS, offset @ .., value] => {
            let offset = u32::from_le_bytes(
                offset
                    .try_into()
                    .map_err(|_| ProgramError::InvalidInstructionData)?,
            );
            account.try_borrow_data()?.get(offset as usize) == Some(value)
        }
        _ => return Err(ProgramError::InvalidInstructionData),
    };
    if holds {
        Ok(())
    } else {
        sol_log(&format!("lighthouse assertion failed on {}", account.key));
        Err(ProgramError::Custom(1))
    }
}
