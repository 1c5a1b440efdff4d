pub mod register_provider;
pub mod retire_provider;
pub mod rotate_provider_key;

pub use register_provider::*;
pub use retire_provider::*;
pub use rotate_provider_key::*;
