pub mod disclosure;
pub mod record;

pub use disclosure::*;
pub use record::*;
