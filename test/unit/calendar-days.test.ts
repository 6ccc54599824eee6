import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  berlinDateOf,
  berlinInstant,
  compareDates,
  daysBetween,
  isLeapYear,
  yearOf,
} from '../../functions/domain/calendar.js';
import { formatLetterDate } from '../../functions/domain/letters/letter.js';
import { pacedInstant } from '../../functions/domain/pacing.js';

describe('Berlin wall-clock times on the days the clocks change', () => {
  it('writes a time the spring change skips (2026-03-29 02:30) as the same time after the gap, in summer time', () => {
    // Arrange
    const springChange = '2026-03-29';

    // Act
    const written = ['01:59', '02:00', '02:30', '03:00'].map((time) => berlinInstant(springChange, time));

    // Assert
    expect(written).toEqual([
      '2026-03-29T01:59:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-29T03:30:00+02:00',
      '2026-03-29T03:00:00+02:00',
    ]);
  });

  it('writes a time the autumn change shows twice (2026-10-25 02:30) as its first, summer-time instant', () => {
    // Arrange
    const autumnChange = '2026-10-25';

    // Act
    const written = ['01:59', '02:00', '02:30:15', '02:59:59', '03:00'].map((time) =>
      berlinInstant(autumnChange, time),
    );

    // Assert
    expect(written).toEqual([
      '2026-10-25T01:59:00+02:00',
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:15+02:00',
      '2026-10-25T02:59:59+02:00',
      '2026-10-25T03:00:00+01:00',
    ]);
  });

  it('reads the Berlin day of instants around midnight on both change days', () => {
    // Arrange
    const instants = [
      '2026-03-28T23:30:00Z',
      '2026-03-29T21:59:59.999Z',
      '2026-03-29T22:00:00Z',
      '2026-10-24T21:59:59Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T22:59:59+00:00',
      '2026-10-25T23:00:00.000+00:00',
    ];

    // Act
    const days = instants.map(berlinDateOf);

    // Assert
    expect(days).toEqual([
      '2026-03-29',
      '2026-03-29',
      '2026-03-30',
      '2026-10-24',
      '2026-10-25',
      '2026-10-25',
      '2026-10-26',
    ]);
  });

  it('paces a sending window that spans the spring change by wall-clock seconds', () => {
    // Arrange: a window of one second starting in the skipped hour
    const window = { from: '02:30', to: '02:31' };

    // Act
    const instant = pacedInstant('2026-03-29', 'customer-1', window);

    // Assert
    expect(instant).toMatch(/^2026-03-29T03:30:[0-5]\d\+02:00$/);
  });
});

describe('calendar days', () => {
  it('adds days across both clock changes and the year end', () => {
    // Arrange, Act
    const days = [
      addDays('2026-03-28', 1),
      addDays('2026-03-29', 1),
      addDays('2026-10-24', 2),
      addDays('2026-12-31', 1),
      addDays('2027-01-01', -1),
      addDays('2028-02-28', 1),
    ];

    // Assert
    expect(days).toEqual([
      '2026-03-29',
      '2026-03-30',
      '2026-10-26',
      '2027-01-01',
      '2026-12-31',
      '2028-02-29',
    ]);
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    // Arrange, Act
    const days = [
      addMonths('2026-01-31', 1),
      addMonths('2028-01-31', 1),
      addMonths('2026-03-29', 7),
      addMonths('2026-05-31', -1),
    ];

    // Assert
    expect(days).toEqual(['2026-02-28', '2028-02-29', '2026-10-29', '2026-04-30']);
  });

  it('counts whole days across a clock change, negative backwards', () => {
    // Arrange, Act
    const counts = [
      daysBetween('2026-03-28', '2026-03-30'),
      daysBetween('2026-10-26', '2026-10-24'),
      daysBetween('2026-01-01', '2027-01-01'),
    ];

    // Assert
    expect(counts).toEqual([2, -2, 365]);
  });

  it('knows the leap years of the Gregorian calendar, 1900 not and 2000 one', () => {
    // Arrange, Act
    const leap = [1900, 2000, 2024, 2026, 2100].map(isLeapYear);

    // Assert
    expect(leap).toEqual([false, true, true, false, false]);
  });

  it('compares and reads the year of days, and refuses a day that does not exist or is not YYYY-MM-DD', () => {
    // Arrange, Act
    const compared = [compareDates('2026-12-03', '2026-12-04'), compareDates('2027-01-01', '2026-12-31')];

    // Assert
    expect(compared).toEqual([-1, 1]);
    expect(yearOf('2026-12-31')).toBe(2026);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => yearOf('2026-12')).toThrow(RangeError);
    expect(() => compareDates('2026-12-03T09:00:00Z', '2026-12-03')).toThrow(RangeError);
  });

  it('writes a letter date as the calendar day itself in both languages', () => {
    // Arrange
    const days = ['2026-03-29', '2026-10-25', '2027-01-01'];

    // Act
    const german = days.map((day) => formatLetterDate(day, 'de'));
    const english = days.map((day) => formatLetterDate(day, 'en'));

    // Assert
    expect(german).toEqual(['29.03.2026', '25.10.2026', '01.01.2027']);
    expect(english).toEqual(['29 March 2026', '25 October 2026', '1 January 2027']);
  });
});
