use super::{build, DISCLOSE_RECORD_CIRCUIT, RESEAL_RECORD_CIRCUIT};
use crate::addresses;
use anchor_lang::system_program;
use arcium_client::pda;
use share_medical_records::{accounts, instruction, ID as PROGRAM_ID};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// Registers the `disclose_record` circuit, hosted at `circuit_url`; signed by the MXE
/// authority. `lut_offset_slot` is the MXE account's field of that name.
pub fn init_disclose_record_comp_def(
    authority: &Pubkey,
    circuit_url: &str,
    lut_offset_slot: u64,
) -> Instruction {
    build(
        accounts::InitDiscloseRecordCompDef {
            payer: *authority,
            mxe_account: pda::mxe_acc(&PROGRAM_ID),
            comp_def_account: addresses::comp_def(DISCLOSE_RECORD_CIRCUIT),
            address_lookup_table: pda::mxe_lut_acc(&PROGRAM_ID, lut_offset_slot),
            lut_program: arcium_anchor::LUT_PROGRAM_ID,
            arcium_program: arcium_client::ARCIUM_PROGRAM_ID,
            system_program: system_program::ID,
        },
        instruction::InitDiscloseRecordCompDef {
            circuit_url: circuit_url.to_string(),
        },
    )
}

/// Registers the `reseal_record` circuit, as [`init_disclose_record_comp_def`] does its own.
pub fn init_reseal_record_comp_def(
    authority: &Pubkey,
    circuit_url: &str,
    lut_offset_slot: u64,
) -> Instruction {
    build(
        accounts::InitResealRecordCompDef {
            payer: *authority,
            mxe_account: pda::mxe_acc(&PROGRAM_ID),
            comp_def_account: addresses::comp_def(RESEAL_RECORD_CIRCUIT),
            address_lookup_table: pda::mxe_lut_acc(&PROGRAM_ID, lut_offset_slot),
            lut_program: arcium_anchor::LUT_PROGRAM_ID,
            arcium_program: arcium_client::ARCIUM_PROGRAM_ID,
            system_program: system_program::ID,
        },
        instruction::InitResealRecordCompDef {
            circuit_url: circuit_url.to_string(),
        },
    )
}
