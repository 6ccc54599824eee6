import type * as z from '../../domain/zod.js';
import { redactPersonalData } from '../../observability.js';
import type { recordFailureInputSchema } from '../contracts/close.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/**
 * record-failure: a step failed for good; keep it on the timeline instead of losing it. Timeline entries never
 * expire, so the cause is stored without personal data, whoever wrote it.
 */
export async function recordFailure(
  deps: WorkflowDeps,
  { invoiceId, error }: z.infer<typeof recordFailureInputSchema>,
) {
  const { service, today } = stepScope(deps);
  const found = await service.find(invoiceId);
  if (found) {
    const errorName = redactPersonalData(error.Error);
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'step-failed',
        summary: `a workflow step failed: ${errorName}`,
        data: { error: errorName, cause: redactPersonalData(error.Cause ?? '').slice(0, 500) },
      },
    ]);
  }
  return { recorded: found !== undefined };
}
