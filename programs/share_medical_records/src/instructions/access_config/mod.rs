pub mod hand_over_authority;
pub mod initialize_access_config;
pub mod update_access_config;

pub use hand_over_authority::*;
pub use initialize_access_config::*;
pub use update_access_config::*;

use crate::{errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

/// Writes a new break-glass list after checking it, and announces the configuration.
fn apply(config: &mut AccessConfig, emergency_providers: Vec<Pubkey>) -> Result<()> {
    let distinct = emergency_providers
        .iter()
        .enumerate()
        .all(|(i, provider)| !emergency_providers[..i].contains(provider));
    require!(
        distinct && emergency_providers.len() <= MAX_EMERGENCY_PROVIDERS,
        MedshareError::InvalidEmergencyList
    );
    config.emergency_providers = emergency_providers;
    config.generation = config
        .generation
        .checked_add(1)
        .ok_or(MedshareError::GenerationExhausted)?;
    announce(config);
    Ok(())
}

fn announce(config: &AccessConfig) {
    emit_event(&AccessConfigChanged {
        authority: config.authority,
        emergency_providers: config.emergency_providers.clone(),
    });
}
