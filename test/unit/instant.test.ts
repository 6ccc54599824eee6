import { describe, expect, it } from 'vitest';
import { atExpression } from '../../functions/adapters/start-schedules.js';
import {
  compareInstants,
  epochMillisecondsOf,
  secondsBetween,
  utcInstant,
} from '../../functions/domain/instant.js';
import { priorityKey } from '../../functions/domain/priority.js';

describe('instants printed in UTC', () => {
  it('carry only the fraction digits they need by default, as timeline and API fields have always been written', () => {
    // Arrange
    const written = [
      '2026-12-03T09:00:00+01:00',
      '2026-07-03T09:00:00.500+02:00',
      '2026-12-03T09:00:00.120Z',
      '2026-12-03T09:00:00.123-05:30',
    ];

    // Act
    const printed = written.map((instant) => utcInstant(instant));

    // Assert
    expect(printed).toEqual([
      '2026-12-03T08:00:00Z',
      '2026-07-03T07:00:00.5Z',
      '2026-12-03T09:00:00.12Z',
      '2026-12-03T14:30:00.123Z',
    ]);
  });

  it('carry always three fraction digits at millisecond precision, so keys of instants sort as the instants do', () => {
    // Arrange
    const written = ['2026-07-03T09:00:00.5+02:00', '2026-07-03T07:00:00Z', '2026-07-03T07:00:00.25Z'];

    // Act
    const printed = written.map((instant) => utcInstant(instant, 'millisecond'));

    // Assert
    expect(printed).toEqual([
      '2026-07-03T07:00:00.500Z',
      '2026-07-03T07:00:00.000Z',
      '2026-07-03T07:00:00.250Z',
    ]);
    expect(printed.toSorted()).toEqual([printed[1], printed[2], printed[0]]);
  });

  it('carry whole seconds, cut and not rounded, at second precision', () => {
    // Arrange
    const instant = '2026-10-25T02:30:59.999+02:00';

    // Act
    const printed = utcInstant(instant, 'second');

    // Assert
    expect(printed).toBe('2026-10-25T00:30:59Z');
  });

  it('print an epoch millisecond count and a Date the same way as the text they stand for', () => {
    // Arrange
    const epochMilliseconds = Date.parse('2026-03-29T01:00:00.010Z');

    // Act
    const fromNumber = utcInstant(epochMilliseconds);
    const fromDate = utcInstant(new Date(epochMilliseconds), 'millisecond');

    // Assert
    expect(fromNumber).toBe('2026-03-29T01:00:00.01Z');
    expect(fromDate).toBe('2026-03-29T01:00:00.010Z');
  });

  it('keep milliseconds and drop any further fraction digits of an instant given with more', () => {
    // Arrange
    const microseconds = '2026-12-03T09:00:00.123456+01:00';

    // Act
    const printed = [utcInstant(microseconds), utcInstant(microseconds, 'millisecond')];

    // Assert
    expect(printed).toEqual(['2026-12-03T08:00:00.123Z', '2026-12-03T08:00:00.123Z']);
  });

  it('refuse a timestamp without an offset and text that is no timestamp, instead of reading the local time', () => {
    // Arrange
    const refused = ['2026-12-03T09:00:00', '2026-12-03', 'tomorrow', ''];

    // Act
    const errors = refused.map((text) => {
      try {
        return epochMillisecondsOf(text);
      } catch (error) {
        return error;
      }
    });

    // Assert
    expect(errors.every((error) => error instanceof RangeError)).toBe(true);
  });
});

describe('instants compared and counted', () => {
  it('order by time whatever the offsets they are written with', () => {
    // Arrange
    const nineInBerlin = '2026-12-03T09:00:00+01:00';

    // Act
    const comparisons = [
      compareInstants(nineInBerlin, '2026-12-03T08:00:00Z'),
      compareInstants(nineInBerlin, '2026-12-03T08:30:00Z'),
      compareInstants('2026-07-03T09:00:00.001+02:00', '2026-07-03T07:00:00Z'),
    ];

    // Assert
    expect(comparisons).toEqual([0, -1, 1]);
  });

  it('count seconds with their fraction across the autumn clock change', () => {
    // Arrange: 02:30 summer time to 02:30 winter time is one hour
    const from = '2026-10-25T02:30:00+02:00';
    const to = '2026-10-25T02:30:00.500+01:00';

    // Act
    const seconds = secondsBetween(from, to);

    // Assert
    expect(seconds).toBe(3_600.5);
    expect(secondsBetween(to, from)).toBe(-3_600.5);
  });
});

describe('the instants written into keys and schedules', () => {
  it('write the due instant of a queue key in UTC whole seconds', () => {
    // Arrange
    const dueAt = '2026-03-29T03:30:00.750+02:00';

    // Act
    const key = priorityKey(9957, dueAt);

    // Assert
    expect(key).toBe('0042#2026-03-29T01:30:00Z');
  });

  it('give Scheduler the UTC second a start is planned for, rounded up when it has a fraction', () => {
    // Arrange
    const planned = ['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00.001+01:00', '2026-12-31T23:59:59.5Z'];

    // Act
    const expressions = planned.map(atExpression);

    // Assert
    expect(expressions).toEqual([
      'at(2026-10-25T00:30:00)',
      'at(2026-10-25T01:30:01)',
      'at(2027-01-01T00:00:00)',
    ]);
  });
});
