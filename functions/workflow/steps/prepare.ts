import type { z } from 'zod';
import type { NextStep, prepareInputSchema } from '../contracts.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** prepare: the first step of an execution picks the case up wherever it stands. */
export async function prepare(
  deps: WorkflowDeps,
  { invoiceId }: z.infer<typeof prepareInputSchema>,
): Promise<NextStep> {
  const scope = stepScope(deps);
  return scope.nextStep(await scope.service.load(invoiceId));
}
