import { involvesSalesRep, queueFor, slaBusinessDaysFor } from '../../domain/assignment.js';
import { berlinInstant, daysBetween } from '../../domain/calendar.js';
import { type DunningCase, isTerminal, openCents } from '../../domain/case.js';
import { callPriority } from '../../domain/priority.js';
import { openTask as newTask, type Task } from '../../domain/task.js';
import type * as z from '../../domain/zod.js';
import type { NextStep } from '../contracts/next-step.js';
import type { openTaskInputSchema } from '../contracts/open-task.js';
import { openCallTask } from '../customer-call.js';
import { outboundEvent } from '../outbound.js';
import type { WorkflowDeps } from '../ports.js';
import { taskIdFor } from '../tasks.js';
import { type StepScope, stepScope } from './scope.js';

type OpenTaskInput = z.infer<typeof openTaskInputSchema>;

/** open-task: stores the task with the token of this attempt; a closed case resumes at once. */
export async function openTask(deps: WorkflowDeps, input: OpenTaskInput): Promise<{ taskId: string }> {
  const scope = stepScope(deps);
  const { invoiceId, taskToken } = input;
  const dunningCase = await scope.service.load(invoiceId);
  if (scope.replanned(dunningCase, input.next)) {
    // The case changed while the execution waited for this task: no task, the execution plans again.
    await deps.executions.resume(taskToken, { replan: true });
    return { taskId: taskOfStep(input.executionId, input.next).taskId };
  }
  const task = taskFor(scope, dunningCase, input);
  const { taskId } = task;
  const resumeClosed = (status: DunningCase['status']) =>
    deps.executions.resume(taskToken, { taskId, outcome: { type: 'case-closed', outcome: status } });
  if (isTerminal(dunningCase.status)) {
    await resumeClosed(dunningCase.status);
    return { taskId };
  }
  const calls = deps.customerCalls;
  const { stored, callTaskId } =
    task.kind === 'call' && calls
      ? await openCallTask({ tasks: calls.tasks, calls: calls.calls }, task, scope.now)
      : { stored: await deps.tasks.openOrRefresh(task), callTaskId: null };
  if (stored === 'finished') {
    // The outcome was recorded but the execution never heard of it (e.g. a retried state): replay it.
    const finished = await deps.tasks.get(taskId);
    if (finished?.outcome) await deps.executions.resume(taskToken, { taskId, outcome: finished.outcome });
    return { taskId };
  }
  if (stored === 'opened') {
    await announce(scope, { ...task, leadTaskId: callTaskId });
    // A payment may have closed the case between the first read and storing the task: nobody must call.
    const latest = await scope.service.load(invoiceId);
    if (isTerminal(latest.status)) await resumeClosed(latest.status);
  }
  return { taskId };
}

/**
 * The task a step of an execution opens, and that its timeout finishes: the same step always names the same
 * task. Every task route names its level (nextStepFor sets it), so a missing one is a broken contract.
 */
export function taskOfStep(executionId: string, next: NextStep) {
  const kind = next.taskKind ?? 'call';
  if (next.levelIndex === undefined) throw new Error(`the ${kind} step names no level`);
  const { levelIndex } = next;
  return { kind, levelIndex, taskId: taskIdFor(executionId, kind, levelIndex, next.attempt, next.at) };
}

/** The task this attempt opens: its queue, priority and SLA follow the policy's assignment rules. */
function taskFor(
  { context, today, now }: StepScope,
  dunningCase: DunningCase,
  { invoiceId, next, executionId, taskToken }: OpenTaskInput,
): Task {
  const { policy, calendar } = context;
  const { taskId, kind, levelIndex } = taskOfStep(executionId, next);
  const level = policy.levels[levelIndex];
  const open = openCents(dunningCase);
  const { invoice } = dunningCase;
  const details = {
    taskId,
    kind,
    queue: queueFor(kind, level, policy),
    priority: callPriority({
      openCents: open,
      daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
      creditRating: invoice.customer.creditRating,
      segment: invoice.customer.segment,
      brokenPromises: dunningCase.promises.filter((promise) => promise.status === 'broken').length,
    }),
    dueAt: berlinInstant(
      calendar.addBusinessDays(today, slaBusinessDaysFor(kind, level, policy)),
      policy.actionTime,
    ),
    invoiceId,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDueDate: invoice.dueDate,
    customerId: invoice.customer.id,
    customerName: invoice.customer.name,
    openCents: open,
    currency: invoice.amount.currency,
    levelId: level?.id ?? `level-${levelIndex}`,
    attempt: next.attempt,
    salesRepInvolved: involvesSalesRep(kind, open, invoice.customer, policy),
    executionId,
    taskToken,
  };
  return newTask(details, now);
}

/** A newly opened task goes on the timeline; a call task is also announced on the bus. */
async function announce({ service, today, now }: StepScope, task: Task): Promise<void> {
  const { taskId, kind, queue } = task;
  await service.annotate(
    task.invoiceId,
    [
      {
        on: today,
        type: 'task-opened',
        summary: `${kind} task opened in queue ${queue}`,
        // A call task that joined its customer's call names that call: the case is worked in it.
        data: {
          taskId,
          attempt: task.attempt,
          kind,
          queue,
          ...(task.leadTaskId ? { callTaskId: task.leadTaskId } : {}),
        },
      },
    ],
    (current) =>
      kind === 'call'
        ? [
            outboundEvent('Call Task Opened', current, now, {
              taskId,
              levelId: task.levelId,
              queue,
              priority: task.priority,
              attempt: task.attempt,
              dueAt: task.dueAt,
              salesRepInvolved: task.salesRepInvolved,
            }),
          ]
        : [],
  );
}
