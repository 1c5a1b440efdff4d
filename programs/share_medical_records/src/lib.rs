//! medshare: patients keep encrypted clinical summaries on Solana and share them through
//! Arcium MPC, which re-encrypts them for a recipient without anyone seeing the plaintext.
//!
//! Each instruction lives in its own file under `instructions/`; this module only routes.

use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;

use constants::RECORD_CIPHERTEXTS;
pub use instructions::*;

declare_id!("MedSh6n6hYWVqGxU8dJqjz6vx2CWCrXM4UZnu5sJFsm");

#[arcium_program]
pub mod share_medical_records {
    use super::*;

    pub fn store_record(
        ctx: Context<StoreRecord>,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    ) -> Result<()> {
        instructions::store(ctx, encryption_key, nonce, ciphertexts)
    }

    pub fn update_record(
        ctx: Context<UpdateRecord>,
        encryption_key: [u8; 32],
        nonce: u128,
        ciphertexts: [[u8; 32]; RECORD_CIPHERTEXTS],
    ) -> Result<()> {
        instructions::update(ctx, encryption_key, nonce, ciphertexts)
    }

    pub fn init_share_record_comp_def(
        ctx: Context<InitShareRecordCompDef>,
        circuit_url: String,
    ) -> Result<()> {
        instructions::register_share_record_circuit(ctx, circuit_url)
    }

    pub fn share_record(
        ctx: Context<ShareRecord>,
        computation_offset: u64,
        recipient_key: [u8; 32],
        recipient_nonce: u128,
    ) -> Result<()> {
        instructions::queue_share(ctx, computation_offset, recipient_key, recipient_nonce)
    }

    #[arcium_callback(encrypted_ix = "share_record")]
    pub fn share_record_callback(
        ctx: Context<ShareRecordCallback>,
        output: SignedComputationOutputs<ShareRecordOutput>,
    ) -> Result<()> {
        instructions::settle_share(ctx, output)
    }
}
