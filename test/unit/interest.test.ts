import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import table from '../../config/base-rates.json' with { type: 'json' };
import { allocatePayment } from '../../functions/domain/allocation.js';
import { baseRateTableSchema } from '../../functions/domain/base-rates.js';
import { addDays, daysBetween, type IsoDate } from '../../functions/domain/calendar.js';
import {
  computeInterest,
  type DayCount,
  statutoryMarginBasisPoints,
} from '../../functions/domain/interest.js';

const rates = baseRateTableSchema.parse(table);

describe('statutory margin', () => {
  it.each([
    { consumerInvolved: false, expected: 900 },
    { consumerInvolved: true, expected: 500 },
  ])(
    'is $expected basis points when a consumer is involved is $consumerInvolved',
    ({ consumerInvolved, expected }) => {
      // Arrange, Act
      const margin = statutoryMarginBasisPoints(consumerInvolved);

      // Assert
      expect(margin).toBe(expected);
    },
  );
});

describe('computeInterest', () => {
  // Base rates (bp): 2024-01-01 362, 2024-07-01 337, 2025-01-01 227, 2025-07-01 127, 2026-01-01 127.
  // Each period: principal x basis points x days / (10000 x 365 or 366), rounded half-up once.
  it.each([
    {
      name: 'a B2B period inside one half-year',
      // 100000 x 1027 x 30 / 3650000 = 844.1096 -> 844
      principalCents: 100_000,
      from: '2026-01-15',
      through: '2026-02-13',
      consumer: false,
      dayCount: 'act/365',
      lines: [844],
      total: 844,
    },
    {
      name: 'a consumer on the same data as the B2B case (+5 instead of +9 points)',
      // 100000 x 627 x 30 / 3650000 = 515.3425 -> 515
      principalCents: 100_000,
      from: '2026-01-15',
      through: '2026-02-13',
      consumer: true,
      dayCount: 'act/365',
      lines: [515],
      total: 515,
    },
    {
      name: 'a B2B period crossing 2024-07-01 split at the rate change',
      // 500000 x 1262 x 30 / 3650000 = 5186.3014 -> 5186 (2024-06-01..06-30)
      // 500000 x 1237 x 31 / 3650000 = 5253.0137 -> 5253 (2024-07-01..07-31); 5186 + 5253 = 10439
      principalCents: 500_000,
      from: '2024-06-01',
      through: '2024-07-31',
      consumer: false,
      dayCount: 'act/365',
      lines: [5186, 5253],
      total: 10_439,
    },
    {
      name: 'a consumer period crossing 2025-01-01 rounded per period, not once over the whole',
      // 123456 x 837 x 17 / 3650000 = 481.2755 -> 481 (2024-12-15..12-31)
      // 123456 x 727 x 14 / 3650000 = 344.2562 -> 344 (2025-01-01..01-14)
      // 481 + 344 = 825, whereas rounding the exact sum 825.5317 would give 826
      principalCents: 123_456,
      from: '2024-12-15',
      through: '2025-01-14',
      consumer: true,
      dayCount: 'act/365',
      lines: [481, 344],
      total: 825,
    },
    {
      name: 'the leap half-year 2024 with act/365',
      // 31+29+31+30+31+30 = 182 days; 100000 x 1262 x 182 / 3650000 = 6292.7123 -> 6293
      principalCents: 100_000,
      from: '2024-01-01',
      through: '2024-06-30',
      consumer: false,
      dayCount: 'act/365',
      lines: [6293],
      total: 6293,
    },
    {
      name: 'the leap half-year 2024 with act/act',
      // 100000 x 1262 x 182 / 3660000 = 6275.5191 -> 6276
      principalCents: 100_000,
      from: '2024-01-01',
      through: '2024-06-30',
      consumer: false,
      dayCount: 'act/act',
      lines: [6276],
      total: 6276,
    },
    {
      name: 'act/act across the end of the leap year 2024',
      // 250000 x 1237 x 17 / 3660000 = 1436.4071 -> 1436 (2024-12-15..12-31, leap year)
      // 250000 x 1127 x 14 / 3650000 = 1080.6849 -> 1081 (2025-01-01..01-14); 1436 + 1081 = 2517
      principalCents: 250_000,
      from: '2024-12-15',
      through: '2025-01-14',
      consumer: false,
      dayCount: 'act/act',
      lines: [1436, 1081],
      total: 2517,
    },
    {
      name: 'act/365 on the same data as the act/act year end',
      // 250000 x 1237 x 17 / 3650000 = 1440.3425 -> 1440; 250000 x 1127 x 14 / 3650000 -> 1081; total 2521
      principalCents: 250_000,
      from: '2024-12-15',
      through: '2025-01-14',
      consumer: false,
      dayCount: 'act/365',
      lines: [1440, 1081],
      total: 2521,
    },
    {
      name: 'a single day (from equals through counts one day)',
      // 100000 x 1027 x 1 / 3650000 = 28.1370 -> 28
      principalCents: 100_000,
      from: '2026-03-02',
      through: '2026-03-02',
      consumer: false,
      dayCount: 'act/365',
      lines: [28],
      total: 28,
    },
    {
      name: 'the whole year 2025 in two half-years',
      // 100000 x 1127 x 181 / 3650000 = 5588.6849 -> 5589 (Jan..Jun: 31+28+31+30+31+30 = 181 days)
      // 100000 x 1027 x 184 / 3650000 = 5177.2055 -> 5177 (Jul..Dec: 184 days); 5589 + 5177 = 10766
      principalCents: 100_000,
      from: '2025-01-01',
      through: '2025-12-31',
      consumer: false,
      dayCount: 'act/365',
      lines: [5589, 5177],
      total: 10_766,
    },
    {
      name: 'a period past the table, using the last known rate 1.27',
      // 100000 x 1027 x 30 / 3650000 = 844.1096 -> 844 (2026-06-01..06-30, covered)
      // 100000 x 1027 x 62 / 3650000 = 1744.4932 -> 1744 (2026-07-01..08-31, stale); 844 + 1744 = 2588
      principalCents: 100_000,
      from: '2026-06-01',
      through: '2026-08-31',
      consumer: false,
      dayCount: 'act/365',
      lines: [844, 1744],
      total: 2588,
    },
    {
      name: 'from after through',
      // no day in the period -> no line, 0 cents
      principalCents: 100_000,
      from: '2026-03-02',
      through: '2026-03-01',
      consumer: false,
      dayCount: 'act/365',
      lines: [],
      total: 0,
    },
    {
      name: 'a principal of zero',
      // 0 x anything = 0 -> no line
      principalCents: 0,
      from: '2026-01-01',
      through: '2026-03-01',
      consumer: false,
      dayCount: 'act/365',
      lines: [],
      total: 0,
    },
  ] satisfies {
    name: string;
    principalCents: number;
    from: IsoDate;
    through: IsoDate;
    consumer: boolean;
    dayCount: DayCount;
    lines: number[];
    total: number;
  }[])(
    'computes $total cents for $name',
    ({ principalCents, from, through, consumer, dayCount, lines, total }) => {
      // Arrange
      const input = { principalCents, from, through, consumer, dayCount, table: rates };

      // Act
      const result = computeInterest(input);

      // Assert
      expect(result.lines.map((line) => line.cents)).toEqual(lines);
      expect(result.cents).toBe(total);
      expect(result.lines.reduce((sum, line) => sum + line.days, 0)).toBe(
        lines.length === 0 ? 0 : daysBetween(from, through) + 1,
      );
    },
  );

  it('describes each period with its dates, days, principal and total rate', () => {
    // Arrange
    const input = {
      principalCents: 500_000,
      from: '2024-06-01',
      through: '2024-07-31',
      consumer: false,
      dayCount: 'act/365' as const,
      table: rates,
    };

    // Act
    const result = computeInterest(input);

    // Assert
    expect(result.lines).toEqual([
      {
        from: '2024-06-01',
        through: '2024-06-30',
        days: 30,
        principalCents: 500_000,
        basisPoints: 1262,
        ratePercent: '12.62',
        cents: 5186,
        baseRateStale: false,
      },
      {
        from: '2024-07-01',
        through: '2024-07-31',
        days: 31,
        principalCents: 500_000,
        basisPoints: 1237,
        ratePercent: '12.37',
        cents: 5253,
        baseRateStale: false,
      },
    ]);
    expect(result.baseRateStale).toBe(false);
  });

  it('flags only the periods after 2026-07-01 as stale and uses the last known base rate 1.27 for them', () => {
    // Arrange
    const input = {
      principalCents: 100_000,
      from: '2026-06-01',
      through: '2026-08-31',
      consumer: false,
      dayCount: 'act/365' as const,
      table: rates,
    };

    // Act
    const result = computeInterest(input);

    // Assert
    expect(result.baseRateStale).toBe(true);
    expect(result.lines.map((line) => [line.from, line.baseRateStale, line.ratePercent])).toEqual([
      ['2026-06-01', false, '10.27'],
      ['2026-07-01', true, '10.27'],
    ]);
  });

  it('throws a clear error for a date before the first entry of the base-rate table', () => {
    // Arrange
    const input = {
      principalCents: 100_000,
      from: '2022-12-31',
      through: '2023-01-31',
      consumer: false,
      dayCount: 'act/365' as const,
      table: rates,
    };

    // Act
    const compute = () => computeInterest(input);

    // Assert
    expect(compute).toThrow(/no base rate for 2022-12-31.*starts on 2023-01-01/);
  });

  it('rejects a principal that is not whole non-negative cents', () => {
    // Arrange
    const base = { from: '2026-01-01', through: '2026-01-31', consumer: false, dayCount: 'act/365' as const };

    // Act
    const negative = () => computeInterest({ ...base, principalCents: -1, table: rates });
    const fractional = () => computeInterest({ ...base, principalCents: 10.5, table: rates });

    // Assert
    expect(negative).toThrow(RangeError);
    expect(fractional).toThrow(RangeError);
  });

  it('books interest up to a partial payment, allocates it by § 367 and continues on the new principal the next day', () => {
    // Arrange
    const claim = { consumer: false, dayCount: 'act/365' as const, table: rates };
    const openBefore = { principalCents: 1_000_000, interestCents: 0, costsCents: 4000 };
    const payment = { cents: 500_000, on: '2025-04-30' };

    // Act
    // 2025-03-01..04-30 = 61 days: 1000000 x 1127 x 61 / 3650000 = 18834.7945 -> 18835
    const untilPayment = computeInterest({
      ...claim,
      principalCents: openBefore.principalCents,
      from: '2025-03-01',
      through: payment.on,
    });
    // costs 4000, interest 18835, principal 500000 - 4000 - 18835 = 477165 -> open principal 522835
    const allocation = allocatePayment(
      { ...openBefore, interestCents: openBefore.interestCents + untilPayment.cents },
      payment.cents,
      'statutory',
    );
    // 2025-05-01..06-30 = 61 days: 522835 x 1127 x 61 / 3650000 = 9847.4898 -> 9847
    // 2025-07-01..07-31 = 31 days: 522835 x 1027 x 31 / 3650000 = 4560.4104 -> 4560
    const afterPayment = computeInterest({
      ...claim,
      principalCents: allocation.balance.principalCents,
      from: addDays(payment.on, 1),
      through: '2025-07-31',
    });

    // Assert
    expect(untilPayment.cents).toBe(18_835);
    expect(allocation.applied).toEqual({ costsCents: 4000, interestCents: 18_835, principalCents: 477_165 });
    expect(allocation.balance).toEqual({ principalCents: 522_835, interestCents: 0, costsCents: 0 });
    expect(afterPayment.lines.map((line) => line.cents)).toEqual([9847, 4560]);
    // 18835 + 9847 + 4560 = 33242
    expect(untilPayment.cents + afterPayment.cents).toBe(33_242);
  });

  it('differs by at most one cent per extra period when a period is split at any day and summed', () => {
    // Arrange
    const scenario = fc.record({
      principalCents: fc.integer({ min: 1, max: 1_000_000_000 }),
      startOffset: fc.integer({ min: 0, max: 1400 }),
      length: fc.integer({ min: 1, max: 900 }),
      splitRatio: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      consumer: fc.boolean(),
      dayCount: fc.constantFrom<DayCount>('act/365', 'act/act'),
    });

    // Act, Assert
    fc.assert(
      fc.property(scenario, ({ principalCents, startOffset, length, splitRatio, consumer, dayCount }) => {
        const from = addDays('2023-01-01', startOffset);
        const through = addDays(from, length);
        // The first part ends on splitDay, the second starts the day after: every day counted exactly once.
        const splitDay = addDays(from, Math.floor(splitRatio * length));
        const common = { principalCents, consumer, dayCount, table: rates };

        const whole = computeInterest({ ...common, from, through });
        const first = computeInterest({ ...common, from, through: splitDay });
        const second = computeInterest({ ...common, from: addDays(splitDay, 1), through });

        const extraPeriods = first.lines.length + second.lines.length - whole.lines.length;
        expect(extraPeriods).toBeGreaterThanOrEqual(0);
        expect(Math.abs(first.cents + second.cents - whole.cents)).toBeLessThanOrEqual(extraPeriods);
      }),
    );
  });
});
