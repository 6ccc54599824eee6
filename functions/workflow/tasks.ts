import { createHash } from 'node:crypto';
import type { Task } from '../domain/task.js';

/**
 * The same execution, level, attempt, kind and opening instant always give the same task id: a retried step
 * (same state input) updates its task. `openedAt` (the `at` of the step that opens the task) tells apart a
 * later opening of the same level and attempt, e.g. the call after a rejected dispute, which must not find
 * and replay the outcome of the earlier task.
 */
export function taskIdFor(
  executionId: string,
  kind: Task['kind'],
  levelIndex: number,
  attempt: number,
  openedAt?: string,
): string {
  const opening = openedAt === undefined ? '' : `|${openedAt}`;
  const digest = createHash('sha256')
    .update(`${executionId}|${kind}|${levelIndex}|${attempt}${opening}`)
    .digest('hex');
  return `${kind}-${digest.slice(0, 20)}`;
}
