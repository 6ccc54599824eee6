import { addSeconds, differenceInSeconds } from 'date-fns';
import {
  berlinInstant,
  clockTimeOf,
  clockTimeSchema,
  type Instant,
  type IsoDate,
  timeOfDay,
} from './calendar.js';
import * as z from './zod.js';

/**
 * Pacing at the source. Invoices issued at month end share a due date, so without pacing all their reminders
 * would wake at one instant and throttle SES and Lambda. Each customer instead gets one second of the sending
 * window, the same every day, picked by a stable hash of the customer id: a day's executions wake spread
 * over the window, and one customer's cases wake together (so a day's reminders can be combined per customer).
 */
export const sendingWindowSchema = z
  .object({
    /** Berlin wall-clock time of the first second executions may wake in. */
    from: clockTimeSchema,
    /** Berlin wall-clock time the window ends, exclusive. */
    to: clockTimeSchema,
  })
  .check(
    z.superRefine(
      (window, context) => {
        // HH:MM strings compare like the times they name.
        if (window.to <= window.from) {
          context.addIssue({
            code: 'custom',
            path: ['to'],
            message: `must be later than from (${window.from})`,
          });
        }
      },
      // A malformed time is reported on its own field; comparing it as well would only add noise.
      { when: (payload) => payload.issues.length === 0 },
    ),
  );
export type SendingWindow = z.infer<typeof sendingWindowSchema>;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/**
 * FNV-1a, 32 bit, over the UTF-8 bytes of `text` (published test vectors: "" -> 0x811c9dc5, "a" -> 0xe40c292c,
 * "foobar" -> 0xbf9cf968). Pacing needs a spread that never changes between releases, not secrecy: the domain
 * may not import node:crypto, and a hash passed in from the workflow layer would let every caller (preview,
 * tests, the Lambdas) pick a different one. Sequential and random ids alike spread evenly over a window.
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(text)) {
    hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  }
  return hash;
}

/**
 * The instant on `date` at which the customer's executions wake: the window's start plus (hash of the
 * customer id modulo the window's length in seconds), as Berlin wall-clock time. Whole seconds, not minutes:
 * 100,000 invoices over ten hours are about three a second instead of 170 at the top of each minute.
 * A wall-clock time the spring DST change skips moves forward by the gap, as berlinInstant does.
 */
export function pacedInstant(date: IsoDate, customerId: string, window: SendingWindow): Instant {
  const from = timeOfDay(window.from);
  const windowSeconds = differenceInSeconds(timeOfDay(window.to), from);
  const offsetSeconds = fnv1a32(customerId) % windowSeconds;
  return berlinInstant(date, clockTimeOf(addSeconds(from, offsetSeconds)));
}
