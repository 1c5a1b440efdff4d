// How the app names document categories and a document's state.

import type { Category, Document } from '../../../clients/typescript/documents.ts';
import { variant } from '../../../clients/typescript/audit.ts';
import { date } from '../ui/format.ts';

export const CATEGORY_LABELS: Record<Category, string> = {
  labReport: 'Lab report',
  imaging: 'Imaging',
  dischargeLetter: 'Discharge letter',
  referral: 'Referral',
  prescription: 'Prescription',
  other: 'Other',
};

export const categoryOf = (document: Document) => CATEGORY_LABELS[variant(document.contents.category) as Category];

export const documentState = (document: Document) => (document.withdrawnAt ? `withdrawn ${date(document.withdrawnAt)}` : 'available');

/** A file name that says what the document is without the name it was added under, which is not stored. */
export const fileName = (document: Document, address: { toBase58: () => string }) =>
  `${categoryOf(document).toLowerCase().replaceAll(' ', '-')}-${address.toBase58().slice(0, 8)}.bin`;
