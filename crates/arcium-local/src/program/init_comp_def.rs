//! `init_computation_definition`: registers a circuit's interface and where to fetch it.

use super::{
    accounts::{create, load, nth, serialize},
    errors::{ensure, ArciumError},
};
use arcium_client::{
    idl::arcium::{
        accounts::{ComputationDefinitionAccount, MXEAccount},
        client::args::InitComputationDefinition,
        types::CircuitSource,
    },
    pda,
};
use solana_program::{
    account_info::AccountInfo, entrypoint::ProgramResult, log::sol_log, pubkey::Pubkey,
};

// Accounts, in the order of the Arcium IDL.
const SIGNER: usize = 0;
const MXE: usize = 1;
const COMP_DEF: usize = 4;
const SYSTEM_PROGRAM: usize = 5;

pub fn process(
    _program_id: &Pubkey,
    accounts: &[AccountInfo],
    args: InitComputationDefinition,
) -> ProgramResult {
    let signer = nth(accounts, SIGNER)?;
    let mxe_info = nth(accounts, MXE)?;
    let comp_def_info = nth(accounts, COMP_DEF)?;
    ensure(signer.is_signer, ArciumError::InvalidAuthority)?;
    ensure(
        *mxe_info.key == pda::mxe_acc(&args.mxe_program),
        ArciumError::InvalidMXE,
    )?;
    let mut mxe: MXEAccount = load(mxe_info, ArciumError::InvalidMXE)?;

    let (expected, bump) =
        pda::computation_definition_acc_w_bump(&args.mxe_program, args.comp_offset);
    ensure(
        *comp_def_info.key == expected,
        ArciumError::InvalidComputationDefinition,
    )?;
    ensure(
        comp_def_info.data_is_empty(),
        ArciumError::InvalidComputationDefinition,
    )?;
    // Circuits are uploaded on-chain or hosted off-chain on a real cluster; locally only the
    // off-chain form is served (the executor reads the URL and checks the hash).
    let Some(source @ CircuitSource::OffChain(_)) = args.circuit_source_override else {
        sol_log("the local Arcium program serves off-chain circuit sources only");
        return Err(ArciumError::InvalidCircuitSource.into());
    };

    let definition = ComputationDefinitionAccount {
        deactivation_slot: None,
        cu_amount: args.cu_amount,
        definition: args.computation_definition,
        circuit_source: source,
        bump,
        padding: [0; 24],
    };
    let offset = args.comp_offset.to_le_bytes();
    let seeds: &[&[u8]] = &[
        b"ComputationDefinitionAccount",
        args.mxe_program.as_ref(),
        &offset,
        &[bump],
    ];
    create(
        signer,
        comp_def_info,
        nth(accounts, SYSTEM_PROGRAM)?,
        seeds,
        &serialize(&definition)?,
    )?;

    mxe.computation_definitions.push(args.comp_offset);
    super::accounts::store(mxe_info, &mxe)
}
