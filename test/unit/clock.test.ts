import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../functions/workflow/clock.js';

const ENGINE_START = Date.parse('2026-11-23T09:00:00Z');

describe('the scaled workflow clock', () => {
  it('lets a business day pass in the engine seconds it is scaled to', () => {
    // Arrange: one business day every five engine seconds
    let engineNow = ENGINE_START;
    const clock = scaledClock({
      scale: 86_400 / 5,
      businessEpoch: '2026-03-02T07:00:00Z',
      engineEpoch: '2026-11-23T09:00:00Z',
      engineNow: () => engineNow,
    });

    // Act
    engineNow += 5_000;

    // Assert
    expect(clock.businessNow()).toBe('2026-03-03T07:00:00.000Z');
    expect(clock.businessToday()).toBe('2026-03-03');
    expect(clock.toEngine('2026-03-05T07:00:00Z')).toBe('2026-11-23T09:00:15.000Z');
    expect(clock.engineSecondsUntil('2026-03-05T07:00:00Z')).toBe(10);
    expect(clock.engineSecondsUntil('2026-03-01T07:00:00Z')).toBe(1);
  });

  it('writes instants whose text sorts like the time they stand for, as DynamoDB conditions compare them', () => {
    // Arrange
    const moments = [0, 5, 120, 500, 1_000, 1_001].map((offset) => ENGINE_START + offset);
    const written = moments.map((moment) =>
      scaledClock({
        scale: 1,
        businessEpoch: '2026-11-23T09:00:00Z',
        engineEpoch: '2026-11-23T09:00:00Z',
        engineNow: () => moment,
      }).engineNow(),
    );

    // Act
    const sorted = [...written].sort();

    // Assert
    expect(sorted).toEqual(written);
    expect(written[0]).toBe('2026-11-23T09:00:00.000Z');
  });
});
