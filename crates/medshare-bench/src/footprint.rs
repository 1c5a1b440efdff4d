//! On-chain footprint: bytes and rent per account, and the serialized size of every
//! transaction the product sends (callbacks included) against Solana's 1,232-byte limit,
//! measured by running each once on the embedded chain.

use crate::table::{thousands, Table};
use anchor_lang::Space;
use arcium_local::log_data::data_payloads;
use medshare_sdk::{
    client::Client,
    connection::{Connection, EmbeddedConnection},
    instructions,
    record::{example_summary, rotation_tag, seal_record, FieldSet},
    Receipt, SecretKey,
};
use share_medical_records::state::{
    AccessConfig, Accreditation, Attestation, Disclosure, Document, EmergencyJustification, Grant,
    KeyRotation, PatientRecord, ProviderProfile, PurposeOfUse, Study, StudyMembership, StudyShard,
};
use solana_keypair::Keypair;
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_program::{hash::Hash, instruction::Instruction, pubkey::Pubkey};
use solana_program::{native_token::LAMPORTS_PER_SOL, rent::Rent};
use solana_signature::Signature;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;

/// Solana's limit on a serialized transaction (the IPv6 MTU less headers).
pub const PACKET_LIMIT: usize = 1_232;
/// The headroom every transaction should keep under the limit.
const HEADROOM_TARGET: f64 = 0.30;

pub struct Footprint {
    pub accounts: Table,
    pub transactions: Table,
    /// Every kind of transaction, measured once.
    pub sent: Vec<Sent>,
}

pub fn accounts() -> Table {
    let rent = Rent::default();
    let mut table = Table::new(
        "Accounts",
        &["account", "bytes", "rent-exempt deposit (SOL)", "one per"],
    );
    for (name, space, per) in [
        ("PatientRecord", PatientRecord::INIT_SPACE, "patient"),
        (
            "ProviderProfile (longest name and identifier)",
            ProviderProfile::INIT_SPACE,
            "provider",
        ),
        ("Grant", Grant::INIT_SPACE, "patient and provider"),
        ("Disclosure (receipt)", Disclosure::INIT_SPACE, "disclosure"),
        (
            "KeyRotation (receipt)",
            KeyRotation::INIT_SPACE,
            "key rotation",
        ),
        (
            "AccessConfig (16 break-glass providers)",
            AccessConfig::INIT_SPACE,
            "deployment",
        ),
        ("Study", Study::INIT_SPACE, "study"),
        ("StudyShard", StudyShard::INIT_SPACE, "study (4 of them)"),
        (
            "StudyMembership (the tallies before and after its join)",
            StudyMembership::INIT_SPACE,
            "patient and study",
        ),
        ("Document", Document::INIT_SPACE, "document"),
        ("Attestation", Attestation::INIT_SPACE, "attestation"),
        (
            "Accreditation",
            Accreditation::INIT_SPACE,
            "accredited provider",
        ),
    ] {
        let bytes = 8 + space;
        table.row(vec![
            name.into(),
            thousands(bytes as u64),
            format!(
                "{:.6}",
                rent.minimum_balance(bytes) as f64 / LAMPORTS_PER_SOL as f64
            ),
            per.into(),
        ]);
    }
    table.note("Bytes include Anchor's 8-byte discriminator; deposits at the default rent (the payer gets them back when an account is closed).");
    table
}

/// One transaction as sent, with what the compute estimate needs from it.
pub struct Sent {
    pub name: String,
    pub bytes: usize,
    /// Size if sent as a v0 transaction with every eligible account in a lookup table.
    pub bytes_with_lookup_table: usize,
    /// Accounts of medshare's own instruction in it.
    pub accounts: usize,
    /// Bytes of event data logged (medshare's and Arcium's).
    pub event_bytes: usize,
}

pub(crate) struct Recorder {
    pub(crate) client: Client<EmbeddedConnection>,
    sent: Vec<Sent>,
}

impl Recorder {
    pub(crate) async fn send(
        &mut self,
        name: &str,
        instruction: Instruction,
        signer: &Keypair,
    ) -> anyhow::Result<()> {
        let accounts = instruction.accounts.len();
        let receipt = self.client.send(instruction.clone(), signer).await?;
        self.note(name, &receipt, &[instruction], signer.pubkey(), accounts);
        Ok(())
    }

    /// Lets the cluster answer computation `offset`, recording its callback transaction.
    pub(crate) async fn deliver(&mut self, name: &str, offset: u64) -> anyhow::Result<()> {
        let chain = self.client.connection().chain();
        let callback = chain.prepare_callback(offset, None).await?;
        let receipt = chain.send_callback(&callback).await?;
        let ours = (callback.instructions.iter())
            .find(|instruction| instruction.program_id == share_medical_records::ID)
            .map_or(0, |instruction| instruction.accounts.len());
        let payer = chain.node_authority();
        self.note(name, &receipt, &callback.instructions, payer, ours);
        Ok(())
    }

    fn note(
        &mut self,
        name: &str,
        receipt: &Receipt,
        instructions: &[Instruction],
        payer: Pubkey,
        accounts: usize,
    ) {
        self.sent.push(Sent {
            name: name.to_string(),
            bytes: receipt.size,
            bytes_with_lookup_table: with_lookup_table(instructions, payer),
            accounts,
            event_bytes: data_payloads(&receipt.logs).map(|data| data.len()).sum(),
        });
    }
}

/// The serialized size of the same instructions as a v0 transaction whose non-signer,
/// non-program accounts all come from one address lookup table.
fn with_lookup_table(instructions: &[Instruction], payer: Pubkey) -> usize {
    let table = AddressLookupTableAccount {
        key: Pubkey::new_unique(),
        addresses: instructions
            .iter()
            .flat_map(|instruction| instruction.accounts.iter().map(|meta| meta.pubkey))
            .collect(),
    };
    let message = v0::Message::try_compile(&payer, instructions, &[table], Hash::default())
        .expect("the instructions compile into a v0 message");
    let signatures = usize::from(message.header.num_required_signatures);
    let transaction = VersionedTransaction {
        signatures: vec![Signature::default(); signatures],
        message: VersionedMessage::V0(message),
    };
    bincode::serialized_size(&transaction).expect("transactions serialize") as usize
}

/// Sends every kind of transaction once and records its size.
pub async fn transactions() -> anyhow::Result<Footprint> {
    let mut recorder = Recorder {
        client: Client::new(EmbeddedConnection::in_memory().await?),
        sent: Vec::new(),
    };
    let [patient, provider, physician] = [(); 3].map(|_| Keypair::new());
    for wallet in [&patient, &provider, &physician] {
        recorder
            .client
            .connection()
            .airdrop(wallet.pubkey(), 10 * LAMPORTS_PER_SOL)
            .await?;
    }
    let [patient_key, provider_key, physician_key] = [(); 3].map(|_| SecretKey::generate());
    let mxe_key = recorder.client.mxe_public_key().await?;
    let deployer = recorder
        .client
        .connection()
        .chain()
        .deployer
        .insecure_clone();
    let configure = instructions::initialize_access_config(
        &deployer.pubkey(),
        &deployer.pubkey(),
        vec![physician.pubkey()],
    );
    recorder
        .send("initialize_access_config", configure, &deployer)
        .await?;
    let owner = patient.pubkey();
    let sealed = seal_record(&example_summary(), &patient_key, &mxe_key, &owner, 1 << 64)?;
    recorder
        .send(
            "store_record",
            instructions::store_record(&patient.pubkey(), &sealed),
            &patient,
        )
        .await?;
    let sealed = seal_record(&example_summary(), &patient_key, &mxe_key, &owner, 2 << 64)?;
    recorder
        .send(
            "update_record",
            instructions::update_record(&patient.pubkey(), &sealed),
            &patient,
        )
        .await?;
    for (wallet, key, name) in [
        (&provider, &provider_key, "Dr. Ada Okafor, Cardiology"),
        (&physician, &physician_key, "County General Emergency"),
    ] {
        let register =
            instructions::register_provider(&wallet.pubkey(), key.public_key(), name, "1234567893");
        recorder.send("register_provider", register, wallet).await?;
    }
    let expires_at = recorder.client.now().await? + 86_400;
    let grant = instructions::grant_access(
        &patient.pubkey(),
        &provider.pubkey(),
        FieldSet::ALL,
        PurposeOfUse::Treatment,
        expires_at,
    );
    recorder.send("grant_access", grant, &patient).await?;
    let grant_address = medshare_sdk::addresses::grant(&patient.pubkey(), &provider.pubkey());
    let narrow = instructions::narrow_grant(
        &patient.pubkey(),
        &grant_address,
        FieldSet::CONDITIONS,
        expires_at,
    );
    recorder.send("narrow_grant", narrow, &patient).await?;

    let requests = [
        (
            "disclose_record (grant)",
            instructions::request_record(&provider.pubkey(), &patient.pubkey(), 1),
            &provider,
        ),
        (
            "disclose_record (patient to a key)",
            instructions::share_record(&patient.pubkey(), 2, provider_key.public_key()),
            &patient,
        ),
        (
            "disclose_record (emergency)",
            instructions::emergency_access(
                &physician.pubkey(),
                &patient.pubkey(),
                3,
                EmergencyJustification::PatientUnresponsive,
            ),
            &physician,
        ),
    ];
    for (offset, (name, request, signer)) in (1u64..).zip(requests) {
        recorder.send(name, request, signer).await?;
        recorder.deliver("disclosure callback", offset).await?;
    }
    let new_key = SecretKey::generate();
    let stored = recorder.client.record(&owner).await?;
    let new_tag = rotation_tag(&stored, &patient_key, &new_key, &mxe_key, 4)?;
    let rotate = instructions::rotate_record_key(&owner, &owner, 4, new_key.public_key(), new_tag);
    recorder.send("rotate_record_key", rotate, &patient).await?;
    recorder.deliver("key rotation callback", 4).await?;
    let rotate = instructions::rotate_provider_key(
        &provider.pubkey(),
        &provider.pubkey(),
        SecretKey::generate().public_key(),
    );
    recorder
        .send("rotate_provider_key", rotate, &provider)
        .await?;
    let revoke = instructions::revoke_grant(&patient.pubkey(), &grant_address);
    recorder.send("revoke_grant", revoke, &patient).await?;
    crate::studies::record_transactions(&mut recorder, &deployer).await?;
    crate::sealed_pairs::record_transactions(&mut recorder, &deployer).await?;
    crate::eligibility::record_transactions(&mut recorder).await?;

    let sent = largest_of_each(recorder.sent);
    let mut table = Table::new(
        "Transactions",
        &[
            "transaction",
            "bytes",
            "headroom under 1,232 B",
            "30% headroom",
            "as v0 with a lookup table",
        ],
    );
    for transaction in &sent {
        let headroom = headroom(transaction.bytes);
        table.row(vec![
            transaction.name.clone(),
            thousands(transaction.bytes as u64),
            format!("{:.1}%", headroom * 100.0),
            if headroom >= HEADROOM_TARGET {
                "yes"
            } else {
                "no"
            }
            .into(),
            format!(
                "{} B ({:.1}%)",
                transaction.bytes_with_lookup_table,
                self::headroom(transaction.bytes_with_lookup_table) * 100.0
            ),
        ]);
    }
    table.note("Measured as each transaction is sent on the embedded chain: the SDK sends legacy transactions; the local cluster sends callbacks as v0 transactions naming the MXE's recurring accounts through its address lookup table.");
    table.note("The last column is computed from the same instructions compiled as a v0 transaction with every non-signer, non-program account in one address lookup table: the floor a table could reach.");
    Ok(Footprint {
        accounts: accounts(),
        transactions: table,
        sent,
    })
}

pub fn headroom(bytes: usize) -> f64 {
    1.0 - bytes as f64 / PACKET_LIMIT as f64
}

/// One entry per kind of transaction, its largest instance (sizes vary by a few bytes with the
/// lengths of names).
fn largest_of_each(sent: Vec<Sent>) -> Vec<Sent> {
    let mut kept: Vec<Sent> = Vec::new();
    for transaction in sent {
        match kept.iter_mut().find(|other| other.name == transaction.name) {
            Some(other) if other.bytes < transaction.bytes => *other = transaction,
            Some(_) => {}
            None => kept.push(transaction),
        }
    }
    kept
}
