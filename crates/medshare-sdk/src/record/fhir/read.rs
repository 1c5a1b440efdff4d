//! Reading each supported resource type into record values. A refusal comes back as the
//! element at fault and a sentence; the importer adds which resource it was.

use super::dates::parse_day;
use super::model::{AllergyIntolerance, CodeableConcept, Condition, MedicationStatement};
use super::model::{Observation, Patient};
use super::terminology::{allergen_index, blood_types, sex_from_gender};
use super::terminology::{CONCEPTS, ICD10, ICD10_CM, LOINC, RXNORM};
use super::units::{to_record_unit, HEIGHT_UNITS, WEIGHT_UNITS};
use crate::record::{self, BloodType, Icd10Code, Medication, RecordError, Sex, ALLERGENS};
use time::Date;

/// The element at fault and what is wrong with it.
pub(super) type Problem = (&'static str, String);

/// A resource read into a record value, or skipped because its status says it does not apply.
pub(super) enum Read<T> {
    Imported(T),
    Skipped(String),
}

pub(super) enum Vital {
    Weight(u16),
    Height(u16),
    BloodType(BloodType),
}

/// Verification statuses that say the resource is not true of the patient.
const NOT_TRUE: [&str; 2] = ["refuted", "entered-in-error"];

fn problem(field: &'static str, text: impl Into<String>) -> Problem {
    (field, text.into())
}

/// `field is <code>` when `status` holds one of the codes in `skip`.
fn not_applying(
    field: &'static str,
    status: Option<&CodeableConcept>,
    skip: &[&str],
) -> Option<String> {
    let code = status?.codes().find(|code| skip.contains(code))?;
    Some(format!("{field} is {code}"))
}

pub(super) fn patient(patient: &Patient) -> Result<(Option<Date>, Sex), Problem> {
    let birth_date = patient
        .birth_date
        .as_deref()
        .map(parse_day)
        .transpose()
        .map_err(|why| problem("birthDate", why))?;
    let sex = match patient.gender.as_deref() {
        None => Sex::Unknown,
        Some(code) => sex_from_gender(code).ok_or_else(|| {
            problem(
                "gender",
                format!(
                    "{code:?} is not an AdministrativeGender code (male, female, other, unknown)"
                ),
            )
        })?,
    };
    Ok((birth_date, sex))
}

/// The index of the allergen class in [`ALLERGENS`].
pub(super) fn allergy(allergy: &AllergyIntolerance) -> Result<Read<usize>, Problem> {
    let clinical = allergy.clinical_status.as_ref();
    let verification = allergy.verification_status.as_ref();
    if let Some(reason) = not_applying("clinicalStatus", clinical, &["inactive", "resolved"])
        .or_else(|| not_applying("verificationStatus", verification, &NOT_TRUE))
    {
        return Ok(Read::Skipped(reason));
    }
    let code = allergy
        .code
        .as_ref()
        .ok_or_else(|| problem("code", "is missing"))?;
    let index = allergen_index(code).ok_or_else(|| {
        problem(
            "code",
            format!(
                "({}) names none of the {} allergen classes medshare records; give a SNOMED CT \
                 code medshare maps or text equal to a class name such as \"penicillins\"",
                code.describe(),
                ALLERGENS.len()
            ),
        )
    })?;
    Ok(Read::Imported(index))
}

pub(super) fn condition(condition: &Condition) -> Result<Read<record::Condition>, Problem> {
    let clinical = condition.clinical_status.as_ref();
    let verification = condition.verification_status.as_ref();
    if let Some(reason) = not_applying(
        "clinicalStatus",
        clinical,
        &["inactive", "remission", "resolved"],
    )
    .or_else(|| not_applying("verificationStatus", verification, &NOT_TRUE))
    {
        return Ok(Read::Skipped(reason));
    }
    let concept = condition
        .code
        .as_ref()
        .ok_or_else(|| problem("code", "is missing"))?;
    let text = concept.code_in(&[ICD10, ICD10_CM]).ok_or_else(|| {
        problem(
            "code",
            format!(
                "has no ICD-10 coding (only {}); medshare stores conditions as ICD-10",
                concept.describe()
            ),
        )
    })?;
    let code = Icd10Code::parse(text).map_err(|err| match err {
        RecordError::InvalidIcd10(code, why) => {
            problem("code", format!("ICD-10 {code:?} cannot be stored: {why}"))
        }
        other => problem("code", other.to_string()),
    })?;
    let other_onsets = [
        ("onsetAge", &condition.onset_age),
        ("onsetPeriod", &condition.onset_period),
        ("onsetRange", &condition.onset_range),
        ("onsetString", &condition.onset_string),
    ];
    if let Some((field, _)) = other_onsets.iter().find(|(_, value)| value.is_some()) {
        return Err(problem(
            field,
            "cannot be stored; the record keeps an onset as a day (onsetDateTime)",
        ));
    }
    let onset = condition
        .onset_date_time
        .as_deref()
        .map(parse_day)
        .transpose()
        .map_err(|why| problem("onsetDateTime", why))?;
    Ok(Read::Imported(record::Condition { code, onset }))
}

pub(super) fn medication(statement: &MedicationStatement) -> Result<Read<Medication>, Problem> {
    const NOT_TAKEN: [&str; 4] = ["entered-in-error", "stopped", "completed", "not-taken"];
    if let Some(status) = statement.status.as_deref() {
        if NOT_TAKEN.contains(&status) {
            return Ok(Read::Skipped(format!("status is {status}")));
        }
    }
    if statement.medication_reference.is_some() {
        return Err(problem(
            "medicationReference",
            "points to a Medication resource; medshare reads medicationCodeableConcept with an \
             RxNorm coding",
        ));
    }
    let field = "medicationCodeableConcept";
    let concept = statement
        .medication_codeable_concept
        .as_ref()
        .ok_or_else(|| problem(field, "is missing"))?;
    let text = concept.code_in(&[RXNORM]).ok_or_else(|| {
        problem(
            field,
            format!(
                "has no RxNorm coding (only {}); medshare stores medications as RxNorm concepts",
                concept.describe()
            ),
        )
    })?;
    let rxcui = match text.parse::<u32>() {
        Ok(0) => return Err(problem(field, RecordError::ZeroRxcui.to_string())),
        Ok(rxcui) if text.bytes().all(|b| b.is_ascii_digit()) => rxcui,
        _ => {
            return Err(problem(
                field,
                format!("RxNorm code {text:?} is not an RxNorm concept id (RXCUI)"),
            ))
        }
    };
    let (field, started) = match (&statement.effective_date_time, &statement.effective_period) {
        (Some(day), _) => ("effectiveDateTime", Some(day.as_str())),
        (None, Some(period)) => ("effectivePeriod.start", period.start.as_deref()),
        (None, None) => ("effectiveDateTime", None),
    };
    let started = started
        .map(parse_day)
        .transpose()
        .map_err(|why| problem(field, why))?;
    Ok(Read::Imported(Medication { rxcui, started }))
}

pub(super) fn observation(observation: &Observation) -> Result<Read<Vital>, Problem> {
    if let Some(status) = observation.status.as_deref() {
        if ["entered-in-error", "cancelled"].contains(&status) {
            return Ok(Read::Skipped(format!("status is {status}")));
        }
    }
    let concept = observation
        .code
        .as_ref()
        .ok_or_else(|| problem("code", "is missing"))?;
    let is = |loinc: &str| {
        concept.coding.iter().any(|coding| {
            coding.system.as_deref() == Some(LOINC) && coding.code.as_deref() == Some(loinc)
        })
    };
    let quantity = |units: &[(&str, f64)]| {
        let value = observation
            .value_quantity
            .as_ref()
            .ok_or_else(|| problem("valueQuantity", "is missing"))?;
        to_record_unit(value, units)
    };
    let known = &CONCEPTS.observations;
    let vital = if is(&known.body_weight.code) {
        Vital::Weight(quantity(&WEIGHT_UNITS)?)
    } else if is(&known.body_height.code) {
        Vital::Height(quantity(&HEIGHT_UNITS)?)
    } else if is(&known.abo_rh_group.code) {
        Vital::BloodType(blood_type(observation)?)
    } else {
        return Err(problem(
            "code",
            format!(
                "({}) is not an observation medshare stores: body weight (LOINC {}), body \
                 height ({}) or ABO and Rh group ({})",
                concept.describe(),
                known.body_weight.code,
                known.body_height.code,
                known.abo_rh_group.code
            ),
        ));
    };
    Ok(Read::Imported(vital))
}

fn blood_type(observation: &Observation) -> Result<BloodType, Problem> {
    let field = "valueCodeableConcept";
    let value = observation
        .value_codeable_concept
        .as_ref()
        .ok_or_else(|| problem(field, "is missing"))?;
    match blood_types(value).split_first() {
        None => Err(problem(
            field,
            format!(
                "({}) names no ABO/Rh group medshare recognises (SNOMED CT or LOINC answer codes)",
                value.describe()
            ),
        )),
        Some((first, rest)) if rest.iter().any(|other| other != first) => Err(problem(
            field,
            format!("({}) names different blood groups", value.describe()),
        )),
        Some((first, _)) => Ok(*first),
    }
}
