use crate::instructions::{failure_reason, settlement_accounts};
use crate::{constants::*, errors::MedshareError, events::*, state::*, ID, ID_CONST};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct RevealStudyCallback for "reveal_study" at COMP_DEF_OFFSET_REVEAL_STUDY {
        #[account(mut)]
        pub study: Box<Account<'info, Study>>,
    }
}

/// Publishes the reveal in the study. The participant count inside the signed result must
/// equal the contributions the program counted, each from a transaction its patient signed: a
/// result that disagrees is kept but marked disputed, and final, since it is public in this
/// transaction either way. A reveal the cluster aborted published nothing: the study can be
/// revealed again.
pub fn settle_reveal(
    ctx: Context<RevealStudyCallback>,
    output: SignedComputationOutputs<RevealStudyOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let StudyStatus::Revealing {
        computation_offset, ..
    } = accounts.study.status
    else {
        return err!(MedshareError::RevealNotPending);
    };
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(computation_offset, accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    let results = match output {
        SignedComputationOutputs::Failure(_) => Err(failure_reason(&accounts.instructions_sysvar)),
        output => Ok(output
            .verify_output(&accounts.cluster_account, &accounts.computation_account)?
            .field_0),
    };
    let study = &mut accounts.study;
    let results = match results {
        Ok(results) => results,
        Err(reason) => {
            fail_reveal(study, computation_offset, reason);
            return Ok(());
        }
    };
    study.results = results;
    study.status = if results[PARTICIPANTS_CELL] == study.participants {
        StudyStatus::Revealed
    } else {
        StudyStatus::Disputed
    };
    study.revealed_at = Clock::get()?.unix_timestamp;
    emit_event(&StudyRevealed {
        study: study.key(),
        participants: study.participants,
        results: results.to_vec(),
        disputed: study.status == StudyStatus::Disputed,
        computation_offset,
    });
    Ok(())
}

/// Puts a study whose reveal changed nothing back to closed.
pub fn fail_reveal(study: &mut Account<Study>, computation_offset: u64, reason: String) {
    study.status = StudyStatus::Closed;
    emit_event(&StudyRevealFailed {
        study: study.key(),
        computation_offset,
        reason,
    });
}
