// Checking that the resources of a bundle describe one patient.

import { FhirError } from './error.ts';
import { quoted } from './text.ts';

/** The bundle's Patient, which every other resource must refer to. */
export interface PatientEntry {
  label: string;
  fullUrl?: string;
  id?: string;
}

/** An imported resource's reference to its patient. */
export interface Subject {
  label: string;
  field: string;
  reference: string;
}

/** Whether `reference` names the Patient: by its fullUrl, or by `Patient/<id>` (relative or absolute). */
function namesPatient(patient: PatientEntry, reference: string): boolean {
  if (patient.fullUrl !== undefined && patient.fullUrl === reference) return true;
  if (patient.id === undefined) return false;
  const relative = `Patient/${patient.id}`;
  return reference === relative || reference.endsWith(`/${relative}`);
}

/**
 * Every subject must name the bundle's Patient or, when the bundle holds none, the same patient
 * as the others. A resource without a reference is taken to be about the bundle's patient.
 */
export function checkOnePatient(patient: PatientEntry | undefined, subjects: readonly Subject[]): void {
  const first = subjects[0];
  for (const subject of subjects) {
    let conflict: string | undefined;
    if (patient !== undefined) {
      if (!namesPatient(patient, subject.reference)) {
        conflict = `is ${quoted(subject.reference)}, not the bundle's ${patient.label}`;
      }
    } else if (first.reference !== subject.reference) {
      conflict = `is ${quoted(subject.reference)} but ${first.label} refers to ${quoted(first.reference)}`;
    }
    if (conflict !== undefined) {
      throw FhirError.refused(subject.label, subject.field, `${conflict}; a medshare record describes one patient`);
    }
  }
}
