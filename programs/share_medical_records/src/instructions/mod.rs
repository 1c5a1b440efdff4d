pub mod access_config;
pub mod comp_defs;
pub mod disclosures;
mod failure;
pub mod grants;
pub mod providers;
mod queue_accounts;
pub mod records;

pub use access_config::*;
pub use comp_defs::*;
pub use disclosures::*;
use failure::failure_reason;
pub use grants::*;
pub use providers::*;
use queue_accounts::queue_accounts;
pub use records::*;
