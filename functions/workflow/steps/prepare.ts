import type * as z from '../../domain/zod.js';
import type { NextStep } from '../contracts/next-step.js';
import type { prepareInputSchema } from '../contracts/prepare.js';
import type { WorkflowDeps } from '../ports.js';
import { recordExecution } from './record-execution.js';
import { stepScope } from './scope.js';

/** prepare: the first step of an execution records it on the case and picks the case up wherever it stands. */
export async function prepare(
  deps: WorkflowDeps,
  { invoiceId, executionId }: z.infer<typeof prepareInputSchema>,
): Promise<NextStep> {
  const scope = stepScope(deps);
  const dunningCase = await recordExecution(scope, await scope.service.load(invoiceId), executionId);
  return scope.nextStep(dunningCase);
}
