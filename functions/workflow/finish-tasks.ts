import type { ClosingOutcome } from '../domain/events.js';
import type { ReplanResult, TaskResult } from './contracts/record-outcome.js';
import type { TaskStore, WorkflowDeps } from './ports.js';

/**
 * A case closed while a task was open (a payment arrived during a call task): resume the waiting execution
 * with the closing outcome, so nobody is asked to call about a paid invoice. A token whose attempt already
 * ended cannot be resumed; that task is simply cancelled.
 */
export async function finishOpenTasks(
  tasks: TaskStore,
  executions: WorkflowDeps['executions'],
  invoiceId: string,
  outcome: ClosingOutcome,
  now: string,
): Promise<void> {
  const open = (await tasks.tasksOfCase(invoiceId)).filter((task) => task.status === 'open');
  for (const task of open) {
    const result: TaskResult = { taskId: task.taskId, outcome: { type: 'case-closed', outcome } };
    const resumed = task.taskToken === null ? 'expired' : await executions.resume(task.taskToken, result);
    if (resumed === 'expired') {
      await tasks.finish(task.taskId, 'cancelled', { outcome: result.outcome, updatedAt: now });
    }
  }
}

/**
 * A dispute raised outside a call (by a supervisor or the accounting system) while a call task is open: the
 * call is no longer due. The task is cancelled and its execution told to plan again, which opens the dispute
 * task as a disputed call outcome would.
 */
export async function replanOpenCalls(
  tasks: TaskStore,
  executions: WorkflowDeps['executions'],
  invoiceId: string,
  now: string,
): Promise<void> {
  const calls = (await tasks.tasksOfCase(invoiceId)).filter(
    (task) => task.status === 'open' && task.kind === 'call',
  );
  for (const task of calls) {
    await tasks.finish(task.taskId, 'cancelled', { outcome: null, updatedAt: now });
    const replan: ReplanResult = { replan: true };
    if (task.taskToken !== null) await executions.resume(task.taskToken, replan);
  }
}
