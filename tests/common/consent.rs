//! Providers, grants, break-glass and requests, as the consent tests use them.

use super::{person, Person};
use medshare_sdk::{
    addresses,
    clinic::Clinic,
    connection::EmbeddedConnection,
    instructions::{self, DisclosureAccounts},
    ChainError, LocalChain, Receipt,
};
use share_medical_records::{
    state::{EmergencyJustification, FieldSet, Grant, ProviderProfile, PurposeOfUse},
    DisclosureRequest,
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::time::Duration;

pub const HOUR: i64 = 3_600;

/// A new person with a registered provider profile.
pub async fn provider(chain: &mut LocalChain, name: &str) -> Person {
    let provider = person(chain).await;
    let register = instructions::register_provider(
        &provider.wallet.pubkey(),
        provider.key.public_key(),
        name,
        "1234567893",
    );
    chain
        .send(&[register], &[&provider.wallet])
        .await
        .expect("register_provider");
    provider
}

pub async fn profile(chain: &mut LocalChain, provider: &Person) -> ProviderProfile {
    chain
        .anchor_account(addresses::provider(&provider.wallet.pubkey()))
        .await
        .expect("provider profile")
}

/// A chain with a patient's stored record, a registered provider and a treatment grant of every
/// field for an hour.
pub async fn granted_clinic() -> (LocalChain, Person, Person) {
    let connection = EmbeddedConnection::in_memory().await.unwrap();
    let mut clinic = Clinic::open(connection).await.unwrap();
    let hour = Duration::from_secs(HOUR as u64);
    let doctor = (clinic.provider("Dr. Ada Okafor", FieldSet::ALL, hour).await).unwrap();
    let chain = clinic.client.into_connection().into_chain();
    (chain, clinic.patient, doctor)
}

/// `patient` grants `provider` `fields` for treatment, for `lasting` seconds from now.
pub async fn grant(
    chain: &mut LocalChain,
    patient: &Person,
    provider: &Person,
    fields: FieldSet,
    lasting: i64,
) -> Result<Receipt, ChainError> {
    let expires_at = chain.now().await? + lasting;
    let grant = instructions::grant_access(
        &patient.wallet.pubkey(),
        &provider.wallet.pubkey(),
        fields,
        PurposeOfUse::Treatment,
        expires_at,
    );
    chain.send(&[grant], &[&patient.wallet]).await
}

pub fn grant_address(patient: &Person, provider: &Person) -> Pubkey {
    addresses::grant(&patient.wallet.pubkey(), &provider.wallet.pubkey())
}

pub async fn grant_account(chain: &mut LocalChain, patient: &Person, provider: &Person) -> Grant {
    chain
        .anchor_account(grant_address(patient, provider))
        .await
        .expect("grant account")
}

/// `provider` pulls `patient`'s record under its grant; only the provider signs.
pub async fn request(
    chain: &mut LocalChain,
    provider: &Person,
    patient: &Person,
    computation_offset: u64,
) -> Result<Receipt, ChainError> {
    let request = instructions::request_record(
        &provider.wallet.pubkey(),
        &patient.wallet.pubkey(),
        computation_offset,
    );
    chain.send(&[request], &[&provider.wallet]).await
}

/// A grant request with explicit accounts, signed by `requester`.
pub async fn request_with(
    chain: &mut LocalChain,
    requester: &Person,
    accounts: DisclosureAccounts,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Result<Receipt, ChainError> {
    let request = instructions::disclose_record(&accounts, computation_offset, request);
    chain.send(&[request], &[&requester.wallet]).await
}

/// Break-glass: `provider` pulls `patient`'s emergency fields.
pub async fn emergency(
    chain: &mut LocalChain,
    provider: &Person,
    patient: &Person,
    computation_offset: u64,
) -> Result<Receipt, ChainError> {
    let request = instructions::emergency_access(
        &provider.wallet.pubkey(),
        &patient.wallet.pubkey(),
        computation_offset,
        EmergencyJustification::PatientUnresponsive,
    );
    chain.send(&[request], &[&provider.wallet]).await
}

/// The deployer creates the access configuration with `authority` and a break-glass list.
pub async fn configure(chain: &mut LocalChain, authority: &Pubkey, emergency: Vec<Pubkey>) {
    let deployer = chain.deployer.insecure_clone();
    let initialize =
        instructions::initialize_access_config(&deployer.pubkey(), authority, emergency);
    chain
        .send(&[initialize], &[&deployer])
        .await
        .expect("initialize_access_config");
}
