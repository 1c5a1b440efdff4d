//! A Solana JSON-RPC node as a [`Connection`]: a local node, devnet or mainnet.

use super::{matches_query, Connection, Error};
use crate::Receipt;
use solana_account::Account;
use solana_account_decoder_client_types::UiAccountEncoding;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, pubkey::Pubkey};
use solana_rpc_client::{
    nonblocking::rpc_client::RpcClient, rpc_client::GetConfirmedSignaturesForAddress2Config,
};
use solana_rpc_client_api::{
    client_error::{Error as ClientError, ErrorKind},
    config::{RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcTransactionConfig},
    filter::{Memcmp, RpcFilterType},
    request::{RpcError, RpcResponseErrorData},
};
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_status_client_types::{
    option_serializer::OptionSerializer, UiTransactionEncoding,
};
use std::time::Duration;

/// How long [`Connection::settle`] lets a real cluster work between two looks.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The most signatures `getSignaturesForAddress` returns in one page.
const SIGNATURES_PER_PAGE: usize = 1_000;

pub struct RpcConnection {
    client: RpcClient,
}

impl RpcConnection {
    /// Talks to the node at `url`, reading at `confirmed` commitment.
    pub fn new(url: &str) -> Self {
        Self {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
        }
    }

    /// The logs of the confirmed transaction `signature` (legacy or v0); none if the node kept
    /// none.
    async fn logs_of(&self, signature: &Signature) -> Result<Vec<String>, Error> {
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Json),
            commitment: Some(CommitmentConfig::confirmed()),
            max_supported_transaction_version: Some(0),
        };
        let transaction = self
            .client
            .get_transaction_with_config(signature, config)
            .await
            .map_err(unreachable)?;
        Ok(
            match transaction.transaction.meta.map(|meta| meta.log_messages) {
                Some(OptionSerializer::Some(logs)) => logs,
                _ => Vec::new(),
            },
        )
    }
}

impl Connection for RpcConnection {
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Receipt, Error> {
        let blockhash = self
            .client
            .get_latest_blockhash()
            .await
            .map_err(unreachable)?;
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&signers[0].pubkey()),
            signers,
            blockhash,
        );
        let size = bincode::serialized_size(&transaction).expect("transactions serialize") as usize;
        let signature = self
            .client
            .send_and_confirm_transaction(&transaction)
            .await
            .map_err(failed)?;
        let logs = self.logs_of(&signature).await?;
        Ok(Receipt {
            signature,
            logs,
            size,
        })
    }

    async fn account(&mut self, address: Pubkey) -> Result<Option<Account>, Error> {
        let response = self
            .client
            .get_account_with_commitment(&address, CommitmentConfig::confirmed())
            .await
            .map_err(unreachable)?;
        Ok(response.value)
    }

    async fn program_accounts(
        &mut self,
        discriminator: &[u8],
        filter: Option<(usize, &[u8])>,
    ) -> Result<Vec<(Pubkey, Account)>, Error> {
        let program = share_medical_records::ID;
        let config = account_query(discriminator, filter);
        let accounts = self
            .client
            .get_program_ui_accounts_with_config(&program, config)
            .await
            .map_err(unreachable)?;
        let mut decoded = Vec::new();
        for (address, account) in accounts {
            let account: Account = account.decode().ok_or(Error::Malformed(address))?;
            // The node applied the filters; checking again costs nothing and guards a lax node.
            if matches_query(&account, &program, discriminator, filter) {
                decoded.push((address, account));
            }
        }
        Ok(decoded)
    }

    async fn find_transaction_logs(
        &mut self,
        address: Pubkey,
        mut wanted: impl FnMut(&[String]) -> bool,
    ) -> Result<Option<Vec<String>>, Error> {
        // Newest first, a page at a time, each page before the last signature of the one before.
        let mut before = None;
        loop {
            let config = GetConfirmedSignaturesForAddress2Config {
                before,
                until: None,
                limit: Some(SIGNATURES_PER_PAGE),
                commitment: Some(CommitmentConfig::confirmed()),
            };
            let page = self
                .client
                .get_signatures_for_address_with_config(&address, config)
                .await
                .map_err(unreachable)?;
            for status in &page {
                let signature: Signature = status.signature.parse().map_err(|_| {
                    Error::Unreachable(format!("bad signature {}", status.signature))
                })?;
                before = Some(signature);
                if status.err.is_some() {
                    continue;
                }
                let logs = self.logs_of(&signature).await?;
                if wanted(&logs) {
                    return Ok(Some(logs));
                }
            }
            if page.len() < SIGNATURES_PER_PAGE {
                return Ok(None);
            }
        }
    }

    async fn airdrop(&mut self, recipient: Pubkey, lamports: u64) -> Result<(), Error> {
        let signature = self
            .client
            .request_airdrop(&recipient, lamports)
            .await
            .map_err(unreachable)?;
        self.client
            .poll_for_signature(&signature)
            .await
            .map_err(unreachable)
    }

    async fn settle(&mut self) -> Result<(), Error> {
        tokio::time::sleep(POLL_INTERVAL).await;
        Ok(())
    }

    fn describe(&self) -> String {
        self.client.url()
    }
}

/// A `getProgramAccounts` query for accounts whose data starts with `discriminator` and holds
/// `bytes` at `offset`, returned in base64.
fn account_query(discriminator: &[u8], filter: Option<(usize, &[u8])>) -> RpcProgramAccountsConfig {
    let mut filters = vec![RpcFilterType::Memcmp(Memcmp::new_base58_encoded(
        0,
        discriminator,
    ))];
    if let Some((offset, bytes)) = filter {
        filters.push(RpcFilterType::Memcmp(Memcmp::new_base58_encoded(
            offset, bytes,
        )));
    }
    RpcProgramAccountsConfig {
        filters: Some(filters),
        account_config: RpcAccountInfoConfig {
            encoding: Some(UiAccountEncoding::Base64),
            ..RpcAccountInfoConfig::default()
        },
        ..RpcProgramAccountsConfig::default()
    }
}

fn unreachable(error: ClientError) -> Error {
    Error::Unreachable(error.to_string())
}

/// A send that the node refused: a transaction error with the simulation's logs when the
/// preflight check caught it, otherwise a transport failure.
fn failed(error: ClientError) -> Error {
    let Some(transaction_error) = error.get_transaction_error() else {
        return unreachable(error);
    };
    let logs = match error.kind() {
        ErrorKind::RpcError(RpcError::RpcResponseError {
            data: RpcResponseErrorData::SendTransactionPreflightFailure(simulation),
            ..
        }) => simulation.logs.clone().unwrap_or_default(),
        _ => Vec::new(),
    };
    Error::Transaction {
        error: transaction_error,
        logs,
    }
}
