//! The demo's chain and the small steps it repeats: send and report, deliver and report. It
//! drives the SDK's client on an in-memory embedded chain, and reaches into the local cluster
//! only to choose when each computation is delivered.

use anyhow::{bail, Context};
use medshare_sdk::{
    client::{Client, ClientError},
    connection::{Connection, EmbeddedConnection, Error as ChainError},
    events::{decode_events, MedshareEvent},
    LocalChain, SecretKey,
};
use share_medical_records::{errors::MedshareError, state::PatientRecord};
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_program::{instruction::Instruction, native_token::LAMPORTS_PER_SOL};
use solana_signer::Signer;
use solana_transaction_error::TransactionError;

/// A person in the story: a wallet and an x25519 encryption key.
pub struct Actor {
    pub wallet: Keypair,
    pub key: SecretKey,
}

pub struct Stage {
    pub client: Client<EmbeddedConnection>,
    pub mxe_key: [u8; 32],
    counter: u64,
}

impl Stage {
    pub async fn start() -> anyhow::Result<Self> {
        let connection = EmbeddedConnection::in_memory()
            .await
            .context("starting the embedded chain")?;
        let mut client = Client::new(connection);
        Ok(Stage {
            mxe_key: client.mxe_public_key().await?,
            client,
            counter: 0,
        })
    }

    pub async fn actor(&mut self, role: &str) -> anyhow::Result<Actor> {
        let wallet = Keypair::new();
        (self.client.connection())
            .airdrop(wallet.pubkey(), 10 * LAMPORTS_PER_SOL)
            .await?;
        println!("   {role:<19}wallet {}", wallet.pubkey());
        Ok(Actor {
            wallet,
            key: SecretKey::generate(),
        })
    }

    /// A computation offset not used before on this chain.
    pub fn next_offset(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    pub async fn send(
        &mut self,
        label: &str,
        instruction: Instruction,
        signer: &Keypair,
    ) -> anyhow::Result<()> {
        let receipt = self
            .client
            .send(instruction, signer)
            .await
            .with_context(|| format!("{label} failed"))?;
        println!(
            "   {label:<30} tx {} ({} bytes)",
            short(&receipt.signature.to_string()),
            receipt.size
        );
        Ok(())
    }

    /// Sends a request the program must refuse with `expected`, and shows the refusal.
    pub async fn expect_refusal(
        &mut self,
        label: &str,
        instruction: Instruction,
        signer: &Keypair,
        expected: MedshareError,
    ) -> anyhow::Result<()> {
        match self.client.send(instruction, signer).await {
            Err(ClientError::Chain(ChainError::Transaction {
                error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
                ..
            })) if code == u32::from(expected) => {
                println!("   {label:<30} refused: {expected} (error {code})");
                Ok(())
            }
            other => bail!("{label}: expected {expected}, got {other:?}"),
        }
    }

    /// Lets the cluster run computation `offset`, which must disclose a record, a document key,
    /// an attestation or an answer.
    pub async fn deliver(&mut self, offset: u64) -> anyhow::Result<()> {
        let (outcome, receipt) = self.chain().deliver(offset).await?;
        let disclosed = decode_events(&receipt.logs)
            .into_iter()
            .find_map(|event| match event {
                MedshareEvent::RecordDisclosed(disclosed) => {
                    Some((disclosed.ciphertexts.len(), disclosed.recipient_key))
                }
                MedshareEvent::DocumentKeyDisclosed(disclosed) => Some((
                    disclosed.delivered.ciphertexts.len(),
                    disclosed.delivered.recipient_key,
                )),
                MedshareEvent::AttestationDisclosed(disclosed) => Some((
                    disclosed.delivered.ciphertexts.len(),
                    disclosed.delivered.recipient_key,
                )),
                MedshareEvent::QuestionAnswered(answered) => {
                    Some((answered.ciphertexts.len(), answered.recipient_key))
                }
                _ => None,
            });
        let Some((ciphertexts, recipient_key)) = disclosed else {
            bail!("computation {offset} delivered nothing: {outcome:?}");
        };
        println!(
            "   {:<30} tx {} ({} bytes): BLS-verified, {ciphertexts} ciphertexts for key {}",
            "cluster callback",
            short(&receipt.signature.to_string()),
            receipt.size,
            crate::display::short_hex(&recipient_key)
        );
        Ok(())
    }

    /// Lets the cluster run computation `offset`, on a record not bound to its requester.
    pub async fn deliver_unbound(&mut self, offset: u64) -> anyhow::Result<()> {
        let (outcome, receipt) = self.chain().deliver(offset).await?;
        let refused = decode_events(&receipt.logs).into_iter().any(|event| {
            matches!(event, MedshareEvent::DisclosureFailed(failed) if failed.reason == "RecordNotBound")
        });
        if !refused {
            bail!("computation {offset} was not refused: {outcome:?}");
        }
        println!(
            "   {:<30} tx {} ({} bytes): the binding tag fails, the cluster released only zeros",
            "cluster callback",
            short(&receipt.signature.to_string()),
            receipt.size
        );
        Ok(())
    }

    /// Lets the cluster run the key rotation `offset`; the callback writes the record.
    pub async fn deliver_rotation(&mut self, offset: u64) -> anyhow::Result<()> {
        let (outcome, receipt) = self.chain().deliver(offset).await?;
        if !decode_events(&receipt.logs)
            .iter()
            .any(|event| matches!(event, MedshareEvent::RecordResealed(_)))
        {
            bail!("the key rotation was not written back: {outcome:?}");
        }
        println!(
            "   {:<30} tx {} ({} bytes): the record is written back",
            "cluster callback",
            short(&receipt.signature.to_string()),
            receipt.size
        );
        Ok(())
    }

    pub async fn record(&mut self, owner: &Actor) -> anyhow::Result<PatientRecord> {
        Ok(self.client.record(&owner.wallet.pubkey()).await?)
    }

    /// The local cluster, to deliver computations one at a time.
    pub fn chain(&mut self) -> &mut LocalChain {
        self.client.connection().chain()
    }
}

fn short(text: &str) -> String {
    format!("{}..", &text[..16.min(text.len())])
}
