import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TaskOutcome } from '../domain/outcomes.js';
import { priorityKey } from '../domain/priority.js';
import { type Task, type TaskStatus, taskSchema } from '../workflow/tasks.js';

const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' });

/** Index attributes: open tasks sort by priority in their queue; every task is findable from its case. */
/** The stored item of a task: its key, its fields and its index attributes. */
export function taskItem(task: Task) {
  return { ...taskKey(task.taskId), ...task, ...indexAttributes(task) };
}

function indexAttributes(task: Task) {
  return {
    queuePk: `QUEUE#${task.queue}#${task.status}`,
    queueSk: priorityKey(task.priority, task.dueAt),
    casePk: `CASE#${task.invoiceId}`,
    caseSk: `TASK#${task.taskId}`,
  };
}

export class TaskRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Creates the task, or stores the token of a new attempt of the same step (Step Functions issues a new
   * token when it retries a state). A task that is already finished is never reopened.
   */
  async openOrRefresh(task: Task): Promise<'opened' | 'refreshed' | 'finished'> {
    const existing = await this.get(task.taskId);
    if (existing && existing.status !== 'open') return 'finished';
    const item = existing
      ? { ...existing, taskToken: task.taskToken, executionId: task.executionId, updatedAt: task.updatedAt }
      : task;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: taskItem(item),
          ConditionExpression: existing ? '#status = :open' : 'attribute_not_exists(pk)',
          ExpressionAttributeNames: existing ? { '#status': 'status' } : undefined,
          ExpressionAttributeValues: existing ? { ':open': 'open' } : undefined,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.openOrRefresh(task);
      throw error;
    }
    return existing ? 'refreshed' : 'opened';
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
   * One page of a queue, highest priority first (ascending sort key), straight from the byQueue index:
   * the cost of a page does not grow with the number of tasks in the queue.
   */
  async listQueue(
    queue: string,
    options: { limit: number; startKey?: Record<string, unknown>; kind?: Task['kind']; status?: TaskStatus },
  ): Promise<{ tasks: Task[]; nextKey?: Record<string, unknown> }> {
    const tasks: Task[] = [];
    let startKey = options.startKey;
    // A kind filter thins out pages, so keep reading until the page is full or the queue ends.
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byQueue',
          KeyConditionExpression: 'queuePk = :queue',
          FilterExpression: options.kind ? 'kind = :kind' : undefined,
          ExpressionAttributeValues: {
            ':queue': `QUEUE#${queue}#${options.status ?? 'open'}`,
            ...(options.kind ? { ':kind': options.kind } : {}),
          },
          Limit: options.limit - tasks.length,
          ExclusiveStartKey: startKey,
        }),
      );
      tasks.push(...(page.Items ?? []).map((item) => taskSchema.parse(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && tasks.length < options.limit);
    return { tasks, nextKey: startKey };
  }

  /**
   * Gives the task to one caller until `until`. Exactly one of two callers claiming at once wins: the write
   * is conditional on the task being open and unclaimed (or its claim expired, or already theirs).
   */
  async claim(taskId: string, caller: string, now: string, until: string): Promise<Task | undefined> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression: 'SET claimedBy = :caller, claimExpiresAt = :until, updatedAt = :now',
          ConditionExpression:
            '#status = :open AND (claimedBy = :none OR claimedBy = :caller OR claimExpiresAt < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':caller': caller,
            ':until': until,
            ':now': now,
            ':open': 'open',
            ':none': null,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return taskSchema.parse(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Gives a claimed task back to the queue; only its holder (or, with `force`, a supervisor) may. */
  async release(taskId: string, caller: string, now: string, force: boolean): Promise<Task | undefined> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression: 'SET claimedBy = :none, claimExpiresAt = :none, updatedAt = :now',
          ConditionExpression: force ? '#status = :open' : '#status = :open AND claimedBy = :caller',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': now,
            ':open': 'open',
            ':none': null,
            ...(force ? {} : { ':caller': caller }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return taskSchema.parse(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Stores the outcome a person recorded on the still open task, before the execution is resumed, so a
   * failure in between loses nothing. The same outcome stored twice is fine; a different one is refused.
   */
  async storeOutcome(
    taskId: string,
    outcome: TaskOutcome,
    updatedAt: string,
  ): Promise<'stored' | 'conflict'> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression: 'SET outcome = :outcome, updatedAt = :updatedAt',
          ConditionExpression: '#status = :open AND (outcome = :none OR outcome = :outcome)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':outcome': outcome,
            ':updatedAt': updatedAt,
            ':open': 'open',
            ':none': null,
          },
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
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
  ) {
    const current = await this.get(taskId);
    if (current?.status !== 'open') return false;
    const finished: Task = { ...current, ...patch, status, claimedBy: null, claimExpiresAt: null };
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskKey(taskId),
          UpdateExpression:
            'SET #status = :status, outcome = :outcome, updatedAt = :updatedAt, queuePk = :queuePk, claimedBy = :none, claimExpiresAt = :none',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':outcome': finished.outcome,
            ':updatedAt': finished.updatedAt,
            ':queuePk': indexAttributes(finished).queuePk,
            ':none': null,
            ':open': 'open',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
