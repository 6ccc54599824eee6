import { TZDateMini } from '@date-fns/tz';
import {
  addDays as addCalendarDays,
  addMonths as addCalendarMonths,
  differenceInCalendarDays,
  formatISO,
  getDate,
  getMonth,
  getYear,
  isLeapYear as isLeapYearOf,
  isWeekend,
  lightFormat,
  setYear,
  subHours,
} from 'date-fns';
import { HOLIDAY_TABLE_YEARS, type HolidaySource, publicHolidays, regionsOf } from './holidays.js';
import { epochMillisecondsOf, utcInstant } from './instant.js';
import { compareDates, dayOf, type IsoDate } from './iso-date.js';
import * as z from './zod.js';

export { compareDates, type IsoDate, isoDateSchema } from './iso-date.js';

/**
 * Calendar dates (due date, default date, business dates) are Europe/Berlin calendar days written as
 * 'YYYY-MM-DD'; instants are ISO 8601 with an explicit offset. All date math goes through date-fns
 * (calendar days as local-midnight Dates, Berlin wall clocks as @date-fns/tz dates); instants are in instant.ts.
 */
export const BERLIN = 'Europe/Berlin';

export const instantSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 timestamp with offset',
});
export type Instant = z.infer<typeof instantSchema>;

export const clockTimeSchema = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'));

export const bundeslandSchema = z.enum(
  ['BB', 'BE', 'BW', 'BY', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SH', 'SL', 'SN', 'ST', 'TH'],
  { error: 'must be a German state code such as BY or NW' },
);
export type Bundesland = z.infer<typeof bundeslandSchema>;

/** The domain never reads the system clock itself: handlers inject a clock (scaled locally, real on AWS). */
export type Clock = () => Instant;
export const systemClock: Clock = () => utcInstant(Date.now());

const WALL_CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

const isoDay = (day: Date): IsoDate => formatISO(day, { representation: 'date' });

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDay(addCalendarDays(dayOf(date), days));
}

/** Months forward; a day the target month lacks becomes its last day (2027-01-31 + 1 month = 2027-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return isoDay(addCalendarMonths(dayOf(date), months));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(dayOf(to), dayOf(from));
}

export function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

export function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function yearOf(date: IsoDate): number {
  return getYear(dayOf(date));
}

export function isLeapYear(year: number): boolean {
  return isLeapYearOf(setYear(dayOf('2000-01-01'), year));
}

/** The Berlin calendar day an instant falls on. */
export function berlinDateOf(instant: Instant): IsoDate {
  return isoDay(new TZDateMini(epochMillisecondsOf(instant), BERLIN));
}

/** A Berlin wall-clock time on a calendar day as an instant with its offset, e.g. 2026-12-03T09:00:00+01:00. */
export function berlinInstant(date: IsoDate, time: string): Instant {
  const day = dayOf(date);
  const wall = timeOfDay(time);
  const berlin = new TZDateMini(
    getYear(day),
    getMonth(day),
    getDate(day),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    BERLIN,
  );
  return formatISO(earlierWhenRepeated(berlin));
}

/**
 * A wall-clock time the autumn change shows twice (02:30 on 2026-10-25) means its first, summer-time instant,
 * the 'compatible' choice of java.time and Temporal (which the product used before); @date-fns/tz alone picks the
 * second. A skipped spring time moves forward by the gap in both (02:30 on 2026-03-29 is 03:30+02:00). Berlin's
 * changes are one hour.
 */
function earlierWhenRepeated(berlin: Date): Date {
  const hourBefore = subHours(berlin, 1);
  return lightFormat(hourBefore, 'HH:mm:ss') === lightFormat(berlin, 'HH:mm:ss') ? hourBefore : berlin;
}

/**
 * A wall-clock time 'HH:MM' or 'HH:MM:SS' as the Date on 1970-01-01 whose UTC fields read it, for date-fns to
 * count seconds on without any time zone's changes; throws a RangeError for another form.
 */
export function timeOfDay(time: string): Date {
  const wall = WALL_CLOCK_TIME.test(time) ? Date.parse(`1970-01-01T${time}Z`) : Number.NaN;
  if (Number.isNaN(wall)) throw new RangeError(`not a time HH:MM[:SS]: ${time}`);
  return new Date(wall);
}

/** The wall-clock time 'HH:MM:SS' a Date from timeOfDay reads. */
export function clockTimeOf(wall: Date): string {
  return wall.toISOString().slice(11, 19);
}

export interface BusinessCalendar {
  isBusinessDay(date: IsoDate): boolean;
  /** Name of the public holiday on that day at the place of payment, if any. */
  holidayOn(date: IsoDate): string | undefined;
  /** § 193 BGB: the date itself if it is a business day, else the next business day. */
  onOrNextBusinessDay(date: IsoDate): IsoDate;
  /** Counts `days` business days forward (0 = the date itself moved to a business day). */
  addBusinessDays(date: IsoDate, days: number): IsoDate;
}

const calendars = new Map<string, BusinessCalendar>();

/**
 * Business days for scheduling: Monday to Friday except the public holidays of the whole Bundesland. A holiday
 * of only some municipalities does not stop the creditor's work, so reminders go out on it.
 */
export function businessCalendar(state: Bundesland): BusinessCalendar {
  return cachedCalendar(state, [state]);
}

/**
 * Business days for § 193 BGB at the given places, of which the product knows the Bundesland only. A payment
 * date that falls on a holiday at the place of performance moves to the next working day, and some holidays
 * apply to part of a Bundesland (Mariä Himmelfahrt in the Catholic municipalities of Bavaria, the Augsburger
 * Friedensfest, Fronleichnam in parts of Saxony and Thuringia): a day that is a public holiday in any part of any
 * of these Bundesländer counts as a holiday, so default never starts too early.
 */
export function section193Calendar(states: readonly Bundesland[]): BusinessCalendar {
  const places = [...new Set(states)].toSorted();
  return cachedCalendar(
    `§193:${places.join(',')}`,
    places.flatMap((state) => [state, ...regionsOf(state)]),
  );
}

/** Whole years the holiday table covers after the current one; an alarm asks for a new table below 2. */
export function holidayTableYearsLeft(today: IsoDate): number {
  return HOLIDAY_TABLE_YEARS.last - yearOf(today);
}

function cachedCalendar(key: string, sources: readonly HolidaySource[]): BusinessCalendar {
  const cached = calendars.get(key);
  if (cached) return cached;
  const holidaysByYear = new Map<number, Map<IsoDate, string>>();
  const holidaysOf = (year: number) => {
    let byDate = holidaysByYear.get(year);
    if (!byDate) {
      byDate = new Map();
      // The first source that has a holiday on a date names it: the Bundesland before its regions.
      for (const source of sources) {
        for (const [date, name] of publicHolidays(source, year))
          if (!byDate.has(date)) byDate.set(date, name);
      }
      holidaysByYear.set(year, byDate);
    }
    return byDate;
  };
  const calendar: BusinessCalendar = {
    holidayOn: (date) => holidaysOf(yearOf(date)).get(date),
    isBusinessDay: (date) => !isWeekend(dayOf(date)) && calendar.holidayOn(date) === undefined,
    onOrNextBusinessDay: (date) => {
      let day = date;
      while (!calendar.isBusinessDay(day)) day = addDays(day, 1);
      return day;
    },
    addBusinessDays: (date, days) => {
      if (!Number.isInteger(days) || days < 0)
        throw new RangeError('business days must be a whole number >= 0');
      let day = calendar.onOrNextBusinessDay(date);
      for (let left = days; left > 0; left--) day = calendar.onOrNextBusinessDay(addDays(day, 1));
      return day;
    },
  };
  calendars.set(key, calendar);
  return calendar;
}
