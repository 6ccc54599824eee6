import type { CoreApiDeps } from './deps.js';

/** The customer's open totals as a person reads them beside the list of open cases. */
export interface ExposureFigures {
  openCaseCount: number | null;
  totalOpenCents: number | null;
  totalsAsOf: string | null;
}

/**
 * Totals of the customer's open cases: counted on the spot when the list holds all of them, else the report
 * job's totals as of its last pass (null until it has counted that customer). Never a second read of the list.
 */
export async function exposureFigures(
  reports: CoreApiDeps['reports'],
  customerId: string,
  listed: { cases: readonly { openCents: number }[]; more: boolean },
): Promise<ExposureFigures> {
  if (!listed.more) {
    const totalOpenCents = listed.cases.reduce((sum, other) => sum + other.openCents, 0);
    return { openCaseCount: listed.cases.length, totalOpenCents, totalsAsOf: null };
  }
  const totals = await reports.exposure(customerId);
  return {
    openCaseCount: totals?.openCaseCount ?? null,
    totalOpenCents: totals?.totalOpenCents ?? null,
    totalsAsOf: totals?.computedAt ?? null,
  };
}
