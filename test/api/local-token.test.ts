import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken, LOCAL_AUDIENCE, LOCAL_ISSUER, LocalApiGateway } from '../../local/api-gateway.js';

const key = 'a-local-key-for-the-token-issuer-tests-0001';
let gateway: LocalApiGateway;
let endpoint: string;

beforeAll(async () => {
  // The API behind the gateway only says whom it was called for: these tests are about the gateway.
  gateway = new LocalApiGateway(
    async (event) => ({
      statusCode: 200,
      body: JSON.stringify({ sub: event.requestContext.authorizer.jwt.claims.sub }),
    }),
    { key },
  );
  ({ endpoint } = await gateway.listen());
});
afterAll(() => gateway?.close());

const getTasks = (token: string) =>
  fetch(`${endpoint}/tasks`, { headers: { authorization: `Bearer ${token}` } });

const requestToken = (headers: Record<string, string>, body: string) =>
  fetch(`${endpoint}/local/token`, { method: 'POST', headers, body });

describe('the local token issuer', () => {
  it('accepts a token it issued, which expires', async () => {
    // Arrange
    const token = await issueLocalToken('caller', { key });

    // Act
    const response = await getTasks(token);

    // Assert
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'local-caller' });
  });

  it('refuses a correctly signed token without an expiry with 401', async () => {
    // Arrange
    const everlasting = await new SignJWT({ 'cognito:groups': ['supervisors'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('local-supervisor')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .sign(new TextEncoder().encode(key));

    // Act
    const response = await getTasks(everlasting);

    // Assert
    expect(response.status).toBe(401);
  });

  it('passes no request on to the API without a token, /openapi.json included (the page serves that one)', async () => {
    // Arrange
    const paths = ['/openapi.json', '/tasks'];

    // Act
    const responses = await Promise.all(paths.map((path) => fetch(`${endpoint}${path}`)));

    // Assert
    expect(responses.map((response) => response.status)).toEqual([401, 401]);
  });

  it('issues a token for a JSON request', async () => {
    // Arrange
    const body = JSON.stringify({ role: 'supervisor' });

    // Act
    const response = await requestToken({ 'content-type': 'application/json; charset=utf-8' }, body);

    // Assert
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect((await getTasks(token)).status).toBe(200);
  });

  it.each([
    ['a form post', 'application/x-www-form-urlencoded'],
    ['plain text', 'text/plain'],
    ['no content type', undefined],
  ])('answers %s with 415 and no token', async (_, contentType) => {
    // Arrange
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};

    // Act
    const response = await requestToken(headers, JSON.stringify({ role: 'supervisor' }));

    // Assert
    expect(response.status).toBe(415);
    expect(await response.text()).not.toContain('token"');
  });
});
