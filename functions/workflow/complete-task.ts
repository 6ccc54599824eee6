import { outcomesByKind, type TaskOutcome } from '../domain/outcomes.js';
import type { TaskResult } from './contracts.js';
import type { TaskStore, WorkflowDeps } from './ports.js';
import type { Task } from './tasks.js';

export interface CompletionPorts {
  tasks: TaskStore & {
    storeOutcome(taskId: string, outcome: TaskOutcome, updatedAt: string): Promise<'stored' | 'conflict'>;
    markResumed(taskId: string, at: string): Promise<void>;
  };
  executions: WorkflowDeps['executions'];
  now(): string;
}

export type Completion =
  | { result: 'completed'; task: Task }
  | { result: 'not-found' }
  | { result: 'wrong-kind'; allowed: readonly TaskOutcome['type'][] }
  | { result: 'conflict'; reason: string }
  | { result: 'timed-out'; task: Task };

const sameOutcome = (a: TaskOutcome | null, b: TaskOutcome) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A person finishes a task: the outcome is stored on the task first, then the waiting execution is resumed
 * with SendTaskSuccess (the execution then marks the task done). Posting the same outcome again sends no
 * second SendTaskSuccess; a task whose token already timed out answers timed-out and keeps the outcome.
 */
export async function completeTask(
  ports: CompletionPorts,
  taskId: string,
  outcome: TaskOutcome,
): Promise<Completion> {
  const task = await ports.tasks.get(taskId);
  if (!task) return { result: 'not-found' };
  const allowed = outcomesByKind[task.kind];
  if (!allowed.includes(outcome.type)) return { result: 'wrong-kind', allowed };
  if (task.outcome !== null && !sameOutcome(task.outcome, outcome)) {
    return { result: 'conflict', reason: 'another outcome was already recorded for this task' };
  }
  if (task.status === 'done' || task.resumedAt !== null) return { result: 'completed', task };
  if (task.status !== 'open') return { result: 'timed-out', task };
  if ((await ports.tasks.storeOutcome(taskId, outcome, ports.now())) === 'conflict') {
    return completeTask(ports, taskId, outcome);
  }
  const recorded: Task = { ...task, outcome };
  if (task.taskToken === null) {
    await ports.tasks.finish(taskId, 'done', { outcome, updatedAt: ports.now() });
    return { result: 'completed', task: { ...recorded, status: 'done' } };
  }
  const result: TaskResult = { taskId, outcome };
  if ((await ports.executions.resume(task.taskToken, result)) === 'expired') {
    await ports.tasks.finish(taskId, 'timed-out', { outcome, updatedAt: ports.now() });
    return { result: 'timed-out', task: { ...recorded, status: 'timed-out' } };
  }
  await ports.tasks.markResumed(taskId, ports.now());
  return { result: 'completed', task: recorded };
}
