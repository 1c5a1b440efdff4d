//! Checking that the resources of a bundle describe one patient.

use super::FhirError;

/// The bundle's Patient, which every other resource must refer to.
pub(super) struct PatientEntry {
    pub label: String,
    pub full_url: Option<String>,
    pub id: Option<String>,
}

impl PatientEntry {
    /// Whether `reference` names this Patient: by its fullUrl, or by `Patient/<id>` (relative
    /// or absolute).
    fn is_named_by(&self, reference: &str) -> bool {
        self.full_url.as_deref() == Some(reference)
            || self.id.as_deref().is_some_and(|id| {
                let relative = format!("Patient/{id}");
                reference == relative || reference.ends_with(&format!("/{relative}"))
            })
    }
}

/// An imported resource's reference to its patient.
pub(super) struct Subject {
    pub label: String,
    pub field: &'static str,
    pub reference: String,
}

/// Every subject must name the bundle's Patient or, when the bundle holds none, the same patient
/// as the others. A resource without a reference is taken to be about the bundle's patient.
pub(super) fn check(patient: Option<&PatientEntry>, subjects: &[Subject]) -> Result<(), FhirError> {
    let mut first: Option<&Subject> = None;
    for subject in subjects {
        let conflict = match (patient, first) {
            (Some(patient), _) => (!patient.is_named_by(&subject.reference)).then(|| {
                format!(
                    "is {:?}, not the bundle's {}",
                    subject.reference, patient.label
                )
            }),
            (None, Some(first)) => (first.reference != subject.reference).then(|| {
                format!(
                    "is {:?} but {} refers to {:?}",
                    subject.reference, first.label, first.reference
                )
            }),
            (None, None) => {
                first = Some(subject);
                None
            }
        };
        if let Some(conflict) = conflict {
            return Err(FhirError::Refused {
                resource: subject.label.clone(),
                field: subject.field,
                problem: format!("{conflict}; a medshare record describes one patient"),
            });
        }
    }
    Ok(())
}
