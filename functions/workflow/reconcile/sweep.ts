import type { WorkflowDeps } from '../ports.js';
import { reconcileCase } from './reconcile-case.js';

export interface SweepOptions {
  /** Cases read per page. */
  pageSize: number;
  /** Pages per run: the run's reads are bounded, and the next run continues where this one stopped. */
  pages: number;
}

/**
 * The safety net behind the execution status events: walks the open cases a bounded number of pages per
 * run, continuing where the last run stopped, and restarts every case that no execution works.
 */
export async function sweepOpenCases(deps: WorkflowDeps, options: SweepOptions) {
  let cursor = await deps.openCases.sweepCursor();
  let checked = 0;
  let restarted = 0;
  for (let page = 0; page < options.pages; page++) {
    const { invoiceIds, nextCursor } = await deps.openCases.page(options.pageSize, cursor);
    for (const invoiceId of invoiceIds) {
      checked++;
      if ((await reconcileCase(deps, invoiceId, { cause: 'no-running-execution' })) === 'restarted') {
        restarted++;
        deps.count('OrphanedCaseFound');
      }
    }
    cursor = nextCursor;
    // Saved page by page, so a run cut short (a timeout) is not read again by the next one.
    await deps.openCases.saveSweepCursor(cursor);
    if (!cursor) break;
  }
  return { checked, restarted, complete: cursor === undefined };
}
