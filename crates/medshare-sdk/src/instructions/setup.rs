use super::{
    ANSWER_QUESTION_CIRCUIT, DISCLOSE_RECORD_CIRCUIT, DISCLOSE_SEALED_PAIR_CIRCUIT,
    JOIN_STUDY_CIRCUIT, LEAVE_STUDY_CIRCUIT, RESEAL_RECORD_CIRCUIT, REVEAL_STUDY_CIRCUIT,
};
use crate::addresses;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
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
    let data = instruction::InitDiscloseRecordCompDef {
        circuit_url: circuit_url.to_string(),
    };
    registration(authority, DISCLOSE_RECORD_CIRCUIT, lut_offset_slot, data)
}

/// Registers the `reseal_record` circuit, as [`init_disclose_record_comp_def`] does its own.
pub fn init_reseal_record_comp_def(
    authority: &Pubkey,
    circuit_url: &str,
    lut_offset_slot: u64,
) -> Instruction {
    let data = instruction::InitResealRecordCompDef {
        circuit_url: circuit_url.to_string(),
    };
    registration(authority, RESEAL_RECORD_CIRCUIT, lut_offset_slot, data)
}

/// Registers circuit `circuit` (one of [`super::CIRCUITS`]), hosted at `circuit_url`.
pub fn init_comp_def(
    authority: &Pubkey,
    circuit: &str,
    circuit_url: &str,
    lut_offset_slot: u64,
) -> Option<Instruction> {
    let circuit_url = circuit_url.to_string();
    Some(match circuit {
        DISCLOSE_RECORD_CIRCUIT => {
            init_disclose_record_comp_def(authority, &circuit_url, lut_offset_slot)
        }
        RESEAL_RECORD_CIRCUIT => {
            init_reseal_record_comp_def(authority, &circuit_url, lut_offset_slot)
        }
        JOIN_STUDY_CIRCUIT => registration(
            authority,
            circuit,
            lut_offset_slot,
            instruction::InitJoinStudyCompDef { circuit_url },
        ),
        LEAVE_STUDY_CIRCUIT => registration(
            authority,
            circuit,
            lut_offset_slot,
            instruction::InitLeaveStudyCompDef { circuit_url },
        ),
        REVEAL_STUDY_CIRCUIT => registration(
            authority,
            circuit,
            lut_offset_slot,
            instruction::InitRevealStudyCompDef { circuit_url },
        ),
        DISCLOSE_SEALED_PAIR_CIRCUIT => registration(
            authority,
            circuit,
            lut_offset_slot,
            instruction::InitDiscloseSealedPairCompDef { circuit_url },
        ),
        ANSWER_QUESTION_CIRCUIT => registration(
            authority,
            circuit,
            lut_offset_slot,
            instruction::InitAnswerQuestionCompDef { circuit_url },
        ),
        _ => return None,
    })
}

/// Every circuit registration takes the same accounts (the program declares them with one
/// macro); only the computation definition differs.
fn registration(
    authority: &Pubkey,
    circuit: &str,
    lut_offset_slot: u64,
    data: impl InstructionData,
) -> Instruction {
    let accounts = accounts::InitDiscloseRecordCompDef {
        payer: *authority,
        mxe_account: pda::mxe_acc(&PROGRAM_ID),
        program_data: addresses::program_data(),
        comp_def_account: addresses::comp_def(circuit),
        address_lookup_table: pda::mxe_lut_acc(&PROGRAM_ID, lut_offset_slot),
        lut_program: arcium_anchor::LUT_PROGRAM_ID,
        arcium_program: arcium_client::ARCIUM_PROGRAM_ID,
        system_program: system_program::ID,
    };
    Instruction {
        program_id: PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}
