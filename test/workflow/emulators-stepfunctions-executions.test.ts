import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalEventBridge } from '../../local/emulators/eventbridge.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';
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
  let start: LocalStepFunctionsUnderTest['start'];
  let stop: LocalStepFunctionsUnderTest['stop'];

  beforeEach(async () => {
    ({ sfn, client, start, stop } = await startLocalStepFunctions());
  });

  afterEach(async () => {
    await stop();
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
});
