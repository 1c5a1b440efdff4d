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
        #[account(
            mut,
            seeds = [RECORD_SEED, record.owner.as_ref()],
            bump = record.bump,
        )]
        pub record: Box<Account<'info, PatientRecord>>,
        #[account(
            mut,
            seeds = [RECEIPT_SEED, rotation.computation_offset.to_le_bytes().as_ref()],
            bump = rotation.bump,
            constraint = rotation.patient == record.owner @ MedshareError::RotationMismatch,
        )]
        pub rotation: Box<Account<'info, KeyRotation>>,
    }
}

/// Writes the record re-sealed under the new key back, unless the rotation was superseded, the
/// record changed meanwhile (writing would lose the update), the record was not bound to its
/// owner or the cluster aborted. A forged output fails `verify_output` and changes nothing.
pub fn settle_rotation(
    ctx: Context<ResealRecordCallback>,
    output: SignedComputationOutputs<ResealRecordOutput>,
) -> Result<()> {
    let accounts = ctx.accounts;
    let rotation = &mut accounts.rotation;
    require!(
        rotation.status == RotationStatus::Queued,
        MedshareError::RotationMismatch
    );
    require_keys_eq!(
        accounts.computation_account.key(),
        derive_comp_pda!(rotation.computation_offset, accounts.mxe_account),
        MedshareError::ComputationMismatch
    );
    let now = Clock::get()?.unix_timestamp;
    rotation.completed_at = now;
    rotation.status = RotationStatus::Abandoned;
    let record = &mut accounts.record;
    let offset = rotation.computation_offset;
    let pending = record
        .pending_rotation
        .filter(|pending| pending.computation_offset == offset);
    let abandon = |record: &mut PatientRecord, reason: &str| {
        if pending.is_some() {
            record.pending_rotation = None;
        }
        emit_event(&RecordKeyRotationAbandoned {
            patient: record.owner,
            computation_offset: offset,
            reason: reason.to_string(),
        });
        Ok(())
    };

    if let SignedComputationOutputs::Failure(_) = output {
        let reason = failure_reason(&accounts.instructions_sysvar);
        return abandon(record, &reason);
    }
    let ResealRecordOutput {
        field_0:
            ResealRecordOutputStruct0 {
                field_0: resealed,
                field_1: bound,
            },
    } = output.verify_output(&accounts.cluster_account, &accounts.computation_account)?;
    let Some(pending) = pending else {
        return abandon(record, "Superseded");
    };
    require!(
        resealed.encryption_key == pending.new_key && resealed.nonce == output_nonce(offset),
        MedshareError::OutputMismatch
    );
    if !bound {
        return abandon(record, "RecordNotBound");
    }
    if record.version != pending.record_version {
        return abandon(record, "RecordChanged");
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
