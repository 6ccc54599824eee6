import type { z } from 'zod';
import { isTerminal } from '../../domain/case.js';
import type { closeInputSchema } from '../contracts.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/** close: the execution ends; a case that is still open stays open for people to follow up. */
export async function close(deps: WorkflowDeps, { invoiceId }: z.infer<typeof closeInputSchema>) {
  const { service, today } = stepScope(deps);
  const dunningCase = await service.load(invoiceId);
  if (!isTerminal(dunningCase.status)) {
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'workflow-ended',
        summary: `automatic dunning ended; case stays ${dunningCase.status}`,
        data: { status: dunningCase.status },
      },
    ]);
  }
  return { invoiceId, status: dunningCase.status };
}
