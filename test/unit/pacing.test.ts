import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { berlinInstant, type IsoDate } from '../../functions/domain/calendar.js';
import { fnv1a32, pacedInstant, type SendingWindow } from '../../functions/domain/pacing.js';

const officeHours: SendingWindow = { from: '08:00', to: '18:00' };
const aroundTheDstChange: SendingWindow = { from: '00:00', to: '04:00' };

/** Berlin wall-clock time of an instant, e.g. "10:08:40". */
const wallClockOf = (instant: string) =>
  Temporal.Instant.from(instant).toZonedDateTimeISO('Europe/Berlin').toPlainTime().toString();

const isWithin = (instant: string, date: IsoDate, window: SendingWindow) =>
  Temporal.Instant.compare(instant, berlinInstant(date, window.from)) >= 0 &&
  Temporal.Instant.compare(instant, berlinInstant(date, window.to)) < 0;

describe('fnv1a32', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j to the published FNV-1a 32-bit test vector', (text, expected) => {
    // Act
    const hash = fnv1a32(text);

    // Assert
    expect(hash).toBe(expected);
  });

  it('hashes the UTF-8 bytes of an id, so "ä" folds C3 A4 and not its one UTF-16 unit E4', () => {
    // Arrange: by hand, (0x811c9dc5 ^ 0xc3) * 0x01000193 mod 2^32 = 0x460b3072, then
    // (0x460b3072 ^ 0xa4) * 0x01000193 mod 2^32 = 0x199de0e2; the single unit E4 would give 0x610b5af3.
    const id = 'ä';

    // Act
    const hash = fnv1a32(id);

    // Assert
    expect(hash).toBe(0x199de0e2);
  });
});

describe('pacedInstant', () => {
  // Expected seconds after the window opens: hash modulo the window's seconds (36,000 for 08:00-18:00,
  // 60 for one minute, 14,400 for 00:00-04:00), e.g. 3,214,735,720 mod 36,000 = 7,720 s = 2:08:40.
  it.each([
    ['foobar', '2026-12-03', officeHours, '2026-12-03T10:08:40+01:00'],
    ['foobar', '2026-07-03', officeHours, '2026-07-03T10:08:40+02:00'],
    ['a', '2026-12-03', officeHours, '2026-12-03T16:23:40+01:00'],
    ['', '2026-12-03', officeHours, '2026-12-03T12:31:01+01:00'],
    ['foobar', '2026-12-03', { from: '09:00', to: '09:01' }, '2026-12-03T09:00:40+01:00'],
    // Friday before and Monday after the spring change, and around the autumn change: same wall clock.
    ['foobar', '2026-03-27', officeHours, '2026-03-27T10:08:40+01:00'],
    ['foobar', '2026-03-30', officeHours, '2026-03-30T10:08:40+02:00'],
    ['foobar', '2026-10-23', officeHours, '2026-10-23T10:08:40+02:00'],
    ['foobar', '2026-10-26', officeHours, '2026-10-26T10:08:40+01:00'],
    // A window across the change itself: 02:08:40 does not exist on 29 March and moves on by the skipped
    // hour; on 25 October it exists twice and the earlier (summer time) is taken; 00:31:01 is plain.
    ['foobar', '2026-03-29', aroundTheDstChange, '2026-03-29T03:08:40+02:00'],
    ['foobar', '2026-10-25', aroundTheDstChange, '2026-10-25T02:08:40+02:00'],
    ['', '2026-03-29', aroundTheDstChange, '2026-03-29T00:31:01+01:00'],
    ['', '2026-10-25', aroundTheDstChange, '2026-10-25T00:31:01+02:00'],
  ])('paces customer %j on %s to the hand-computed second', (customerId, date, window, expected) => {
    // Act
    const instant = pacedInstant(date, customerId, window);

    // Assert
    expect(instant).toBe(expected);
    expect(isWithin(instant, date, window)).toBe(true);
  });

  it('gives the same customer the same wall-clock second on every day', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }),
        fc.date({
          min: new Date('2024-01-01T12:00:00Z'),
          max: new Date('2030-12-31T12:00:00Z'),
          noInvalidDate: true,
        }),
        (customerId, day) => {
          // Arrange
          const date = day.toISOString().slice(0, 10);

          // Act
          const paced = pacedInstant(date, customerId, officeHours);
          const again = pacedInstant(date, customerId, officeHours);
          const onAnotherDay = pacedInstant('2026-11-30', customerId, officeHours);

          // Assert
          expect(again).toBe(paced);
          expect(wallClockOf(paced)).toBe(wallClockOf(onAnotherDay));
          expect(isWithin(paced, date, officeHours)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  const tenThousand = {
    'random ids': fc.sample(fc.uuid(), { numRuns: 10_000, seed: 2026 }),
    'sequential ids': Array.from({ length: 10_000 }, (_, index) => `K-${String(index + 1).padStart(5, '0')}`),
  };

  it.each(Object.entries(tenThousand))(
    'spreads 10,000 customers with %s over the whole window without crowding a minute',
    (_kind, customerIds) => {
      // Arrange
      const date = '2026-11-30';
      const minutesInWindow = 600;
      const perMinute = new Map<string, number>();

      // Act
      const instants = customerIds.map((customerId) => pacedInstant(date, customerId, officeHours));

      // Assert
      for (const instant of instants) {
        expect(isWithin(instant, date, officeHours)).toBe(true);
        const minute = wallClockOf(instant).slice(0, 5);
        perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
      }
      const mean = customerIds.length / minutesInWindow;
      expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(3 * mean);
      expect(perMinute.size).toBeGreaterThanOrEqual(0.95 * minutesInWindow);
      // Whole seconds, not minutes: far more distinct instants than the window has minutes.
      expect(new Set(instants).size).toBeGreaterThan(0.8 * customerIds.length);
    },
  );
});
