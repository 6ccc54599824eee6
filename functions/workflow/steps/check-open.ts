import { promiseCheckOn } from '../../domain/agreements.js';
import { compareDates } from '../../domain/calendar.js';
import type * as z from '../../domain/zod.js';
import type { advanceInputSchema, NextStep } from '../contracts/next-step.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** check-open: after every Wait, a consistent read decides whether and how dunning goes on. */
export async function checkOpen(
  deps: WorkflowDeps,
  { invoiceId, next }: z.infer<typeof advanceInputSchema>,
): Promise<NextStep> {
  const { service, context, today, nextStep } = stepScope(deps);
  const checked = await service.change(invoiceId, (current) => {
    const pending = current.promises.at(-1);
    if (current.status !== 'promise' || !pending) return undefined;
    return compareDates(today, promiseCheckOn(pending.promisedOn, context)) >= 0
      ? { event: { type: 'promise-checked', on: today } }
      : undefined;
  });
  return nextStep(checked, next);
}
