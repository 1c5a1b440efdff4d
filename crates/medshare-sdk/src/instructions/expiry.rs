//! Closing out computations the cluster dropped: Arcium's reclaim of an expired computation,
//! then medshare's close-out of the receipt that waited on it.

use super::build;
use crate::addresses;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use arcium_client::pda;
use share_medical_records::{accounts, instruction, ID as PROGRAM_ID};
use solana_program::{instruction::Instruction, pubkey::Pubkey};

/// Arcium's `reclaim_expired_computation_fee`: `payer`, who paid for computation
/// `computation_offset`, closes it once it has expired from the mempool unexecuted.
pub fn reclaim_expired_computation(payer: &Pubkey, computation_offset: u64) -> Instruction {
    use arcium_client::idl::arcium::client::{accounts, args};
    let accounts = accounts::ReclaimExpiredComputationFee {
        signer: *payer,
        mxe: pda::mxe_acc(&PROGRAM_ID),
        cluster_acc: pda::cluster_acc(addresses::CLUSTER_OFFSET),
        comp: addresses::computation(computation_offset),
        executing_pool: pda::execpool_acc(addresses::CLUSTER_OFFSET),
        pool_account: pda::fee_pool_acc(),
        system_program: system_program::ID,
    };
    let data = args::ReclaimExpiredComputationFee {
        comp_offset: computation_offset,
        mxe_program: PROGRAM_ID,
    };
    Instruction {
        program_id: arcium_client::ARCIUM_PROGRAM_ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// Closes out disclosure `computation_offset`, whose computation the cluster dropped; anyone
/// may send it. `grant` is the grant a grant request was queued under (its receipt's basis).
pub fn expire_disclosure(computation_offset: u64, grant: Option<Pubkey>) -> Instruction {
    build(
        accounts::ExpireDisclosure {
            disclosure: addresses::receipt(computation_offset),
            grant,
            mxe_account: pda::mxe_acc(&PROGRAM_ID),
            computation_account: addresses::computation(computation_offset),
        },
        instruction::ExpireDisclosure {},
    )
}

/// Closes out `patient`'s key rotation `computation_offset`, whose computation the cluster
/// dropped; anyone may send it.
pub fn expire_rotation(patient: &Pubkey, computation_offset: u64) -> Instruction {
    build(
        accounts::ExpireRotation {
            rotation: addresses::receipt(computation_offset),
            record: addresses::record(patient),
            mxe_account: pda::mxe_acc(&PROGRAM_ID),
            computation_account: addresses::computation(computation_offset),
        },
        instruction::ExpireRotation {},
    )
}
