pub mod access_config;
mod arcium_accounts;
pub mod comp_defs;
pub mod disclosures;
mod failure;
pub mod grants;
pub mod providers;
pub mod records;

pub use access_config::*;
use arcium_accounts::{queue_accounts, settlement_accounts};
pub use comp_defs::*;
pub use disclosures::*;
use failure::failure_reason;
pub use grants::*;
pub use providers::*;
pub use records::*;
