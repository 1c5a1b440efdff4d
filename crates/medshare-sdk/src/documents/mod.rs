//! Documents: files encrypted on the client (`medshare_crypto::document`), kept in an object
//! store under their digest, with a `Document` account on chain holding the file key sealed to
//! the MXE. `docs/documents.md` describes the design.

mod flows;
pub mod key;
pub mod store;

pub use flows::*;

use medshare_crypto::document::DocumentError as StreamError;

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Crypto(#[from] medshare_crypto::Error),
    #[error("the document does not decrypt: {0}")]
    Stream(#[from] StreamError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(
        "the disclosed key is not the document's: it does not match the key commitment on chain"
    )]
    WrongKey,
    #[error("disclosure {offset} delivered no document key")]
    NotADocumentDisclosure { offset: u64 },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
