import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { classifyTransientErrors } from '../../functions/handlers/runtime/middlewares.js';
import { lambdaContext } from '../../local/lambda-context.js';

/** The name a step's error reaches the state machine with, after the classifying middleware. */
async function nameSeenByStateMachine(error: Error): Promise<string> {
  const step = middy(async () => {
    throw error;
  }).use(classifyTransientErrors());
  try {
    await step({}, lambdaContext('send-reminder'));
  } catch (thrown) {
    return thrown instanceof Error ? thrown.name : String(thrown);
  }
  throw new Error('the step did not fail');
}

const named = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('errors of a step are named for the state machine retry budgets', () => {
  it.each([
    ['SES sending-rate throttling', 'Dunning.Throttled', named('ThrottlingException')],
    ['SES v2 too many requests', 'Dunning.Throttled', named('TooManyRequestsException')],
    ['DynamoDB capacity exceeded', 'Dunning.Throttled', named('ProvisionedThroughputExceededException')],
    ['an HTTP 429 of any service', 'Dunning.Throttled', named('SlowDown', 429)],
    ['a 5xx of any service', 'Dunning.Transient', named('InternalServerError', 503)],
    ['a concurrent writer of the case', 'Dunning.Transient', named('CaseVersionConflictError')],
    ['a bug or a broken contract', 'TypeError', named('TypeError')],
  ])('%s becomes %s', async (_what, expected, error) => {
    // Arrange, Act
    const name = await nameSeenByStateMachine(error);

    // Assert
    expect(name).toBe(expected);
  });
});
