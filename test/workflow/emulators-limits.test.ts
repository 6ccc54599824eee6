import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../local/emulators/eventbridge.js';
import { LambdaConcurrency } from '../../local/emulators/lambda-concurrency.js';
import { delay } from '../../local/emulators/shared.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';
import { clientConfig, lambdaArn } from './emulators-support.js';

/** A function that takes `ms` and remembers how many of its invocations ran at once. */
function slowFunction(ms: number) {
  let running = 0;
  let mostAtOnce = 0;
  let calls = 0;
  return {
    handler: async () => {
      calls += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await delay(ms);
      running -= 1;
      return { done: true };
    },
    observed: () => ({ calls, mostAtOnce }),
  };
}

/** One Lambda task with the product's throttling Retry (IntervalSeconds 10, 20 attempts, full jitter). */
const throttledTaskMachine = (retry: boolean) => ({
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: lambdaArn('work'),
      ...(retry
        ? {
            Retry: [
              {
                ErrorEquals: ['Lambda.TooManyRequestsException'],
                IntervalSeconds: 10,
                MaxAttempts: 20,
                BackoffRate: 2,
                MaxDelaySeconds: 600,
                JitterStrategy: 'FULL',
              },
            ],
          }
        : {}),
      End: true,
    },
  },
});

describe('Lambda concurrency limits on the local stack', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function stepFunctionsWithCappedFunction(options: { retry: boolean }) {
    const sfn = new LocalStepFunctions({ retryDelayScale: 0.005 });
    cleanups.push(() => sfn.stop());
    const concurrency = new LambdaConcurrency({ perFunction: { work: 1 } });
    const work = slowFunction(100);
    sfn.registerLambda('work', () => concurrency.invokeOrRefuse('work', work.handler));
    const stateMachineArn = sfn.registerStateMachine({
      name: 'capped',
      definition: throttledTaskMachine(options.retry),
    });
    return { sfn, concurrency, work, stateMachineArn };
  }

  it('refuses a task over the cap with Lambda.TooManyRequestsException, which the Retry waits out', async () => {
    // Arrange
    const { sfn, concurrency, work, stateMachineArn } = await stepFunctionsWithCappedFunction({
      retry: true,
    });

    // Act
    const started = ['a', 'b', 'c'].map((name) => sfn.startExecution({ stateMachineArn, name, input: '{}' }));
    const finished = await Promise.all(
      started.map(({ executionArn }) => sfn.waitForExecution(executionArn, { timeoutMs: 15_000 })),
    );

    // Assert
    expect(finished.map((execution) => execution.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(work.observed()).toEqual({ calls: 3, mostAtOnce: 1 });
    const refusals = finished.flatMap((execution) =>
      execution.history.filter((event) => event.type === 'LambdaFunctionFailed'),
    );
    expect(refusals.length).toBe(concurrency.stats().refused);
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect(refusals[0]).toMatchObject({
      error: 'Lambda.TooManyRequestsException',
      cause: expect.stringContaining('Rate Exceeded.'),
    });
  });

  it('fails a task refused over the cap as Lambda.TooManyRequestsException when nothing retries it', async () => {
    // Arrange
    const { sfn, stateMachineArn } = await stepFunctionsWithCappedFunction({ retry: false });

    // Act
    const [first, second] = ['a', 'b'].map((name) =>
      sfn.startExecution({ stateMachineArn, name, input: '{}' }),
    );
    const results = await Promise.all(
      [first, second].map((started) => sfn.waitForExecution(started?.executionArn ?? '')),
    );

    // Assert
    const outcomes = results.map((execution) => [execution.status, execution.error]);
    expect(outcomes.sort()).toEqual([
      ['FAILED', 'Lambda.TooManyRequestsException'],
      ['SUCCEEDED', undefined],
    ]);
  });

  it('lets a queue wait for a free slot instead of failing its messages', async () => {
    // Arrange
    const concurrency = new LambdaConcurrency({ total: 1 });
    const consumer = slowFunction(20);
    const queue = new LocalQueue({
      batchSize: 1,
      maxConcurrency: 4,
      maxReceiveCount: 1,
      consumer: () => concurrency.invokeWhenFree('consumer', consumer.handler),
    });
    cleanups.push(() => queue.stop());

    // Act
    for (let message = 0; message < 8; message += 1) queue.send(`{"n":${message}}`);
    await queue.drain({ timeoutMs: 5_000 });

    // Assert
    expect(consumer.observed()).toEqual({ calls: 8, mostAtOnce: 1 });
    expect(queue.errorCount()).toBe(0);
    expect(queue.deadLetters()).toEqual([]);
    expect(concurrency.stats()).toMatchObject({ peak: 1, refused: 0 });
    expect(concurrency.stats().waited).toBeGreaterThan(0);
  });
});

describe('history retention of the local Step Functions', () => {
  it('drops the history of a finished execution after the retention and keeps its record', async () => {
    // Arrange
    const sfn = new LocalStepFunctions({ historyRetentionMs: 100 });
    const { endpoint } = await sfn.listen();
    const client = new SFNClient(clientConfig(endpoint));
    try {
      sfn.registerLambda('work', async () => ({ done: true }));
      const stateMachineArn = sfn.registerStateMachine({
        name: 'retained',
        definition: throttledTaskMachine(false),
      });
      const { executionArn } = sfn.startExecution({ stateMachineArn, name: 'once', input: '{"n":1}' });
      const finished = await sfn.waitForExecution(executionArn);

      // Act
      await delay(300);
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));

      // Assert
      expect(finished.history.map((event) => event.type)).toContain('ExecutionSucceeded');
      expect(described).toMatchObject({ status: 'SUCCEEDED', input: '{"n":1}', output: '{"done":true}' });
      expect(history.events).toEqual([]);
      expect(sfn.execution(executionArn)?.history).toEqual([]);
    } finally {
      client.destroy();
      await sfn.stop();
    }
  });
});
