import { compareAsc, differenceInMilliseconds } from 'date-fns';

/**
 * Instants are ISO 8601 strings with an offset. Here they become Dates (millisecond precision: a fourth or later
 * fraction digit is dropped; the product's clocks, Step Functions and DynamoDB write milliseconds at most) and
 * are printed back in UTC in the forms stored keys and API fields compare by as strings.
 */

/** A time of day and its offset: Date.parse would read a timestamp without an offset as the system's local time. */
const WITH_OFFSET = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}(?::?\d{2})?)$/i;

/** The instant as a Date; throws a RangeError for anything but an ISO 8601 timestamp with an offset. */
export function dateOf(instant: string): Date {
  const epochMilliseconds = WITH_OFFSET.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(epochMilliseconds))
    throw new RangeError(`not an ISO 8601 instant with offset: ${instant}`);
  return new Date(epochMilliseconds);
}

export function epochMillisecondsOf(instant: string): number {
  return dateOf(instant).getTime();
}

/**
 * How many fraction digits an instant printed in UTC carries: 'auto' as many as it needs (…:25Z, …:25.5Z,
 * …:25.125Z), 'millisecond' always three (sorts as a string: "…:25Z" would sort after "…:25.500Z"), 'second'
 * none (truncated).
 */
export type InstantPrecision = 'auto' | 'millisecond' | 'second';

/** The instant in UTC with 'Z', e.g. 2026-12-03T08:00:00Z for 2026-12-03T09:00:00+01:00. */
export function utcInstant(at: Date | number | string, precision: InstantPrecision = 'auto'): string {
  const iso = (typeof at === 'string' ? dateOf(at) : new Date(at)).toISOString();
  if (precision === 'millisecond') return iso;
  const [wholeSeconds = iso, fraction = ''] = iso.slice(0, -1).split('.');
  const digits = precision === 'second' ? '' : fraction.replace(/0+$/, '');
  return digits === '' ? `${wholeSeconds}Z` : `${wholeSeconds}.${digits}Z`;
}

/** -1, 0 or 1 as `a` is before, the same as or after `b`, whatever their offsets. */
export function compareInstants(a: string, b: string): number {
  return compareAsc(dateOf(a), dateOf(b));
}

/** Seconds (with their fraction) from `from` to `to`, positive when `to` is later. */
export function secondsBetween(from: string, to: string): number {
  return differenceInMilliseconds(dateOf(to), dateOf(from)) / 1000;
}
