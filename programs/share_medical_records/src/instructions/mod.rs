pub mod comp_defs;
pub mod records;
pub mod sharing;

pub use comp_defs::*;
pub use records::*;
pub use sharing::*;
