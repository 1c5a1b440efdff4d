//! The accounts a new chain starts with: the local Arcium cluster's (cluster, node, MXE with its
//! public key, pools, the MXE's lookup table) and the funded deployer and node wallets, written
//! by `medshare localnet`, which holds the cluster's secrets.

use arcium_local::state::SavedAccount;
use std::path::Path;
use surfpool_core::surfnet::svm::SurfnetSvm;

/// Writes the accounts in `path` into a chain that has none of them yet, and returns how many
/// it wrote: 0 when the ledger already holds the chain.
pub fn seed(svm: &mut SurfnetSvm, path: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(path)
        .map_err(|error| format!("cannot read the genesis {}: {error}", path.display()))?;
    let accounts = SavedAccount::list_from_bytes(&bytes)
        .map_err(|error| format!("the genesis {} is unreadable: {error}", path.display()))?;
    let Some(first) = accounts.first() else {
        return Ok(0);
    };
    let exists = svm
        .get_account(&first.address)
        .map_err(|error| format!("cannot read the chain: {error}"))?;
    if exists.is_some() {
        return Ok(0);
    }
    let count = accounts.len();
    for saved in accounts {
        let (address, account) = saved.into_account();
        // The same account in the runtime's (Agave 4.2) type.
        let account = surfpool_core::solana_account::Account {
            lamports: account.lamports,
            data: account.data,
            owner: account.owner,
            executable: account.executable,
            rent_epoch: account.rent_epoch,
        };
        svm.set_account(&address, account)
            .map_err(|error| format!("cannot write genesis account {address}: {error}"))?;
    }
    Ok(count)
}
