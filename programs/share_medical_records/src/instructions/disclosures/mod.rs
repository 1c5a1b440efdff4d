pub mod authorize;
pub mod disclose_record;
pub mod disclose_record_callback;
pub mod disclose_sealed_pair;
pub mod disclose_sealed_pair_callback;
pub mod expire_disclosure;
mod receipts;
mod settlement;

pub use authorize::*;
pub use disclose_record::*;
pub use disclose_record_callback::*;
pub use disclose_sealed_pair::*;
pub use disclose_sealed_pair_callback::*;
pub use expire_disclosure::*;
pub(crate) use receipts::*;
pub(crate) use settlement::*;
