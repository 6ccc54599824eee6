import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClient } from '../../functions/adapters/aws/client.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { sdkError } from './emulators-support.js';

/** A stand-in AWS endpoint that answers each request as `answer` says, counting the requests. */
let close = () => Promise.resolve();

async function endpoint(
  answer: (attempt: number, request: IncomingMessage, response: ServerResponse) => void,
) {
  let attempts = 0;
  const headers: IncomingMessage['headers'][] = [];
  const server = createServer((request, response) => {
    attempts++;
    headers.push(request.headers);
    request.resume();
    request.on('end', () => answer(attempts, request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, attempts: () => attempts, headers };
}

const clientFor = (url: string, timeoutMs = 10_000) =>
  new AwsClient(
    { endpointVariable: 'TEST', hostPrefix: 'test', signingName: 'test', errors: 'json' },
    {
      endpoint: url,
      region: localRegion,
      credentials: { ...localCredentials, sessionToken: 'session' },
      timeoutMs,
    },
  );

const json = (response: ServerResponse, status: number, body: unknown, type?: string) => {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  response.end(JSON.stringify(body));
};

afterEach(() => close());

describe('the small AWS client over HTTP', () => {
  it('retries a 503 and succeeds on the third attempt, signing each attempt with the session token', async () => {
    // Arrange
    const server = await endpoint((attempt, _request, response) =>
      attempt < 3
        ? json(response, 503, { message: 'busy' }, 'ServiceUnavailable')
        : json(response, 200, { ok: true }),
    );

    // Act
    const response = await clientFor(server.url).send({ method: 'POST', path: '/', body: '{}' });

    // Assert
    expect(response.statusCode).toBe(200);
    expect(server.attempts()).toBe(3);
    expect(server.headers.every((headers) => headers['x-amz-security-token'] === 'session')).toBe(true);
    expect(server.headers[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-central-1\/test\/aws4_request/,
    );
  });

  it('gives up after three throttled attempts, the error named by its code and marked retryable', async () => {
    // Arrange
    const server = await endpoint((_attempt, _request, response) =>
      json(response, 400, { __type: 'com.amazonaws.test#ThrottlingException', message: 'Rate exceeded' }),
    );

    // Act
    const error = await sdkError(clientFor(server.url).send({ method: 'POST', path: '/', body: '{}' }));

    // Assert
    expect(server.attempts()).toBe(3);
    expect(error.name).toBe('ThrottlingException');
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } });
  });

  it('sends a refusal once: a ConditionalCheckFailedException is never retried', async () => {
    // Arrange
    const server = await endpoint((_attempt, _request, response) =>
      json(response, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException' }),
    );

    // Act
    const error = await sdkError(clientFor(server.url).send({ method: 'POST', path: '/', body: '{}' }));

    // Assert
    expect(server.attempts()).toBe(1);
    expect(error.name).toBe('ConditionalCheckFailedException');
  });

  it('fails an attempt whose answer does not come within the timeout, and retries it', async () => {
    // Arrange: the first attempt is never answered
    const server = await endpoint((attempt, _request, response) => {
      if (attempt > 1) json(response, 200, {});
    });

    // Act
    const response = await clientFor(server.url, 200).send({ method: 'POST', path: '/', body: '{}' });

    // Assert
    expect(response.statusCode).toBe(200);
    expect(server.attempts()).toBe(2);
  });
});
