use crate::{
    constants::*,
    errors::MedshareError,
    events::*,
    instructions::{failure_reason, settlement_accounts},
    state::*,
    ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;

settlement_accounts! {
    pub struct ResealRecordCallback for "reseal_record" at COMP_DEF_OFFSET_RESEAL_RECORD {
        /// CHECK: the patient's record, by seeds. A superseded rotation can be delivered after
        /// the owner closed it, so it is read only if it is still there.
        #[account(mut, seeds = [RECORD_SEED, rotation.patient.as_ref()], bump)]
        pub record: UncheckedAccount<'info>,
        #[account(
            mut,
            seeds = [RECEIPT_SEED, rotation.computation_offset.to_le_bytes().as_ref()],
            bump = rotation.bump,
        )]
        pub rotation: Box<Account<'info, KeyRotation>>,
    }
}

/// Writes the record re-sealed under the new key back, unless the rotation was superseded, the
/// record changed meanwhile (writing would lose the update) or was closed, the record was not
/// bound to its owner or the cluster aborted. A forged output fails `verify_output` and changes
/// nothing.
pub fn settle_rotation(
    ctx: Context<ResealRecordCallback>,
    output: SignedComputationOutputs<ResealRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    require!(
        accounts.rotation.status == RotationStatus::Queued,
        MedshareError::RotationMismatch
    );
    let offset = accounts.rotation.computation_offset;
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(offset, accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    let verified = match output {
        SignedComputationOutputs::Failure(_) => Err(failure_reason(&accounts.instructions_sysvar)),
        output => Ok(output
            .verify_output(&accounts.cluster_account, &accounts.computation_account)?
            .field_0),
    };
    let now = Clock::get()?.unix_timestamp;
    let rotation = &mut accounts.rotation;
    rotation.completed_at = now;
    let record_info = accounts.record.to_account_info();
    let Some(mut record) = PatientRecord::read_if_open(&record_info)? else {
        return abandon(rotation, None, "RecordClosed");
    };
    let outcome = reseal(&mut record, rotation, now, verified);
    record.write_back(&record_info)?;
    outcome
}

/// Writes the verified output into `record`, or says why not.
fn reseal(
    record: &mut PatientRecord,
    rotation: &mut KeyRotation,
    now: i64,
    verified: std::result::Result<ResealRecordOutputStruct0, String>,
) -> Result<()> {
    let offset = rotation.computation_offset;
    let pending = record
        .pending_rotation
        .filter(|pending| pending.computation_offset == offset);
    let resealed = match verified {
        Err(reason) => return abandon(rotation, pending.and(Some(record)), &reason),
        Ok(resealed) => resealed,
    };
    let ResealRecordOutputStruct0 {
        field_0: resealed,
        field_1: bound,
    } = resealed;
    let Some(pending) = pending else {
        return abandon(rotation, None, "Superseded");
    };
    require!(
        resealed.encryption_key == pending.new_key && resealed.nonce == output_nonce(offset),
        MedshareError::OutputMismatch
    );
    if !bound {
        return abandon(rotation, Some(record), "RecordNotBound");
    }
    if record.version != pending.record_version {
        return abandon(rotation, Some(record), "RecordChanged");
    }
    record.pending_rotation = None;
    let mut ciphertexts = [pending.new_tag; RECORD_CIPHERTEXTS];
    ciphertexts[..DISCLOSED_CIPHERTEXTS].copy_from_slice(&resealed.ciphertexts);
    record.write(pending.new_key, resealed.nonce, ciphertexts, now)?;
    rotation.status = RotationStatus::Resealed;
    emit_event(&RecordResealed {
        patient: record.owner,
        encryption_key: pending.new_key,
        version: record.version,
        nonce: resealed.nonce,
        computation_offset: offset,
    });
    Ok(())
}

/// Leaves the record as it was, freeing it for the next rotation when this one was pending
/// (`pending_record`), and says why.
fn abandon(
    rotation: &mut KeyRotation,
    pending_record: Option<&mut PatientRecord>,
    reason: &str,
) -> Result<()> {
    rotation.status = RotationStatus::Abandoned;
    if let Some(record) = pending_record {
        record.pending_rotation = None;
    }
    emit_event(&RecordKeyRotationAbandoned {
        patient: rotation.patient,
        computation_offset: rotation.computation_offset,
        reason: reason.to_string(),
    });
    Ok(())
}
