import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';
import {
  callTask,
  type LocalStepFunctionsUnderTest,
  lambdaArn,
  parseObject,
  sdkError,
  startLocalStepFunctions,
} from './emulators-support.js';

describe('the local Step Functions', () => {
  let sfn: LocalStepFunctions;
  let client: SFNClient;
  let callTaskEvents: Record<string, unknown>[];
  let start: LocalStepFunctionsUnderTest['start'];
  let stop: LocalStepFunctionsUnderTest['stop'];

  beforeEach(async () => {
    ({ sfn, client, callTaskEvents, start, stop } = await startLocalStepFunctions());
  });

  afterEach(async () => {
    await stop();
  });

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
