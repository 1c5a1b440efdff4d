//! Step 11 of the demo: the compliance officer accredits the cardiologist, who attests the
//! patient's diabetes with the discharge letter as evidence; a provider whose grant does not
//! cover conditions is refused it, and the ER physician, breaking the glass, verifies it.

use super::stage::{Actor, Stage};
use anyhow::bail;
use medshare_sdk::{
    attestations::{Diagnosis, Terms},
    instructions::{self, PairRequest, PairSubject},
    record::Icd10Code,
};
use share_medical_records::{
    errors::MedshareError, state::EmergencyJustification, DisclosureRequest,
};
use solana_program::pubkey::Pubkey;
use solana_signer::Signer;

pub struct Cast<'a> {
    pub officer: &'a Actor,
    pub patient: &'a Actor,
    pub cardiologist: &'a Actor,
    pub lab: &'a Actor,
    pub physician: &'a Actor,
}

pub async fn run(stage: &mut Stage, cast: Cast<'_>, letter: Pubkey) -> anyhow::Result<()> {
    let Cast {
        officer,
        patient,
        cardiologist,
        lab,
        physician,
    } = cast;
    let accredit =
        instructions::accredit_provider(&officer.wallet.pubkey(), &cardiologist.wallet.pubkey());
    stage
        .send("accredit_provider", accredit, &officer.wallet)
        .await?;
    let letter_id = stage.client.document(&letter).await?.id;
    let diagnosis = Diagnosis {
        code: Icd10Code::parse("E11.9")?,
        treated_on: time::macros::date!(2026 - 11 - 02),
        evidence: Some(letter_id),
    };
    let patient_wallet = patient.wallet.pubkey();
    let attestation = (stage.client)
        .attest(
            &cardiologist.wallet,
            &patient_wallet,
            &diagnosis,
            Terms::default(),
        )
        .await?;
    let stored = stage.client.attestation(&attestation).await?;
    println!("   the cardiologist attests E11.9: attestation {attestation}");
    println!(
        "   -> on chain: schema, attester, patient, times and the commitment {}; the diagnosis, its date and the evidence are sealed to the MXE",
        crate::display::short_hex(&stored.commitment)
    );

    let subject = PairSubject::Attestation(attestation);
    let lab_request = PairRequest::under_grant(&lab.wallet.pubkey(), &patient_wallet, subject);
    let refused = instructions::disclose_sealed_pair(
        &lab_request,
        stage.next_offset(),
        DisclosureRequest::Grant,
    );
    stage
        .expect_refusal(
            "disclose_sealed_pair (grant)",
            refused,
            &lab.wallet,
            MedshareError::FieldsNotGranted,
        )
        .await?;

    let offset = stage.next_offset();
    let emergency = PairRequest::in_emergency(&physician.wallet.pubkey(), subject);
    let why = DisclosureRequest::Emergency {
        justification: EmergencyJustification::PatientUnresponsive,
    };
    let request = instructions::disclose_sealed_pair(&emergency, offset, why);
    stage
        .send(
            "disclose_sealed_pair (emergency)",
            request,
            &physician.wallet,
        )
        .await?;
    stage.deliver(offset).await?;
    let verified = (stage.client)
        .verify_attestation(offset, &physician.key, &patient_wallet)
        .await?;
    if let Some((check, why)) = verified.failure() {
        bail!(
            "the ER physician's verification failed: {}: {why}",
            check.describe()
        );
    }
    if verified.diagnosis.as_ref() != Some(&diagnosis) || verified.evidence() != Some(letter) {
        bail!("the ER physician opened another body than the cardiologist attested");
    }
    let checks: Vec<&str> = verified
        .checks
        .iter()
        .map(|(check, _)| check.describe())
        .collect();
    println!(
        "   the ER physician, breaking the glass, verified it: {}",
        checks.join("; ")
    );
    println!();
    Ok(())
}
