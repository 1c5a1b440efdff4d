pub mod store_record;
pub mod update_record;

pub use store_record::*;
pub use update_record::*;
