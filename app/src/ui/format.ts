// How the app writes addresses, times and field sets.

import type BN from 'bn.js';
import { PublicKey } from '@solana/web3.js';
import { ELIGIBILITY, FIELD_SET_NAMES } from '../../../clients/typescript/medshare.ts';

export const FIELD_LABELS: Record<number, string> = {
  1: 'Demographics (birth date, sex)',
  2: 'Blood type',
  4: 'Vitals (weight, height)',
  8: 'Allergies',
  16: 'Conditions (ICD-10 diagnoses)',
  32: 'Medications (RxNorm)',
  64: 'Documents (lab reports, imaging, letters)',
  [ELIGIBILITY]: 'Eligibility questions (yes or no, no field)',
};

/** The sets a grant of fields names; eligibility comes alone, with its allowance of questions. */
export const FIELD_SETS = FIELD_SET_NAMES.map(([bit]) => bit).filter((bit) => bit !== ELIGIBILITY);

/** "blood type, allergies and conditions" */
export function fieldWords(fields: number): string {
  const names = FIELD_SET_NAMES.map(([bit]) => bit)
    .filter((bit) => fields & bit).map((bit) => FIELD_LABELS[bit].replace(/ \(.*\)$/, '').toLowerCase());
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A wallet address as a person typed it, or undefined if it is not one. */
export function parseAddress(text: string): PublicKey | undefined {
  try {
    return new PublicKey(text.trim());
  } catch {
    return undefined;
  }
}

export const shortAddress = (key: PublicKey | string) => {
  const text = key.toString();
  return `${text.slice(0, 4)}…${text.slice(-4)}`;
};

export const dateTime = (unix: BN | number) => new Date(Number(unix) * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
export const date = (unix: BN | number) => new Date(Number(unix) * 1000).toISOString().slice(0, 10);

export const PURPOSE_LABELS: Record<string, string> = {
  treatment: 'Treatment',
  payment: 'Payment',
  operations: 'Healthcare operations',
  research: 'Research',
  emergency: 'Emergency',
  patientRequest: 'At my request',
};

export const JUSTIFICATION_LABELS: Record<string, string> = {
  patientUnresponsive: 'The patient is unresponsive',
  lifeThreatening: 'A life-threatening condition',
  urgentTreatment: 'Urgent treatment is needed',
  patientCannotConsent: 'The patient cannot consent',
};
