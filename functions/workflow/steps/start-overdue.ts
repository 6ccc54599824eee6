import type { WorkflowDeps } from '../ports.js';
import { type Reconciliation, reconcileCase } from '../reconcile/reconcile-case.js';

/**
 * start-overdue: the case's start schedule fired, so its invoice is overdue now. The first execution starts
 * through the reconciler's start path (its deterministic name, nothing started twice); a case that was paid,
 * cancelled or started meanwhile (by the sweep, or a supervisor) is left as it is.
 */
export function startOverdue(deps: WorkflowDeps, invoiceId: string): Promise<Reconciliation> {
  return reconcileCase(deps, invoiceId, { cause: 'no-running-execution', due: true });
}
