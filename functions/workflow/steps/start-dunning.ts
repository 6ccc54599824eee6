import { berlinDateOf, compareDates, type Instant } from '../../domain/calendar.js';
import type { DunningCase } from '../../domain/case.js';
import type { InvoiceIssued } from '../../domain/events.js';
import { isAhead, waitsForFirstStart } from '../../domain/first-start.js';
import { holdForCustomerBlocks } from '../customer-blocks.js';
import type { WorkflowDeps } from '../ports.js';
import { type Reconciliation, reconcileCase } from '../reconcile/reconcile-case.js';
import { type StepScope, stepScope } from './scope.js';

export type StartResult = {
  created: boolean;
  execution: 'started' | 'exists' | 'scheduled';
  reconciled?: Reconciliation;
};

/**
 * start-dunning: opens the case at issue. An invoice that is not overdue yet gets no execution: a one-time
 * schedule (named after the invoice, so duplicates are harmless) starts it when its first step is due, and an
 * invoice paid on time never costs a state transition. An overdue invoice starts its one execution at once.
 * An invoice issued again whose case is open but no longer worked (its execution died) gets its case restarted.
 */
export async function startDunning(deps: WorkflowDeps, invoice: InvoiceIssued): Promise<StartResult> {
  const scope = stepScope(deps);
  // The customer's blocks are read beside opening the case, so an unblocked customer's invoice waits for no
  // extra round trip; a blocked customer's case is held before any execution can act on it.
  const [{ created, case: opened }, blocks] = await Promise.all([
    deps.service.open(invoice, (fresh) => firstStartOf(scope, fresh)),
    deps.customerBlocks.active(invoice.customer.id),
  ]);
  await holdForCustomerBlocks(deps, opened, blocks, scope.today);
  const { startsAt } = opened.workflow;
  // A redelivered event whose first attempt died between the case and its schedule creates the schedule now.
  if (startsAt !== null && waitsForFirstStart(opened, scope.now) && isAhead(startsAt, scope.now)) {
    await deps.startSchedules.create(invoice.invoiceId, startsAt);
    return { created, execution: 'scheduled' };
  }
  const execution = await deps.executions.start(
    deps.stateMachines.dunning,
    deps.executionNameFor(invoice.invoiceId),
    { invoiceId: invoice.invoiceId },
  );
  if (created || execution === 'started') return { created, execution };
  const reconciled = await reconcileCase(deps, invoice.invoiceId, { cause: 'invoice-reissued' });
  return { created, execution, reconciled };
}

/**
 * When a new case's first execution is due: the time of its first step if that falls on a later business day
 * (the invoice is not overdue by the policy's first trigger yet), else at once (null).
 */
function firstStartOf(scope: StepScope, fresh: DunningCase): Instant | null {
  const first = scope.nextStep(fresh);
  return compareDates(berlinDateOf(first.at), scope.today) > 0 ? first.at : null;
}
