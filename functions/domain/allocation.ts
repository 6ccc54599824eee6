import { centsSchema } from './money.js';
import * as z from './zod.js';

/** The three buckets § 367 BGB distinguishes, kept apart on the case in integer cents. */
export const balanceSchema = z.object({
  principalCents: centsSchema,
  interestCents: centsSchema,
  costsCents: centsSchema,
});
export type Balance = z.infer<typeof balanceSchema>;

export type AllocationMode = 'statutory' | 'principal-first';

export interface Allocation {
  /** What is still open after the payment. */
  balance: Balance;
  /** What the payment settled, per bucket. */
  applied: Balance;
  /** Paid beyond everything open: to be refunded or booked, never dropped. */
  surplusCents: number;
}

type Bucket = keyof Balance;

const ORDER: Readonly<Record<AllocationMode, readonly Bucket[]>> = {
  // § 367 (1) BGB.
  statutory: ['costsCents', 'interestCents', 'principalCents'],
  // § 367 (2) BGB: the debtor named the principal; the creditor accepted the payment anyway.
  'principal-first': ['principalCents', 'interestCents', 'costsCents'],
};

export function allocatePayment(balance: Balance, paymentCents: number, mode: AllocationMode): Allocation {
  requireCents('payment', paymentCents);
  for (const bucket of ORDER.statutory) requireCents(bucket, balance[bucket]);

  const remaining: Balance = { ...balance };
  const applied: Balance = { principalCents: 0, interestCents: 0, costsCents: 0 };
  let left = paymentCents;
  for (const bucket of ORDER[mode]) {
    const amount = Math.min(left, remaining[bucket]);
    remaining[bucket] -= amount;
    applied[bucket] = amount;
    left -= amount;
  }
  return { balance: remaining, applied, surplusCents: left };
}

function requireCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be whole non-negative cents, got ${value}`);
  }
}
