import { type DunningCase, isTerminal } from '../../domain/case.js';
import type { StepScope } from './scope.js';

/**
 * The first step of every execution (a start, a continuation, a restart, the installment plan) records that
 * this execution now works the case, so the reconciler can tell a case whose execution died. One write per
 * execution; a retried first step finds itself recorded and writes nothing.
 */
export async function recordExecution(
  { service, today }: StepScope,
  dunningCase: DunningCase,
  executionArn: string,
): Promise<DunningCase> {
  const recorded = (candidate: DunningCase) =>
    isTerminal(candidate.status) || candidate.workflow.executionArn === executionArn;
  if (recorded(dunningCase)) return dunningCase;
  return service.change(dunningCase.invoiceId, (latest) =>
    recorded(latest) ? undefined : { event: { type: 'execution-started', executionArn, on: today } },
  );
}
