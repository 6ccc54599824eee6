import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerSegmentSchema } from '../../functions/domain/events.js';
import {
  type CallPriorityInput,
  callPriority,
  MAX_PRIORITY,
  priorityKey,
} from '../../functions/domain/priority.js';

const regular: CallPriorityInput = {
  openCents: 1_000_000,
  daysOverdue: 20,
  creditRating: 3,
  segment: 'regular',
  brokenPromises: 0,
};

describe('callPriority', () => {
  it('ranks a larger amount above a smaller one regardless of small differences in days overdue', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 500_000_000 }),
        fc.double({ min: 2, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 30 }),
        (smallerCents, factor, largerDays, extraDays) => {
          // Arrange: the smaller claim is up to a month longer overdue
          const larger = {
            ...regular,
            openCents: Math.round(smallerCents * factor),
            daysOverdue: largerDays,
          };
          const smaller = { ...regular, openCents: smallerCents, daysOverdue: largerDays + extraDays };

          // Act
          const [largerPriority, smallerPriority] = [callPriority(larger), callPriority(smaller)];

          // Assert
          expect(largerPriority).toBeGreaterThan(smallerPriority);
        },
      ),
    );
  });

  it('separates 100 € from 100,000 € by far but 10,000 € from 10,100 € barely', () => {
    // Act
    const at = (openCents: number) => callPriority({ ...regular, openCents });

    // Assert
    expect(at(10_000_000) - at(10_000)).toBeGreaterThanOrEqual(2900);
    expect(at(1_010_000) - at(1_000_000)).toBeLessThanOrEqual(5);
  });

  it('prefers, at the same amount, the longer overdue, the worse rated, the one with broken promises and the key account', () => {
    // Act
    const base = callPriority(regular);

    // Assert
    expect(callPriority({ ...regular, daysOverdue: 40 })).toBeGreaterThan(base);
    expect(callPriority({ ...regular, creditRating: 5 })).toBeGreaterThan(base);
    expect(callPriority({ ...regular, brokenPromises: 1 })).toBeGreaterThan(base);
    expect(callPriority({ ...regular, segment: 'key-account' })).toBeGreaterThan(base);
  });

  it('treats an unknown credit rating as neither the best nor the worst', () => {
    // Act
    const unknown = callPriority({ ...regular, creditRating: undefined });

    // Assert
    expect(unknown).toBeGreaterThan(callPriority({ ...regular, creditRating: 1 }));
    expect(unknown).toBeLessThan(callPriority({ ...regular, creditRating: 6 }));
  });

  it('always returns a whole number between 0 and 9999', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        fc.option(fc.double({ noNaN: true }), { nil: undefined }),
        fc.constantFrom(...customerSegmentSchema.options),
        fc.double({ noNaN: true }),
        (openCents, daysOverdue, creditRating, segment, brokenPromises) => {
          // Act
          const priority = callPriority({ openCents, daysOverdue, creditRating, segment, brokenPromises });

          // Assert
          expect(Number.isInteger(priority)).toBe(true);
          expect(priority).toBeGreaterThanOrEqual(0);
          expect(priority).toBeLessThanOrEqual(MAX_PRIORITY);
        },
      ),
    );
  });

  it('rejects NaN instead of ranking it anywhere', () => {
    // Act
    const act = () => callPriority({ ...regular, openCents: Number.NaN });

    // Assert
    expect(act).toThrow(RangeError);
  });
});

describe('priorityKey', () => {
  it('inverts and zero-pads the priority and appends the due instant in UTC', () => {
    // Act
    const key = priorityKey(9957, '2026-12-03T09:00:00+01:00');

    // Assert
    expect(key).toBe('0042#2026-12-03T08:00:00Z');
  });

  it('sorts ascending as highest priority first, then earliest due', () => {
    // Arrange
    const tasks = [
      { id: 'low-early', priority: 1200, dueAt: '2026-12-01T09:00:00+01:00' },
      { id: 'high-late', priority: 7300, dueAt: '2026-12-09T09:00:00+01:00' },
      { id: 'high-early', priority: 7300, dueAt: '2026-12-02T09:00:00+01:00' },
      { id: 'top', priority: 9999, dueAt: '2026-12-20T09:00:00+01:00' },
      { id: 'zero', priority: 0, dueAt: '2026-11-01T09:00:00+01:00' },
      { id: 'mid', priority: 45, dueAt: '2026-12-01T09:00:00+01:00' },
    ];

    // Act
    const order = tasks
      .map((task) => ({ id: task.id, key: priorityKey(task.priority, task.dueAt) }))
      .toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((task) => task.id);

    // Assert
    expect(order).toEqual(['top', 'high-early', 'high-late', 'low-early', 'mid', 'zero']);
  });

  it('orders due instants by time even when they are written with different offsets', () => {
    // Arrange: the same priority; 08:30Z is half an hour after 09:00+01:00 although it sorts first as written
    const later = priorityKey(500, '2026-12-03T08:30:00Z');
    const earlier = priorityKey(500, '2026-12-03T09:00:00+01:00');

    // Assert
    expect(earlier < later).toBe(true);
  });

  it('sorts any two keys by priority descending, then due ascending', () => {
    const task = fc.record({
      priority: fc.integer({ min: 0, max: MAX_PRIORITY }),
      dueAt: fc
        .date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2030-12-31T23:59:59Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')),
    });
    fc.assert(
      fc.property(task, task, (a, b) => {
        // Act
        const aFirst = priorityKey(a.priority, a.dueAt) < priorityKey(b.priority, b.dueAt);

        // Assert
        const expected = a.priority !== b.priority ? a.priority > b.priority : a.dueAt < b.dueAt;
        expect(aFirst).toBe(expected);
      }),
    );
  });

  it('rejects a priority outside 0..9999', () => {
    // Assert
    expect(() => priorityKey(10_000, '2026-12-03T09:00:00+01:00')).toThrow(RangeError);
    expect(() => priorityKey(-1, '2026-12-03T09:00:00+01:00')).toThrow(RangeError);
    expect(() => priorityKey(1.5, '2026-12-03T09:00:00+01:00')).toThrow(RangeError);
  });
});
