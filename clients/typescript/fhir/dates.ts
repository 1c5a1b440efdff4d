// FHIR `date` and `dateTime` text to and from the record's day numbers.

import { day, isoDate } from '../record.ts';
import { quoted } from './text.ts';

/** The record's date range: day 0 means "no date" and a day is 16 bits. */
const FIRST_DAY = 1;
const LAST_DAY = 0xffff;

export type ParsedDay = { day: number } | { why: string };

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * The day a FHIR `date` or `dateTime` names, checked against the record's date range. The time
 * of day of a `dateTime` is dropped; a partial date (`2009`, `2009-06`) is refused rather than
 * completed with an invented day.
 */
export function parseDay(text: string): ParsedDay {
  const dayPart = text.split('T', 1)[0];
  const parts = dayPart.split('-');
  if (parts.length !== 3) {
    return { why: `${quoted(text)} is not a whole day (YYYY-MM-DD); the record stores dates to the day` };
  }
  const [yearText, monthText, dayText] = parts;
  if (!/^\d{4}$/.test(yearText) || !/^\d{2}$/.test(monthText) || !/^\d{2}$/.test(dayText)) {
    return { why: `${quoted(text)} is not a FHIR date (YYYY-MM-DD)` };
  }
  const [year, month, dayOfMonth] = [Number(yearText), Number(monthText), Number(dayText)];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysIn(year, month)) {
    return { why: `${quoted(text)} is not a calendar date` };
  }
  const number = day(dayPart);
  if (number < FIRST_DAY || number > LAST_DAY) {
    return { why: `${dayPart} is outside the representable range 1900-01-02..=2079-06-06` };
  }
  return { day: number };
}

/** The FHIR `date` text of a day number of the record. */
export function formatDay(dayNumber: number): string {
  if (!Number.isInteger(dayNumber) || dayNumber < FIRST_DAY || dayNumber > LAST_DAY) {
    throw new RangeError(`day ${dayNumber} is outside the record's date range`);
  }
  return isoDate(dayNumber);
}
