import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KeyDefinition, tableDefinitions } from '../../infra/table-definitions.js';
import { type LocalDynamoDb, startDynamoDb } from '../../local/emulators/dynamodb.js';
import {
  type EventPattern,
  LocalEventBridge,
  LocalQueue,
  matchesPattern,
} from '../../local/emulators/eventbridge.js';
import { type LocalSes, startSes } from '../../local/emulators/ses.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';

const clientConfig = (endpoint: string) => ({ endpoint, region: localRegion, credentials: localCredentials });

/** Rejects with the SDK error of `promise`, so tests can assert its name. */
async function sdkError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('Expected the call to fail');
}

function parseObject(text: string | undefined): Record<string, unknown> {
  const value: unknown = JSON.parse(text ?? 'null');
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`Not an object: ${text}`);
  return Object.fromEntries(Object.entries(value));
}

describe('the local DynamoDB', () => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;

  beforeAll(async () => {
    dynamo = await startDynamoDb();
    client = new DynamoDBClient(clientConfig(dynamo.endpoint));
    documents = DynamoDBDocumentClient.from(client);
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('creates every table of the definitions with its keys and global secondary indexes', async () => {
    // Arrange
    const keySchema = (key: KeyDefinition) => [
      { AttributeName: key.partitionKey, KeyType: 'HASH' },
      ...(key.sortKey ? [{ AttributeName: key.sortKey, KeyType: 'RANGE' }] : []),
    ];
    const expected = tableDefinitions.map((definition) => ({
      name: `local-${definition.id}`,
      keys: keySchema(definition),
      indexes: definition.globalSecondaryIndexes
        .map((index) => ({ name: index.indexName, keys: keySchema(index), projection: 'ALL' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }));

    // Act
    const described = await Promise.all(
      tableDefinitions.map((definition) =>
        client.send(new DescribeTableCommand({ TableName: dynamo.tableNames[definition.id] })),
      ),
    );

    // Assert
    expect(
      described.map(({ Table }) => ({
        name: Table?.TableName,
        keys: Table?.KeySchema,
        indexes: (Table?.GlobalSecondaryIndexes ?? [])
          .map((index) => ({
            name: index.IndexName,
            keys: index.KeySchema,
            projection: index.Projection?.ProjectionType,
          }))
          .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
      })),
    ).toEqual(expected);
    expect(
      described.find(({ Table }) => Table?.TableName === 'local-DunningTable')?.Table?.GlobalSecondaryIndexes
        ?.length,
    ).toBeGreaterThan(0);
  });

  it('refuses a second conditional put of the same key and finds the item through its index', async () => {
    // Arrange
    const TableName = dynamo.tableNames.DunningTable ?? '';
    const task = {
      pk: 'TASK#t-1',
      sk: 'TASK',
      queuePk: 'QUEUE#calls#open',
      queueSk: '0900#2026-11-23',
      status: 'open',
    };
    const putOnce = () =>
      documents.send(
        new PutCommand({ TableName, Item: task, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    await putOnce();

    // Act
    const second = await sdkError(putOnce());
    const byQueue = await documents.send(
      new QueryCommand({
        TableName,
        IndexName: 'byQueue',
        KeyConditionExpression: 'queuePk = :queue',
        ExpressionAttributeValues: { ':queue': 'QUEUE#calls#open' },
      }),
    );

    // Assert
    expect(second.name).toBe('ConditionalCheckFailedException');
    expect(byQueue.Items).toEqual([task]);
  });
});

describe('the local SES', () => {
  let ses: LocalSes;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSes();
    client = new SESv2Client(clientConfig(ses.endpoint));
  });

  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });

  it('shows an email sent with SES v2 SendEmail in its mailbox', async () => {
    // Arrange
    await ses.clear();

    // Act
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'forderungen@example.com',
        Destination: { ToAddresses: ['kunde@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Zahlungserinnerung RE-1' },
            Body: { Text: { Data: 'Bitte zahlen Sie.' }, Html: { Data: '<p>Bitte zahlen Sie.</p>' } },
          },
        },
      }),
    );
    const emails = await ses.listEmails();

    // Assert
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      messageId: sent.MessageId,
      from: 'forderungen@example.com',
      destination: { to: ['kunde@example.com'], cc: [], bcc: [] },
      subject: 'Zahlungserinnerung RE-1',
      body: { text: 'Bitte zahlen Sie.', html: '<p>Bitte zahlen Sie.</p>' },
    });
  });
});

const lambdaArn = (name: string) => `arn:aws:lambda:eu-central-1:000000000000:function:${name}`;

/** A callback task that hands its token to the `open-call-task` function. */
const callTask = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: {
    FunctionName: lambdaArn('open-call-task'),
    Payload: { 'invoiceId.$': '$.invoiceId', 'taskToken.$': '$$.Task.Token' },
  },
  ResultPath: '$.outcome',
  ...extra,
});

describe('the local Step Functions', () => {
  let sfn: LocalStepFunctions;
  let client: SFNClient;
  let callTaskEvents: Record<string, unknown>[];

  beforeEach(async () => {
    sfn = new LocalStepFunctions();
    const { endpoint } = await sfn.listen();
    client = new SFNClient(clientConfig(endpoint));
    callTaskEvents = [];
    sfn.registerLambda('open-call-task', async (event) => {
      callTaskEvents.push(parseObject(JSON.stringify(event)));
      return { opened: true };
    });
  });

  afterEach(async () => {
    client.destroy();
    await sfn.stop();
  });

  const start = async (stateMachineArn: string, input: unknown, name?: string) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }),
    );
    if (!executionArn) throw new Error('StartExecution returned no executionArn');
    return executionArn;
  };

  it('runs a Lambda task, a timestamp wait, a choice and a callback task to SUCCEEDED', async () => {
    // Arrange
    const waitUntil = new Date(Date.now() + 150).toISOString();
    sfn.registerLambda('prepare', async (event) => ({
      ...parseObject(JSON.stringify(event)),
      kind: 'call',
      next: { waitUntil },
      callTimeoutSeconds: 5,
    }));
    const stateMachineArn = sfn.registerStateMachine({
      name: 'dunning',
      definition: {
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Task', Resource: lambdaArn('prepare'), Next: 'WaitForLevel' },
          WaitForLevel: { Type: 'Wait', TimestampPath: '$.next.waitUntil', Next: 'Route' },
          Route: {
            Type: 'Choice',
            Choices: [{ Variable: '$.kind', StringEquals: 'call', Next: 'OpenCallTask' }],
            Default: 'Done',
          },
          OpenCallTask: callTask({ TimeoutSecondsPath: '$.callTimeoutSeconds', Next: 'Done' }),
          Done: { Type: 'Succeed' },
        },
      },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-1' }, 'inv-RE-1');
    const { taskToken } = await sfn.waitForTaskToken({ executionArn, stateName: 'OpenCallTask' });

    // Act
    await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ type: 'paid' }) }));
    await sfn.waitForExecution(executionArn);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assert
    expect(callTaskEvents).toEqual([{ invoiceId: 'RE-1', taskToken }]);
    expect(described.status).toBe('SUCCEEDED');
    expect(parseObject(described.output)).toMatchObject({ invoiceId: 'RE-1', outcome: { type: 'paid' } });
    const routeEntered = sfn.execution(executionArn)?.history.find((event) => event.stateName === 'Route');
    expect(routeEntered?.timestamp.getTime()).toBeGreaterThanOrEqual(Date.parse(waitUntil));
  });

  it('gives the second attempt of a retried callback task a token of its own', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'retrying',
      definition: {
        StartAt: 'OpenCallTask',
        States: {
          OpenCallTask: callTask({
            Retry: [{ ErrorEquals: ['CallerUnavailable'], IntervalSeconds: 1, MaxAttempts: 1 }],
            End: true,
          }),
        },
      },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-2' });
    const first = await sfn.waitForTaskToken({ executionArn });

    // Act
    await client.send(new SendTaskFailureCommand({ taskToken: first.taskToken, error: 'CallerUnavailable' }));
    const second = await sfn.waitForTaskToken({ executionArn });
    await client.send(new SendTaskSuccessCommand({ taskToken: second.taskToken, output: '{"type":"paid"}' }));
    const execution = await sfn.waitForExecution(executionArn);

    // Assert
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(callTaskEvents.map((event) => event.taskToken)).toEqual([first.taskToken, second.taskToken]);
    expect(execution.status).toBe('SUCCEEDED');
    const stale = await sdkError(
      client.send(new SendTaskSuccessCommand({ taskToken: first.taskToken, output: '{"type":"paid"}' })),
    );
    expect(stale.name).toBe('TaskTimedOut');
  });

  it('routes a SendTaskFailure to the Catch of the callback task', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'disputes',
      definition: {
        StartAt: 'OpenCallTask',
        States: {
          OpenCallTask: callTask({
            Catch: [{ ErrorEquals: ['CustomerDisputes'], ResultPath: '$.failure', Next: 'HoldForDispute' }],
            Next: 'Closed',
          }),
          HoldForDispute: { Type: 'Pass', Result: 'held', ResultPath: '$.hold', End: true },
          Closed: { Type: 'Succeed' },
        },
      },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-3' });
    const { taskToken } = await sfn.waitForTaskToken({ executionArn });

    // Act
    await client.send(
      new SendTaskFailureCommand({ taskToken, error: 'CustomerDisputes', cause: 'Goods not received' }),
    );
    const execution = await sfn.waitForExecution(executionArn);

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(parseObject(execution.output)).toEqual({
      invoiceId: 'RE-3',
      failure: { Error: 'CustomerDisputes', Cause: 'Goods not received' },
      hold: 'held',
    });
    expect(execution.history.find((event) => event.type === 'TaskFailed')).toMatchObject({
      stateName: 'OpenCallTask',
      error: 'CustomerDisputes',
    });
  });

  it('raises States.Timeout into a Catch when a callback times out, after which its token answers TaskTimedOut', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'timeouts',
      definition: {
        StartAt: 'OpenCallTask',
        States: {
          OpenCallTask: callTask({
            TimeoutSecondsPath: '$.timeoutSeconds',
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Failed' },
              { ErrorEquals: ['States.Timeout'], ResultPath: '$.failure', Next: 'Escalate' },
            ],
            Next: 'Failed',
          }),
          Escalate: { Type: 'Pass', Result: 'supervisor', ResultPath: '$.escalatedTo', End: true },
          Failed: { Type: 'Fail', Error: 'Unexpected' },
        },
      },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-4', timeoutSeconds: 1 });
    const { taskToken } = await sfn.waitForTaskToken({ executionArn });

    // Act
    const execution = await sfn.waitForExecution(executionArn);
    const late = await sdkError(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(parseObject(execution.output)).toMatchObject({
      failure: { Error: 'States.Timeout' },
      escalatedTo: 'supervisor',
    });
    expect(execution.history.some((event) => event.type === 'TaskTimedOut')).toBe(true);
    expect(late.name).toBe('TaskTimedOut');
    expect(sfn.openTaskTokens()).toEqual([]);
  });

  it('answers InvalidToken for a token it never issued and InvalidOutput for output that is not JSON', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'tokens',
      definition: { StartAt: 'OpenCallTask', States: { OpenCallTask: callTask({ End: true }) } },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-5' });
    const { taskToken } = await sfn.waitForTaskToken({ executionArn });

    // Act
    const unknown = await sdkError(
      client.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' })),
    );
    const notJson = await sdkError(client.send(new SendTaskSuccessCommand({ taskToken, output: 'paid' })));

    // Assert
    expect(unknown.name).toBe('InvalidToken');
    expect(notJson.name).toBe('InvalidOutput');
    expect(sfn.openTaskTokens().map((open) => open.taskToken)).toEqual([taskToken]);
  });

  it('starts one execution for two StartExecution calls with the same name and input', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'idempotent',
      definition: { StartAt: 'OpenCallTask', States: { OpenCallTask: callTask({ End: true }) } },
    });

    // Act
    const first = await start(stateMachineArn, { invoiceId: 'RE-6' }, 'inv-RE-6');
    const second = await start(stateMachineArn, { invoiceId: 'RE-6' }, 'inv-RE-6');
    const conflict = await sdkError(start(stateMachineArn, { invoiceId: 'RE-6', changed: true }, 'inv-RE-6'));
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn }));

    // Assert
    expect(second).toBe(first);
    expect(conflict.name).toBe('ExecutionAlreadyExists');
    expect(listed.executions?.map((execution) => execution.executionArn)).toEqual([first]);
  });

  it('describes an execution and returns its history in AWS form through the SDK', async () => {
    // Arrange
    sfn.registerLambda('check-open', async () => ({ open: false }));
    const stateMachineArn = sfn.registerStateMachine({
      name: 'history',
      definition: {
        StartAt: 'CheckOpen',
        States: {
          CheckOpen: { Type: 'Task', Resource: lambdaArn('check-open'), ResultPath: '$.case', Next: 'Close' },
          Close: { Type: 'Pass', End: true },
        },
      },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-7' });
    await sfn.waitForExecution(executionArn);

    // Act
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const missing = await sdkError(
      client.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:nope`,
        }),
      ),
    );

    // Assert
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn,
      status: 'SUCCEEDED',
      input: '{"invoiceId":"RE-7"}',
      output: '{"invoiceId":"RE-7","case":{"open":false}}',
    });
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(
      described.startDate?.getTime() ?? Number.NaN,
    );
    expect(history.events?.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events?.[1]?.stateEnteredEventDetails?.name).toBe('CheckOpen');
    expect(history.events?.[3]?.lambdaFunctionSucceededEventDetails?.output).toBe('{"open":false}');
    expect(sfn.transitionCount(executionArn)).toBe(2);
    expect(missing.name).toBe('ExecutionDoesNotExist');
  });

  it('catches a Lambda error by its error type and passes the Lambda error JSON as the cause', async () => {
    // Arrange
    class CaseClosedError extends Error {
      override name = 'CaseClosedError';
    }
    sfn.registerLambda('send-reminder', async () => {
      throw new CaseClosedError('case RE-8 is paid');
    });
    const stateMachineArn = sfn.registerStateMachine({
      name: 'lambda-errors',
      definition: {
        StartAt: 'SendReminder',
        States: {
          SendReminder: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'send-reminder', 'Payload.$': '$' },
            Catch: [{ ErrorEquals: ['CaseClosedError'], ResultPath: '$.error', Next: 'Close' }],
            End: true,
          },
          Close: { Type: 'Succeed' },
        },
      },
    });

    // Act
    const execution = await sfn.waitForExecution(await start(stateMachineArn, { invoiceId: 'RE-8' }));

    // Assert
    const error = parseObject(execution.output).error;
    expect(error).toMatchObject({ Error: 'CaseClosedError' });
    const cause = parseObject(
      typeof error === 'object' && error !== null && 'Cause' in error ? String(error.Cause) : '',
    );
    expect(cause).toMatchObject({ errorType: 'CaseClosedError', errorMessage: 'case RE-8 is paid' });
  });

  it('runs a child execution from a startExecution.sync:2 task and returns its output', async () => {
    // Arrange
    const childArn = sfn.registerStateMachine({
      name: 'installments',
      definition: {
        StartAt: 'Plan',
        States: { Plan: { Type: 'Pass', Parameters: { 'rates.$': '$.rates' }, End: true } },
      },
    });
    const parentArn = sfn.registerStateMachine({
      name: 'parent',
      definition: {
        StartAt: 'StartPlan',
        States: {
          StartPlan: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: childArn,
              Input: { 'rates.$': '$.rates' },
              'Name.$': "States.Format('{}-plan', $$.Execution.Name)",
            },
            ResultSelector: { 'status.$': '$.Status', 'output.$': '$.Output' },
            ResultPath: '$.plan',
            End: true,
          },
        },
      },
    });

    // Act
    const execution = await sfn.waitForExecution(await start(parentArn, { rates: 3 }, 'inv-RE-12'));

    // Assert
    expect(parseObject(execution.output)).toEqual({
      rates: 3,
      plan: { status: 'SUCCEEDED', output: { rates: 3 } },
    });
    expect(sfn.execution(`${childArn.replace('stateMachine', 'execution')}:inv-RE-12-plan`)?.status).toBe(
      'SUCCEEDED',
    );
  });

  it('publishes the entries of a putEvents task on the local bus', async () => {
    // Arrange
    const bus = new LocalEventBridge({ eventBusNames: ['dunning'] });
    const published = new LocalStepFunctions({ putEvents: (entries) => bus.putEvents(entries) });
    const stateMachineArn = published.registerStateMachine({
      name: 'publisher',
      definition: {
        StartAt: 'Publish',
        States: {
          Publish: {
            Type: 'Task',
            Resource: 'arn:aws:states:::events:putEvents',
            Parameters: {
              Entries: [
                {
                  EventBusName: 'dunning',
                  Source: 'dunning.workflow',
                  DetailType: 'Dunning Closed',
                  Detail: { 'invoiceId.$': '$.invoiceId' },
                },
              ],
            },
            ResultPath: null,
            End: true,
          },
        },
      },
    });

    // Act
    const { executionArn } = published.startExecution({ stateMachineArn, input: '{"invoiceId":"RE-13"}' });
    const execution = await published.waitForExecution(executionArn);
    await published.stop();

    // Assert
    expect(execution.status).toBe('SUCCEEDED');
    expect(
      bus.events().map(({ eventBusName, event }) => [eventBusName, event['detail-type'], event.detail]),
    ).toEqual([['dunning', 'Dunning Closed', { invoiceId: 'RE-13' }]]);
  });

  it('counts the states entered inside Map iterations as transitions', async () => {
    // Arrange
    sfn.registerLambda('double', async (event) => (typeof event === 'number' ? event * 2 : null));
    const stateMachineArn = sfn.registerStateMachine({
      name: 'mapped',
      definition: {
        StartAt: 'EachRate',
        States: {
          EachRate: {
            Type: 'Map',
            ItemsPath: '$.rates',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Double',
              States: { Double: { Type: 'Task', Resource: lambdaArn('double'), End: true } },
            },
            End: true,
          },
        },
      },
    });

    // Act
    const executionArn = await start(stateMachineArn, { rates: [1, 2, 3] });
    const execution = await sfn.waitForExecution(executionArn);

    // Assert
    expect(execution.output).toBe('[2,4,6]');
    expect(sfn.transitionCount(executionArn)).toBe(4);
  });

  it('fails an execution whose Wait lies beyond what a local timer can hold instead of skipping it', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'long-wait',
      definition: {
        StartAt: 'WaitForLevel',
        States: { WaitForLevel: { Type: 'Wait', TimestampPath: '$.at', End: true } },
      },
    });
    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();

    // Act
    const execution = await sfn.waitForExecution(await start(stateMachineArn, { at }));

    // Assert
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Local.WaitTooLong' });
  });

  it('refuses to register a machine with a task resource it cannot run, naming the state and resource', () => {
    // Arrange
    const definition = {
      StartAt: 'SaveCase',
      States: {
        SaveCase: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 'cases', Item: {} },
          End: true,
        },
      },
    };

    // Act
    const register = () => sfn.registerStateMachine({ name: 'unsupported', definition });

    // Assert
    expect(register).toThrow(/'SaveCase' uses the resource 'arn:aws:states:::dynamodb:putItem'/);
  });

  it('aborts an execution on StopExecution and retires the token of its open task', async () => {
    // Arrange
    const stateMachineArn = sfn.registerStateMachine({
      name: 'stoppable',
      definition: { StartAt: 'OpenCallTask', States: { OpenCallTask: callTask({ End: true }) } },
    });
    const executionArn = await start(stateMachineArn, { invoiceId: 'RE-9' });
    const { taskToken } = await sfn.waitForTaskToken({ executionArn });

    // Act
    await client.send(
      new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'invoice credited' }),
    );
    const execution = await sfn.waitForExecution(executionArn);
    const late = await sdkError(client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })));

    // Assert
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'invoice credited' });
    expect(execution.history.at(-1)?.type).toBe('ExecutionAborted');
    expect(late.name).toBe('TaskTimedOut');
  });
});

describe('the local EventBridge', () => {
  let bus: LocalEventBridge;
  let client: EventBridgeClient;
  const queues: LocalQueue[] = [];

  /** A queue whose consumer records every SQS event it gets. */
  const recordingQueue = (name: string) => {
    const received: SQSEvent[] = [];
    const queue = new LocalQueue({
      name,
      consumer: async (event) => {
        received.push(event);
      },
    });
    queues.push(queue);
    return { queue, received };
  };

  beforeEach(async () => {
    bus = new LocalEventBridge({ eventBusNames: ['dunning'] });
    client = new EventBridgeClient(clientConfig((await bus.listen()).endpoint));
  });

  afterEach(async () => {
    client.destroy();
    for (const queue of queues.splice(0)) queue.stop();
    await bus.close();
  });

  it('delivers an event put through the SDK to the queue of the matching rule only', async () => {
    // Arrange
    const issued = recordingQueue('invoice-issued');
    const payments = recordingQueue('case-events');
    const otherBus = recordingQueue('default-bus-invoices');
    bus.addRule({
      name: 'InvoiceIssued',
      eventBusName: 'dunning',
      eventPattern: { 'detail-type': ['Invoice Issued'] },
      target: issued.queue,
    });
    bus.addRule({
      name: 'CaseEvents',
      eventBusName: 'dunning',
      eventPattern: { 'detail-type': ['Payment Received', 'Invoice Cancelled'] },
      target: payments.queue,
    });
    bus.addRule({
      name: 'Elsewhere',
      eventPattern: { 'detail-type': ['Invoice Issued'] },
      target: otherBus.queue,
    });

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'dunning',
            Source: 'erp.invoicing',
            DetailType: 'Invoice Issued',
            Detail: JSON.stringify({ invoiceId: 'RE-10' }),
          },
        ],
      }),
    );
    await Promise.all(queues.map((queue) => queue.drain()));

    // Assert
    expect(response.FailedEntryCount).toBe(0);
    expect(issued.received).toHaveLength(1);
    const body = parseObject(issued.received[0]?.Records[0]?.body);
    expect(body).toMatchObject({
      version: '0',
      id: response.Entries?.[0]?.EventId,
      'detail-type': 'Invoice Issued',
      source: 'erp.invoicing',
      account: '000000000000',
      region: 'eu-central-1',
      resources: [],
      detail: { invoiceId: 'RE-10' },
    });
    expect(payments.received).toEqual([]);
    expect(otherBus.received).toEqual([]);
    expect(bus.events().map((event) => event.matchedRules)).toEqual([['InvoiceIssued']]);
  });

  it('fails single entries for an unknown bus or a malformed detail, like AWS', async () => {
    // Arrange
    const entry = { Source: 'erp.invoicing', DetailType: 'Invoice Issued', Detail: '{}' };

    // Act
    const response = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry, EventBusName: 'dunning' },
          { ...entry, EventBusName: 'missing' },
          { ...entry, EventBusName: 'dunning', Detail: '[1, 2]' },
        ],
      }),
    );

    // Assert
    expect(response.FailedEntryCount).toBe(2);
    expect(response.Entries?.map((result) => result.ErrorCode)).toEqual([
      undefined,
      'ResourceNotFoundException',
      'MalformedDetail',
    ]);
  });

  it('moves a message whose consumer failed it twice to the dead letters when maxReceiveCount is 2', async () => {
    // Arrange
    const receiveCounts: string[] = [];
    const queue = new LocalQueue({
      visibilityTimeoutMs: 20,
      maxReceiveCount: 2,
      consumer: async (event) => ({
        batchItemFailures: event.Records.map((record) => {
          receiveCounts.push(record.attributes.ApproximateReceiveCount);
          return { itemIdentifier: record.messageId };
        }),
      }),
    });
    queues.push(queue);

    // Act
    const messageId = queue.send('{"detail-type":"Payment Received"}');
    await queue.drain();

    // Assert
    expect(receiveCounts).toEqual(['1', '2']);
    expect(queue.deadLetters()).toMatchObject([
      { messageId, body: '{"detail-type":"Payment Received"}', receiveCount: 2 },
    ]);
  });

  it('redelivers only the records of a batch that the consumer reported as failed', async () => {
    // Arrange
    const deliveries: string[] = [];
    let failedOnce = false;
    const queue = new LocalQueue({
      visibilityTimeoutMs: 20,
      consumer: async (event) => {
        deliveries.push(...event.Records.map((record) => record.body));
        const flaky = event.Records.find((record) => record.body === 'flaky');
        if (!flaky || failedOnce) return undefined;
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: flaky.messageId }] };
      },
    });
    queues.push(queue);

    // Act
    queue.send('steady');
    queue.send('flaky');
    await queue.drain();

    // Assert
    expect(deliveries).toEqual(['steady', 'flaky', 'flaky']);
    expect(queue.deadLetters()).toEqual([]);
  });
});

describe('event pattern matching', () => {
  const event = {
    source: 'erp.invoicing',
    'detail-type': 'Payment Received',
    detail: { invoiceId: 'RE-11', amount: { cents: 5000 }, tags: ['b2b', 'priority'], channel: 'sepa' },
  };

  it.each<[string, EventPattern, boolean]>([
    ['an exact value in a list', { 'detail-type': ['Invoice Issued', 'Payment Received'] }, true],
    ['a value missing from the list', { 'detail-type': ['Invoice Issued'] }, false],
    ['a nested detail field', { detail: { amount: { cents: [5000] } } }, true],
    ['a prefix', { source: [{ prefix: 'erp.' }] }, true],
    ['a prefix that does not fit', { source: [{ prefix: 'crm.' }] }, false],
    ['anything-but a listed value', { detail: { channel: [{ 'anything-but': ['card'] }] } }, true],
    ['anything-but the actual value', { detail: { channel: [{ 'anything-but': 'sepa' }] } }, false],
    ['an existing field', { detail: { invoiceId: [{ exists: true }] } }, true],
    ['a field that must not exist but does', { detail: { invoiceId: [{ exists: false }] } }, false],
    ['a missing field that must not exist', { detail: { dunningBlock: [{ exists: false }] } }, true],
    ['a numeric range', { detail: { amount: { cents: [{ numeric: ['>', 0, '<=', 5000] }] } } }, true],
    ['an element of an array', { detail: { tags: ['priority'] } }, true],
    ['an $or of two patterns', { $or: [{ source: ['crm'] }, { detail: { channel: ['sepa'] } }] }, true],
    ['all fields, not just one', { source: ['erp.invoicing'], 'detail-type': ['Invoice Issued'] }, false],
  ])('matches %s: %j -> %s', (_, pattern, expected) => {
    // Arrange
    const subject = event;

    // Act
    const matches = matchesPattern(pattern, subject);

    // Assert
    expect(matches).toBe(expected);
  });

  it('rejects a malformed pattern with InvalidEventPatternException', () => {
    // Arrange
    const malformed: EventPattern = { source: 'erp.invoicing' };

    // Act
    const attempt = () => matchesPattern(malformed, event);

    // Assert
    expect(attempt).toThrow(expect.objectContaining({ name: 'InvalidEventPatternException' }));
  });
});
