use crate::{errors::MedshareError, ID};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::{CircuitSource, OffChainCircuitSource};
use arcium_macros::circuit_hash;

/// Longest circuit URL accepted; keeps the computation definition account small.
const MAX_CIRCUIT_URL_LEN: usize = 200;

#[init_computation_definition_accounts("share_record", payer)]
#[derive(Accounts)]
pub struct InitShareRecordCompDef<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, address = derive_mxe_pda!())]
    pub mxe_account: Box<Account<'info, MXEAccount>>,
    /// CHECK: created by the Arcium program.
    #[account(mut)]
    pub comp_def_account: UncheckedAccount<'info>,
    /// CHECK: the MXE's lookup table, checked by the Arcium program.
    #[account(mut, address = derive_mxe_lut_pda!(mxe_account.lut_offset_slot))]
    pub address_lookup_table: UncheckedAccount<'info>,
    /// CHECK: the address lookup table program, by address.
    #[account(address = LUT_PROGRAM_ID)]
    pub lut_program: UncheckedAccount<'info>,
    pub arcium_program: Program<'info, Arcium>,
    pub system_program: Program<'info, System>,
}

/// Registers the `share_record` circuit with Arcium. Nodes download it from `circuit_url` and
/// refuse it unless its SHA-256 equals the hash compiled into this program, so the URL decides
/// only where the circuit is hosted, never which circuit runs.
pub fn register_share_record_circuit(
    ctx: Context<InitShareRecordCompDef>,
    circuit_url: String,
) -> Result<()> {
    require!(
        !circuit_url.is_empty() && circuit_url.len() <= MAX_CIRCUIT_URL_LEN,
        MedshareError::InvalidCircuitUrl
    );
    if let Some(authority) = ctx.accounts.mxe_account.authority {
        require_keys_eq!(
            authority,
            ctx.accounts.payer.key(),
            MedshareError::NotMxeAuthority
        );
    }
    let source = CircuitSource::OffChain(OffChainCircuitSource {
        source: circuit_url,
        hash: circuit_hash!("share_record"),
    });
    init_computation_def(ctx.accounts, Some(source))
}
