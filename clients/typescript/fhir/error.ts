// Why an import failed, worded as the Rust SDK's `FhirError` displays it.

export type FhirErrorKind = 'json' | 'not-a-bundle' | 'refused';

export class FhirError extends Error {
  override readonly name = 'FhirError';
  readonly kind: FhirErrorKind;
  /** For a refusal: the type with its id (`Condition "c2"`) or its place (`Condition at Bundle.entry[3]`). */
  readonly resource?: string;
  /** For a refusal: the element at fault. */
  readonly field?: string;
  /** For a refusal: what is wrong with the element. */
  readonly problem?: string;

  private constructor(kind: FhirErrorKind, message: string, refusal?: { resource: string; field: string; problem: string }) {
    super(message);
    this.kind = kind;
    this.resource = refusal?.resource;
    this.field = refusal?.field;
    this.problem = refusal?.problem;
  }

  static json(why: string): FhirError {
    return new FhirError('json', `the input is not valid JSON: ${why}`);
  }

  static notABundle(why: string): FhirError {
    return new FhirError('not-a-bundle', `the input is not a FHIR Bundle: ${why}`);
  }

  static refused(resource: string, field: string, problem: string): FhirError {
    return new FhirError('refused', `${resource}: ${field} ${problem}`, { resource, field, problem });
  }
}

/** An element at fault and what is wrong with it; the importer adds which resource it was. */
export class Problem extends Error {
  readonly field: string;
  readonly problem: string;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}
