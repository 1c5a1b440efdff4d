//! Registration of the circuits with Arcium. Nodes download a circuit from the URL given here and
//! refuse it unless its SHA-256 equals the hash compiled into this program, so the URL decides
//! only where a circuit is hosted, never which circuit runs.

use crate::{
    errors::MedshareError,
    instructions::{program_data_address, require_deployment_authority},
    ID,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::{CircuitSource, OffChainCircuitSource};
use arcium_macros::circuit_hash;

/// Longest circuit URL accepted; keeps the computation definition account small.
const MAX_CIRCUIT_URL_LEN: usize = 200;

/// Declares one circuit's registration: its accounts (only the circuit name differs between
/// circuits) and its handler.
macro_rules! circuit_registration {
    ($accounts:ident, $handler:ident, $circuit:literal) => {
        #[init_computation_definition_accounts($circuit, payer)]
        #[derive(Accounts)]
        pub struct $accounts<'info> {
            #[account(mut)]
            pub payer: Signer<'info>,
            #[account(mut, address = derive_mxe_pda!())]
            pub mxe_account: Box<Account<'info, MXEAccount>>,
            /// Names the upgrade authority, the deployment's authority where the MXE has none.
            #[account(address = program_data_address())]
            pub program_data: Account<'info, ProgramData>,
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

        #[doc = concat!("Registers the `", $circuit, "` circuit, hosted at `circuit_url`.")]
        pub fn $handler(ctx: Context<$accounts>, circuit_url: String) -> Result<()> {
            require!(
                !circuit_url.is_empty() && circuit_url.len() <= MAX_CIRCUIT_URL_LEN,
                MedshareError::InvalidCircuitUrl
            );
            require_deployment_authority(
                &ctx.accounts.mxe_account,
                &ctx.accounts.program_data,
                ctx.accounts.payer.key,
            )?;
            let source = CircuitSource::OffChain(OffChainCircuitSource {
                source: circuit_url,
                hash: circuit_hash!($circuit),
            });
            init_computation_def(ctx.accounts, Some(source))
        }
    };
}

circuit_registration!(
    InitDiscloseRecordCompDef,
    register_disclose_record_circuit,
    "disclose_record"
);
circuit_registration!(
    InitResealRecordCompDef,
    register_reseal_record_circuit,
    "reseal_record"
);
circuit_registration!(
    InitJoinStudyCompDef,
    register_join_study_circuit,
    "join_study"
);
circuit_registration!(
    InitLeaveStudyCompDef,
    register_leave_study_circuit,
    "leave_study"
);
circuit_registration!(
    InitRevealStudyCompDef,
    register_reveal_study_circuit,
    "reveal_study"
);
circuit_registration!(
    InitDiscloseSealedPairCompDef,
    register_disclose_sealed_pair_circuit,
    "disclose_sealed_pair"
);
circuit_registration!(
    InitAnswerQuestionCompDef,
    register_answer_question_circuit,
    "answer_question"
);
