import { compareAsc, isValid, parseISO } from 'date-fns';
import * as z from './zod.js';

/**
 * The calendar day as the domain writes it, without the holiday calendars of calendar.ts: the letters
 * import only this, so a function that renders letters does not carry every country's holidays.
 */
export const isoDateSchema = z.iso.date({ error: 'must be a calendar date YYYY-MM-DD' });
export type IsoDate = z.infer<typeof isoDateSchema>;

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar day as a Date at local midnight, the form date-fns counts days and months on (any system time
 * zone gives the same days); throws a RangeError for anything but a real day 'YYYY-MM-DD'.
 */
export function dayOf(date: IsoDate): Date {
  const day = CALENDAR_DAY.test(date) ? parseISO(date) : new Date(Number.NaN);
  if (!isValid(day)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  return day;
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return compareAsc(dayOf(a), dayOf(b));
}
