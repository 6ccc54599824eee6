import type { z } from 'zod';
import type { recordFailureInputSchema } from '../contracts.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** record-failure: a step failed for good; keep it on the timeline instead of losing it. */
export async function recordFailure(
  deps: WorkflowDeps,
  { invoiceId, error }: z.infer<typeof recordFailureInputSchema>,
) {
  const { service, today } = stepScope(deps);
  const found = await service.find(invoiceId);
  if (found) {
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'step-failed',
        summary: `a workflow step failed: ${error.Error}`,
        data: { error: error.Error, cause: (error.Cause ?? '').slice(0, 500) },
      },
    ]);
  }
  return { recorded: found !== undefined };
}
