//! The embedded chain as a [`Connection`]: in memory for tests and the demo, or kept in a ledger
//! directory so that successive `medshare` commands see one chain.

use super::{matches_query, Connection, Error};
use crate::{embedded, Receipt};
use arcium_local::{ChainError, ChainState, LocalChain};
use solana_account::Account;
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, pubkey::Pubkey};
use std::{
    fs::{self, File},
    io::Write,
    path::{Path, PathBuf},
};

const STATE_FILE: &str = "chain.bin";
const LOCK_FILE: &str = "lock";
/// The first line of a ledger's state file: its record format. Ledgers of format 1 had none.
const LEDGER_HEADER: &[u8] = b"medshare ledger, record format 2\n";
const LEDGER_HEADER_STEM: &[u8] = b"medshare ledger, record format ";

impl From<ChainError> for Error {
    fn from(error: ChainError) -> Self {
        match error {
            ChainError::Transaction { error, logs } => Error::Transaction { error, logs },
            ChainError::MissingAccount(address) => Error::MissingAccount(address),
            ChainError::Malformed(address) => Error::Malformed(address),
            ChainError::MalformedState => Error::Ledger(error.to_string()),
            ChainError::Runtime(_) | ChainError::NotQueued(_) | ChainError::Warp(_) => {
                Error::Unreachable(error.to_string())
            }
        }
    }
}

pub struct EmbeddedConnection {
    chain: LocalChain,
    ledger: Option<Ledger>,
}

/// A ledger directory, held exclusively while open.
struct Ledger {
    dir: PathBuf,
    _lock: File,
}

impl EmbeddedConnection {
    /// A new chain that lives as long as this value.
    pub async fn in_memory() -> Result<Self, Error> {
        Ok(Self {
            chain: embedded::start().await?,
            ledger: None,
        })
    }

    /// A connection to a chain started by the caller, kept in memory.
    pub fn from_chain(chain: LocalChain) -> Self {
        Self {
            chain,
            ledger: None,
        }
    }

    /// The chain kept in `dir`, created on first use. Another process opening the same
    /// directory waits until this one is dropped.
    pub async fn open(dir: &Path) -> Result<Self, Error> {
        let ledger_error = |what: &str, error: std::io::Error| {
            Error::Ledger(format!("{what} {}: {error}", dir.display()))
        };
        fs::create_dir_all(dir).map_err(|error| ledger_error("cannot create", error))?;
        let lock = File::create(dir.join(LOCK_FILE))
            .map_err(|error| ledger_error("cannot lock", error))?;
        lock.lock()
            .map_err(|error| ledger_error("cannot lock", error))?;
        let (chain, created) = match fs::read(dir.join(STATE_FILE)) {
            Ok(bytes) => {
                let state = ChainState::from_bytes(ledger_state(dir, &bytes)?)
                    .map_err(|error| Error::Ledger(error.to_string()))?;
                (embedded::resume(state).await?, false)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                (embedded::start().await?, true)
            }
            Err(error) => return Err(ledger_error("cannot read", error)),
        };
        let mut connection = Self {
            chain,
            ledger: Some(Ledger {
                dir: dir.to_path_buf(),
                _lock: lock,
            }),
        };
        // A new chain's keys and genesis are kept at once; a resumed one is already on disk.
        if created {
            connection.save().await?;
        }
        Ok(connection)
    }

    /// The chain itself, for what only a local chain can do (deploy, play a dishonest node).
    pub fn chain(&mut self) -> &mut LocalChain {
        &mut self.chain
    }

    /// The chain alone, for a test that goes on without a connection's flows.
    pub fn into_chain(self) -> LocalChain {
        self.chain
    }

    /// Writes the chain to its ledger: to a new file first, then renamed over the old one, so a
    /// crash leaves either the previous state or this one, never half of one.
    async fn save(&mut self) -> Result<(), Error> {
        let Some(ledger) = &self.ledger else {
            return Ok(());
        };
        let bytes = [LEDGER_HEADER, &self.chain.save().await?.to_bytes()].concat();
        let staged = ledger.dir.join(format!("{STATE_FILE}.new"));
        let write = || -> std::io::Result<()> {
            let mut file = File::create(&staged)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            fs::rename(&staged, ledger.dir.join(STATE_FILE))
        };
        write().map_err(|error| {
            Error::Ledger(format!("cannot write {}: {error}", ledger.dir.display()))
        })
    }
}

/// The chain state in a ledger's file, refused by name if an earlier medshare wrote it: format 1
/// had no header, later formats name theirs.
fn ledger_state<'a>(dir: &Path, bytes: &'a [u8]) -> Result<&'a [u8], Error> {
    if let Some(state) = bytes.strip_prefix(LEDGER_HEADER) {
        return Ok(state);
    }
    let format = match bytes.strip_prefix(LEDGER_HEADER_STEM) {
        Some(rest) => {
            let line = rest.split(|byte| *byte == b'\n').next().unwrap_or_default();
            String::from_utf8_lossy(line).into_owned()
        }
        None => {
            ChainState::from_bytes(bytes).map_err(|error| Error::Ledger(error.to_string()))?;
            "1".to_string()
        }
    };
    Err(Error::Ledger(format!(
        "{} holds a chain in record format {format}; this medshare reads format 2 only. \
         Move the directory aside (or pass another --ledger) to start a new chain",
        dir.display()
    )))
}

impl Connection for EmbeddedConnection {
    async fn send(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<Receipt, Error> {
        let sent = self.chain.send(instructions, signers).await;
        // A failed transaction still charges its fee.
        self.save().await?;
        Ok(sent?)
    }

    async fn account(&mut self, address: Pubkey) -> Result<Option<Account>, Error> {
        Ok(self.chain.account(address).await?)
    }

    async fn program_accounts(
        &mut self,
        discriminator: &[u8],
        filter: Option<(usize, &[u8])>,
    ) -> Result<Vec<(Pubkey, Account)>, Error> {
        let owned = self
            .chain
            .accounts_owned_by(share_medical_records::ID)
            .await?;
        Ok(owned
            .into_iter()
            .filter(|(_, account)| {
                matches_query(account, &share_medical_records::ID, discriminator, filter)
            })
            .collect())
    }

    async fn find_transaction_logs(
        &mut self,
        address: Pubkey,
        mut wanted: impl FnMut(&[String]) -> bool,
    ) -> Result<Option<Vec<String>>, Error> {
        Ok(self
            .chain
            .transactions_naming(address)
            .rev()
            .find(|transaction| wanted(&transaction.logs))
            .map(|transaction| transaction.logs.clone()))
    }

    async fn airdrop(&mut self, recipient: Pubkey, lamports: u64) -> Result<(), Error> {
        self.chain.airdrop(recipient, lamports).await?;
        self.save().await
    }

    async fn settle(&mut self) -> Result<(), Error> {
        self.chain.deliver_all().await?;
        self.save().await
    }

    fn describe(&self) -> String {
        match &self.ledger {
            Some(ledger) => format!("embedded chain in {}", ledger.dir.display()),
            None => "embedded chain in memory".to_string(),
        }
    }
}
