use anchor_lang::prelude::*;

/// The access configuration's authority vouches for a provider: only an accredited provider
/// attests. Kept after withdrawal; a new accreditation starts a new period.
#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct Accreditation {
    /// The provider's wallet.
    pub provider: Pubkey,
    /// Start of the current period.
    pub accredited_at: i64,
    /// Unix time the authority withdrew it; `None` while in force.
    pub withdrawn_at: Option<i64>,
    pub bump: u8,
}
