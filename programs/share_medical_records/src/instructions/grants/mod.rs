pub mod close_grant;
pub mod grant_access;
pub mod narrow_grant;
pub mod revoke_grant;

pub use close_grant::*;
pub use grant_access::*;
pub use narrow_grant::*;
pub use revoke_grant::*;

use crate::{constants::*, errors::MedshareError, state::Grant};
use anchor_lang::prelude::*;

/// The accounts of a change the patient makes to an existing grant.
#[derive(Accounts)]
pub struct ChangeGrant<'info> {
    pub patient: Signer<'info>,
    #[account(
        mut,
        seeds = [GRANT_SEED, grant.patient.as_ref(), grant.provider.as_ref()],
        bump = grant.bump,
        has_one = patient @ MedshareError::NotRecordOwner,
    )]
    pub grant: Account<'info, Grant>,
}
