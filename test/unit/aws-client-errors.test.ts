import { describe, expect, it } from 'vitest';
import { AwsClient } from '../../functions/adapters/aws/client.js';
import { credentialsFromEnvironment } from '../../functions/adapters/aws/credentials.js';
import { AwsServiceError, errorCode, jsonError, xmlError } from '../../functions/adapters/aws/errors.js';
import { backoffMs, RetryQuota, retryKindOf, withRetries } from '../../functions/adapters/aws/retry.js';

const awsError = (name: string, status: number) =>
  new AwsServiceError(name, name, { httpStatusCode: status });

describe('AWS error mapping', () => {
  it('names a JSON error by its code without the namespace, keeps the status and the body members', () => {
    // Arrange
    const body = JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { pk: { S: 'CASE#1' } },
    });

    // Act
    const error = jsonError(400, undefined, 'request-1', body);

    // Assert
    expect(error.name).toBe('ConditionalCheckFailedException');
    expect(error.message).toBe('The conditional request failed');
    expect(error.$metadata).toEqual({ httpStatusCode: 400, requestId: 'request-1' });
    expect(error.details).toEqual({ Item: { pk: { S: 'CASE#1' } } });
  });

  it('takes the code from x-amzn-ErrorType first, as REST-JSON services send it', () => {
    // Act
    const error = jsonError(
      429,
      'TooManyRequestsException:http://internal.amazon.com/',
      undefined,
      '{"message":"slow"}',
    );

    // Assert
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.message).toBe('slow');
  });

  it('names an S3 XML error by its Code, and one without a body by its status', () => {
    // Act
    const noSuchKey = xmlError(
      404,
      undefined,
      '<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>',
    );
    const headMiss = xmlError(404, undefined, '');
    const serverError = jsonError(503, undefined, undefined, '<html>bad gateway</html>');

    // Assert
    expect([noSuchKey.name, noSuchKey.message]).toEqual(['NoSuchKey', 'gone']);
    expect(headMiss.name).toBe('NotFound');
    expect(serverError.name).toBe('InternalFailure');
  });

  it('matches errors of one code with instanceof, as the SDK exception classes did', () => {
    // Arrange
    const ConditionalCheckFailed = errorCode('ConditionalCheckFailedException');

    // Act, Assert
    expect(awsError('ConditionalCheckFailedException', 400) instanceof ConditionalCheckFailed).toBe(true);
    expect(awsError('ValidationException', 400) instanceof ConditionalCheckFailed).toBe(false);
    expect(new Error('ConditionalCheckFailedException') instanceof ConditionalCheckFailed).toBe(false);
  });
});

describe('the retry policy', () => {
  it('retries throttling, 5xx, timeouts and network errors, and never a refusal', () => {
    // Arrange
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    // Act, Assert
    expect(retryKindOf(awsError('ThrottlingException', 400))).toBe('throttling');
    expect(retryKindOf(awsError('ProvisionedThroughputExceededException', 400))).toBe('throttling');
    expect(retryKindOf(awsError('Anything', 429))).toBe('throttling');
    expect(retryKindOf(awsError('InternalServerError', 500))).toBe('transient');
    expect(retryKindOf(awsError('ServiceUnavailable', 503))).toBe('transient');
    expect(retryKindOf(reset)).toBe('transient');
    expect(retryKindOf(Object.assign(new Error('slow'), { name: 'TimeoutError' }))).toBe('transient');
    expect(retryKindOf(awsError('ConditionalCheckFailedException', 400))).toBe('none');
    expect(retryKindOf(awsError('ValidationException', 400))).toBe('none');
    expect(retryKindOf(new Error('a bug'))).toBe('none');
  });

  it('waits a random share of an exponentially growing cap (full jitter), longer when throttled, at most 20 s', () => {
    // Arrange
    const top = () => 0.999_999;

    // Act
    const caps = [1, 2, 3].map((attempt) => backoffMs(attempt, 'transient', top));
    const throttled = backoffMs(1, 'throttling', top);
    const late = backoffMs(20, 'throttling', top);

    // Assert
    expect(caps).toEqual([99, 199, 399]);
    expect(throttled).toBe(499);
    expect(late).toBe(19_999);
    expect(backoffMs(3, 'transient', () => 0)).toBe(0);
  });

  it('makes at most three attempts, and one for an error it does not retry', async () => {
    // Arrange
    let throttledCalls = 0;
    let refusedCalls = 0;
    const noWait = () => Promise.resolve();

    // Act
    const throttled = withRetries(
      () => {
        throttledCalls++;
        return Promise.reject(awsError('ThrottlingException', 400));
      },
      { sleep: noWait },
    );
    await expect(throttled).rejects.toThrow('ThrottlingException');
    const refused = withRetries(
      () => {
        refusedCalls++;
        return Promise.reject(awsError('ConditionalCheckFailedException', 400));
      },
      { sleep: noWait },
    );
    await expect(refused).rejects.toThrow('ConditionalCheckFailedException');

    // Assert
    expect(await throttled.catch((error: unknown) => error)).toMatchObject({
      $retryable: { throttling: true },
    });
    expect(throttledCalls).toBe(3);
    expect(refusedCalls).toBe(1);
  });

  it('stops retrying once the retry quota is spent, and earns it back with requests that succeed', async () => {
    // Arrange: a client's quota of 500 tokens, 5 per retry, 10 per retry after a timeout
    const quota = new RetryQuota();
    const noWait = () => Promise.resolve();
    let calls = 0;
    const failing = (name: string) =>
      withRetries(
        () => {
          calls++;
          return Promise.reject(awsError(name, 503));
        },
        { sleep: noWait, quota },
      ).catch((error: unknown) => error);

    // Act: 50 outage calls with two retries each spend 500 tokens; the next call is tried once
    for (let call = 0; call < 50; call++) await failing('ServiceUnavailable');
    const callsDuringOutage = calls;
    calls = 0;
    const failFast = await failing('ServiceUnavailable');
    const callsOnceSpent = calls;
    for (let call = 0; call < 10; call++) await withRetries(() => Promise.resolve('ok'), { quota });
    calls = 0;
    await failing('TimeoutError');

    // Assert
    expect(callsDuringOutage).toBe(150);
    expect(callsOnceSpent).toBe(1);
    expect(failFast).toMatchObject({ $retryable: { throttling: false } });
    // Ten successes earn 10 tokens: one retry after a timeout, then the quota is spent again.
    expect(calls).toBe(2);
    expect(quota.available).toBe(0);
  });
});

describe('credentials and endpoints from the environment', () => {
  it('fails at first use, naming the variables, when the credentials are missing', () => {
    // Act, Assert
    expect(() => credentialsFromEnvironment({ AWS_REGION: 'eu-central-1' })).toThrow(
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
    );
  });

  it('takes the session token and its expiry along when Lambda sets them', () => {
    // Act
    const credentials = credentialsFromEnvironment({
      AWS_ACCESS_KEY_ID: 'ASIA-ROLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2026-12-07T10:00:00Z',
    });

    // Assert
    expect(credentials).toEqual({
      accessKeyId: 'ASIA-ROLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2026-12-07T10:00:00Z'),
    });
  });

  it('reaches the regional endpoint unless a service endpoint is configured', () => {
    // Arrange
    const spec = {
      endpointVariable: 'SFN',
      hostPrefix: 'states',
      signingName: 'states',
      errors: 'json' as const,
    };

    // Act
    const regional = new AwsClient(spec, { region: 'eu-central-1' }).endpoint().href;
    const local = new AwsClient(spec, {
      region: 'eu-central-1',
      endpoint: 'http://127.0.0.1:4566',
    }).endpoint().href;

    // Assert
    expect(regional).toBe('https://states.eu-central-1.amazonaws.com/');
    expect(local).toBe('http://127.0.0.1:4566/');
  });
});
