//! The document flows over any chain connection: add, list, withdraw, have a key disclosed,
//! and fetch and decrypt what a disclosed key opens.

use super::{
    key::{open_delivered_key, seal_file_key},
    store::DocumentStore,
    DocumentError,
};
use crate::{
    addresses,
    client::{Client, ClientError, Result},
    connection::Connection,
    events::DocumentKeyDisclosed,
    instructions, Receipt,
};
use anchor_lang::Discriminator;
use medshare_crypto::{
    document::{self, DocumentBinding, DocumentKey},
    SecretKey,
};
use share_medical_records::state::{
    DisclosureSubject, Document, DocumentCategory, DocumentContents,
};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::{fs::File, io::BufReader, path::Path};

/// Where a document account keeps its patient.
const DOCUMENT_PATIENT_OFFSET: usize = 8;

/// A file to add to a patient's documents.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    pub file: &'a Path,
    pub category: DocumentCategory,
    /// Whether break-glass access may have its key disclosed (the patient's choice only).
    pub emergency_access: bool,
}

/// What a disclosure delivered: the document and the key that opens it, checked against the
/// document's key commitment.
pub struct DisclosedDocument {
    pub address: Pubkey,
    pub document: Document,
    pub key: DocumentKey,
}

/// A document's binding for the stream cipher and the key commitment.
fn binding(address: &Pubkey, version: u64) -> DocumentBinding {
    DocumentBinding {
        document: address.to_bytes(),
        version,
    }
}

/// `path` with `suffix` added to its name: where work in progress goes before it is known good.
fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

impl<C: Connection> Client<C> {
    /// Encrypts `new.file` under a fresh key, uploads the ciphertext to `store` and adds the
    /// document to `patient`'s documents, signed by `uploader` (the patient, or a provider whose
    /// grant covers documents), with the file key sealed to the MXE under a one-time key.
    /// Returns the document's address.
    pub async fn add_document(
        &mut self,
        uploader: &Keypair,
        patient: &Pubkey,
        new: NewDocument<'_>,
        store: &DocumentStore,
    ) -> Result<Pubkey> {
        let id = rand::random::<u64>();
        let address = addresses::document(patient, id);
        let key = DocumentKey::generate();
        let binding = binding(&address, 1);

        let ciphertext = std::env::temp_dir().join(format!("medshare-{address}.blob"));
        let encrypted = encrypt_file(&key, &binding, new.file, &ciphertext);
        let uploaded = match encrypted {
            Ok(sealed) => store
                .put_file(&ciphertext, &sealed.digest)
                .await
                .map(|()| sealed)
                .map_err(DocumentError::from),
            Err(error) => Err(error),
        };
        let _ = std::fs::remove_file(&ciphertext);
        let sealed = uploaded?;

        let mxe_key = self.mxe_public_key().await?;
        let contents = DocumentContents {
            category: new.category,
            digest: sealed.digest,
            padded_size: sealed.len,
            key_commitment: document::key_commitment(&key, &binding),
            sealed_key: seal_file_key(&key, &mxe_key, patient, &address)?,
        };
        let add = instructions::add_document(
            &uploader.pubkey(),
            patient,
            id,
            contents,
            new.emergency_access,
        );
        self.send(add, uploader).await?;
        Ok(address)
    }

    /// `patient`'s documents, withdrawn ones included, oldest first.
    pub async fn documents(&mut self, patient: &Pubkey) -> Result<Vec<(Pubkey, Document)>> {
        let filter = Some((DOCUMENT_PATIENT_OFFSET, patient.to_bytes()));
        let mut documents: Vec<(Pubkey, Document)> =
            self.list(Document::DISCRIMINATOR, filter).await?;
        documents.sort_by_key(|(address, document)| (document.added_at, *address));
        Ok(documents)
    }

    /// The patient withdraws `document`: its key is disclosed no more.
    pub async fn withdraw_document(
        &mut self,
        patient: &Keypair,
        document: &Pubkey,
    ) -> Result<Receipt> {
        let id = self.document(document).await?.id;
        self.send(
            instructions::withdraw_document(&patient.pubkey(), id),
            patient,
        )
        .await
    }

    pub async fn document(&mut self, address: &Pubkey) -> Result<Document> {
        self.fetch(*address)
            .await?
            .ok_or_else(|| ClientError::NotFound(format!("document {address}")))
    }

    /// The document key disclosure `offset` delivered, decrypted with `key` and checked against
    /// the document's key commitment, which the client does before downloading anything.
    pub async fn open_document_key(
        &mut self,
        offset: u64,
        key: &SecretKey,
    ) -> Result<DisclosedDocument> {
        let receipt = self.delivered_receipt(offset).await?;
        let DisclosureSubject::Document { address, version } = receipt.subject else {
            return Err(DocumentError::NotADocumentDisclosure { offset }.into());
        };
        let delivered = self
            .delivered::<DocumentKeyDisclosed>(&receipt)
            .await?
            .delivered;
        let mxe_key = self.mxe_public_key().await?;
        let file_key = open_delivered_key(
            &delivered.ciphertexts,
            delivered.output_nonce,
            key,
            &mxe_key,
        )?;
        let document = self.document(&address).await?;
        let commitment = document::key_commitment(&file_key, &binding(&address, version));
        if version != document.version || commitment != document.contents.key_commitment {
            return Err(DocumentError::WrongKey.into());
        }
        Ok(DisclosedDocument {
            address,
            document,
            key: file_key,
        })
    }

    /// Fetches the document disclosure `offset` opened from `store`, checks its digest, and
    /// decrypts it to `destination`; returns its size in bytes. Nothing is written to
    /// `destination` unless every check passes.
    pub async fn fetch_document(
        &mut self,
        offset: u64,
        key: &SecretKey,
        store: &DocumentStore,
        destination: &Path,
    ) -> Result<u64> {
        let disclosed = self.open_document_key(offset, key).await?;
        let contents = &disclosed.document.contents;
        let ciphertext = sibling(destination, ".ciphertext");
        store
            .fetch_to_file(&contents.digest, contents.padded_size, &ciphertext)
            .await
            .map_err(DocumentError::from)?;
        let binding = binding(&disclosed.address, disclosed.document.version);
        let decrypted = decrypt_file(&disclosed.key, &binding, &ciphertext, destination);
        let _ = std::fs::remove_file(&ciphertext);
        Ok(decrypted?)
    }
}

fn encrypt_file(
    key: &DocumentKey,
    binding: &DocumentBinding,
    plaintext: &Path,
    ciphertext: &Path,
) -> std::result::Result<document::Sealed, DocumentError> {
    let input = File::open(plaintext)?;
    let len = input.metadata()?.len();
    let output = File::create(ciphertext)?;
    Ok(document::encrypt(
        key,
        binding,
        len,
        BufReader::new(input),
        std::io::BufWriter::new(output),
    )?)
}

/// Decrypts into a partial file and renames it into place only once the whole stream checked.
fn decrypt_file(
    key: &DocumentKey,
    binding: &DocumentBinding,
    ciphertext: &Path,
    destination: &Path,
) -> std::result::Result<u64, DocumentError> {
    let partial = sibling(destination, ".partial");
    let decrypted = File::open(ciphertext)
        .and_then(|input| Ok((input, File::create(&partial)?)))
        .map_err(DocumentError::from)
        .and_then(|(input, output)| {
            Ok(document::decrypt(
                key,
                binding,
                BufReader::new(input),
                std::io::BufWriter::new(output),
            )?)
        });
    match decrypted {
        Ok(len) => {
            std::fs::rename(&partial, destination)?;
            Ok(len)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}
