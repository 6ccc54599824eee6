import type { Instant } from '../domain/calendar.js';
import type { SharedOutcome } from '../domain/customer-call.js';
import { type TaskKind, taskKindSchema } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import {
  claimTask,
  type LateOutcome,
  recordLateOutcome,
  recordSharedOutcome,
  releaseTask,
  type TaskStatus,
  taskSchema,
} from '../domain/task.js';
import * as z from '../domain/zod.js';
import { type DynamoDBDocumentClient, QueryCommand } from './aws/dynamodb.js';
import { InvalidCursorError, queuePkOf, taskKey } from './task-keys.js';
import { TaskRepository } from './task-repository.js';

/*
 * The callers' side of the tasks: pages of the byQueue index and their cursor, claims, releases, late and shared
 * outcomes. Only the caller API does these, so the step functions carry neither them nor their schemas.
 */

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

/** The tasks with what only callers do: list their queues, claim and release tasks, record late and shared outcomes. */
export class CallerTaskRepository extends TaskRepository {
  constructor(documents: DynamoDBDocumentClient, tableName: string) {
    super(documents, tableName);
  }

  /**
   * One page of several queues, highest priority first: each queue's partition per kind (only the asked
   * kind, or all of them) is read from the byQueue index, so the cost of a page grows neither with the
   * number of tasks nor with the tasks of other kinds; the sorted pages are merged by the same key. The
   * cursor remembers where each partition stands; one that is not ours throws InvalidCursorError.
   */
  async listQueues(queues: readonly string[], query: QueueQuery): Promise<QueuePage> {
    const status = query.status ?? 'open';
    const kinds = query.kind ? [query.kind] : taskKindSchema.options;
    const partitions = [...new Set(queues)].flatMap((queue) =>
      kinds.map((kind) => ({ name: `${queue}#${kind}`, queuePk: queuePkOf(queue, status, kind) })),
    );
    const state = query.cursor
      ? decodeCursor(query.cursor, partitions)
      : Object.fromEntries(partitions.map((partition) => [partition.name, {}]));
    const pages = await Promise.all(
      partitions.map(async (partition) => {
        const position = state[partition.name];
        if (position === null || position === undefined) {
          return { partition, tasks: [] as QueuedTask[], nextKey: null };
        }
        const startKey = isPosition(position) ? position : undefined;
        return { partition, ...(await this.queuePage(partition, query.limit, startKey)) };
      }),
    );
    const merged = pages
      .flatMap((page) => page.tasks)
      .sort((a, b) => queueSkOf(a).localeCompare(queueSkOf(b)))
      .slice(0, query.limit);
    const next: Cursor = {};
    for (const { partition, tasks, nextKey } of pages) {
      const taken = merged.filter(
        (task) => queuePkOf(task.queue, task.status, task.kind) === partition.queuePk,
      );
      const last = taken.at(-1);
      if (last && taken.length < tasks.length) next[partition.name] = positionOf(last);
      else if (last || tasks.length === 0) next[partition.name] = nextKey;
      else next[partition.name] = state[partition.name] ?? null;
    }
    const more = Object.values(next).some((position) => position !== null);
    return { tasks: merged, nextCursor: more ? encodeCursor(next) : null };
  }

  /** One page of one queue (see listQueues). */
  listQueue(queue: string, query: QueueQuery): Promise<QueuePage> {
    return this.listQueues([queue], query);
  }

  private async queuePage(
    partition: Partition,
    limit: number,
    startKey: Position | undefined,
  ): Promise<{ tasks: QueuedTask[]; nextKey: Position | null }> {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byQueue',
        KeyConditionExpression: 'queuePk = :queue',
        ExpressionAttributeValues: { ':queue': partition.queuePk },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      tasks: (page.Items ?? []).map((item) => queuedTaskSchema.parse(item)),
      nextKey: page.LastEvaluatedKey ? positionSchema.parse(page.LastEvaluatedKey) : null,
    };
  }

  /** Gives the task to one caller for a while; of two callers claiming at once exactly one wins. */
  claim(taskId: string, caller: string, now: Instant) {
    return this.transition(taskId, (task) => claimTask(task, caller, now));
  }

  /** Gives a claimed task back to the queue; only its holder (or, with `force`, a supervisor) may. */
  release(taskId: string, caller: string, now: Instant, force: boolean) {
    return this.transition(taskId, (task) => releaseTask(task, caller, now, { force }));
  }

  /** Stores an outcome recorded after the task ended; of two such requests at once exactly one wins. */
  recordLateOutcome(taskId: string, late: LateOutcome, supervisor: boolean) {
    return this.transition(taskId, (task) => recordLateOutcome(task, late, { supervisor }));
  }

  /** Stores the split outcome of a customer's call before any member is resumed (see recordSharedOutcome). */
  recordSharedOutcome(taskId: string, shared: SharedOutcome, members: readonly string[]) {
    return this.transition(taskId, (task) => recordSharedOutcome(task, shared, members));
  }
}
