//! Who may set up a deployment: its circuits and its access configuration.

use crate::{errors::MedshareError, ID};
use anchor_lang::{prelude::*, solana_program::bpf_loader_upgradeable};
use arcium_anchor::prelude::MXEAccount;

/// Address of this program's `ProgramData` account, which names its upgrade authority.
pub fn program_data_address() -> Pubkey {
    Pubkey::find_program_address(&[ID.as_ref()], &bpf_loader_upgradeable::ID).0
}

/// The deployment's authority is the MXE's, or the program's upgrade authority where the MXE
/// has none. An MXE and a program with neither cannot be set up by anyone, rather than by the
/// first caller.
pub fn require_deployment_authority(
    mxe: &MXEAccount,
    program_data: &ProgramData,
    signer: &Pubkey,
) -> Result<()> {
    let authority = mxe.authority.or(program_data.upgrade_authority_address);
    require!(
        authority == Some(*signer),
        MedshareError::NotDeploymentAuthority
    );
    Ok(())
}
