import { describe, expect, it } from 'vitest';
import {
  berlinDateOf,
  businessCalendar,
  holidayTableYearsLeft,
  systemClock,
} from '../../functions/domain/calendar.js';
import { HOLIDAY_SOURCES } from '../../functions/domain/holiday-table.js';
import {
  HOLIDAY_TABLE_YEARS,
  HolidayTableExhaustedError,
  publicHolidays,
} from '../../functions/domain/holidays.js';
import { libraryHolidays, librarySources } from '../../scripts/holidays/library.js';

const windowYears = Array.from(
  { length: HOLIDAY_TABLE_YEARS.last - HOLIDAY_TABLE_YEARS.first + 1 },
  (_, offset) => HOLIDAY_TABLE_YEARS.first + offset,
);

describe('the generated holiday table', () => {
  it('has every Bundesland and every region date-holidays knows, in the library order', () => {
    // Arrange
    const library = librarySources();

    // Act
    const table = [...HOLIDAY_SOURCES];

    // Assert
    expect(table).toEqual(library);
  });

  it('equals date-holidays for every Bundesland, region and year of its window (run `npm run holidays` after an upgrade)', () => {
    // Arrange
    const differences: string[] = [];

    // Act
    for (const source of HOLIDAY_SOURCES) {
      for (const year of windowYears) {
        const table = [...publicHolidays(source, year)];
        const library = [...libraryHolidays(source, year)];
        if (JSON.stringify(table) !== JSON.stringify(library)) differences.push(`${source} ${year}`);
      }
    }

    // Assert
    expect(windowYears.length).toBeGreaterThanOrEqual(20);
    expect(differences).toEqual([]);
  });

  it('covers at least two more years after the current one (move the window and run `npm run holidays`)', () => {
    // Arrange
    const today = berlinDateOf(systemClock());

    // Act
    const yearsLeft = holidayTableYearsLeft(today);

    // Assert
    expect(yearsLeft).toBeGreaterThanOrEqual(2);
  });

  it('counts the years left after the current one', () => {
    // Arrange
    const inLastButOneYear = `${HOLIDAY_TABLE_YEARS.last - 1}-12-31`;

    // Act
    const yearsLeft = holidayTableYearsLeft(inLastButOneYear);

    // Assert
    expect(yearsLeft).toBe(1);
  });

  it('refuses a date after its window instead of treating a holiday as a business day', () => {
    // Arrange
    const calendar = businessCalendar('NW');
    const afterWindow = `${HOLIDAY_TABLE_YEARS.last + 1}-12-25`;

    // Act
    const decide = () => calendar.isBusinessDay(afterWindow);

    // Assert
    expect(decide).toThrow(HolidayTableExhaustedError);
  });
});
