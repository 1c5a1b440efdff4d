//! `medshare patient document …` and `medshare provider document …`: files too large for an
//! account, encrypted here, kept in an object store, their keys disclosed through the cluster.

use super::{parse_pubkey, Progress};
use crate::{display::timestamp, identity, Cli};
use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use medshare_sdk::{
    client::Client,
    connection::Connection,
    documents::{
        store::{DocumentStore, S3Settings},
        NewDocument,
    },
    instructions::{PairRequest, PairSubject},
};
use share_medical_records::{state::DocumentCategory, DisclosureRequest};
use solana_keypair::Keypair;
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;
use std::{path::PathBuf, time::Duration};

/// Where document blobs are kept: a directory, or an S3-compatible bucket.
#[derive(Args)]
pub struct StoreArgs {
    /// A directory, or `s3://BUCKET` with --s3-endpoint and the AWS_ACCESS_KEY_ID and
    /// AWS_SECRET_ACCESS_KEY variables. Default: `documents` in the ledger directory.
    #[arg(long, env = "MEDSHARE_STORE")]
    store: Option<String>,
    /// The S3 endpoint, e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000.
    #[arg(long, env = "MEDSHARE_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    #[arg(long, env = "MEDSHARE_S3_REGION", default_value = "us-east-1")]
    s3_region: String,
}

impl StoreArgs {
    fn open(&self, cli: &Cli) -> anyhow::Result<DocumentStore> {
        let Some(bucket) = self.store.as_deref().and_then(|s| s.strip_prefix("s3://")) else {
            let directory = self
                .store
                .as_ref()
                .map_or_else(|| cli.ledger.join("documents"), PathBuf::from);
            return DocumentStore::directory(&directory)
                .with_context(|| format!("opening the document store {}", directory.display()));
        };
        let endpoint = (self.s3_endpoint.clone())
            .context("an s3:// store needs --s3-endpoint (or MEDSHARE_S3_ENDPOINT)")?;
        let variable = |name: &str| {
            std::env::var(name).with_context(|| format!("an s3:// store needs {name} set"))
        };
        Ok(DocumentStore::s3(S3Settings {
            allow_http: endpoint.starts_with("http://"),
            endpoint,
            bucket: bucket.to_string(),
            region: self.s3_region.clone(),
            access_key_id: variable("AWS_ACCESS_KEY_ID")?,
            secret_access_key: variable("AWS_SECRET_ACCESS_KEY")?,
        })?)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Category {
    LabReport,
    Imaging,
    DischargeLetter,
    Referral,
    Prescription,
    Other,
}

impl From<Category> for DocumentCategory {
    fn from(category: Category) -> Self {
        match category {
            Category::LabReport => DocumentCategory::LabReport,
            Category::Imaging => DocumentCategory::Imaging,
            Category::DischargeLetter => DocumentCategory::DischargeLetter,
            Category::Referral => DocumentCategory::Referral,
            Category::Prescription => DocumentCategory::Prescription,
            Category::Other => DocumentCategory::Other,
        }
    }
}

#[derive(Subcommand)]
pub enum PatientDocumentCommand {
    /// Encrypt a file here under a fresh key, upload the ciphertext and add it to your
    /// documents. Providers whose grant covers `documents` can then have its key disclosed.
    ///
    /// Example: medshare patient document add discharge.pdf --category discharge-letter
    Add {
        file: PathBuf,
        #[arg(long, value_enum)]
        category: Category,
        /// Let break-glass access have its key disclosed too.
        #[arg(long)]
        emergency_access: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List your documents, withdrawn ones included.
    ///
    /// Example: medshare patient document list
    List,
    /// Withdraw a document: its key is disclosed no more. What was disclosed stays disclosed.
    ///
    /// Example: medshare patient document withdraw 4Rk...p9
    Withdraw {
        #[arg(value_parser = parse_pubkey)]
        document: Pubkey,
    },
}

#[derive(Subcommand)]
pub enum ProviderDocumentCommand {
    /// Have a patient's document key disclosed to you under your grant, check it against the
    /// key commitment, download the ciphertext, check its digest and decrypt it.
    ///
    /// Example: medshare provider document fetch 4Rk...p9 --out report.pdf
    Fetch {
        #[arg(value_parser = parse_pubkey)]
        document: Pubkey,
        #[arg(long)]
        out: PathBuf,
        /// Seconds to wait for the cluster.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Add a document to a patient's documents under your grant (it must cover documents),
    /// as a laboratory sends results.
    ///
    /// Example: medshare provider document add 9Qm...Hk results.pdf --category lab-report
    Add {
        #[arg(value_parser = parse_pubkey)]
        patient: Pubkey,
        file: PathBuf,
        #[arg(long, value_enum)]
        category: Category,
        #[command(flatten)]
        store: StoreArgs,
    },
}

async fn add<C: Connection>(
    client: &mut Client<C>,
    cli: &Cli,
    patient: &Pubkey,
    new: NewDocument<'_>,
    store: &StoreArgs,
) -> anyhow::Result<()> {
    let wallet = identity::wallet(&cli.keypair)?;
    let store = store.open(cli)?;
    let address = client
        .add_document(&wallet, patient, new, &store)
        .await
        .with_context(|| format!("adding {}", new.file.display()))?;
    let document = client.document(&address).await?;
    println!("added document {address}");
    println!("   ciphertext   {} bytes", document.contents.padded_size);
    println!("   digest       {}", hex::encode(document.contents.digest));
    Ok(())
}

pub async fn run_patient<C: Connection>(
    command: &PatientDocumentCommand,
    cli: &Cli,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    match command {
        PatientDocumentCommand::Add {
            file,
            category,
            emergency_access,
            store,
        } => {
            let new = NewDocument {
                file,
                category: (*category).into(),
                emergency_access: *emergency_access,
            };
            add(client, cli, &wallet.pubkey(), new, store).await?;
        }
        PatientDocumentCommand::List => {
            let documents = client.documents(&wallet.pubkey()).await?;
            if documents.is_empty() {
                println!("no documents");
            }
            for (address, document) in documents {
                let state = match document.withdrawn_at {
                    Some(at) => format!("withdrawn {}", timestamp(at)),
                    None if document.emergency_access => "open to break-glass".to_string(),
                    None => "available".to_string(),
                };
                println!(
                    "{address}  {:<16} {:>10} bytes  added {} by {}  {state}",
                    format!("{:?}", document.contents.category),
                    document.contents.padded_size,
                    timestamp(document.added_at),
                    document.uploader,
                );
            }
        }
        PatientDocumentCommand::Withdraw { document } => {
            let receipt = client.withdraw_document(wallet, document).await?;
            println!("withdrew document {document}");
            println!("transaction {}", receipt.signature);
        }
    }
    Ok(())
}

pub async fn run_provider<C: Connection>(
    command: &ProviderDocumentCommand,
    cli: &Cli,
    wallet: &Keypair,
    client: &mut Client<C>,
) -> anyhow::Result<()> {
    match command {
        ProviderDocumentCommand::Fetch {
            document,
            out,
            timeout,
            store,
        } => {
            let key = identity::encryption_key(&cli.key_file)?;
            let store = store.open(cli)?;
            let patient = client.document(document).await?.patient;
            let subject = PairSubject::Document(*document);
            let accounts = PairRequest::under_grant(&wallet.pubkey(), &patient, subject);
            let offset = client
                .request_sealed_pair(wallet, accounts, DisclosureRequest::Grant)
                .await
                .context("asking for the document's key")?;
            eprintln!("disclosure {offset} queued");
            let mut progress = Progress::new("the cluster is re-encrypting the key");
            client
                .await_disclosure(offset, Duration::from_secs(*timeout), |waited| {
                    progress.report(waited)
                })
                .await?;
            drop(progress);
            let bytes = client
                .fetch_document(offset, &key, &store, out)
                .await
                .context("fetching the document")?;
            println!(
                "wrote {} ({bytes} bytes) from document {document}",
                out.display()
            );
        }
        ProviderDocumentCommand::Add {
            patient,
            file,
            category,
            store,
        } => {
            let new = NewDocument {
                file,
                category: (*category).into(),
                emergency_access: false,
            };
            add(client, cli, patient, new, store).await?;
        }
    }
    Ok(())
}
