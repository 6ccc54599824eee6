import { isDeepStrictEqual } from 'node:util';
import type { Actor } from '../domain/actor.js';
import type { Instant } from '../domain/calendar.js';
import type { TaskOutcome } from '../domain/outcomes.js';
import {
  cancelTask,
  finishTask,
  isRefusal,
  moveToCall,
  recordOutcome,
  refreshAttempt,
  type Task,
  type TaskRefusal,
  type TaskStatus,
  taskSchema,
  timeOutTask,
} from '../domain/task.js';
import * as z from '../domain/zod.js';
import { handOverCall } from '../workflow/customer-call.js';
import { CustomerCalls } from './customer-calls.js';
import { indexAttributes, outcomeFigures, taskItem, taskKey } from './task-keys.js';

export type { QueuedTask, QueuePage, QueueQuery } from './caller-tasks.js';
export { InvalidCursorError, taskItem } from './task-keys.js';

import {
  ConditionalCheckFailedException,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from './aws/dynamodb.js';

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
  'leadTaskId',
  'members',
  'sharedOutcome',
  'updatedAt',
] as const;

/** Concurrent changes to one task are rare (two callers claiming); this many in a row is a fault. */
const MAX_ATTEMPTS = 10;

const taskPkSchema = z.string().check(z.startsWith('TASK#'));

const membersMatter = (changed: readonly string[]) =>
  changed.includes('members') || changed.includes('sharedOutcome');

const ENDINGS = { done: finishTask, 'timed-out': timeOutTask, cancelled: cancelTask } as const;

/**
 * Tasks in the single table. The lifecycle (domain/task.ts) decides every change of a task; this repository
 * stores it with one update conditional on the state the transition started from, and on a concurrent
 * change reads the task again and lets the lifecycle decide anew. The key layout and the cursor are its own.
 */
export class TaskRepository {
  /** The customers' open calls, kept in the same table: a call task that ends hands its members on. */
  readonly calls: CustomerCalls;

  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {
    this.calls = new CustomerCalls(documents, tableName);
  }

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

  /** Every task of a case, oldest first, page by page; each index hit is confirmed by a consistent read. */
  async tasksOfCase(invoiceId: string): Promise<Task[]> {
    const taskIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.casePage(invoiceId, { ExclusiveStartKey: startKey });
      taskIds.push(...page.taskIds);
      startKey = page.nextKey;
    } while (startKey);
    return this.confirmed(taskIds);
  }

  /** The newest `limit` tasks of a case, oldest first: one bounded Query and as many consistent reads. */
  async recentTasksOfCase(invoiceId: string, limit: number): Promise<Task[]> {
    const { taskIds } = await this.casePage(invoiceId, { ScanIndexForward: false, Limit: limit });
    return this.confirmed(taskIds);
  }

  protected async casePage(
    invoiceId: string,
    page: Pick<QueryCommandInput, 'ExclusiveStartKey' | 'ScanIndexForward' | 'Limit'>,
  ) {
    const { Items = [], LastEvaluatedKey } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCase',
        KeyConditionExpression: 'casePk = :case',
        ExpressionAttributeValues: { ':case': `CASE#${invoiceId}` },
        ...page,
      }),
    );
    const taskIds = Items.map((item) => taskPkSchema.parse(item.pk).slice('TASK#'.length));
    return { taskIds, nextKey: LastEvaluatedKey };
  }

  protected async confirmed(taskIds: readonly string[]): Promise<Task[]> {
    const tasks = await Promise.all(taskIds.map((taskId) => this.get(taskId)));
    return tasks
      .filter((task): task is Task => task !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Stores the outcome a person recorded, before the execution is resumed (see recordOutcome). */
  recordOutcome(taskId: string, outcome: TaskOutcome, now: Instant, by: Actor | null = null) {
    return this.transition(taskId, (task) => recordOutcome(task, outcome, now, by));
  }

  /** Moves a member of an ended customer call to the call that takes it over (see moveToCall). */
  moveToCall(taskId: string, from: string | null, to: string, members: readonly string[], now: Instant) {
    return this.transition(taskId, (task) => moveToCall(task, from, to, members, now));
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
    if (ended === undefined || isRefusal(ended)) return false;
    await handOverCall({ tasks: this, calls: this.calls }, ended, patch.updatedAt);
    return true;
  }

  /**
   * Applies a lifecycle transition to the stored task: undefined when there is no such task, the refusal
   * when the lifecycle refuses, else the changed task once it is stored.
   */
  protected async transition(
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
    if (changed.includes('status') || changed.includes('leadTaskId')) {
      values[':queuePk'] = indexAttributes(to).queuePk;
      assignments.push('queuePk = :queuePk');
    }
    if (changed.includes('outcome')) {
      const figures = outcomeFigures(to.outcome);
      values[':outcomeReason'] = figures.outcomeReason;
      values[':outcomeDissatisfied'] = figures.outcomeDissatisfied;
      assignments.push('outcomeReason = :outcomeReason', 'outcomeDissatisfied = :outcomeDissatisfied');
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
          // Members are appended by others (CustomerCalls.attach): a transition that sets them must not drop any,
          // and a call's outcome is split over the members it had.
          ...(membersMatter(changed)
            ? ['(attribute_not_exists(members) OR size(members) = :fromMembers)']
            : []),
          ...(changed.includes('leadTaskId')
            ? ['(attribute_not_exists(leadTaskId) OR leadTaskId = :fromLead)']
            : []),
          from.sharedOutcome === null
            ? '(attribute_not_exists(sharedOutcome) OR sharedOutcome = :none)'
            : 'sharedOutcome <> :none',
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
          ...(membersMatter(changed) ? { ':fromMembers': from.members.length } : {}),
          ...(changed.includes('leadTaskId') ? { ':fromLead': from.leadTaskId } : {}),
        },
      }),
    );
  }
}
