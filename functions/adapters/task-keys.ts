import { utcInstant } from '../domain/instant.js';
import type { TaskKind, TaskOutcome } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import type { Task, TaskStatus } from '../domain/task.js';
import { taskSearchKeys } from './search-keys.js';

/*
 * The key layout of tasks in the single table and the byQueue cursor: what the task repository writes and
 * reads, kept apart from its transitions.
 */

/** A cursor this repository did not issue (or one for other queues, kinds or another status). */
export class InvalidCursorError extends Error {
  constructor() {
    super('is not a cursor this API issued');
    this.name = 'InvalidCursorError';
  }
}

export const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' as const });
export const queuePkOf = (queue: string, status: TaskStatus, kind: TaskKind) =>
  `QUEUE#${queue}#${status}#${kind}`;
const utc = (instant: string) => utcInstant(instant, 'millisecond');

/** What the reasons report counts of an outcome, kept beside it so the queue index can carry it. */
export function outcomeFigures(outcome: TaskOutcome | null) {
  const context = outcome && 'dissatisfied' in outcome ? outcome : undefined;
  return { outcomeReason: context?.reason ?? null, outcomeDissatisfied: context?.dissatisfied ?? false };
}

/**
 * Index attributes: open tasks sort by priority in their queue, one partition per kind and status; every
 * task is findable from its case, oldest first.
 */
export function indexAttributes(task: Task) {
  // A call task that joined its customer's call is worked through that call: its open task is queued nowhere.
  const joined = task.leadTaskId !== null && task.status === 'open' ? '#joined' : '';
  return {
    queuePk: `${queuePkOf(task.queue, task.status, task.kind)}${joined}`,
    queueSk: priorityKey(task.priority, task.dueAt),
    casePk: `CASE#${task.invoiceId}`,
    caseSk: `TASK#${utc(task.createdAt)}#${task.taskId}`,
    ...taskSearchKeys(task),
    ...outcomeFigures(task.outcome),
  };
}

/** The stored item of a task: its key, its fields and its index attributes. */
export function taskItem(task: Task) {
  return { ...taskKey(task.taskId), ...task, ...indexAttributes(task) };
}
