import { utcInstant } from '../domain/instant.js';
import type { TaskKind, TaskOutcome } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import { type Task, type TaskStatus, taskSchema } from '../domain/task.js';
import * as z from '../domain/zod.js';
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

/** A task as the byQueue index holds it: what a list shows and the reasons report counts, never the token. */
export const queuedTaskSchema = z.extend(
  z.pick(taskSchema, {
    taskId: true,
    kind: true,
    status: true,
    queue: true,
    priority: true,
    dueAt: true,
    invoiceId: true,
    invoiceNumber: true,
    invoiceDueDate: true,
    customerId: true,
    customerName: true,
    openCents: true,
    currency: true,
    levelId: true,
    attempt: true,
    salesRepInvolved: true,
    claimedBy: true,
    claimExpiresAt: true,
    createdAt: true,
    updatedAt: true,
  }),
  { outcomeReason: z.nullable(z.string()), outcomeDissatisfied: z.boolean() },
);
export type QueuedTask = z.infer<typeof queuedTaskSchema>;

/** Where a partition's next page starts in the byQueue index: the key of the last task taken from it. */
export const positionSchema = z.strictObject({
  // Shaped like the keys this repository writes: a cursor with an empty or other key is not ours, and DynamoDB
  // would fail the query on it instead of the cursor being refused.
  pk: z.string().check(z.regex(/^TASK#\S+$/)),
  sk: z.literal('TASK'),
  queuePk: z.string(),
  queueSk: z.string().check(z.regex(/^\d{4}#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)),
});
export type Position = z.infer<typeof positionSchema>;
/** Per partition: its position, `{}` while nothing of it was taken yet, or null once it is exhausted. */
const cursorSchema = z.record(z.string(), z.nullable(z.union([positionSchema, z.strictObject({})])));
export type Cursor = z.infer<typeof cursorSchema>;
export const isPosition = (position: Cursor[string]): position is Position =>
  position !== null && 'queuePk' in position;

/** One byQueue partition: a queue's tasks of one kind in one status. */
export interface Partition {
  name: string;
  queuePk: string;
}

export const queueSkOf = (task: QueuedTask) => priorityKey(task.priority, task.dueAt);
export const positionOf = (task: QueuedTask): Position => ({
  ...taskKey(task.taskId),
  queuePk: queuePkOf(task.queue, task.status, task.kind),
  queueSk: queueSkOf(task),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string, partitions: readonly Partition[]): Cursor {
  let cursor: Cursor;
  try {
    cursor = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
  // A cursor names exactly the partitions of the query that issued it; any other set is not ours.
  const named = Object.keys(cursor);
  const byName = new Map(partitions.map((partition) => [partition.name, partition]));
  if (named.length !== byName.size || !named.every((name) => byName.has(name))) {
    throw new InvalidCursorError();
  }
  for (const [name, position] of Object.entries(cursor)) {
    if (isPosition(position) && position.queuePk !== byName.get(name)?.queuePk) {
      throw new InvalidCursorError();
    }
  }
  return cursor;
}

export interface QueueQuery {
  limit: number;
  kind?: TaskKind;
  /** Tasks in this status (default open). */
  status?: TaskStatus;
  /** The `nextCursor` of the previous page; none for the first page. */
  cursor?: string;
}

export interface QueuePage {
  tasks: QueuedTask[];
  /** Opaque; null once every queue is exhausted. */
  nextCursor: string | null;
}
