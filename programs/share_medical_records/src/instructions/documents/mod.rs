pub mod add_document;
pub mod withdraw_document;

pub use add_document::*;
pub use withdraw_document::*;
