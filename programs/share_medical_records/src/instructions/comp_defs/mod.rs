pub mod init_share_record_comp_def;

pub use init_share_record_comp_def::*;
