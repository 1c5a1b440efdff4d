use crate::{
    constants::*,
    events::*,
    instructions::{failure_reason, settlement_accounts},
    state::*,
    ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct ResealRecordCallback for "reseal_record" at COMP_DEF_OFFSET_RESEAL_RECORD {
        #[account(
            mut,
            seeds = [RECORD_SEED, record.owner.as_ref()],
            bump = record.bump,
        )]
        pub record: Box<Account<'info, PatientRecord>>,
    }
}

/// Writes the record re-encrypted under the new key back, unless the rotation was superseded,
/// the record changed meanwhile (writing would lose the update) or the cluster aborted. A forged
/// output fails `verify_output` and changes nothing.
pub fn settle_rotation(
    ctx: Context<ResealRecordCallback>,
    output: SignedComputationOutputs<ResealRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let record = &mut accounts.record;
    let pending = record.pending_rotation.filter(|pending| {
        accounts.computation_account.key()
            == derive_comp_pda!(pending.computation_offset, accounts.mxe_account)
    });
    let abandon = |record: &PatientRecord, offset: u64, reason: &str| {
        emit_event(&RecordKeyRotationAbandoned {
            patient: record.owner,
            computation_offset: offset,
            reason: reason.to_string(),
        });
    };

    if let SignedComputationOutputs::Failure(_) = output {
        if let Some(pending) = pending {
            record.pending_rotation = None;
            let reason = failure_reason(&accounts.instructions_sysvar);
            abandon(record, pending.computation_offset, &reason);
        }
        return Ok(());
    }
    let ResealRecordOutput { field_0: resealed } =
        output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    // A superseded rotation's output is dropped without a word: the patient asked for a newer one.
    let Some(pending) = pending else {
        return Ok(());
    };
    record.pending_rotation = None;
    if record.version != pending.record_version {
        abandon(record, pending.computation_offset, "RecordChanged");
        return Ok(());
    }
    record.write(
        resealed.encryption_key,
        resealed.nonce,
        resealed.ciphertexts,
        Clock::get()?.unix_timestamp,
    )?;
    emit_event(&RecordResealed {
        patient: record.owner,
        encryption_key: resealed.encryption_key,
        version: record.version,
        nonce: resealed.nonce,
        computation_offset: pending.computation_offset,
    });
    Ok(())
}
