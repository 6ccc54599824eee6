import { isTerminal } from '../../domain/case.js';
import type * as z from '../../domain/zod.js';
import type { closeInputSchema } from '../contracts/close.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** close: the execution ends; a case that is still open stays open for people to follow up. */
export async function close(deps: WorkflowDeps, { invoiceId }: z.infer<typeof closeInputSchema>) {
  const { service, today } = stepScope(deps);
  const dunningCase = await service.load(invoiceId);
  if (!isTerminal(dunningCase.status) && dunningCase.workflow.endedOn === null) {
    // No execution is expected from here on: the reconciler leaves the case to people.
    await service.change(invoiceId, (latest) =>
      isTerminal(latest.status) || latest.workflow.endedOn !== null
        ? undefined
        : { event: { type: 'workflow-ended', on: today, cause: 'workflow-done' } },
    );
  }
  return { invoiceId, status: dunningCase.status };
}
