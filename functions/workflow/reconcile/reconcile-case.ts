import type { Actor } from '../../domain/actor.js';
import { type DunningCase, isTerminal, type RestartCause } from '../../domain/case.js';
import { waitsForFirstStart } from '../../domain/first-start.js';
import { secondsBetween } from '../../domain/instant.js';
import type { ExecutionState, WorkflowDeps } from '../ports.js';

/** What reconciling a case found or did. */
export type Reconciliation = 'running' | 'restarted' | 'closed' | 'ended' | 'waiting' | 'not-found';

export interface RestartRequest {
  cause: RestartCause;
  /** A supervisor's words, kept on the timeline. */
  reason?: string | null;
  /** The supervisor who asked, kept on the timeline. */
  by?: Actor;
  /** The case's start schedule fired: a case that waited for its first execution no longer does. */
  due?: boolean;
}

/**
 * An execution that ended a moment ago may just have handed the case to its successor (a continuation, the
 * installment plan, dunning after a defaulted plan), whose first step has not recorded itself yet.
 */
const HANDOVER_GRACE_SECONDS = 120;

/** Automatic restarts of one case before the reconciler stops and leaves it to a supervisor (alarm). */
export const MAX_AUTOMATIC_RESTARTS = 3;

/** Restart n runs as inv-<id>-r<n>; the plan it may start is named after the restart too. */
export const restartSuffix = (restarts: number) => (restarts === 0 ? '' : `r${restarts}`);

/**
 * Makes sure an open case is worked by a running execution: when the execution working it (as the case
 * recorded it) failed, timed out, was aborted, never started or ended without a successor, the case gets a
 * fresh execution under a deterministic name, which picks it up with Prepare exactly where it is. A case
 * whose automatic dunning ended by design, or that waits for its invoice to become overdue (its first
 * execution starts by schedule), is left alone unless a supervisor asks. Safe to repeat: a restart
 * that was recorded but whose execution did not start is started, not recorded again.
 */
export async function reconcileCase(
  deps: WorkflowDeps,
  invoiceId: string,
  request: RestartRequest,
): Promise<Reconciliation> {
  const { service } = deps;
  const found = await service.find(invoiceId);
  if (!found) return 'not-found';
  if (isTerminal(found.status)) return 'closed';
  if (found.workflow.endedOn !== null && request.cause !== 'supervisor') return 'ended';
  // Not overdue yet: no execution by design until its schedule fires (or, once that is overdue, it was lost).
  const byDesign = request.cause !== 'supervisor' && !request.due;
  if (byDesign && waitsForFirstStart(found, service.clock.businessNow())) return 'waiting';
  const current = currentExecutionArn(deps, found);
  const state = await deps.executions.describe(current);
  if (state && isWorking(deps, state)) return 'running';
  if (!state && found.workflow.executionArn === null && request.cause !== 'supervisor') {
    // The execution the case expects (its first, or the last restart) never started: start it now. A
    // supervisor's restart is always recorded, with its reason.
    await startRestart(deps, found);
    return 'restarted';
  }
  if (request.cause !== 'supervisor' && found.workflow.restarts >= MAX_AUTOMATIC_RESTARTS) {
    // A case that fails again and again needs a person: stop restarting it, say so, and alarm.
    await service.change(invoiceId, (latest) =>
      isTerminal(latest.status) || latest.workflow.endedOn !== null
        ? undefined
        : { event: { type: 'workflow-ended', on: service.clock.businessToday(), cause: 'restart-limit' } },
    );
    deps.count('CaseRestartRepeated');
    return 'ended';
  }
  const restarted = await service.change(invoiceId, (latest) =>
    isTerminal(latest.status) || latest.workflow.restartedFrom === current
      ? undefined
      : {
          event: {
            type: 'workflow-restarted',
            on: service.clock.businessToday(),
            cause: request.cause,
            reason: request.reason ?? null,
            replaces: current,
            ...(request.by && { by: request.by }),
          },
        },
  );
  if (isTerminal(restarted.status)) return 'closed';
  await startRestart(deps, restarted);
  deps.count('CaseRestarted');
  return 'restarted';
}

/** The execution recorded on the case, or the one it expects to record itself next (the first, a restart). */
function currentExecutionArn(deps: WorkflowDeps, dunningCase: DunningCase): string {
  return (
    dunningCase.workflow.executionArn ??
    deps.executionArnFor(
      deps.stateMachines.dunning,
      deps.executionNameFor(dunningCase.invoiceId, restartSuffix(dunningCase.workflow.restarts)),
    )
  );
}

function isWorking(deps: WorkflowDeps, state: ExecutionState): boolean {
  if (state.status === 'RUNNING' || state.status === 'PENDING_REDRIVE') return true;
  if (state.status !== 'SUCCEEDED' || !state.stoppedAt) return false;
  return secondsBetween(state.stoppedAt, deps.service.clock.engineNow()) < HANDOVER_GRACE_SECONDS;
}

async function startRestart(deps: WorkflowDeps, dunningCase: DunningCase): Promise<void> {
  const name = deps.executionNameFor(dunningCase.invoiceId, restartSuffix(dunningCase.workflow.restarts));
  await deps.executions.start(deps.stateMachines.dunning, name, { invoiceId: dunningCase.invoiceId });
}
