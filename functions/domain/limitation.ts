import { daysBetween, type IsoDate, yearOf } from './calendar.js';

/**
 * §§ 195, 199 (1) BGB: three years, starting at the end of the year the claim arose (the creditor knows its own
 * invoice). The period ends with 31 December of the third following year; a court dunning procedure must be
 * filed by then. § 193 BGB could push a weekend end to the next working day, but the warning deliberately uses
 * the earlier, never-wrong date.
 */
export function limitationDate(claimArisesOn: IsoDate): IsoDate {
  return `${String(yearOf(claimArisesOn) + 3).padStart(4, '0')}-12-31`;
}

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
