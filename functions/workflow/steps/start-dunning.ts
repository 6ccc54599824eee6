import type { InvoiceIssued } from '../../domain/events.js';
import type { WorkflowDeps } from '../ports.js';

/** start-dunning: opens the case and starts its one execution (the name makes duplicates harmless). */
export async function startDunning(
  deps: WorkflowDeps,
  invoice: InvoiceIssued,
): Promise<{ created: boolean; execution: 'started' | 'exists' }> {
  const { created } = await deps.service.open(invoice);
  const execution = await deps.executions.start(
    deps.stateMachines.dunning,
    deps.executionNameFor(invoice.invoiceId),
    { invoiceId: invoice.invoiceId },
  );
  return { created, execution };
}
