//! A Solana runtime in this process (solana-program-test's bank) with the local Arcium cluster
//! attached: the Arcium and Lighthouse programs, the genesis accounts, and the executor that
//! delivers queued computations.

// solana-program-test 3.x marks its API as unstable Agave API; 3.x is the line whose syscall
// stubs Anchor's CPIs reach (see docs/local-arcium.md), so this module uses it knowingly.
#![allow(deprecated)]

use crate::{
    executor::{Outcome, PreparedCallback},
    genesis,
    keys::ClusterKeys,
    lighthouse, log_data,
    node::{ClusterNode, NodeError},
    program,
    state::{ChainState, ProcessedTransaction, SavedAccount},
    Receipt, LIGHTHOUSE_PROGRAM_ID,
};
use anchor_lang::AccountDeserialize;
use arcium_client::ARCIUM_PROGRAM_ID;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program::{clock::Clock, instruction::Instruction, pubkey::Pubkey};
use solana_program_test::processor;
use solana_program_test::{BanksClientError, ProgramTest, ProgramTestContext};
use solana_signer::Signer;
use solana_transaction::{versioned::VersionedTransaction, Transaction};
use std::{
    collections::{BTreeSet, VecDeque},
    path::PathBuf,
};

#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("the runtime failed: {0}")]
    Runtime(#[from] BanksClientError),
    #[error("transaction failed: {error}")]
    Transaction {
        error: solana_transaction_error::TransactionError,
        logs: Vec<String>,
    },
    #[error("no account at {0}")]
    MissingAccount(Pubkey),
    #[error("account {0} does not hold the expected data")]
    Malformed(Pubkey),
    #[error("computation {0} is not waiting for a callback")]
    NotQueued(u64),
    #[error("the saved chain state holds malformed keys")]
    MalformedState,
    #[error("the clock cannot move to slot {0}")]
    Warp(u64),
}

impl From<NodeError<BanksClientError>> for ChainError {
    fn from(error: NodeError<BanksClientError>) -> Self {
        match error {
            NodeError::Chain(error) => ChainError::Runtime(error),
            NodeError::NotQueued(offset) => ChainError::NotQueued(offset),
            NodeError::MissingAccount(address) => ChainError::MissingAccount(address),
            NodeError::Malformed(address) => ChainError::Malformed(address),
        }
    }
}

pub struct LocalChain {
    context: ProgramTestContext,
    /// Holds the MXE authority: it deploys computation definitions.
    pub deployer: Keypair,
    node: ClusterNode,
    queued: VecDeque<u64>,
    /// Every address a transaction or the genesis has written: what [`LocalChain::save`] keeps.
    touched: BTreeSet<Pubkey>,
    history: Vec<ProcessedTransaction>,
}

impl LocalChain {
    /// Starts a chain running `program_test` (which already holds the MXE program
    /// `mxe_program`) plus the local Arcium cluster. Circuit sources resolve against `circuits_root`.
    pub async fn start(
        program_test: ProgramTest,
        mxe_program: Pubkey,
        circuits_root: impl Into<PathBuf>,
    ) -> Self {
        let keys = ClusterKeys::generate();
        let deployer = Keypair::new();
        let accounts = genesis::funded_genesis(&keys, mxe_program, &deployer.pubkey());
        Self::launch(
            program_test,
            mxe_program,
            circuits_root.into(),
            keys,
            deployer,
            accounts,
            Vec::new(),
        )
        .await
    }

    /// Starts a chain where a saved one stopped: the same cluster keys, accounts and history.
    /// Computations queued before the save and not yet delivered are queued again.
    pub async fn resume(
        program_test: ProgramTest,
        mxe_program: Pubkey,
        circuits_root: impl Into<PathBuf>,
        state: ChainState,
    ) -> Result<Self, ChainError> {
        let keys = ClusterKeys::from_secrets(
            state.mxe_x25519_secret,
            state.bls_secret,
            &state.node_authority,
        )
        .ok_or(ChainError::MalformedState)?;
        let deployer =
            Keypair::try_from(state.deployer.as_slice()).map_err(|_| ChainError::MalformedState)?;
        let accounts = state
            .accounts
            .into_iter()
            .map(SavedAccount::into_account)
            .collect();
        let mut chain = Self::launch(
            program_test,
            mxe_program,
            circuits_root.into(),
            keys,
            deployer,
            accounts,
            state.transactions,
        )
        .await;
        let announced: Vec<u64> = (chain.history.iter())
            .flat_map(|transaction| log_data::queued_offsets(&transaction.logs))
            .collect();
        for offset in announced {
            match chain.node.queued(&chain.context.banks_client, offset).await {
                Ok(_) => chain.queued.push_back(offset),
                Err(NodeError::NotQueued(_)) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(chain)
    }

    async fn launch(
        mut program_test: ProgramTest,
        mxe_program: Pubkey,
        circuits_root: PathBuf,
        keys: ClusterKeys,
        deployer: Keypair,
        accounts: Vec<(Pubkey, Account)>,
        history: Vec<ProcessedTransaction>,
    ) -> Self {
        program_test.add_program("arcium", ARCIUM_PROGRAM_ID, processor!(program::process));
        program_test.add_program(
            "lighthouse",
            LIGHTHOUSE_PROGRAM_ID,
            processor!(lighthouse::process),
        );
        let mut touched = BTreeSet::new();
        for (address, account) in accounts {
            touched.insert(address);
            program_test.add_account(address, account);
        }
        let context = program_test.start_with_context().await;
        log_data::install();
        Self {
            context,
            deployer,
            node: ClusterNode::new(keys, &mxe_program, circuits_root),
            queued: VecDeque::new(),
            touched,
            history,
        }
    }

    /// Everything [`LocalChain::resume`] needs to continue this chain in another process.
    pub async fn save(&mut self) -> Result<ChainState, ChainError> {
        let faucet = self.context.payer.pubkey();
        let accounts = (self.written_accounts().await?.into_iter())
            .filter(|(address, account)| !account.executable && *address != faucet)
            .map(|(address, account)| SavedAccount::new(address, account))
            .collect();
        let keys = self.node.keys();
        Ok(ChainState {
            mxe_x25519_secret: keys.mxe_x25519.to_bytes(),
            bls_secret: keys.bls.0,
            node_authority: keys.node_authority.to_bytes().to_vec(),
            deployer: self.deployer.to_bytes().to_vec(),
            accounts,
            transactions: self.history.clone(),
        })
    }

    /// Transactions that named `address`, oldest first.
    pub fn transactions_naming(
        &self,
        address: Pubkey,
    ) -> impl DoubleEndedIterator<Item = &ProcessedTransaction> + '_ {
        self.history
            .iter()
            .filter(move |transaction| transaction.accounts.contains(&address))
    }

    /// Every account owned by `owner` that a transaction or the genesis wrote (the embedded
    /// answer to `getProgramAccounts`).
    pub async fn accounts_owned_by(
        &mut self,
        owner: Pubkey,
    ) -> Result<Vec<(Pubkey, Account)>, ChainError> {
        let mut written = self.written_accounts().await?;
        written.retain(|(_, account)| account.owner == owner);
        Ok(written)
    }

    /// Every account a transaction or the genesis named that still exists: the whole state a
    /// test can compare before and after a step.
    pub async fn written_accounts(&mut self) -> Result<Vec<(Pubkey, Account)>, ChainError> {
        let mut written = Vec::new();
        for address in self.touched.clone() {
            if let Some(account) = self.account(address).await? {
                written.push((address, account));
            }
        }
        Ok(written)
    }

    /// The MXE's x25519 public key, which clients encrypt against.
    pub fn mxe_public_key(&self) -> [u8; 32] {
        self.node.keys().mxe_public_key()
    }

    /// The node that signs and pays for callback transactions.
    pub fn node_authority(&self) -> Pubkey {
        self.node.keys().node_authority.pubkey()
    }

    /// A funded keypair for a new user.
    pub async fn funded_keypair(&mut self, lamports: u64) -> Result<Keypair, ChainError> {
        let user = Keypair::new();
        self.airdrop(user.pubkey(), lamports).await?;
        Ok(user)
    }

    /// Sends `lamports` to `recipient` from the chain's faucet.
    pub async fn airdrop(
        &mut self,
        recipient: Pubkey,
        lamports: u64,
    ) -> Result<Receipt, ChainError> {
        let faucet = self.context.payer.insecure_clone();
        let transfer =
            solana_system_interface::instruction::transfer(&faucet.pubkey(), &recipient, lamports);
        self.send(&[transfer], &[&faucet]).await
    }

    /// Signs with `signers` (the first pays) and processes the transaction.
    pub async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Receipt, ChainError> {
        let blockhash = self.context.banks_client.get_latest_blockhash().await?;
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&signers[0].pubkey()),
            signers,
            blockhash,
        );
        self.process(transaction.into()).await
    }

    /// Processes `transaction`, recording the accounts it names and its logs.
    async fn process(&mut self, transaction: VersionedTransaction) -> Result<Receipt, ChainError> {
        let signature = transaction.signatures[0];
        let mut accounts = transaction.message.static_account_keys().to_vec();
        if transaction.message.address_table_lookups().is_some() {
            // Only the MXE's own table is used, and it holds genesis accounts.
            accounts.extend(self.node.lookup_table().addresses.iter().copied());
        }
        self.touched.extend(accounts.iter().copied());
        let size = bincode::serialized_size(&transaction).expect("transactions serialize") as usize;
        let result = self
            .context
            .banks_client
            .process_transaction_with_metadata(transaction)
            .await?;
        let logs: Vec<String> = result
            .metadata
            .map(|metadata| {
                metadata
                    .log_messages
                    .into_iter()
                    .map(log_data::normalize)
                    .collect()
            })
            .unwrap_or_default();
        match result.result {
            Ok(()) => {
                self.queued.extend(log_data::queued_offsets(&logs));
                self.history.push(ProcessedTransaction {
                    signature: signature.to_string(),
                    accounts,
                    logs: logs.clone(),
                });
                Ok(Receipt {
                    signature,
                    logs,
                    size,
                })
            }
            Err(error) => Err(ChainError::Transaction { error, logs }),
        }
    }

    pub async fn account(&mut self, address: Pubkey) -> Result<Option<Account>, ChainError> {
        Ok(self.context.banks_client.get_account(address).await?)
    }

    /// Deserializes the Anchor account at `address`.
    pub async fn anchor_account<T: AccountDeserialize>(
        &mut self,
        address: Pubkey,
    ) -> Result<T, ChainError> {
        let account = self
            .account(address)
            .await?
            .ok_or(ChainError::MissingAccount(address))?;
        T::try_deserialize(&mut account.data.as_slice()).map_err(|_| ChainError::Malformed(address))
    }

    /// Writes `account` at `address` outside any transaction. Tests and the fuzzer use it to
    /// stage a state a deployment reaches another way, such as an MXE deployed without an
    /// authority.
    pub fn set_account(&mut self, address: Pubkey, account: &Account) {
        self.touched.insert(address);
        self.context.set_account(&address, &account.clone().into());
    }

    /// The chain's clock, in Unix seconds.
    pub async fn now(&mut self) -> Result<i64, ChainError> {
        let clock: Clock = self.context.banks_client.get_sysvar().await?;
        Ok(clock.unix_timestamp)
    }

    /// Moves the chain `slots` slots forward (queued computations expire from the mempool).
    pub async fn advance_slots(&mut self, slots: u64) -> Result<(), ChainError> {
        let clock: Clock = self.context.banks_client.get_sysvar().await?;
        let slot = clock.slot + slots;
        self.context
            .warp_to_slot(slot)
            .map_err(|_| ChainError::Warp(slot))
    }

    /// Moves the chain's clock `seconds` forward, as the passing of time would (grants expire).
    pub async fn advance_clock(&mut self, seconds: i64) -> Result<(), ChainError> {
        let mut clock: Clock = self.context.banks_client.get_sysvar().await?;
        clock.unix_timestamp += seconds;
        self.context.set_sysvar(&clock);
        Ok(())
    }

    /// Computations queued by transactions sent so far and not yet delivered, oldest first.
    pub fn queued(&self) -> impl Iterator<Item = u64> + '_ {
        self.queued.iter().copied()
    }

    /// Runs the computation and builds its callback, with `outcome` overriding the execution
    /// (as a cluster that aborts would).
    pub async fn prepare_callback(
        &mut self,
        offset: u64,
        outcome: Option<Outcome>,
    ) -> Result<PreparedCallback, ChainError> {
        let banks = &self.context.banks_client;
        let account = match self.node.queued(banks, offset).await {
            Ok(account) => account,
            Err(error) => {
                if let NodeError::NotQueued(_) = error {
                    self.queued.retain(|queued| *queued != offset);
                }
                return Err(error.into());
            }
        };
        Ok(self.node.callback(banks, offset, account, outcome).await?)
    }

    /// Sends a callback transaction signed by the cluster's node.
    pub async fn send_callback(
        &mut self,
        callback: &PreparedCallback,
    ) -> Result<Receipt, ChainError> {
        let transaction = self.node.sign(&self.context.banks_client, callback).await?;
        let receipt = self.process(transaction).await?;
        let offset = callback.computation.offset;
        self.queued.retain(|queued| *queued != offset);
        Ok(receipt)
    }

    /// Executes and delivers one queued computation.
    pub async fn deliver(&mut self, offset: u64) -> Result<(Outcome, Receipt), ChainError> {
        let callback = self.prepare_callback(offset, None).await?;
        let receipt = self.send_callback(&callback).await?;
        Ok((callback.outcome, receipt))
    }

    /// Delivers every queued computation still deliverable, oldest first.
    pub async fn deliver_all(&mut self) -> Result<Vec<(u64, Outcome, Receipt)>, ChainError> {
        let mut delivered = Vec::new();
        while let Some(offset) = self.queued.front().copied() {
            match self.deliver(offset).await {
                Ok((outcome, receipt)) => delivered.push((offset, outcome, receipt)),
                Err(ChainError::NotQueued(_)) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(delivered)
    }
}
