import type { Instant } from './calendar.js';
import type { CustomerSegment } from './events.js';
import { utcInstant } from './instant.js';

export const MAX_PRIORITY = 9999;

export interface CallPriorityInput {
  openCents: number;
  /** Days since the due date; zero or less means not overdue yet. */
  daysOverdue: number;
  /** Class from the last credit report, 1 (excellent) to 6 (insufficient); unknown when absent. */
  creditRating?: number;
  segment: CustomerSegment;
  brokenPromises: number;
}

/*
 * Weights, and why (collection practice, DOMAIN.md section 5: "work the highest amounts first"):
 * - Amount: 1000 points per decade of euros, from 1 € up to 10 M € (0..7000). Log scale because what matters
 *   to a caller is the order of magnitude: 100 € vs 100,000 € is 3000 points apart, 10,000 € vs 10,100 € is 4.
 *   Doubling an amount is worth 301 points, more than any single secondary factor below except a long overdue
 *   period, so the amount dominates the queue.
 * - Days overdue: 3 points per day, capped at 365 days (0..1095). Older claims get harder to collect and come
 *   closer to limitation, but a month (90 points) only weighs as much as about 23 % more amount.
 * - Credit rating: 60 points per class worse than 1 (0..300); an unknown rating counts as the middle (3.5) so
 *   a missing report neither hides nor pushes a case.
 * - Broken promises: 100 points each, up to 3 (0..300): the customer needs a firmer, earlier call.
 * - Key accounts: +150 for personal care; losing the relationship costs more than the single invoice.
 * The maximum sum is 8845, inside 0..9999, so the clamp below is only a guard against odd inputs.
 */
const AMOUNT_POINTS_PER_DECADE = 1000;
const AMOUNT_MAX_DECADES = 7;
const POINTS_PER_DAY_OVERDUE = 3;
const MAX_DAYS_OVERDUE = 365;
const POINTS_PER_RATING_CLASS = 60;
const UNKNOWN_RATING = 3.5;
const POINTS_PER_BROKEN_PROMISE = 100;
const MAX_BROKEN_PROMISES = 3;
const KEY_ACCOUNT_POINTS = 150;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Priority of a call task, an integer 0..9999: higher is called first. */
export function callPriority(input: CallPriorityInput): number {
  const { openCents, daysOverdue, creditRating, segment, brokenPromises } = input;
  for (const [name, value] of Object.entries({ openCents, daysOverdue, creditRating, brokenPromises })) {
    if (Number.isNaN(value)) throw new RangeError(`${name} must be a number, got NaN`);
  }
  const euros = Math.max(0, openCents) / 100;
  const amount = AMOUNT_POINTS_PER_DECADE * Math.min(AMOUNT_MAX_DECADES, Math.log10(1 + euros));
  const overdue = POINTS_PER_DAY_OVERDUE * clamp(daysOverdue, 0, MAX_DAYS_OVERDUE);
  const rating = POINTS_PER_RATING_CLASS * (clamp(creditRating ?? UNKNOWN_RATING, 1, 6) - 1);
  const promises = POINTS_PER_BROKEN_PROMISE * clamp(brokenPromises, 0, MAX_BROKEN_PROMISES);
  const personal = segment === 'key-account' ? KEY_ACCOUNT_POINTS : 0;
  return clamp(Math.round(amount + overdue + rating + promises + personal), 0, MAX_PRIORITY);
}

const PRIORITY_WIDTH = String(MAX_PRIORITY).length;

/**
 * Sort key of the `byQueue` GSI. DynamoDB sorts strings ascending, so the priority is inverted and zero-padded
 * (priority 9957 -> '0042'): a Query in ascending order returns the highest priority first and, within one
 * priority, the earliest due task first. The due instant is written in UTC ('…Z') because ISO strings with
 * different offsets do not sort by time (09:00+01:00 and 08:30Z are the same morning, in the wrong order),
 * e.g. priorityKey(9957, '2026-12-03T09:00:00+01:00') === '0042#2026-12-03T08:00:00Z'.
 */
export function priorityKey(priority: number, dueAt: Instant): string {
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new RangeError(`priority must be a whole number 0..${MAX_PRIORITY}, got ${priority}`);
  }
  const inverted = String(MAX_PRIORITY - priority).padStart(PRIORITY_WIDTH, '0');
  const due = utcInstant(dueAt, 'second');
  return `${inverted}#${due}`;
}
