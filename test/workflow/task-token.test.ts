import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../functions/adapters/aws/dynamodb.js';
import { AwsServiceError } from '../../functions/adapters/aws/errors.js';
import { StepFunctionsClient } from '../../functions/adapters/aws/stepfunctions.js';
import { CallerTaskRepository } from '../../functions/adapters/caller-tasks.js';
import { Executions } from '../../functions/adapters/executions.js';
import type { TaskOutcome } from '../../functions/domain/outcomes.js';
import { openTask, type Task } from '../../functions/domain/task.js';
import { completeTask } from '../../functions/workflow/complete-task.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';

let dynamo: LocalDynamoDb;
let client: DocumentClient;
let tasks: CallerTaskRepository;
/** Step Functions, stubbed: SendTaskSuccess answers as `resume` says for each token; every token is recorded. */
class StubStepFunctions extends StepFunctionsClient {
  resumed: string[] = [];
  resume = new Map<string, () => Promise<void>>();

  override sendTaskSuccess({ taskToken }: { taskToken: string; output: string }): Promise<void> {
    this.resumed.push(taskToken);
    return (this.resume.get(taskToken) ?? (() => Promise.resolve()))();
  }
}
let sfnClient = new StubStepFunctions();

beforeAll(async () => {
  dynamo = await startDynamoDb();
  client = new DocumentClient({
    endpoint: dynamo.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const tableName = dynamo.tableNames.DunningTable;
  if (!tableName) throw new Error('no dunning table');
  tasks = new CallerTaskRepository(client, tableName);
});
afterEach(() => {
  sfnClient = new StubStepFunctions();
});
afterAll(async () => {
  await dynamo?.stop();
});

const NOW = '2026-11-30T09:00:00.000+01:00';
const promise: TaskOutcome = {
  type: 'promise',
  promisedOn: '2026-12-10',
  cents: 50_000,
  dissatisfied: false,
};

function callTask(taskId: string): Task {
  return openTask(
    {
      taskId,
      kind: 'call',
      queue: 'receivables',
      priority: 100,
      dueAt: NOW,
      invoiceId: `invoice-of-${taskId}`,
      invoiceNumber: 'RE-2026-0001',
      invoiceDueDate: '2026-11-02',
      customerId: 'K-1',
      customerName: 'Muster GmbH',
      openCents: 50_000,
      currency: 'EUR',
      levelId: 'call',
      attempt: 1,
      salesRepInvolved: false,
      executionId: 'execution-1',
      taskToken: 'token-of-attempt-1',
    },
    NOW,
  );
}

const timedOut = () => new AwsServiceError('TaskTimedOut', 'Task Timed Out', { httpStatusCode: 400 });

describe('a task token refreshed while a caller records the outcome', () => {
  it('follows the token to the retried attempt, so the promise reaches the execution and is not lost', async () => {
    // Arrange: Step Functions retried OpenTask after the caller's outcome was stored, so the first attempt's
    // token is dead by the time the API resumes with it.
    const task = callTask('token-race-1');
    await tasks.openOrRefresh(task);
    sfnClient.resume.set('token-of-attempt-1', async () => {
      await tasks.openOrRefresh({ ...task, taskToken: 'token-of-attempt-2', updatedAt: NOW });
      throw timedOut();
    });

    // Act
    const completion = await completeTask(
      { tasks, executions: new Executions(() => sfnClient), now: () => NOW },
      task.taskId,
      promise,
    );

    // Assert
    expect(completion).toEqual({ result: 'completed' });
    expect(sfnClient.resumed).toEqual(['token-of-attempt-1', 'token-of-attempt-2']);
    const stored = await tasks.get(task.taskId);
    expect(stored).toMatchObject({ status: 'open', outcome: promise, taskToken: 'token-of-attempt-2' });
    expect(stored?.resumedAt).not.toBeNull();
  });

  it('never wipes an outcome or a claim stored a moment before the refresh', async () => {
    // Arrange
    const task = callTask('token-race-2');
    await tasks.openOrRefresh(task);
    await tasks.claim(task.taskId, 'carl.hofmann', NOW);
    await tasks.recordOutcome(task.taskId, promise, NOW);

    // Act: the retried OpenTask stores its new token from the task as it had built it, without the outcome.
    const refreshed = await tasks.openOrRefresh({ ...task, taskToken: 'token-of-attempt-2' });

    // Assert
    expect(refreshed).toBe('refreshed');
    expect(await tasks.get(task.taskId)).toMatchObject({
      taskToken: 'token-of-attempt-2',
      outcome: promise,
      claimedBy: 'carl.hofmann',
    });
  });

  it('still answers timed-out when the attempt ended and no retry took the task over', async () => {
    // Arrange
    const task = callTask('token-race-3');
    await tasks.openOrRefresh(task);
    sfnClient.resume.set('token-of-attempt-1', () => Promise.reject(timedOut()));

    // Act
    const completion = await completeTask(
      { tasks, executions: new Executions(() => sfnClient), now: () => NOW },
      task.taskId,
      promise,
    );

    // Assert
    expect(completion).toEqual({ result: 'timed-out' });
    expect(await tasks.get(task.taskId)).toMatchObject({ status: 'timed-out', outcome: promise });
  });
});
