// Walking a Bundle: which resources it holds, and whether the record has room for them.

import { ALLERGEN_CLASSES, type ClinicalSummary, MAX_CONDITIONS, MAX_MEDICATIONS, icd10Text } from '../record.ts';
import { FhirError, Problem } from './error.ts';
import * as model from './model.ts';
import { Mismatch } from './model.ts';
import { type PatientEntry, type Subject, checkOnePatient } from './one-patient.ts';
import * as read from './read.ts';
import { quoted } from './text.ts';

/** A summary read from a FHIR Bundle, with the resources left out because they do not apply. */
export interface Import {
  summary: ClinicalSummary;
  /** One sentence per skipped resource, e.g. `Condition "c3": clinicalStatus is resolved`. */
  skipped: string[];
}

/** A resource of the bundle, named as errors and notes name it. */
interface Located {
  label: string;
  fullUrl?: string;
  id?: string;
}

/**
 * JSON text parsed, refusing what `JSON.parse` lets through and the SDK's parser does not:
 * numbers beyond a double's range and lone surrogates.
 */
function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new SyntaxError('number out of range');
    if (/\p{Cs}/u.test(key) || (typeof value === 'string' && /\p{Cs}/u.test(value))) {
      throw new SyntaxError('lone surrogate in a string');
    }
    return value;
  });
}

/**
 * Reads a FHIR R4 Bundle (JSON text, or the value it parses to) into a clinical summary, with
 * the same rules as the Rust SDK's record::fhir: see the module documentation there for what is
 * read, what is refused and what is skipped.
 */
export function summaryFromBundle(json: string | unknown): Import {
  let value: unknown;
  try {
    // A value is taken as the JSON it serialises to, so that it is plain data.
    value = parseJson(typeof json === 'string' ? json : JSON.stringify(json));
  } catch (error) {
    throw FhirError.json(error instanceof Error ? error.message : String(error));
  }
  const resourceType = isObject(value) ? value.resourceType : undefined;
  if (typeof resourceType !== 'string') throw FhirError.notABundle('it has no resourceType');
  if (resourceType !== 'Bundle') {
    throw FhirError.notABundle(`its resourceType is ${resourceType}; put the resources in a Bundle`);
  }
  let bundle: ReturnType<typeof model.readBundle>;
  try {
    bundle = model.readBundle(value);
  } catch (error) {
    throw error instanceof Mismatch ? FhirError.notABundle(error.message) : error;
  }
  const importer = new Importer();
  bundle.entry.forEach((entry, index) => importer.entry(index, entry));
  return importer.finish();
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function refuse(located: Located, problem: Problem): FhirError {
  return FhirError.refused(located.label, problem.field, problem.problem);
}

/** Runs a read, turning a `Problem` into a refusal naming the resource. */
function named<T>(located: Located, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof Problem ? refuse(located, error) : error;
  }
}

/** The resource read as its FHIR type. */
function parse<T>(reader: (value: unknown) => T, resource: unknown, located: Located): T {
  try {
    return reader(resource);
  } catch (error) {
    if (!(error instanceof Mismatch)) throw error;
    throw FhirError.refused(
      located.label,
      'resource',
      `does not have the structure of its FHIR R4 type: ${error.message}`,
    );
  }
}

class Importer {
  private readonly summary: ClinicalSummary = {
    birthDay: 0,
    sex: 0,
    bloodType: 0,
    weightDag: 0,
    heightMm: 0,
    allergies: Array<boolean>(ALLERGEN_CLASSES).fill(false),
    conditions: [],
    medications: [],
  };
  private readonly skipped: string[] = [];
  private patientEntry: PatientEntry | undefined;
  private readonly subjects: Subject[] = [];
  /** The resources the single-valued vitals came from, to refuse a second one. */
  private readonly vitalFrom = new Map<read.Vital['kind'], string>();

  entry(index: number, entry: { fullUrl?: string; resource?: unknown }): void {
    const place = `Bundle.entry[${index}]`;
    if (entry.resource === undefined) {
      throw FhirError.refused(place, 'resource', 'is missing; medshare reads only entries that hold a resource');
    }
    let header: ReturnType<typeof model.readHeader>;
    try {
      header = model.readHeader(entry.resource);
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
      throw FhirError.refused(place, 'resource', `is not a FHIR resource: ${error.message}`);
    }
    const resourceType = header.resourceType;
    if (resourceType === undefined) throw FhirError.refused(place, 'resource.resourceType', 'is missing');
    const located: Located = {
      label: header.id === undefined ? `${resourceType} at ${place}` : `${resourceType} ${quoted(header.id)}`,
      fullUrl: entry.fullUrl,
      id: header.id,
    };
    if (header.modifierExtension !== undefined) {
      throw refuse(
        located,
        new Problem('modifierExtension', 'may change what the resource means, and medshare cannot interpret it'),
      );
    }
    const resource = entry.resource;
    switch (resourceType) {
      case 'Patient':
        return this.patient(located, parse(model.readPatient, resource, located));
      case 'AllergyIntolerance':
        return this.allergy(located, parse(model.readAllergyIntolerance, resource, located));
      case 'Condition':
        return this.condition(located, parse(model.readCondition, resource, located));
      case 'MedicationStatement':
        return this.medication(located, parse(model.readMedicationStatement, resource, located));
      case 'Observation':
        return this.observation(located, parse(model.readObservation, resource, located));
      default:
        throw refuse(
          located,
          new Problem(
            'resourceType',
            `${resourceType} has no place in a medshare record, which holds Patient, AllergyIntolerance, ` +
              'Condition, MedicationStatement and Observation (body weight, body height, ABO and Rh group)',
          ),
        );
    }
  }

  private patient(located: Located, patient: model.Patient): void {
    if (this.patientEntry !== undefined) {
      throw refuse(
        located,
        new Problem(
          'resourceType',
          `Patient appears a second time (first as ${this.patientEntry.label}); a medshare record describes one patient`,
        ),
      );
    }
    const { birthDay, sex } = named(located, () => read.patient(patient));
    this.summary.birthDay = birthDay;
    this.summary.sex = sex;
    this.patientEntry = { label: located.label, fullUrl: located.fullUrl, id: located.id };
  }

  private allergy(located: Located, allergy: model.AllergyIntolerance): void {
    const index = this.imported(located, named(located, () => read.allergy(allergy)));
    if (index === undefined) return;
    // Several resources may name one class: the record keeps a flag per class.
    this.summary.allergies[index] = true;
    this.subject(located, 'patient', allergy.patient);
  }

  private condition(located: Located, condition: model.Condition): void {
    const imported = this.imported(located, named(located, () => read.condition(condition)));
    if (imported === undefined) return;
    if (this.summary.conditions.length === MAX_CONDITIONS) {
      throw refuse(
        located,
        new Problem(
          'code',
          `${icd10Text(imported.code)} is one condition more than the ${MAX_CONDITIONS} a medshare record holds`,
        ),
      );
    }
    this.summary.conditions.push(imported);
    this.subject(located, 'subject', condition.subject);
  }

  private medication(located: Located, statement: model.MedicationStatement): void {
    const imported = this.imported(located, named(located, () => read.medication(statement)));
    if (imported === undefined) return;
    if (this.summary.medications.length === MAX_MEDICATIONS) {
      throw refuse(
        located,
        new Problem(
          'medicationCodeableConcept',
          `RxNorm ${imported.rxcui} is one medication more than the ${MAX_MEDICATIONS} a medshare record holds`,
        ),
      );
    }
    this.summary.medications.push(imported);
    this.subject(located, 'subject', statement.subject);
  }

  private observation(located: Located, observation: model.Observation): void {
    const vital = this.imported(located, named(located, () => read.observation(observation)));
    if (vital === undefined) return;
    const first = this.vitalFrom.get(vital.kind);
    if (first !== undefined) {
      const what = { weight: 'body weight', height: 'body height', bloodType: 'ABO and Rh group' }[vital.kind];
      throw refuse(
        located,
        new Problem(
          'code',
          `is a second ${what} (the first is ${first}); a medshare record holds one, so keep only the one to store`,
        ),
      );
    }
    this.vitalFrom.set(vital.kind, located.label);
    if (vital.kind === 'weight') this.summary.weightDag = vital.value;
    else if (vital.kind === 'height') this.summary.heightMm = vital.value;
    else this.summary.bloodType = vital.value;
    this.subject(located, 'subject', observation.subject);
  }

  /** The value read, or `undefined` after noting why the resource was skipped. */
  private imported<T>(located: Located, result: read.Read<T>): T | undefined {
    if ('imported' in result) return result.imported;
    this.skipped.push(`${located.label}: ${result.skipped}`);
    return undefined;
  }

  private subject(located: Located, field: string, subject: model.Reference | undefined): void {
    if (subject?.reference !== undefined) {
      this.subjects.push({ label: located.label, field, reference: subject.reference });
    }
  }

  finish(): Import {
    checkOnePatient(this.patientEntry, this.subjects);
    return { summary: this.summary, skipped: this.skipped };
  }
}
