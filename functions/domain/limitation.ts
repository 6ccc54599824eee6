import { compareDates, daysBetween, earlierOf, type IsoDate, yearOf } from './calendar.js';
import type { InvoiceIssued } from './events.js';

/**
 * §§ 195, 199 (1) BGB: three years, starting at the end of the year the claim arose (the creditor knows its own
 * invoice). The period ends with 31 December of the third following year; a court dunning procedure must be
 * filed by then. § 193 BGB could push a weekend end to the next working day, but the warning deliberately uses
 * the earlier, never-wrong date.
 */
export function limitationDate(claimArisesOn: IsoDate): IsoDate {
  return `${String(yearOf(claimArisesOn) + 3).padStart(4, '0')}-12-31`;
}

type ClaimDates = Pick<InvoiceIssued, 'issueDate' | 'dueDate' | 'performanceDate'>;

/**
 * § 199 (1) Nr. 1 BGB: a claim for payment arises when it becomes due, not when it is invoiced. Where the invoice
 * names a delivery or performance date before its issue date, the claim may already have been due then (§ 271
 * BGB: due at once unless agreed otherwise), so the earlier date counts: the period never ends later than it may.
 */
export function claimArisesOn(invoice: ClaimDates): IsoDate {
  const { performanceDate, issueDate, dueDate } = invoice;
  return performanceDate && compareDates(performanceDate, issueDate) < 0
    ? earlierOf(performanceDate, dueDate)
    : dueDate;
}

/** The last day the claim can be enforced without the debtor pleading limitation (§ 214 BGB). */
export const limitationDateOf = (invoice: ClaimDates): IsoDate => limitationDate(claimArisesOn(invoice));

/** From the day after its limitation date the debtor may refuse payment (§ 214 (1) BGB). */
export const isTimeBarred = (invoice: ClaimDates, on: IsoDate): boolean =>
  compareDates(on, limitationDateOf(invoice)) > 0;

export interface LimitationWarning {
  date: IsoDate;
  /** Calendar days from today to the last day; 0 on that day, negative once the claim is time-barred. */
  daysLeft: number;
  near: boolean;
}

export function limitationWarning(
  claimArisesOn: IsoDate,
  today: IsoDate,
  warningDays: number,
): LimitationWarning {
  if (!Number.isSafeInteger(warningDays) || warningDays < 0) {
    throw new RangeError(`warning days must be a whole number >= 0, got ${warningDays}`);
  }
  const date = limitationDate(claimArisesOn);
  const daysLeft = daysBetween(today, date);
  return { date, daysLeft, near: daysLeft <= warningDays };
}
