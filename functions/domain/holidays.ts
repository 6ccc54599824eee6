import type { Bundesland, IsoDate } from './calendar.js';
import { HOLIDAY_NAMES, HOLIDAY_SOURCES, HOLIDAY_TABLE_YEARS, HOLIDAYS_BY_YEAR } from './holiday-table.js';

/**
 * Public holidays from the table `npm run holidays` generates from date-holidays (the library itself stays out
 * of the Lambda bundles). A source is a Bundesland (its state-wide holidays) or a region of one (`BY/A`).
 */
export type HolidaySource = (typeof HOLIDAY_SOURCES)[number];

export { HOLIDAY_TABLE_YEARS };

/** A date outside the table's years: fail loudly rather than call a holiday a business day. */
export class HolidayTableExhaustedError extends RangeError {
  constructor(year: number) {
    super(
      `the holiday table covers ${HOLIDAY_TABLE_YEARS.first} to ${HOLIDAY_TABLE_YEARS.last}, not ${year}: move the window in scripts/holidays/generate.ts and run npm run holidays`,
    );
    this.name = 'HolidayTableExhaustedError';
  }
}

/** The regions of a Bundesland that have holidays of their own (Augsburg, parts of Saxony and Thuringia). */
export function regionsOf(state: Bundesland): HolidaySource[] {
  return HOLIDAY_SOURCES.filter((source) => source.startsWith(`${state}/`));
}

const decoded = new Map<string, ReadonlyMap<IsoDate, string>>();

/** The public holidays of one source in one year, by date, with their German names. */
export function publicHolidays(source: HolidaySource, year: number): ReadonlyMap<IsoDate, string> {
  const key = `${source} ${year}`;
  const cached = decoded.get(key);
  if (cached) return cached;
  const encoded = HOLIDAYS_BY_YEAR[year];
  if (encoded === undefined) throw new HolidayTableExhaustedError(year);
  const bit = 2 ** HOLIDAY_SOURCES.indexOf(source);
  const byDate = new Map<IsoDate, string>();
  for (const entry of encoded.split(' ')) {
    const [monthDay = '', name = '', mask = ''] = entry.split('.');
    const date = `${year}-${monthDay.slice(0, 2)}-${monthDay.slice(2)}`;
    if ((Number.parseInt(mask, 36) & bit) !== 0 && !byDate.has(date)) {
      byDate.set(date, HOLIDAY_NAMES[Number.parseInt(name, 36)] ?? '');
    }
  }
  decoded.set(key, byDate);
  return byDate;
}
