pub mod initialize_access_config;
pub mod update_access_config;

pub use initialize_access_config::*;
pub use update_access_config::*;

use crate::{errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

/// Writes new settings after checking the break-glass list, and announces them.
fn apply(
    config: &mut AccessConfig,
    authority: Pubkey,
    emergency_providers: Vec<Pubkey>,
) -> Result<()> {
    let distinct = emergency_providers
        .iter()
        .enumerate()
        .all(|(i, provider)| !emergency_providers[..i].contains(provider));
    require!(
        distinct && emergency_providers.len() <= MAX_EMERGENCY_PROVIDERS,
        MedshareError::InvalidEmergencyList
    );
    config.authority = authority;
    config.emergency_providers = emergency_providers.clone();
    emit_event(&AccessConfigChanged {
        authority,
        emergency_providers,
    });
    Ok(())
}
