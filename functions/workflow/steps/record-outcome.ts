import type { Actor } from '../../domain/actor.js';
import { InvalidTransitionError } from '../../domain/case.js';
import type { TaskOutcome } from '../../domain/outcomes.js';
import { openTask } from '../../domain/task.js';
import type * as z from '../../domain/zod.js';
import type { NextStep } from '../contracts/next-step.js';
import type { recordOutcomeInputSchema } from '../contracts/record-outcome.js';
import type { WorkflowDeps } from '../ports.js';
import { taskIdFor } from '../tasks.js';
import { applyOutcome } from './apply-outcome.js';
import { taskOfStep } from './open-task.js';
import { type StepScope, stepScope } from './scope.js';

type RecordOutcomeInput = z.infer<typeof recordOutcomeInputSchema>;

/** record-outcome: applies what the caller (or the system) decided and picks the next step. */
export async function recordOutcome(deps: WorkflowDeps, input: RecordOutcomeInput): Promise<NextStep> {
  const scope = stepScope(deps);
  const { invoiceId, next, result } = input;
  const { service, today, now, nextStep } = scope;
  const position = { levelIndex: next.levelIndex ?? 0, attempt: next.attempt };
  if ('replan' in result) return nextStep(await service.load(invoiceId), position);
  if (!('taskId' in result)) return timedOut(scope, input);
  const finished = await deps.tasks.finish(result.taskId, 'done', {
    outcome: result.outcome,
    updatedAt: now,
  });
  if (finished) await noteCustomerCall(scope, result.taskId);
  if (result.outcome.type === 'wrong-contact') await openDataCorrection(scope, result.taskId);
  const by = await recordedBy(deps, result.taskId, result.outcome);
  try {
    return await applyOutcome(scope, invoiceId, result, position, by);
  } catch (error) {
    if (!(error instanceof InvalidTransitionError)) throw error;
    // The API validates outcomes before it resumes the execution; one that still does not fit the case
    // is kept on the timeline and the level is worked again instead of failing the whole execution.
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'outcome-rejected',
        summary: `outcome ${result.outcome.type} not applied: ${error.message}`,
        data: { outcome: result.outcome.type, reason: error.message },
      },
    ]);
    return nextStep(await service.load(invoiceId), { ...position, attempt: next.attempt + 1 });
  }
}

/**
 * The part of a customer's call this case took goes on its timeline once (the first finish of its task): the
 * call's task, the invoices it covered and this case's own outcome.
 */
async function noteCustomerCall({ service, tasks, today }: StepScope, taskId: string): Promise<void> {
  const task = await tasks.get(taskId);
  if (!task) return;
  const call = task.leadTaskId === null ? task : await tasks.get(task.leadTaskId);
  const parts = call?.sharedOutcome?.parts ?? [];
  const part = parts.find((candidate) => candidate.taskId === taskId);
  if (!call || !part || parts.length < 2) return;
  const invoiceIds = parts.map((candidate) => candidate.invoiceId).join(', ');
  await service.annotate(task.invoiceId, [
    {
      on: today,
      type: 'customer-call',
      summary: `customer call ${call.taskId} about ${parts.length} invoices (${invoiceIds}): ${part.outcome.type} for this invoice`,
      data: {
        callTaskId: call.taskId,
        invoices: parts.length,
        invoiceIds,
        outcome: part.outcome.type,
      },
    },
  ]);
}

/** Who recorded the outcome, as kept on the task; nobody for the system's outcomes (a case closing). */
async function recordedBy(
  deps: WorkflowDeps,
  taskId: string,
  outcome: TaskOutcome,
): Promise<Actor | undefined> {
  const task = await deps.tasks.get(taskId);
  return task?.outcome?.type === outcome.type ? (task.recordedBy ?? undefined) : undefined;
}

/** States.Timeout (or a failed task): nobody finished the task in time, so dunning escalates. */
async function timedOut(scope: StepScope, { invoiceId, next, executionId }: RecordOutcomeInput) {
  const { service, tasks, today, now, nextStep } = scope;
  const { taskId, kind, levelIndex } = taskOfStep(executionId, next);
  await tasks.finish(taskId, 'timed-out', { outcome: null, updatedAt: now });
  if (kind !== 'call') {
    return nextStep(await service.load(invoiceId), { levelIndex, attempt: next.attempt + 1 });
  }
  const escalated = await service.change(invoiceId, (current) =>
    current.status === 'open' && current.nextLevelIndex === levelIndex
      ? { event: { type: 'level-completed', levelIndex, on: today } }
      : undefined,
  );
  await service.annotate(invoiceId, [
    { on: today, type: 'task-timed-out', summary: `${kind} task timed out: escalating`, data: { kind } },
  ]);
  return nextStep(escalated);
}

/**
 * The call reached the wrong person: a data-correction task asks someone to fix the customer's contact
 * data in the master data. No execution waits for it; the call level is retried meanwhile.
 */
async function openDataCorrection({ service, tasks, today, now }: StepScope, callTaskId: string) {
  const callTask = await tasks.get(callTaskId);
  if (!callTask) return;
  const correction = openTask(
    {
      ...callTask,
      taskId: taskIdFor(callTask.taskId, 'data-correction', 0, 1),
      kind: 'data-correction',
      taskToken: null,
    },
    now,
  );
  if ((await tasks.openOrRefresh(correction)) === 'opened') {
    await service.annotate(callTask.invoiceId, [
      {
        on: today,
        type: 'contact-correction-needed',
        summary: `wrong contact reached: data-correction task opened in queue ${correction.queue}`,
        data: { taskId: correction.taskId, queue: correction.queue },
      },
    ]);
  }
}
