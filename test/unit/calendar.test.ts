import { describe, expect, it } from 'vitest';
import {
  type Bundesland,
  berlinDateOf,
  berlinInstant,
  businessCalendar,
  daysBetween,
  type IsoDate,
  section193Calendar,
} from '../../functions/domain/calendar.js';

describe('the business-day calendar', () => {
  it.each<[string, Bundesland, IsoDate, boolean]>([
    ['Fronleichnam is a holiday in Nordrhein-Westfalen', 'NW', '2026-06-04', false],
    ['Fronleichnam is a working day in Berlin', 'BE', '2026-06-04', true],
    ['Reformationstag is a holiday in Sachsen', 'SN', '2026-10-31', false],
    ['Reformationstag 2025 (a Friday) is a working day in Bayern', 'BY', '2025-10-31', true],
    ['Reformationstag 2025 (a Friday) is a holiday in Niedersachsen', 'NI', '2025-10-31', false],
    ['Allerheiligen 2025 is on a Saturday anyway', 'BY', '2025-11-01', false],
    ['Buß- und Bettag is a holiday only in Sachsen', 'SN', '2026-11-18', false],
    ['Buß- und Bettag is a working day in Hessen', 'HE', '2026-11-18', true],
    ['a Sunday holiday gives no substitute Monday (Frauentag 2026, Berlin)', 'BE', '2026-03-09', true],
    ['Internationaler Frauentag 2027 (a Monday) is a holiday in Berlin', 'BE', '2027-03-08', false],
    ['Tag der Deutschen Einheit is a holiday everywhere', 'HH', '2025-10-03', false],
    ['a Saturday is never a business day', 'HE', '2026-11-21', false],
    ['a Sunday is never a business day', 'HE', '2026-11-22', false],
    ['an ordinary Monday is a business day', 'HE', '2026-11-23', true],
    ['Heiligabend is a working day by law', 'NW', '2026-12-24', true],
    ['Neujahr is a holiday', 'NW', '2027-01-01', false],
  ])('%s', (_name, state, date, expected) => {
    // Arrange
    const calendar = businessCalendar(state);

    // Act
    const isBusinessDay = calendar.isBusinessDay(date);

    // Assert
    expect(isBusinessDay).toBe(expected);
  });

  it('moves a date over Christmas and a weekend to the next business day (§ 193 BGB)', () => {
    // Arrange
    const calendar = businessCalendar('NW');

    // Act
    const next = calendar.onOrNextBusinessDay('2026-12-25');

    // Assert: 25/26 Dec are holidays, 27 Dec is a Sunday
    expect(next).toBe('2026-12-28');
  });

  it('counts business days across the year end, skipping Neujahr', () => {
    // Arrange
    const calendar = businessCalendar('BY');

    // Act
    const later = calendar.addBusinessDays('2026-12-30', 3);

    // Assert: 31 Dec (Thu) = 1, 1 Jan holiday, 2/3 Jan weekend, 4 Jan = 2, 5 Jan = 3 (6 Jan is a holiday in BY)
    expect(later).toBe('2027-01-05');
  });

  it('names the holiday at the place of payment', () => {
    // Arrange
    const calendar = businessCalendar('NW');

    // Act
    const holiday = calendar.holidayOn('2026-06-04');

    // Assert
    expect(holiday).toBe('Fronleichnam');
  });

  it('writes Berlin wall-clock times with the offset in force on that day', () => {
    // Arrange
    const winter = '2026-12-03';
    const summer = '2026-07-03';

    // Act
    const winterInstant = berlinInstant(winter, '09:00');
    const summerInstant = berlinInstant(summer, '09:00');

    // Assert
    expect(winterInstant).toBe('2026-12-03T09:00:00+01:00');
    expect(summerInstant).toBe('2026-07-03T09:00:00+02:00');
  });

  it('reads the Berlin calendar day of an instant near midnight UTC', () => {
    // Arrange
    const newYearsEveInUtc = '2026-12-31T23:30:00Z';

    // Act
    const day = berlinDateOf(newYearsEveInUtc);

    // Assert
    expect(day).toBe('2027-01-01');
  });

  it('counts 366 days in the leap year 2024', () => {
    // Arrange, Act
    const days = daysBetween('2024-01-01', '2025-01-01');

    // Assert
    expect(days).toBe(366);
  });

  it('refuses a negative number of business days', () => {
    // Arrange
    const calendar = businessCalendar('BE');

    // Act, Assert
    expect(() => calendar.addBusinessDays('2026-11-23', -1)).toThrow(/whole number >= 0/);
  });
});

describe('the § 193 calendar, which counts a holiday in any part of a Bundesland', () => {
  it.each<[string, Bundesland[], IsoDate, boolean, boolean]>([
    // [why, places, day, business day for § 193, business day on the Bundesland-wide scheduling calendar]
    [
      'Mariä Himmelfahrt 2025 (a Friday), in the Catholic municipalities of Bayern',
      ['BY'],
      '2025-08-15',
      false,
      true,
    ],
    [
      'Mariä Himmelfahrt 2028 (a Tuesday), in the Catholic municipalities of Bayern',
      ['BY'],
      '2028-08-15',
      false,
      true,
    ],
    ['the Augsburger Friedensfest 2025 (a Friday), in Augsburg', ['BY'], '2025-08-08', false, true],
    ['the Augsburger Friedensfest 2024 (a Thursday), in Augsburg', ['BY'], '2024-08-08', false, true],
    ['Fronleichnam 2026 (a Thursday), in the Landkreis Bautzen, Sachsen', ['SN'], '2026-06-04', false, true],
    [
      'Fronleichnam 2026, in the Eichsfeld and two more Kreise of Thüringen',
      ['TH'],
      '2026-06-04',
      false,
      true,
    ],
    ['Fronleichnam 2026, nowhere in Berlin', ['BE'], '2026-06-04', true, true],
    ['Mariä Himmelfahrt 2025, nowhere in Nordrhein-Westfalen', ['NW'], '2025-08-15', true, true],
    [
      'Mariä Himmelfahrt 2025, at either of two places when one is in Bayern',
      ['NW', 'BY'],
      '2025-08-15',
      false,
      true,
    ],
    [
      'Frauentag 2027 (a Monday), at either place when one is Berlin',
      ['NW', 'BE'],
      '2027-03-08',
      false,
      true,
    ],
    ['an ordinary Wednesday, at both places', ['NW', 'BY'], '2025-08-13', true, true],
  ])('%s', (_why, places, date, for193, forScheduling) => {
    // Arrange
    const calendar = section193Calendar(places);
    const [first] = places;
    if (!first) throw new Error('no place');

    // Act
    const isBusinessDay = calendar.isBusinessDay(date);

    // Assert: the scheduling calendar of the first place is the one the policy's state uses
    expect(isBusinessDay).toBe(for193);
    expect(businessCalendar(first).isBusinessDay(date)).toBe(forScheduling);
  });

  it('moves a payment date on Mariä Himmelfahrt in Bayern past the weekend to Monday', () => {
    // Arrange
    const calendar = section193Calendar(['BY']);

    // Act
    const next = calendar.onOrNextBusinessDay('2025-08-15');

    // Assert: Fri 15 Aug 2025 is the holiday, 16/17 Aug the weekend
    expect(next).toBe('2025-08-18');
    expect(calendar.holidayOn('2025-08-15')).toBe('Mariä Himmelfahrt');
  });

  it('is the same calendar whatever the order of its places', () => {
    // Act
    const one = section193Calendar(['NW', 'BY']);
    const other = section193Calendar(['BY', 'NW', 'BY']);

    // Assert
    expect(other).toBe(one);
  });
});
