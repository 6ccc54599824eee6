import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../domain/actor.js';
import type { TaskOutcome } from '../domain/outcomes.js';
import { isRefusal, type Task, type TaskRefusal } from '../domain/task.js';
import type { TaskResult } from './contracts/record-outcome.js';
import type { TaskStore, WorkflowDeps } from './ports.js';

export interface CompletionPorts {
  tasks: TaskStore & {
    /** The lifecycle's record-outcome transition, stored: undefined when there is no such task. */
    recordOutcome(
      taskId: string,
      outcome: TaskOutcome,
      now: string,
      by: Actor | null,
    ): Promise<Task | TaskRefusal | undefined>;
    markResumed(taskId: string, at: string): Promise<void>;
  };
  executions: WorkflowDeps['executions'];
  now(): string;
}

export type Completion =
  /** `finishedHere`: a task no execution waits for was finished by this very request (not a repeat). */
  | { result: 'completed'; finishedHere?: boolean }
  | { result: 'not-found' }
  | { result: 'wrong-kind'; allowed: readonly TaskOutcome['type'][] }
  | { result: 'conflict'; reason: string }
  | { result: 'timed-out' };

/**
 * A person finishes a task: the outcome is stored on the task first, then the waiting execution is resumed
 * with SendTaskSuccess (the execution then marks the task done). Posting the same outcome again sends no
 * second SendTaskSuccess; a task whose token already timed out answers timed-out and keeps the outcome. A token
 * that a retried OpenTask replaced in between is followed to the new attempt, so the outcome is not lost.
 */
export async function completeTask(
  ports: CompletionPorts,
  taskId: string,
  outcome: TaskOutcome,
  by: Actor | null = null,
): Promise<Completion> {
  const recorded = await ports.tasks.recordOutcome(taskId, outcome, ports.now(), by);
  if (!recorded) return { result: 'not-found' };
  if (isRefusal(recorded)) {
    if (recorded.refused === 'outcome-not-for-kind')
      return { result: 'wrong-kind', allowed: recorded.allowed };
    if (recorded.refused === 'other-outcome-recorded') {
      return { result: 'conflict', reason: 'another outcome was already recorded for this task' };
    }
    // No longer open and no outcome of a person on it: it timed out (or its case closed) first.
    return { result: 'timed-out' };
  }
  if (recorded.status === 'done' || recorded.resumedAt !== null) return { result: 'completed' };
  if (recorded.status !== 'open') return { result: 'timed-out' };
  if (recorded.taskToken === null) {
    const finishedHere = await ports.tasks.finish(taskId, 'done', { outcome, updatedAt: ports.now() });
    return { result: 'completed', finishedHere };
  }
  const result: TaskResult = { taskId, outcome };
  for (let token = recorded.taskToken; ; ) {
    if ((await ports.executions.resume(token, result)) === 'resumed') break;
    // A retried OpenTask may replace the token: its new attempt waits for this very outcome.
    const replaced = await replacedToken(ports, taskId, token);
    if (replaced === undefined) {
      await ports.tasks.finish(taskId, 'timed-out', { outcome, updatedAt: ports.now() });
      return { result: 'timed-out' };
    }
    token = replaced;
  }
  await ports.tasks.markResumed(taskId, ports.now());
  return { result: 'completed' };
}

/** How long a dead token is watched for the retried OpenTask that replaces it (its first retry comes within 2 s). */
const REFRESH_WAIT_MS = [250, 500, 1000, 1500];

/**
 * The token a retried OpenTask stored in place of `token`, watched for a few seconds; undefined when the task
 * is no longer open or no new attempt took it over (its attempt really ended).
 */
async function replacedToken(
  ports: CompletionPorts,
  taskId: string,
  token: string,
): Promise<string | undefined> {
  for (const waitMs of [0, ...REFRESH_WAIT_MS]) {
    if (waitMs > 0) await sleep(waitMs);
    const latest = await ports.tasks.get(taskId);
    if (latest?.status !== 'open' || latest.taskToken === null) return undefined;
    if (latest.taskToken !== token) return latest.taskToken;
  }
  return undefined;
}
