//! A clinic ready to share: a funded patient whose example record is stored, and providers
//! registered and granted access to it. The end-to-end tests, the command line's tests and the
//! benchmarks set up their chains with it, on any [`Connection`] whose faucet answers airdrops
//! (the embedded chain, `medshare localnet`, devnet).

use crate::{
    client::{Client, Result},
    connection::Connection,
    record::{example_summary, ClinicalSummary, FieldSet},
    SecretKey,
};
use share_medical_records::state::PurposeOfUse;
use solana_keypair::Keypair;
use solana_program::native_token::LAMPORTS_PER_SOL;
use solana_signer::Signer;
use std::time::Duration;

/// What each new wallet is given: enough for hundreds of receipts and computations.
pub const FUNDING: u64 = 100 * LAMPORTS_PER_SOL;

/// A wallet and the x25519 key its record or its deliveries are encrypted under.
pub struct Person {
    pub wallet: Keypair,
    pub key: SecretKey,
}

impl Person {
    /// A new wallet and key, funded on `client`'s chain.
    pub async fn funded<C: Connection>(client: &mut Client<C>) -> Result<Self> {
        let person = Self {
            wallet: Keypair::new(),
            key: SecretKey::generate(),
        };
        (client.connection())
            .airdrop(person.wallet.pubkey(), FUNDING)
            .await?;
        Ok(person)
    }

    /// A new funded patient with `summary` stored as their record.
    pub async fn patient<C: Connection>(
        client: &mut Client<C>,
        summary: &ClinicalSummary,
    ) -> Result<Self> {
        let patient = Self::funded(client).await?;
        client
            .store_record(&patient.wallet, &patient.key, summary)
            .await?;
        Ok(patient)
    }
}

pub struct Clinic<C> {
    pub client: Client<C>,
    /// Holds [`example_summary`] under their key.
    pub patient: Person,
}

impl<C: Connection> Clinic<C> {
    /// A new patient on `connection`, with the example record stored.
    pub async fn open(connection: C) -> Result<Self> {
        let mut client = Client::new(connection);
        let patient = Person::patient(&mut client, &example_summary()).await?;
        Ok(Self { client, patient })
    }

    /// A new provider registered as `name`, granted `fields` for treatment for `lasting`.
    pub async fn provider(
        &mut self,
        name: &str,
        fields: FieldSet,
        lasting: Duration,
    ) -> Result<Person> {
        let provider = Person::funded(&mut self.client).await?;
        (self.client)
            .register_provider(
                &provider.wallet,
                provider.key.public_key(),
                name,
                "1234567893",
            )
            .await?;
        (self.client)
            .grant(
                &self.patient.wallet,
                &provider.wallet.pubkey(),
                fields,
                PurposeOfUse::Treatment,
                lasting,
            )
            .await?;
        Ok(provider)
    }
}
