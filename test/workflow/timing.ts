/**
 * Business time of the scenario files starts on Monday 12 January 2026: no public holiday in NW (the policy's
 * place of payment) before Good Friday, 3 April, and the base-rate table covers the whole first half-year, so
 * the short scenarios see plain business days and exact interest rates.
 */
/** Time a scenario may take on a loaded 2-core machine. */
export const SCENARIO_MS = 60_000;

export const SCENARIO_START = '2026-01-12T08:00:00+01:00';

/** One calendar day of business time passes in this many engine milliseconds. */
export const DAY_MS = 200;

/** Polls `probe` until it returns something other than undefined; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
