//! Reading, writing and creating Arcium-owned accounts.

use super::errors::{ensure, ArciumError};
use anchor_lang::{
    prelude::{CpiContext, Rent, SolanaSysvar},
    system_program::{create_account, CreateAccount},
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
    let mut bytes = Vec::new();
    value
        .try_serialize(&mut bytes)
        .map_err(|_| ProgramError::from(ArciumError::DeserializationFailed))?;
    let mut data = account.try_borrow_mut_data()?;
    ensure(bytes.len() <= data.len(), ArciumError::InvalidComputation)?;
    data[..bytes.len()].copy_from_slice(&bytes);
    Ok(())
}

/// Creates the PDA `new` (signed by `seeds`), owned by Arcium, holding `value`, paid by `payer`.
pub fn create<'a, T: AccountSerialize>(
    payer: &AccountInfo<'a>,
    new: &AccountInfo<'a>,
    system_program: &AccountInfo<'a>,
    seeds: &[&[u8]],
    value: &T,
) -> Result<(), ProgramError> {
    let mut bytes = Vec::new();
    value
        .try_serialize(&mut bytes)
        .map_err(|_| ProgramError::from(ArciumError::DeserializationFailed))?;
    let lamports = Rent::get()?.minimum_balance(bytes.len());
    create_account(
        CpiContext::new_with_signer(
            *system_program.key,
            CreateAccount {
                from: payer.clone(),
                to: new.clone(),
            },
            &[seeds],
        ),
        lamports,
        bytes.len() as u64,
        &ARCIUM_PROGRAM_ID,
    )
    .map_err(|_| ProgramError::from(ArciumError::InvalidComputation))?;
    new.try_borrow_mut_data()?.copy_from_slice(&bytes);
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
