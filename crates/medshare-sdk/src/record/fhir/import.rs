//! Walking a Bundle: which resources it holds, and whether the record has room for them.

use super::model::{AllergyIntolerance, Patient, Reference};
use super::model::{Bundle, Condition, Entry, Header, MedicationStatement, Observation};
use super::one_patient::{self, PatientEntry, Subject};
use super::read::{self, Problem, Read, Vital};
use super::{FhirError, Import};
use crate::record::{AllergySet, ClinicalSummary, ALLERGENS, MAX_CONDITIONS, MAX_MEDICATIONS};
use serde::Deserialize;
use serde_json::Value;

/// Reads a FHIR R4 Bundle (JSON) into a clinical summary; see the module documentation for what
/// is read, what is refused and what is skipped.
pub fn summary_from_bundle(json: &str) -> Result<Import, FhirError> {
    let value: Value =
        serde_json::from_str(json).map_err(|err| FhirError::Json(err.to_string()))?;
    match value.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => {}
        Some(other) => {
            return Err(FhirError::NotABundle(format!(
                "its resourceType is {other}; put the resources in a Bundle"
            )))
        }
        None => return Err(FhirError::NotABundle("it has no resourceType".to_string())),
    }
    let bundle =
        Bundle::deserialize(&value).map_err(|err| FhirError::NotABundle(err.to_string()))?;
    let mut importer = Importer::default();
    for (index, entry) in bundle.entry.iter().enumerate() {
        importer.entry(index, entry)?;
    }
    importer.finish()
}

/// A resource of the bundle, named as errors and notes name it.
struct Located<'a> {
    label: String,
    full_url: Option<&'a str>,
    id: Option<&'a str>,
}

impl Located<'_> {
    fn refuse(&self, (field, problem): Problem) -> FhirError {
        FhirError::Refused {
            resource: self.label.clone(),
            field,
            problem,
        }
    }
}

#[derive(Default)]
struct Importer {
    summary: ClinicalSummary,
    allergies: [bool; ALLERGENS.len()],
    skipped: Vec<String>,
    patient: Option<PatientEntry>,
    subjects: Vec<Subject>,
    /// The resources the single-valued vitals came from, to refuse a second one.
    weight_from: Option<String>,
    height_from: Option<String>,
    blood_type_from: Option<String>,
}

impl Importer {
    fn entry(&mut self, index: usize, entry: &Entry) -> Result<(), FhirError> {
        let place = format!("Bundle.entry[{index}]");
        let at_place = |field, problem: &str| FhirError::Refused {
            resource: place.clone(),
            field,
            problem: problem.to_string(),
        };
        let resource = entry.resource.as_ref().ok_or_else(|| {
            at_place(
                "resource",
                "is missing; medshare reads only entries that hold a resource",
            )
        })?;
        let header = Header::deserialize(resource)
            .map_err(|err| at_place("resource", &format!("is not a FHIR resource: {err}")))?;
        let resource_type = header
            .resource_type
            .as_deref()
            .ok_or_else(|| at_place("resource.resourceType", "is missing"))?;
        let located = Located {
            label: match &header.id {
                Some(id) => format!("{resource_type} {id:?}"),
                None => format!("{resource_type} at {place}"),
            },
            full_url: entry.full_url.as_deref(),
            id: header.id.as_deref(),
        };
        if header.modifier_extension.is_some() {
            return Err(located.refuse((
                "modifierExtension",
                "may change what the resource means, and medshare cannot interpret it".into(),
            )));
        }
        match resource_type {
            "Patient" => self.patient(&located, &parse(resource, &located)?),
            "AllergyIntolerance" => self.allergy(&located, parse(resource, &located)?),
            "Condition" => self.condition(&located, parse(resource, &located)?),
            "MedicationStatement" => self.medication(&located, parse(resource, &located)?),
            "Observation" => self.observation(&located, parse(resource, &located)?),
            other => Err(located.refuse((
                "resourceType",
                format!(
                    "{other} has no place in a medshare record, which holds Patient, \
                     AllergyIntolerance, Condition, MedicationStatement and Observation (body \
                     weight, body height, ABO and Rh group)"
                ),
            ))),
        }
    }

    fn patient(&mut self, located: &Located, patient: &Patient) -> Result<(), FhirError> {
        if let Some(first) = &self.patient {
            return Err(located.refuse((
                "resourceType",
                format!(
                    "Patient appears a second time (first as {}); a medshare record describes one \
                     patient",
                    first.label
                ),
            )));
        }
        let (birth_date, sex) = read::patient(patient).map_err(|p| located.refuse(p))?;
        self.summary.birth_date = birth_date;
        self.summary.sex = sex;
        self.patient = Some(PatientEntry {
            label: located.label.clone(),
            full_url: located.full_url.map(str::to_string),
            id: located.id.map(str::to_string),
        });
        Ok(())
    }

    fn allergy(&mut self, located: &Located, allergy: AllergyIntolerance) -> Result<(), FhirError> {
        let read = read::allergy(&allergy).map_err(|p| located.refuse(p))?;
        if let Some(index) = self.imported(located, read) {
            // Several resources may name one class: the record keeps a flag per class.
            self.allergies[index] = true;
            self.subject(located, "patient", allergy.patient);
        }
        Ok(())
    }

    fn condition(&mut self, located: &Located, condition: Condition) -> Result<(), FhirError> {
        let read = read::condition(&condition).map_err(|p| located.refuse(p))?;
        let Some(imported) = self.imported(located, read) else {
            return Ok(());
        };
        if self.summary.conditions.len() == MAX_CONDITIONS {
            return Err(located.refuse((
                "code",
                format!(
                    "{} is one condition more than the {MAX_CONDITIONS} a medshare record holds",
                    imported.code
                ),
            )));
        }
        self.summary.conditions.push(imported);
        self.subject(located, "subject", condition.subject);
        Ok(())
    }

    fn medication(
        &mut self,
        located: &Located,
        statement: MedicationStatement,
    ) -> Result<(), FhirError> {
        let read = read::medication(&statement).map_err(|p| located.refuse(p))?;
        let Some(imported) = self.imported(located, read) else {
            return Ok(());
        };
        if self.summary.medications.len() == MAX_MEDICATIONS {
            return Err(located.refuse((
                "medicationCodeableConcept",
                format!(
                    "RxNorm {} is one medication more than the {MAX_MEDICATIONS} a medshare \
                     record holds",
                    imported.rxcui
                ),
            )));
        }
        self.summary.medications.push(imported);
        self.subject(located, "subject", statement.subject);
        Ok(())
    }

    fn observation(
        &mut self,
        located: &Located,
        observation: Observation,
    ) -> Result<(), FhirError> {
        let read = read::observation(&observation).map_err(|p| located.refuse(p))?;
        let Some(vital) = self.imported(located, read) else {
            return Ok(());
        };
        let (first, what) = match vital {
            Vital::Weight(_) => (&mut self.weight_from, "body weight"),
            Vital::Height(_) => (&mut self.height_from, "body height"),
            Vital::BloodType(_) => (&mut self.blood_type_from, "ABO and Rh group"),
        };
        if let Some(first) = first {
            return Err(located.refuse((
                "code",
                format!(
                    "is a second {what} (the first is {first}); a medshare record holds one, so \
                     keep only the one to store"
                ),
            )));
        }
        *first = Some(located.label.clone());
        match vital {
            Vital::Weight(decagrams) => self.summary.weight_dag = decagrams,
            Vital::Height(millimetres) => self.summary.height_mm = millimetres,
            Vital::BloodType(blood_type) => self.summary.blood_type = blood_type,
        }
        self.subject(located, "subject", observation.subject);
        Ok(())
    }

    /// The value read, or `None` after noting why the resource was skipped.
    fn imported<T>(&mut self, located: &Located, read: Read<T>) -> Option<T> {
        match read {
            Read::Imported(value) => Some(value),
            Read::Skipped(reason) => {
                self.skipped.push(format!("{}: {reason}", located.label));
                None
            }
        }
    }

    fn subject(&mut self, located: &Located, field: &'static str, subject: Option<Reference>) {
        if let Some(reference) = subject.and_then(|subject| subject.reference) {
            self.subjects.push(Subject {
                label: located.label.clone(),
                field,
                reference,
            });
        }
    }

    fn finish(mut self) -> Result<Import, FhirError> {
        one_patient::check(self.patient.as_ref(), &self.subjects)?;
        self.summary.allergies = AllergySet::from_flags(self.allergies);
        Ok(Import {
            summary: self.summary,
            skipped: self.skipped,
        })
    }
}

/// The resource read as its FHIR type.
fn parse<'a, T: Deserialize<'a>>(resource: &'a Value, located: &Located) -> Result<T, FhirError> {
    T::deserialize(resource).map_err(|err| {
        located.refuse((
            "resource",
            format!("does not have the structure of its FHIR R4 type: {err}"),
        ))
    })
}
