import { Temporal } from 'temporal-polyfill';
import * as z from './zod.js';

/**
 * The calendar day as the domain writes it, without the holiday calendars of calendar.ts: the letters
 * import only this, so a function that renders letters does not carry every country's holidays.
 */
export const isoDateSchema = z.iso.date({ error: 'must be a calendar date YYYY-MM-DD' });
export type IsoDate = z.infer<typeof isoDateSchema>;

export function compareDates(a: IsoDate, b: IsoDate): number {
  return Temporal.PlainDate.compare(Temporal.PlainDate.from(a), Temporal.PlainDate.from(b));
}
