use anchor_lang::prelude::*;

/// Most providers the break-glass list can hold.
pub const MAX_EMERGENCY_PROVIDERS: usize = 16;

/// Deployment-wide settings, changeable only by `authority` (e.g. a hospital's compliance key).
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct AccessConfig {
    pub authority: Pubkey,
    /// Provider wallets allowed to use break-glass access.
    #[max_len(MAX_EMERGENCY_PROVIDERS)]
    pub emergency_providers: Vec<Pubkey>,
    /// The authority proposed to take over, until it accepts: a handover takes both keys, so a
    /// mistyped one cannot lose the configuration.
    pub pending_authority: Option<Pubkey>,
    /// +1 on every change of the list; a break-glass receipt keeps the one it was queued under.
    pub generation: u64,
    pub bump: u8,
}

impl AccessConfig {
    pub fn allows_emergency(&self, provider: &Pubkey) -> bool {
        self.emergency_providers.contains(provider)
    }
}
