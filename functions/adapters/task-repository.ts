import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Actor } from '../domain/actor.js';
import type { Instant } from '../domain/calendar.js';
import type { TaskOutcome } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import {
  cancelTask,
  claimTask,
  finishTask,
  isRefusal,
  type LateOutcome,
  recordLateOutcome,
  recordOutcome,
  refreshAttempt,
  releaseTask,
  type Task,
  type TaskRefusal,
  type TaskStatus,
  taskSchema,
  timeOutTask,
} from '../domain/task.js';

/** A cursor this repository did not issue (or one for other queues or another status). */
export class InvalidCursorError extends Error {
  constructor() {
    super('is not a cursor this API issued');
    this.name = 'InvalidCursorError';
  }
}

const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' as const });
const queuePkOf = (queue: string, status: TaskStatus) => `QUEUE#${queue}#${status}`;

/** Index attributes: open tasks sort by priority in their queue; every task is findable from its case. */
function indexAttributes(task: Task) {
  return {
    queuePk: queuePkOf(task.queue, task.status),
    queueSk: priorityKey(task.priority, task.dueAt),
    casePk: `CASE#${task.invoiceId}`,
    caseSk: `TASK#${task.taskId}`,
  };
}

/** The stored item of a task: its key, its fields and its index attributes. */
export function taskItem(task: Task) {
  return { ...taskKey(task.taskId), ...task, ...indexAttributes(task) };
}

/** Where a queue's next page starts in the byQueue index: the key of the last task taken from it. */
const positionSchema = z.strictObject({
  pk: z.string().startsWith('TASK#'),
  sk: z.literal('TASK'),
  queuePk: z.string(),
  queueSk: z.string(),
});
type Position = z.infer<typeof positionSchema>;
/** Per queue: its position, `{}` while nothing of it was taken yet, or null once it is exhausted. */
const cursorSchema = z.record(z.string(), z.union([positionSchema, z.strictObject({})]).nullable());
type Cursor = z.infer<typeof cursorSchema>;
const isPosition = (position: Cursor[string]): position is Position =>
  position !== null && 'queuePk' in position;

const positionOf = (task: Task): Position => {
  const { pk, sk } = taskKey(task.taskId);
  const { queuePk, queueSk } = indexAttributes(task);
  return { pk, sk, queuePk, queueSk };
};

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, status: TaskStatus, queues: readonly string[]): Cursor {
  let cursor: Cursor;
  try {
    cursor = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
  // A cursor names exactly the queues of the query that issued it; any other set is not ours.
  const named = Object.keys(cursor);
  if (named.length !== new Set(queues).size || !named.every((queue) => queues.includes(queue))) {
    throw new InvalidCursorError();
  }
  for (const [queue, position] of Object.entries(cursor)) {
    if (isPosition(position) && position.queuePk !== queuePkOf(queue, status)) {
      throw new InvalidCursorError();
    }
  }
  return cursor;
}

export interface QueueQuery {
  limit: number;
  kind?: Task['kind'];
  /** Tasks in this status (default open). */
  status?: TaskStatus;
  /** The `nextCursor` of the previous page; none for the first page. */
  cursor?: string;
}

export interface QueuePage {
  tasks: Task[];
  /** Opaque; null once every queue is exhausted. */
  nextCursor: string | null;
}

/** What a transition may change; everything else was fixed when the task was opened. */
const CHANGEABLE = [
  'status',
  'claimedBy',
  'claimExpiresAt',
  'outcome',
  'recordedBy',
  'lastClaimedBy',
  'lateOutcome',
  'taskToken',
  'executionId',
  'updatedAt',
] as const;

/** Concurrent changes to one task are rare (two callers claiming); this many in a row is a fault. */
const MAX_ATTEMPTS = 10;

const ENDINGS = { done: finishTask, 'timed-out': timeOutTask, cancelled: cancelTask } as const;

/**
 * Tasks in the single table. The lifecycle (domain/task.ts) decides every change of a task; this repository
 * stores it with one update conditional on the state the transition started from, and on a concurrent
 * change reads the task again and lets the lifecycle decide anew. The key layout and the cursor are its own.
 */
export class TaskRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates the task, or gives the open task the token of a new attempt of the same step (Step Functions
   * issues a new token when it retries a state). A task that is already finished is never reopened.
   */
  async openOrRefresh(task: Task): Promise<'opened' | 'refreshed' | 'finished'> {
    const refreshed = await this.transition(task.taskId, (current) =>
      refreshAttempt(current, task, task.updatedAt),
    );
    if (refreshed !== undefined) return isRefusal(refreshed) ? 'finished' : 'refreshed';
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: taskItem(task),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'opened';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.openOrRefresh(task);
      throw error;
    }
  }

  async get(taskId: string): Promise<Task | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: taskKey(taskId), ConsistentRead: true }),
    );
    return Item ? taskSchema.parse(Item) : undefined;
  }

  /** Every task of a case, oldest first; each index hit is confirmed by a consistent read. */
  async tasksOfCase(invoiceId: string): Promise<Task[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCase',
        KeyConditionExpression: 'casePk = :case',
        ExpressionAttributeValues: { ':case': `CASE#${invoiceId}` },
      }),
    );
    const confirmed = await Promise.all(
      Items.map((item) => this.get(taskSchema.shape.taskId.parse(item.taskId))),
    );
    return confirmed
      .filter((task): task is Task => task !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * One page of several queues, highest priority first: each queue is read from the byQueue index (the cost
   * of a page does not grow with the number of tasks) and the sorted pages are merged by the same key. The
   * cursor remembers where each queue stands; one that is not ours throws InvalidCursorError.
   */
  async listQueues(queues: readonly string[], query: QueueQuery): Promise<QueuePage> {
    const status = query.status ?? 'open';
    const state = query.cursor
      ? decodeCursor(query.cursor, status, queues)
      : Object.fromEntries(queues.map((queue) => [queue, {}]));
    const pages = await Promise.all(
      queues.map(async (queue) => {
        const position = state[queue];
        if (position === null || position === undefined) return { queue, tasks: [] as Task[], nextKey: null };
        const startKey = isPosition(position) ? position : undefined;
        return { queue, ...(await this.queuePage(queue, status, query, startKey)) };
      }),
    );
    const merged = pages
      .flatMap((page) => page.tasks)
      .sort((a, b) => indexAttributes(a).queueSk.localeCompare(indexAttributes(b).queueSk))
      .slice(0, query.limit);
    const next: Cursor = {};
    for (const page of pages) {
      const taken = merged.filter((task) => task.queue === page.queue);
      const last = taken.at(-1);
      if (last && taken.length < page.tasks.length) next[page.queue] = positionOf(last);
      else if (last || page.tasks.length === 0) next[page.queue] = page.nextKey;
      else next[page.queue] = state[page.queue] ?? null;
    }
    const more = Object.values(next).some((position) => position !== null);
    return { tasks: merged, nextCursor: more ? encodeCursor(next) : null };
  }

  /** One page of one queue (see listQueues). */
  listQueue(queue: string, query: QueueQuery): Promise<QueuePage> {
    return this.listQueues([queue], query);
  }

  private async queuePage(
    queue: string,
    status: TaskStatus,
    query: QueueQuery,
    startKey: Position | undefined,
  ): Promise<{ tasks: Task[]; nextKey: Position | null }> {
    const tasks: Task[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined = startKey;
    // A kind filter thins out pages, so keep reading until the page is full or the queue ends.
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byQueue',
          KeyConditionExpression: 'queuePk = :queue',
          FilterExpression: query.kind ? 'kind = :kind' : undefined,
          ExpressionAttributeValues: {
            ':queue': queuePkOf(queue, status),
            ...(query.kind ? { ':kind': query.kind } : {}),
          },
          Limit: query.limit - tasks.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      tasks.push(...(page.Items ?? []).map((item) => taskSchema.parse(item)));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey && tasks.length < query.limit);
    return { tasks, nextKey: exclusiveStartKey ? positionSchema.parse(exclusiveStartKey) : null };
  }

  /** Gives the task to one caller for a while; of two callers claiming at once exactly one wins. */
  claim(taskId: string, caller: string, now: Instant) {
    return this.transition(taskId, (task) => claimTask(task, caller, now));
  }

  /** Gives a claimed task back to the queue; only its holder (or, with `force`, a supervisor) may. */
  release(taskId: string, caller: string, now: Instant, force: boolean) {
    return this.transition(taskId, (task) => releaseTask(task, caller, now, { force }));
  }

  /** Stores the outcome a person recorded, before the execution is resumed (see recordOutcome). */
  recordOutcome(taskId: string, outcome: TaskOutcome, now: Instant, by: Actor | null = null) {
    return this.transition(taskId, (task) => recordOutcome(task, outcome, now, by));
  }

  /** Stores an outcome recorded after the task ended; of two such requests at once exactly one wins. */
  recordLateOutcome(taskId: string, late: LateOutcome, supervisor: boolean) {
    return this.transition(taskId, (task) => recordLateOutcome(task, late, { supervisor }));
  }

  async markResumed(taskId: string, at: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: taskKey(taskId),
        UpdateExpression: 'SET resumedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Moves an open task to a final status; false when it was no longer open. */
  async finish(
    taskId: string,
    status: Exclude<TaskStatus, 'open'>,
    patch: Pick<Task, 'outcome' | 'updatedAt'>,
  ): Promise<boolean> {
    const ended = await this.transition(taskId, (task) =>
      ENDINGS[status](task, patch.outcome, patch.updatedAt),
    );
    return ended !== undefined && !isRefusal(ended);
  }

  /**
   * Applies a lifecycle transition to the stored task: undefined when there is no such task, the refusal
   * when the lifecycle refuses, else the changed task once it is stored.
   */
  private async transition(
    taskId: string,
    change: (task: Task) => Task | TaskRefusal,
  ): Promise<Task | TaskRefusal | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(taskId);
      if (!current) return undefined;
      const next = change(current);
      if (isRefusal(next)) return next;
      try {
        await this.store(current, next);
        return next;
      } catch (error) {
        // Someone changed the task in between: decide again on what is stored now.
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Writes what changed from `from` to `to`, provided the stored task is still in the state `from`. */
  private async store(from: Task, to: Task): Promise<void> {
    const changed = CHANGEABLE.filter((field) => !isDeepStrictEqual(from[field], to[field]));
    if (changed.length === 0) return;
    const values: Record<string, unknown> = Object.fromEntries(
      changed.map((field) => [`:${field}`, to[field]]),
    );
    const assignments = changed.map((field) => `#${field} = :${field}`);
    if (changed.includes('status')) {
      values[':queuePk'] = indexAttributes(to).queuePk;
      assignments.push('queuePk = :queuePk');
    }
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: taskKey(from.taskId),
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: [
          '#status = :fromStatus',
          'claimedBy = :fromClaimedBy',
          'claimExpiresAt = :fromClaimExpiresAt',
          // A recorded outcome changes only together with the status, so its presence is all to compare.
          from.outcome === null ? 'outcome = :none' : 'outcome <> :none',
          // A late outcome is set only if absent (tasks stored before it existed have no such attribute).
          from.lateOutcome === null
            ? '(attribute_not_exists(lateOutcome) OR lateOutcome = :none)'
            : 'lateOutcome <> :none',
        ].join(' AND '),
        ExpressionAttributeNames: {
          '#status': 'status',
          ...Object.fromEntries(changed.map((field) => [`#${field}`, field])),
        },
        ExpressionAttributeValues: {
          ...values,
          ':fromStatus': from.status,
          ':fromClaimedBy': from.claimedBy,
          ':fromClaimExpiresAt': from.claimExpiresAt,
          ':none': null,
        },
      }),
    );
  }
}
