//! Reading, writing and creating Arcium-owned accounts.

use super::errors::{ensure, ArciumError};
use anchor_lang::{
    prelude::{CpiContext, Rent, SolanaSysvar},
    system_program::{
        allocate, assign, create_account, transfer, Allocate, Assign, CreateAccount, Transfer,
    },
    AccountDeserialize, AccountSerialize, AnchorDeserialize,
};
use arcium_client::{
    idl::arcium::accounts::{Cluster, MXEAccount},
    pda, ARCIUM_PROGRAM_ID,
};
use solana_program::{account_info::AccountInfo, program_error::ProgramError, pubkey::Pubkey};

pub fn decode<T: AnchorDeserialize>(payload: &[u8]) -> Result<T, ProgramError> {
    T::try_from_slice(payload).map_err(|_| ArciumError::DeserializationFailed.into())
}

/// Account `index` of the instruction, or a clear error when the caller passed too few.
pub fn nth<'a, 'b>(
    accounts: &'a [AccountInfo<'b>],
    index: usize,
) -> Result<&'a AccountInfo<'b>, ProgramError> {
    accounts
        .get(index)
        .ok_or(ProgramError::NotEnoughAccountKeys)
}

/// Deserializes an Arcium account after checking its owner (the discriminator is checked by
/// `try_deserialize`).
pub fn load<T: AccountDeserialize>(
    account: &AccountInfo,
    error: ArciumError,
) -> Result<T, ProgramError> {
    ensure(account.owner == &ARCIUM_PROGRAM_ID, error)?;
    let data = account.try_borrow_data()?;
    T::try_deserialize(&mut &data[..]).map_err(|_| error.into())
}

/// Serializes `value` into an Arcium account that was sized for it.
pub fn store<T: AccountSerialize>(account: &AccountInfo, value: &T) -> Result<(), ProgramError> {
    let bytes = serialize(value)?;
    let mut data = account.try_borrow_mut_data()?;
    ensure(bytes.len() <= data.len(), ArciumError::InvalidComputation)?;
    data[..bytes.len()].copy_from_slice(&bytes);
    Ok(())
}

/// `value` as its account holds it: discriminator, then Borsh.
pub fn serialize<T: AccountSerialize>(value: &T) -> Result<Vec<u8>, ProgramError> {
    let mut bytes = Vec::new();
    value
        .try_serialize(&mut bytes)
        .map_err(|_| ProgramError::from(ArciumError::DeserializationFailed))?;
    Ok(bytes)
}

/// Creates the PDA `new` (signed by `seeds`), owned by Arcium, holding `bytes`, paid by `payer`.
/// Anyone can send lamports to any address, so an address that already holds some (and no
/// data) is topped up, allocated and assigned instead: funding an address must not block it.
pub fn create<'a>(
    payer: &AccountInfo<'a>,
    new: &AccountInfo<'a>,
    system_program: &AccountInfo<'a>,
    seeds: &[&[u8]],
    bytes: &[u8],
) -> Result<(), ProgramError> {
    let lamports = Rent::get()?.minimum_balance(bytes.len());
    let space = bytes.len() as u64;
    let system = *system_program.key;
    let failed = |_| ProgramError::from(ArciumError::InvalidComputation);
    let signer: &[&[&[u8]]] = &[seeds];
    if new.lamports() == 0 {
        let accounts = CreateAccount {
            from: payer.clone(),
            to: new.clone(),
        };
        let cpi = CpiContext::new_with_signer(system, accounts, signer);
        create_account(cpi, lamports, space, &ARCIUM_PROGRAM_ID).map_err(failed)?;
    } else {
        let shortfall = lamports.saturating_sub(new.lamports());
        if shortfall > 0 {
            let accounts = Transfer {
                from: payer.clone(),
                to: new.clone(),
            };
            transfer(CpiContext::new(system, accounts), shortfall).map_err(failed)?;
        }
        let accounts = Allocate {
            account_to_allocate: new.clone(),
        };
        allocate(CpiContext::new_with_signer(system, accounts, signer), space).map_err(failed)?;
        let accounts = Assign {
            account_to_assign: new.clone(),
        };
        let cpi = CpiContext::new_with_signer(system, accounts, signer);
        assign(cpi, &ARCIUM_PROGRAM_ID).map_err(failed)?;
    }
    new.try_borrow_mut_data()?.copy_from_slice(bytes);
    Ok(())
}

/// The MXE account of `mxe_program` and the cluster it runs on, each checked by address.
pub fn load_mxe_and_cluster(
    mxe_info: &AccountInfo,
    cluster_info: &AccountInfo,
    mxe_program: &Pubkey,
) -> Result<(MXEAccount, Cluster), ProgramError> {
    ensure(
        *mxe_info.key == pda::mxe_acc(mxe_program),
        ArciumError::InvalidMXE,
    )?;
    let mxe: MXEAccount = load(mxe_info, ArciumError::InvalidMXE)?;
    ensure(
        *cluster_info.key == pda::cluster_acc(mxe.cluster),
        ArciumError::InvalidCluster,
    )?;
    let cluster: Cluster = load(cluster_info, ArciumError::InvalidCluster)?;
    Ok((mxe, cluster))
}
