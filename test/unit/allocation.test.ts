import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationMode,
  allocatePayment,
  type Balance,
  balanceSchema,
} from '../../functions/domain/allocation.js';

const open: Balance = { principalCents: 100_000, interestCents: 2_500, costsCents: 4_150 };

describe('allocatePayment', () => {
  it.each([
    {
      name: 'a payment below the costs goes to the costs only',
      mode: 'statutory',
      payment: 3_000,
      applied: { costsCents: 3_000, interestCents: 0, principalCents: 0 },
      surplus: 0,
    },
    {
      name: 'a payment covering costs and part of the interest (§ 367 (1) BGB)',
      mode: 'statutory',
      // 5000 - 4150 costs = 850 to interest
      payment: 5_000,
      applied: { costsCents: 4_150, interestCents: 850, principalCents: 0 },
      surplus: 0,
    },
    {
      name: 'a payment reaching the principal after costs and interest',
      mode: 'statutory',
      // 50000 - 4150 - 2500 = 43350 to principal
      payment: 50_000,
      applied: { costsCents: 4_150, interestCents: 2_500, principalCents: 43_350 },
      surplus: 0,
    },
    {
      name: 'an overpayment returns the surplus',
      mode: 'statutory',
      // 110000 - 106650 open = 3350 surplus
      payment: 110_000,
      applied: { costsCents: 4_150, interestCents: 2_500, principalCents: 100_000 },
      surplus: 3_350,
    },
    {
      name: 'a debtor who names the principal pays it first',
      mode: 'principal-first',
      payment: 60_000,
      applied: { costsCents: 0, interestCents: 0, principalCents: 60_000 },
      surplus: 0,
    },
    {
      name: 'a principal-first payment beyond the principal goes to interest, then costs',
      mode: 'principal-first',
      // 104000 - 100000 principal - 2500 interest = 1500 to costs
      payment: 104_000,
      applied: { costsCents: 1_500, interestCents: 2_500, principalCents: 100_000 },
      surplus: 0,
    },
    {
      name: 'a zero payment changes nothing',
      mode: 'statutory',
      payment: 0,
      applied: { costsCents: 0, interestCents: 0, principalCents: 0 },
      surplus: 0,
    },
  ] satisfies { name: string; mode: AllocationMode; payment: number; applied: Balance; surplus: number }[])(
    'allocates $name',
    ({ mode, payment, applied, surplus }) => {
      // Arrange
      const balance = { ...open };

      // Act
      const result = allocatePayment(balance, payment, mode);

      // Assert
      expect(result.applied).toEqual(applied);
      expect(result.surplusCents).toBe(surplus);
      expect(result.balance).toEqual({
        principalCents: open.principalCents - applied.principalCents,
        interestCents: open.interestCents - applied.interestCents,
        costsCents: open.costsCents - applied.costsCents,
      });
      expect(balance).toEqual(open);
    },
  );

  it.each([
    { name: 'a negative payment', balance: open, payment: -1 },
    { name: 'a fractional payment', balance: open, payment: 10.5 },
    { name: 'a payment that is not a number', balance: open, payment: Number.NaN },
    { name: 'a negative bucket', balance: { ...open, interestCents: -5 }, payment: 100 },
    { name: 'a fractional bucket', balance: { ...open, costsCents: 0.5 }, payment: 100 },
  ])('rejects $name with a RangeError', ({ balance, payment }) => {
    // Arrange
    const mode: AllocationMode = 'statutory';

    // Act
    const allocate = () => allocatePayment(balance, payment, mode);

    // Assert
    expect(allocate).toThrow(RangeError);
  });

  it('never creates or loses a cent, keeps buckets non-negative and respects the order', () => {
    // Arrange
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    const scenario = fc.record({
      balance: fc.record({ principalCents: cents, interestCents: cents, costsCents: cents }),
      payment: fc.integer({ min: 0, max: 40_000_000 }),
      mode: fc.constantFrom<AllocationMode>('statutory', 'principal-first'),
    });
    const orders: Record<AllocationMode, (keyof Balance)[]> = {
      statutory: ['costsCents', 'interestCents', 'principalCents'],
      'principal-first': ['principalCents', 'interestCents', 'costsCents'],
    };

    // Act, Assert
    fc.assert(
      fc.property(scenario, ({ balance, payment, mode }) => {
        const result = allocatePayment(balance, payment, mode);
        const order = orders[mode];

        const appliedTotal = order.reduce((sum, bucket) => sum + result.applied[bucket], 0);
        expect(appliedTotal + result.surplusCents).toBe(payment);
        expect(balanceSchema.safeParse(result.balance).success).toBe(true);
        expect(balanceSchema.safeParse(result.applied).success).toBe(true);
        expect(result.surplusCents).toBeGreaterThanOrEqual(0);
        for (const [index, bucket] of order.entries()) {
          expect(result.balance[bucket] + result.applied[bucket]).toBe(balance[bucket]);
          // A later bucket only receives money once every earlier bucket is settled.
          if (result.applied[bucket] > 0) {
            for (const earlier of order.slice(0, index)) expect(result.balance[earlier]).toBe(0);
          }
        }
        if (result.surplusCents > 0) {
          expect(result.balance).toEqual({ principalCents: 0, interestCents: 0, costsCents: 0 });
        }
      }),
    );
  });
});
