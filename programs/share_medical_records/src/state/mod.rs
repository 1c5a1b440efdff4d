pub mod access_config;
pub mod binding;
pub mod disclosure;
pub mod fields;
pub mod grant;
pub mod provider;
pub mod record;
pub mod rotation;

pub use access_config::*;
pub use binding::*;
pub use disclosure::*;
pub use fields::*;
pub use grant::*;
pub use provider::*;
pub use record::*;
pub use rotation::*;
