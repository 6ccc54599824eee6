import {
  type BaseRateTable,
  baseRatePeriods,
  formatBasisPoints,
  isBaseRateTableStaleFor,
} from './base-rates.js';
import {
  addDays,
  compareDates,
  daysBetween,
  earlierOf,
  type IsoDate,
  isLeapYear,
  yearOf,
} from './calendar.js';
import { divideRoundHalfUp } from './money.js';

/** § 288 (1) and (2) BGB: base rate + 5 points when a consumer is party, + 9 points between businesses. */
export function statutoryMarginBasisPoints(consumerInvolved: boolean): number {
  return consumerInvolved ? 500 : 900;
}

export type DayCount = 'act/365' | 'act/act';

export interface InterestLine {
  from: IsoDate;
  /** Inclusive. */
  through: IsoDate;
  days: number;
  principalCents: number;
  /** Total annual rate: base rate + statutory margin. */
  basisPoints: number;
  /** The same rate as a percentage with two decimals, e.g. '10.27', as shown on a letter. */
  ratePercent: string;
  cents: number;
  /** The period lies past the base-rate table: the last known rate was used and must be checked. */
  baseRateStale: boolean;
}

export interface InterestResult {
  cents: number;
  lines: InterestLine[];
  baseRateStale: boolean;
}

export interface InterestInput {
  principalCents: number;
  from: IsoDate;
  /** Inclusive: interest runs up to and including the day of payment. */
  through: IsoDate;
  consumer: boolean;
  dayCount: DayCount;
  table: BaseRateTable;
}

/**
 * Default interest on a constant principal from `from` through `through`, both inclusive (§ 289 BGB: interest
 * accrues on the principal only, so the caller passes the open principal, never interest). Every half-year is
 * its own period because the base rate may change on 1 January and 1 July (§ 247 BGB); each period is computed
 * exactly and rounded half-up once.
 */
export function computeInterest(input: InterestInput): InterestResult {
  const { principalCents, from, through, consumer, dayCount, table } = input;
  if (!Number.isSafeInteger(principalCents) || principalCents < 0) {
    throw new RangeError(`principal must be whole non-negative cents, got ${principalCents}`);
  }
  if (principalCents === 0 || compareDates(from, through) > 0) {
    return { cents: 0, lines: [], baseRateStale: false };
  }

  const rates = baseRatePeriods(table);
  const first = rates[0];
  if (!first || compareDates(from, first.from) < 0) {
    throw new RangeError(
      `no base rate for ${from}: the base-rate table starts on ${first?.from ?? '(empty)'}; add the earlier rates`,
    );
  }

  const margin = statutoryMarginBasisPoints(consumer);
  const lines: InterestLine[] = [];
  let periodStart = from;
  while (compareDates(periodStart, through) <= 0) {
    const nextHalfYear = halfYearAfter(periodStart);
    const periodEnd = earlierOf(addDays(nextHalfYear, -1), through);
    const days = daysBetween(periodStart, periodEnd) + 1;
    const basisPoints = baseRateBasisPointsOn(rates, periodStart) + margin;
    const yearDays = dayCount === 'act/act' && isLeapYear(yearOf(periodStart)) ? 366 : 365;
    const cents = divideRoundHalfUp(
      BigInt(principalCents) * BigInt(basisPoints) * BigInt(days),
      10_000n * BigInt(yearDays),
    );
    lines.push({
      from: periodStart,
      through: periodEnd,
      days,
      principalCents,
      basisPoints,
      ratePercent: formatBasisPoints(basisPoints),
      cents: Number(cents),
      // Never guessed silently: the caller logs, counts and flags the case when this is set.
      baseRateStale: isBaseRateTableStaleFor(table, periodStart),
    });
    periodStart = nextHalfYear;
  }

  return {
    cents: lines.reduce((total, line) => total + line.cents, 0),
    lines,
    baseRateStale: lines.some((line) => line.baseRateStale),
  };
}

/** The next 1 January or 1 July after `date`: where the base rate may change and, for act/act, the year ends. */
function halfYearAfter(date: IsoDate): IsoDate {
  const year = yearOf(date);
  const july = `${String(year).padStart(4, '0')}-07-01`;
  return compareDates(date, july) < 0 ? july : `${String(year + 1).padStart(4, '0')}-01-01`;
}

function baseRateBasisPointsOn(rates: ReturnType<typeof baseRatePeriods>, date: IsoDate): number {
  let found: number | undefined;
  for (const rate of rates) {
    if (compareDates(rate.from, date) > 0) break;
    found = rate.basisPoints;
  }
  if (found === undefined) throw new RangeError(`no base rate for ${date}`);
  return found;
}
