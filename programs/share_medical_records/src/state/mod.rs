pub mod access_config;
pub mod disclosure;
pub mod fields;
pub mod grant;
pub mod provider;
pub mod record;

pub use access_config::*;
pub use disclosure::*;
pub use fields::*;
pub use grant::*;
pub use provider::*;
pub use record::*;
