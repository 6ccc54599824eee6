import type { InvoiceIssued } from '../../domain/events.js';
import type { WorkflowDeps } from '../ports.js';
import { type Reconciliation, reconcileCase } from '../reconcile/reconcile-case.js';

/**
 * start-dunning: opens the case and starts its one execution (the name makes duplicates harmless). An
 * invoice issued again whose case is open but no longer worked (its execution died) gets its case restarted.
 */
export async function startDunning(
  deps: WorkflowDeps,
  invoice: InvoiceIssued,
): Promise<{ created: boolean; execution: 'started' | 'exists'; reconciled?: Reconciliation }> {
  const { created } = await deps.service.open(invoice);
  const execution = await deps.executions.start(
    deps.stateMachines.dunning,
    deps.executionNameFor(invoice.invoiceId),
    { invoiceId: invoice.invoiceId },
  );
  if (created || execution === 'started') return { created, execution };
  const reconciled = await reconcileCase(deps, invoice.invoiceId, { cause: 'invoice-reissued' });
  return { created, execution, reconciled };
}
