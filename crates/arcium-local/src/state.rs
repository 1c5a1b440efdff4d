//! What a local chain must keep to be resumed in another process: the cluster's secrets, the
//! deployer, every account the chain has written, and the logs of every transaction (the
//! re-encrypted records travel in callback events, so a provider reads them from history).

use serde::{Deserialize, Serialize};
use solana_account::Account;
use solana_program::pubkey::Pubkey;

/// One processed transaction, as a validator's transaction history would return it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessedTransaction {
    pub signature: String,
    pub accounts: Vec<Pubkey>,
    pub logs: Vec<String>,
}

/// An account as saved: the fields `solana_account::Account` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedAccount {
    pub address: Pubkey,
    pub lamports: u64,
    pub owner: Pubkey,
    pub rent_epoch: u64,
    pub data: Vec<u8>,
}

impl SavedAccount {
    pub fn new(address: Pubkey, account: Account) -> Self {
        Self {
            address,
            lamports: account.lamports,
            owner: account.owner,
            rent_epoch: account.rent_epoch,
            data: account.data,
        }
    }

    /// A list of accounts as one file holds them (a node's genesis).
    pub fn list_to_bytes(accounts: &[SavedAccount]) -> Vec<u8> {
        bincode::serialize(accounts).expect("accounts serialize")
    }

    pub fn list_from_bytes(bytes: &[u8]) -> Result<Vec<SavedAccount>, StateError> {
        bincode::deserialize(bytes).map_err(|error| StateError(error.to_string()))
    }

    pub fn into_account(self) -> (Pubkey, Account) {
        let account = Account {
            lamports: self.lamports,
            owner: self.owner,
            data: self.data,
            executable: false,
            rent_epoch: self.rent_epoch,
        };
        (self.address, account)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChainState {
    pub mxe_x25519_secret: [u8; 32],
    pub bls_secret: [u8; 32],
    pub node_authority: Vec<u8>,
    pub deployer: Vec<u8>,
    pub accounts: Vec<SavedAccount>,
    pub transactions: Vec<ProcessedTransaction>,
}

#[derive(Debug, thiserror::Error)]
#[error("the saved chain state is unreadable: {0}")]
pub struct StateError(String);

impl ChainState {
    pub fn to_bytes(&self) -> Vec<u8> {
        bincode::serialize(self).expect("chain state serializes")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, StateError> {
        bincode::deserialize(bytes).map_err(|error| StateError(error.to_string()))
    }
}
