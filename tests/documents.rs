//! Documents on the embedded chain: who may add, withdraw and have a file key disclosed, what a
//! copied key releases, and that what a recipient fetches is exactly what was added.

mod common;

use common::*;
use medshare_sdk::{
    addresses,
    client::{Client, ClientError},
    clinic::Clinic,
    connection::EmbeddedConnection,
    documents::{store::DocumentStore, DocumentError, NewDocument},
    instructions::{self, PairRequest, PairSubject},
    LocalChain,
};
use share_medical_records::{
    accounts,
    constants::PROGRAM_NONCES,
    errors::MedshareError,
    instruction,
    state::{
        ConsentChange, DisclosureStatus, DisclosureSubject, Document, DocumentCategory, FieldSet,
    },
    DisclosureRequest,
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::{path::PathBuf, time::Duration};

const WAIT: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3_600);

/// A patient with a stored record, a store in a temporary directory and a file to add.
struct Ward {
    client: Client<EmbeddedConnection>,
    patient: Person,
    store: DocumentStore,
    dir: tempfile::TempDir,
}

impl Ward {
    async fn open() -> Self {
        let connection = EmbeddedConnection::in_memory().await.unwrap();
        let clinic = Clinic::open(connection).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::directory(dir.path().join("store")).unwrap();
        Ward {
            client: clinic.client,
            patient: clinic.patient,
            store,
            dir,
        }
    }

    fn chain(&mut self) -> &mut LocalChain {
        self.client.connection().chain()
    }

    /// A file of `len` pseudo-random bytes in the ward's directory.
    fn file(&self, name: &str, len: usize) -> PathBuf {
        let path = self.dir.path().join(name);
        let bytes: Vec<u8> = (0..len)
            .map(|i| (i * 31 % 251) as u8 ^ name.len() as u8)
            .collect();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// A provider registered and granted `fields` for an hour.
    async fn provider(&mut self, fields: FieldSet) -> Person {
        let provider = Person::funded(&mut self.client).await.unwrap();
        (self.client)
            .register_provider(
                &provider.wallet,
                provider.key.public_key(),
                "Lab",
                "1234567893",
            )
            .await
            .unwrap();
        let expires = self.client.expiry_after(HOUR).await.unwrap();
        let grant = instructions::grant_access(
            &self.patient.wallet.pubkey(),
            &provider.wallet.pubkey(),
            fields,
            share_medical_records::state::PurposeOfUse::Treatment,
            expires,
        );
        self.client.send(grant, &self.patient.wallet).await.unwrap();
        provider
    }

    /// The patient adds a 100 KB lab report.
    async fn add(&mut self, emergency_access: bool) -> Pubkey {
        let file = self.file("report.pdf", 100_000);
        let new = NewDocument {
            file: &file,
            category: DocumentCategory::LabReport,
            emergency_access,
        };
        let patient = self.patient.wallet.pubkey();
        (self.client)
            .add_document(&self.patient.wallet, &patient, new, &self.store)
            .await
            .unwrap()
    }

    async fn document(&mut self, address: &Pubkey) -> Document {
        self.client.document(address).await.unwrap()
    }

    /// `provider` queues the disclosure of `document`'s key under its grant at `offset`.
    async fn request(
        &mut self,
        provider: &Person,
        document: Pubkey,
        offset: u64,
    ) -> Result<medshare_sdk::Receipt, medshare_sdk::ChainError> {
        let patient = self.patient.wallet.pubkey();
        let accounts = PairRequest::under_grant(
            &provider.wallet.pubkey(),
            &patient,
            PairSubject::Document(document),
        );
        let request =
            instructions::disclose_sealed_pair(&accounts, offset, DisclosureRequest::Grant);
        self.chain().send(&[request], &[&provider.wallet]).await
    }

    /// Waits for disclosure `offset` and fetches what it opens into `name`.
    async fn fetch(
        &mut self,
        offset: u64,
        recipient: &Person,
        name: &str,
    ) -> Result<PathBuf, ClientError> {
        self.client.await_disclosure(offset, WAIT, |_| {}).await?;
        let destination = self.dir.path().join(name);
        let store = self.store.clone();
        (self.client)
            .fetch_document(offset, &recipient.key, &store, &destination)
            .await
            .map(|_| destination)
    }
}

#[tokio::test]
async fn a_provider_whose_grant_covers_documents_fetches_exactly_what_the_patient_added() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward
        .provider(FieldSet(FieldSet::ALL.0 | FieldSet::DOCUMENTS.0))
        .await;

    ward.request(&doctor, document, 11).await.unwrap();
    let fetched = ward.fetch(11, &doctor, "received.pdf").await.unwrap();
    let original = ward.dir.path().join("report.pdf");
    assert_eq!(
        std::fs::read(fetched).unwrap(),
        std::fs::read(original).unwrap()
    );

    let receipt = disclosure(ward.chain(), 11).await;
    assert_eq!(receipt.status, DisclosureStatus::Delivered);
    assert_eq!(receipt.fields, FieldSet::DOCUMENTS);
    assert_eq!(
        receipt.subject,
        DisclosureSubject::Document {
            address: document,
            version: 1
        }
    );
    let stored = ward.document(&document).await;
    assert_eq!(stored.uploader, ward.patient.wallet.pubkey());
    assert_eq!(
        Some(stored.contents.padded_size),
        medshare_crypto::document::ciphertext_len(100_000)
    );
}

#[tokio::test]
async fn a_document_key_needs_a_grant_that_covers_documents() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;

    let records_only = ward.provider(FieldSet::ALL).await;
    let refused = ward.request(&records_only, document, 1).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::FieldsNotGranted)
    );

    // A grant of documents only does not open the record either.
    let documents_only = ward.provider(FieldSet::DOCUMENTS).await;
    let patient = ward.patient.wallet.pubkey();
    let record = instructions::request_record(&documents_only.wallet.pubkey(), &patient, 2);
    let refused = ward
        .chain()
        .send(&[record], &[&documents_only.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::FieldsNotGranted)
    );

    // No grant at all, or no profile: the accounts the request needs do not exist.
    let stranger = provider(ward.chain(), "Stranger").await;
    let refused = ward.request(&stranger, document, 3).await;
    assert_eq!(custom_error(refused), ACCOUNT_NOT_INITIALIZED);
    let unregistered = person(ward.chain()).await;
    let refused = ward.request(&unregistered, document, 4).await;
    assert_eq!(custom_error(refused), ACCOUNT_NOT_INITIALIZED);

    // Someone else's grant, named in place of the requester's own.
    let (stranger_wallet, granted) = (stranger.wallet.pubkey(), documents_only.wallet.pubkey());
    let borrowed = PairRequest {
        grant: Some(addresses::grant(&patient, &granted)),
        ..PairRequest::under_grant(&stranger_wallet, &patient, PairSubject::Document(document))
    };
    let request = instructions::disclose_sealed_pair(&borrowed, 5, DisclosureRequest::Grant);
    let refused = ward.chain().send(&[request], &[&stranger.wallet]).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GrantNotForProvider)
    );

    // A revoked grant.
    let revoke = instructions::revoke_grant(&patient, &addresses::grant(&patient, &granted));
    ward.client
        .send(revoke, &ward.patient.wallet)
        .await
        .unwrap();
    let refused = ward.request(&documents_only, document, 6).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::GrantRevoked)
    );
    assert!(ward.chain().queued().next().is_none(), "nothing was queued");
}

#[tokio::test]
async fn only_the_patient_withdraws_and_a_withdrawn_document_is_disclosed_no_more() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward.provider(FieldSet::DOCUMENTS).await;
    let id = ward.document(&document).await.id;

    // The provider signs a withdrawal naming the patient's document: the address is not its own.
    let patient = ward.patient.wallet.pubkey();
    let mut withdraw = instructions::withdraw_document(&patient, id);
    withdraw.accounts[0].pubkey = doctor.wallet.pubkey();
    let refused = ward.chain().send(&[withdraw], &[&doctor.wallet]).await;
    assert_eq!(custom_error(refused), CONSTRAINT_SEEDS);
    assert_eq!(ward.document(&document).await.withdrawn_at, None);

    let patient_wallet = ward.patient.wallet.insecure_clone();
    ward.client
        .withdraw_document(&patient_wallet, &document)
        .await
        .unwrap();
    assert!(ward.document(&document).await.withdrawn_at.is_some());
    let refused = ward.request(&doctor, document, 1).await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::DocumentWithdrawn)
    );
    let again = ward
        .client
        .withdraw_document(&patient_wallet, &document)
        .await;
    assert!(again.is_err(), "a document is withdrawn once");
}

#[tokio::test]
async fn a_withdrawal_while_the_cluster_computes_is_on_the_receipt() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward.provider(FieldSet::DOCUMENTS).await;
    ward.request(&doctor, document, 8).await.unwrap();
    let patient_wallet = ward.patient.wallet.insecure_clone();
    ward.client
        .withdraw_document(&patient_wallet, &document)
        .await
        .unwrap();

    // The output is public in the callback transaction: the disclosure was made.
    ward.fetch(8, &doctor, "late.pdf").await.unwrap();
    assert_eq!(
        disclosure(ward.chain(), 8).await.status,
        DisclosureStatus::DeliveredAfter(ConsentChange::DocumentWithdrawn)
    );
}

#[tokio::test]
async fn a_sealed_key_copied_into_another_document_releases_nothing() {
    let mut ward = Ward::open().await;
    let victims = ward.add(false).await;
    let contents = ward.document(&victims).await.contents;

    // The attacker is a patient too, and adds the victim's public contents as their own.
    let attacker = person(ward.chain()).await;
    let mine = attacker.wallet.pubkey();
    let copy = instructions::add_document(&mine, &mine, 1, contents, false);
    ward.chain()
        .send(&[copy], &[&attacker.wallet])
        .await
        .unwrap();
    let copied = addresses::document(&mine, 1);
    let accounts = PairRequest::by_patient(&mine, PairSubject::Document(copied));
    let to_self = DisclosureRequest::Patient {
        recipient_key: attacker.key.public_key(),
    };
    let request = instructions::disclose_sealed_pair(&accounts, 9, to_self);
    ward.chain()
        .send(&[request], &[&attacker.wallet])
        .await
        .unwrap();
    let (_, delivery) = ward.chain().deliver(9).await.unwrap();

    let [failed] = failed_events(&delivery).try_into().expect("one failure");
    assert_eq!(failed.reason, "PairNotBound");
    assert_eq!(
        disclosure(ward.chain(), 9).await.status,
        DisclosureStatus::PairNotBound
    );
    let opened = ward.client.open_document_key(9, &attacker.key).await;
    assert!(matches!(opened, Err(ClientError::NotDelivered { .. })));
}

/// An attacker who knows a record's elements (a provider once granted all of it) knows the
/// keystream at every position the record encrypts data. Sealing a document's key under the
/// record's key and nonce with a tag key taken from that keystream (the first medication
/// element's, where a pair's tag key used to be) would make the cluster confirm the attacker's
/// guess of the record and hand back its first two elements; the tag key now sits where nothing
/// is ever encrypted, so the copy releases nothing.
#[tokio::test]
async fn a_records_key_and_nonce_copied_into_a_document_confirm_nothing() {
    use medshare_crypto::{sealed, FieldElement, RescueCipher};
    let mut ward = Ward::open().await;
    let victims = ward.add(false).await;
    let contents = ward.document(&victims).await.contents;
    let patient = ward.patient.wallet.insecure_clone();
    let record = record(ward.chain(), &patient).await;
    let mxe_public_key = ward.chain().mxe_public_key();
    let secret = ward.patient.key.shared_secret(&mxe_public_key).unwrap();
    let keystream: Vec<FieldElement> = RescueCipher::new(&secret)
        .keystream(&record.nonce.to_le_bytes(), sealed::ELEMENTS)
        .collect();
    let elements: Vec<FieldElement> = (0..2)
        .map(|i| FieldElement::from_canonical_bytes(&record.ciphertexts[i]).unwrap() - keystream[i])
        .collect();

    let attacker = person(ward.chain()).await;
    let mine = attacker.wallet.pubkey();
    let copied = addresses::document(&mine, 1);
    let binding = sealed::document_key_binding(&mine.to_bytes(), &copied.to_bytes());
    let tag = sealed::binding_tag(keystream[3], binding, &[elements[0], elements[1]]);
    let mut forged = contents;
    forged.sealed_key = share_medical_records::state::SealedPair {
        encryption_key: record.encryption_key,
        nonce: record.nonce,
        ciphertexts: [
            record.ciphertexts[0],
            record.ciphertexts[1],
            (tag + keystream[2]).to_bytes(),
        ],
    };
    let add = instructions::add_document(&mine, &mine, 1, forged, false);
    ward.chain()
        .send(&[add], &[&attacker.wallet])
        .await
        .unwrap();
    let accounts = PairRequest::by_patient(&mine, PairSubject::Document(copied));
    let to_self = DisclosureRequest::Patient {
        recipient_key: attacker.key.public_key(),
    };
    let request = instructions::disclose_sealed_pair(&accounts, 9, to_self);
    (ward.chain().send(&[request], &[&attacker.wallet]))
        .await
        .unwrap();
    ward.chain().deliver(9).await.unwrap();

    assert_eq!(
        disclosure(ward.chain(), 9).await.status,
        DisclosureStatus::PairNotBound
    );
}

#[tokio::test]
async fn a_key_opened_with_the_wrong_secret_fails_the_commitment_before_any_download() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward.provider(FieldSet::DOCUMENTS).await;
    ward.request(&doctor, document, 3).await.unwrap();
    ward.client.await_disclosure(3, WAIT, |_| {}).await.unwrap();

    let someone_else = medshare_sdk::SecretKey::generate();
    let opened = ward.client.open_document_key(3, &someone_else).await;
    assert!(matches!(
        opened,
        Err(ClientError::Document(DocumentError::WrongKey))
    ));
    let opened = ward.client.open_document_key(3, &doctor.key).await.unwrap();
    assert_eq!(opened.address, document);
}

#[tokio::test]
async fn a_blob_altered_in_the_store_is_refused_and_nothing_is_written() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward.provider(FieldSet::DOCUMENTS).await;
    let digest = ward.document(&document).await.contents.digest;
    let blob = ward
        .dir
        .path()
        .join("store")
        .join(medshare_sdk::documents::store::object_name(&digest));
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[40_000] ^= 1;
    std::fs::write(&blob, bytes).unwrap();

    ward.request(&doctor, document, 4).await.unwrap();
    let fetched = ward.fetch(4, &doctor, "altered.pdf").await;
    assert!(
        matches!(fetched, Err(ClientError::Document(DocumentError::Store(_)))),
        "{fetched:?}"
    );
    assert!(!ward.dir.path().join("altered.pdf").exists());
}

#[tokio::test]
async fn providers_add_documents_only_under_a_grant_that_covers_them() {
    let mut ward = Ward::open().await;
    let patient = ward.patient.wallet.pubkey();
    let lab = ward.provider(FieldSet::DOCUMENTS).await;
    let file = ward.file("results.pdf", 5_000);
    let new = NewDocument {
        file: &file,
        category: DocumentCategory::LabReport,
        emergency_access: false,
    };
    let store = ward.store.clone();
    let added = (ward.client)
        .add_document(&lab.wallet, &patient, new, &store)
        .await
        .unwrap();
    let listed = ward.client.documents(&patient).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].0, listed[0].1.uploader),
        (added, lab.wallet.pubkey())
    );

    let contents = listed[0].1.contents;
    let add = |uploader: &Person, id, emergency_access| {
        instructions::add_document(
            &uploader.wallet.pubkey(),
            &patient,
            id,
            contents,
            emergency_access,
        )
    };

    // Only the patient opens a document to break-glass access.
    let refused = ward
        .chain()
        .send(&[add(&lab, 2, true)], &[&lab.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::NotRecordOwner)
    );

    // A grant without documents, and no grant at all.
    let records_only = ward.provider(FieldSet::ALL).await;
    let refused = ward
        .chain()
        .send(&[add(&records_only, 3, false)], &[&records_only.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::FieldsNotGranted)
    );
    let stranger = person(ward.chain()).await;
    let without_grant = solana_program::instruction::Instruction {
        program_id: share_medical_records::ID,
        accounts: anchor_lang::ToAccountMetas::to_account_metas(
            &accounts::AddDocument {
                uploader: stranger.wallet.pubkey(),
                provider: None,
                grant: None,
                document: addresses::document(&patient, 4),
                system_program: anchor_lang::system_program::ID,
            },
            None,
        ),
        data: anchor_lang::InstructionData::data(&instruction::AddDocument {
            patient,
            id: 4,
            contents,
            emergency_access: false,
        }),
    };
    let refused = ward
        .chain()
        .send(&[without_grant], &[&stranger.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::NotDocumentUploader)
    );
    // A provider that retired its profile adds no more, its grant notwithstanding.
    let retire = instructions::retire_provider(&lab.wallet.pubkey());
    ward.client.send(retire, &lab.wallet).await.unwrap();
    let refused = ward
        .chain()
        .send(&[add(&lab, 5, false)], &[&lab.wallet])
        .await;
    assert_eq!(custom_error(refused), ACCOUNT_NOT_INITIALIZED);
    assert_eq!(ward.client.documents(&patient).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_document_must_say_what_it_is_and_seal_its_key_properly() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let good = ward.document(&document).await.contents;
    let patient = ward.patient.wallet.insecure_clone();
    let mut cases = Vec::new();
    let mut no_digest = good;
    no_digest.digest = [0; 32];
    cases.push((no_digest, MedshareError::InvalidDocument));
    let mut empty = good;
    empty.padded_size = 0;
    cases.push((empty, MedshareError::InvalidDocument));
    let mut program_nonce = good;
    program_nonce.sealed_key.nonce = PROGRAM_NONCES;
    cases.push((program_nonce, MedshareError::NonceOutOfRange));
    for (key, error) in weak_keys() {
        let mut weak = good;
        weak.sealed_key.encryption_key = key;
        cases.push((weak, error));
    }
    for (id, (contents, error)) in cases.into_iter().enumerate() {
        let add = instructions::add_document(
            &patient.pubkey(),
            &patient.pubkey(),
            100 + id as u64,
            contents,
            false,
        );
        let refused = ward.chain().send(&[add], &[&patient]).await;
        assert_eq!(custom_error(refused), medshare_error(error), "case {id}");
    }
    assert_eq!(
        ward.client
            .documents(&patient.pubkey())
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn break_glass_reaches_only_documents_the_patient_opened_to_it() {
    let mut ward = Ward::open().await;
    let closed = ward.add(false).await;
    let opened = ward.add(true).await;
    let physician = provider(ward.chain(), "County ER").await;
    let officer = ward.chain().funded_keypair(LAMPORTS).await.unwrap();
    configure(
        ward.chain(),
        &officer.pubkey(),
        vec![physician.wallet.pubkey()],
    )
    .await;

    let emergency = |document, offset| {
        let accounts =
            PairRequest::in_emergency(&physician.wallet.pubkey(), PairSubject::Document(document));
        let why = DisclosureRequest::Emergency {
            justification:
                share_medical_records::state::EmergencyJustification::PatientUnresponsive,
        };
        instructions::disclose_sealed_pair(&accounts, offset, why)
    };
    let refused = ward
        .chain()
        .send(&[emergency(closed, 1)], &[&physician.wallet])
        .await;
    assert_eq!(
        custom_error(refused),
        medshare_error(MedshareError::DocumentNotForEmergencies)
    );

    ward.chain()
        .send(&[emergency(opened, 2)], &[&physician.wallet])
        .await
        .unwrap();
    ward.fetch(2, &physician, "emergency.pdf").await.unwrap();
    let receipt = disclosure(ward.chain(), 2).await;
    assert_eq!(
        (receipt.status, receipt.fields),
        (DisclosureStatus::Delivered, FieldSet::DOCUMENTS)
    );
}

#[tokio::test]
async fn a_replayed_document_callback_changes_nothing() {
    let mut ward = Ward::open().await;
    let document = ward.add(false).await;
    let doctor = ward.provider(FieldSet::DOCUMENTS).await;
    ward.request(&doctor, document, 5).await.unwrap();
    let mut callback = ward.chain().prepare_callback(5, None).await.unwrap();
    ward.chain().send_callback(&callback).await.unwrap();
    let delivered = disclosure(ward.chain(), 5).await;

    callback.instructions[2] = arcium_local::lighthouse::assert_lamports_at_least(
        solana_keypair::Keypair::new().pubkey(),
        0,
    );
    assert!(ward.chain().send_callback(&callback).await.is_err());
    let after = disclosure(ward.chain(), 5).await;
    assert_eq!(
        (after.status, after.delivery_digest, after.completed_at),
        (
            delivered.status,
            delivered.delivery_digest,
            delivered.completed_at
        )
    );
}
