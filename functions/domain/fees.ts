import type { Policy } from './policy.js';

/** § 288 (5) BGB: a fixed amount set by statute, not a policy choice. */
export const LUMP_SUM_CENTS = 4000;

/** € 40 once per claim against a business debtor in default, if the operator chose to claim it. */
export function lumpSumCents(
  input: { consumer: boolean; inDefault: boolean; alreadyCharged: boolean },
  policy: Pick<Policy, 'lumpSum'>,
): number {
  if (!policy.lumpSum.claim || input.consumer || !input.inDefault || input.alreadyCharged) return 0;
  return LUMP_SUM_CENTS;
}

/**
 * A reminder fee may only cover real costs caused by the default: an email costs nothing, the reminder that puts
 * the debtor in default is not yet a consequence of default, and for a business debtor the € 40 lump sum is set
 * off against such costs (§ 288 (5) sentence 3 BGB), so it is never added on top.
 */
export function reminderFeeCents(input: {
  channel: 'email' | 'letter';
  levelFeeCents: number;
  defaultCausing: boolean;
  consumer: boolean;
  lumpSumCharged: boolean;
}): number {
  if (!Number.isSafeInteger(input.levelFeeCents) || input.levelFeeCents < 0) {
    throw new RangeError(`a reminder fee must be whole non-negative cents, got ${input.levelFeeCents}`);
  }
  if (input.channel === 'email' || input.defaultCausing) return 0;
  if (!input.consumer && input.lumpSumCharged) return 0;
  return input.levelFeeCents;
}
