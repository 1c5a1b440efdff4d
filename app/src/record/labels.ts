// The record's codes in words.

export const SEX_LABELS = ['Not recorded', 'Male', 'Female', 'Other'];
export const BLOOD_TYPE_LABELS = ['Not recorded', 'O negative', 'O positive', 'A negative', 'A positive', 'B negative', 'B positive', 'AB negative', 'AB positive'];
