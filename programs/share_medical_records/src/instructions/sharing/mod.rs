pub mod share_record;
pub mod share_record_callback;

pub use share_record::*;
pub use share_record_callback::*;
