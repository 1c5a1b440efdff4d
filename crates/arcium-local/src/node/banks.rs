//! The embedded chain, read through solana-program-test's banks client.

use super::ServedChain;
use solana_account::Account;
use solana_program::{clock::Clock, hash::Hash, pubkey::Pubkey};
use solana_program_test::{BanksClient, BanksClientError};

impl ServedChain for BanksClient {
    type Error = BanksClientError;

    async fn account(&self, address: &Pubkey) -> Result<Option<Account>, Self::Error> {
        self.get_account(*address).await
    }

    async fn balance(&self, address: &Pubkey) -> Result<u64, Self::Error> {
        self.get_balance(*address).await
    }

    async fn latest_blockhash(&self) -> Result<Hash, Self::Error> {
        self.get_latest_blockhash().await
    }

    async fn slot(&self) -> Result<u64, Self::Error> {
        Ok(self.get_sysvar::<Clock>().await?.slot)
    }
}
