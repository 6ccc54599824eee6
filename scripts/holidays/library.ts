import Holidays from 'date-holidays';
import { type Bundesland, bundeslandSchema, type IsoDate } from '../../functions/domain/calendar.js';

/**
 * date-holidays is the source of truth for German public holidays; it stays out of the Lambda bundles (with
 * its time-zone database, astronomy package and moment it weighed 1.4 MB). `npm run holidays` writes the
 * table functions/domain/holiday-table.ts from it, and test/unit/holiday-table.test.ts checks the table
 * against it for every source and year.
 */

/** A Bundesland (its state-wide holidays) or a region of it (`BY/A`: the state's plus the region's own). */
export type HolidaySourceKey = Bundesland | `${Bundesland}/${string}`;

/**
 * Every Bundesland followed by the regions date-holidays knows in it (Augsburg, the Catholic and the Protestant
 * municipalities of Bavaria, the Landkreis Bautzen, parts of Thuringia), sorted: the calendars combine
 * sources in this order, so the table keeps it.
 */
export function librarySources(): HolidaySourceKey[] {
  const library = new Holidays();
  return bundeslandSchema.options.toSorted().flatMap((state): HolidaySourceKey[] => [
    state,
    ...Object.keys(library.getRegions('DE', state) ?? {})
      .toSorted()
      .map((region): HolidaySourceKey => `${state}/${region}`),
  ]);
}

/** The public holidays of one source in one year, by date, as the library names them (German). */
export function libraryHolidays(source: HolidaySourceKey, year: number): Map<IsoDate, string> {
  const [state, region] = source.split('/');
  const library =
    region === undefined ? new Holidays('DE', state ?? '') : new Holidays('DE', state ?? '', region);
  const byDate = new Map<IsoDate, string>();
  for (const holiday of library.getHolidays(year)) {
    const date = holiday.date.slice(0, 10);
    // A date with two public holidays keeps the first, as the calendar always did.
    if (holiday.type === 'public' && !byDate.has(date)) byDate.set(date, holiday.name);
  }
  return byDate;
}
