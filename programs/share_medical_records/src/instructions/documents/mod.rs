pub mod add_document;
pub mod disclose_document_key;
pub mod disclose_document_key_callback;
pub mod withdraw_document;

pub use add_document::*;
pub use disclose_document_key::*;
pub use disclose_document_key_callback::*;
pub use withdraw_document::*;
